with

source as (

    select * from {{ source('synthetic_nhs', 'qof_registers') }}

),

renamed as (

    select
        cast(practice_code as {{ dbt.type_string() }}) as practice_code,
        cast(year as integer) as period_year,
        cast(register_code as {{ dbt.type_string() }}) as register_code,
        cast(register_name as {{ dbt.type_string() }}) as register_name,
        cast(register_count as bigint) as register_count,
        cast(denominator as bigint) as denominator,
        cast(denominator_ages as {{ dbt.type_string() }}) as denominator_ages,
        cast(prevalence_basis as {{ dbt.type_string() }}) as prevalence_basis,
        cast(is_synthetic as boolean) as is_synthetic,
        cast(data_source as {{ dbt.type_string() }}) as data_source
    from source

)

select * from renamed
