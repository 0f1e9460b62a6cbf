{#
  True for the framework rows whose source covers the build's region (var region). The seed's `regions`
  column lists the regions separated by ';' (e.g. 'icb;england'); the ';' padding makes the match exact and
  keeps the predicate portable (no list functions).
#}
{% macro framework_region_filter(regions_column='regions') -%}
    (';' || {{ regions_column }} || ';') like '%;{{ var("region") }};%'
{%- endmacro %}
