with

source as (

    select * from {{ source('ons', 'census21_household_deprivation') }}

),

renamed as (

    select
        cast(lsoa21_code as varchar) as lsoa21_code,
        cast(deprivation_dimensions as varchar) as category,
        cast(n as bigint) as households,
        cast(total_households as bigint) as total_households
    from source

)

select * from renamed
