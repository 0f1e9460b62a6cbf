with

shares as (

    select * from {{ ref('int_practice_lsoa_shares_computed') }}

),

smoking as (

    select * from {{ ref('stg_ohid__practice_smoking_prevalences') }}

),

ae_under_5s as (

    select * from {{ ref('stg_ohid__practice_ae_attendances_under_5s') }}

),

registers as (

    select * from {{ ref('stg_synthetic_nhs__qof_registers') }}

),

-- every practice-level count in one shape; the QOF year '2023/24' is labelled by the year it ends
practice_counts as (

    select
        practice_code,
        cast('20' || right(period, 2) as integer) as period_year,
        'qof_smoking' as measure_id,
        'adults' as apportion_by,
        current_smokers as numerator,
        patients_aged_15_plus as denominator
    from smoking
    where period = (select max(latest.period) from smoking as latest)

    union all

    select
        practice_code,
        cast('20' || right(period, 2) as integer) as period_year,
        'ae_attendances_0_4' as measure_id,
        'children' as apportion_by,
        ae_attendances as numerator,
        children_aged_0_4 as denominator
    from ae_under_5s

    union all

    select
        practice_code,
        period_year,
        case register_code
            when 'DM' then 'qof_diabetes'
            when 'DEP' then 'qof_depression'
            when 'HYP' then 'qof_hypertension'
            when 'AST' then 'qof_asthma'
            when 'COPD' then 'qof_copd'
            when 'OB' then 'qof_obesity'
        end as measure_id,
        case when denominator_ages = '16+' then 'adults' else 'patients' end as apportion_by,
        cast(register_count as double) as numerator,
        cast(denominator as double) as denominator
    from registers
    where register_code in ('DM', 'DEP', 'HYP', 'AST', 'COPD', 'OB')

),

-- practice -> LSOA by the share of the practice's (relevant) patients living there, then LSOA -> ward
apportioned as (

    select
        shares.ward_code,
        shares.lad_code,
        practice_counts.period_year,
        practice_counts.measure_id,
        sum(
            practice_counts.numerator
            * case practice_counts.apportion_by
                when 'adults' then shares.share_of_adults
                when 'children' then shares.share_of_children
                else shares.share_of_patients
            end
        ) as numerator,
        sum(
            practice_counts.denominator
            * case practice_counts.apportion_by
                when 'adults' then shares.share_of_adults
                when 'children' then shares.share_of_children
                else shares.share_of_patients
            end
        ) as denominator
    from practice_counts
    inner join shares
        on practice_counts.practice_code = shares.practice_code
    where practice_counts.numerator is not null and practice_counts.denominator is not null
    group by
        shares.ward_code,
        shares.lad_code,
        practice_counts.period_year,
        practice_counts.measure_id

)

select * from apportioned
