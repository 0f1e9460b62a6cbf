with

lookups as (

    select * from {{ ref('stg_ons__lsoa11_lsoa21_lookups') }}

),

lsoa11_populations as (

    select * from {{ ref('stg_ons__lsoa11_population_estimates') }}

),

with_population as (

    select
        lookups.lsoa11_code,
        lookups.lsoa21_code,
        lookups.change_code,
        lookups.lad22_code,
        coalesce(lsoa11_populations.mid2020_population, 0) as lsoa11_population
    from lookups
    left join lsoa11_populations
        on lookups.lsoa11_code = lsoa11_populations.lsoa11_code

),

final as (

    -- An LSOA 2021 made of several 2011 LSOAs (merges, redrawn areas) takes their values in proportion
    -- to their mid-2020 populations; an unchanged or split LSOA takes its one 2011 LSOA's value whole.
    select
        lsoa11_code,
        lsoa21_code,
        change_code,
        lad22_code,
        coalesce(
            lsoa11_population / nullif(sum(lsoa11_population) over (partition by lsoa21_code), 0),
            1.0 / count(*) over (partition by lsoa21_code)
        ) as lsoa21_weight
    from with_population

)

select * from final
