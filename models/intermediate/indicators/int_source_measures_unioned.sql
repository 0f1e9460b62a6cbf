{{ config(materialized='view') }}

with

iod2025_indicators as (

    select * from {{ unpivot_measures(ref('stg_mhclg__iod2025_lsoa_indicators'), 'lsoa21_code') }}

),

iod2025_subdomains as (

    select * from {{ unpivot_measures(ref('stg_mhclg__iod2025_lsoa_subdomains'), 'lsoa21_code') }}

),

iod2019_indicators as (

    select * from {{ unpivot_measures(ref('stg_mhclg__iod2019_lsoa_indicators'), 'lsoa11_code') }}

),

census21 as (

    select * from {{ ref('int_census21_lsoa_measures_derived') }}

),

fuel_poverty as (

    select * from {{ ref('stg_desnz__lsoa_fuel_poverty') }}

),

loneliness as (

    select * from {{ ref('stg_dcms__lsoa_loneliness') }}

),

life_expectancy as (

    select * from {{ ref('stg_ons__msoa11_life_expectancies') }}

),

unpaid_care as (

    select * from {{ ref('stg_ons__census21_msoa_unpaid_care') }}

),

health as (

    select * from {{ ref('int_health_outcomes_disclosed') }}

),

-- health measures enter the index only after disclosure control, at ward level, latest year of each
latest_health as (

    select
        area_code as ward_code,
        measure_id,
        value
    from health
    where
        area_level = 'ward'
        and period_year = (
            select max(latest.period_year) from health as latest
            where latest.measure_id = health.measure_id
        )

),

unioned as (

    select
        'iod2025_indicators' as source_name,
        'lsoa21' as geography_level,
        lsoa21_code as area_code,
        measure,
        cast(value as double) as value,
        cast(null as double) as numerator,
        cast(null as double) as denominator
    from iod2025_indicators

    union all

    select
        'iod2025_subdomains' as source_name,
        'lsoa21' as geography_level,
        lsoa21_code as area_code,
        measure,
        cast(value as double) as value,
        cast(null as double) as numerator,
        cast(null as double) as denominator
    from iod2025_subdomains

    union all

    select
        'iod2019_indicators' as source_name,
        'lsoa11' as geography_level,
        lsoa11_code as area_code,
        measure,
        cast(value as double) as value,
        cast(null as double) as numerator,
        cast(null as double) as denominator
    from iod2019_indicators

    union all

    select
        'census21' as source_name,
        'lsoa21' as geography_level,
        lsoa21_code as area_code,
        measure,
        value,
        cast(numerator as double) as numerator,
        cast(denominator as double) as denominator
    from census21

    union all

    select
        'fuel_poverty_2021' as source_name,
        'lsoa21' as geography_level,
        lsoa21_code as area_code,
        'fuel_poor_percent' as measure,
        fuel_poor_percent as value,
        cast(fuel_poor_households as double) as numerator,
        cast(households as double) as denominator
    from fuel_poverty

    union all

    select
        'loneliness_2020_21' as source_name,
        'lsoa21' as geography_level,
        lsoa21_code as area_code,
        'lonely_adults_percent' as measure,
        lonely_adults_percent as value,
        cast(null as double) as numerator,
        cast(null as double) as denominator
    from loneliness

    union all

    select
        'life_expectancy_2016_2020' as source_name,
        'msoa11' as geography_level,
        msoa11_code as area_code,
        'life_expectancy_' || sex || '_years' as measure,
        life_expectancy_years as value,
        cast(null as double) as numerator,
        cast(null as double) as denominator
    from life_expectancy

    union all

    select
        'unpaid_care_2021' as source_name,
        'msoa21' as geography_level,
        msoa21_code as area_code,
        'carers_20_plus_hours_percent' as measure,
        100.0
        * (residents_caring_20_34_hours + residents_caring_35_49_hours + residents_caring_50_plus_hours)
        / nullif(residents_aged_5_plus, 0) as value,
        cast(
            residents_caring_20_34_hours + residents_caring_35_49_hours + residents_caring_50_plus_hours
            as double
        ) as numerator,
        cast(residents_aged_5_plus as double) as denominator
    from unpaid_care

    union all

    -- no counts: published ward counts are rounded, and the index needs only the rate
    select
        'nhs_health' as source_name,
        'ward' as geography_level,
        ward_code as area_code,
        measure_id as measure,
        value,
        cast(null as double) as numerator,
        cast(null as double) as denominator
    from latest_health

)

select * from unioned
