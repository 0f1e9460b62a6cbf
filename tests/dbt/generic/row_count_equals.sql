{# Fails when the model does not have exactly `expected` rows (optionally within a filter). #}
{% test row_count_equals(model, expected, where_clause='true') %}

with

counted as (

    select count(*) as n_rows
    from {{ model }}
    where {{ where_clause }}

)

select * from counted
where n_rows != {{ expected }}

{% endtest %}
