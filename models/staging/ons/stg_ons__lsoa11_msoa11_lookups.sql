with

source as (

    select * from {{ source('ons', 'lsoa11_msoa11_lookup') }}

),

renamed as (

    select
        cast(lsoa11_code as {{ dbt.type_string() }}) as lsoa11_code,
        cast(msoa11_code as {{ dbt.type_string() }}) as msoa11_code
    from source

)

select * from renamed
