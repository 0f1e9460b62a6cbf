{#- The release-time diagnostics of the ward framework's weights, one row per component of the framework. -#}
with

-- the release derives its weights on the default (ICB) index: its rows, synthetic opt-in rows included, sum
-- to 1 per component; rows scored only in England (issue 14) take a weight relative to them
framework as (

    select * from {{ ref('ward_framework') }}
    where {{ framework_region_filter(variant='icb') }}

),

diagnostics as (

    select * from {{ ref('framework_weight_diagnostics') }}

),

framework_components as (

    select
        dimension,
        component,
        -- derive-weights derives over the default index: the synthetic opt-in rows keep their own weights
        sum(case when is_synthetic then 0 else 1 end) as n_indicators_in_framework,
        sum(weight) as weight_total
    from framework
    group by
        dimension,
        component

),

final as (

    -- Starts from the framework so a component added after the last derivation shows up, with empty diagnostics.
    select
        framework_components.component,
        framework_components.dimension,
        cast(diagnostics.n_indicators as integer) as n_indicators,
        cast(framework_components.n_indicators_in_framework as integer) as n_indicators_in_framework,
        cast(diagnostics.n_areas as integer) as n_areas,
        diagnostics.cronbach_alpha,
        diagnostics.kmo,
        diagnostics.variance_explained,
        -- the thresholds the SPI uses (and spi derive-weights reports)
        diagnostics.cronbach_alpha < 0.7 as fails_alpha,
        diagnostics.kmo < 0.5 as fails_kmo,
        diagnostics.method,
        framework_components.weight_total,
        cast(diagnostics.derived_from_period as integer) as derived_from_period,
        diagnostics.note,
        diagnostics.framework_version
    from framework_components
    left join diagnostics
        on framework_components.component = diagnostics.component

)

select * from final
