{#
  The areas a build scores (var region):
    icb      the ICB of var region_icb_code (default build);
    england  every English area;
    area     the areas of var area_codes, a list of GSS codes: ICBs (E54), local authorities (E06, E07, E08,
             E09) or regions (E12); an area is in the build if any code matches.
  Returns a SQL predicate over columns holding an area's ICB, country, local authority and region codes.
#}
-- The linter checks the Jinja tags of an unrendered branch (area: a loop inside an elif) against their own
-- nesting and cannot place them (the rendered SQL is one predicate), so layout.indent is off for this macro:
-- noqa: disable=LT02
{% macro region_filter(icb_code_column='icb_code', country_code_column='country_code',
    lad_code_column='lad_code', region_code_column='region_code') -%}
    {%- set region = var('region') -%}
    {%- if region == 'icb' -%}
        {{ icb_code_column }} = '{{ var("region_icb_code") }}'
    {%- elif region == 'england' -%}
        {{ country_code_column }} = 'England'
    {%- elif region == 'area' -%}
        {%- set codes = var('area_codes', []) -%}
        {%- if codes is string -%}{%- set codes = codes.split(',') -%}{%- endif -%}
        {%- if codes | length == 0 -%}
            {{ exceptions.raise_compiler_error("var 'region' is 'area' but var 'area_codes' lists no code") }}
        {%- endif -%}
        {%- set columns = {'E54': icb_code_column, 'E12': region_code_column} -%}
        {%- set ns = namespace(predicates=[]) -%}
        {%- for code in codes -%}
            {%- if code | length != 9 or code[:3] not in ('E54', 'E06', 'E07', 'E08', 'E09', 'E12') -%}
                {{ exceptions.raise_compiler_error(
                    "var 'area_codes': '" ~ code ~ "' is not an English ICB (E54), local authority (E06-E09) "
                    ~ "or region (E12) code"
                ) }}
            {%- endif -%}
            {%- set ns.predicates = ns.predicates + [columns.get(code[:3], lad_code_column) ~ " = '" ~ code ~ "'"] -%}
        {%- endfor -%}
        ({{ ns.predicates | join(' or ') }})
    {%- else -%}
        {{ exceptions.raise_compiler_error("var 'region' must be 'icb', 'england' or 'area', got '" ~ region ~ "'") }}
    {%- endif -%}
{%- endmacro %}
