{#- The scoring engine reads one framework: the ward framework seed by default. -#}
with

framework as (

    select * from {{ ref('ward_framework') }}

),

final as (

    select
        indicator_id,
        indicator_name,
        dimension,
        component,
        unit,
        higher_is_better,
        best,
        worst,
        weight,
        transform
    from framework

)

select * from final
