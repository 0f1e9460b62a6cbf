with

source as (

    select * from {{ source('ons', 'census21_accommodation_type') }}

),

-- the bulk table's published column names carry spaces and colons: adapter.quote keeps the SQL portable
renamed as (

    select
        cast({{ adapter.quote('geography code') }} as {{ dbt.type_string() }}) as lsoa21_code,
        cast(
            {{ adapter.quote('Accommodation type: Total: All households') }}
            as {{ dbt.type_bigint() }}
        ) as total_households,
        cast({{ adapter.quote('Accommodation type: Detached') }} as {{ dbt.type_bigint() }}) as households_detached,
        cast(
            {{ adapter.quote('Accommodation type: Semi-detached') }}
            as {{ dbt.type_bigint() }}
        ) as households_semi_detached,
        cast({{ adapter.quote('Accommodation type: Terraced') }} as {{ dbt.type_bigint() }}) as households_terraced,
        cast(
            {{ adapter.quote('Accommodation type: In a purpose-built block of flats or tenement') }}
            as {{ dbt.type_bigint() }}
        ) as households_purpose_built_flat,
        cast(
            {{ adapter.quote('Accommodation type: Part of a converted or shared house, including bedsits') }}
            as {{ dbt.type_bigint() }}
        ) as households_converted_or_shared_house,
        cast(
            {{ adapter.quote('Accommodation type: Part of another converted building, for example, former school, church or warehouse') }}  -- noqa: LT05
            as {{ dbt.type_bigint() }}
        ) as households_other_converted_building,
        cast(
            {{ adapter.quote('Accommodation type: In a commercial building, for example, in an office building, hotel or over a shop') }}  -- noqa: LT05
            as {{ dbt.type_bigint() }}
        ) as households_commercial_building,
        cast(
            {{ adapter.quote('Accommodation type: A caravan or other mobile or temporary structure') }}
            as {{ dbt.type_bigint() }}
        ) as households_caravan_or_temporary_structure
    from source

)

select * from renamed
