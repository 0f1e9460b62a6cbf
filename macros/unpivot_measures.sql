{#
  Turns a wide staging relation (one key column plus numeric measure columns) into long rows
  (key, measure, value). DuckDB has UNPIVOT; other adapters get a portable union of selects.
#}
{% macro unpivot_measures(relation, key_column) -%}
    {{ return(adapter.dispatch('unpivot_measures', 'spi')(relation, key_column)) }}
{%- endmacro %}

{% macro duckdb__unpivot_measures(relation, key_column) -%}
    (
        unpivot (select * from {{ relation }})
        on columns(* exclude ({{ key_column }}))
        into name measure value value
    )
{%- endmacro %}

{% macro default__unpivot_measures(relation, key_column) -%}
    {%- set measure_columns = adapter.get_columns_in_relation(relation)
        | map(attribute='name') | reject('equalto', key_column) | list -%}
    {%- set selects = [] -%}
    {%- for column_name in measure_columns -%}
        {%- do selects.append(
            "select " ~ key_column ~ ", '" ~ column_name ~ "' as measure, cast("
            ~ column_name ~ " as double) as value from " ~ relation
        ) -%}
    {%- endfor -%}
    ({{ selects | join(' union all ') }})
{%- endmacro %}
