with

source as (

    select * from {{ source('ons', 'census21_unpaid_care') }}

),

renamed as (

    select
        cast(msoa21cd as {{ dbt.type_string() }}) as msoa21_code,
        cast(msoa21nm as {{ dbt.type_string() }}) as msoa21_name,
        cast(total as bigint) as residents_aged_5_plus,
        cast(provides_no_unpaid_care as bigint) as residents_providing_no_care,
        cast(provides_9_hours_or_less_unpaid_care_a_week as bigint) as residents_caring_under_10_hours,
        cast(provides_10_to_19_hours_unpaid_care_a_week as bigint) as residents_caring_10_19_hours,
        cast(provides_20_to_34_hours_unpaid_care_a_week as bigint) as residents_caring_20_34_hours,
        cast(provides_35_to_49_hours_unpaid_care_a_week as bigint) as residents_caring_35_49_hours,
        cast(provides_50_or_more_hours_unpaid_care_a_week as bigint) as residents_caring_50_plus_hours
    from source

)

select * from renamed
