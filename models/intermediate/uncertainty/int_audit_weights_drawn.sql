{#- The indicator weights of every audit run, within each component. framework: the release's weights (PCA
    or the equal fallback, framework_weight_diagnostics); equal: 1 / n; perturbed: each framework weight times
    a factor uniform in [1 - p, 1 + p] (p = var monte_carlo_perturbation) from a hash of (seed, weights sample,
    indicator). The run's excluded indicator weighs 0; each component is then renormalised to sum 1. -#}
with

framework as (

    select * from {{ ref('int_framework_indicators_selected') }}

),

runs as (

    select * from {{ ref('int_audit_runs_designed') }}

),

drawn as (

    select
        runs.run_id,
        framework.dimension,
        framework.component,
        framework.indicator_id,
        framework.weight as published_weight,
        case
            when runs.weighting = 'perturbed'
                then 1.0 + {{ var('monte_carlo_perturbation') }} * (2.0 * {{ hash_uniform(
                    var('monte_carlo_seed'),
                    'runs.weights_sample_id',
                    dbt.concat(["'weight:'", 'framework.indicator_id'])
                ) }} - 1.0)
            else 1.0
        end as perturbation_factor,
        case
            when framework.indicator_id = runs.excluded_indicator_id then 0.0
            when runs.weighting = 'equal' then 1.0
            else framework.weight
        end as base_weight
    from runs
    cross join framework

),

final as (

    select
        run_id,
        dimension,
        component,
        indicator_id,
        published_weight,
        perturbation_factor,
        base_weight * perturbation_factor
        / sum(base_weight * perturbation_factor) over (partition by run_id, dimension, component) as weight
    from drawn

)

select * from final
