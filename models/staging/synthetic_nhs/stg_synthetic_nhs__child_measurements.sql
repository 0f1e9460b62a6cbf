with

source as (

    select * from {{ source('synthetic_nhs', 'child_measurements') }}

),

renamed as (

    select
        cast(lsoa21_code as {{ dbt.type_string() }}) as lsoa21_code,
        cast(year as integer) as period_year,
        cast(school_year as {{ dbt.type_string() }}) as school_year,
        cast(children_measured as bigint) as children_measured,
        cast(children_obese as bigint) as children_obese,
        cast(is_synthetic as boolean) as is_synthetic,
        cast(data_source as {{ dbt.type_string() }}) as data_source
    from source

)

select * from renamed
