{#
  Deterministic pseudo-random numbers for the Monte Carlo over the weights: a uniform number in [0, 1) from a
  hash of its arguments (seed, draw, key), so a draw is reproducible on any run and needs no random state.
  DuckDB's hash() is a 64-bit hash; its top 53 bits divided by 2^53 fill a double exactly and never reach 1.
  The numbers depend on the DuckDB version's hash function (pinned in pyproject.toml).
#}
{% macro hash_uniform(seed, draw, key) -%}
    {{ return(adapter.dispatch('hash_uniform', 'spi')(seed, draw, key)) }}
{%- endmacro %}

{% macro duckdb__hash_uniform(seed, draw, key) -%}
    ((hash({{ seed }}, {{ draw }}, {{ key }}) >> 11) / 9007199254740992.0)
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
