-- Every additive relation the published health tables carry, one row per relation and member cell:
--   * a local authority's count is the sum of its wards' (same year and measure);
--   * a total measure's count is the sum of its components' (seed health_measure_relations: single years in
--     a pooled period, reception + year 6 in both school years, the same counts under two measures).
-- Secondary suppression solves over this list and a dbt test checks the result against it.
with

statistics as (

    select * from {{ ref('int_health_statistics_computed') }}

),

relations as (

    select * from {{ ref('health_measure_relations') }}

),

cells as (

    select
        area_level,
        area_code,
        lad_code,
        period_year,
        measure_id,
        area_level || '|' || area_code || '|' || measure_id || '|'
        || cast(period_year as {{ dbt.type_string() }}) as cell_key
    from statistics

),

-- local authority = sum of its wards: the LA row and each of its ward rows
hierarchy_members as (

    select
        'lad|' || lad_code || '|' || measure_id || '|' || cast(period_year as {{ dbt.type_string() }})
            as relation_key,
        'wards_in_local_authority' as relation_kind,
        cell_key
    from cells

),

-- total measure = its components: the pairs of cells that exist
measure_pairs as (

    select
        'measure|' || totals.cell_key as relation_key,
        totals.cell_key as total_cell_key,
        components.cell_key as component_cell_key
    from cells as totals
    inner join relations
        on totals.measure_id = relations.total_measure_id
    inner join cells as components
        on
            totals.area_level = components.area_level
            and totals.area_code = components.area_code
            and relations.component_measure_id = components.measure_id
            and totals.period_year + relations.component_period_offset = components.period_year

),

measure_members as (

    select distinct
        relation_key,
        'components_of_measure' as relation_kind,
        total_cell_key as cell_key
    from measure_pairs

    union all

    select
        relation_key,
        'components_of_measure' as relation_kind,
        component_cell_key as cell_key
    from measure_pairs

),

final as (

    select * from hierarchy_members
    union all
    select * from measure_members

)

select * from final
