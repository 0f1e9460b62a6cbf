{# Differencing check: fails for every local authority (per group) whose total is published while exactly
   one of its wards is suppressed, since total minus the other wards would recover that ward. Works on a
   table with ward and lad rows (level_column) or, with lad_model, on a ward table and a separate LA table. #}
{% test disclosure_no_single_suppressed_ward(model, lad_column, group_columns, level_column=none, lad_model=none) %}

with

wards as (

    select * from {{ model }}
    {% if level_column %}where {{ level_column }} = 'ward'{% endif %}

),

lads as (

    select * from {{ lad_model if lad_model else model }}
    {% if level_column %}where {{ level_column }} = 'lad'{% endif %}

),

suppressed_per_lad as (

    select
        {{ lad_column }},
        {% for column in group_columns %}{{ column }},{% endfor %}
        count(*) filter (where is_suppressed) as suppressed_wards
    from wards
    group by
        {{ lad_column }}{% for column in group_columns %}, {{ column }}{% endfor %}

)

select suppressed_per_lad.*
from suppressed_per_lad
inner join lads
    on
        suppressed_per_lad.{{ lad_column }} = lads.{{ lad_column }}
        {% for column in group_columns %}and suppressed_per_lad.{{ column }} = lads.{{ column }}
        {% endfor %}
where
    suppressed_per_lad.suppressed_wards = 1
    and not lads.is_suppressed

{% endtest %}
