with

source as (

    select * from {{ source('ons', 'census21_household_overcrowding') }}

),

-- the bulk table's published column names carry spaces and colons: adapter.quote keeps the SQL portable
renamed as (

    select
        cast({{ adapter.quote('geography code') }} as {{ dbt.type_string() }}) as lsoa21_code,
        cast(
            {{ adapter.quote('Occupancy rating for bedrooms: Total: All households') }}
            as {{ dbt.type_bigint() }}
        ) as total_households,
        cast(
            {{ adapter.quote('+2 or more (under-occupied)') }}
            as {{ dbt.type_bigint() }}
        ) as households_rating_plus_2_or_more,
        cast({{ adapter.quote('+1 (under-occupied)') }} as {{ dbt.type_bigint() }}) as households_rating_plus_1,
        cast({{ adapter.quote('0 (ideal)') }} as {{ dbt.type_bigint() }}) as households_rating_0,
        cast({{ adapter.quote('-1 (overcrowded)') }} as {{ dbt.type_bigint() }}) as households_rating_minus_1,
        cast(
            {{ adapter.quote('-2 or less (overcrowded)') }}
            as {{ dbt.type_bigint() }}
        ) as households_rating_minus_2_or_less
    from source

)

select * from renamed
