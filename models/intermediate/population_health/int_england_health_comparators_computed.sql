{#-
  England values of the health measures whose source publishes every English practice: the QOF 2022-23
  registers (NHS England, real), England = sum of every practice's register over the sum of its list size
  for the register's patient group (the register codes map to measure ids as int_lsoa_practice_measures_apportioned
  maps them). One row per measure and year. The other measures have no England value in the sources.
-#}
with

qof_registers as (

    select * from {{ ref('stg_nhs_england__qof_prevalences') }}

),

measures as (

    select * from {{ ref('health_measures') }}

),

registers as (

    select
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
        register_count,
        list_size
    from qof_registers
    where register_code in ('DM', 'DEP', 'HYP', 'AST', 'COPD', 'OB', 'MH', 'CHD', 'STIA', 'HF', 'CKD', 'EP', 'PAD')

),

final as (

    select
        registers.period_year,
        registers.measure_id,
        cast(sum(registers.register_count) as {{ dbt.type_bigint() }}) as england_numerator,
        cast(sum(registers.list_size) as {{ dbt.type_bigint() }}) as england_denominator,
        cast(
            max(measures.multiplier) * sum(registers.register_count) * 1.0 / sum(registers.list_size)
            as {{ type_double() }}
        ) as england_value
    from registers
    inner join measures
        on registers.measure_id = measures.measure_id
    group by registers.period_year, registers.measure_id

)

select * from final
