-- The key every PCN figure is built on: each practice's registered patients by the LSOA they live in (real,
-- NHS England, October 2025), with the practice's Primary Care Network, the LSOA's national IMD 2025 decile
-- (Core20 = England's most deprived 20% of LSOAs) and, inside the build's region, its best-fit ward.
-- Every English LSOA is kept (not only the region's), so a PCN's Core20 share counts all its patients.
with

registrations as (

    select * from {{ ref('stg_nhs_england__gp_registrations') }}

),

imd as (

    select * from {{ ref('stg_mhclg__iod2025_lsoa_scores') }}

),

lsoa_wards as (

    select * from {{ ref('int_lsoa21_wards_mapped') }}

),

english_lsoa_registrations as (

    select
        practice_code,
        pcn_code,
        pcn_name,
        lsoa_code as lsoa21_code,
        registered_patients as patients
    from registrations
    where is_english_lsoa21

),

-- the share of an LSOA's registered patients (at the file's practices, the ICB's) held by each practice:
-- the weight that spreads an LSOA's resident counts over practices and PCNs
shares as (

    select
        practice_code,
        pcn_code,
        pcn_name,
        lsoa21_code,
        patients,
        patients * 1.0 / sum(patients) over (partition by lsoa21_code) as share_of_lsoa_patients
    from english_lsoa_registrations

),

final as (

    select
        shares.practice_code,
        shares.pcn_code,
        shares.pcn_name,
        shares.lsoa21_code,
        cast(shares.patients as {{ dbt.type_bigint() }}) as patients,
        cast(shares.share_of_lsoa_patients as {{ type_double() }}) as share_of_lsoa_patients,
        cast(imd.imd_decile as {{ dbt.type_int() }}) as imd_decile,
        coalesce(imd.imd_decile <= 2, false) as is_core20,
        lsoa_wards.ward_code,
        lsoa_wards.lad_code,
        lsoa_wards.lsoa21_code is not null as is_in_region
    from shares
    left join imd
        on shares.lsoa21_code = imd.lsoa21_code
    left join lsoa_wards
        on shares.lsoa21_code = lsoa_wards.lsoa21_code

)

select * from final
