with

source as (

    select * from {{ source('ons', 'census21_highest_qualification') }}

),

-- the bulk table's published column names carry spaces and colons: adapter.quote keeps the SQL portable
renamed as (

    select
        cast({{ adapter.quote('geography code') }} as {{ dbt.type_string() }}) as lsoa21_code,
        cast(
            {{ adapter.quote('Highest level of qualification: Total: All usual residents aged 16 years and over') }}
            as {{ dbt.type_bigint() }}
        ) as residents_aged_16_plus,
        cast(
            {{ adapter.quote('Highest level of qualification: No qualifications') }}
            as {{ dbt.type_bigint() }}
        ) as residents_no_qualifications,
        cast(
            {{ adapter.quote('Highest level of qualification: Level 1 and entry level qualifications') }}
            as {{ dbt.type_bigint() }}
        ) as residents_level_1,
        cast(
            {{ adapter.quote('Highest level of qualification: Level 2 qualifications') }}
            as {{ dbt.type_bigint() }}
        ) as residents_level_2,
        cast(
            {{ adapter.quote('Highest level of qualification: Apprenticeship') }}
            as {{ dbt.type_bigint() }}
        ) as residents_apprenticeship,
        cast(
            {{ adapter.quote('Highest level of qualification: Level 3 qualifications') }}
            as {{ dbt.type_bigint() }}
        ) as residents_level_3,
        cast(
            {{ adapter.quote('Highest level of qualification: Level 4 qualifications and above') }}
            as {{ dbt.type_bigint() }}
        ) as residents_level_4_plus,
        cast(
            {{ adapter.quote('Highest level of qualification: Other qualifications') }}
            as {{ dbt.type_bigint() }}
        ) as residents_other_qualifications
    from source

)

select * from renamed
