{#- The weights of each Monte Carlo draw: every framework weight multiplied by a factor drawn uniformly from
    [1 - p, 1 + p] (p = var monte_carlo_perturbation, 0.5), then renormalised to sum 1 within its component.
    Draw 0 is the reference: factor 1, the published weights. -#}
with

framework as (

    select * from {{ ref('int_framework_indicators_selected') }}

),

draws as (

    select * from {{ draw_series(0, var('monte_carlo_draws')) }}

),

perturbed as (

    select
        draws.draw_id,
        framework.dimension,
        framework.component,
        framework.indicator_id,
        framework.weight as published_weight,
        case
            when draws.draw_id = 0 then 1.0
            else 1.0 + {{ var('monte_carlo_perturbation') }} * (
                2.0 * {{ hash_uniform(var('monte_carlo_seed'), 'draws.draw_id', 'framework.indicator_id') }} - 1.0
            )
        end as perturbation_factor
    from draws
    cross join framework

),

final as (

    select
        draw_id,
        dimension,
        component,
        indicator_id,
        published_weight,
        perturbation_factor,
        published_weight * perturbation_factor
        / sum(published_weight * perturbation_factor) over (partition by draw_id, dimension, component) as weight
    from perturbed

)

select * from final
