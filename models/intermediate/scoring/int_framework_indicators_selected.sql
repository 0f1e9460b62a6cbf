{#-
  The one framework the scoring engine reads: the ward framework seed by default (var engine_input = 'wards'),
  or a framework file given to `spi score` (engine_input = 'files'). Everything downstream is the same models.
  The ward framework is cut to the indicators whose source covers the build's region (seed column `regions`);
  weights are renormalised within each component so a component scored from fewer indicators nationally
  still sums its weights to 1 (stays on 0-100); a component with no indicator in the region has no rows, so
  the engine drops it and its dimension averages the components that remain (framework_variant in the marts
  says which cut was used). A framework file is scored whole.
-#}
{{ config(tags=['engine']) }}

with

framework as (

    {% if var('engine_input', 'wards') == 'files' -%}
        select * from {{ ref('stg_engine_files__frameworks') }}
    {%- else -%}
        select * from {{ ref('ward_framework') }}
    {%- endif %}

),

in_region as (

    select * from framework
    {% if var('engine_input', 'wards') != 'files' -%}
        where {{ framework_region_filter() }}
    {%- endif %}

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
