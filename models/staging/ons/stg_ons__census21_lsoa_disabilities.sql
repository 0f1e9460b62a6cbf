with

source as (

    select * from {{ source('ons', 'census21_disability') }}

),

renamed as (

    select
        cast(lsoa21_code as varchar) as lsoa21_code,
        cast(disability as varchar) as category,
        cast(n as bigint) as residents,
        cast(total_residents as bigint) as total_residents
    from source

)

select * from renamed
