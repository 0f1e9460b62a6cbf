-- Secondary suppression is complete: no additive relation of the published health tables (an LA and its
-- wards, a total measure and its components) has exactly one suppressed member, which differencing the
-- relation would recover. Returns every such relation; raise `passes` in int_health_outcomes_disclosed if
-- this ever fails.
with

members as (

    select * from {{ ref('int_health_relation_members_listed') }}

),

disclosed as (

    select * from {{ ref('int_health_outcomes_disclosed') }}

),

exposed as (

    select
        members.relation_key,
        count(*) as members_in_relation
    from members
    inner join disclosed
        on members.cell_key = disclosed.cell_key
    group by members.relation_key
    having count(case when disclosed.is_suppressed then 1 end) = 1

)

select * from exposed
