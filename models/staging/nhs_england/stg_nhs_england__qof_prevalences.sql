with

source as (

    select * from {{ source('nhs_england', 'qof_prevalence_2223') }}

),

renamed as (

    select
        cast(practice_code as {{ dbt.type_string() }}) as practice_code,
        cast(group_code as {{ dbt.type_string() }}) as register_code,
        cast(register as {{ dbt.type_bigint() }}) as register_count,
        cast(patient_list_type as {{ dbt.type_string() }}) as patient_list_type,
        cast(practice_list_size as {{ dbt.type_bigint() }}) as list_size,
        cast('2022-23' as {{ dbt.type_string() }}) as qof_year
    from source

)

select * from renamed
