{# Fails with one row per duplicated key: the compound primary-key test (dbt_utils is not installable here). #}
{% test unique_combination_of_columns(model, combination_of_columns) %}

with

keys as (

    select
        {{ combination_of_columns | join(', ') }},
        count(*) as n_rows
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}

),

duplicated as (

    select * from keys
    where n_rows > 1

)

select * from duplicated

{% endtest %}
