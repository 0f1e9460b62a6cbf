{# The configured schema name as it is (staging, intermediate, marts, reference) on the default schema of the
   target (DuckDB's main, Spark's default): BI users see stable schema names. On any other target schema (a
   shared Spark cluster: the spark target's SPI_SPARK_SCHEMA, default spi) the names are prefixed with it
   (spi_marts ...), so two projects or users on one metastore never overwrite each other. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif target.schema in ('main', 'default') -%}
        {{ custom_schema_name | trim }}
    {%- else -%}
        {{ target.schema }}_{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
