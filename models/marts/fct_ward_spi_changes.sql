{#-
  The change of each ward's SPI and dimension scores from an earlier period to the index period, on the
  same bounds and weights. Only indicators with a vintage of their own in the earlier period can move
  (see indicator_period_sources); the others are carried over and add no change.
-#}
with

ward_spi as (

    select * from {{ ref('fct_ward_spi') }}

),

ward_indicators as (

    select * from {{ ref('fct_ward_indicators') }}

),

latest as (

    select * from ward_spi
    where period = {{ var('index_period') }}

),

earlier as (

    select * from ward_spi
    where period < {{ var('index_period') }}

),

indicators_with_change as (

    select
        ward_code,
        period,
        count(case when not is_carried_over then 1 end) as n_indicators_with_own_data
    from ward_indicators
    group by
        ward_code,
        period

),

final as (

    select
        latest.ward_code,
        latest.ward_name,
        latest.lad_code,
        latest.lad_name,
        earlier.period as period_from,
        latest.period as period_to,
        earlier.spi_score as spi_score_from,
        latest.spi_score as spi_score_to,
        latest.spi_score - earlier.spi_score as spi_score_change,
        earlier.basic_human_needs_score as basic_human_needs_score_from,
        latest.basic_human_needs_score as basic_human_needs_score_to,
        latest.basic_human_needs_score - earlier.basic_human_needs_score as basic_human_needs_score_change,
        earlier.foundations_of_wellbeing_score as foundations_of_wellbeing_score_from,
        latest.foundations_of_wellbeing_score as foundations_of_wellbeing_score_to,
        latest.foundations_of_wellbeing_score
        - earlier.foundations_of_wellbeing_score as foundations_of_wellbeing_score_change,
        earlier.opportunity_score as opportunity_score_from,
        latest.opportunity_score as opportunity_score_to,
        latest.opportunity_score - earlier.opportunity_score as opportunity_score_change,
        earlier.rank_in_region as rank_in_region_from,
        latest.rank_in_region as rank_in_region_to,
        -- positive = the ward moved up the ranking (rank 1 is the highest SPI)
        earlier.rank_in_region - latest.rank_in_region as rank_in_region_change,
        cast(indicators_with_change.n_indicators_with_own_data as integer) as n_indicators_with_own_data
    from latest
    inner join earlier
        on latest.ward_code = earlier.ward_code
    inner join indicators_with_change
        on
            earlier.ward_code = indicators_with_change.ward_code
            and earlier.period = indicators_with_change.period

)

select * from final
