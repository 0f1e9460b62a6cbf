{#
  True for the framework rows whose source covers the build's region (var region). The seed's `regions`
  column lists the regions separated by ';' (e.g. 'icb;england'); the ';' padding makes the match exact and
  keeps the predicate portable (no list functions). An area build (region 'area': any ICB, local authority or
  region of England) scores the national indicator set, the rows marked 'england', so its ward scores mean
  the same as an England build's. `variant` names another cut (e.g. 'icb', the default index whose weights
  the release derives).
#}
{% macro framework_region_filter(regions_column='regions', variant=none) -%}
    (';' || {{ regions_column }} || ';') like '%;{{ variant or framework_variant() }};%'
{%- endmacro %}

{# The framework cut a build scores: its region, or 'england' (the national indicator set) for an area build. #}
{% macro framework_variant() -%}
    {{ 'england' if var('region') == 'area' else var('region') }}
{%- endmacro %}
