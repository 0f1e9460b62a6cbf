{#-
  Fingertips-style benchmarking of each ward's health outcome against the ICB, and funnel-plot significance.
  INPUTS (the integrator repoints these two import CTEs when the disclosure-controlled marts change shape):
    ward_outcomes: ward_code, period_year, measure_id, numerator_count, denominator_count, is_suppressed
    lad_outcomes:  period_year, measure_id, numerator_count, denominator_count (summed to the ICB comparator)
  Proportions: Wilson limits, Spiegelhalter funnel limits and significance around the ICB proportion.
  Crude rates: exact Poisson limits below 10 events, Byar from 10, and the package's funnel significance
  (funnel limits for rates are drawn by event count, not per ward: not given here). Other statistics (DSR)
  need the rate variance, which the marts do not publish: their benchmark is null.
-#}
with

ward_outcomes as (

    select * from {{ ref('fct_ward_health_outcomes') }}

),

lad_outcomes as (

    select * from {{ ref('fct_lad_health_outcomes') }}

),

measures as (

    select * from {{ ref('health_measures') }}

),

polarities as (

    select * from {{ ref('health_measure_polarities') }}

),

comparators as (

    select
        lad_outcomes.period_year,
        lad_outcomes.measure_id,
        sum(lad_outcomes.numerator_count) * 1.0 / sum(lad_outcomes.denominator_count) as comparator_ratio
    from lad_outcomes
    inner join measures
        on lad_outcomes.measure_id = measures.measure_id
    where measures.statistic in ('proportion', 'rate')
    group by lad_outcomes.period_year, lad_outcomes.measure_id
    having sum(lad_outcomes.denominator_count) > 0

),

wards as (

    select
        ward_outcomes.ward_code,
        ward_outcomes.period_year,
        ward_outcomes.measure_id,
        measures.statistic,
        cast(measures.multiplier as {{ type_double() }}) as multiplier,
        coalesce(polarities.polarity, 'no judgement') as polarity,
        ward_outcomes.numerator_count,
        ward_outcomes.denominator_count,
        comparators.comparator_ratio
    from ward_outcomes
    inner join measures
        on ward_outcomes.measure_id = measures.measure_id
    left join polarities
        on ward_outcomes.measure_id = polarities.measure_id
    left join comparators
        on
            ward_outcomes.period_year = comparators.period_year
            and ward_outcomes.measure_id = comparators.measure_id
    where
        not ward_outcomes.is_suppressed
        and ward_outcomes.numerator_count is not null
        and ward_outcomes.denominator_count > 0

),

limits as (

    select
        *,
        multiplier * numerator_count / denominator_count as value,
        multiplier * comparator_ratio as comparator_value,
        {%- for level, suffix in [(0.95, '95'), (0.998, '998')] %}
            {%- for side in ['lower', 'upper'] %}
                case
                    when statistic = 'proportion'
                        then multiplier * {{ wilson_limit('numerator_count', 'denominator_count', level, side) }}
                    when statistic = 'rate'
                        then multiplier * {{ poisson_count_limit('numerator_count', level, side) }} / denominator_count
                end as ci_{{ side }}_{{ suffix }},
            {%- endfor %}
        {%- endfor %}
        {%- for p, suffix in [(0.975, '2s'), (0.999, '3s')] %}
            {%- for side in ['lower', 'upper'] %}
                {%- set funnel_limit = funnel_proportion_limit('denominator_count', 'comparator_ratio', p, side) %}
                case
                    when statistic = 'proportion' and comparator_ratio > 0 and comparator_ratio < 1
                        then multiplier * {{ funnel_limit }}
                end as funnel_{{ side }}_{{ suffix }},
            {%- endfor %}
        {%- endfor %}
        case
            when comparator_ratio is null then null
            when statistic = 'proportion'
                then {{ funnel_proportion_significance('numerator_count', 'denominator_count', 'comparator_ratio') }}
            when statistic = 'rate'
                then {{ funnel_poisson_significance('numerator_count', 'denominator_count', 'comparator_ratio') }}
        end as funnel_significance
    from wards

),

final as (

    select
        ward_code,
        period_year,
        measure_id,
        statistic,
        polarity,
        numerator_count,
        denominator_count,
        round(value, 9) as value,
        round(ci_lower_95, 9) as ci_lower_95,
        round(ci_upper_95, 9) as ci_upper_95,
        round(ci_lower_998, 9) as ci_lower_998,
        round(ci_upper_998, 9) as ci_upper_998,
        round(comparator_value, 9) as comparator_value,
        {{ benchmark_against_comparator('ci_lower_95', 'ci_upper_95', 'comparator_value', 'polarity') }}
            as benchmark_95,
        {{ benchmark_against_comparator('ci_lower_998', 'ci_upper_998', 'comparator_value', 'polarity') }}
            as benchmark_998,
        round(case when funnel_lower_2s < 0 then 0 else funnel_lower_2s end, 9) as funnel_lower_2s,
        round(case when funnel_upper_2s > multiplier then multiplier else funnel_upper_2s end, 9)
            as funnel_upper_2s,
        round(case when funnel_lower_3s < 0 then 0 else funnel_lower_3s end, 9) as funnel_lower_3s,
        round(case when funnel_upper_3s > multiplier then multiplier else funnel_upper_3s end, 9)
            as funnel_upper_3s,
        funnel_significance
    from limits

)

select * from final
