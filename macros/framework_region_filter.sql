{#
  True for the framework rows whose source covers the build's region (var region). The seed's `regions`
  column lists the regions separated by ';' (e.g. 'icb;england'); the ';' padding makes the match exact and
  keeps the predicate portable (no list functions). An area build (region 'area': any ICB, local authority or
  region of England) scores the national indicator set, the rows marked 'england', so its ward scores mean
  the same as an England build's.
#}
{% macro framework_region_filter(regions_column='regions') -%}
    (';' || {{ regions_column }} || ';') like '%;{{ framework_variant() }};%'
{%- endmacro %}

{# The framework cut a build scores: its region, or 'england' (the national indicator set) for an area build. #}
{% macro framework_variant() -%}
    {{ 'england' if var('region') == 'area' else var('region') }}
{%- endmacro %}
