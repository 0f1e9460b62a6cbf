{#-
  The ward vintage is a setting (var wards): wd25 (default) or wd17 (2017 wards, ICB only).
  wd25: each LSOA 2021 goes to its ward in the ONS LSOA21 -> WD25 -> LAD25 best-fit lookup; its region,
  sub-ICB location and ICB come from the ONS LSOA21 -> WD24 lookup (LSOA attributes, not ward ones). The 33
  English WD25 wards no LSOA best-fits to are placed from the derived area overlay in
  int_ward_lsoa21_shares_computed, not here (README "Region and ward vintage").
  wd17: each LSOA 2021 goes to the WD17 ward holding the largest share of its mid-2020 population through
  the LSOA 2011s it is made of (LSOA11 -> WD17 best-fit lookup, LSOA11 -> LSOA21 population weights).
-#}
with

lsoa_lookups as (

    select * from {{ ref('stg_ons__lsoa21_ward_lookups') }}

),

best_fit_lookups as (

    select * from {{ ref('stg_ons__lsoa21_wd25_lookups') }}

),

populations as (

    select * from {{ ref('stg_ons__census21_lsoa_populations') }}

),

lsoa11_weights as (

    select * from {{ ref('int_lsoa11_lsoa21_weights_computed') }}

),

lsoa11_wd17_lookups as (

    select * from {{ ref('stg_ons__lsoa11_wd17_lookups') }}

),

wd17_wards as (

    select * from {{ ref('stg_ons__wd17_wards') }}

),

in_region as (

    select * from lsoa_lookups
    where {{ region_filter() }}

),

wd25_mapped as (

    select
        best_fit_lookups.lsoa21_code,
        best_fit_lookups.lsoa21_name,
        best_fit_lookups.ward_code,
        best_fit_lookups.ward_name,
        best_fit_lookups.lad_code,
        best_fit_lookups.lad_name,
        lsoa_lookups.region_code,
        lsoa_lookups.region_name,
        lsoa_lookups.sub_icb_code,
        lsoa_lookups.sub_icb_ods_code,
        lsoa_lookups.sub_icb_name,
        lsoa_lookups.icb_code,
        lsoa_lookups.icb_name,
        'wd25' as ward_vintage,
        'ons best fit' as ward_match_method,
        false as in_staffs_county_167
    from best_fit_lookups
    inner join lsoa_lookups
        on best_fit_lookups.lsoa21_code = lsoa_lookups.lsoa21_code
    where {{ region_filter(
        icb_code_column='lsoa_lookups.icb_code',
        country_code_column='lsoa_lookups.country_code',
        lad_code_column='best_fit_lookups.lad_code',
        region_code_column='lsoa_lookups.region_code'
    ) }}

),

-- The share of each LSOA 2021's population in each WD17 ward, through its LSOA 2011s.
lsoa21_wd17_shares as (

    select
        lsoa11_weights.lsoa21_code,
        lsoa11_wd17_lookups.ward_code,
        sum(lsoa11_weights.lsoa21_weight) as population_share
    from lsoa11_weights
    inner join lsoa11_wd17_lookups
        on lsoa11_weights.lsoa11_code = lsoa11_wd17_lookups.lsoa11_code
    group by
        lsoa11_weights.lsoa21_code,
        lsoa11_wd17_lookups.ward_code

),

lsoa21_wd17_best_fit as (

    select
        lsoa21_code,
        ward_code,
        population_share,
        row_number() over (
            partition by lsoa21_code
            order by population_share desc, ward_code asc
        ) as share_order
    from lsoa21_wd17_shares

),

wd17_mapped as (

    select
        in_region.lsoa21_code,
        in_region.lsoa21_name,
        wd17_wards.ward_code,
        wd17_wards.ward_name,
        wd17_wards.lad_code,
        wd17_wards.lad_name,
        in_region.region_code,
        in_region.region_name,
        in_region.sub_icb_code,
        in_region.sub_icb_ods_code,
        in_region.sub_icb_name,
        in_region.icb_code,
        in_region.icb_name,
        'wd17' as ward_vintage,
        case
            when lsoa21_wd17_best_fit.population_share > 0.999999 then 'whole LSOA11 best fit'
            else 'largest LSOA11 population share'
        end as ward_match_method,
        wd17_wards.in_staffs_county_167
    from in_region
    inner join lsoa21_wd17_best_fit
        on
            in_region.lsoa21_code = lsoa21_wd17_best_fit.lsoa21_code
            and lsoa21_wd17_best_fit.share_order = 1
    inner join wd17_wards
        on lsoa21_wd17_best_fit.ward_code = wd17_wards.ward_code

),

-- one branch per vintage; the other is filtered out by a constant predicate
mapped as (

    select * from wd25_mapped
    where '{{ ward_vintage() }}' = 'wd25'
    union all
    select * from wd17_mapped
    where '{{ ward_vintage() }}' = 'wd17'

),

final as (

    select
        mapped.*,
        populations.usual_residents
    from mapped
    left join populations
        on mapped.lsoa21_code = populations.lsoa21_code

)

select * from final
