{#- One row per day (column date_day) from start_date up to, not including, end_date: dbt's cross-database
    date_spine, wrapped so sqlfluff can lint the time spine with a stand-in (see .sqlfluff). -#}
{% macro time_spine_days(start_date, end_date) %}
    {{ dbt.date_spine('day', "cast('" ~ start_date ~ "' as date)", "cast('" ~ end_date ~ "' as date)") }}
{% endmacro %}
