{#
  Deterministic pseudo-random numbers for the Monte Carlo over the weights: a uniform number in [0, 1) from a
  hash of its arguments (seed, draw, key), so a draw is reproducible on any run and needs no random state.
  The hash is MD5 of the text 'seed|draw|key', which DuckDB and Spark compute alike: its first 13 hex digits
  (52 bits) over 2^52 fill a double exactly and never reach 1, so both engines draw the same numbers and the
  audit agrees between them (tests/python/test_spark_agreement.py). MD5 mixes every input bit into every output
  bit: keys that differ in one character give unrelated numbers (DuckDB's native hash() of several arguments
  did not, and Spark's hash() is another function). Only the hex-to-integer step is engine-specific.
#}
{% macro hash_uniform(seed, draw, key) -%}
    {{ return(adapter.dispatch('hash_uniform', 'spi')(seed, draw, key)) }}
{%- endmacro %}

{% macro hash_uniform_digits(seed, draw, key) -%}
    substr(md5(concat_ws(
        '|',
        cast({{ seed }} as {{ dbt.type_string() }}),
        cast({{ draw }} as {{ dbt.type_string() }}),
        cast({{ key }} as {{ dbt.type_string() }})
    )), 1, 13)
{%- endmacro %}

{% macro duckdb__hash_uniform(seed, draw, key) -%}
    (cast(cast('0x' || {{ hash_uniform_digits(seed, draw, key) }} as bigint) as double) / 4503599627370496.0)
{%- endmacro %}

{% macro default__hash_uniform(seed, draw, key) -%}
    (cast(cast(conv({{ hash_uniform_digits(seed, draw, key) }}, 16, 10) as bigint) as double) / 4503599627370496.0)
{%- endmacro %}

{# The integers first..last as a relation with one column, draw_id. #}
{% macro draw_series(first, last) -%}
    {{ return(adapter.dispatch('draw_series', 'spi')(first, last)) }}
{%- endmacro %}

{% macro duckdb__draw_series(first, last) -%}
    (select cast(range as integer) as draw_id from range({{ first }}, {{ last }} + 1))
{%- endmacro %}

{% macro default__draw_series(first, last) -%}
    (select cast(draw_id as integer) as draw_id from (select explode(sequence({{ first }}, {{ last }})) as draw_id))
{%- endmacro %}

{# The values of a group as one list, in the order of order_by (an aggregate). #}
{% macro ordered_list(value, order_by) -%}
    {{ return(adapter.dispatch('ordered_list', 'spi')(value, order_by)) }}
{%- endmacro %}

{# DuckDB sorts an ordered aggregate per group; with many small groups (England's 320,000 area-component
   lists) sorting the collected (key, value) structs once per list is about four times faster. #}
{% macro duckdb__ordered_list(value, order_by) -%}
    list_transform(list_sort(list(struct_pack(sort_key := {{ order_by }}, item := {{ value }}))), pair -> pair.item)
{%- endmacro %}

{# Spark's collect_list has no order: collect (key, value) pairs, sort them, keep the values. #}
{% macro default__ordered_list(value, order_by) -%}
    transform(array_sort(collect_list(struct({{ order_by }} as sort_key, {{ value }} as item))), pair -> pair.item)
{%- endmacro %}

{# Sum of the element-wise products of two equally long numeric lists. #}
{% macro list_dot_product(left_list, right_list) -%}
    {{ return(adapter.dispatch('list_dot_product', 'spi')(left_list, right_list)) }}
{%- endmacro %}

{% macro duckdb__list_dot_product(left_list, right_list) -%}
    list_dot_product({{ left_list }}, {{ right_list }})
{%- endmacro %}

{% macro default__list_dot_product(left_list, right_list) -%}
    aggregate(zip_with({{ left_list }}, {{ right_list }}, (left_item, right_item) -> left_item * right_item), 0D, (total, item) -> total + item)
{%- endmacro %}

{#
  Geometric aggregation within components for a whole SPI in one expression: sum over components c of
  coefficients[c] * exp(sum_i weight_groups[c][i] * log_groups[c][i]), i.e. each component's weighted
  geometric mean of its scores (log_groups holds their logarithms), times the component's coefficient in
  the SPI. The lists of lists are grouped by component in the same order as coefficients.
#}
{% macro list_weighted_geometric_sum(log_groups, weight_groups, coefficients) -%}
    {{ return(adapter.dispatch('list_weighted_geometric_sum', 'spi')(log_groups, weight_groups, coefficients)) }}
{%- endmacro %}

{% macro duckdb__list_weighted_geometric_sum(log_groups, weight_groups, coefficients) -%}
    list_sum(list_transform(
        range(1, len({{ coefficients }}) + 1),
        component_index -> {{ coefficients }}[component_index] * exp(list_dot_product(
            {{ log_groups }}[component_index], {{ weight_groups }}[component_index]
        ))
    ))
{%- endmacro %}

{% macro default__list_weighted_geometric_sum(log_groups, weight_groups, coefficients) -%}
    aggregate(
        sequence(1, size({{ coefficients }})),
        0D,
        (total, component_index) -> total + element_at({{ coefficients }}, component_index) * exp(aggregate(
            zip_with(
                element_at({{ log_groups }}, component_index),
                element_at({{ weight_groups }}, component_index),
                (log_score, weight) -> log_score * weight
            ),
            0D,
            (subtotal, item) -> subtotal + item
        ))
    )
{%- endmacro %}

{# The elements first..last (1-based, inclusive) of a list. #}
{% macro list_slice_between(list_value, first, last) -%}
    {{ return(adapter.dispatch('list_slice_between', 'spi')(list_value, first, last)) }}
{%- endmacro %}

{% macro duckdb__list_slice_between(list_value, first, last) -%}
    list_slice({{ list_value }}, {{ first }}, {{ last }})
{%- endmacro %}

{% macro default__list_slice_between(list_value, first, last) -%}
    slice({{ list_value }}, {{ first }}, {{ last }} - {{ first }} + 1)
{%- endmacro %}

{# The assumptions the composite-indicator audit varies, in the order of its design's A_B blocks. #}
{% macro audit_assumptions() -%}
    {{ return(['normalisation', 'aggregation', 'weights', 'exclusion']) }}
{%- endmacro %}
