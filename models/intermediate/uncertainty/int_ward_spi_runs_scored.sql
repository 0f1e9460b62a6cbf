{#- The SPI of every complete area in every audit run, and its rank in the run. A run picks a normalisation
    (int_audit_indicator_scores_normalised), an aggregation within components, weights and an excluded
    indicator (int_audit_weights_drawn). Arithmetic runs follow the engine: component = weighted sum of the
    indicator scores, dimension = mean of its components, SPI = mean of the dimensions, which folds into one
    coefficient per indicator: one dot product per area and run. Geometric runs take each component's
    weighted geometric mean, exp(sum weight x ln(max(score, floor))), floor = var monte_carlo_geometric_floor,
    then the same means: per component c one dot product of the area's log scores of c with the run's weights
    of c (one list column per component), so no (area x indicator x run) rows and no list lambdas. The
    components are numbered 1..var monte_carlo_max_components (12, as the SPI's); a framework with more fails
    the test assert_audit_components_within_max. Each (normalisation, aggregation) is its own cross join of the
    runs that use it with the areas' lists for that normalisation (no list copied per row). -#}
{%- set max_components = var('monte_carlo_max_components') | int %}
{%- set normalisations = ['bounds', 'minmax', 'zscore', 'rank'] %}
with

runs as (

    select * from {{ ref('int_audit_runs_designed') }}

),

run_weights as (

    select * from {{ ref('int_audit_weights_drawn') }}

),

normalised_scores as (

    select * from {{ ref('int_audit_indicator_scores_normalised') }}

),

-- one position per indicator, grouped by component: every list below uses this order
indicator_keys as (

    select
        dimension,
        component,
        indicator_id,
        dense_rank() over (order by dimension, component) as component_key,
        row_number() over (order by dimension, component, indicator_id) as indicator_key
    from run_weights
    where run_id = 0

),

framework_shape as (

    select
        dimension,
        count(distinct component) as n_components
    from indicator_keys
    group by dimension

),

dimension_count as (

    select count(*) as n_dimensions
    from framework_shape

),

-- a component's share of the SPI: 1 / (components in its dimension) / (dimensions)
component_coefficients as (

    select distinct
        indicator_keys.component_key,
        1.0 / framework_shape.n_components / dimension_count.n_dimensions as coefficient
    from indicator_keys
    inner join framework_shape
        on indicator_keys.dimension = framework_shape.dimension
    cross join dimension_count

),

keyed_weights as (

    select
        run_weights.run_id,
        run_weights.weight,
        indicator_keys.component_key,
        indicator_keys.indicator_key,
        component_coefficients.coefficient as component_coefficient,
        run_weights.weight * component_coefficients.coefficient as spi_coefficient
    from run_weights
    inner join indicator_keys
        on run_weights.indicator_id = indicator_keys.indicator_id
    inner join component_coefficients
        on indicator_keys.component_key = component_coefficients.component_key

),

run_component_weights as (

    select
        run_id,
        component_key,
        max(component_coefficient) as component_coefficient,
        {{ ordered_list('weight', 'indicator_key') }} as weights
    from keyed_weights
    group by
        run_id,
        component_key

),

run_flat_vectors as (

    select
        run_id,
        {{ ordered_list('spi_coefficient', 'indicator_key') }} as spi_coefficients
    from keyed_weights
    group by run_id

),

-- one column per component (1..max_components; a number past the framework's components has no list and a
-- coefficient of 0)
run_component_columns as (

    select
    {%- for component_key in range(1, max_components + 1) %}
        max(case when component_key = {{ component_key }} then weights end) as weights_{{ component_key }},
        coalesce(max(case when component_key = {{ component_key }} then component_coefficient end), 0.0)
            as coefficient_{{ component_key }},
        {%- endfor %}
        run_id
    from run_component_weights
    group by run_id

),

run_vectors as (

    select
    {%- for component_key in range(1, max_components + 1) %}
        run_component_columns.weights_{{ component_key }},
        run_component_columns.coefficient_{{ component_key }},
        {%- endfor %}
        run_flat_vectors.run_id,
        run_flat_vectors.spi_coefficients
    from run_flat_vectors
    inner join run_component_columns
        on run_flat_vectors.run_id = run_component_columns.run_id

),

run_lists as (

    select
        runs.normalisation,
        runs.aggregation,
        run_vectors.*
    from runs
    inner join run_vectors
        on runs.run_id = run_vectors.run_id

),

keyed_scores as (

    select
        normalised_scores.area_code,
        normalised_scores.period,
        normalised_scores.normalisation,
        normalised_scores.score,
        ln(greatest(normalised_scores.score, {{ var('monte_carlo_geometric_floor') }})) as log_score,
        indicator_keys.indicator_key
    from normalised_scores
    inner join indicator_keys
        on normalised_scores.indicator_id = indicator_keys.indicator_id

),

area_vectors as (

    select
        area_code,
        period,
        normalisation,
        {{ ordered_list('score', 'indicator_key') }} as scores,
        {{ ordered_list('log_score', 'indicator_key') }} as log_scores
    from keyed_scores
    group by
        area_code,
        period,
        normalisation

),

-- where each component's indicators sit in the lists (indicator keys are numbered component by component)
component_positions as (

    select
    {%- for component_key in range(1, max_components + 1) %}
        max(case when component_key = {{ component_key }} then first_key end) as first_key_{{ component_key }},
        max(case when component_key = {{ component_key }} then last_key end) as last_key_{{ component_key }},
        {%- endfor %}
        count(*) as n_components
    from (
        select
            component_key,
            min(indicator_key) as first_key,
            max(indicator_key) as last_key
        from indicator_keys
        group by component_key
    ) as component_ranges

),

area_lists as (

    select
    {%- for component_key in range(1, max_components + 1) %}
        {{ list_slice_between(
            'area_vectors.log_scores',
            'component_positions.first_key_' ~ component_key,
            'component_positions.last_key_' ~ component_key
        ) }} as log_scores_{{ component_key }},
        {%- endfor %}
        area_vectors.area_code,
        area_vectors.period,
        area_vectors.normalisation,
        area_vectors.scores
    from area_vectors
    cross join component_positions

),

spi_runs as (
    {%- for normalisation in normalisations %}

        select
            arithmetic_runs.run_id,
            areas.area_code,
            areas.period,
            {{ list_dot_product('areas.scores', 'arithmetic_runs.spi_coefficients') }} as spi_score
        from run_lists as arithmetic_runs
        cross join area_lists as areas
        where
            arithmetic_runs.normalisation = '{{ normalisation }}'
            and arithmetic_runs.aggregation = 'arithmetic'
            and areas.normalisation = '{{ normalisation }}'

        union all

        select
            geometric_runs.run_id,
            areas.area_code,
            areas.period,
            0.0
            {%- for component_key in range(1, max_components + 1) %}
        + case
            when geometric_runs.coefficient_{{ component_key }} > 0
                then geometric_runs.coefficient_{{ component_key }} * exp({{ list_dot_product(
                    'areas.log_scores_' ~ component_key, 'geometric_runs.weights_' ~ component_key
                ) }})
            else 0.0
        end
        {%- endfor %} as spi_score
        from run_lists as geometric_runs
        cross join area_lists as areas
        where
            geometric_runs.normalisation = '{{ normalisation }}'
            and geometric_runs.aggregation = 'geometric'
            and areas.normalisation = '{{ normalisation }}'
        {{- '\n\n    union all' if not loop.last }}
    {%- endfor %}

),

final as (

    select
        run_id,
        area_code,
        period,
        -- rounded: a sum's last bits depend on evaluation order, and ties must rank the same on every engine
        round(spi_score, 10) as spi_score,
        cast({{ score_rank('round(spi_score, 10)', ['run_id', 'period']) }} as integer) as spi_rank
    from spi_runs

)

select * from final
