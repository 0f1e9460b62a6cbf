{#- The composite-indicator audit's runs: a Saltelli (2010) radial design over four assumptions. For each of
    the N base samples (var monte_carlo_base_samples) there is a run from matrix A, one from matrix B and, per
    assumption, one A_B run: A with that assumption taken from B. Each assumption of a run is drawn from a hash
    of (seed, sample, assumption), where the sample is the base sample in matrix A or B, so the A_B run repeats
    the A run's draws for every other assumption exactly (perturbed weights included). Run 0 is the reference:
    the published method (framework bounds, arithmetic, framework weights, no indicator excluded). -#}
{%- set assumptions = audit_assumptions() %}
{%- set seed = var('monte_carlo_seed') %}

with

framework as (

    select * from {{ ref('int_framework_indicators_selected') }}

),

base_samples as (

    select draw_id as base_id
    from {{ draw_series(1, var('monte_carlo_base_samples')) }}

),

blocks as (

    select
        1 as block_key,
        'A' as block,
        cast(null as {{ dbt.type_string() }}) as varied_assumption

    union all

    select
        2 as block_key,
        'B' as block,
        cast(null as {{ dbt.type_string() }}) as varied_assumption
    {%- for assumption in assumptions %}

        union all

        select
            {{ loop.index + 2 }} as block_key,
            'AB' as block,
            '{{ assumption }}' as varied_assumption
    {%- endfor %}

),

-- an indicator may be left out only where its component keeps at least one other: every run scores every
-- component, so dimensions and the SPI keep their shape
component_sizes as (

    select
        dimension,
        component,
        count(*) as n_indicators
    from framework
    group by
        dimension,
        component

),

exclusion_candidates as (

    select
        framework.indicator_id,
        row_number() over (order by framework.indicator_id) as candidate_key
    from framework
    inner join component_sizes
        on
            framework.dimension = component_sizes.dimension
            and framework.component = component_sizes.component
    where component_sizes.n_indicators >= 2

),

candidate_count as (

    select count(*) as n_candidates
    from exclusion_candidates

),

-- a run draws an assumption from sample 2 x base (matrix A) or 2 x base + 1 (matrix B): B's for a B run and
-- for the assumption an A_B run varies, A's otherwise
runs as (

    select
        cast((base_samples.base_id - 1) * {{ assumptions | length + 2 }} + blocks.block_key as integer) as run_id,
        base_samples.base_id,
        blocks.block,
        blocks.varied_assumption,
        base_samples.base_id * 2 as a_sample_id,
        base_samples.base_id * 2 + 1 as b_sample_id
    from base_samples
    cross join blocks

),

uniforms as (

    select
        runs.*,
        {%- for assumption in assumptions %}
        {{ hash_uniform(
            seed,
            "case when runs.block = 'B' or runs.varied_assumption = '"
            ~ assumption ~ "' then runs.b_sample_id else runs.a_sample_id end",
            "'" ~ assumption ~ "'"
        ) }} as {{ assumption }}_uniform,
        {%- endfor %}
        case
            when runs.block = 'B' or runs.varied_assumption = 'weights' then runs.b_sample_id else runs.a_sample_id
        end as weights_sample_id,
        candidate_count.n_candidates
    from runs
    cross join candidate_count

),

drawn as (

    select
        uniforms.run_id,
        uniforms.base_id,
        uniforms.block,
        uniforms.varied_assumption,
        case cast(floor(uniforms.normalisation_uniform * 4) as integer)
            when 0 then 'bounds'
            when 1 then 'minmax'
            when 2 then 'zscore'
            else 'rank'
        end as normalisation,
        case
            when uniforms.aggregation_uniform < 0.5 then 'arithmetic' else 'geometric'
        end as aggregation,
        case cast(floor(uniforms.weights_uniform * 3) as integer)
            when 0 then 'framework'
            when 1 then 'equal'
            else 'perturbed'
        end as weighting,
        cast(uniforms.weights_sample_id as integer) as weights_sample_id,
        -- 0 = no indicator left out, k = the k-th candidate: each with probability 1 / (candidates + 1)
        cast(floor(uniforms.exclusion_uniform * (uniforms.n_candidates + 1)) as integer) as excluded_key
    from uniforms

),

sampled as (

    select
        drawn.run_id,
        drawn.base_id,
        drawn.block,
        drawn.varied_assumption,
        drawn.normalisation,
        drawn.aggregation,
        drawn.weighting,
        drawn.weights_sample_id,
        exclusion_candidates.indicator_id as excluded_indicator_id
    from drawn
    left join exclusion_candidates
        on drawn.excluded_key = exclusion_candidates.candidate_key

),

reference as (

    select
        0 as run_id,
        0 as base_id,
        'reference' as block,
        cast(null as {{ dbt.type_string() }}) as varied_assumption,
        'bounds' as normalisation,
        'arithmetic' as aggregation,
        'framework' as weighting,
        cast(null as integer) as weights_sample_id,
        cast(null as {{ dbt.type_string() }}) as excluded_indicator_id

),

final as (

    select * from reference

    union all

    select * from sampled

)

select * from final
