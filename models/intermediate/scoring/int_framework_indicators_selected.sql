{#-
  The one framework the scoring engine reads: the ward framework seed by default (var engine_input = 'wards'),
  or a framework file given to `spi score` (engine_input = 'files'). Everything downstream is the same models.
  The ward framework is cut to the indicators whose source covers the build's region (seed column `regions`);
  weights are renormalised within each component so a component scored from fewer indicators nationally
  still sums its weights to 1 (stays on 0-100); a component with no indicator in the region has no rows, so
  the engine drops it and its dimension averages the components that remain (framework_variant in the marts
  says which cut was used). Synthetic indicators are left out unless var include_synthetic_health asks for them
  (int_framework_indicators_indexed decides membership and the renormalised weights). A framework file is
  scored whole.
-#}
{{ config(tags=['engine']) }}

with

framework as (

    {% if var('engine_input', 'wards') == 'files' -%}
        select
            *,
            weight / sum(weight) over (partition by dimension, component) as weight_in_index
        from {{ ref('stg_engine_files__frameworks') }}
    {%- else -%}
        select * from {{ ref('int_framework_indicators_indexed') }}
        where is_in_index
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
        weight_in_index as weight,
        transform
    from framework

)

select * from final
