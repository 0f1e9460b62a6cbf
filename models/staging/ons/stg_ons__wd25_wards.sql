with

source as (

    select * from {{ source('ons', 'wd25_wards') }}

),

renamed as (

    select
        cast(wd25cd as {{ dbt.type_string() }}) as ward_code,
        cast(wd25nm as {{ dbt.type_string() }}) as ward_name,
        cast(lad25cd as {{ dbt.type_string() }}) as lad_code,
        cast(lad25nm as {{ dbt.type_string() }}) as lad_name,
        cast(long as {{ type_double() }}) as centroid_longitude,
        cast(lat as {{ type_double() }}) as centroid_latitude
    from source

)

select * from renamed
