with

source as (

    select * from {{ source('ons', 'population_estimates_lsoa11') }}

),

renamed as (

    select
        cast(lsoa11_code as {{ dbt.type_string() }}) as lsoa11_code,
        cast(total_population as bigint) as mid2020_population
    from source

)

select * from renamed
