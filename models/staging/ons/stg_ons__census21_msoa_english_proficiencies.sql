with

source as (

    select * from {{ source('ons', 'census21_english_proficiency') }}

),

-- the published column names carry spaces and brackets: adapter.quote keeps the SQL portable
renamed as (

    select
        cast(msoa21_code as {{ dbt.type_string() }}) as msoa21_code,
        cast({{ adapter.quote('Main language is English (English or Welsh in Wales)') }} as {{ dbt.type_bigint() }})
            as residents_main_language_english,
        cast(
            {{ adapter.quote('Main language is not English (English or Welsh in Wales): Can speak English very well') }}
            as {{ dbt.type_bigint() }}
        ) as residents_speak_english_very_well,
        cast(
            {{ adapter.quote('Main language is not English (English or Welsh in Wales): Can speak English well') }}
            as {{ dbt.type_bigint() }}
        ) as residents_speak_english_well,
        cast(
            {{ adapter.quote('Main language is not English (English or Welsh in Wales): Cannot speak English well') }}
            as {{ dbt.type_bigint() }}
        ) as residents_cannot_speak_english_well,
        cast(
            {{ adapter.quote('Main language is not English (English or Welsh in Wales): Cannot speak English') }}
            as {{ dbt.type_bigint() }}
        ) as residents_cannot_speak_english
    from source

)

select * from renamed
