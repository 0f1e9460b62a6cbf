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
{%- set assumptions = audit_assumptions() %}

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

-- one row per output, unit and base sample: y(A), y(B) and y(A_B) for each assumption side by side
base_values as (

    select
        period,
        output_measure,
        unit,
        base_id,
        max(case when block = 'A' then output_value end) as value_a,
        {%- for assumption in assumptions %}
            max(case when varied_assumption = '{{ assumption }}' then output_value end) as value_ab_{{ assumption }},
        {%- endfor %}
        max(case when block = 'B' then output_value end) as value_b
    from outputs
    group by
        period,
        output_measure,
        unit,
        base_id

),

-- per unit: V over the 2N values of A and B, and the sums of the estimators (centred on the A-B mean m:
-- sum (y_B - m)(y_AB - y_A) = sum y_B (y_AB - y_A) - m sum (y_AB - y_A))
unit_sums as (

    select
        period,
        output_measure,
        unit,
        (avg(value_a) + avg(value_b)) / 2.0 as mean_value,
        (avg(value_a * value_a) + avg(value_b * value_b)) / 2.0
        - ((avg(value_a) + avg(value_b)) / 2.0) * ((avg(value_a) + avg(value_b)) / 2.0) as variance,
        {%- for assumption in assumptions %}
            count(value_ab_{{ assumption }}) as n_{{ assumption }},
            sum(value_b * (value_ab_{{ assumption }} - value_a)) as cross_{{ assumption }},
            sum(value_ab_{{ assumption }} - value_a) as shift_{{ assumption }},
            sum(0.5 * (value_a - value_ab_{{ assumption }}) * (value_a - value_ab_{{ assumption }}))
                as jansen_{{ assumption }},
        {%- endfor %}
        count(*) as n_base_samples
    from base_values
    group by
        period,
        output_measure,
        unit

),

pooled_by_assumption as (
    {%- for assumption in assumptions %}

        select
            period,
            output_measure,
            '{{ assumption }}' as assumption,
            sum((cross_{{ assumption }} - mean_value * shift_{{ assumption }}) / n_base_samples)
                as first_order_variance,
            sum(jansen_{{ assumption }} / n_base_samples) as total_order_variance,
            sum(variance) as total_variance,
            avg(variance) as mean_variance,
            max(n_base_samples) as n_base_samples,
            min(n_{{ assumption }}) as n_radial_runs
        from unit_sums
        group by
            period,
            output_measure
        {{- '\n\n    union all' if not loop.last }}
    {%- endfor %}

),

-- an assumption without A_B runs (none in a design that leaves it fixed) has no row
pooled as (

    select * from pooled_by_assumption
    where n_radial_runs > 0

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
        'bounds (published), minmax, zscore (50 + 10 z), rank (percentile); 1/4 each' as option_text

    union all

    select
        'aggregation' as assumption,
        'arithmetic (published) or geometric within components, scores floored at '
        || '{{ var('monte_carlo_geometric_floor') }}; 1/2 each' as option_text

    union all

    select
        'weights' as assumption,
        'framework (published: PCA or equal fallback), equal, or framework x U[1 - p, 1 + p], p = '
        || '{{ var('monte_carlo_perturbation') }}; 1/3 each' as option_text

    union all

    select
        'exclusion' as assumption,
        'none (published) or one indicator of a component of two or more; each 1 / (candidates + 1)'
            as option_text

),

final as (

    select
        pooled.period,
        pooled.output_measure,
        pooled.assumption,
        assumption_options.option_text as assumption_options,
        round(pooled.first_order_variance / nullif(pooled.total_variance, 0), 4) as first_order_index,
        round(pooled.total_order_variance / nullif(pooled.total_variance, 0), 4) as total_order_index,
        pooled.mean_variance as output_variance,
        cast(pooled.n_base_samples as integer) as n_base_samples,
        cast(run_count.n_runs as integer) as n_runs,
        cast(area_count.n_areas as integer) as n_areas,
        'Saltelli et al. (2010): mean over base samples of (y(B) - mean y)(y(A_B) - y(A)), over V'
            as first_order_method,
        'Jansen (1999): mean over base samples of (y(A) - y(A_B))^2 / 2, over V' as total_order_method,
        cast({{ var('monte_carlo_seed') }} as bigint) as seed,
        cast('{{ var('framework_version') }}' as {{ dbt.type_string() }}) as framework_version
    from pooled
    inner join area_count
        on pooled.period = area_count.period
    inner join assumption_options
        on pooled.assumption = assumption_options.assumption
    cross join run_count

)

select * from final
