{#-
  Each LSOA 2021 of the build's region with its ward, Census 2021 residents and national IMD 2025 decile
  (1 = England's most deprived tenth): quintile = ceiling(decile / 2), and Core20 (NHS England Core20PLUS5:
  the most deprived 20% of LSOAs nationally) = quintile 1.
-#}
with

lsoa_wards as (

    select * from {{ ref('int_lsoa21_wards_mapped') }}

),

imd as (

    select * from {{ ref('stg_mhclg__iod2025_lsoa_scores') }}

),

final as (

    select
        lsoa_wards.lsoa21_code,
        lsoa_wards.ward_code,
        lsoa_wards.lad_code,
        lsoa_wards.icb_code,
        lsoa_wards.usual_residents,
        imd.imd_rank,
        imd.imd_decile,
        cast(floor((imd.imd_decile + 1) / 2.0) as {{ dbt.type_int() }}) as imd_quintile,
        coalesce(imd.imd_decile <= 2, false) as is_core20
    from lsoa_wards
    left join imd
        on lsoa_wards.lsoa21_code = imd.lsoa21_code

)

select * from final
