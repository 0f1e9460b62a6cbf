with

lsoa_shares as (

    select * from {{ ref('int_ward_lsoa21_shares_computed') }}

),

wd25_wards as (

    select * from {{ ref('stg_ons__wd25_wards') }}

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
        sum(residents) as residents,
        row_number() over (
            partition by ward_code
            order by sum(residents) desc, sub_icb_code asc
        ) as residents_order
    from lsoa_shares
    group by
        ward_code,
        sub_icb_code,
        sub_icb_ods_code,
        sub_icb_name,
        icb_code,
        icb_name

),

-- and its region the one most of its residents live in (an LSOA's region is that of its 2024 local authority:
-- one LSOA moved from Cherwell, South East, to West Northamptonshire, East Midlands, in 2025)
region_residents as (

    select
        ward_code,
        region_code,
        region_name,
        row_number() over (
            partition by ward_code
            order by sum(residents) desc, region_code asc
        ) as residents_order
    from lsoa_shares
    group by
        ward_code,
        region_code,
        region_name

),

ward_totals as (

    select
        ward_code,
        ward_name,
        lad_code,
        lad_name,
        ward_vintage,
        in_staffs_county_167,
        sum(residents) as usual_residents,
        count(*) as n_lsoas,
        -- one method per ward on wd25 ('derived area overlay' or 'ons best fit'); on wd17 the least exact
        -- of its LSOAs' ('largest LSOA11 population share' before 'whole LSOA11 best fit'): alphabetical
        min(ward_match_method) as ward_match_method
    from lsoa_shares
    group by
        ward_code,
        ward_name,
        lad_code,
        lad_name,
        ward_vintage,
        in_staffs_county_167

),

final as (

    select
        ward_totals.ward_code,
        ward_totals.ward_name,
        ward_totals.lad_code,
        ward_totals.lad_name,
        region_residents.region_code,
        region_residents.region_name,
        sub_icb_residents.sub_icb_code,
        sub_icb_residents.sub_icb_ods_code,
        sub_icb_residents.sub_icb_name,
        sub_icb_residents.icb_code,
        sub_icb_residents.icb_name,
        ward_totals.ward_vintage,
        ward_totals.ward_match_method,
        ward_totals.in_staffs_county_167,
        ward_totals.usual_residents,
        ward_totals.n_lsoas,
        wd25_wards.centroid_longitude,
        wd25_wards.centroid_latitude
    from ward_totals
    inner join sub_icb_residents
        on
            ward_totals.ward_code = sub_icb_residents.ward_code
            and sub_icb_residents.residents_order = 1
    inner join region_residents
        on
            ward_totals.ward_code = region_residents.ward_code
            and region_residents.residents_order = 1
    -- WD25 centroids; a WD17 ward gets one only where its code is still current (same code, same ward)
    left join wd25_wards
        on ward_totals.ward_code = wd25_wards.ward_code

)

select * from final
