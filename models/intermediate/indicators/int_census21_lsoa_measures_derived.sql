with

disabilities as (

    select * from {{ ref('stg_ons__census21_lsoa_disabilities') }}

),

occupancy_ratings as (

    select * from {{ ref('stg_ons__census21_lsoa_occupancy_ratings') }}

),

household_deprivations as (

    select * from {{ ref('stg_ons__census21_lsoa_household_deprivations') }}

),

disabled_residents as (

    select
        lsoa21_code,
        'disabled_residents_percent' as measure,
        sum(residents) as numerator,
        max(total_residents) as denominator
    from disabilities
    where category = 'Disabled under the Equality Act'
    group by lsoa21_code

),

overcrowded_households as (

    select
        lsoa21_code,
        'overcrowded_households_percent' as measure,
        sum(households) as numerator,
        max(total_households) as denominator
    from occupancy_ratings
    where category in ('-1 (overcrowded)', '-2 or less (overcrowded)')
    group by lsoa21_code

),

multiply_deprived_households as (

    select
        lsoa21_code,
        'households_deprived_3_plus_dimensions_percent' as measure,
        sum(households) as numerator,
        max(total_households) as denominator
    from household_deprivations
    where
        category in (
            'Household is deprived in three dimensions',
            'Household is deprived in four dimensions'
        )
    group by lsoa21_code

),

unioned as (

    select * from disabled_residents
    union all
    select * from overcrowded_households
    union all
    select * from multiply_deprived_households

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
