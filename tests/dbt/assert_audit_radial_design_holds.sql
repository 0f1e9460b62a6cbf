-- The Saltelli radial design the sensitivity indices rest on: every A_B run equals its base sample's A run
-- on every assumption but the one it varies, and equals the B run on that one; every base sample has one A,
-- one B and one A_B run per assumption.
{%- set assumptions = audit_assumptions() %}
with

runs as (

    select * from {{ ref('int_audit_runs_designed') }}

),

a_runs as (

    select * from runs
    where block = 'A'

),

b_runs as (

    select * from runs
    where block = 'B'

),

ab_runs as (

    select * from runs
    where block = 'AB'

),

compared as (

    select
        ab_runs.run_id,
        ab_runs.varied_assumption,
        {%- for assumption in assumptions %}
        {%- set column = {'normalisation': 'normalisation', 'aggregation': 'aggregation',
                          'weights': 'weights_sample_id', 'exclusion': 'excluded_indicator_id'}[assumption] %}
            case
                when ab_runs.varied_assumption = '{{ assumption }}'
                    then
                        coalesce(cast(ab_runs.{{ column }} as {{ dbt.type_string() }}), 'none')
                        = coalesce(cast(b_runs.{{ column }} as {{ dbt.type_string() }}), 'none')
                else
                    coalesce(cast(ab_runs.{{ column }} as {{ dbt.type_string() }}), 'none')
                    = coalesce(cast(a_runs.{{ column }} as {{ dbt.type_string() }}), 'none')
            end as {{ assumption }}_ok,
        {%- endfor %}
        ab_runs.weighting = case
            when ab_runs.varied_assumption = 'weights' then b_runs.weighting else a_runs.weighting
        end as weighting_ok
    from ab_runs
    inner join a_runs
        on ab_runs.base_id = a_runs.base_id
    inner join b_runs
        on ab_runs.base_id = b_runs.base_id

),

block_counts as (

    select
        base_id,
        count(case when block = 'A' then 1 end) as n_a,
        count(case when block = 'B' then 1 end) as n_b,
        count(case when block = 'AB' then 1 end) as n_ab
    from runs
    where block != 'reference'
    group by base_id

)

select
    run_id as failing_key,
    'A_B run does not follow A and B' as failure
from compared
where
    not (
        {%- for assumption in assumptions %}
            {{ assumption }}_ok and
        {%- endfor %}
        weighting_ok
    )

union all

select
    base_id as failing_key,
    'base sample without one A, one B and one A_B run per assumption' as failure
from block_counts
where n_a != 1 or n_b != 1 or n_ab != {{ assumptions | length }}
