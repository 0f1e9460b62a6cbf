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
        transform,
        source,
        source_name,
        source_measure,
        data_period,
        data_status,
        is_synthetic,
        bounds_rationale,
        regions,
        {{ framework_region_filter() }} as is_scored_in_region,
        '{{ var("framework_version") }}' as framework_version
    from framework

)

select * from final
