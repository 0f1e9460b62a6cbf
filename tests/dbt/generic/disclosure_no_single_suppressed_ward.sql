{# Differencing check: fails for every local authority (per group) whose total is published while exactly
   one of its wards is suppressed, since total minus the other wards would recover that ward.
   lad_model: the table of local-authority totals (same group columns, with is_suppressed). #}
{% test disclosure_no_single_suppressed_ward(model, lad_column, group_columns, lad_model) %}

with

wards as (

    select * from {{ model }}

),

lads as (

    select * from {{ lad_model }}

),

suppressed_per_lad as (

    select
        {{ lad_column }},
        {{ group_columns | join(', ') }},
        count(*) filter (where is_suppressed) as suppressed_wards
    from wards
    group by {{ lad_column }}, {{ group_columns | join(', ') }}

),

exposed as (

    select suppressed_per_lad.*
    from suppressed_per_lad
    inner join lads
        using ({{ lad_column }}, {{ group_columns | join(', ') }})
    where
        suppressed_per_lad.suppressed_wards = 1
        and not lads.is_suppressed

)

select * from exposed

{% endtest %}
