{{ config(materialized='view') }}

-- The single-table published small-area estimates (fuel poverty, loneliness, life expectancy, unpaid care),
-- long, in one place: keeps int_source_measures_unioned under the project's limit of six direct parents.
with

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

unioned as (

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

)

select * from unioned
