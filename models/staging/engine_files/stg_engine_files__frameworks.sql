{#- Built only when the engine scores files (var engine_input = 'files'): the ward build never reads them. -#}
{{ config(enabled=var('engine_input', 'wards') == 'files', tags=['engine']) }}

with

source as (

    select * from {{ source('engine_files', 'frameworks') }}

),

renamed as (

    select
        trim(indicator_id) as indicator_id,
        trim(indicator_name) as indicator_name,
        trim(dimension) as dimension,
        trim(component) as component,
        trim(unit) as unit,
        cast(lower(trim(higher_is_better)) as boolean) as higher_is_better,
        cast(best as double) as best,
        cast(worst as double) as worst,
        cast(weight as double) as weight,
        lower(trim(transform)) as transform
    from source

)

select * from renamed
