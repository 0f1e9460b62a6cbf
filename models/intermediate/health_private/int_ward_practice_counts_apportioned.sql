-- The health marts' practice-based measures: the LSOA estimates of int_lsoa_practice_measures_apportioned
-- (real practice data apportioned with the real registrations) summed to wards, so the health marts and the
-- index share one apportionment.
with

lsoa_measures as (

    select * from {{ ref('int_lsoa_practice_measures_apportioned') }}

),

final as (

    select
        ward_code,
        lad_code,
        period_year,
        measure_id,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from lsoa_measures
    group by
        ward_code,
        lad_code,
        period_year,
        measure_id

)

select * from final
