with

source as (

    select * from {{ source('ons', 'census21_general_health') }}

),

-- the bulk table's published column names carry spaces and colons: adapter.quote keeps the SQL portable
renamed as (

    select
        cast({{ adapter.quote('geography code') }} as {{ dbt.type_string() }}) as lsoa21_code,
        cast(
            {{ adapter.quote('General health: Total: All usual residents') }}
            as {{ dbt.type_bigint() }}
        ) as total_residents,
        cast(
            {{ adapter.quote('General health: Very good health') }}
            as {{ dbt.type_bigint() }}
        ) as residents_very_good_health,
        cast({{ adapter.quote('General health: Good health') }} as {{ dbt.type_bigint() }}) as residents_good_health,
        cast({{ adapter.quote('General health: Fair health') }} as {{ dbt.type_bigint() }}) as residents_fair_health,
        cast({{ adapter.quote('General health: Bad health') }} as {{ dbt.type_bigint() }}) as residents_bad_health,
        cast(
            {{ adapter.quote('General health: Very bad health') }}
            as {{ dbt.type_bigint() }}
        ) as residents_very_bad_health
    from source

)

select * from renamed
