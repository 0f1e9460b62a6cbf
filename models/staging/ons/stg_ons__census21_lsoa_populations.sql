with

source as (

    select * from {{ source('ons', 'census21_population_agebands') }}

),

renamed as (

    select
        cast(lsoa21_code as {{ dbt.type_string() }}) as lsoa21_code,
        cast(total_usual_residents as bigint) as usual_residents,
        cast(age_15_and_under as bigint) as residents_aged_0_15,
        cast(age_16_24 as bigint) as residents_aged_16_24,
        cast(age_25_34 as bigint) as residents_aged_25_34,
        cast(age_35_49 as bigint) as residents_aged_35_49,
        cast(age_50_64 as bigint) as residents_aged_50_64,
        cast(age_65_plus as bigint) as residents_aged_65_plus
    from source

)

select * from renamed
