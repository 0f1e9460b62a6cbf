with

records as (

    select * from {{ ref('stg_synthetic_nhs__patient_records') }}

),

lsoas as (

    select * from {{ ref('int_lsoa21_wards_mapped') }}

),

-- LSOA first (697 groups), then wards: the join then touches 697 rows, not a million
lsoa_counts as (

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

),

final as (

    select
        lsoas.ward_code,
        lsoas.lad_code,
        lsoa_counts.period_year,
        lsoa_counts.age_band,
        sum(lsoa_counts.residents) as residents,
        sum(lsoa_counts.residents_aged_16_plus) as residents_aged_16_plus,
        sum(lsoa_counts.ae_attendances) as ae_attendances,
        sum(lsoa_counts.emergency_admissions) as emergency_admissions,
        sum(lsoa_counts.residents_with_2_plus_conditions) as residents_with_2_plus_conditions,
        sum(lsoa_counts.current_smokers) as current_smokers
    from lsoa_counts
    inner join lsoas
        on lsoa_counts.lsoa21_code = lsoas.lsoa21_code
    group by
        lsoas.ward_code,
        lsoas.lad_code,
        lsoa_counts.period_year,
        lsoa_counts.age_band

)

select * from final
