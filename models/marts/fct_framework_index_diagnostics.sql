{#-
  One row for the build's index: what went into it (indicators, synthetic ones, the largest source family)
  and how far it says more than the deprivation indices - the ward SPI's Pearson and Spearman correlation with
  the ward IMD 2025 score (dim_wards.imd_2025_score) across the region's wards with a complete SPI. Spearman is
  the Pearson correlation of the ranks, ties taking their average rank.
-#}
with

ward_spi as (

    select * from {{ ref('fct_ward_spi') }}
    where spi_score is not null

),

wards as (

    select * from {{ ref('dim_wards') }}

),

indicators as (

    select * from {{ ref('dim_indicators') }}

),

families as (

    select * from {{ ref('fct_framework_source_family_diagnostics') }}

),

paired as (

    select
        ward_spi.ward_code,
        ward_spi.spi_score,
        ward_spi.has_synthetic_inputs,
        wards.imd_2025_score
    from ward_spi
    inner join wards
        on ward_spi.ward_code = wards.ward_code

),

ranked as (

    select
        spi_score,
        imd_2025_score,
        has_synthetic_inputs,
        rank() over (order by spi_score) + (count(*) over (partition by spi_score) - 1) / 2.0 as spi_rank,
        rank() over (order by imd_2025_score)
        + (count(*) over (partition by imd_2025_score) - 1) / 2.0 as imd_rank
    from paired

),

correlations as (

    select
        corr(spi_score, imd_2025_score) as spi_imd_pearson,
        corr(spi_rank, imd_rank) as spi_imd_spearman,
        count(*) as n_wards,
        count(case when has_synthetic_inputs then 1 end) as n_wards_with_synthetic_inputs
    from ranked

),

indicator_counts as (

    select
        count(*) as n_indicators_in_framework,
        count(case when is_in_index then 1 end) as n_indicators_in_index,
        count(case when is_in_index and is_synthetic then 1 end) as n_synthetic_indicators_in_index,
        count(case when is_synthetic then 1 end) as n_synthetic_indicators_in_framework
    from indicators

),

families_ordered as (

    select
        source_family,
        effective_weight_share,
        row_number() over (order by effective_weight_share desc, source_family asc) as weight_order
    from families

),

largest_family as (

    select * from families_ordered
    where weight_order = 1

),

final as (

    select
        cast({{ var('index_period') }} as integer) as period,
        '{{ var("framework_version") }}' as framework_version,
        '{{ var("region") }}' as region,
        cast(correlations.n_wards as integer) as n_wards,
        cast(indicator_counts.n_indicators_in_framework as integer) as n_indicators_in_framework,
        cast(indicator_counts.n_indicators_in_index as integer) as n_indicators_in_index,
        cast(indicator_counts.n_synthetic_indicators_in_framework as integer) as n_synthetic_indicators_in_framework,
        cast(indicator_counts.n_synthetic_indicators_in_index as integer) as n_synthetic_indicators_in_index,
        cast(correlations.n_wards_with_synthetic_inputs as integer) as n_wards_with_synthetic_inputs,
        {{ 'true' if include_synthetic_health() else 'false' }} as include_synthetic_health,
        '{{ var("health_extract_status", "synthetic") }}' as health_extract_status,
        largest_family.source_family as largest_source_family,
        largest_family.effective_weight_share as largest_source_family_weight_share,
        correlations.spi_imd_pearson,
        correlations.spi_imd_pearson * correlations.spi_imd_pearson as spi_imd_r_squared,
        correlations.spi_imd_spearman
    from correlations
    cross join indicator_counts
    cross join largest_family

)

select * from final
