{#-
  Recent trend of each ward health outcome with three or more published periods, as OHID Fingertips' recent
  trends: the last five periods (at most) of a ward and measure, only when every one of them has a published
  value (suppressed or unpublished periods break the series: no trend then).
  Proportions: chi-squared test for linear trend (Cochran-Armitage): T = sum r_i (t_i - tbar), tbar the
  denominator-weighted mean period, var(T) = p (1 - p) sum n_i (t_i - tbar)^2 with p the pooled proportion.
  Crude rates: the Poisson score test for a log-linear trend: the same T with var(T) = (R / N) sum n_i
  (t_i - tbar)^2. DSRs: inverse-variance weighted least squares slope of the DSR on the period (var(DSR) from
  its Dobson interval), statistic (slope / se)^2. Each statistic is chi-squared on 1 degree of freedom,
  significant at 95% above 1.96^2 and at 99.8% above 3.09^2. Every input is a published, rounded count.
-#}
{%- set z95 = confidence_z(0.95) -%}
{%- set z998 = confidence_z(0.998) -%}
with

benchmarks as (

    select * from {{ ref('int_ward_health_benchmarks_compared') }}

),

ranked as (

    select
        *,
        row_number() over (partition by ward_code, measure_id order by period_year desc) as recency,
        count(*) over (partition by measure_id, ward_code) as measure_periods
    from benchmarks

),

series as (

    select
        *,
        cast(period_year as {{ type_double() }}) as period_value,
        case
            when statistic = 'dsr'
                then power(
                    (ci_upper_95 - ci_lower_95)
                    / ({{ byar_upper('numerator_count', z95) }} - {{ byar_lower('numerator_count', z95) }}),
                    2
                ) * numerator_count
        end as dsr_variance
    from ranked
    where recency <= 5 and measure_periods >= 3

),

series_totals as (

    select
        ward_code,
        measure_id,
        count(*) as n_periods,
        sum(case when has_value then 1 else 0 end) as n_published,
        min(period_year) as first_period,
        max(period_year) as latest_period,
        sum(numerator_count) as total_numerator,
        sum(denominator_count) as total_denominator,
        sum(denominator_count * period_value) / sum(denominator_count) as mean_period,
        sum(period_value / dsr_variance) / sum(1 / dsr_variance) as dsr_mean_period,
        sum(value / dsr_variance) / sum(1 / dsr_variance) as dsr_mean_value
    from series
    group by ward_code, measure_id

),

statistics as (

    select
        series.ward_code,
        series.measure_id,
        max(series.statistic) as statistic,
        max(series_totals.n_periods) as n_periods,
        max(series_totals.n_published) as n_published,
        max(series_totals.first_period) as first_period,
        max(series_totals.latest_period) as latest_period,
        sum(series.numerator_count * (series.period_value - series_totals.mean_period)) as trend_score,
        sum(
            series.denominator_count
            * (series.period_value - series_totals.mean_period)
            * (series.period_value - series_totals.mean_period)
        ) as period_spread,
        max(series_totals.total_numerator) * 1.0e0 / max(series_totals.total_denominator) as pooled_ratio,
        sum(
            (series.period_value - series_totals.dsr_mean_period)
            * (series.value - series_totals.dsr_mean_value) / series.dsr_variance
        ) as dsr_cross,
        sum(
            (series.period_value - series_totals.dsr_mean_period)
            * (series.period_value - series_totals.dsr_mean_period) / series.dsr_variance
        ) as dsr_spread
    from series
    inner join series_totals
        on
            series.ward_code = series_totals.ward_code
            and series.measure_id = series_totals.measure_id
    group by series.ward_code, series.measure_id

),

tested as (

    select
        *,
        case
            when n_published < n_periods or n_periods < 3 then null
            when statistic = 'proportion' and pooled_ratio > 0 and pooled_ratio < 1 and period_spread > 0
                then trend_score * trend_score / (pooled_ratio * (1 - pooled_ratio) * period_spread)
            when statistic = 'rate' and pooled_ratio > 0 and period_spread > 0
                then trend_score * trend_score / (pooled_ratio * period_spread)
            when statistic = 'dsr' and dsr_spread > 0
                then dsr_cross * dsr_cross / dsr_spread
        end as chi_squared,
        case
            when statistic = 'dsr' then dsr_cross
            else trend_score
        end as direction_score
    from statistics

),

latest as (

    select * from ranked
    where recency = 1

),

labelled as (

    select
        tested.ward_code,
        latest.lad_code,
        tested.measure_id,
        latest.measure_name,
        latest.statistic,
        latest.polarity,
        tested.n_periods,
        tested.first_period,
        tested.latest_period,
        latest.value as latest_value,
        latest.benchmark_95 as latest_icb_benchmark_95,
        latest.is_synthetic,
        tested.chi_squared,
        {%- for level, z in [('95', z95), ('998', z998)] %}
            case
                when tested.chi_squared is null then 'could not be calculated'
                when tested.chi_squared <= {{ z }} * {{ z }} or tested.direction_score = 0 then 'no significant change'
                when tested.direction_score > 0 and latest.polarity = 'lower is better'
                    then 'increasing and getting worse'
                when tested.direction_score > 0 and latest.polarity = 'higher is better'
                    then 'increasing and getting better'
                when tested.direction_score > 0 then 'increasing'
                when latest.polarity = 'lower is better' then 'decreasing and getting better'
                when latest.polarity = 'higher is better' then 'decreasing and getting worse'
                else 'decreasing'
            end as trend_{{ level }},
        {%- endfor %}
        case
            when tested.chi_squared is null then null
            when tested.direction_score > 0 then 'increasing'
            when tested.direction_score < 0 then 'decreasing'
            else 'no change'
        end as direction
    from tested
    inner join latest
        on
            tested.ward_code = latest.ward_code
            and tested.measure_id = latest.measure_id

),

final as (

    select
        cast(ward_code as {{ dbt.type_string() }}) as ward_code,
        cast(lad_code as {{ dbt.type_string() }}) as lad_code,
        cast(measure_id as {{ dbt.type_string() }}) as measure_id,
        cast(measure_name as {{ dbt.type_string() }}) as measure_name,
        cast(statistic as {{ dbt.type_string() }}) as statistic,
        cast(polarity as {{ dbt.type_string() }}) as polarity,
        cast(n_periods as {{ dbt.type_int() }}) as n_periods,
        cast(first_period as {{ dbt.type_int() }}) as first_period,
        cast(latest_period as {{ dbt.type_int() }}) as latest_period,
        cast(latest_value as {{ type_double() }}) as latest_value,
        cast(latest_icb_benchmark_95 as {{ dbt.type_string() }}) as latest_icb_benchmark_95,
        cast(round(chi_squared, 9) as {{ type_double() }}) as chi_squared,
        cast(direction as {{ dbt.type_string() }}) as direction,
        cast(trend_95 as {{ dbt.type_string() }}) as trend_95,
        cast(trend_998 as {{ dbt.type_string() }}) as trend_998,
        cast(
            case
                when polarity = 'no judgement' then null
                else coalesce(latest_icb_benchmark_95 = 'worse' and trend_95 like '%getting worse', false)
            end as {{ dbt.type_boolean() }}
        ) as is_worse_and_worsening,
        cast(is_synthetic as {{ dbt.type_boolean() }}) as has_synthetic_inputs
    from labelled

)

select * from final
