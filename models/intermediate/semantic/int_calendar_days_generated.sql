-- The day-grain calendar MetricFlow needs to aggregate metrics over time (dbt 1.9+ time spine).
with

days as (

    {{ time_spine_days('2000-01-01', '2041-01-01') }}

),

final as (

    select cast(date_day as date) as date_day
    from days

)

select * from final
