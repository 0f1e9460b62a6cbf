{#- Built only when the engine scores files (var engine_input = 'files'). -#}
{{ config(enabled=var('engine_input', 'wards') == 'files', tags=['engine']) }}

with

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

select * from final
