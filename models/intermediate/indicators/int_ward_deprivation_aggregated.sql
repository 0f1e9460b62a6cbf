with

lsoas as (

    select * from {{ ref('int_ward_lsoa21_shares_computed') }}

),

iod_scores as (

    select * from {{ ref('stg_mhclg__iod2025_lsoa_scores') }}

),

iod_indicators as (

    select * from {{ ref('stg_mhclg__iod2025_lsoa_indicators') }}

),

household_deprivations as (

    select * from {{ ref('stg_ons__census21_lsoa_household_deprivations') }}

),

final as (

    -- Population-weighted means (an overlay ward: area-apportioned residents and counts)
    -- of the LSOA rates and scores, as the IoD's own higher-geography
    -- summaries do for the "average score" measure.
    select
        lsoas.ward_code,
        sum(lsoas.residents * iod_scores.imd_score) / sum(lsoas.residents) as imd_2025_score,
        sum(lsoas.residents * iod_scores.income_score)
        / sum(lsoas.residents) as income_deprivation_rate,
        sum(lsoas.residents * iod_scores.employment_score)
        / sum(lsoas.residents) as employment_deprivation_rate,
        sum(iod_indicators.income_deprived_people * lsoas.lsoa_share) as income_deprived_people,
        sum(iod_indicators.employment_deprived_people * lsoas.lsoa_share) as employment_deprived_people,
        -- economic comparison measures kept out of the index (framework 2026.1)
        sum(lsoas.residents * iod_indicators.housing_affordability)
        / sum(lsoas.residents) as housing_affordability_score,
        100.0 * sum(
            (
                household_deprivations.households_deprived_3_dimensions
                + household_deprivations.households_deprived_4_dimensions
            ) * lsoas.lsoa_share
        )
        / sum(household_deprivations.total_households * lsoas.lsoa_share) as households_deprived_3_plus_percent
    from lsoas
    inner join iod_scores
        on lsoas.lsoa21_code = iod_scores.lsoa21_code
    inner join iod_indicators
        on lsoas.lsoa21_code = iod_indicators.lsoa21_code
    inner join household_deprivations
        on lsoas.lsoa21_code = household_deprivations.lsoa21_code
    group by lsoas.ward_code

)

select * from final
