-- Every Monte Carlo draw renormalises each component's weights to sum 1.
with

draw_weights as (

    select * from {{ ref('int_monte_carlo_weights_drawn') }}

),

totals as (

    select
        draw_id,
        component,
        sum(weight) as weight_total
    from draw_weights
    group by
        draw_id,
        component

)

select * from totals
where abs(weight_total - 1) > 1e-9
