{{ config(tags=['engine']) }}

with

component_scores as (

    select * from {{ ref('int_component_scores_computed') }}

),

framework as (

    select * from {{ ref('int_framework_indicators_selected') }}

),

expected_components as (

    select
        dimension,
        count(distinct component) as n_components_expected
    from framework
    group by dimension

),

aggregated as (

    select
        area_code,
        period,
        dimension,
        -- rounded: a float mean depends on row order in its last bits (see int_component_scores_computed)
        round(avg(score), 10) as mean_component_score,
        count(score) as n_components_scored
    from component_scores
    group by
        area_code,
        period,
        dimension

),

final as (

    select
        aggregated.area_code,
        aggregated.period,
        aggregated.dimension,
        case
            when aggregated.n_components_scored = expected_components.n_components_expected
                then aggregated.mean_component_score
        end as score,
        aggregated.n_components_scored,
        expected_components.n_components_expected
    from aggregated
    inner join expected_components
        on aggregated.dimension = expected_components.dimension

)

select * from final
