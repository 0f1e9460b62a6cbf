-- Every audit run renormalises each component's weights to sum 1, and gives its excluded indicator weight 0.
with

run_weights as (

    select * from {{ ref('int_audit_weights_drawn') }}

),

runs as (

    select * from {{ ref('int_audit_runs_designed') }}

),

totals as (

    select
        run_id,
        component,
        sum(weight) as weight_total
    from run_weights
    group by
        run_id,
        component

),

excluded_weights as (

    select
        run_weights.run_id,
        run_weights.indicator_id,
        run_weights.weight
    from run_weights
    inner join runs
        on
            run_weights.run_id = runs.run_id
            and run_weights.indicator_id = runs.excluded_indicator_id

)

select
    run_id,
    component,
    weight_total as failing_value,
    'component weights do not sum to 1' as failure
from totals
where abs(weight_total - 1) > 1e-9

union all

select
    run_id,
    indicator_id as component,
    weight as failing_value,
    'excluded indicator has a weight' as failure
from excluded_weights
where weight != 0
