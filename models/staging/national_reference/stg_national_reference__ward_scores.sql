with

source as (

    select * from {{ source('national_reference', 'ward_scores') }}

),

renamed as (

    select
        cast(framework_version as {{ dbt.type_string() }}) as framework_version,
        cast(framework_variant as {{ dbt.type_string() }}) as framework_variant,
        cast(ward_vintage as {{ dbt.type_string() }}) as ward_vintage,
        cast(period as {{ dbt.type_int() }}) as period,
        cast(level as {{ dbt.type_string() }}) as score_level,
        cast(name as {{ dbt.type_string() }}) as score_name,
        cast(area_code as {{ dbt.type_string() }}) as ward_code,
        cast(score as {{ type_double() }}) as score
    from source

)

select * from renamed
