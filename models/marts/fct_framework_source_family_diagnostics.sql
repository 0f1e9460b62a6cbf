{#-
  How much of the index each source family is, by weight and by what moves the scores. effective_weight_share:
  the family's share of the SPI's effective weight (sum of its indicators' effective weights; the shares sum to
  1). spi_variance_share: the covariance share cov(family contribution, SPI) / var(SPI) across the region's
  wards with a complete SPI - because the SPI is the sum of the families' contributions, the shares sum to 1
  (a family can take a negative share where its contribution runs against the rest).
-#}
with

contributions as (

    select * from {{ ref('int_ward_source_family_contributions_computed') }}

),

framework as (

    select * from {{ ref('int_framework_indicators_indexed') }}

),

ward_spi as (

    select * from {{ ref('fct_ward_spi') }}
    where spi_score is not null

),

wards as (

    select * from {{ ref('dim_wards') }}

),

families as (

    select
        source_family,
        count(*) as n_indicators_in_framework,
        count(case when is_in_index then 1 end) as n_indicators_in_index,
        coalesce(sum(effective_weight), 0) as effective_weight_share
    from framework
    group by source_family

),

ward_contributions as (

    select
        contributions.source_family,
        contributions.spi_contribution,
        ward_spi.spi_score,
        wards.imd_2025_score
    from contributions
    inner join ward_spi
        on
            contributions.ward_code = ward_spi.ward_code
            and contributions.period = ward_spi.period
    inner join wards
        on contributions.ward_code = wards.ward_code

),

spi_spread as (

    select
        var_pop(spi_score) as spi_variance,
        count(*) as n_wards
    from ward_spi

),

family_spread as (

    select
        source_family,
        covar_pop(spi_contribution, spi_score) as spi_covariance,
        avg(spi_contribution) as spi_contribution_mean,
        -- a constant contribution has no correlation (some engines return NaN, some null)
        case
            when var_pop(spi_contribution) > 0 then corr(spi_contribution, imd_2025_score)
        end as imd_correlation
    from ward_contributions
    group by source_family

),

final as (

    select
        families.source_family,
        cast({{ var('index_period') }} as integer) as period,
        cast(families.n_indicators_in_framework as integer) as n_indicators_in_framework,
        cast(families.n_indicators_in_index as integer) as n_indicators_in_index,
        families.effective_weight_share,
        coalesce(family_spread.spi_covariance / nullif(spi_spread.spi_variance, 0), 0) as spi_variance_share,
        coalesce(family_spread.spi_contribution_mean, 0) as spi_contribution_mean,
        family_spread.imd_correlation,
        families.effective_weight_share > 0.5 as exceeds_half_of_effective_weight,
        cast(spi_spread.n_wards as integer) as n_wards,
        '{{ var("framework_version") }}' as framework_version
    from families
    cross join spi_spread
    left join family_spread
        on families.source_family = family_spread.source_family

)

select * from final
