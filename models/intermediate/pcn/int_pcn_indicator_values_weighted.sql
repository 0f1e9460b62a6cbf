-- The index's area-based health indicators (IoD 2025 health indicators, life expectancy, Census 2021 health)
-- for each Primary Care Network: the mean of its patients' LSOA values weighted by registered patients.
-- LSOAs, not wards: the indicators are published for LSOAs (or MSOAs, carried to LSOAs), so a PCN whose
-- patients live in a few LSOAs of a ward takes those LSOAs' values, not the ward's. Practice-based
-- indicators are practice data already (int_pcn_health_counts_apportioned); synthetic ones are counts.
with

lsoa_values as (

    select * from {{ ref('int_lsoa21_measures_harmonised') }}

),

framework as (

    select * from {{ ref('ward_framework') }}

),

practice_lsoas as (

    select * from {{ ref('int_practice_lsoa_patients_classified') }}

),

health_indicators as (

    select
        indicator_id,
        source_name,
        source_measure,
        data_period,
        data_status,
        is_synthetic
    from framework
    where
        component in ('Health and Wellness', 'Nutrition and Basic Medical Care')
        and source_family not in ('nhs_practice', 'synthetic_nhs')

),

pcn_lsoas as (

    select
        pcn_code,
        lsoa21_code,
        sum(patients) as patients
    from practice_lsoas
    group by
        pcn_code,
        lsoa21_code

),

pcn_patients as (

    select
        pcn_code,
        sum(patients) as patients
    from pcn_lsoas
    group by pcn_code

),

weighted as (

    select
        pcn_lsoas.pcn_code,
        health_indicators.indicator_id,
        sum(pcn_lsoas.patients * lsoa_values.value) / sum(pcn_lsoas.patients) as value,
        sum(pcn_lsoas.patients) as patients_covered
    from health_indicators
    inner join lsoa_values
        on
            health_indicators.source_name = lsoa_values.source_name
            and health_indicators.source_measure = lsoa_values.measure
    inner join pcn_lsoas
        on lsoa_values.lsoa21_code = pcn_lsoas.lsoa21_code
    where lsoa_values.value is not null
    group by
        pcn_lsoas.pcn_code,
        health_indicators.indicator_id

),

final as (

    select
        weighted.pcn_code,
        weighted.indicator_id,
        health_indicators.data_period,
        health_indicators.data_status,
        health_indicators.is_synthetic,
        cast(weighted.value as {{ type_double() }}) as value,
        cast(weighted.patients_covered as {{ dbt.type_bigint() }}) as patients_covered,
        cast(weighted.patients_covered * 1.0 / pcn_patients.patients as {{ type_double() }}) as patient_coverage
    from weighted
    inner join health_indicators
        on weighted.indicator_id = health_indicators.indicator_id
    inner join pcn_patients
        on weighted.pcn_code = pcn_patients.pcn_code

)

select * from final
