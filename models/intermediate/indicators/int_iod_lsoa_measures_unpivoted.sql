{{ config(materialized='view') }}

-- The three Indices of Deprivation extracts, long, in one place: keeps int_source_measures_unioned under
-- the project's limit of six direct parents.
with

iod2025_indicators as (

    select * from {{ unpivot_measures(ref('stg_mhclg__iod2025_lsoa_indicators'), 'lsoa21_code') }}

),

iod2025_subdomains as (

    select * from {{ unpivot_measures(ref('stg_mhclg__iod2025_lsoa_subdomains'), 'lsoa21_code') }}

),

iod2019_indicators as (

    select * from {{ unpivot_measures(ref('stg_mhclg__iod2019_lsoa_indicators'), 'lsoa11_code') }}

),

unioned as (

    select
        'iod2025_indicators' as source_name,
        'lsoa21' as geography_level,
        lsoa21_code as area_code,
        measure,
        cast(value as double) as value
    from iod2025_indicators

    union all

    select
        'iod2025_subdomains' as source_name,
        'lsoa21' as geography_level,
        lsoa21_code as area_code,
        measure,
        cast(value as double) as value
    from iod2025_subdomains

    union all

    select
        'iod2019_indicators' as source_name,
        'lsoa11' as geography_level,
        lsoa11_code as area_code,
        measure,
        cast(value as double) as value
    from iod2019_indicators

)

select * from unioned
