with

measures as (

    select * from {{ ref('int_source_measures_unioned') }}

),

lsoas as (

    select * from {{ ref('int_lsoa21_wards_mapped') }}

),

lsoa_shares as (

    select * from {{ ref('int_ward_lsoa21_shares_computed') }}

),

-- the LSOAs the build's wards are scored from: their best-fit LSOAs and, for a ward no LSOA best-fits to,
-- the LSOAs it intersects (which may lie outside the build's region)
build_lsoas as (

    select distinct lsoa21_code
    from lsoa_shares

),

lsoa11_weights as (

    select * from {{ ref('int_lsoa11_lsoa21_weights_computed') }}

),

lsoa11_msoa11_lookups as (

    select * from {{ ref('int_lsoa11_msoa11_mapped') }}

),

lsoa21_msoa21_lookups as (

    select * from {{ ref('int_lsoa21_msoa21_mapped') }}

),

from_lsoa21 as (

    select
        measures.source_name,
        measures.geography_level,
        measures.area_code as lsoa21_code,
        measures.measure,
        measures.value,
        measures.numerator,
        measures.denominator
    from measures
    inner join build_lsoas
        on measures.area_code = build_lsoas.lsoa21_code
    where measures.geography_level = 'lsoa21'

),

-- Rates published on 2011 LSOAs: weighted mean over the 2011 LSOAs that make up each 2021 LSOA.
from_lsoa11 as (

    select
        measures.source_name,
        measures.geography_level,
        lsoa11_weights.lsoa21_code,
        measures.measure,
        sum(lsoa11_weights.lsoa21_weight * measures.value) / sum(lsoa11_weights.lsoa21_weight) as value,
        cast(null as double) as numerator,
        cast(null as double) as denominator
    from measures
    inner join lsoa11_weights
        on measures.area_code = lsoa11_weights.lsoa11_code
    where
        measures.geography_level = 'lsoa11'
        and measures.value is not null
    group by
        measures.source_name,
        measures.geography_level,
        lsoa11_weights.lsoa21_code,
        measures.measure

),

-- MSOA 2011 values: each 2011 LSOA takes its MSOA's value, then on to 2021 LSOAs as above.
from_msoa11 as (

    select
        measures.source_name,
        measures.geography_level,
        lsoa11_weights.lsoa21_code,
        measures.measure,
        sum(lsoa11_weights.lsoa21_weight * measures.value) / sum(lsoa11_weights.lsoa21_weight) as value,
        cast(null as double) as numerator,
        cast(null as double) as denominator
    from measures
    inner join lsoa11_msoa11_lookups
        on measures.area_code = lsoa11_msoa11_lookups.msoa11_code
    inner join lsoa11_weights
        on lsoa11_msoa11_lookups.lsoa11_code = lsoa11_weights.lsoa11_code
    where
        measures.geography_level = 'msoa11'
        and measures.value is not null
    group by
        measures.source_name,
        measures.geography_level,
        lsoa11_weights.lsoa21_code,
        measures.measure

),

-- An MSOA 2011 value the publisher withheld (ONS life expectancy for 277 of England's 6,791 MSOAs for males,
-- 110 for females) leaves its LSOAs without one. A ward with at least one LSOA value keeps their mean (partial
-- coverage), and a ward missing one of the source's measures has that indicator imputed by the index. A ward
-- with no value for any of the source's measures (England: 17 wards, neither sex; none in the ICB) would lose
-- its component and SPI, so its LSOAs take the mean of their local authority's LSOA values, marked by
-- geography_level 'lad22'.
msoa11_measures as (

    select distinct
        source_name,
        measure
    from from_msoa11

),

lsoa21_lads as (

    select distinct
        lsoa21_code,
        lad22_code
    from lsoa11_weights

),

msoa11_lad_means as (

    select
        from_msoa11.source_name,
        from_msoa11.measure,
        lsoa21_lads.lad22_code,
        avg(from_msoa11.value) as value
    from from_msoa11
    inner join lsoa21_lads
        on from_msoa11.lsoa21_code = lsoa21_lads.lsoa21_code
    group by
        from_msoa11.source_name,
        from_msoa11.measure,
        lsoa21_lads.lad22_code

),

wards_without_msoa11_value as (

    select
        lsoa_shares.ward_code,
        msoa11_measures.source_name
    from lsoa_shares
    cross join msoa11_measures
    left join from_msoa11
        on
            lsoa_shares.lsoa21_code = from_msoa11.lsoa21_code
            and msoa11_measures.source_name = from_msoa11.source_name
            and msoa11_measures.measure = from_msoa11.measure
    group by
        lsoa_shares.ward_code,
        msoa11_measures.source_name
    having count(from_msoa11.value) = 0

),

from_msoa11_lad_fill as (

    select distinct
        msoa11_lad_means.source_name,
        'lad22' as geography_level,
        lsoa_shares.lsoa21_code,
        msoa11_lad_means.measure,
        msoa11_lad_means.value,
        cast(null as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator
    from wards_without_msoa11_value
    inner join lsoa_shares
        on wards_without_msoa11_value.ward_code = lsoa_shares.ward_code
    inner join lsoa21_lads
        on lsoa_shares.lsoa21_code = lsoa21_lads.lsoa21_code
    inner join msoa11_lad_means
        on
            wards_without_msoa11_value.source_name = msoa11_lad_means.source_name
            and lsoa21_lads.lad22_code = msoa11_lad_means.lad22_code
    -- an LSOA that has its own value (shared with an area-overlay ward) keeps it
    where not exists (
        select 1
        from from_msoa11 as own_values
        where
            own_values.lsoa21_code = lsoa_shares.lsoa21_code
            and own_values.source_name = msoa11_lad_means.source_name
            and own_values.measure = msoa11_lad_means.measure
    )

),

-- MSOA 2021 values: each 2021 LSOA takes its MSOA's rate; counts stay at MSOA level.
from_msoa21 as (

    select
        measures.source_name,
        measures.geography_level,
        lsoa21_msoa21_lookups.lsoa21_code,
        measures.measure,
        measures.value,
        cast(null as double) as numerator,
        cast(null as double) as denominator
    from measures
    inner join lsoa21_msoa21_lookups
        on measures.area_code = lsoa21_msoa21_lookups.msoa21_code
    where measures.geography_level = 'msoa21'

),

-- Ward values (disclosure-controlled health rates, analyst indicator files): every LSOA of the ward carries
-- the ward's value, so the resident-weighted ward aggregate gives the value back; counts cannot be split.
from_ward as (

    select
        measures.source_name,
        measures.geography_level,
        lsoas.lsoa21_code,
        measures.measure,
        measures.value,
        cast(null as double) as numerator,
        cast(null as double) as denominator
    from measures
    inner join lsoas
        on measures.area_code = lsoas.ward_code
    where
        measures.geography_level = 'ward'
        and measures.value is not null

),

unioned as (

    select * from from_lsoa21
    union all
    select * from from_lsoa11
    union all
    select * from from_msoa11
    union all
    select * from from_msoa11_lad_fill
    union all
    select * from from_msoa21
    union all
    select * from from_ward

),

final as (

    select unioned.*
    from unioned
    inner join build_lsoas
        on unioned.lsoa21_code = build_lsoas.lsoa21_code

)

select * from final
