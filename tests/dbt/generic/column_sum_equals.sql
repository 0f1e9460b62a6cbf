{# Fails when the column's total differs from `expected` by more than `tolerance`. #}
{% test column_sum_equals(model, column_name, expected, tolerance=0) %}

with

summed as (

    select sum({{ column_name }}) as column_total
    from {{ model }}

)

select * from summed
where column_total is null or abs(column_total - {{ expected }}) > {{ tolerance }}

{% endtest %}
