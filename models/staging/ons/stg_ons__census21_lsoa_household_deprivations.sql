with

source as (

    select * from {{ source('ons', 'census21_household_deprivation') }}

),

-- the bulk table's published column names carry spaces and colons: adapter.quote keeps the SQL portable
renamed as (

    select
        cast({{ adapter.quote('geography code') }} as {{ dbt.type_string() }}) as lsoa21_code,
        cast(
            {{ adapter.quote('Household deprivation: Total: All households; measures: Value') }}
            as {{ dbt.type_bigint() }}
        ) as total_households,
        cast(
            {{ adapter.quote('Household deprivation: Household is not deprived in any dimension; measures: Value') }}
            as {{ dbt.type_bigint() }}
        ) as households_deprived_0_dimensions,
        cast(
            {{ adapter.quote('Household deprivation: Household is deprived in one dimension; measures: Value') }}
            as {{ dbt.type_bigint() }}
        ) as households_deprived_1_dimension,
        cast(
            {{ adapter.quote('Household deprivation: Household is deprived in two dimensions; measures: Value') }}
            as {{ dbt.type_bigint() }}
        ) as households_deprived_2_dimensions,
        cast(
            {{ adapter.quote('Household deprivation: Household is deprived in three dimensions; measures: Value') }}
            as {{ dbt.type_bigint() }}
        ) as households_deprived_3_dimensions,
        cast(
            {{ adapter.quote('Household deprivation: Household is deprived in four dimensions; measures: Value') }}
            as {{ dbt.type_bigint() }}
        ) as households_deprived_4_dimensions
    from source

)

select * from renamed
