{#-
  The scoring engine reads one framework: the ward framework seed by default, cut to the indicators whose
  source covers the build's region (seed column `regions`). Weights are renormalised within each component
  so a component scored from fewer indicators nationally still sums its weights to 1 (stays on 0-100);
  a component with no indicator in the region has no rows, so the engine drops it and its dimension
  averages the components that remain (framework_variant in the marts says which cut was used).
-#}
with

framework as (

    select * from {{ ref('ward_framework') }}

),

in_region as (

    select * from framework
    where {{ framework_region_filter() }}

),

final as (

    select
        indicator_id,
        indicator_name,
        dimension,
        component,
        unit,
        higher_is_better,
        best,
        worst,
        weight / sum(weight) over (partition by dimension, component) as weight,
        transform
    from in_region

)

select * from final
