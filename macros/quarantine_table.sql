{#
  The rejected-rows table (scripts/spi/validation/quarantine.py writes it before dbt runs): created empty when
  dbt runs on its own (on-run-start in dbt_project.yml). DuckDB keeps the raw row as json; Spark has no json
  type and keeps its text.
#}
{% macro create_quarantine_table() -%}
    {{ return(adapter.dispatch('create_quarantine_table', 'spi')()) }}
{%- endmacro %}

{% macro duckdb__create_quarantine_table() -%}
    create table if not exists quarantine.rejected_rows (
        source_table varchar, file varchar, line integer, key_column varchar, row_key varchar, rule varchar,
        message varchar, raw_row json
    )
{%- endmacro %}

{% macro default__create_quarantine_table() -%}
    create table if not exists quarantine.rejected_rows (
        source_table string, file string, line integer, key_column string, row_key string, rule string,
        message string, raw_row string
    )
{%- endmacro %}
