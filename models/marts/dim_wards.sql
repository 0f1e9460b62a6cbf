with

wards as (

    select * from {{ ref('int_wards_aggregated') }}

),

deprivation as (

    select * from {{ ref('int_ward_deprivation_aggregated') }}

),

final as (

    select
        wards.ward_code,
        wards.ward_name,
        wards.lad_code,
        wards.lad_name,
        wards.region_code,
        wards.region_name,
        wards.sub_icb_code,
        wards.sub_icb_ods_code,
        wards.sub_icb_name,
        wards.icb_code,
        wards.icb_name,
        wards.ward_vintage,
        wards.ward_match_method,
        wards.in_staffs_county_167,
        cast(wards.usual_residents as bigint) as usual_residents,
        cast(wards.n_lsoas as integer) as n_lsoas,
        wards.centroid_longitude,
        wards.centroid_latitude,
        deprivation.imd_2025_score,
        deprivation.income_deprivation_rate,
        deprivation.employment_deprivation_rate,
        cast(deprivation.income_deprived_people as bigint) as income_deprived_people,
        cast(deprivation.employment_deprived_people as bigint) as employment_deprived_people,
        deprivation.housing_affordability_score,
        deprivation.households_deprived_3_plus_percent,
        cast(
            rank() over (order by deprivation.income_deprivation_rate desc) as integer
        ) as income_deprivation_rank_in_region
    from wards
    left join deprivation
        on wards.ward_code = deprivation.ward_code

)

select * from final
