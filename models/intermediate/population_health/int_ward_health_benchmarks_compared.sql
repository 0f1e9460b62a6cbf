{#-
  Fingertips-style benchmarking of each ward's health outcome against the ICB (and England where the source
  has an England value), and funnel-plot significance. Every figure is computed from PUBLISHED cells only
  (fct_ward_health_outcomes, fct_lad_health_outcomes: counts rounded to 5, suppression carried) plus two
  comparators: the ICB DSR (int_icb_emergency_admissions_standardised, from age-band counts rounded to 5) and
  England's QOF prevalence (int_england_health_comparators_computed, public national data).
  Proportions: Wilson limits, Spiegelhalter funnel limits and significance around the ICB proportion.
  Crude rates: exact Poisson limits below 10 events, Byar from 10, and the package's funnel significance
  (funnel LINES for rates are drawn by event count in the package and are not reproduced: not given here).
  DSRs: Dobson limits at 95% and 99.8% with var(DSR) / O taken from the published 95% Dobson interval
  (sqrt(var / O) = (upper - lower) / (Byar upper - Byar lower) of the published count, z = 1.96 as published),
  so the DSR benchmark needs nothing beyond what is published. Suppressed cells, and cells whose value the
  release does not publish (rounded count under 10), carry no value and no comparison.
-#}
with

ward_outcomes as (

    select * from {{ ref('fct_ward_health_outcomes') }}

),

lad_outcomes as (

    select * from {{ ref('fct_lad_health_outcomes') }}

),

icb_dsrs as (

    select * from {{ ref('int_icb_emergency_admissions_standardised') }}

),

england as (

    select * from {{ ref('int_england_health_comparators_computed') }}

),

measures as (

    select * from {{ ref('int_health_measures_classified') }}

),

ward_geography as (

    select * from {{ ref('dim_wards') }}

),

-- each local authority's ICB (its wards' ICB; an England or area build holds several ICBs, and each ward is
-- compared with its own): where an authority's wards straddle two ICBs, the ICB of most of its wards
lad_icb_counts as (

    select
        lad_code,
        icb_code,
        count(*) as n_wards
    from ward_geography
    group by lad_code, icb_code

),

lad_icbs as (

    select
        lad_code,
        icb_code
    from (
        select
            lad_code,
            icb_code,
            row_number() over (partition by lad_code order by n_wards desc, icb_code asc) as icb_order
        from lad_icb_counts
    ) as ranked
    where icb_order = 1

),

ratio_comparators as (

    select
        lad_icbs.icb_code,
        lad_outcomes.period_year,
        lad_outcomes.measure_id,
        sum(lad_outcomes.numerator_count) * 1.0 / sum(lad_outcomes.denominator_count) as comparator_ratio
    from lad_outcomes
    inner join measures
        on lad_outcomes.measure_id = measures.measure_id
    inner join lad_icbs
        on lad_outcomes.lad_code = lad_icbs.lad_code
    where measures.statistic in ('proportion', 'rate')
    group by lad_icbs.icb_code, lad_outcomes.period_year, lad_outcomes.measure_id
    -- a suppressed local authority would leave the ICB total short: no comparator then
    having
        sum(lad_outcomes.denominator_count) > 0
        and sum(case when lad_outcomes.is_suppressed then 1 else 0 end) = 0

),

wards as (

    select
        ward_outcomes.ward_code,
        ward_outcomes.lad_code,
        ward_outcomes.period_year,
        ward_outcomes.measure_id,
        ward_outcomes.measure_name,
        ward_outcomes.unit,
        ward_outcomes.data_status,
        ward_outcomes.is_synthetic,
        measures.statistic,
        measures.multiplier,
        measures.polarity,
        ward_outcomes.is_suppressed,
        -- a figure is derived only where the release publishes one (not suppressed, rounded count 10+)
        not ward_outcomes.is_suppressed and ward_outcomes.value is not null as has_value,
        ward_outcomes.numerator_count,
        ward_outcomes.denominator_count,
        ward_outcomes.value as published_value,
        ward_outcomes.ci_lower as published_ci_lower,
        ward_outcomes.ci_upper as published_ci_upper,
        ratio_comparators.comparator_ratio,
        case
            when measures.statistic = 'dsr' then icb_dsrs.dsr
            else measures.multiplier * ratio_comparators.comparator_ratio
        end as comparator_value,
        england.england_value
    from ward_outcomes
    inner join measures
        on ward_outcomes.measure_id = measures.measure_id
    inner join ward_geography
        on ward_outcomes.ward_code = ward_geography.ward_code
    left join ratio_comparators
        on
            ward_geography.icb_code = ratio_comparators.icb_code
            and ward_outcomes.period_year = ratio_comparators.period_year
            and ward_outcomes.measure_id = ratio_comparators.measure_id
    left join icb_dsrs
        on
            ward_geography.icb_code = icb_dsrs.icb_code
            and ward_outcomes.period_year = icb_dsrs.period_year
            and ward_outcomes.measure_id = icb_dsrs.measure_id
    left join england
        on
            ward_outcomes.period_year = england.period_year
            and ward_outcomes.measure_id = england.measure_id

),

-- a DSR's sqrt(var / O) from its published 95% Dobson interval (published with z = 1.96)
dsr_spreads as (

    select
        *,
        case
            when
                statistic = 'dsr' and has_value and numerator_count >= 10
                and published_ci_lower is not null and published_ci_upper is not null
                then
                    (published_ci_upper - published_ci_lower)
                    / ({{ byar_upper('numerator_count', 1.96) }} - {{ byar_lower('numerator_count', 1.96) }})
        end as dsr_spread
    from wards

),

limits as (

    select
        *,
        case
            when not has_value then null
            when statistic = 'dsr' then published_value
            when denominator_count > 0 then multiplier * numerator_count / denominator_count
        end as value,
        {%- for level, suffix in [(0.95, '95'), (0.998, '998')] %}
            {%- for side in ['lower', 'upper'] %}
                case
                    when not has_value or not denominator_count > 0 then null
                    when statistic = 'proportion'
                        then multiplier * {{ wilson_limit('numerator_count', 'denominator_count', level, side) }}
                    when statistic = 'rate'
                        then multiplier * {{ poisson_count_limit('numerator_count', level, side) }} / denominator_count
                    when statistic = 'dsr'
                        then published_value + dsr_spread * (
                            {{ byar_lower('numerator_count', confidence_z(level)) if side == 'lower'
                                else byar_upper('numerator_count', confidence_z(level)) }} - numerator_count
                        )
                end as ci_{{ side }}_{{ suffix }},
            {%- endfor %}
        {%- endfor %}
        {%- for p, suffix in [(0.975, '2s'), (0.999, '3s')] %}
            {%- for side in ['lower', 'upper'] %}
                {%- set funnel_limit = funnel_proportion_limit('denominator_count', 'comparator_ratio', p, side) %}
                case
                    when
                        statistic = 'proportion' and has_value and denominator_count > 0
                        and comparator_ratio > 0 and comparator_ratio < 1
                        then multiplier * {{ funnel_limit }}
                end as funnel_{{ side }}_{{ suffix }},
            {%- endfor %}
        {%- endfor %}
        case
            when not has_value or comparator_ratio is null or not denominator_count > 0 then null
            when statistic = 'proportion'
                then {{ funnel_proportion_significance('numerator_count', 'denominator_count', 'comparator_ratio') }}
            when statistic = 'rate'
                then {{ funnel_poisson_significance('numerator_count', 'denominator_count', 'comparator_ratio') }}
        end as funnel_significance
    from dsr_spreads

),

final as (

    select
        ward_code,
        lad_code,
        period_year,
        measure_id,
        measure_name,
        unit,
        statistic,
        polarity,
        data_status,
        is_synthetic,
        is_suppressed,
        has_value,
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
        round(england_value, 9) as england_value,
        {{ benchmark_against_comparator('ci_lower_95', 'ci_upper_95', 'england_value', 'polarity') }}
            as england_benchmark_95,
        {{ benchmark_against_comparator('ci_lower_998', 'ci_upper_998', 'england_value', 'polarity') }}
            as england_benchmark_998,
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
