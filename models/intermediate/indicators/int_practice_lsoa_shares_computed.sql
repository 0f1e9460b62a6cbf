-- The apportionment key from the real registrations (NHS England, Patients Registered at a GP Practice by
-- LSOA, October 2025). Rows whose area code is not an English LSOA 2021 (CLOSED, EMPTY, Welsh, Scottish,
-- Northern Irish and other codes, 1,433 of 1,210,283 patients) are left out: they cannot be placed in a ward.
with

registrations as (

    select * from {{ ref('stg_nhs_england__gp_registrations') }}

),

lsoas as (

    select * from {{ ref('int_lsoa21_wards_mapped') }}

),

english_lsoa_registrations as (

    select
        practice_code,
        lsoa_code as lsoa21_code,
        registered_patients as patients
    from registrations
    where is_english_lsoa21

),

-- shares over all of a practice's English patients, before the region cut, so a practice's patients living
-- outside the region keep their part of its counts instead of inflating the region's LSOAs
shares as (

    select
        practice_code,
        lsoa21_code,
        patients,
        patients * 1.0 / sum(patients) over (partition by practice_code) as share_of_patients,
        patients * 1.0 / sum(patients) over (partition by lsoa21_code) as share_of_lsoa_patients
    from english_lsoa_registrations

),

final as (

    select
        shares.practice_code,
        shares.lsoa21_code,
        lsoas.ward_code,
        lsoas.lad_code,
        shares.patients,
        shares.share_of_patients,
        shares.share_of_lsoa_patients
    from shares
    inner join lsoas
        on shares.lsoa21_code = lsoas.lsoa21_code

)

select * from final
