{#-
  The values the engine scores, one row per area, period and framework indicator (null where missing):
  the ward indicator values by default (var engine_input = 'wards'), or the values file given to
  `spi score` (engine_input = 'files'). Everything downstream is the same models.
-#}
{{ config(tags=['engine']) }}

with

area_values as (

    {% if var('engine_input', 'wards') == 'files' -%}
        select
            area_code,
            period,
            indicator_id,
            value
        from {{ ref('int_engine_file_values_completed') }}
    {%- else -%}
        select
            ward_code as area_code,
            period,
            indicator_id,
            value
        from {{ ref('int_ward_indicator_values_aggregated') }}
    {%- endif %}

),

final as (

    select
        area_code,
        cast(period as integer) as period,
        indicator_id,
        value
    from area_values

)

select * from final
