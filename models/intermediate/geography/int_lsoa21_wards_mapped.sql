with

lsoa_lookups as (

    select * from {{ ref('stg_ons__lsoa21_ward_lookups') }}

),

wards as (

    select * from {{ ref('stg_ons__wards') }}

),

populations as (

    select * from {{ ref('stg_ons__census21_lsoa_populations') }}

),

in_region as (

    select * from lsoa_lookups
    where {{ region_filter() }}

),

final as (

    select
        in_region.lsoa21_code,
        in_region.lsoa21_name,
        in_region.ward_code,
        coalesce(wards.ward_name, in_region.ward_name) as ward_name,
        in_region.lad_code,
        in_region.lad_name,
        in_region.region_code,
        in_region.region_name,
        in_region.sub_icb_code,
        in_region.sub_icb_ods_code,
        in_region.sub_icb_name,
        in_region.icb_code,
        in_region.icb_name,
        populations.usual_residents
    from in_region
    left join wards
        on in_region.ward_code = wards.ward_code
    left join populations
        on in_region.lsoa21_code = populations.lsoa21_code

)

select * from final
