{#
  A matching key for place names: lower case, '&' read as 'and', everything but letters dropped, so
  "St Cleer & Menheniot" and "St Cleer and Menheniot" match. DuckDB's regexp_replace replaces the first
  match unless given 'g'; Spark's replaces every match and takes no flags.
#}
{% macro name_key(column) -%}
    {{ return(adapter.dispatch('name_key', 'spi')(column)) }}
{%- endmacro %}

{% macro duckdb__name_key(column) -%}
    lower(regexp_replace(replace({{ column }}, '&', 'and'), '[^A-Za-z]', '', 'g'))
{%- endmacro %}

{% macro default__name_key(column) -%}
    lower(regexp_replace(replace({{ column }}, '&', 'and'), '[^A-Za-z]', ''))
{%- endmacro %}
