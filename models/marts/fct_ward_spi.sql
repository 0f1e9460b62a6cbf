with

spi_scores as (

    select * from {{ ref('int_spi_scores_computed') }}
    -- the headline is the index period (README "Change over time")
    where period = {{ var('index_period') }}

),

dimension_scores as (

    select * from {{ ref('int_dimension_scores_computed') }}

),

component_scores as (

    select * from {{ ref('fct_ward_component_scores') }}

),

wards as (

    select * from {{ ref('dim_wards') }}

),

national_positions as (

    select * from {{ ref('int_ward_national_positions_computed') }}
    where score_level = 'spi'

),

dimensions_pivoted as (

    select
        area_code,
        period,
        max(case when dimension = 'Basic Human Needs' then score end) as basic_human_needs_score,
        max(case when dimension = 'Foundations of Wellbeing' then score end) as foundations_of_wellbeing_score,
        max(case when dimension = 'Opportunity' then score end) as opportunity_score
    from dimension_scores
    group by
        area_code,
        period

),

component_flags as (

    select
        ward_code,
        period,
        sum(n_indicators_imputed) as n_indicators_imputed,
        bool_or(has_synthetic_inputs) as has_synthetic_inputs
    from component_scores
    group by
        ward_code,
        period

),

joined as (

    select
        spi_scores.area_code as ward_code,
        wards.ward_name,
        wards.lad_code,
        wards.lad_name,
        spi_scores.period,
        spi_scores.score as spi_score,
        dimensions_pivoted.basic_human_needs_score,
        dimensions_pivoted.foundations_of_wellbeing_score,
        dimensions_pivoted.opportunity_score,
        spi_scores.score is not null as is_complete,
        component_flags.n_indicators_imputed,
        component_flags.has_synthetic_inputs,
        national_positions.national_rank,
        national_positions.national_percentile
    from spi_scores
    inner join wards
        on spi_scores.area_code = wards.ward_code
    inner join dimensions_pivoted
        on
            spi_scores.area_code = dimensions_pivoted.area_code
            and spi_scores.period = dimensions_pivoted.period
    inner join component_flags
        on
            spi_scores.area_code = component_flags.ward_code
            and spi_scores.period = component_flags.period
    left join national_positions
        on
            spi_scores.area_code = national_positions.ward_code
            and spi_scores.period = national_positions.period

),

final as (

    select
        ward_code,
        ward_name,
        lad_code,
        lad_name,
        period,
        spi_score,
        basic_human_needs_score,
        foundations_of_wellbeing_score,
        opportunity_score,
        cast({{ score_rank('spi_score', ['period']) }} as integer) as rank_in_region,
        cast({{ score_rank('spi_score', ['period', 'lad_code']) }} as integer) as rank_in_lad,
        -- 1 = the fifth of wards with the lowest social progress, 5 = the highest
        cast(
            case
                when spi_score is not null
                    -- wards without an SPI get their own partition so they do not push the others' quintiles
                    then ntile(5) over (partition by period, spi_score is null order by spi_score asc)
            end
            as integer
        ) as quintile_in_region,
        is_complete,
        cast(n_indicators_imputed as integer) as n_indicators_imputed,
        has_synthetic_inputs,
        '{{ var("framework_version") }}' as framework_version,
        -- which cut of the framework was scored: the region's indicators (dim_indicators.is_scored_in_region)
        '{{ framework_variant() }}' as framework_variant,
        '{{ var("wards") }}' as ward_vintage,
        cast(national_rank as integer) as national_rank,
        national_percentile
    from joined

)

select * from final
