{#-
  The LSOAs 2021 each ward of the build is scored from, and the residents it takes from each.
  A ward that LSOAs best-fit to (ONS lookup; every wd17 ward, 6,793 of the 6,826 English WD25 wards) takes
  those LSOAs whole: share 1, all their residents. The 33 English WD25 wards no LSOA best-fits to (City of
  London, Isles of Scilly and nine others) are placed from the DERIVED LSOA x WD25 area overlay (computed from
  the ONS boundaries, not an ONS product): every LSOA that intersects the ward, with the share of the LSOA's
  area inside the ward; the ward takes that share of the LSOA's residents, so an LSOA shared with another ward
  weighs by the population it is estimated to give (area-apportioned). Those LSOAs also stay whole in their
  best-fit wards. The ward's place (region, sub-ICB location, ICB) is that of the LSOA covering most of it.
-#}
with

lsoas as (

    select * from {{ ref('int_lsoa21_wards_mapped') }}

),

best_fit_lookups as (

    select * from {{ ref('stg_ons__lsoa21_wd25_lookups') }}

),

wd25_wards as (

    select * from {{ ref('stg_ons__wd25_wards') }}

),

overlays as (

    select * from {{ ref('stg_ons__lsoa21_wd25_overlays') }}

),

lsoa_lookups as (

    select * from {{ ref('stg_ons__lsoa21_ward_lookups') }}

),

populations as (

    select * from {{ ref('stg_ons__census21_lsoa_populations') }}

),

best_fit_shares as (

    select
        ward_code,
        ward_name,
        lad_code,
        lad_name,
        region_code,
        region_name,
        sub_icb_code,
        sub_icb_ods_code,
        sub_icb_name,
        icb_code,
        icb_name,
        ward_vintage,
        in_staffs_county_167,
        lsoa21_code,
        cast(1.0 as {{ type_double() }}) as lsoa_share,
        cast(usual_residents as {{ type_double() }}) as residents,
        ward_match_method
    from lsoas

),

wards_with_best_fit as (

    select distinct ward_code
    from best_fit_lookups

),

-- English WD25 wards that no LSOA best-fits to
wards_without_best_fit as (

    select
        wd25_wards.ward_code,
        wd25_wards.ward_name,
        wd25_wards.lad_code,
        wd25_wards.lad_name
    from wd25_wards
    left join wards_with_best_fit
        on wd25_wards.ward_code = wards_with_best_fit.ward_code
    where
        wd25_wards.ward_code like 'E05%'
        and wards_with_best_fit.ward_code is null

),

overlay_rows as (

    select
        wards_without_best_fit.ward_code,
        wards_without_best_fit.ward_name,
        wards_without_best_fit.lad_code,
        wards_without_best_fit.lad_name,
        overlays.lsoa21_code,
        overlays.share_of_lsoa,
        row_number() over (
            partition by overlays.ward_code
            order by overlays.share_of_ward desc, overlays.lsoa21_code asc
        ) as coverage_order
    from wards_without_best_fit
    inner join overlays
        on wards_without_best_fit.ward_code = overlays.ward_code
    where overlays.share_of_lsoa > 0

),

-- the LSOA covering most of the ward gives it its region, sub-ICB location and ICB
overlay_places as (

    select
        overlay_rows.ward_code,
        lsoa_lookups.region_code,
        lsoa_lookups.region_name,
        lsoa_lookups.sub_icb_code,
        lsoa_lookups.sub_icb_ods_code,
        lsoa_lookups.sub_icb_name,
        lsoa_lookups.icb_code,
        lsoa_lookups.icb_name
    from overlay_rows
    inner join lsoa_lookups
        on overlay_rows.lsoa21_code = lsoa_lookups.lsoa21_code
    where
        overlay_rows.coverage_order = 1
        and {{ region_filter(
            icb_code_column='lsoa_lookups.icb_code',
            country_code_column='lsoa_lookups.country_code',
            lad_code_column='overlay_rows.lad_code',
            region_code_column='lsoa_lookups.region_code'
        ) }}

),

overlay_shares as (

    select
        overlay_rows.ward_code,
        overlay_rows.ward_name,
        overlay_rows.lad_code,
        overlay_rows.lad_name,
        overlay_places.region_code,
        overlay_places.region_name,
        overlay_places.sub_icb_code,
        overlay_places.sub_icb_ods_code,
        overlay_places.sub_icb_name,
        overlay_places.icb_code,
        overlay_places.icb_name,
        'wd25' as ward_vintage,
        false as in_staffs_county_167,
        overlay_rows.lsoa21_code,
        cast(overlay_rows.share_of_lsoa as {{ type_double() }}) as lsoa_share,
        cast(
            populations.usual_residents * overlay_rows.share_of_lsoa as {{ type_double() }}
        ) as residents,
        'derived area overlay' as ward_match_method
    from overlay_rows
    inner join overlay_places
        on overlay_rows.ward_code = overlay_places.ward_code
    inner join populations
        on overlay_rows.lsoa21_code = populations.lsoa21_code
    -- the overlay is of WD25 wards: a wd17 build has none of these rows
    where '{{ ward_vintage() }}' = 'wd25'

),

final as (

    select * from best_fit_shares
    union all
    select * from overlay_shares

)

select * from final
