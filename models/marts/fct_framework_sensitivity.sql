{#- How much each assumption of the composite-indicator audit moves the ward ranks: first-order and total-order
    Sobol' indices per period, assumption and output, from the audit's Saltelli radial design
    (int_audit_runs_designed: per base sample j, runs A_j, B_j and A_B^(i)_j). For one output y of one area:
      V      variance of y over the 2N runs of A and B
      V_i    (1/N) sum_j (y(B_j) - mean) (y(A_B^(i)_j) - y(A_j))   Saltelli et al. (2010), output centred
      V_Ti   (1/2N) sum_j (y(A_j) - y(A_B^(i)_j))^2                 Jansen (1999)
    ward_rank pools the areas (sum of V_i over areas / sum of V over areas: the share of the total rank
    variance, Gamboa et al. 2013's aggregated index); mean_absolute_rank_shift is one output per run, the mean
    over areas of |rank - published rank|. The estimators need no ordering of an assumption's options, so they
    hold for discrete assumptions. -#}
with

runs as (

    select * from {{ ref('int_audit_runs_designed') }}

),

spi_runs as (

    select * from {{ ref('int_ward_spi_runs_scored') }}

),

reference_ranks as (

    select
        area_code,
        period,
        spi_rank
    from spi_runs
    where run_id = 0

),

sampled_runs as (

    select
        spi_runs.run_id,
        spi_runs.area_code,
        spi_runs.period,
        spi_runs.spi_rank,
        runs.base_id,
        runs.block,
        runs.varied_assumption
    from spi_runs
    inner join runs
        on spi_runs.run_id = runs.run_id
    where runs.run_id > 0

),

rank_shifts as (

    select
        sampled_runs.period,
        sampled_runs.base_id,
        sampled_runs.block,
        sampled_runs.varied_assumption,
        avg(abs(sampled_runs.spi_rank - reference_ranks.spi_rank)) as mean_absolute_rank_shift
    from sampled_runs
    inner join reference_ranks
        on
            sampled_runs.area_code = reference_ranks.area_code
            and sampled_runs.period = reference_ranks.period
    group by
        sampled_runs.run_id,
        sampled_runs.period,
        sampled_runs.base_id,
        sampled_runs.block,
        sampled_runs.varied_assumption

),

outputs as (

    select
        period,
        'ward_rank' as output_measure,
        area_code as unit,
        base_id,
        block,
        varied_assumption,
        cast(spi_rank as {{ dbt.type_float() }}) as output_value
    from sampled_runs

    union all

    select
        period,
        'mean_absolute_rank_shift' as output_measure,
        'all areas' as unit,
        base_id,
        block,
        varied_assumption,
        cast(mean_absolute_rank_shift as {{ dbt.type_float() }}) as output_value
    from rank_shifts

),

unit_moments as (

    select
        period,
        output_measure,
        unit,
        avg(output_value) as mean_value,
        var_pop(output_value) as variance
    from outputs
    where block in ('A', 'B')
    group by
        period,
        output_measure,
        unit

),

matrix_values as (

    select
        period,
        output_measure,
        unit,
        base_id,
        max(case when block = 'A' then output_value end) as value_a,
        max(case when block = 'B' then output_value end) as value_b
    from outputs
    where block in ('A', 'B')
    group by
        period,
        output_measure,
        unit,
        base_id

),

unit_partial_variances as (

    select
        outputs.period,
        outputs.output_measure,
        outputs.unit,
        outputs.varied_assumption,
        avg((matrix_values.value_b - unit_moments.mean_value) * (outputs.output_value - matrix_values.value_a))
            as first_order_variance,
        avg(0.5 * (matrix_values.value_a - outputs.output_value) * (matrix_values.value_a - outputs.output_value))
            as total_order_variance,
        count(*) as n_base_samples
    from outputs
    inner join matrix_values
        on
            outputs.period = matrix_values.period
            and outputs.output_measure = matrix_values.output_measure
            and outputs.unit = matrix_values.unit
            and outputs.base_id = matrix_values.base_id
    inner join unit_moments
        on
            outputs.period = unit_moments.period
            and outputs.output_measure = unit_moments.output_measure
            and outputs.unit = unit_moments.unit
    where outputs.block = 'AB'
    group by
        outputs.period,
        outputs.output_measure,
        outputs.unit,
        outputs.varied_assumption

),

output_variances as (

    select
        period,
        output_measure,
        sum(variance) as total_variance,
        avg(variance) as mean_variance
    from unit_moments
    group by
        period,
        output_measure

),

pooled as (

    select
        period,
        output_measure,
        varied_assumption as assumption,
        sum(first_order_variance) as first_order_variance,
        sum(total_order_variance) as total_order_variance,
        max(n_base_samples) as n_base_samples
    from unit_partial_variances
    group by
        period,
        output_measure,
        varied_assumption

),

run_count as (

    select count(*) as n_runs
    from runs
    where run_id > 0

),

area_count as (

    select
        period,
        count(*) as n_areas
    from reference_ranks
    group by period

),

assumption_options as (

    select
        'normalisation' as assumption,
        'bounds (published), minmax (over the areas), zscore (50 + 10 z), rank (percentile); 1/4 each'
            as options
    union all
    select
        'aggregation' as assumption,
        'arithmetic (published) or geometric mean within each component (scores floored at {{ var('monte_carlo_geometric_floor') }}); 1/2 each'
            as options
    union all
    select
        'weights' as assumption,
        'framework (published PCA or equal fallback), equal, or framework x U[1 - p, 1 + p] with p = {{ var('monte_carlo_perturbation') }}; 1/3 each'
            as options
    union all
    select
        'exclusion' as assumption,
        'none (published) or one indicator of a component of two or more left out; each 1 / (candidates + 1)'
            as options

),

final as (

    select
        pooled.period,
        pooled.output_measure,
        pooled.assumption,
        assumption_options.options as assumption_options,
        round(pooled.first_order_variance / nullif(output_variances.total_variance, 0), 4) as first_order_index,
        round(pooled.total_order_variance / nullif(output_variances.total_variance, 0), 4) as total_order_index,
        output_variances.mean_variance as output_variance,
        cast(pooled.n_base_samples as integer) as n_base_samples,
        cast(run_count.n_runs as integer) as n_runs,
        cast(area_count.n_areas as integer) as n_areas,
        'Saltelli et al. (2010): mean over base samples of (y(B) - mean y)(y(A_B) - y(A)), over V' as first_order_method,
        'Jansen (1999): mean over base samples of (y(A) - y(A_B))^2 / 2, over V' as total_order_method,
        cast({{ var('monte_carlo_seed') }} as bigint) as seed,
        cast('{{ var('framework_version') }}' as {{ dbt.type_string() }}) as framework_version
    from pooled
    inner join output_variances
        on
            pooled.period = output_variances.period
            and pooled.output_measure = output_variances.output_measure
    inner join area_count
        on pooled.period = area_count.period
    inner join assumption_options
        on pooled.assumption = assumption_options.assumption
    cross join run_count

)

select * from final
