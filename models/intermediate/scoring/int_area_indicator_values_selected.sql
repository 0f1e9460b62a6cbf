{#-
  The values the engine scores, one row per area, period and framework indicator (null where missing):
  the ward indicator values by default (var engine_input = 'wards'), or a values file given to `spi score`
  (engine_input = 'files').
-#}
{{ config(tags=['engine']) }}

with

{% if var('engine_input', 'wards') == 'files' -%}

file_values as (

    select * from {{ ref('stg_engine_files__values') }}

),

framework as (

    select * from {{ ref('int_framework_indicators_selected') }}

),

-- A values file may omit missing values; the grid gives every area and period a row per indicator so
-- that imputation and the completeness rules see what is missing.
area_periods as (

    select distinct
        area_code,
        period
    from file_values

),

grid as (

    select
        area_periods.area_code,
        area_periods.period,
        framework.indicator_id
    from area_periods
    cross join framework

),

final as (

    select
        grid.area_code,
        grid.period,
        grid.indicator_id,
        file_values.value
    from grid
    left join file_values
        on
            grid.area_code = file_values.area_code
            and grid.period = file_values.period
            and grid.indicator_id = file_values.indicator_id

)

{%- else -%}

ward_values as (

    select * from {{ ref('int_ward_indicator_values_aggregated') }}

),

final as (

    select
        ward_code as area_code,
        cast(period as integer) as period,
        indicator_id,
        value
    from ward_values

)

{%- endif %}

select * from final
