with

lsoa_counts as (

    select * from {{ ref('int_lsoa_record_counts_aggregated') }}

),

lsoas as (

    select * from {{ ref('int_lsoa21_wards_mapped') }}

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
