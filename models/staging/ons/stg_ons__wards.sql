with

source as (

    select * from {{ source('ons', 'wards') }}

),

renamed as (

    select
        cast(ward_code as {{ dbt.type_string() }}) as ward_code,
        cast(ward_name as {{ dbt.type_string() }}) as ward_name,
        cast(lad_code as {{ dbt.type_string() }}) as lad_code,
        cast(lad_name as {{ dbt.type_string() }}) as lad_name,
        cast(country as {{ dbt.type_string() }}) as country_code,
        cast(region25_code as {{ dbt.type_string() }}) as region_code,
        cast(in_wd25 as boolean) as is_wd25,
        cast(in_wd24_lookup as boolean) as is_in_lsoa21_lookup,
        cast(long as double) as centroid_longitude,
        cast(lat as double) as centroid_latitude,
        cast(bng_e as double) as centroid_easting,
        cast(bng_n as double) as centroid_northing
    from source

)

select * from renamed
