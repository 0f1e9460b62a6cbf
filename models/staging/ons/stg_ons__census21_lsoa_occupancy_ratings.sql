with

source as (

    select * from {{ source('ons', 'census21_household_overcrowding') }}

),

renamed as (

    select
        cast(lsoa21_code as varchar) as lsoa21_code,
        cast(occupancy_rating as varchar) as category,
        cast(n as bigint) as households,
        cast(total_households as bigint) as total_households
    from source

)

select * from renamed
