with

source as (

    select * from {{ source('ohid', 'qof_smoking_prevalence') }}

),

renamed as (

    select
        cast("Area Code" as varchar) as practice_code,
        cast("Time period" as varchar) as period,
        cast("Count" as double) as current_smokers,
        cast("Denominator" as double) as patients_aged_15_plus,
        cast("Value" as double) as smoking_prevalence_percent
    from source
    -- practice rows only; LA and England rows are comparators
    where "Area Type" = 'GPs'

)

select * from renamed
