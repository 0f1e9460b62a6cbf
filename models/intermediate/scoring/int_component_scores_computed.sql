{{ config(tags=['engine']) }}

with

indicator_scores as (

    select * from {{ ref('int_indicator_scores_imputed') }}

),

framework as (

    select * from {{ ref('int_framework_indicators_selected') }}

),

expected_indicators as (

    select
        dimension,
        component,
        count(*) as n_indicators_expected
    from framework
    group by
        dimension,
        component

),

aggregated as (

    select
        area_code,
        period,
        dimension,
        component,
        -- rounded like the indicator scores: a float sum depends on row order in its last bits, and the
        -- same inputs in any order must give the same score and byte-identical exports
        round(sum(weight * score), 10) as weighted_score,
        count(score) as n_indicators_scored
    from indicator_scores
    group by
        area_code,
        period,
        dimension,
        component

),

final as (

    -- A component is scored only where every one of its indicators is: a weighted sum over fewer
    -- indicators would not be on the same 0-100 scale.
    select
        aggregated.area_code,
        aggregated.period,
        aggregated.dimension,
        aggregated.component,
        case
            when aggregated.n_indicators_scored = expected_indicators.n_indicators_expected
                then aggregated.weighted_score
        end as score,
        aggregated.n_indicators_scored,
        expected_indicators.n_indicators_expected
    from aggregated
    inner join expected_indicators
        on
            aggregated.dimension = expected_indicators.dimension
            and aggregated.component = expected_indicators.component

)

select * from final
