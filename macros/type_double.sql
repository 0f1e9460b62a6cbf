{# Double-precision float type. dbt.type_float() is single precision on DuckDB (float = real, ~7 digits), too
   coarse for confidence limits and the reference checks, so statistics cast through this dispatched macro. #}
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
