-- Every practice-level published count in one shape (real: QOF 2022-23 registers, QOF smoking, A&E
-- attendances 0-4), read by the LSOA apportionment (int_lsoa_practice_measures_apportioned) and the PCN
-- aggregates (int_pcn_health_counts_apportioned), so both use one definition.
with

smoking as (

    select * from {{ ref('stg_ohid__practice_smoking_prevalences') }}

),

ae_under_5s as (

    select * from {{ ref('stg_ohid__practice_ae_attendances_under_5s') }}

),

qof_registers as (

    select * from {{ ref('stg_nhs_england__qof_prevalences') }}

),

-- every practice-level count in one shape; QOF and financial years are labelled by the year they end
practice_counts as (

    select
        practice_code,
        cast('20' || right(period, 2) as {{ dbt.type_int() }}) as period_year,
        'qof_smoking' as measure_id,
        100.0 as multiplier,
        current_smokers as numerator,
        patients_aged_15_plus as denominator
    from smoking
    where period = (select max(latest.period) from smoking as latest)

    union all

    select
        practice_code,
        cast('20' || right(period, 2) as {{ dbt.type_int() }}) as period_year,
        'ae_attendances_0_4' as measure_id,
        1000.0 as multiplier,
        ae_attendances as numerator,
        children_aged_0_4 as denominator
    from ae_under_5s

    union all

    select
        practice_code,
        cast('20' || right(qof_year, 2) as {{ dbt.type_int() }}) as period_year,
        case register_code
            when 'DM' then 'qof_diabetes'
            when 'DEP' then 'qof_depression'
            when 'HYP' then 'qof_hypertension'
            when 'AST' then 'qof_asthma'
            when 'COPD' then 'qof_copd'
            when 'OB' then 'qof_obesity'
            when 'MH' then 'qof_smi'
            when 'CHD' then 'qof_chd'
            when 'STIA' then 'qof_stroke'
            when 'HF' then 'qof_heart_failure'
            when 'CKD' then 'qof_ckd'
            when 'EP' then 'qof_epilepsy'
            when 'PAD' then 'qof_pad'
        end as measure_id,
        100.0 as multiplier,
        cast(register_count as {{ type_double() }}) as numerator,
        cast(list_size as {{ type_double() }}) as denominator
    from qof_registers
    where register_code in ('DM', 'DEP', 'HYP', 'AST', 'COPD', 'OB', 'MH', 'CHD', 'STIA', 'HF', 'CKD', 'EP', 'PAD')

)

select * from practice_counts
