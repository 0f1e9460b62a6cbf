{#-
  The one framework the scoring engine reads: the ward framework seed by default (var engine_input = 'wards'),
  or a framework file given to `spi score` (engine_input = 'files'). Everything downstream is the same models.
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
        weight,
        transform
    from framework

)

select * from final
