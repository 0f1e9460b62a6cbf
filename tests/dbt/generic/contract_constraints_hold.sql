{#- A mart's contract constraints (not_null and check, from its .yml) run as one query, for engines that do not
    enforce them: Spark on Parquet tables (dbt-spark adds constraints to Delta tables only). Fails with one row
    per column and constraint that rows break, and how many rows. DuckDB enforces the same constraints when dbt
    creates the table, so each mart's .yml enables this test only where target.type is not duckdb; there it
    would be a test that cannot fail. -#}
-- the Jinja that reads the contract from the graph renders to nothing: its indentation is not SQL layout
-- noqa: disable=LT02
{% test contract_constraints_hold(model) %}

{%- set checks = [] -%}
{%- if execute -%}
    {%- set nodes = graph.nodes.values()
        | selectattr('resource_type', 'equalto', 'model')
        | selectattr('name', 'equalto', model.identifier)
        | list -%}
    {%- if nodes | length != 1 -%}
        {{ exceptions.raise_compiler_error(
            'contract_constraints_hold: no single model named ' ~ model.identifier) }}
    {%- endif -%}
    {%- for column in nodes[0].columns.values() -%}
        {%- for constraint in column.constraints -%}
            {%- if constraint.type == 'not_null' -%}
                {%- do checks.append((column.name, 'not_null', column.name ~ ' is null')) -%}
            {%- elif constraint.type == 'check' -%}
                {#- a check fails only when its expression is false (null passes, as in SQL) -#}
                {%- do checks.append((column.name, 'check', 'not (' ~ constraint.expression ~ ')')) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif -%}

with

breaches as (

    {% for column_name, rule, condition in checks %}
        select
            '{{ column_name }}' as column_name,
            '{{ rule }}' as constraint_type,
            count(*) as failing_rows
        from {{ model }}
        where {{ condition }}
        {{ "union all" if not loop.last }}
    {% else %}
        select
            'none' as column_name,
            'none' as constraint_type,
            0 as failing_rows
    {% endfor %}

),

final as (

    select * from breaches
    where failing_rows > 0

)

select * from final

{% endtest %}
