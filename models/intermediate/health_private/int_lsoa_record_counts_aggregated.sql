-- The only model that reads the record-level extract (168 million rows for England): it is scanned once,
-- down to one row per LSOA, year and age band, and every later health model and test reads this instead.
with

records as (

    select * from {{ ref('stg_synthetic_nhs__patient_records') }}

),

final as (

    select
        lsoa21_code,
        period_year,
        age_band,
        count(*) as residents,
        count(*) filter (where age_band <> '0-15') as residents_aged_16_plus,
        sum(ae_attendances) as ae_attendances,
        sum(emergency_admissions) as emergency_admissions,
        count(*) filter (where long_term_conditions >= 2) as residents_with_2_plus_conditions,
        count(*) filter (where smoking_status = 'current') as current_smokers
    from records
    group by
        lsoa21_code,
        period_year,
        age_band

)

select * from final
