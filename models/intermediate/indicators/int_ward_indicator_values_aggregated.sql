with

framework as (

    select * from {{ ref('ward_framework') }}

),

-- only the indicators whose source covers the region: the others would be empty grid rows nationally
framework_in_region as (

    select * from framework
    where {{ framework_region_filter() }}

),

lsoa_measures as (

    select * from {{ ref('int_lsoa21_measures_harmonised') }}

),

lsoas as (

    select * from {{ ref('int_lsoa21_wards_mapped') }}

),

indicator_lsoa_values as (

    select
        framework_in_region.indicator_id,
        lsoa_measures.lsoa21_code,
        lsoa_measures.value,
        lsoa_measures.numerator,
        lsoa_measures.denominator
    from framework_in_region
    inner join lsoa_measures
        on
            framework_in_region.source_name = lsoa_measures.source_name
            and framework_in_region.source_measure = lsoa_measures.measure

),

-- Every LSOA of every ward for every indicator, so that missing LSOA values show as lost coverage.
ward_lsoa_grid as (

    select
        framework_in_region.indicator_id,
        lsoas.ward_code,
        lsoas.lsoa21_code,
        lsoas.usual_residents
    from framework_in_region
    cross join lsoas

),

weighted as (

    select
        ward_lsoa_grid.indicator_id,
        ward_lsoa_grid.ward_code,
        ward_lsoa_grid.usual_residents,
        indicator_lsoa_values.value,
        indicator_lsoa_values.numerator,
        indicator_lsoa_values.denominator,
        -- rates with counts are weighted by their own denominator (so the ward value is sum(num)/sum(den));
        -- rates and scores without counts by residents
        case
            when indicator_lsoa_values.value is not null
                then coalesce(indicator_lsoa_values.denominator, ward_lsoa_grid.usual_residents)
        end as value_weight
    from ward_lsoa_grid
    left join indicator_lsoa_values
        on
            ward_lsoa_grid.indicator_id = indicator_lsoa_values.indicator_id
            and ward_lsoa_grid.lsoa21_code = indicator_lsoa_values.lsoa21_code

),

final as (

    select
        ward_code,
        indicator_id,
        sum(value * value_weight) / nullif(sum(value_weight), 0) as value,
        case when count(numerator) = count(*) then sum(numerator) end as numerator,
        case when count(denominator) = count(*) then sum(denominator) end as denominator,
        count(value) as n_lsoas_with_value,
        count(*) as n_lsoas,
        sum(case when value is not null then usual_residents else 0 end) * 1.0
        / sum(usual_residents) as population_coverage
    from weighted
    group by
        ward_code,
        indicator_id

)

select * from final
