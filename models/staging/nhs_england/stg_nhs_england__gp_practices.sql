with

source as (

    select * from {{ source('nhs_england', 'gp_practices') }}

),

renamed as (

    select
        cast("Practice Code" as varchar) as practice_code,
        cast("Practice Name" as varchar) as practice_name,
        cast("PCN Code" as varchar) as pcn_code,
        cast("PCN Name" as varchar) as pcn_name,
        cast("Sub ICB Code" as varchar) as sub_icb_ods_code,
        cast("Practice Rurality" as varchar) as practice_rurality,
        cast("Number of Registered Patients (Last Known Figure)" as double) as registered_patients,
        nullif(cast(lsoa21cd as varchar), '') as lsoa21_code,
        nullif(cast(wd25cd as varchar), '') as ward_code,
        nullif(cast(lad25cd_from_postcode as varchar), '') as lad_code
    from source

)

select * from renamed
