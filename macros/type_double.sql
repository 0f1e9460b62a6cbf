{#
  A double-precision float type. dbt.type_float() is single precision (4 bytes) on DuckDB, too coarse for
  population weights and shares; this is the 8-byte type on every adapter.
#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'spi')()) }}
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}
