{#- Fails with one row per broken rule (rule, column, how many rows break it). Every rule of a model in one
    scan and one dbt node: `not_null` columns, `accepted_values` ({column: [values]}; nulls pass, as in dbt's
    accepted_values) and `min_values` ({column: minimum}; nulls pass, as in accepted_range). For a table too
    large to read once per rule (the 169-million-row record extract read one scan per rule). -#}
{% test column_rules(model, not_null=[], accepted_values={}, min_values={}) %}

    {%- set checks = [] -%}
    {%- for column in not_null -%}
    {%- do checks.append(('not_null', column, column ~ ' is null')) -%}
    {%- endfor -%}
    {%- for column, values in accepted_values.items() -%}
    {%- set listed = [] -%}
    {%- for value in values -%}
        {%- do listed.append("'" ~ value ~ "'" if value is string else value | string) -%}
    {%- endfor -%}
    {%- do checks.append(('accepted_values', column, column ~ ' not in (' ~ listed | join(', ') ~ ')')) -%}
    {%- endfor -%}
{%- for column, minimum in min_values.items() -%}
    {%- do checks.append(('min_value', column, column ~ ' < ' ~ minimum)) -%}
    {%- endfor %}

with

broken_rows as (

    select
        {% for rule, column, condition in checks %}
            sum(case when {{ condition }} then 1 else 0 end) as rule_{{ loop.index }}{{ "," if not loop.last }}
        {% endfor %}
    from {{ model }}

),

final as (

    {% for rule, column, condition in checks %}
        select
            '{{ rule }}' as rule_name,
            '{{ column }}' as column_name,
            rule_{{ loop.index }} as failing_rows
        from broken_rows
        where rule_{{ loop.index }} > 0
        {{ "union all" if not loop.last }}
    {% endfor %}

)

select * from final

{% endtest %}
