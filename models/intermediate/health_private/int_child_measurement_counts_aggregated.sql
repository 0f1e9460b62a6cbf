with

measurements as (

    select * from {{ ref('stg_synthetic_nhs__child_measurements') }}

),

lsoas as (

    select * from {{ ref('int_lsoa21_wards_mapped') }}

),

single_years as (

    select
        lsoas.ward_code,
        lsoas.lad_code,
        measurements.period_year,
        'child_obesity_' || replace(measurements.school_year, '_', '') as measure_id,
        sum(measurements.children_obese) as numerator,
        sum(measurements.children_measured) as denominator
    from measurements
    inner join lsoas
        on measurements.lsoa21_code = lsoas.lsoa21_code
    group by
        lsoas.ward_code,
        lsoas.lad_code,
        measurements.period_year,
        measurements.school_year

),

-- three years pooled (as OHID publishes NCMP for wards): single years are too small to publish in most wards
pooled as (

    select
        single_years.ward_code,
        single_years.lad_code,
        single_years.period_year,
        single_years.measure_id || '_3y' as measure_id,
        sum(earlier.numerator) as numerator,
        sum(earlier.denominator) as denominator
    from single_years
    inner join single_years as earlier
        on
            single_years.ward_code = earlier.ward_code
            and single_years.measure_id = earlier.measure_id
            and earlier.period_year between single_years.period_year - 2 and single_years.period_year
    group by
        single_years.ward_code,
        single_years.lad_code,
        single_years.period_year,
        single_years.measure_id
    having count(*) = 3

),

-- both school years together: the index's measure, small enough wards still reach a count of 10
pooled_both as (

    select
        ward_code,
        lad_code,
        period_year,
        'child_obesity_3y' as measure_id,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from pooled
    group by
        ward_code,
        lad_code,
        period_year

),

final as (

    select * from single_years
    union all
    select * from pooled
    union all
    select * from pooled_both

)

select * from final
