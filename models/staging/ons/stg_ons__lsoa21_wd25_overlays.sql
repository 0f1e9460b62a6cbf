{#- DERIVED, not an ONS product: areas of intersection computed from the ONS boundaries (data/provenance.csv). -#}
with

source as (

    select * from {{ source('ons', 'lsoa21_wd25_area_overlay') }}

),

renamed as (

    select
        cast(lsoa21cd as {{ dbt.type_string() }}) as lsoa21_code,
        cast(wd25cd as {{ dbt.type_string() }}) as ward_code,
        cast(lad25cd as {{ dbt.type_string() }}) as lad_code,
        cast(intersect_area_m2 as {{ type_double() }}) as intersect_area_m2,
        cast(share_of_lsoa as {{ type_double() }}) as share_of_lsoa,
        cast(share_of_ward as {{ type_double() }}) as share_of_ward,
        cast(is_ons_bestfit as {{ dbt.type_boolean() }}) as is_ons_best_fit
    from source

)

select * from renamed
