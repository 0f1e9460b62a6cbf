with

counts as (

    select * from {{ ref('int_health_counts_unioned') }}

),

measures as (

    select * from {{ ref('health_measures') }}

),

standardised as (

    select * from {{ ref('int_emergency_admissions_standardised') }}

),

-- rates and limits from the unrounded counts; none where the count is under 10 (too unstable to publish)
computed as (

    select
        counts.area_level,
        counts.area_code,
        counts.lad_code,
        counts.period_year,
        counts.measure_id,
        counts.numerator,
        counts.denominator,
        case
            when counts.numerator < 10 or counts.denominator <= 0 then null
            when measures.statistic = 'dsr' then standardised.dsr
            else measures.multiplier * counts.numerator / counts.denominator
        end as value,
        case
            when counts.numerator < 10 or counts.denominator <= 0 then null
            when measures.statistic = 'proportion'
                then measures.multiplier * {{ wilson_lower('counts.numerator', 'counts.denominator') }}
            when measures.statistic = 'rate'
                then measures.multiplier * {{ byar_lower('counts.numerator') }} / counts.denominator
            when measures.statistic = 'dsr' then standardised.dsr_lower
        end as ci_lower,
        case
            when counts.numerator < 10 or counts.denominator <= 0 then null
            when measures.statistic = 'proportion'
                then measures.multiplier * {{ wilson_upper('counts.numerator', 'counts.denominator') }}
            when measures.statistic = 'rate'
                then measures.multiplier * {{ byar_upper('counts.numerator') }} / counts.denominator
            when measures.statistic = 'dsr' then standardised.dsr_upper
        end as ci_upper
    from counts
    inner join measures
        on counts.measure_id = measures.measure_id
    -- equality keys only: a constant in the condition makes DuckDB loop over every pair (13 s nationally);
    -- one standardised row per area and year, used only where the statistic is dsr
    left join standardised
        on
            counts.area_level = standardised.area_level
            and counts.area_code = standardised.area_code
            and counts.period_year = standardised.period_year

)

select * from computed
