-- The audit's geometric runs hold one weight mask per component, numbered up to var monte_carlo_max_components:
-- a framework with more components must raise the var, or its extra components would be left out.
with

framework as (

    select * from {{ ref('int_framework_indicators_selected') }}

),

components as (

    select count(*) as n_components
    from (
        select distinct
            dimension,
            component
        from framework
    ) as distinct_components

)

select
    n_components,
    {{ var('monte_carlo_max_components') }} as max_components
from components
where n_components > {{ var('monte_carlo_max_components') }}
