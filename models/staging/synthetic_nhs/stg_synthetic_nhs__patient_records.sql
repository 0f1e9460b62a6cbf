-- record-level rows live in the private schema: only disclosure-controlled aggregates leave it
{{ config(schema='private') }}

with

source as (

    select * from {{ source('synthetic_nhs', 'patient_records') }}

),

renamed as (

    select
        cast(pseudo_id as bigint) as pseudo_id,
        cast(year as integer) as period_year,
        cast(lsoa21_code as {{ dbt.type_string() }}) as lsoa21_code,
        cast(sex as {{ dbt.type_string() }}) as sex,
        cast(age_band as {{ dbt.type_string() }}) as age_band,
        cast(ae_attendances as integer) as ae_attendances,
        cast(emergency_admissions as integer) as emergency_admissions,
        cast(long_term_conditions as integer) as long_term_conditions,
        cast(smoking_status as {{ dbt.type_string() }}) as smoking_status,
        cast(is_synthetic as boolean) as is_synthetic,
        cast(data_source as {{ dbt.type_string() }}) as data_source
    from source

)

select * from renamed
