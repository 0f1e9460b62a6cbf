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

-- Disclosure control, step 1 (docs/disclosure-control.md): every count is rounded to base 5 BEFORE any
-- statistic, so a published value or interval inverts only to the rounded counts published beside it.
-- The whole counts are kept for the primary-suppression rule only.
rounded as (

    select
        area_level,
        area_code,
        lad_code,
        period_year,
        measure_id,
        cast(round(numerator) as {{ dbt.type_bigint() }}) as numerator,
        cast(round(denominator) as {{ dbt.type_bigint() }}) as denominator,
        {{ round_to_base('numerator') }} as numerator_rounded,
        {{ round_to_base('denominator') }} as denominator_rounded
    from counts

),

-- rates and limits from the rounded counts; none where the rounded count is under 10 (too unstable to
-- publish, and a rule on a published figure reveals nothing more)
computed as (

    select
        rounded.area_level,
        rounded.area_code,
        rounded.lad_code,
        rounded.period_year,
        rounded.measure_id,
        rounded.numerator,
        rounded.denominator,
        rounded.numerator_rounded,
        rounded.denominator_rounded,
        case
            when rounded.numerator_rounded < 10 or rounded.denominator_rounded <= 0 then null
            when measures.statistic = 'dsr' then standardised.dsr
            else measures.multiplier * rounded.numerator_rounded / rounded.denominator_rounded
        end as value,
        case
            when rounded.numerator_rounded < 10 or rounded.denominator_rounded <= 0 then null
            when measures.statistic = 'proportion'
                then
                    measures.multiplier
                    * {{ wilson_lower('rounded.numerator_rounded', 'rounded.denominator_rounded') }}
            when measures.statistic = 'rate'
                then
                    measures.multiplier * {{ byar_lower('rounded.numerator_rounded') }}
                    / rounded.denominator_rounded
            when measures.statistic = 'dsr' then standardised.dsr_lower
        end as ci_lower,
        case
            when rounded.numerator_rounded < 10 or rounded.denominator_rounded <= 0 then null
            when measures.statistic = 'proportion'
                then
                    measures.multiplier
                    * {{ wilson_upper('rounded.numerator_rounded', 'rounded.denominator_rounded') }}
            when measures.statistic = 'rate'
                then
                    measures.multiplier * {{ byar_upper('rounded.numerator_rounded') }}
                    / rounded.denominator_rounded
            when measures.statistic = 'dsr' then standardised.dsr_upper
        end as ci_upper
    from rounded
    inner join measures
        on rounded.measure_id = measures.measure_id
    -- equality keys only: a constant in the condition makes DuckDB loop over every pair (13 s nationally);
    -- one standardised row per area and year, used only where the statistic is dsr
    left join standardised
        on
            rounded.area_level = standardised.area_level
            and rounded.area_code = standardised.area_code
            and rounded.period_year = standardised.period_year

)

select * from computed
