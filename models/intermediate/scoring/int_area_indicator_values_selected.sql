{#- The values the engine scores: the ward indicator values by default, for the index period. -#}
with

ward_values as (

    select * from {{ ref('int_ward_indicator_values_aggregated') }}

),

final as (

    select
        ward_code as area_code,
        cast({{ var('index_period') }} as integer) as period,
        indicator_id,
        value
    from ward_values

)

select * from final
