{{ config(tags=['engine']) }}

with

dimension_scores as (

    select * from {{ ref('int_dimension_scores_computed') }}

),

framework as (

    select * from {{ ref('int_framework_indicators_selected') }}

),

expected_dimensions as (

    select count(distinct dimension) as n_dimensions_expected
    from framework

),

aggregated as (

    select
        area_code,
        period,
        -- rounded: a float mean depends on row order in its last bits (see int_component_scores_computed)
        round(avg(score), 10) as mean_dimension_score,
        count(score) as n_dimensions_scored
    from dimension_scores
    group by
        area_code,
        period

),

final as (

    select
        aggregated.area_code,
        aggregated.period,
        case
            when aggregated.n_dimensions_scored = expected_dimensions.n_dimensions_expected
                then aggregated.mean_dimension_score
        end as score,
        aggregated.n_dimensions_scored,
        expected_dimensions.n_dimensions_expected
    from aggregated
    cross join expected_dimensions

)

select * from final
