{#- The SPI of every complete area in every audit run, and its rank in the run. A run picks a normalisation
    (int_audit_indicator_scores_normalised), an aggregation within components, weights and an excluded
    indicator (int_audit_weights_drawn). Arithmetic runs follow the engine: component = weighted sum of the
    indicator scores, dimension = mean of its components, SPI = mean of the dimensions, which folds into one
    coefficient per indicator (one dot product per area and run). Geometric runs take each component's
    weighted geometric mean, exp(sum weight x ln(max(score, floor))), floor = var monte_carlo_geometric_floor,
    then the same means: one list expression per area and run, no (area x indicator x run) rows. -#}
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

coefficient_vector as (

    select {{ ordered_list('coefficient', 'component_key') }} as component_coefficients
    from component_coefficients

),

keyed_weights as (

    select
        run_weights.run_id,
        run_weights.weight,
        indicator_keys.component_key,
        indicator_keys.indicator_key,
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
        {{ ordered_list('weight', 'indicator_key') }} as weights
    from keyed_weights
    group by
        run_id,
        component_key

),

run_vectors as (

    select
        keyed_weights.run_id,
        {{ ordered_list('keyed_weights.spi_coefficient', 'keyed_weights.indicator_key') }} as spi_coefficients
    from keyed_weights
    group by keyed_weights.run_id

),

run_weight_groups as (

    select
        run_id,
        {{ ordered_list('weights', 'component_key') }} as weight_groups
    from run_component_weights
    group by run_id

),

keyed_scores as (

    select
        normalised_scores.area_code,
        normalised_scores.period,
        normalised_scores.normalisation,
        normalised_scores.score,
        ln(greatest(normalised_scores.score, {{ var('monte_carlo_geometric_floor') }})) as log_score,
        indicator_keys.component_key,
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
        {{ ordered_list('score', 'indicator_key') }} as scores
    from keyed_scores
    group by
        area_code,
        period,
        normalisation

),

area_component_logs as (

    select
        area_code,
        period,
        normalisation,
        component_key,
        {{ ordered_list('log_score', 'indicator_key') }} as log_scores
    from keyed_scores
    group by
        area_code,
        period,
        normalisation,
        component_key

),

area_log_groups as (

    select
        area_code,
        period,
        normalisation,
        {{ ordered_list('log_scores', 'component_key') }} as log_groups
    from area_component_logs
    group by
        area_code,
        period,
        normalisation

),

area_lists as (

    select
        area_vectors.area_code,
        area_vectors.period,
        area_vectors.normalisation,
        area_vectors.scores,
        area_log_groups.log_groups
    from area_vectors
    inner join area_log_groups
        on
            area_vectors.area_code = area_log_groups.area_code
            and area_vectors.period = area_log_groups.period
            and area_vectors.normalisation = area_log_groups.normalisation

),

run_lists as (

    select
        runs.run_id,
        runs.normalisation,
        runs.aggregation,
        run_vectors.spi_coefficients,
        run_weight_groups.weight_groups,
        coefficient_vector.component_coefficients
    from runs
    inner join run_vectors
        on runs.run_id = run_vectors.run_id
    inner join run_weight_groups
        on runs.run_id = run_weight_groups.run_id
    cross join coefficient_vector

),

spi_runs as (

    select
        run_lists.run_id,
        area_lists.area_code,
        area_lists.period,
        case
            when run_lists.aggregation = 'geometric'
                then {{ list_weighted_geometric_sum(
                    'area_lists.log_groups', 'run_lists.weight_groups', 'run_lists.component_coefficients'
                ) }}
            else {{ list_dot_product('area_lists.scores', 'run_lists.spi_coefficients') }}
        end as spi_score
    from run_lists
    inner join area_lists
        on run_lists.normalisation = area_lists.normalisation

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
