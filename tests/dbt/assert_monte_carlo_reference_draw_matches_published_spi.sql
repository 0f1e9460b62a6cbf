-- Draw 0 (the published weights) must give back the engine's SPI: the draws use the same scoring rules.
with

spi_draws as (

    select * from {{ ref('int_ward_spi_draws_scored') }}

),

spi_scores as (

    select * from {{ ref('int_spi_scores_computed') }}

),

compared as (

    select
        spi_scores.area_code,
        spi_scores.period,
        spi_scores.score as published_score,
        spi_draws.spi_score as reference_draw_score
    from spi_scores
    left join spi_draws
        on
            spi_scores.area_code = spi_draws.area_code
            and spi_scores.period = spi_draws.period
            and spi_draws.draw_id = 0
    where spi_scores.score is not null

)

select * from compared
where reference_draw_score is null or abs(reference_draw_score - published_score) > 1e-9
