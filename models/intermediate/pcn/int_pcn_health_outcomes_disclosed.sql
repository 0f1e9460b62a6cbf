-- Disclosure control of the PCN health counts, by the rules of the ward and LA cells
-- (docs/disclosure-control.md, int_health_statistics_computed and int_health_outcomes_disclosed):
-- 1. every count is rounded to base 5 before any rate or interval is computed, values and limits to one
--    decimal place, none where the rounded numerator is under 10;
-- 2. primary: numerator, denominator or (for a proportion) denominator minus numerator of 1 to 7;
-- 3. secondary: the PCN cells of a measure are tied by one relation (together they hold the ICB's counts,
--    which the LA cells publish), so where exactly one PCN cell of a measure is suppressed its smallest other
--    cell (non-zero first) is suppressed too; with no other relation among PCN cells one pass settles it;
-- 4. one reason for every suppressed cell.
with

counts as (

    select * from {{ ref('int_pcn_health_counts_apportioned') }}

),

measures as (

    select * from {{ ref('health_measures') }}

),

rounded as (

    select
        counts.pcn_code,
        counts.period_year,
        counts.measure_id,
        counts.value_method,
        counts.patients_covered,
        measures.statistic,
        measures.multiplier,
        cast(round(counts.numerator) as {{ dbt.type_bigint() }}) as numerator,
        cast(round(counts.denominator) as {{ dbt.type_bigint() }}) as denominator,
        {{ round_to_base('counts.numerator') }} as numerator_rounded,
        {{ round_to_base('counts.denominator') }} as denominator_rounded
    from counts
    inner join measures
        on counts.measure_id = measures.measure_id
    -- the PCN cells carry proportions and crude rates (no DSR: no age bands are apportioned to PCNs)
    where measures.statistic in ('proportion', 'rate')

),

computed as (

    select
        pcn_code,
        period_year,
        measure_id,
        value_method,
        patients_covered,
        numerator,
        denominator,
        numerator_rounded,
        denominator_rounded,
        case
            when numerator_rounded < 10 or denominator_rounded <= 0 then null
            else multiplier * numerator_rounded / denominator_rounded
        end as value,
        case
            when numerator_rounded < 10 or denominator_rounded <= 0 then null
            when statistic = 'proportion'
                then multiplier * {{ wilson_lower('numerator_rounded', 'denominator_rounded') }}
            else multiplier * {{ byar_lower('numerator_rounded') }} / denominator_rounded
        end as ci_lower,
        case
            when numerator_rounded < 10 or denominator_rounded <= 0 then null
            when statistic = 'proportion'
                then multiplier * {{ wilson_upper('numerator_rounded', 'denominator_rounded') }}
            else multiplier * {{ byar_upper('numerator_rounded') }} / denominator_rounded
        end as ci_upper,
        coalesce(
            numerator between 1 and 7
            or denominator between 1 and 7
            or (statistic = 'proportion' and denominator - numerator between 1 and 7),
            false
        ) as is_primary
    from rounded

),

-- secondary: where a measure has exactly one primary PCN cell, its smallest other cell (non-zero first)
ranked as (

    select
        pcn_code,
        measure_id,
        is_primary,
        count(case when is_primary then 1 end) over (partition by measure_id, period_year) as primary_cells,
        row_number() over (
            partition by measure_id, period_year
            order by is_primary, numerator = 0, numerator, denominator, pcn_code
        ) as candidate_rank
    from computed

),

final as (

    select
        computed.pcn_code,
        computed.period_year,
        computed.measure_id,
        computed.value_method,
        computed.patients_covered,
        computed.is_primary,
        computed.is_primary or (ranked.primary_cells = 1 and ranked.candidate_rank = 1 and not ranked.is_primary)
            as is_suppressed,
        computed.numerator_rounded,
        computed.denominator_rounded,
        computed.value,
        computed.ci_lower,
        computed.ci_upper
    from computed
    inner join ranked
        on
            computed.pcn_code = ranked.pcn_code
            and computed.measure_id = ranked.measure_id

),

published as (

    select
        pcn_code,
        period_year,
        measure_id,
        value_method,
        patients_covered,
        is_primary,
        is_suppressed,
        case when not is_suppressed then numerator_rounded end as numerator_count,
        case when not is_suppressed then denominator_rounded end as denominator_count,
        case when not is_suppressed then round(value, 1) end as value,
        case when not is_suppressed then round(ci_lower, 1) end as ci_lower,
        case when not is_suppressed then round(ci_upper, 1) end as ci_upper,
        case
            when is_suppressed then 'suppressed: a small count, or protecting one'
            when value is null then 'value not published: rounded count under 10'
        end as suppression_reason
    from final

)

select * from published
