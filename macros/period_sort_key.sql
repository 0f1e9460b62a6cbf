{#
  The month a period starts, as yyyymm (an integer that orders periods by time), for the period forms the
  harness accepts (scripts/spi/validation/periods.py, which refuses every other form before dbt runs):
  YYYY (January), YYYY/YY or YYYY-YY financial year (April), YYYY-YYYY span (January of the first year),
  'Qn YYYY', 'YYYY Qn' or 'YYYY-Qn' calendar quarter (its first month). Null for anything else.
  regexp_extract(text, pattern, group) returns '' on no match in both DuckDB and Spark; [0-9] rather than \d
  because Spark string literals treat backslashes as escapes.
#}
{% macro period_sort_key(column) -%}
    {{ return(adapter.dispatch('period_sort_key', 'spi')(column)) }}
{%- endmacro %}

{% macro default__period_sort_key(column) -%}
    coalesce(
        cast(nullif(regexp_extract({{ column }}, '^([0-9]{4})$', 1), '') as {{ dbt.type_int() }}) * 100 + 1,
        cast(nullif(regexp_extract({{ column }}, '^([0-9]{4})(-|/| to )[0-9]{2}$', 1), '') as {{ dbt.type_int() }})
        * 100 + 4,
        cast(nullif(regexp_extract({{ column }}, '^([0-9]{4})(-|/| to )[0-9]{4}$', 1), '') as {{ dbt.type_int() }})
        * 100 + 1,
        cast(nullif(regexp_extract({{ column }}, '^[Qq][1-4] ([0-9]{4})$', 1), '') as {{ dbt.type_int() }}) * 100
        + 3 * cast(nullif(regexp_extract({{ column }}, '^[Qq]([1-4]) [0-9]{4}$', 1), '') as {{ dbt.type_int() }}) - 2,
        cast(nullif(regexp_extract({{ column }}, '^([0-9]{4})[ -][Qq][1-4]$', 1), '') as {{ dbt.type_int() }}) * 100
        + 3 * cast(nullif(regexp_extract({{ column }}, '^[0-9]{4}[ -][Qq]([1-4])$', 1), '') as {{ dbt.type_int() }}) - 2
    )
{%- endmacro %}
