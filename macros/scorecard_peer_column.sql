{#
  The ward attribute scorecard peers are matched on (var scorecard_peer_variable), checked against the columns
  that may serve: economic measures kept out of the index, as the SPI matches peers on GDP per head.
#}
{% macro scorecard_peer_column() -%}
    {%- set allowed = ['income_deprivation_rate', 'employment_deprivation_rate', 'imd_2025_score'] -%}
    {%- set chosen = var('scorecard_peer_variable') -%}
    {%- if chosen not in allowed -%}
        {{ exceptions.raise_compiler_error(
            "var scorecard_peer_variable = '" ~ chosen ~ "' is not allowed; use one of " ~ allowed | join(', ')
        ) }}
    {%- endif -%}
    {{ chosen }}
{%- endmacro %}
