with

source as (

    select * from {{ source('ons', 'census21_disability') }}

),

-- the bulk table's published column names carry spaces and colons: adapter.quote keeps the SQL portable
renamed as (

    select
        cast({{ adapter.quote('geography code') }} as {{ dbt.type_string() }}) as lsoa21_code,
        cast(
            {{ adapter.quote('Disability: Total: All usual residents') }}
            as {{ dbt.type_bigint() }}
        ) as total_residents,
        cast(
            {{ adapter.quote('Disability: Disabled under the Equality Act') }}
            as {{ dbt.type_bigint() }}
        ) as disabled_residents,
        cast(
            {{ adapter.quote('Disability: Disabled under the Equality Act: Day-to-day activities limited a lot') }}
            as {{ dbt.type_bigint() }}
        ) as disabled_limited_a_lot,
        cast(
            {{ adapter.quote('Disability: Disabled under the Equality Act: Day-to-day activities limited a little') }}
            as {{ dbt.type_bigint() }}
        ) as disabled_limited_a_little,
        cast(
            {{ adapter.quote('Disability: Not disabled under the Equality Act') }}
            as {{ dbt.type_bigint() }}
        ) as not_disabled_residents
    from source

)

select * from renamed
