with

records as (

    select * from {{ ref('int_ward_record_counts_aggregated') }}

),

children as (

    select * from {{ ref('int_child_measurement_counts_aggregated') }}

),

practice_counts as (

    select * from {{ ref('int_ward_practice_counts_apportioned') }}

),

record_totals as (

    select
        ward_code,
        lad_code,
        period_year,
        sum(residents) as residents,
        sum(ae_attendances) as ae_attendances,
        sum(emergency_admissions) as emergency_admissions,
        sum(residents_with_2_plus_conditions) as residents_with_2_plus_conditions
    from records
    group by
        ward_code,
        lad_code,
        period_year

),

ward_counts as (

    select
        ward_code,
        lad_code,
        period_year,
        'ae_attendances' as measure_id,
        cast(ae_attendances as double) as numerator,
        cast(residents as double) as denominator
    from record_totals

    union all

    select
        ward_code,
        lad_code,
        period_year,
        'emergency_admissions' as measure_id,
        cast(emergency_admissions as double) as numerator,
        cast(residents as double) as denominator
    from record_totals

    union all

    select
        ward_code,
        lad_code,
        period_year,
        'emergency_admissions_dsr' as measure_id,
        cast(emergency_admissions as double) as numerator,
        cast(residents as double) as denominator
    from record_totals

    union all

    select
        ward_code,
        lad_code,
        period_year,
        'multimorbidity' as measure_id,
        cast(residents_with_2_plus_conditions as double) as numerator,
        cast(residents as double) as denominator
    from record_totals

    union all

    select
        ward_code,
        lad_code,
        period_year,
        measure_id,
        cast(numerator as double) as numerator,
        cast(denominator as double) as denominator
    from children

    union all

    select
        ward_code,
        lad_code,
        period_year,
        measure_id,
        numerator,
        denominator
    from practice_counts

),

-- local-authority totals are the sums of their wards, so the two published levels always agree
lad_counts as (

    select
        lad_code,
        period_year,
        measure_id,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from ward_counts
    group by
        lad_code,
        period_year,
        measure_id

),

final as (

    select
        'ward' as area_level,
        ward_code as area_code,
        lad_code,
        period_year,
        measure_id,
        numerator,
        denominator
    from ward_counts

    union all

    select
        'lad' as area_level,
        lad_code as area_code,
        lad_code,
        period_year,
        measure_id,
        numerator,
        denominator
    from lad_counts

)

select * from final
