{#
  The Social Progress Index arithmetic, one macro per formula so every model and unit test shares it.
  indicator score = clip(100 * (T(x) - T(worst)) / (T(best) - T(worst)), 0, 100)
  T is the framework's transform (none | sqrt | log), applied to the value and to both bounds.
#}

{% macro spi_transform(value, transform) -%}
    case {{ transform }}
        when 'none' then {{ value }}
        when 'sqrt' then sqrt({{ value }})
        when 'log' then ln({{ value }})
    end
{%- endmacro %}

{# Rounded to 10 decimal places: transforms leave float noise (ln 100 - ln 10 is not exactly half of
   ln 1000 - ln 10) that must not show up in comparisons or make exports differ between platforms. #}
{# greatest() and least() skip nulls, so a missing value is handled first or it would score 0. #}
{% macro spi_indicator_score(value, best, worst, transform) -%}
    case when {{ value }} is not null then round(least(
        100.0,
        greatest(
            0.0,
            {{ spi_indicator_score_unclipped(value, best, worst, transform) }}
        )
    ), 10) end
{%- endmacro %}

{# The score before clipping at 0 and 100: where the value lies on the line through worst (0) and best (100).
   The composite-indicator audit normalises it by other methods (min-max, z-score, rank). #}
{% macro spi_indicator_score_unclipped(value, best, worst, transform) -%}
    100.0 * ({{ spi_transform(value, transform) }} - {{ spi_transform(worst, transform) }})
    / ({{ spi_transform(best, transform) }} - {{ spi_transform(worst, transform) }})
{%- endmacro %}
