{#-
  How many SPI points each source family gives each ward in the index period. The SPI is the mean of its
  dimensions and a dimension the mean of its components, so a ward's SPI is the sum over the index's
  indicators of effective weight x indicator score (int_framework_indicators_indexed); grouping that sum by
  source family splits the SPI exactly into the families' contributions.
-#}
with

indicator_scores as (

    select * from {{ ref('int_indicator_scores_imputed') }}
    where period = {{ var('index_period') }}

),

framework as (

    select * from {{ ref('int_framework_indicators_indexed') }}
    where is_in_index

),

final as (

    select
        indicator_scores.area_code as ward_code,
        indicator_scores.period,
        framework.source_family,
        sum(framework.effective_weight * indicator_scores.score) as spi_contribution,
        count(indicator_scores.score) as n_indicators_scored,
        count(*) as n_indicators
    from indicator_scores
    inner join framework
        on indicator_scores.indicator_id = framework.indicator_id
    group by
        indicator_scores.area_code,
        indicator_scores.period,
        framework.source_family

)

select * from final
