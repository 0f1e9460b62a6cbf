with

source as (

    select * from {{ source('mhclg', 'iod2019_indicators') }}

),

renamed as (

    select
        cast(lsoa11_code as {{ dbt.type_string() }}) as lsoa11_code,
        cast(income_domain_numerator as double) as income_deprived_people,
        cast(employment_domain_numerator as double) as employment_deprived_people,
        cast(staying_on_in_education_post_16_indicator as double) as not_staying_on_post_16,
        cast(entry_to_higher_education_indicator as double) as entry_to_higher_education,
        cast(adult_skills_and_english_language_proficiency_indicator as double) as adult_skills_english_proficiency,
        cast(years_of_potential_life_lost_indicator as double) as years_of_potential_life_lost,
        cast(comparative_illness_and_disability_ratio_indicator as double) as comparative_illness_disability_ratio,
        cast(acute_morbidity_indicator as double) as acute_morbidity,
        cast(mood_and_anxiety_disorders_indicator as double) as mental_health,
        cast(road_distance_to_a_post_office_indicator_km as double) as road_distance_post_office_km,
        cast(road_distance_to_a_primary_school_indicator_km as double) as road_distance_primary_school_km,
        cast(road_distance_to_general_store_or_supermarket_indicator_km as double) as road_distance_general_store_km,
        cast(road_distance_to_a_gp_surgery_indicator_km as double) as road_distance_gp_surgery_km,
        cast(household_overcrowding_indicator as double) as overcrowding_rooms,
        cast(homelessness_indicator_rate_per_1000_households as double) as homelessness_rate_per_1000_households,
        cast(owner_occupation_affordability_component_of_housing_affordability_indicator as double)
            as owner_occupation_affordability,
        cast(private_rental_affordability_component_of_housing_affordability_indicator as double)
            as private_rental_affordability,
        cast(housing_affordability_indicator as double) as housing_affordability,
        cast(housing_in_poor_condition_indicator as double) as housing_in_poor_condition,
        cast(houses_without_central_heating_indicator as double) as houses_without_central_heating,
        cast(road_traffic_accidents_indicator as double) as road_traffic_accidents,
        cast(nitrogen_dioxide_component_of_air_quality_indicator as double) as nitrogen_dioxide,
        cast(benzene_component_of_air_quality_indicator as double) as benzene,
        cast(sulphur_dioxide_component_of_air_quality_indicator as double) as sulphur_dioxide,
        cast(particulates_component_of_air_quality_indicator as double) as particulates,
        cast(air_quality_indicator as double) as air_quality
    from source

)

select * from renamed
