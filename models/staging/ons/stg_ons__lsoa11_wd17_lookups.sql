with

source as (

    select * from {{ source('ons', 'lsoa11_wd17_lookup') }}

),

renamed as (

    select
        cast(lsoa11cd as {{ dbt.type_string() }}) as lsoa11_code,
        cast(lsoa11nm as {{ dbt.type_string() }}) as lsoa11_name,
        cast(wd17cd as {{ dbt.type_string() }}) as ward_code,
        cast(wd17nm as {{ dbt.type_string() }}) as ward_name,
        cast(lad17cd as {{ dbt.type_string() }}) as lad_code,
        cast(lad17nm as {{ dbt.type_string() }}) as lad_name,
        cast(in_staffs_county_167 as boolean) as in_staffs_county_167,
        cast(census21_pop_apportioned as double) as census21_population_apportioned
    from source

)

select * from renamed
