with

indicator_scores as (

    select * from {{ ref('int_indicator_scores_imputed') }}
    -- the headline is the index period (README "Change over time")
    where period = {{ var('index_period') }}

),

ward_values as (

    select * from {{ ref('int_ward_indicator_values_aggregated') }}

),

indicators as (

    select * from {{ ref('dim_indicators') }}

),

final as (

    select
        indicator_scores.area_code as ward_code,
        indicator_scores.period,
        indicator_scores.indicator_id,
        indicator_scores.dimension,
        indicator_scores.component,
        indicator_scores.value,
        ward_values.numerator,
        ward_values.denominator,
        indicator_scores.score,
        indicator_scores.is_imputed,
        indicator_scores.bound_status,
        ward_values.population_coverage,
        ward_values.population_coverage < 1 as is_partial_coverage,
        ward_values.is_carried_over,
        indicators.is_synthetic,
        indicators.data_status
    from indicator_scores
    inner join indicators
        on indicator_scores.indicator_id = indicators.indicator_id
    left join ward_values
        on
            indicator_scores.area_code = ward_values.ward_code
            and indicator_scores.period = ward_values.period
            and indicator_scores.indicator_id = ward_values.indicator_id

)

select * from final
