{#
  The name of a .csv file without its folder or extension ('data/indicators/x.csv' -> 'x'). Dispatched: a
  backslash in a Spark SQL string literal is an escape character ('\.' reads as '.'), so the Spark pattern
  spells the dot as [.] and needs no backslash; DuckDB's also splits Windows paths on a backslash.
#}
{% macro csv_file_stem(column) -%}
    {{ return(adapter.dispatch('csv_file_stem', 'spi')(column)) }}
{%- endmacro %}

{% macro duckdb__csv_file_stem(column) -%}
    regexp_extract({{ column }}, '([^/\\]+)\.csv$', 1)
{%- endmacro %}

{% macro default__csv_file_stem(column) -%}
    regexp_extract({{ column }}, '([^/]+)[.]csv$', 1)
{%- endmacro %}
