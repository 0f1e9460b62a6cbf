with

source as (

    select * from {{ source('ohid', 'qof_smoking_prevalence') }}

),

renamed as (

    select
        cast(source.{{ adapter.quote('Area Code') }} as {{ dbt.type_string() }}) as practice_code,
        cast(source.{{ adapter.quote('Time period') }} as {{ dbt.type_string() }}) as period,
        cast(source.count as double) as current_smokers,
        cast(source.denominator as double) as patients_aged_15_plus,
        cast(source.value as double) as smoking_prevalence_percent
    from source
    -- practice rows only; LA and England rows are comparators
    where source.{{ adapter.quote('Area Type') }} = 'GPs'  -- noqa: RF05

)

select * from renamed
