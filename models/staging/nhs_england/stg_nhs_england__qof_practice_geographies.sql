with

source as (

    select * from {{ source('nhs_england', 'qof_practice_geographies_2223') }}

),

renamed as (

    select
        cast(practice_code as {{ dbt.type_string() }}) as practice_code,
        cast(practice_name as {{ dbt.type_string() }}) as practice_name,
        cast(pcn_ods_code as {{ dbt.type_string() }}) as pcn_code,
        cast(pcn_name as {{ dbt.type_string() }}) as pcn_name,
        cast(sub_icb_ods_code as {{ dbt.type_string() }}) as sub_icb_ods_code,
        cast(sub_icb_ons_code as {{ dbt.type_string() }}) as sub_icb_code,
        cast(sub_icb_name as {{ dbt.type_string() }}) as sub_icb_name,
        cast(icb_ods_code as {{ dbt.type_string() }}) as icb_ods_code,
        cast(icb_ons_code as {{ dbt.type_string() }}) as icb_code,
        cast(icb_name as {{ dbt.type_string() }}) as icb_name,
        cast(region_ods_code as {{ dbt.type_string() }}) as nhs_region_ods_code,
        cast(region_ons_code as {{ dbt.type_string() }}) as nhs_region_code,
        cast(region_name as {{ dbt.type_string() }}) as nhs_region_name,
        cast(nat_ons_code as {{ dbt.type_string() }}) as country_code,
        cast(nat_country as {{ dbt.type_string() }}) as country_name
    from source

)

select * from renamed
