{#
  The areas a build scores, chosen with --vars '{region: icb|england}'. Returns a SQL predicate
  over a relation that has icb_code and country_code columns.
#}
{% macro region_filter(icb_code_column='icb_code', country_code_column='country_code') -%}
    {%- set region = var('region') -%}
    {%- if region == 'icb' -%}
        {{ icb_code_column }} = '{{ var("region_icb_code") }}'
    {%- elif region == 'england' -%}
        {{ country_code_column }} = 'England'
    {%- else -%}
        {{ exceptions.raise_compiler_error("var 'region' must be 'icb' or 'england', got '" ~ region ~ "'") }}
    {%- endif -%}
{%- endmacro %}
