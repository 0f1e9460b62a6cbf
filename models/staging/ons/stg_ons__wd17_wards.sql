with

source as (

    select * from {{ source('ons', 'wd17_wards') }}

),

renamed as (

    select
        cast(wd17cd as varchar) as ward_code,
        cast(wd17nm as varchar) as ward_name,
        cast(lad17cd as varchar) as lad_code,
        cast(lad17nm as varchar) as lad_name,
        cast(cty17cd as varchar) as county_code,
        cast(cty17nm as varchar) as county_name,
        cast(in_staffs_county_167 as boolean) as in_staffs_county_167,
        cast(n_lsoa11_bestfit as integer) as n_lsoa11_bestfit
    from source

)

select * from renamed
