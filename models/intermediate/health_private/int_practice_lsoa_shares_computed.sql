with

registrations as (

    select * from {{ ref('stg_synthetic_nhs__gp_registrations') }}

),

lsoas as (

    select * from {{ ref('int_lsoa21_wards_mapped') }}

),

practice_lsoa as (

    select
        registrations.practice_code,
        registrations.lsoa21_code,
        lsoas.ward_code,
        lsoas.lad_code,
        sum(registrations.registered_patients) as patients,
        sum(case when registrations.age_band = '0-15' then registrations.registered_patients else 0 end)
            as patients_aged_0_15,
        sum(case when registrations.age_band <> '0-15' then registrations.registered_patients else 0 end)
            as patients_aged_16_plus
    from registrations
    inner join lsoas
        on registrations.lsoa21_code = lsoas.lsoa21_code
    group by
        registrations.practice_code,
        registrations.lsoa21_code,
        lsoas.ward_code,
        lsoas.lad_code

),

-- the share of each practice's patients (all, children, adults) living in each LSOA: the apportionment key
final as (

    select
        practice_code,
        lsoa21_code,
        ward_code,
        lad_code,
        patients,
        patients_aged_0_15,
        patients_aged_16_plus,
        patients * 1.0 / sum(patients) over (partition by practice_code) as share_of_patients,
        patients_aged_0_15 * 1.0 / nullif(sum(patients_aged_0_15) over (partition by practice_code), 0)
            as share_of_children,
        patients_aged_16_plus * 1.0 / nullif(sum(patients_aged_16_plus) over (partition by practice_code), 0)
            as share_of_adults
    from practice_lsoa

)

select * from final
