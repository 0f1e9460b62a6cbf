with

source as (

    select * from {{ source('indicator_files', 'indicator_values') }}

),

-- `spi build` has validated every file already, so the casts cannot fail on a file it accepted.
renamed as (

    select
        {{ csv_file_stem('filename') }} as indicator_file,
        lower(trim(geography)) as geography_level,
        trim(area_code) as area_code,
        trim(period) as period,
        -- periods compare by time, not as text ('Q4 2023' < 'Q1 2024'); validation refused unparseable ones
        {{ period_sort_key('trim(period)') }} as period_sort_key,
        cast(value as double) as value,
        cast(nullif(trim(numerator), '') as double) as numerator,
        cast(nullif(trim(denominator), '') as double) as denominator
    from source

)

select * from renamed
