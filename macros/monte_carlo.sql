{#
  Deterministic pseudo-random numbers for the Monte Carlo over the weights: a uniform number in [0, 1) from a
  hash of its arguments (seed, draw, key), so a draw is reproducible on any run and needs no random state.
  DuckDB's hash() is a 64-bit hash; its top 53 bits divided by 2^53 fill a double exactly and never reach 1.
  DuckDB's hash of several arguments combines the arguments' hashes with little mixing: hash(seed, draw, 'a')
  and hash(seed, draw, 'b') are nearly the same number in their top bits (over 20,000 draws two keys
  correlated at up to 0.9996, so every weight of a draw moved together). Hashing that hash again mixes it:
  the largest correlation between seven keys falls to 0.012 and the 24 cells of a 4 x 2 x 3 split are even
  (779-895 draws each, 833 expected). The numbers depend on the DuckDB version's hash function (pinned in
  pyproject.toml).
#}
{% macro hash_uniform(seed, draw, key) -%}
    {{ return(adapter.dispatch('hash_uniform', 'spi')(seed, draw, key)) }}
{%- endmacro %}

{% macro duckdb__hash_uniform(seed, draw, key) -%}
    ((hash(hash({{ seed }}, {{ draw }}, {{ key }})) >> 11) / 9007199254740992.0)
{%- endmacro %}

{# Spark's hash() is a signed 32-bit murmur3 hash: shifted into [0, 2^32) and divided by 2^32. #}
{% macro default__hash_uniform(seed, draw, key) -%}
    ((cast(hash({{ seed }}, {{ draw }}, {{ key }}) as bigint) + 2147483648) / 4294967296.0)
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
