{#- Passes of the greedy secondary suppression; a dbt test (health_secondary_suppression_converged) fails
    if any relation is still left with exactly one suppressed member. -#}
{%- set passes = 8 -%}
-- Disclosure control: the only way health figures leave the private schema (docs/disclosure-control.md).
-- 1. rounding: every count is rounded to base 5 before any rate, interval or DSR is computed
--    (int_health_statistics_computed), and values and limits are published to one decimal place;
-- 2. primary: a cell whose numerator, denominator or (for a proportion) denominator minus numerator is 1 to 7
--    is suppressed;
-- 3. secondary, solved jointly over every additive relation the published tables carry
--    (int_health_relation_members_listed: LA = its wards; pooled period = its single years; both school
--    years = reception + year 6; one count under two measures): while any relation has exactly one
--    suppressed member, its smallest unsuppressed member (non-zero first, wards before the LA total) is
--    suppressed too. Deterministic; the LA total is taken only when the LA has no other candidate, so LA
--    cells do not depend on the ward vintage;
-- 4. one reason for every suppressed cell, so a reader cannot tell primary (small) from secondary cells.
with

statistics as (

    select * from {{ ref('int_health_statistics_computed') }}

),

measures as (

    select * from {{ ref('health_measures') }}

),

members as (

    select * from {{ ref('int_health_relation_members_listed') }}

),

cells as (

    select
        statistics.area_level,
        statistics.area_code,
        statistics.lad_code,
        statistics.period_year,
        statistics.measure_id,
        statistics.numerator,
        statistics.denominator,
        statistics.numerator_rounded,
        statistics.denominator_rounded,
        statistics.value,
        statistics.ci_lower,
        statistics.ci_upper,
        statistics.area_level || '|' || statistics.area_code || '|' || statistics.measure_id || '|'
        || cast(statistics.period_year as {{ dbt.type_string() }}) as cell_key,
        coalesce(
            statistics.numerator between 1 and 7
            or statistics.denominator between 1 and 7
            or (measures.statistic = 'proportion' and statistics.denominator - statistics.numerator between 1 and 7),
            false
        ) as is_primary
    from statistics
    inner join measures
        on statistics.measure_id = measures.measure_id

),

suppressed_0 as (

    select
        cell_key,
        is_primary as is_suppressed
    from cells

),

{% for pass in range(1, passes + 1) %}

-- pass {{ pass }}: each relation's suppressed members and its best unsuppressed candidate
    memberships_{{ pass }} as (

        select
            members.relation_key,
            members.cell_key,
            previous.is_suppressed,
            count(case when previous.is_suppressed then 1 end) over (partition by members.relation_key)
                as suppressed_members,
            row_number() over (
                partition by members.relation_key
                order by
                    previous.is_suppressed,
                    cells.area_level = 'lad',
                    cells.numerator = 0,
                    cells.numerator,
                    cells.denominator,
                    members.cell_key
            ) as candidate_rank
        from members
        inner join suppressed_{{ pass - 1 }} as previous
            on members.cell_key = previous.cell_key
        inner join cells
            on members.cell_key = cells.cell_key

    ),

    chosen_{{ pass }} as (

        select distinct cell_key
        from memberships_{{ pass }}
        where
            suppressed_members = 1
            and candidate_rank = 1
            and not is_suppressed

    ),

    suppressed_{{ pass }} as (

        select
            previous.cell_key,
            previous.is_suppressed or chosen_{{ pass }}.cell_key is not null as is_suppressed
        from suppressed_{{ pass - 1 }} as previous
        left join chosen_{{ pass }}
            on previous.cell_key = chosen_{{ pass }}.cell_key

    ),

{% endfor %}

final as (

    select
        cells.area_level,
        cells.area_code,
        cells.lad_code,
        cells.period_year,
        cells.measure_id,
        cells.cell_key,
        case when not suppressed.is_suppressed then cells.numerator_rounded end as numerator_count,
        case when not suppressed.is_suppressed then cells.denominator_rounded end as denominator_count,
        case when not suppressed.is_suppressed then round(cells.value, 1) end as value,
        case when not suppressed.is_suppressed then round(cells.ci_lower, 1) end as ci_lower,
        case when not suppressed.is_suppressed then round(cells.ci_upper, 1) end as ci_upper,
        suppressed.is_suppressed,
        cells.is_primary,
        case
            when suppressed.is_suppressed then 'suppressed: a small count, or protecting one'
            when cells.value is null then 'value not published: rounded count under 10'
        end as suppression_reason
    from cells
    inner join suppressed_{{ passes }} as suppressed
        on cells.cell_key = suppressed.cell_key

)

select * from final
