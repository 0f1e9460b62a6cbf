with

source as (

    select * from {{ source('synthetic_nhs', 'gp_registrations') }}

),

renamed as (

    select
        cast(practice_code as varchar) as practice_code,
        cast(lsoa21_code as varchar) as lsoa21_code,
        cast(sex as varchar) as sex,
        cast(age_band as varchar) as age_band,
        cast(registered_patients as bigint) as registered_patients,
        cast(is_synthetic as boolean) as is_synthetic,
        cast(data_source as varchar) as data_source
    from source

)

select * from renamed
