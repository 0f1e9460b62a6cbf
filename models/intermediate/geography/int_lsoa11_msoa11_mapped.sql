with

lsoa11_lsoa21_lookups as (

    select * from {{ ref('stg_ons__lsoa11_lsoa21_lookups') }}

),

life_expectancies as (

    select * from {{ ref('stg_ons__msoa11_life_expectancies') }}

),

lsoa11s as (

    select distinct
        lsoa11_code,
        lsoa11_name
    from lsoa11_lsoa21_lookups

),

msoa11s as (

    select distinct
        msoa11_code,
        msoa11_name
    from life_expectancies

),

final as (

    -- every LSOA 2011 of the national exact-fit lookup: ONS names every LSOA 2011 as its MSOA 2011's name
    -- plus one letter ("Stoke-on-Trent 027A" is in "Stoke-on-Trent 027"), so the name is an exact lookup
    -- (it agrees with the ONS LSOA11 -> MSOA11 lookup on all 687 of the ICB's LSOAs)
    select
        lsoa11s.lsoa11_code,
        msoa11s.msoa11_code
    from lsoa11s
    inner join msoa11s
        on left(lsoa11s.lsoa11_name, length(lsoa11s.lsoa11_name) - 1) = msoa11s.msoa11_name

)

select * from final
