-- Run 0 of the audit (framework bounds, arithmetic, framework weights, nothing excluded) must give back the
-- engine's SPI for every complete area: the audit scores with the same rules.
with

spi_runs as (

    select * from {{ ref('int_ward_spi_runs_scored') }}

),

spi_scores as (

    select * from {{ ref('int_spi_scores_computed') }}

),

compared as (

    select
        spi_scores.area_code,
        spi_scores.period,
        spi_scores.score as published_score,
        spi_runs.spi_score as reference_run_score
    from spi_scores
    left join spi_runs
        on
            spi_scores.area_code = spi_runs.area_code
            and spi_scores.period = spi_runs.period
            and spi_runs.run_id = 0
    where spi_scores.score is not null

)

select * from compared
where reference_run_score is null or abs(reference_run_score - published_score) > 1e-9
