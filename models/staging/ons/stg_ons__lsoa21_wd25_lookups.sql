with

source as (

    select * from {{ source('ons', 'lsoa21_wd25_bestfit_lookup') }}

),

renamed as (

    select
        cast(lsoa21cd as {{ dbt.type_string() }}) as lsoa21_code,
        cast(lsoa21nm as {{ dbt.type_string() }}) as lsoa21_name,
        cast(wd25cd as {{ dbt.type_string() }}) as ward_code,
        cast(wd25nm as {{ dbt.type_string() }}) as ward_name,
        cast(lad25cd as {{ dbt.type_string() }}) as lad_code,
        cast(lad25nm as {{ dbt.type_string() }}) as lad_name
    from source

)

select * from renamed
