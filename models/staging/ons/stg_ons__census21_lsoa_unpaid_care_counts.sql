with

source as (

    select * from {{ source('ons', 'census21_unpaid_care_lsoa') }}

),

-- the bulk table's published column names carry spaces and colons: adapter.quote keeps the SQL portable
renamed as (

    select
        cast({{ adapter.quote('geography code') }} as {{ dbt.type_string() }}) as lsoa21_code,
        cast(
            {{ adapter.quote('Provision of unpaid care: Total: All usual residents aged 5 and over') }}
            as {{ dbt.type_bigint() }}
        ) as residents_aged_5_plus,
        cast(
            {{ adapter.quote('Provision of unpaid care: Provides no unpaid care') }}
            as {{ dbt.type_bigint() }}
        ) as residents_caring_none,
        cast(
            {{ adapter.quote('Provision of unpaid care: Provides 9 hours or less unpaid care a week') }}
            as {{ dbt.type_bigint() }}
        ) as residents_caring_up_to_9_hours,
        cast(
            {{ adapter.quote('Provision of unpaid care: Provides 10 to 19 hours unpaid care a week') }}
            as {{ dbt.type_bigint() }}
        ) as residents_caring_10_19_hours,
        cast(
            {{ adapter.quote('Provision of unpaid care: Provides 20 to 34 hours unpaid care a week') }}
            as {{ dbt.type_bigint() }}
        ) as residents_caring_20_34_hours,
        cast(
            {{ adapter.quote('Provision of unpaid care: Provides 35 to 49 hours unpaid care a week') }}
            as {{ dbt.type_bigint() }}
        ) as residents_caring_35_49_hours,
        cast(
            {{ adapter.quote('Provision of unpaid care: Provides 50 or more hours unpaid care a week') }}
            as {{ dbt.type_bigint() }}
        ) as residents_caring_50_plus_hours
    from source

)

select * from renamed
