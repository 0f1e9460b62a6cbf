with

source as (

    select * from {{ source('synthetic_nhs', 'gp_registrations') }}

),

renamed as (

    select
        cast(practice_code as {{ dbt.type_string() }}) as practice_code,
        cast(lsoa21_code as {{ dbt.type_string() }}) as lsoa21_code,
        cast(sex as {{ dbt.type_string() }}) as sex,
        cast(age_band as {{ dbt.type_string() }}) as age_band,
        cast(registered_patients as bigint) as registered_patients,
        cast(is_synthetic as boolean) as is_synthetic,
        cast(data_source as {{ dbt.type_string() }}) as data_source
    from source

)

select * from renamed
