{#- Each ward's SPI rank interval over the composite-indicator audit's runs (run 0, the published method, is
    the reference and not counted). -#}
with

spi_runs as (

    select * from {{ ref('int_ward_spi_runs_scored') }}

),

published as (

    select * from {{ ref('fct_ward_spi') }}

),

intervals as (

    select
        area_code,
        period,
        percentile_disc(0.05) within group (order by spi_rank) as rank_p05,
        percentile_disc(0.5) within group (order by spi_rank) as rank_median,
        percentile_disc(0.95) within group (order by spi_rank) as rank_p95,
        min(spi_rank) as rank_best,
        max(spi_rank) as rank_worst,
        percentile_cont(0.05) within group (order by spi_score) as spi_p05,
        percentile_cont(0.95) within group (order by spi_score) as spi_p95,
        count(*) as n_draws
    from spi_runs
    where run_id > 0
    group by
        area_code,
        period

),

final as (

    select
        published.ward_code,
        published.ward_name,
        published.lad_name,
        published.period,
        published.spi_score,
        published.rank_in_region as rank,
        cast(intervals.rank_p05 as integer) as rank_p05,
        cast(intervals.rank_median as integer) as rank_median,
        cast(intervals.rank_p95 as integer) as rank_p95,
        cast(intervals.rank_p95 - intervals.rank_p05 as integer) as rank_interval_width,
        cast(intervals.rank_best as integer) as rank_best,
        cast(intervals.rank_worst as integer) as rank_worst,
        intervals.spi_p05,
        intervals.spi_p95,
        cast(intervals.n_draws as integer) as n_draws,
        cast({{ var('monte_carlo_seed') }} as bigint) as seed,
        cast({{ var('monte_carlo_perturbation') }} as double) as perturbation,
        published.has_synthetic_inputs,
        published.framework_version
    from published
    inner join intervals
        on
            published.ward_code = intervals.area_code
            and published.period = intervals.period

)

select * from final
