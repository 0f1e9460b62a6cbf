{#
  The ward boundaries a build scores, chosen with --vars '{wards: wd25|wd17}'. wd17 (2017 wards) is shipped
  for the ICB only (data/raw/wd17), so it fails at compile time with any other region.
#}
{% macro ward_vintage() -%}
    {%- set wards = var('wards') -%}
    {%- if wards not in ('wd25', 'wd17') -%}
        {{ exceptions.raise_compiler_error("var 'wards' must be 'wd25' or 'wd17', got '" ~ wards ~ "'") }}
    {%- elif wards == 'wd17' and var('region') != 'icb' -%}
        {{ exceptions.raise_compiler_error(
            "ward vintage wd17 is shipped for the ICB only (data/raw/wd17); use region icb"
        ) }}
    {%- endif -%}
    {{ return(wards) }}
{%- endmacro %}
