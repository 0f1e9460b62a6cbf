-- Census 2021 rates per LSOA 2021 from the national bulk tables: numerator and denominator counts kept, so
-- a ward's rate is the sum of its LSOAs' numerators over the sum of their denominators.
with

disabilities as (

    select * from {{ ref('stg_ons__census21_lsoa_disabilities') }}

),

occupancy_ratings as (

    select * from {{ ref('stg_ons__census21_lsoa_occupancy_ratings') }}

),

general_health as (

    select * from {{ ref('stg_ons__census21_lsoa_general_health_counts') }}

),

unpaid_care as (

    select * from {{ ref('stg_ons__census21_lsoa_unpaid_care_counts') }}

),

accommodation_types as (

    select * from {{ ref('stg_ons__census21_lsoa_accommodation_types') }}

),

qualifications as (

    select * from {{ ref('stg_ons__census21_lsoa_qualifications') }}

),

unioned as (

    select
        lsoa21_code,
        'disabled_residents_percent' as measure,
        disabled_residents as numerator,
        total_residents as denominator
    from disabilities

    union all

    select
        lsoa21_code,
        'activities_limited_a_lot_percent' as measure,
        disabled_limited_a_lot as numerator,
        total_residents as denominator
    from disabilities

    union all

    select
        lsoa21_code,
        'overcrowded_households_percent' as measure,
        households_rating_minus_1 + households_rating_minus_2_or_less as numerator,
        total_households as denominator
    from occupancy_ratings

    union all

    -- severe overcrowding: two or more bedrooms short of the standard (England-only indicator, issue 14)
    select
        lsoa21_code,
        'severely_overcrowded_households_percent' as measure,
        households_rating_minus_2_or_less as numerator,
        total_households as denominator
    from occupancy_ratings

    union all

    select
        lsoa21_code,
        'bad_health_percent' as measure,
        residents_bad_health + residents_very_bad_health as numerator,
        total_residents as denominator
    from general_health

    union all

    select
        lsoa21_code,
        'very_good_health_percent' as measure,
        residents_very_good_health as numerator,
        total_residents as denominator
    from general_health

    union all

    select
        lsoa21_code,
        'carers_20_plus_hours_percent' as measure,
        residents_caring_20_34_hours + residents_caring_35_49_hours + residents_caring_50_plus_hours as numerator,
        residents_aged_5_plus as denominator
    from unpaid_care

    union all

    select
        lsoa21_code,
        'carers_50_plus_hours_percent' as measure,
        residents_caring_50_plus_hours as numerator,
        residents_aged_5_plus as denominator
    from unpaid_care

    union all

    select
        lsoa21_code,
        'caravan_or_temporary_households_percent' as measure,
        households_caravan_or_temporary_structure as numerator,
        total_households as denominator
    from accommodation_types

    union all

    select
        lsoa21_code,
        'shared_or_converted_house_households_percent' as measure,
        households_converted_or_shared_house as numerator,
        total_households as denominator
    from accommodation_types

    union all

    select
        lsoa21_code,
        'commercial_building_households_percent' as measure,
        households_commercial_building as numerator,
        total_households as denominator
    from accommodation_types

    union all

    select
        lsoa21_code,
        'no_qualifications_percent' as measure,
        residents_no_qualifications as numerator,
        residents_aged_16_plus as denominator
    from qualifications

    union all

    select
        lsoa21_code,
        'level_4_qualifications_percent' as measure,
        residents_level_4_plus as numerator,
        residents_aged_16_plus as denominator
    from qualifications

    union all

    -- highest qualification level 1 or entry level: below the level 2 (GCSE grades 9-4) standard
    select
        lsoa21_code,
        'level_1_or_entry_highest_percent' as measure,
        residents_level_1 as numerator,
        residents_aged_16_plus as denominator
    from qualifications

),

final as (

    select
        lsoa21_code,
        measure,
        100.0 * numerator / nullif(denominator, 0) as value,
        numerator,
        denominator
    from unioned

)

select * from final
