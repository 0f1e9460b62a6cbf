with

source as (

    select * from {{ source('ohid', 'ae_attendances_0to4') }}

),

renamed as (

    select
        cast("Area Code" as varchar) as practice_code,
        cast("Time period" as varchar) as period,
        cast("Count" as double) as ae_attendances,
        cast("Denominator" as double) as children_aged_0_4,
        cast("Value" as double) as attendances_per_1000
    from source
    -- practice rows, both sexes; LA and England rows are comparators
    where "Area Type" = 'GPs' and "Sex" = 'Persons'

)

select * from renamed
