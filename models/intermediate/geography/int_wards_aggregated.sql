with

lsoas as (

    select * from {{ ref('int_lsoa21_wards_mapped') }}

),

wards as (

    select * from {{ ref('stg_ons__wards') }}

),

-- A ward's sub-ICB location (and so its ICB) is the one most of its residents live in: wards can
-- straddle them (eleven English WD25 wards straddle two ICBs).
sub_icb_residents as (

    select
        ward_code,
        sub_icb_code,
        sub_icb_ods_code,
        sub_icb_name,
        icb_code,
        icb_name,
        sum(usual_residents) as residents,
        row_number() over (
            partition by ward_code
            order by sum(usual_residents) desc, sub_icb_code asc
        ) as residents_order
    from lsoas
    group by
        ward_code,
        sub_icb_code,
        sub_icb_ods_code,
        sub_icb_name,
        icb_code,
        icb_name

),

ward_totals as (

    select
        ward_code,
        ward_name,
        lad_code,
        lad_name,
        region_code,
        region_name,
        ward_vintage,
        in_staffs_county_167,
        sum(usual_residents) as usual_residents,
        count(*) as n_lsoas
    from lsoas
    group by
        ward_code,
        ward_name,
        lad_code,
        lad_name,
        region_code,
        region_name,
        ward_vintage,
        in_staffs_county_167

),

final as (

    select
        ward_totals.ward_code,
        ward_totals.ward_name,
        ward_totals.lad_code,
        ward_totals.lad_name,
        ward_totals.region_code,
        ward_totals.region_name,
        sub_icb_residents.sub_icb_code,
        sub_icb_residents.sub_icb_ods_code,
        sub_icb_residents.sub_icb_name,
        sub_icb_residents.icb_code,
        sub_icb_residents.icb_name,
        ward_totals.ward_vintage,
        ward_totals.in_staffs_county_167,
        ward_totals.usual_residents,
        ward_totals.n_lsoas,
        wards.centroid_longitude,
        wards.centroid_latitude
    from ward_totals
    inner join sub_icb_residents
        on
            ward_totals.ward_code = sub_icb_residents.ward_code
            and sub_icb_residents.residents_order = 1
    -- WD25 centroids; a WD17 ward gets one only where its code is still current (same code, same ward)
    left join wards
        on ward_totals.ward_code = wards.ward_code

)

select * from final
