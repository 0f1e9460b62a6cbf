{#-
  Health outcomes for each Primary Care Network, re-expressed through the real registrations (October
  2025). Three kinds of row, named by value_method:
    practice_aggregate      practice data (QOF registers, QOF smoking, A&E 0-4): the PCN's own practices'
                            published counts summed (register / list), disclosure-controlled as every count;
    lsoa_counts_apportioned record-level measures (SYNTHETIC extract): each LSOA's count spread over the PCNs
                            by the share of the LSOA's registered patients at their practices, then the
                            disclosure control of the ward cells (rounding to 5, suppression of 1-7);
    lsoa_values_weighted    the index's area-based health indicators (IoD 2025 health indicators, life
                            expectancy, Census 2021 health): the patient-weighted mean of the LSOA values;
                            no counts.
-#}
with

counts as (

    select * from {{ ref('int_pcn_health_outcomes_disclosed') }}

),

indicator_values as (

    select * from {{ ref('int_pcn_indicator_values_weighted') }}

),

measures as (

    select * from {{ ref('health_measures') }}

),

framework as (

    select * from {{ ref('ward_framework') }}

),

practice_lsoas as (

    select * from {{ ref('int_practice_lsoa_patients_classified') }}

),

pcns as (

    select
        pcn_code,
        max(pcn_name) as pcn_name,
        sum(patients) as registered_patients
    from practice_lsoas
    group by pcn_code

),

count_rows as (

    select
        counts.pcn_code,
        counts.measure_id,
        measures.measure_name,
        measures.unit,
        case
            when counts.value_method = 'practice_aggregate'
                then
                    cast(counts.period_year - 1 as {{ dbt.type_string() }}) || '/'
                    || right(cast(counts.period_year as {{ dbt.type_string() }}), 2)
            when right(counts.measure_id, 3) = '_3y'
                then
                    cast(counts.period_year - 2 as {{ dbt.type_string() }}) || '-'
                    || cast(counts.period_year as {{ dbt.type_string() }})
            else cast(counts.period_year as {{ dbt.type_string() }})
        end as period,
        counts.period_year,
        counts.value_method,
        counts.value,
        counts.ci_lower,
        counts.ci_upper,
        counts.numerator_count,
        counts.denominator_count,
        counts.is_suppressed,
        counts.suppression_reason,
        counts.patients_covered,
        measures.data_status,
        measures.is_synthetic as has_synthetic_inputs
    from counts
    inner join measures
        on counts.measure_id = measures.measure_id

),

value_rows as (

    select
        indicator_values.pcn_code,
        indicator_values.indicator_id as measure_id,
        framework.indicator_name as measure_name,
        framework.unit,
        indicator_values.data_period as period,
        cast(null as {{ dbt.type_int() }}) as period_year,
        'lsoa_values_weighted' as value_method,
        indicator_values.value,
        cast(null as {{ type_double() }}) as ci_lower,
        cast(null as {{ type_double() }}) as ci_upper,
        cast(null as {{ dbt.type_bigint() }}) as numerator_count,
        cast(null as {{ dbt.type_bigint() }}) as denominator_count,
        false as is_suppressed,
        cast(null as {{ dbt.type_string() }}) as suppression_reason,
        indicator_values.patients_covered,
        indicator_values.data_status,
        indicator_values.is_synthetic as has_synthetic_inputs
    from indicator_values
    inner join framework
        on indicator_values.indicator_id = framework.indicator_id

),

unioned as (

    select * from count_rows
    union all
    select * from value_rows

),

final as (

    select
        unioned.pcn_code,
        pcns.pcn_name,
        unioned.measure_id,
        unioned.measure_name,
        unioned.unit,
        cast(unioned.period as {{ dbt.type_string() }}) as period,
        cast(unioned.period_year as {{ dbt.type_int() }}) as period_year,
        unioned.value_method,
        cast(unioned.value as {{ type_double() }}) as value,
        cast(unioned.ci_lower as {{ type_double() }}) as ci_lower,
        cast(unioned.ci_upper as {{ type_double() }}) as ci_upper,
        cast(unioned.numerator_count as {{ dbt.type_bigint() }}) as numerator_count,
        cast(unioned.denominator_count as {{ dbt.type_bigint() }}) as denominator_count,
        unioned.is_suppressed,
        unioned.suppression_reason,
        cast(unioned.patients_covered * 1.0 / pcns.registered_patients as {{ type_double() }}) as patient_coverage,
        unioned.data_status,
        unioned.has_synthetic_inputs
    from unioned
    inner join pcns
        on unioned.pcn_code = pcns.pcn_code

)

select * from final
