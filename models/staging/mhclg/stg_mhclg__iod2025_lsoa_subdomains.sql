with

source as (

    select * from {{ source('mhclg', 'iod2025_subdomains') }}

),

renamed as (

    select
        cast(lsoa21_code as {{ dbt.type_string() }}) as lsoa21_code,
        cast(children_and_young_people_score as double) as children_young_people_score,
        cast(adult_skills_score as double) as adult_skills_score,
        cast(geographical_barriers_score as double) as geographical_barriers_score,
        cast(wider_barriers_score as double) as wider_barriers_score,
        cast(indoors_score as double) as indoors_living_environment_score,
        cast(outdoors_score as double) as outdoors_living_environment_score
    from source

)

select * from renamed
