{#
  Which framework rows are synthetic in this build, and which enter the index.

  A row marked is_synthetic in the seed reads this project's synthetic health extract (source_name nhs_health,
  made by `spi generate-health`). When the build is told the health folder holds a real extract (var
  health_extract_status = 'real', set by `spi build` from the folder's manifest), those rows read real data
  and are not synthetic in this build. Synthetic rows enter the index only with var include_synthetic_health
  (`spi build --include-synthetic-health`).
#}
{% macro include_synthetic_health() -%}
    {%- set flag = var('include_synthetic_health', false) -%}
    {#- the same test as the generic tests' enabled configs, which cannot call this macro -#}
    {{ return(flag not in [false, 'false', 'False', 0, '0']) }}
{%- endmacro %}

{% macro framework_is_synthetic_in_build(is_synthetic_column='is_synthetic', source_name_column='source_name') -%}
    {%- if health_extract_is_real() -%}
        ({{ is_synthetic_column }} and {{ source_name_column }} != 'nhs_health')
    {%- else -%}
        {{ is_synthetic_column }}
    {%- endif -%}
{%- endmacro %}
