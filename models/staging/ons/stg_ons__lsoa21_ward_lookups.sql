with

source as (

    select * from {{ source('ons', 'lsoa21_ward_lad_lookup') }}

),

renamed as (

    select
        cast(lsoa21_code as {{ dbt.type_string() }}) as lsoa21_code,
        cast(lsoa21_name as {{ dbt.type_string() }}) as lsoa21_name,
        cast(ward24_code as {{ dbt.type_string() }}) as ward_code,
        cast(ward24_name as {{ dbt.type_string() }}) as ward_name,
        cast(ltla24_code as {{ dbt.type_string() }}) as lad_code,
        cast(ltla24_name as {{ dbt.type_string() }}) as lad_name,
        cast(region24_code as {{ dbt.type_string() }}) as region_code,
        cast(region24_name as {{ dbt.type_string() }}) as region_name,
        cast(sicbl24_code as {{ dbt.type_string() }}) as sub_icb_code,
        cast(sicbl24_code_nhs as {{ dbt.type_string() }}) as sub_icb_ods_code,
        cast(sicbl24_name as {{ dbt.type_string() }}) as sub_icb_name,
        cast(icb24_code as {{ dbt.type_string() }}) as icb_code,
        cast(icb24_name as {{ dbt.type_string() }}) as icb_name,
        cast(country as {{ dbt.type_string() }}) as country_code
    from source

)

select * from renamed
