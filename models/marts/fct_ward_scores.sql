-- Every ward score (SPI, dimension, component) in one long table with the ward's population and areas, so
-- local-authority and ICB figures can be population-weighted (an unweighted mean of ward scores would give a
-- ward of 2,000 people the same say as one of 15,000). The semantic layer's metrics read this table.
with

spi as (

    select * from {{ ref('fct_ward_spi') }}

),

dimension_scores as (

    select * from {{ ref('fct_ward_dimension_scores') }}

),

component_scores as (

    select * from {{ ref('fct_ward_component_scores') }}

),

wards as (

    select * from {{ ref('dim_wards') }}

),

-- a dimension has synthetic inputs when any of its components has
dimension_synthetic_inputs as (

    select
        ward_code,
        period,
        dimension,
        bool_or(has_synthetic_inputs) as has_synthetic_inputs
    from component_scores
    group by ward_code, period, dimension

),

spi_rows as (

    select
        ward_code,
        period,
        'spi' as score_level,
        'Social Progress Index' as score_name,
        cast(null as {{ dbt.type_string() }}) as dimension,
        spi_score as score,
        has_synthetic_inputs
    from spi

),

dimension_rows as (

    select
        dimension_scores.ward_code,
        dimension_scores.period,
        'dimension' as score_level,
        dimension_scores.dimension as score_name,
        dimension_scores.dimension,
        dimension_scores.score,
        coalesce(dimension_synthetic_inputs.has_synthetic_inputs, false) as has_synthetic_inputs
    from dimension_scores
    left join dimension_synthetic_inputs
        on
            dimension_scores.ward_code = dimension_synthetic_inputs.ward_code
            and dimension_scores.period = dimension_synthetic_inputs.period
            and dimension_scores.dimension = dimension_synthetic_inputs.dimension

),

component_rows as (

    select
        ward_code,
        period,
        'component' as score_level,
        component as score_name,
        dimension,
        score,
        has_synthetic_inputs
    from component_scores

),

scores as (

    select * from spi_rows
    union all
    select * from dimension_rows
    union all
    select * from component_rows

),

final as (

    select
        scores.ward_code,
        wards.ward_name,
        wards.lad_code,
        wards.lad_name,
        wards.icb_code,
        wards.icb_name,
        scores.period,
        -- MetricFlow needs a date to aggregate over time: the index period as its first day
        cast(cast(scores.period as {{ dbt.type_string() }}) || '-01-01' as date) as period_start_date,
        scores.score_level,
        scores.score_name,
        scores.dimension,
        scores.score,
        cast(wards.usual_residents as bigint) as usual_residents,
        scores.has_synthetic_inputs
    from scores
    inner join wards
        on scores.ward_code = wards.ward_code

)

select * from final
