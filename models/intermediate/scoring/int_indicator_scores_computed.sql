{{ config(tags=['engine']) }}

with

framework as (

    select * from {{ ref('int_framework_indicators_selected') }}

),

area_values as (

    select * from {{ ref('int_area_indicator_values_selected') }}

),

joined as (

    select
        area_values.area_code,
        area_values.period,
        framework.dimension,
        framework.component,
        framework.indicator_id,
        framework.weight,
        framework.best,
        framework.worst,
        framework.transform,
        area_values.value
    from area_values
    inner join framework
        on area_values.indicator_id = framework.indicator_id

),

final as (

    select
        area_code,
        period,
        dimension,
        component,
        indicator_id,
        weight,
        value,
        {{ spi_indicator_score('value', 'best', 'worst', 'transform') }} as score,
        -- the value lies beyond a bound and its score was capped at 100 or 0
        case
            when value is null then null
            when (best > worst and value > best) or (best < worst and value < best) then 'beyond_best'
            when (best > worst and value < worst) or (best < worst and value > worst) then 'beyond_worst'
            else 'within_bounds'
        end as bound_status
    from joined

)

select * from final
