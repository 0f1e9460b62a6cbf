{{ config(materialized='view') }}

with

iod_measures as (

    select * from {{ ref('int_iod_lsoa_measures_unpivoted') }}

),

census21 as (

    select * from {{ ref('int_census21_lsoa_measures_derived') }}

),

published_measures as (

    select * from {{ ref('int_published_measures_unioned') }}

),

indicator_files as (

    select * from {{ ref('stg_indicator_files__indicator_values') }}

),

-- Analyst-supplied indicator files (data/indicators/<name>.csv): the newest period of each file is scored,
-- newest by time (period_sort_key), not by the period's text.
indicator_file_periods as (

    select
        indicator_file,
        max(period_sort_key) as latest_period_sort_key
    from indicator_files
    group by indicator_file

),

latest_indicator_files as (

    select
        indicator_files.indicator_file,
        indicator_files.geography_level,
        indicator_files.area_code,
        indicator_files.value,
        indicator_files.numerator,
        indicator_files.denominator
    from indicator_files
    inner join indicator_file_periods
        on
            indicator_files.indicator_file = indicator_file_periods.indicator_file
            and indicator_files.period_sort_key = indicator_file_periods.latest_period_sort_key

),

health as (

    select * from {{ ref('int_ward_health_estimates_shrunk') }}

),

practice_measures as (

    select * from {{ ref('int_lsoa_practice_measures_apportioned') }}

),

-- health measures enter the index only after disclosure control, at ward level, latest year of each:
-- empirical-Bayes estimates computed from the published figures alone (never missing, never a count)
latest_health as (

    select
        ward_code,
        measure_id,
        value
    from health
    where
        period_year = (
            select max(latest.period_year) from health as latest
            where latest.measure_id = health.measure_id
        )

),

unioned as (

    select
        source_name,
        geography_level,
        area_code,
        measure,
        value,
        cast(null as double) as numerator,
        cast(null as double) as denominator
    from iod_measures

    union all

    select
        'census21' as source_name,
        'lsoa21' as geography_level,
        lsoa21_code as area_code,
        measure,
        value,
        cast(numerator as double) as numerator,
        cast(denominator as double) as denominator
    from census21

    union all

    select
        source_name,
        geography_level,
        area_code,
        measure,
        value,
        numerator,
        denominator
    from published_measures

    union all

    select
        'indicator_files' as source_name,
        geography_level,
        area_code,
        indicator_file as measure,
        value,
        numerator,
        denominator
    from latest_indicator_files

    union all

    -- no counts: published ward counts are rounded, and the index needs only the rate
    select
        'nhs_health' as source_name,
        'ward' as geography_level,
        ward_code as area_code,
        measure_id as measure,
        value,
        cast(null as double) as numerator,
        cast(null as double) as denominator
    from latest_health

    union all

    -- real practice data estimated for LSOAs with the real registrations (public data: no disclosure control)
    select
        'practice_data' as source_name,
        'lsoa21' as geography_level,
        lsoa21_code as area_code,
        measure_id || '_' || cast(period_year as {{ dbt.type_string() }}) as measure,
        value,
        numerator,
        denominator
    from practice_measures

)

select * from unioned
