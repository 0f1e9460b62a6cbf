-- Every indicator the index scores (in the region; synthetic ones only when asked for) has a value in at
-- least one ward: an indicator whose source gave no values (an empty file, codes outside the lookup, a
-- column all blank) would otherwise leave every ward's SPI incomplete while the build reported success.
-- One row per indicator without any value.
with

indicators as (

    select * from {{ ref('dim_indicators') }}

),

ward_indicators as (

    select * from {{ ref('fct_ward_indicators') }}

),

valued_indicators as (

    select distinct indicator_id
    from ward_indicators
    where value is not null

),

final as (

    select
        indicators.indicator_id,
        indicators.source_name,
        indicators.source_measure
    from indicators
    left join valued_indicators
        on indicators.indicator_id = valued_indicators.indicator_id
    where
        indicators.is_in_index
        and valued_indicators.indicator_id is null

)

select * from final
