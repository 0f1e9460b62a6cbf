{# Fails with every row whose value lies outside [min_value, max_value]; nulls pass (test them with not_null). #}
{% test accepted_range(model, column_name, min_value=none, max_value=none) %}

select *
from {{ model }}
where
    {{ column_name }} is not null
    and ({{ out_of_range_condition(column_name, min_value, max_value) }})

{% endtest %}
