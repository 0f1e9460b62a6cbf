{{ config(materialized='view') }}

-- The single-table published small-area estimates (fuel poverty, loneliness, life expectancy, unpaid care by
-- MSOA, Census 2021 household deprivation and English proficiency),
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

household_deprivations as (

    select * from {{ ref('stg_ons__census21_lsoa_household_deprivations') }}

),

english_proficiencies as (

    select * from {{ ref('stg_ons__census21_msoa_english_proficiencies') }}

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
    -- the index scores the sex-specific figures (the persons figure is no indicator)
    where sex in ('male', 'female')

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

    -- economic (employment is one of the four dimensions): a comparison measure, kept out of the index
    select
        'census21_household_deprivation' as source_name,
        'lsoa21' as geography_level,
        lsoa21_code as area_code,
        'households_deprived_3_plus_dimensions_percent' as measure,
        100.0 * (households_deprived_3_dimensions + households_deprived_4_dimensions)
        / nullif(total_households, 0) as value,
        cast(households_deprived_3_dimensions + households_deprived_4_dimensions as {{ type_double() }})
            as numerator,
        cast(total_households as {{ type_double() }}) as denominator
    from household_deprivations

    union all

    -- Census 2021 TS029 is published for MSOAs only: each LSOA takes its MSOA's rate
    select
        'census21_msoa' as source_name,
        'msoa21' as geography_level,
        msoa21_code as area_code,
        'cannot_speak_english_well_percent' as measure,
        100.0 * (residents_cannot_speak_english_well + residents_cannot_speak_english)
        / nullif(
            residents_main_language_english + residents_speak_english_very_well + residents_speak_english_well
            + residents_cannot_speak_english_well + residents_cannot_speak_english,
            0
        ) as value,
        cast(residents_cannot_speak_english_well + residents_cannot_speak_english as {{ type_double() }})
            as numerator,
        cast(
            residents_main_language_english + residents_speak_english_very_well + residents_speak_english_well
            + residents_cannot_speak_english_well + residents_cannot_speak_english
            as {{ type_double() }}
        ) as denominator
    from english_proficiencies

)

select * from unioned
