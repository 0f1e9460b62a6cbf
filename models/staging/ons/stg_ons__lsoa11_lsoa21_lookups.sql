with

source as (

    select * from {{ source('ons', 'lsoa11_lsoa21_lookup') }}

),

renamed as (

    select
        cast(lsoa11_code as {{ dbt.type_string() }}) as lsoa11_code,
        cast(lsoa11_name as {{ dbt.type_string() }}) as lsoa11_name,
        cast(lsoa21_code as {{ dbt.type_string() }}) as lsoa21_code,
        cast(change_code as {{ dbt.type_string() }}) as change_code,
        cast(ltla22_code as {{ dbt.type_string() }}) as lad22_code
    from source

)

select * from renamed
