with

source as (

    select * from {{ source('mhclg', 'iod2025_indicators') }}

),

renamed as (

    select
        cast(lsoa21_code as {{ dbt.type_string() }}) as lsoa21_code,
        cast(income_domain_numerator as double) as income_deprived_people,
        cast(income_deprivation_affecting_children_index_idaci_numerator as double) as income_deprived_children,
        cast(income_deprivation_affecting_older_people_index_idaopi_numerator as double)
            as income_deprived_older_people,
        cast(employment_domain_numerator as double) as employment_deprived_people,
        cast(adult_skills_and_english_language_proficiency_indicator as double) as adult_skills_english_proficiency,
        cast(entry_to_higher_education_indicator as double) as entry_to_higher_education,
        cast(acute_morbidity_indicator as double) as acute_morbidity,
        cast(comparative_illness_and_disability_ratio_indicator as double) as comparative_illness_disability_ratio,
        cast(mental_health_indicator as double) as mental_health,
        cast(years_of_potential_life_lost_indicator as double) as years_of_potential_life_lost,
        cast(violence_with_injury_rate_per_1_000_at_risk_population as double) as violence_with_injury_rate,
        cast(violence_without_injury_rate_per_1_000_at_risk_population as double) as violence_without_injury_rate,
        cast(stalking_and_harassment_rate_per_1_000_at_risk_population as double) as stalking_harassment_rate,
        cast(burglary_rate_per_1_000_at_risk_properties as double) as burglary_rate,
        cast(theft_rate_per_1_000_at_risk_population as double) as theft_rate,
        cast(criminal_damage_rate_per_1_000_at_risk_population as double) as criminal_damage_rate,
        cast(public_order_and_possession_of_weapons_rate_per_1_000_at_risk_population as double)
            as public_order_weapons_rate,
        cast(anti_social_behaviour_rate_per_1_000_at_risk_population as double) as anti_social_behaviour_rate,
        cast(connectivity_score as double) as connectivity_score,
        cast(owner_occupation_affordability_component_of_housing_affordability_indicator as double)
            as owner_occupation_affordability,
        cast(private_rental_affordability_component_of_housing_affordability_indicator as double)
            as private_rental_affordability,
        cast(housing_affordability_indicator as double) as housing_affordability,
        cast(digital_connectivity_broadband_download_and_upload_speeds as double) as digital_connectivity,
        cast(core_homelessness_rate_percent_of_households as double) as core_homelessness_percent,
        cast(patient_to_gp_ratio as double) as patients_per_gp,
        cast(homelessness_indicator_rate_per_1_000_households as double) as homelessness_rate_per_1000_households,
        cast(household_overcrowding_indicator_rooms as double) as overcrowding_rooms,
        cast(household_overcrowding_indicator_bedrooms as double) as overcrowding_bedrooms
    from source

)

select * from renamed
