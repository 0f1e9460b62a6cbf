{#- Fails with one row per listed column that holds nulls, and how many. All the columns in one scan and one
    dbt node: a not_null node per column cost dbt about 25 ms each on top of its query, over 200 of them. -#}
{% test not_null_columns(model, columns) %}

with

null_counts as (

    select
        {% for column in columns %}
            sum(case when {{ column }} is null then 1 else 0 end) as {{ column }}__nulls{{ "," if not loop.last }}
        {% endfor %}
    from {{ model }}

),

final as (

    {% for column in columns %}
        select
            '{{ column }}' as column_name,
            {{ column }}__nulls as null_rows
        from null_counts
        where {{ column }}__nulls > 0
        {{ "union all" if not loop.last }}
    {% endfor %}

)

select * from final

{% endtest %}
