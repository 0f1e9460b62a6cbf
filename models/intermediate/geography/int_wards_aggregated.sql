with

lsoas as (

    select * from {{ ref('int_lsoa21_wards_mapped') }}

),

wards as (

    select * from {{ ref('stg_ons__wards') }}

),

-- A ward's sub-ICB location is the one most of its residents live in (wards can straddle them).
sub_icb_residents as (

    select
        ward_code,
        sub_icb_code,
        sub_icb_ods_code,
        sub_icb_name,
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
        sub_icb_name

),

ward_totals as (

    select
        ward_code,
        ward_name,
        lad_code,
        lad_name,
        region_code,
        region_name,
        icb_code,
        icb_name,
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
        icb_code,
        icb_name

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
        ward_totals.icb_code,
        ward_totals.icb_name,
        ward_totals.usual_residents,
        ward_totals.n_lsoas,
        wards.centroid_longitude,
        wards.centroid_latitude
    from ward_totals
    inner join sub_icb_residents
        on
            ward_totals.ward_code = sub_icb_residents.ward_code
            and sub_icb_residents.residents_order = 1
    left join wards
        on ward_totals.ward_code = wards.ward_code

)

select * from final
