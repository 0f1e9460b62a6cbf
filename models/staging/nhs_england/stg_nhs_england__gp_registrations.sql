with

source as (

    select * from {{ source('nhs_england', 'gp_registrations_by_lsoa') }}

),

-- the published shape: one row per practice and area code, including NHS England's non-LSOA codes
renamed as (

    select
        cast(practice_code as {{ dbt.type_string() }}) as practice_code,
        cast(practice_name as {{ dbt.type_string() }}) as practice_name,
        cast(lsoa_code as {{ dbt.type_string() }}) as lsoa_code,
        cast(number_of_patients as {{ dbt.type_bigint() }}) as registered_patients,
        cast(pcn_code as {{ dbt.type_string() }}) as pcn_code,
        cast(pcn_name as {{ dbt.type_string() }}) as pcn_name,
        cast(sub_icb_location_name as {{ dbt.type_string() }}) as sub_icb_location_name,
        cast(icb_code as {{ dbt.type_string() }}) as icb_ods_code,
        -- an English LSOA 2021 code; false for CLOSED, EMPTY and Welsh, Scottish, Northern Irish or other codes
        coalesce(lsoa_code like 'E01%', false)
            as is_english_lsoa21
    from source

)

select * from renamed
