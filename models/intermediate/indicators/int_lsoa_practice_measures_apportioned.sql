-- Practice-level published data (real: QOF 2022-23 registers, QOF smoking, A&E attendances 0-4) estimated
-- for LSOAs with the real registrations (House of Commons Library method for local QOF prevalence).
-- A practice's numerator and its denominator (the list of the register's age group) are both spread over
-- LSOAs by the share of the practice's patients living there, so an LSOA's rate is
--     sum over practices p of rate_p x (age-group patients at p living in the LSOA)
--                                   / (age-group patients living in the LSOA, all practices),
-- the practice rates weighted by the share of the LSOA's registered patients at each practice. Practices
-- without a figure for a measure drop out of its numerator and denominator alike.
with

shares as (

    select * from {{ ref('int_practice_lsoa_shares_computed') }}

),

practice_counts as (

    select * from {{ ref('int_practice_measures_unioned') }}

),

lsoas as (

    select * from {{ ref('int_lsoa21_wards_mapped') }}

),

-- practice -> LSOA: each practice's counts spread by the share of its patients living in each LSOA
apportioned as (

    select
        shares.lsoa21_code,
        practice_counts.period_year,
        practice_counts.measure_id,
        max(practice_counts.multiplier) as multiplier,
        sum(practice_counts.numerator * shares.share_of_patients) as numerator,
        sum(practice_counts.denominator * shares.share_of_patients) as denominator,
        sum(shares.patients) as registered_patients
    from practice_counts
    inner join shares
        on practice_counts.practice_code = shares.practice_code
    where
        practice_counts.numerator is not null
        and practice_counts.denominator > 0
    group by
        shares.lsoa21_code,
        practice_counts.period_year,
        practice_counts.measure_id

),

final as (

    select
        apportioned.lsoa21_code,
        lsoas.ward_code,
        lsoas.lad_code,
        apportioned.period_year,
        apportioned.measure_id,
        apportioned.multiplier * apportioned.numerator / apportioned.denominator as value,
        apportioned.numerator,
        apportioned.denominator,
        apportioned.registered_patients,
        apportioned.registered_patients * 1.0 / nullif(lsoas.usual_residents, 0) as registration_coverage
    from apportioned
    inner join lsoas
        on apportioned.lsoa21_code = lsoas.lsoa21_code
    -- the registrations file holds the ICB's practices only: outside the ICB an LSOA's estimate would rest on
    -- the few residents registered across the border, so estimates stop at the ICB (in an England build too)
    where lsoas.icb_code = '{{ var("region_icb_code") }}'

)

select * from final
