{# A SQL predicate that is true where the column lies below min_value or above max_value (either may be none). #}
{% macro out_of_range_condition(column_name, min_value=none, max_value=none) -%}
    {%- set conditions = [] -%}
    {%- if min_value is not none -%}
        {%- do conditions.append(column_name ~ ' < ' ~ min_value) -%}
    {%- endif -%}
    {%- if max_value is not none -%}
        {%- do conditions.append(column_name ~ ' > ' ~ max_value) -%}
    {%- endif -%}
    {{ conditions | join(' or ') if conditions else 'false' }}
{%- endmacro %}
