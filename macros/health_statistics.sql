{# Confidence intervals for published health statistics (95%, z = 1.96), portable SQL.
   References: Wilson (1927) score interval for proportions; Byar's approximation to exact Poisson limits
   for counts (Breslow and Day 1987); Dobson et al. (1991) limits for directly standardised rates, as in
   the OHID Public Health Observatories technical guide. #}

{% macro wilson_lower(numerator, denominator, z=1.96) -%}
    (
        (({{ numerator }}) * 1.0e0 / ({{ denominator }}) + {{ z }} * {{ z }} / (2.0 * ({{ denominator }})))
        - {{ z }} * sqrt(
            (({{ numerator }}) * 1.0e0 / ({{ denominator }})) * (1 - ({{ numerator }}) * 1.0e0 / ({{ denominator }}))
            / ({{ denominator }})
            + {{ z }} * {{ z }} / (4.0 * ({{ denominator }}) * ({{ denominator }}))
        )
    ) / (1 + {{ z }} * {{ z }} / ({{ denominator }}))
{%- endmacro %}

{% macro wilson_upper(numerator, denominator, z=1.96) -%}
    (
        (({{ numerator }}) * 1.0e0 / ({{ denominator }}) + {{ z }} * {{ z }} / (2.0 * ({{ denominator }})))
        + {{ z }} * sqrt(
            (({{ numerator }}) * 1.0e0 / ({{ denominator }})) * (1 - ({{ numerator }}) * 1.0e0 / ({{ denominator }}))
            / ({{ denominator }})
            + {{ z }} * {{ z }} / (4.0 * ({{ denominator }}) * ({{ denominator }}))
        )
    ) / (1 + {{ z }} * {{ z }} / ({{ denominator }}))
{%- endmacro %}

{# Byar: lower limit of an observed count O; 0 when O = 0. #}
{% macro byar_lower(observed, z=1.96) -%}
    case
        when ({{ observed }}) > 0
            then ({{ observed }}) * power(
                1 - 1.0e0 / (9 * ({{ observed }})) - {{ z }} / (3 * sqrt({{ observed }})), 3
            )
        else 0
    end
{%- endmacro %}

{% macro byar_upper(observed, z=1.96) -%}
    (({{ observed }}) + 1) * power(
        1 - 1.0e0 / (9 * (({{ observed }}) + 1)) + {{ z }} / (3 * sqrt(({{ observed }}) + 1)), 3
    )
{%- endmacro %}

{# Dobson: DSR limit = DSR + sqrt(var(DSR) / O) * (O_limit - O), with O_limit the Byar limit of O. #}
{% macro dobson_limit(rate, rate_variance, observed, observed_limit) -%}
    ({{ rate }}) + sqrt(({{ rate_variance }}) / ({{ observed }})) * (({{ observed_limit }}) - ({{ observed }}))
{%- endmacro %}

{# ==========================================================================================================
   Population health statistics as OHID Fingertips / PHEindicatormethods compute them (issue 16).
   Every method lives here once; models and the reference checks (tests/dbt/singular/pheindicatormethods_*)
   call these macros. Confidence levels are given as proportions (0.95, 0.998).
   ========================================================================================================== #}

{# Two-sided normal critical value z = qnorm(confidence + (1 - confidence) / 2), resolved at compile time
   (a literal, so the SQL needs no engine quantile function). qnorm values to double precision. #}
{% macro confidence_z(confidence) -%}
    {%- set table = {
        '0.9': 1.6448536269514715,
        '0.95': 1.9599639845400536,
        '0.98': 2.3263478740408408,
        '0.99': 2.5758293035489,
        '0.995': 2.8070337683438114,
        '0.998': 3.090232306167813,
        '0.999': 3.2905267314919255
    } -%}
    {%- set key = (confidence | float) | string -%}
    {%- if key not in table -%}
        {{ exceptions.raise_compiler_error(
            "confidence_z: confidence " ~ confidence ~ " is not one of " ~ (table.keys() | list | join(', '))
        ) }}
    {%- endif -%}
    {{- float_literal(table[key]) -}}
{%- endmacro %}

{# A number as a double-precision SQL literal (3.09e0): without the exponent Spark reads 3.09 as an exact
   decimal, and a decimal divided by a decimal keeps only 6 to 7 decimal places when precision runs out
   (1 / (z * z) lost 1e-8, the funnel limits 1e-3); DuckDB reads both forms as the same number. #}
{% macro float_literal(value) -%}
    {%- set text = (value | float) | string -%}
    {{- text if ('e' in text or 'n' in text) else text ~ 'e0' -}}
{%- endmacro %}

{# Exact Poisson limit of an observed count for counts 0-9, as PHEindicatormethods uses below 10 events:
   lower = qchisq((1 - c) / 2, 2 O) / 2, upper = qchisq(c + (1 - c) / 2, 2 O + 2) / 2. The ten values are found
   at compile time by bisection on the Poisson distribution function (200 halvings of [0, 100], exact to
   double precision), so the SQL is a portable case expression of literals. Null for counts >= 10. #}
{% macro poisson_exact_limit(observed, confidence, side) -%}
    {%- set tail = (1 - (confidence | float)) / 2 -%}
    {%- set ns = namespace(branches=[]) -%}
    {%- for k in range(0, 10) -%}
        {%- if side == 'lower' and k == 0 -%}
            {%- set ns.branches = ns.branches + ['when ' ~ observed ~ ' = 0 then 0.0e0'] -%}
        {%- else -%}
            {%- set bis = namespace(low=0.0, high=100.0) -%}
            {%- set last_term = k - 1 if side == 'lower' else k -%}
            {%- for _ in range(200) -%}
                {%- set mid = (bis.low + bis.high) / 2 -%}
                {%- set cdf = namespace(term=2.718281828459045 ** (0 - mid), total=0.0) -%}
                {%- for i in range(0, last_term + 1) -%}
                    {%- set cdf.total = cdf.total + cdf.term -%}
                    {%- set cdf.term = cdf.term * mid / (i + 1) -%}
                {%- endfor -%}
                {#- Lower limit: P(X >= k | mu) rises with mu, the limit is where it reaches the tail.
                    Upper limit: P(X <= k | mu) falls with mu, the limit is where it falls to the tail. -#}
                {%- set limit_above_mid = (1 - cdf.total < tail) if side == 'lower' else (cdf.total > tail) -%}
                {%- if limit_above_mid -%}
                    {%- set bis.low = mid -%}
                {%- else -%}
                    {%- set bis.high = mid -%}
                {%- endif -%}
            {%- endfor -%}
            {%- set limit = (bis.low + bis.high) / 2 -%}
            {%- set ns.branches = ns.branches + ['when ' ~ observed ~ ' = ' ~ k ~ ' then ' ~ float_literal(limit)] -%}
        {%- endif -%}
    {%- endfor -%}
    case {{ ns.branches | join(' ') }} end
{%- endmacro %}

{# Confidence limit of a Poisson count as PHEindicatormethods: exact below 10 events, Byar from 10. #}
{% macro poisson_count_limit(observed, confidence, side) -%}
    case
        when ({{ observed }}) < 10 then {{ poisson_exact_limit(observed, confidence, side) }}
    {%- if side == 'lower' %}
        else {{ byar_lower(observed, confidence_z(confidence)) }}
    {%- else %}
        else {{ byar_upper(observed, confidence_z(confidence)) }}
    {%- endif %}
    end
{%- endmacro %}

{# Directly standardised rate (per multiplier) and its variance, as aggregate expressions over the age bands
   of one area: DSR = sum(O_i w_i / n_i) / sum(w_i); var = sum(O_i w_i^2 / n_i^2) / sum(w_i)^2 (unscaled).
   Missing counts count as 0 (PHEindicatormethods na.zero). #}
{% macro dsr_rate(count, population, standard_population, multiplier) -%}
    {{ multiplier }} * sum(coalesce({{ count }}, 0) * ({{ standard_population }}) * 1.0e0 / ({{ population }}))
    / sum({{ standard_population }})
{%- endmacro %}

{% macro dsr_variance(count, population, standard_population) -%}
    sum(
        coalesce({{ count }}, 0) * ({{ standard_population }}) * ({{ standard_population }}) * 1.0
        / (({{ population }}) * ({{ population }}))
    ) / (sum({{ standard_population }}) * sum({{ standard_population }}))
{%- endmacro %}

{# Dobson limit of a DSR at a confidence level (Byar limit of the total count), null below 10 events as
   PHEindicatormethods publishes. rate is on the multiplier scale, variance unscaled (dsr_variance). #}
{% macro dsr_limit(rate, variance, observed, multiplier, confidence, side) -%}
    case
        when ({{ observed }}) >= 10
            then ({{ rate }}) + sqrt(({{ variance }}) / ({{ observed }}))
            * (
    {%- if side == 'lower' %}{{ byar_lower(observed, confidence_z(confidence)) }}
    {%- else %}{{ byar_upper(observed, confidence_z(confidence)) }}
    {%- endif %}- ({{ observed }})
            ) * {{ multiplier }}
    end
{%- endmacro %}

{# Wilson score limit of a proportion at a confidence level (proportion of 1; multiply outside). #}
{% macro wilson_limit(numerator, denominator, confidence, side) -%}
    {%- if side == 'lower' -%}
        {{ wilson_lower(numerator, denominator, confidence_z(confidence)) }}
    {%- else -%}
        {{ wilson_upper(numerator, denominator, confidence_z(confidence)) }}
    {%- endif -%}
{%- endmacro %}

{# Indirectly standardised ratio (observed / expected) limit, exact below 10 events, Byar from 10.
   Multiply by 100 for an SMR, or by the reference rate for an indirectly standardised rate. #}
{% macro isr_limit(observed, expected, confidence, side) -%}
    {{ poisson_count_limit(observed, confidence, side) }} / ({{ expected }})
{%- endmacro %}

{# Funnel-plot control limit for a proportion at sample size population around the average proportion,
   PHEindicatormethods sigma_adjustment (Spiegelhalter's Wilson-based funnel): p = 0.975 (2 sigma) or
   0.999 (3 sigma). Returns a proportion of 1, not clamped. #}
{% macro funnel_proportion_limit(population, average, p, side) -%}
    {%- set z = confidence_z(2 * (p | float) - 1) -%}
    (
        ({{ average }}) * (({{ population }}) / ({{ z }} * {{ z }}) + 1)
        {{ '-' if side == 'lower' else '+' }} sqrt(
            power(-8 * ({{ average }}) * (({{ population }}) / ({{ z }} * {{ z }}) + 1), 2)
            - 64 * (1 / ({{ z }} * {{ z }}) + 1.0e0 / ({{ population }})) * ({{ average }})
            * (
                ({{ population }}) * (({{ average }}) * (({{ population }}) / ({{ z }} * {{ z }}) + 2) - 1)
                + {{ z }} * {{ z }} * (({{ average }}) - 1)
            )
        ) / 8
    ) / (1 / ({{ z }} * {{ z }}) + 1.0e0 / ({{ population }})) / ({{ population }})
{%- endmacro %}

{# Funnel significance of a count against an average ratio (PHEindicatormethods assign_funnel_significance
   for ratios and rates): the area's Poisson limits of observed / denominator against the average.
   For ratios the denominator is the expected count and the average 1; for rates the denominator is the
   (derived) population and the average the weighted average rate. #}
{% macro funnel_poisson_significance(observed, denominator, average) -%}
    case
        when ({{ average }}) < {{ poisson_count_limit(observed, 0.998, 'lower') }} / ({{ denominator }})
            then 'High (0.001)'
        when ({{ average }}) < {{ poisson_count_limit(observed, 0.95, 'lower') }} / ({{ denominator }})
            then 'High (0.025)'
        when ({{ average }}) > {{ poisson_count_limit(observed, 0.998, 'upper') }} / ({{ denominator }})
            then 'Low (0.001)'
        when ({{ average }}) > {{ poisson_count_limit(observed, 0.95, 'upper') }} / ({{ denominator }})
            then 'Low (0.025)'
        else 'Not significant'
    end
{%- endmacro %}

{# Funnel significance of a proportion against the average proportion (assign_funnel_significance). #}
{% macro funnel_proportion_significance(numerator, denominator, average) -%}
    case
        when ({{ numerator }}) * 1.0e0 / ({{ denominator }})
            < {{ funnel_proportion_limit(denominator, average, 0.999, 'lower') }}
            then 'Low (0.001)'
        when ({{ numerator }}) * 1.0e0 / ({{ denominator }})
            < {{ funnel_proportion_limit(denominator, average, 0.975, 'lower') }}
            then 'Low (0.025)'
        when ({{ numerator }}) * 1.0e0 / ({{ denominator }})
            > {{ funnel_proportion_limit(denominator, average, 0.999, 'upper') }}
            then 'High (0.001)'
        when ({{ numerator }}) * 1.0e0 / ({{ denominator }})
            > {{ funnel_proportion_limit(denominator, average, 0.975, 'upper') }}
            then 'High (0.025)'
        else 'Not significant'
    end
{%- endmacro %}

{# Fingertips benchmarking: compare the comparator with the area's confidence interval. 'higher' when the
   whole interval lies above the comparator, 'lower' when below, 'similar' when it contains it; polarity
   ('higher is better' / 'lower is better' / 'no judgement') turns that into better / similar / worse.
   Null when either limit or the comparator is missing. #}
{% macro benchmark_against_comparator(ci_lower, ci_upper, comparator, polarity) -%}
    case
        when ({{ ci_lower }}) is null or ({{ ci_upper }}) is null or ({{ comparator }}) is null then null
        when ({{ ci_lower }}) > ({{ comparator }})
            then case ({{ polarity }})
                when 'higher is better' then 'better'
                when 'lower is better' then 'worse'
                else 'higher'
            end
        when ({{ ci_upper }}) < ({{ comparator }})
            then case ({{ polarity }})
                when 'higher is better' then 'worse'
                when 'lower is better' then 'better'
                else 'lower'
            end
        else 'similar'
    end
{%- endmacro %}

{# Column-name suffix of a confidence level: 0.95 -> 95_0, 0.998 -> 99_8 (PHEindicatormethods' naming). #}
{% macro confidence_suffix(confidence) -%}
    {{- ('%.1f' | format((confidence | float) * 100)) | replace('.', '_') -}}
{%- endmacro %}

{# Slope and relative index of inequality (PHEindicatormethods phe_sii, transform = FALSE), as one SQL query
   over a relation with one row per group x quantile. Quantiles are ordered ascending (quantile 1 = most
   deprived): x_i is the midpoint of quantile i's share of the group's cumulative population, and the
   regression of the value on x is weighted least squares with weights a_i = population share, so
   slope = sum a (x - xbar)(y - ybar) / sum a (x - xbar)^2 and intercept = ybar - slope * xbar.
   sii = multiplier * slope (the value at x = 1 minus the value at x = 0); rii = (intercept + slope) /
   intercept, inverted when the multiplier is negative.
   Confidence intervals: PHEindicatormethods simulates (normal draws of each quantile's value with its
   standard error, 100,000 repetitions, percentiles of the refitted SII / RII). Here analytically: the SII
   is linear in the values, so with independent normal errors its sampling distribution is exactly normal
   with variance sum c_i^2 se_i^2 (c_i the WLS weights): the limit the simulation converges to. The RII is
   1 + slope / intercept, a ratio of two jointly normal estimates: its limits are Fieller's, which are the
   exact percentiles of that ratio's distribution (what the simulation estimates). value_type 1 (rate) and 2 (proportion)
   give the standard error on the log / logit scale as the package does, carried to the value's scale by the
   delta method (se * y, se * y (1 - y)). se_column may be null; then it is derived from the 95% limits
   (lower_column, upper_column) on the transformed scale: (upper - lower) / (2 z_0.975), as the package does.
   Groups need min_quantiles populated quantiles (the package requires all of them; callers state their rule).
   Output: group columns, n_quantiles, total_population, intercept, sii, rii, sii_se and
   sii_lower_<c>/sii_upper_<c>/rii_lower_<c>/rii_upper_<c> for each confidence level c. #}
{% macro sii_query(
    relation, group_columns, quantile_column, population_column, value_column,
    se_column=none, lower_column=none, upper_column=none, value_type=0, multiplier=1,
    confidence_levels=[0.95], min_quantiles=2
) -%}
    {%- set groups = group_columns | join(', ') -%}
    {%- set z95 = confidence_z(0.95) -%}
    with

    sii_input as (

        select
            {{ groups }},
            {{ quantile_column }} as sii_quantile,
            cast({{ population_column }} as {{ type_double() }}) as sii_population,
            cast({{ value_column }} as {{ type_double() }}) as sii_value,
    {%- if se_column is not none %}
            cast({{ se_column }} as {{ type_double() }}) as sii_se_transformed
    {%- elif value_type == 1 %}
            (ln({{ upper_column }}) - ln({{ lower_column }})) / {{ z95 }} / 2 as sii_se_transformed
    {%- elif value_type == 2 %}
            (
                ln(({{ upper_column }}) / (1 - ({{ upper_column }})))
                - ln(({{ lower_column }}) / (1 - ({{ lower_column }})))
            ) / {{ z95 }} / 2 as sii_se_transformed
    {%- else %}
            (({{ upper_column }}) - ({{ lower_column }})) / {{ z95 }} / 2 as sii_se_transformed
    {%- endif %}
        from {{ relation }}
        where
            {{ population_column }} > 0
            and {{ value_column }} is not null

    ),

    sii_scaled as (

        select
            {{ groups }},
            sii_quantile,
            sii_value,
    {%- if value_type == 1 %}
            sii_se_transformed * sii_value as sii_se,
    {%- elif value_type == 2 %}
            sii_se_transformed * sii_value * (1 - sii_value) as sii_se,
    {%- else %}
            sii_se_transformed as sii_se,
    {%- endif %}
            sii_population / sum(sii_population) over (partition by {{ groups }}) as share,
            (
                sum(sii_population) over (
                    partition by {{ groups }} order by sii_quantile
                    rows between unbounded preceding and current row
                )
                - sii_population / 2
            ) / sum(sii_population) over (partition by {{ groups }}) as midpoint,
            sum(sii_population) over (partition by {{ groups }}) as total_population,
            count(*) over (partition by {{ groups }}) as n_quantiles
        from sii_input

    ),

    sii_centred as (

        select
            *,
            sum(share * midpoint) over (partition by {{ groups }}) as midpoint_mean,
            sum(share * sii_value) over (partition by {{ groups }}) as value_mean
        from sii_scaled
        where n_quantiles >= {{ min_quantiles }}

    ),

    sii_weighted as (

        select
            *,
            share * (midpoint - midpoint_mean)
            / sum(share * (midpoint - midpoint_mean) * (midpoint - midpoint_mean))
                over (partition by {{ groups }}) as slope_weight
        from sii_centred

    ),

    sii_fitted as (

        select
            {{ groups }},
            max(n_quantiles) as n_quantiles,
            max(total_population) as total_population,
            sum(slope_weight * sii_value) as slope,
            sum((share - midpoint_mean * slope_weight) * sii_value) as intercept,
            sum(slope_weight * slope_weight * sii_se * sii_se) as slope_variance,
            sum((share - midpoint_mean * slope_weight) * (share - midpoint_mean * slope_weight) * sii_se * sii_se)
                as intercept_variance,
            sum(slope_weight * (share - midpoint_mean * slope_weight) * sii_se * sii_se) as slope_intercept_covariance
        from sii_weighted
        group by {{ groups }}

    ),

    sii_indices as (

        select
            {{ groups }},
            n_quantiles,
            total_population,
            intercept,
            slope,
            slope_variance,
            intercept_variance,
            slope_intercept_covariance,
            {{ multiplier }} * slope as sii,
            sqrt(slope_variance) * abs({{ multiplier }}) as sii_se,
    {%- if multiplier < 0 %}
            intercept / (intercept + slope) as rii
    {%- else %}
            (intercept + slope) / intercept as rii
    {%- endif %}
        from sii_fitted

    ),

    {#- Fieller: the limits r of slope / intercept solve (slope - r intercept)^2 = z^2 var(slope - r intercept),
        a quadratic a r^2 - 2 b r + c = 0. They are exactly the percentiles of the simulated ratio when the
        intercept keeps its sign (a > 0); otherwise the interval is unbounded and left null. #}
    sii_fieller as (

        select
            *
    {%- for level in confidence_levels %}
        {%- set z = confidence_z(level) %}
        {%- set suffix = confidence_suffix(level) %},
            intercept * intercept - {{ z }} * {{ z }} * intercept_variance as fieller_a_{{ suffix }},
            intercept * slope - {{ z }} * {{ z }} * slope_intercept_covariance as fieller_b_{{ suffix }},
            slope * slope - {{ z }} * {{ z }} * slope_variance as fieller_c_{{ suffix }}
    {%- endfor %}
        from sii_indices

    ),

    sii_limits as (

        select
            {{ groups }},
            n_quantiles,
            total_population,
            intercept,
            sii,
            sii_se,
            rii
    {%- for level in confidence_levels %}
        {%- set z = confidence_z(level) %}
        {%- set s = confidence_suffix(level) %}
        {%- set root = 'sqrt(fieller_b_' ~ s ~ ' * fieller_b_' ~ s ~ ' - fieller_a_' ~ s ~ ' * fieller_c_' ~ s ~ ')' %}
        {%- set ratio_low = '(fieller_b_' ~ s ~ ' - ' ~ root ~ ') / fieller_a_' ~ s %}
        {%- set ratio_high = '(fieller_b_' ~ s ~ ' + ' ~ root ~ ') / fieller_a_' ~ s %},
            sii - {{ z }} * sii_se as sii_lower_{{ s }},
            sii + {{ z }} * sii_se as sii_upper_{{ s }},
        {%- if multiplier < 0 %}
            case when fieller_a_{{ s }} > 0 then 1 / (1 + {{ ratio_high }}) end as rii_lower_{{ s }},
            case when fieller_a_{{ s }} > 0 then 1 / (1 + {{ ratio_low }}) end as rii_upper_{{ s }}
        {%- else %}
            case when fieller_a_{{ s }} > 0 then 1 + {{ ratio_low }} end as rii_lower_{{ s }},
            case when fieller_a_{{ s }} > 0 then 1 + {{ ratio_high }} end as rii_upper_{{ s }}
        {%- endif %}
    {%- endfor %}
        from sii_fieller

    )

    select * from sii_limits
{%- endmacro %}

{# Disclosure control: a count rounded to the nearest multiple of `base` (halves away from zero), as a whole
   number. Every published count, and every count a published rate, interval or DSR is computed from, goes
   through this first (docs/disclosure-control.md). #}
{% macro round_to_base(count, base=5) -%}
    cast(round(({{ count }}) / {{ base }}.0) * {{ base }} as {{ dbt.type_bigint() }})
{%- endmacro %}
