with

source as (

    select * from {{ source('desnz', 'fuel_poverty') }}

),

renamed as (

    select
        cast(lsoa21_code as {{ dbt.type_string() }}) as lsoa21_code,
        cast(households as bigint) as households,
        cast(households_fuel_poor as bigint) as fuel_poor_households,
        cast(pct_fuel_poor as double) as fuel_poor_percent
    from source

)

select * from renamed
