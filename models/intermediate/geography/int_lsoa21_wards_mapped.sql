{#-
  The ward vintage is a setting (var wards): wd25 (default) or wd17 (2017 wards, ICB only).
  wd25: the national lookup gives each LSOA 2021 its best-fit WD24 ward. WD24 = WD25 except in ten local
  authorities whose wards were redrawn for 2025. A WD24 ward still in WD25 keeps its code; a discontinued
  WD24 ward passes its LSOAs to the new WD25 ward of the same name in the same local authority; LSOAs of a
  discontinued ward with no same-named successor are left out (no LSOA centroids are shipped nationally to
  place them), and so are WD25 wards that receive no LSOA (README "Region and ward vintage").
  wd17: each LSOA 2021 goes to the WD17 ward holding the largest share of its mid-2020 population through
  the LSOA 2011s it is made of (LSOA11 -> WD17 best-fit lookup, LSOA11 -> LSOA21 population weights).
-#}
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

-- WD24 wards that are also WD25 wards keep their code.
wd24_kept as (

    select
        ward_code as ward24_code,
        ward_code as ward25_code,
        'unchanged code' as ward_match_method
    from wards
    where is_wd25 and is_in_lsoa21_lookup

),

-- WD24 wards discontinued in 2025 go to the new WD25 ward with the same name in the same authority
-- (authority by name: Barnsley and Sheffield changed their LAD codes in 2025).
wd24_renamed as (

    select
        discontinued.ward_code as ward24_code,
        successor.ward_code as ward25_code,
        'same name in local authority' as ward_match_method
    from wards as discontinued
    inner join wards as successor
        on
            discontinued.lad_name = successor.lad_name
            and {{ name_key('discontinued.ward_name') }} = {{ name_key('successor.ward_name') }}
    where
        not discontinued.is_wd25
        and successor.is_wd25
        and not successor.is_in_lsoa21_lookup

),

wd24_to_wd25 as (

    select * from wd24_kept
    union all
    select * from wd24_renamed

),

wd25_mapped as (

    select
        in_region.lsoa21_code,
        in_region.lsoa21_name,
        wd25_wards.ward_code,
        wd25_wards.ward_name,
        wd25_wards.lad_code,
        wd25_wards.lad_name,
        in_region.region_code,
        in_region.region_name,
        in_region.sub_icb_code,
        in_region.sub_icb_ods_code,
        in_region.sub_icb_name,
        in_region.icb_code,
        in_region.icb_name,
        'wd25' as ward_vintage,
        wd24_to_wd25.ward_match_method,
        false as in_staffs_county_167
    from in_region
    inner join wd24_to_wd25
        on in_region.ward_code = wd24_to_wd25.ward24_code
    inner join wards as wd25_wards
        on wd24_to_wd25.ward25_code = wd25_wards.ward_code

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
