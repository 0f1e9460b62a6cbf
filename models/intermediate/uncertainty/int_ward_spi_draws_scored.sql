{#- The SPI of every complete area under every Monte Carlo draw of the weights, and its rank in the draw.
    Same rules as the engine: component = weighted sum of the (imputed) indicator scores, dimension = mean of
    its components, SPI = mean of the dimensions, folded into one coefficient per indicator. Partial areas
    (no published SPI) are left out: they are unranked whatever the weights. -#}
with

indicator_scores as (

    select * from {{ ref('int_indicator_scores_imputed') }}

),

spi_scores as (

    select * from {{ ref('int_spi_scores_computed') }}

),

draw_weights as (

    select * from {{ ref('int_monte_carlo_weights_drawn') }}

),

-- Integer keys for areas and indicators: the draws join and group 7.4 million rows (185 wards x 40
-- indicators x 1,000 draws), three times faster on integers than on codes.
complete_areas as (

    select
        area_code,
        period,
        row_number() over (order by area_code, period) as area_key
    from spi_scores
    where score is not null

),

indicator_keys as (

    select
        indicator_id,
        row_number() over (order by indicator_id) as indicator_key
    from draw_weights
    where draw_id = 0

),

complete_scores as (

    select
        complete_areas.area_key,
        indicator_keys.indicator_key,
        indicator_scores.score
    from indicator_scores
    inner join complete_areas
        on
            indicator_scores.area_code = complete_areas.area_code
            and indicator_scores.period = complete_areas.period
    inner join indicator_keys
        on indicator_scores.indicator_id = indicator_keys.indicator_id

),

-- The engine's rules (component = weighted sum of indicator scores, dimension = mean of its components,
-- SPI = mean of the dimensions) are linear, so for a complete area they fold into one coefficient per
-- indicator: weight / (components in its dimension) / (dimensions). One multiply-add per indicator and draw
-- instead of three aggregation passes keeps 1,000 draws to a second or two; the reference-draw test checks
-- the result against the engine's SPI.
framework_shape as (

    select
        dimension,
        count(distinct component) as n_components
    from draw_weights
    where draw_id = 0
    group by dimension

),

dimension_count as (

    select count(*) as n_dimensions
    from framework_shape

),

spi_coefficients as (

    select
        draw_weights.draw_id,
        indicator_keys.indicator_key,
        draw_weights.weight / framework_shape.n_components / dimension_count.n_dimensions as spi_coefficient
    from draw_weights
    inner join indicator_keys
        on draw_weights.indicator_id = indicator_keys.indicator_id
    inner join framework_shape
        on draw_weights.dimension = framework_shape.dimension
    cross join dimension_count

),

spi_draws as (

    select
        spi_coefficients.draw_id,
        complete_scores.area_key,
        sum(spi_coefficients.spi_coefficient * complete_scores.score) as spi_score
    from complete_scores
    inner join spi_coefficients
        on complete_scores.indicator_key = spi_coefficients.indicator_key
    group by
        spi_coefficients.draw_id,
        complete_scores.area_key

),

final as (

    select
        spi_draws.draw_id,
        complete_areas.area_code,
        complete_areas.period,
        spi_draws.spi_score,
        cast(
            {{ score_rank('spi_draws.spi_score', ['spi_draws.draw_id', 'complete_areas.period']) }}
            as integer
        ) as spi_rank
    from spi_draws
    inner join complete_areas
        on spi_draws.area_key = complete_areas.area_key

)

select * from final
