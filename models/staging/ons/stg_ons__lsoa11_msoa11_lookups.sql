with

source as (

    select * from {{ source('ons', 'lsoa11_msoa11_lookup') }}

),

renamed as (

    select
        cast(lsoa11_code as varchar) as lsoa11_code,
        cast(msoa11_code as varchar) as msoa11_code
    from source

)

select * from renamed
