with

source as (

    select * from {{ source('ons', 'life_expectancy_msoa11') }}

),

renamed as (

    select
        cast(msoa11_code as {{ dbt.type_string() }}) as msoa11_code,
        cast(msoa11_name as {{ dbt.type_string() }}) as msoa11_name,
        cast(period as {{ dbt.type_string() }}) as data_period,
        case cast(sex as {{ dbt.type_string() }})
            when 'Males' then 'male'
            when 'Females' then 'female'
            when 'Persons' then 'persons'
        end as sex,
        cast(deaths as bigint) as deaths,
        cast(population_person_years as bigint) as person_years,
        cast(life_expectancy as double) as life_expectancy_years,
        cast(lci95 as double) as life_expectancy_lower_95,
        cast(uci95 as double) as life_expectancy_upper_95
    from source

)

select * from renamed
