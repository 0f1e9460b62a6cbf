with

source as (

    select * from {{ source('mhclg', 'iod2025_scores') }}

),

renamed as (

    select
        cast(lsoa21_code as {{ dbt.type_string() }}) as lsoa21_code,
        cast(imd_score as double) as imd_score,
        cast(imd_rank as integer) as imd_rank,
        cast(imd_decile as integer) as imd_decile,
        cast(income_score as double) as income_score,
        cast(income_rank as integer) as income_rank,
        cast(income_decile as integer) as income_decile,
        cast(employment_score as double) as employment_score,
        cast(employment_rank as integer) as employment_rank,
        cast(employment_decile as integer) as employment_decile,
        cast(education_score as double) as education_score,
        cast(education_rank as integer) as education_rank,
        cast(education_decile as integer) as education_decile,
        cast(health_score as double) as health_score,
        cast(health_rank as integer) as health_rank,
        cast(health_decile as integer) as health_decile,
        cast(crime_score as double) as crime_score,
        cast(crime_rank as integer) as crime_rank,
        cast(crime_decile as integer) as crime_decile,
        cast(housing_and_services_score as double) as housing_and_services_score,
        cast(housing_and_services_rank as integer) as housing_and_services_rank,
        cast(housing_and_services_decile as integer) as housing_and_services_decile,
        cast(environment_score as double) as environment_score,
        cast(environment_rank as integer) as environment_rank,
        cast(environment_decile as integer) as environment_decile
    from source

)

select * from renamed
