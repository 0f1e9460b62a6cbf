with

framework as (

    select * from {{ ref('ward_framework') }}

),

period_sources as (

    select * from {{ ref('indicator_period_sources') }}

),

-- only the indicators whose source covers the region: the others would be empty grid rows nationally
framework_in_region as (

    select * from framework
    where {{ framework_region_filter() }}

),

lsoa_measures as (

    select * from {{ ref('int_lsoa21_measures_harmonised') }}

),

lsoa_shares as (

    select * from {{ ref('int_ward_lsoa21_shares_computed') }}

),

-- The framework row names the source of the index period, so adding an indicator stays one row;
-- the seed names the sources of the other periods. Other periods are scored for the ICB only: their own
-- vintages (IoD 2019 on LSOA 2011) are shipped for the ICB, not for England.
indicator_sources as (

    select
        indicator_id,
        cast({{ var('index_period') }} as integer) as period,
        source_name,
        source_measure,
        false as is_carried_over
    from framework_in_region

    union all

    select
        indicator_id,
        period,
        source_name,
        source_measure,
        is_carried_over
    from period_sources
    where
        period != {{ var('index_period') }}
        and {{ 'true' if var('region') == 'icb' else 'false' }}

),

periods as (

    select distinct period
    from indicator_sources

),

-- Every framework indicator in every period. An indicator the seed gives no source in a period keeps the
-- framework row's own data there, flagged carried over (the SPI fills a year without data from the nearest
-- year), so a new framework row scores in every period without a seed row of its own.
indicator_periods as (

    select
        framework_in_region.indicator_id,
        periods.period,
        coalesce(indicator_sources.source_name, framework_in_region.source_name) as source_name,
        coalesce(indicator_sources.source_measure, framework_in_region.source_measure) as source_measure,
        coalesce(indicator_sources.is_carried_over, true) as is_carried_over
    from framework_in_region
    cross join periods
    left join indicator_sources
        on
            framework_in_region.indicator_id = indicator_sources.indicator_id
            and periods.period = indicator_sources.period

),

indicator_lsoa_values as (

    select
        indicator_periods.indicator_id,
        indicator_periods.period,
        lsoa_measures.lsoa21_code,
        lsoa_measures.value,
        lsoa_measures.numerator,
        lsoa_measures.denominator
    from indicator_periods
    inner join lsoa_measures
        on
            indicator_periods.source_name = lsoa_measures.source_name
            and indicator_periods.source_measure = lsoa_measures.measure

),

-- Every LSOA of every ward for every indicator and period, so that missing LSOA values show as lost coverage.
ward_lsoa_grid as (

    select
        indicator_periods.indicator_id,
        indicator_periods.period,
        indicator_periods.is_carried_over,
        lsoa_shares.ward_code,
        lsoa_shares.lsoa21_code,
        lsoa_shares.lsoa_share,
        lsoa_shares.residents as usual_residents
    from indicator_periods
    cross join lsoa_shares

),

weighted as (

    select
        ward_lsoa_grid.indicator_id,
        ward_lsoa_grid.period,
        ward_lsoa_grid.is_carried_over,
        ward_lsoa_grid.ward_code,
        ward_lsoa_grid.usual_residents,
        indicator_lsoa_values.value,
        -- an LSOA shared with a ward no LSOA best-fits to gives it the share of its counts it holds (1 otherwise)
        indicator_lsoa_values.numerator * ward_lsoa_grid.lsoa_share as numerator,
        indicator_lsoa_values.denominator * ward_lsoa_grid.lsoa_share as denominator,
        -- rates with counts are weighted by their own denominator (so the ward value is sum(num)/sum(den));
        -- rates and scores without counts by residents
        case
            when indicator_lsoa_values.value is not null
                then coalesce(
                    indicator_lsoa_values.denominator * ward_lsoa_grid.lsoa_share, ward_lsoa_grid.usual_residents
                )
        end as value_weight
    from ward_lsoa_grid
    left join indicator_lsoa_values
        on
            ward_lsoa_grid.indicator_id = indicator_lsoa_values.indicator_id
            and ward_lsoa_grid.period = indicator_lsoa_values.period
            and ward_lsoa_grid.lsoa21_code = indicator_lsoa_values.lsoa21_code

),

final as (

    select
        ward_code,
        period,
        indicator_id,
        sum(value * value_weight) / nullif(sum(value_weight), 0) as value,
        case when count(numerator) = count(*) then sum(numerator) end as numerator,
        case when count(denominator) = count(*) then sum(denominator) end as denominator,
        count(value) as n_lsoas_with_value,
        count(*) as n_lsoas,
        sum(case when value is not null then usual_residents else 0 end) * 1.0
        / sum(usual_residents) as population_coverage,
        bool_and(is_carried_over) as is_carried_over
    from weighted
    group by
        ward_code,
        period,
        indicator_id

)

select * from final
