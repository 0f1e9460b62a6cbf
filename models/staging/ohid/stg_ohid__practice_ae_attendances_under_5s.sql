with

source as (

    select * from {{ source('ohid', 'ae_attendances_0to4') }}

),

renamed as (

    select
        cast(source.{{ adapter.quote('Area Code') }} as {{ dbt.type_string() }}) as practice_code,
        cast(source.{{ adapter.quote('Time period') }} as {{ dbt.type_string() }}) as period,
        cast(source.count as double) as ae_attendances,
        cast(source.denominator as double) as children_aged_0_4,
        cast(source.value as double) as attendances_per_1000
    from source
    -- practice rows, both sexes; LA and England rows are comparators
    where
        source.{{ adapter.quote('Area Type') }} = 'GPs'  -- noqa: RF05
        and source.sex = 'Persons'

)

select * from renamed
