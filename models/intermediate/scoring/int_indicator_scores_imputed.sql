{{ config(tags=['engine']) }}

with

indicator_scores as (

    select * from {{ ref('int_indicator_scores_computed') }}

),

component_counts as (

    select
        area_code,
        period,
        component,
        count(*) as n_indicators,
        count(score) as n_indicators_scored,
        sum(score) as sum_of_scores
    from indicator_scores
    group by
        area_code,
        period,
        component

),

-- For each indicator, the mean score of the other indicators of its component in the same area.
with_context as (

    select
        indicator_scores.*,
        component_counts.n_indicators - component_counts.n_indicators_scored as n_missing_in_component,
        (component_counts.sum_of_scores - coalesce(indicator_scores.score, 0))
        / nullif(
            component_counts.n_indicators_scored - case when indicator_scores.score is null then 0 else 1 end,
            0
        ) as mean_of_other_scores
    from indicator_scores
    inner join component_counts
        on
            indicator_scores.area_code = component_counts.area_code
            and indicator_scores.period = component_counts.period
            and indicator_scores.component = component_counts.component

),

-- The SPI's rule: a single missing indicator is predicted by ordinary least squares from the other
-- indicators of its component, fitted on the areas of the same period that have the whole component.
regression_fits as (

    select
        period,
        indicator_id,
        regr_slope(score, mean_of_other_scores) as slope,
        regr_intercept(score, mean_of_other_scores) as intercept,
        count(*) as n_fitted_areas
    from with_context
    where n_missing_in_component = 0
    group by
        period,
        indicator_id

),

final as (

    select
        with_context.area_code,
        with_context.period,
        with_context.dimension,
        with_context.component,
        with_context.indicator_id,
        with_context.weight,
        with_context.value,
        with_context.bound_status,
        coalesce(
            with_context.score,
            case
                when with_context.n_missing_in_component = 1 and regression_fits.n_fitted_areas >= 3
                    then round(
                        least(
                            100.0,
                            greatest(
                                0.0,
                                regression_fits.intercept + regression_fits.slope * with_context.mean_of_other_scores
                            )
                        ),
                        10
                    )
            end
        ) as score,
        with_context.score is null
        and with_context.n_missing_in_component = 1
        and coalesce(regression_fits.n_fitted_areas, 0) >= 3
        and regression_fits.slope is not null as is_imputed
    from with_context
    left join regression_fits
        on
            with_context.period = regression_fits.period
            and with_context.indicator_id = regression_fits.indicator_id

)

select * from final
