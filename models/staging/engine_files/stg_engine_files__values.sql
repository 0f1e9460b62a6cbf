{#- Built only when the engine scores files (var engine_input = 'files'): the ward build never reads them. -#}
{{ config(enabled=var('engine_input', 'wards') == 'files', tags=['engine']) }}

with

source as (

    select * from {{ source('engine_files', 'values') }}

),

renamed as (

    select
        trim(area_code) as area_code,
        trim(area_name) as area_name,
        cast(trim(period) as integer) as period,
        trim(indicator_id) as indicator_id,
        -- an empty field is a missing value, as an omitted row is
        cast(nullif(trim(value), '') as double) as value
    from source

)

select * from renamed
