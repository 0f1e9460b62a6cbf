with

lsoas as (

    select * from {{ ref('stg_ons__lsoa21_wd25_lookups') }}

),

msoas as (

    select * from {{ ref('stg_ons__census21_msoa_unpaid_care') }}

),

final as (

    -- every LSOA of the national best-fit lookup: the build keeps those its wards are scored from
    -- ONS names every LSOA 2021 as its MSOA 2021's name plus one letter ("Lichfield 003D" is in
    -- "Lichfield 003"), so the name is an exact lookup where no LSOA21 -> MSOA21 file is to hand.
    select
        lsoas.lsoa21_code,
        msoas.msoa21_code
    from lsoas
    inner join msoas
        on left(lsoas.lsoa21_name, length(lsoas.lsoa21_name) - 1) = msoas.msoa21_name

)

select * from final
