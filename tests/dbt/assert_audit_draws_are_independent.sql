-- The audit's pseudo-random draws behave as independent uniforms: each option of each assumption appears in
-- its share of the 2N runs of A and B within 2 / sqrt(2N) (at least 4 standard errors; 0.1 for N = 200), and
-- the perturbed weights of two indicators in the same run are not correlated: the mean |r| over indicator
-- pairs stays below 2 / sqrt(2N / 3) (about twice its expected 0.8 / sqrt(perturbed runs); a hash that mixed
-- its keys poorly gave 0.6 and more).
with

runs as (

    select * from {{ ref('int_audit_runs_designed') }}

),

run_weights as (

    select * from {{ ref('int_audit_weights_drawn') }}

),

sampled as (

    select * from runs
    where block in ('A', 'B')

),

sampled_count as (

    select count(*) as n_sampled
    from sampled

),

option_counts as (

    select
        'normalisation' as assumption,
        normalisation as option_label,
        0.25 as expected_share,
        count(*) as n_runs
    from sampled
    group by normalisation

    union all

    select
        'aggregation' as assumption,
        aggregation as option_label,
        0.5 as expected_share,
        count(*) as n_runs
    from sampled
    group by aggregation

    union all

    select
        'weights' as assumption,
        weighting as option_label,
        1.0 / 3 as expected_share,
        count(*) as n_runs
    from sampled
    group by weighting

),

option_shares as (

    select
        option_counts.assumption,
        option_counts.option_label,
        option_counts.expected_share,
        option_counts.n_runs * 1.0 / sampled_count.n_sampled as run_share
    from option_counts
    cross join sampled_count

),

perturbed as (

    select
        run_weights.run_id,
        run_weights.indicator_id,
        run_weights.perturbation_factor
    from run_weights
    inner join sampled
        on run_weights.run_id = sampled.run_id
    where sampled.weighting = 'perturbed'

),

pair_correlations as (

    select
        left_factor.indicator_id as left_indicator_id,
        right_factor.indicator_id as right_indicator_id,
        corr(left_factor.perturbation_factor, right_factor.perturbation_factor) as factor_correlation
    from perturbed as left_factor
    inner join perturbed as right_factor
        on
            left_factor.run_id = right_factor.run_id
            and left_factor.indicator_id < right_factor.indicator_id
    group by
        left_factor.indicator_id,
        right_factor.indicator_id

),

mean_correlation as (

    select avg(abs(factor_correlation)) as mean_absolute_correlation
    from pair_correlations

)

select
    assumption || ': ' || option_label as failing_check,
    run_share as failing_value
from option_shares
where abs(run_share - expected_share) > 2.0 / sqrt(2.0 * {{ var('monte_carlo_base_samples') }})

union all

select
    'perturbation factors correlated across indicators' as failing_check,
    mean_absolute_correlation as failing_value
from mean_correlation
where mean_absolute_correlation > 2.0 / sqrt(2.0 * {{ var('monte_carlo_base_samples') }} / 3.0)
