{# Fails with every published count that breaks disclosure control: a count of 1 to 7, or a count that is
   not a multiple of 5. Null (suppressed) and 0 pass. #}
{% test disclosure_controlled_count(model, column_name) %}

select {{ column_name }} as failing_count
from {{ model }}
where
    {{ column_name }} is not null
    and (({{ column_name }} between 1 and 7) or ({{ column_name }} % 5 <> 0))

{% endtest %}
