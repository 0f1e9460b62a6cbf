-- Health counts for each Primary Care Network, before disclosure control (private: never published as is).
--  * practice data (QOF registers, QOF smoking, A&E 0-4): the PCN's own practices' counts summed, the
--    latest period of each measure (public practice data; the same disclosure rules apply downstream);
--  * record-level measures (synthetic extract, counted by where residents live): each LSOA's count is spread
--    over the ICB's PCNs by the share of the LSOA's registered patients at each PCN's practices, so a PCN's
--    count is sum over LSOAs of count x share (an estimate, fractional), the latest year (child obesity:
--    the latest three years of both school years pooled, the index's measure).
with

practice_counts as (

    select * from {{ ref('int_practice_measures_unioned') }}

),

practice_lsoas as (

    select * from {{ ref('int_practice_lsoa_patients_classified') }}

),

lsoa_records as (

    select * from {{ ref('int_lsoa_record_counts_aggregated') }}

),

child_measurements as (

    select * from {{ ref('stg_synthetic_nhs__child_measurements') }}

),

-- each practice's PCN and its patients living in English LSOAs
practice_pcns as (

    select
        practice_code,
        pcn_code,
        sum(patients) as patients
    from practice_lsoas
    group by
        practice_code,
        pcn_code

),

-- practice data: the PCN's practices with a figure, the latest period of each measure
latest_practice_periods as (

    select
        measure_id,
        max(period_year) as period_year
    from practice_counts
    group by measure_id

),

practice_aggregates as (

    select
        practice_pcns.pcn_code,
        practice_counts.period_year,
        practice_counts.measure_id,
        'practice_aggregate' as value_method,
        sum(practice_counts.numerator) as numerator,
        sum(practice_counts.denominator) as denominator,
        sum(practice_pcns.patients) as patients_covered
    from practice_counts
    inner join latest_practice_periods
        on
            practice_counts.measure_id = latest_practice_periods.measure_id
            and practice_counts.period_year = latest_practice_periods.period_year
    inner join practice_pcns
        on practice_counts.practice_code = practice_pcns.practice_code
    where
        practice_counts.numerator is not null
        and practice_counts.denominator > 0
    group by
        practice_pcns.pcn_code,
        practice_counts.period_year,
        practice_counts.measure_id

),

-- the weight of an LSOA's residents that each PCN takes (its practices' share of the LSOA's patients)
pcn_lsoa_weights as (

    select
        pcn_code,
        lsoa21_code,
        sum(share_of_lsoa_patients) as share_of_lsoa_patients,
        sum(patients) as patients
    from practice_lsoas
    where is_in_region
    group by
        pcn_code,
        lsoa21_code

),

latest_record_year as (

    select max(period_year) as period_year
    from lsoa_records

),

lsoa_record_totals as (

    select
        lsoa_records.lsoa21_code,
        lsoa_records.period_year,
        sum(lsoa_records.residents) as residents,
        sum(lsoa_records.ae_attendances) as ae_attendances,
        sum(lsoa_records.emergency_admissions) as emergency_admissions,
        sum(lsoa_records.residents_with_2_plus_conditions) as residents_with_2_plus_conditions
    from lsoa_records
    inner join latest_record_year
        on lsoa_records.period_year = latest_record_year.period_year
    group by
        lsoa_records.lsoa21_code,
        lsoa_records.period_year

),

record_counts as (

    select
        pcn_lsoa_weights.pcn_code,
        lsoa_record_totals.period_year,
        sum(lsoa_record_totals.residents * pcn_lsoa_weights.share_of_lsoa_patients) as residents,
        sum(lsoa_record_totals.ae_attendances * pcn_lsoa_weights.share_of_lsoa_patients) as ae_attendances,
        sum(lsoa_record_totals.emergency_admissions * pcn_lsoa_weights.share_of_lsoa_patients)
            as emergency_admissions,
        sum(lsoa_record_totals.residents_with_2_plus_conditions * pcn_lsoa_weights.share_of_lsoa_patients)
            as residents_with_2_plus_conditions,
        sum(pcn_lsoa_weights.patients) as patients_covered
    from lsoa_record_totals
    inner join pcn_lsoa_weights
        on lsoa_record_totals.lsoa21_code = pcn_lsoa_weights.lsoa21_code
    group by
        pcn_lsoa_weights.pcn_code,
        lsoa_record_totals.period_year

),

record_measures as (

    select
        pcn_code,
        period_year,
        'ae_attendances' as measure_id,
        'lsoa_counts_apportioned' as value_method,
        ae_attendances as numerator,
        residents as denominator,
        patients_covered
    from record_counts

    union all

    select
        pcn_code,
        period_year,
        'emergency_admissions' as measure_id,
        'lsoa_counts_apportioned' as value_method,
        emergency_admissions as numerator,
        residents as denominator,
        patients_covered
    from record_counts

    union all

    select
        pcn_code,
        period_year,
        'multimorbidity' as measure_id,
        'lsoa_counts_apportioned' as value_method,
        residents_with_2_plus_conditions as numerator,
        residents as denominator,
        patients_covered
    from record_counts

),

-- child obesity: the latest three years of both school years pooled (single years are too small)
latest_child_year as (

    select max(period_year) as period_year
    from child_measurements

),

lsoa_children as (

    select
        child_measurements.lsoa21_code,
        latest_child_year.period_year,
        sum(child_measurements.children_obese) as children_obese,
        sum(child_measurements.children_measured) as children_measured
    from child_measurements
    inner join latest_child_year
        on child_measurements.period_year between latest_child_year.period_year - 2 and latest_child_year.period_year
    group by
        child_measurements.lsoa21_code,
        latest_child_year.period_year

),

child_counts as (

    select
        pcn_lsoa_weights.pcn_code,
        lsoa_children.period_year,
        'child_obesity_3y' as measure_id,
        'lsoa_counts_apportioned' as value_method,
        sum(lsoa_children.children_obese * pcn_lsoa_weights.share_of_lsoa_patients) as numerator,
        sum(lsoa_children.children_measured * pcn_lsoa_weights.share_of_lsoa_patients) as denominator,
        sum(pcn_lsoa_weights.patients) as patients_covered
    from lsoa_children
    inner join pcn_lsoa_weights
        on lsoa_children.lsoa21_code = pcn_lsoa_weights.lsoa21_code
    group by
        pcn_lsoa_weights.pcn_code,
        lsoa_children.period_year

),

final as (

    select
        pcn_code,
        cast(period_year as {{ dbt.type_int() }}) as period_year,
        measure_id,
        value_method,
        cast(numerator as {{ type_double() }}) as numerator,
        cast(denominator as {{ type_double() }}) as denominator,
        cast(patients_covered as {{ dbt.type_bigint() }}) as patients_covered
    from practice_aggregates

    union all

    select
        pcn_code,
        cast(period_year as {{ dbt.type_int() }}) as period_year,
        measure_id,
        value_method,
        cast(numerator as {{ type_double() }}) as numerator,
        cast(denominator as {{ type_double() }}) as denominator,
        cast(patients_covered as {{ dbt.type_bigint() }}) as patients_covered
    from record_measures

    union all

    select
        pcn_code,
        cast(period_year as {{ dbt.type_int() }}) as period_year,
        measure_id,
        value_method,
        cast(numerator as {{ type_double() }}) as numerator,
        cast(denominator as {{ type_double() }}) as denominator,
        cast(patients_covered as {{ dbt.type_bigint() }}) as patients_covered
    from child_counts

)

select * from final
