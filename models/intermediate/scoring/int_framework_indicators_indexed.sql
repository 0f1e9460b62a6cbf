{#-
  Every indicator of the ward framework seed with whether this build's index scores it and with what weight.
  An indicator is in the index where its source covers the build's region (seed column regions) and its values
  are not synthetic in this build - unless var include_synthetic_health asks for the synthetic ones
  (macros/framework_index_membership.sql). The weights of a component are renormalised over its indicators in
  the index (they sum to 1); the effective weight of an indicator in the SPI is its weight in the index divided
  by the number of components of its dimension in the index and by the number of dimensions, because the SPI
  is the mean of the dimensions and a dimension the mean of its components.
-#}
with

framework as (

    select * from {{ ref('ward_framework') }}

),

assessed as (

    select
        framework.*,
        {{ framework_region_filter('framework.regions') }} as is_scored_in_region,
        {{ framework_is_synthetic_in_build('framework.is_synthetic', 'framework.source_name') }}
            as is_synthetic_in_build
    from framework

),

membership as (

    select
        assessed.*,
        assessed.is_scored_in_region
        and (not assessed.is_synthetic_in_build or {{ 'true' if include_synthetic_health() else 'false' }})
            as is_in_index
    from assessed

),

component_weights as (

    select
        membership.*,
        sum(case when membership.is_in_index then membership.weight end)
            over (partition by membership.dimension, membership.component)
            as component_weight_in_index
    from membership

),

components_per_dimension as (

    select
        dimension,
        count(distinct component) as n_components_in_index
    from membership
    where is_in_index
    group by dimension

),

dimensions as (

    select count(distinct dimension) as n_dimensions_in_index
    from membership
    where is_in_index

),

final as (

    select
        component_weights.indicator_id,
        -- a synthetic row read from a real extract is no longer synthetic: its name loses the label
        case
            when component_weights.is_synthetic and not component_weights.is_synthetic_in_build
                then replace(component_weights.indicator_name, ' (SYNTHETIC)', '')
            else component_weights.indicator_name
        end as indicator_name,
        component_weights.dimension,
        component_weights.component,
        component_weights.unit,
        component_weights.higher_is_better,
        component_weights.best,
        component_weights.worst,
        component_weights.weight,
        component_weights.transform,
        -- named source like the framework seed's and dim_indicators' column
        case
            when component_weights.is_synthetic and not component_weights.is_synthetic_in_build
                then 'Health extract declared real in its manifest (SPI_HEALTH_DATA_DIR)'
            else component_weights.source
        end as source,  -- noqa: RF04
        component_weights.source_name,
        component_weights.source_measure,
        component_weights.data_period,
        case
            when component_weights.is_synthetic and not component_weights.is_synthetic_in_build then 'real'
            else component_weights.data_status
        end as data_status,
        component_weights.is_synthetic_in_build as is_synthetic,
        component_weights.bounds_rationale,
        component_weights.regions,
        case
            when component_weights.is_synthetic_in_build then 'synthetic_nhs'
            else component_weights.source_family
        end as source_family,
        component_weights.is_scored_in_region,
        component_weights.is_in_index,
        case
            when not component_weights.is_scored_in_region and component_weights.regions = 'england'
                then 'national stand-in for ICB-only data: scored by England and area builds only'
            when not component_weights.is_scored_in_region
                then 'source does not cover region {{ var("region") }}'
            when not component_weights.is_in_index
                then 'synthetic: enters the index only with spi build --include-synthetic-health'
        end as index_exclusion_reason,
        case
            when component_weights.is_in_index
                then component_weights.weight / component_weights.component_weight_in_index
        end as weight_in_index,
        case
            when component_weights.is_in_index
                then
                    component_weights.weight / component_weights.component_weight_in_index
                    / components_per_dimension.n_components_in_index
                    / dimensions.n_dimensions_in_index
        end as effective_weight
    from component_weights
    left join components_per_dimension
        on component_weights.dimension = components_per_dimension.dimension
    cross join dimensions

)

select * from final
