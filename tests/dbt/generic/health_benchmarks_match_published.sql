{#- The benchmarks carry exactly the published cells: one row per published ward cell, with the same rounded
    counts and the same suppression. Fails on any cell missing on either side or differing (a benchmark row
    with a count the release did not publish would be a disclosure). -#}
{% test health_benchmarks_match_published(model, outcomes_model) %}

    with

    benchmarks as (

        select * from {{ model }}

    ),

    outcomes as (

        select * from {{ outcomes_model }}

    ),

    compared as (

        select
            coalesce(benchmarks.ward_code, outcomes.ward_code) as ward_code,
            coalesce(benchmarks.period_year, outcomes.period_year) as period_year,
            coalesce(benchmarks.measure_id, outcomes.measure_id) as measure_id,
            benchmarks.ward_code is null as missing_benchmark,
            outcomes.ward_code is null as unpublished_cell,
            benchmarks.numerator_count as benchmark_numerator,
            outcomes.numerator_count as published_numerator,
            benchmarks.denominator_count as benchmark_denominator,
            outcomes.denominator_count as published_denominator,
            benchmarks.is_suppressed as benchmark_suppressed,
            outcomes.is_suppressed as published_suppressed
        from benchmarks
        full outer join outcomes
            on
                benchmarks.ward_code = outcomes.ward_code
                and benchmarks.period_year = outcomes.period_year
                and benchmarks.measure_id = outcomes.measure_id

    )

    select * from compared
    where
        missing_benchmark
        or unpublished_cell
        or coalesce(benchmark_numerator <> published_numerator, benchmark_numerator is not null or published_numerator is not null)
        or coalesce(benchmark_denominator <> published_denominator, benchmark_denominator is not null or published_denominator is not null)
        or benchmark_suppressed <> published_suppressed

{% endtest %}
