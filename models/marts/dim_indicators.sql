with

framework as (

    select * from {{ ref('int_framework_indicators_indexed') }}

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
        is_scored_in_region,
        '{{ var("framework_version") }}' as framework_version,
        source_family,
        is_in_index,
        weight_in_index,
        effective_weight,
        index_exclusion_reason
    from framework

)

select * from final
