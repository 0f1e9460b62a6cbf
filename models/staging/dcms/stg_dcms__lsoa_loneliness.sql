with

source as (

    select * from {{ source('dcms', 'loneliness') }}

),

-- rows `spi validate` quarantined (this source tolerates bad rows): left out of the build
rejected as (

    select row_key from {{ source('quarantine', 'rejected_rows') }}
    where source_table = 'dcms.loneliness'

),

renamed as (

    select
        cast(lsoa21_code as {{ dbt.type_string() }}) as lsoa21_code,
        cast(perc as double) as lonely_adults_percent,
        cast(deciles as integer) as loneliness_decile
    from source
    where cast(lsoa21_code as {{ dbt.type_string() }}) not in (select rejected.row_key from rejected)

)

select * from renamed
