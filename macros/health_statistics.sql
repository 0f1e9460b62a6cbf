{# Confidence intervals for published health statistics (95%, z = 1.96), portable SQL.
   References: Wilson (1927) score interval for proportions; Byar's approximation to exact Poisson limits
   for counts (Breslow and Day 1987); Dobson et al. (1991) limits for directly standardised rates, as in
   the OHID Public Health Observatories technical guide. #}

{% macro wilson_lower(numerator, denominator, z=1.96) -%}
    (
        (({{ numerator }}) * 1.0 / ({{ denominator }}) + {{ z }} * {{ z }} / (2.0 * ({{ denominator }})))
        - {{ z }} * sqrt(
            (({{ numerator }}) * 1.0 / ({{ denominator }})) * (1 - ({{ numerator }}) * 1.0 / ({{ denominator }}))
            / ({{ denominator }})
            + {{ z }} * {{ z }} / (4.0 * ({{ denominator }}) * ({{ denominator }}))
        )
    ) / (1 + {{ z }} * {{ z }} / ({{ denominator }}))
{%- endmacro %}

{% macro wilson_upper(numerator, denominator, z=1.96) -%}
    (
        (({{ numerator }}) * 1.0 / ({{ denominator }}) + {{ z }} * {{ z }} / (2.0 * ({{ denominator }})))
        + {{ z }} * sqrt(
            (({{ numerator }}) * 1.0 / ({{ denominator }})) * (1 - ({{ numerator }}) * 1.0 / ({{ denominator }}))
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
                1 - 1.0 / (9 * ({{ observed }})) - {{ z }} / (3 * sqrt({{ observed }})), 3
            )
        else 0
    end
{%- endmacro %}

{% macro byar_upper(observed, z=1.96) -%}
    (({{ observed }}) + 1) * power(
        1 - 1.0 / (9 * (({{ observed }}) + 1)) + {{ z }} / (3 * sqrt(({{ observed }}) + 1)), 3
    )
{%- endmacro %}

{# Dobson: DSR limit = DSR + sqrt(var(DSR) / O) * (O_limit - O), with O_limit the Byar limit of O. #}
{% macro dobson_limit(rate, rate_variance, observed, observed_limit) -%}
    ({{ rate }}) + sqrt(({{ rate_variance }}) / ({{ observed }})) * (({{ observed_limit }}) - ({{ observed }}))
{%- endmacro %}

{# Disclosure control: a count rounded to the nearest multiple of `base` (halves away from zero), as a whole
   number. Every published count, and every count a published rate, interval or DSR is computed from, goes
   through this first (docs/disclosure-control.md). #}
{% macro round_to_base(count, base=5) -%}
    cast(round(({{ count }}) / {{ base }}.0) * {{ base }} as {{ dbt.type_bigint() }})
{%- endmacro %}
