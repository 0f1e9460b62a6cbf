with

source as (

    select * from {{ source('ons', 'wd17_wards') }}

),

renamed as (

    select
        cast(wd17cd as {{ dbt.type_string() }}) as ward_code,
        cast(wd17nm as {{ dbt.type_string() }}) as ward_name,
        cast(lad17cd as {{ dbt.type_string() }}) as lad_code,
        cast(lad17nm as {{ dbt.type_string() }}) as lad_name,
        cast(cty17cd as {{ dbt.type_string() }}) as county_code,
        cast(cty17nm as {{ dbt.type_string() }}) as county_name,
        cast(in_staffs_county_167 as boolean) as in_staffs_county_167,
        cast(n_lsoa11_bestfit as integer) as n_lsoa11_bestfit
    from source

)

select * from renamed
