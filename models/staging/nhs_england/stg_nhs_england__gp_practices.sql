with

source as (

    select * from {{ source('nhs_england', 'gp_practices') }}

),

renamed as (

    select
        cast({{ adapter.quote('Practice Code') }} as {{ dbt.type_string() }}) as practice_code,
        cast({{ adapter.quote('Practice Name') }} as {{ dbt.type_string() }}) as practice_name,
        cast({{ adapter.quote('PCN Code') }} as {{ dbt.type_string() }}) as pcn_code,
        cast({{ adapter.quote('PCN Name') }} as {{ dbt.type_string() }}) as pcn_name,
        cast({{ adapter.quote('Sub ICB Code') }} as {{ dbt.type_string() }}) as sub_icb_ods_code,
        cast({{ adapter.quote('Practice Rurality') }} as {{ dbt.type_string() }}) as practice_rurality,
        cast({{ adapter.quote('Number of Registered Patients (Last Known Figure)') }} as double) as registered_patients,
        nullif(cast(lsoa21cd as {{ dbt.type_string() }}), '') as lsoa21_code,
        nullif(cast(wd25cd as {{ dbt.type_string() }}), '') as ward_code,
        nullif(cast(lad25cd_from_postcode as {{ dbt.type_string() }}), '') as lad_code
    from source

)

select * from renamed
