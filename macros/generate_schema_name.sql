{# Use the configured schema name as it is (staging, intermediate, marts, reference), not target_schema + '_' + name:
   BI users see stable schema names whatever the target. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
