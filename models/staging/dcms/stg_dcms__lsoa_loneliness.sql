with

source as (

    select * from {{ source('dcms', 'loneliness') }}

),

renamed as (

    select
        cast(lsoa21_code as varchar) as lsoa21_code,
        cast(perc as double) as lonely_adults_percent,
        cast(deciles as integer) as loneliness_decile
    from source

)

select * from renamed
