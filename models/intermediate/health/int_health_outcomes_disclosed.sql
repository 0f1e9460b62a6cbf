-- Disclosure control: the only way health figures leave the private schema.
-- 1. primary: a count (numerator or denominator) of 1 to 7 suppresses the cell;
-- 2. secondary: a local authority with exactly one suppressed ward (per year and measure) also suppresses
--    its smallest non-zero unsuppressed ward, so LA total minus the other wards cannot recover a cell;
--    if no ward can take that role, the LA total is suppressed instead;
-- 3. every published count is rounded to the nearest 5; values and limits need an unrounded count of 10+.
with

statistics as (

    select * from {{ ref('int_health_statistics_computed') }}

),

whole_counts as (

    select
        area_level,
        area_code,
        lad_code,
        period_year,
        measure_id,
        round(numerator) as numerator,
        round(denominator) as denominator,
        value,
        ci_lower,
        ci_upper,
        coalesce(round(numerator) between 1 and 7 or round(denominator) between 1 and 7, false) as is_primary
    from statistics

),

wards_ranked as (

    select
        *,
        count(*) filter (where is_primary) over (partition by lad_code, period_year, measure_id)
            as primary_wards_in_lad,
        -- candidates for secondary suppression: unsuppressed wards, non-zero first, smallest first
        row_number() over (
            partition by lad_code, period_year, measure_id, is_primary
            order by numerator = 0, numerator, area_code
        ) as rank_among_peers
    from whole_counts
    where area_level = 'ward'

),

wards_flagged as (

    select
        area_level,
        area_code,
        lad_code,
        period_year,
        measure_id,
        numerator,
        denominator,
        value,
        ci_lower,
        ci_upper,
        is_primary,
        not is_primary and primary_wards_in_lad = 1 and rank_among_peers = 1 as is_secondary
    from wards_ranked

),

lad_suppressed_wards as (

    select
        lad_code,
        period_year,
        measure_id,
        count(*) filter (where is_primary or is_secondary) as suppressed_wards
    from wards_flagged
    group by
        lad_code,
        period_year,
        measure_id

),

lads_flagged as (

    select
        whole_counts.area_level,
        whole_counts.area_code,
        whole_counts.lad_code,
        whole_counts.period_year,
        whole_counts.measure_id,
        whole_counts.numerator,
        whole_counts.denominator,
        whole_counts.value,
        whole_counts.ci_lower,
        whole_counts.ci_upper,
        whole_counts.is_primary,
        not whole_counts.is_primary and coalesce(lad_suppressed_wards.suppressed_wards = 1, false) as is_secondary
    from whole_counts
    left join lad_suppressed_wards
        on
            whole_counts.lad_code = lad_suppressed_wards.lad_code
            and whole_counts.period_year = lad_suppressed_wards.period_year
            and whole_counts.measure_id = lad_suppressed_wards.measure_id
    where whole_counts.area_level = 'lad'

),

flagged as (

    select * from wards_flagged
    union all
    select * from lads_flagged

),

final as (

    select
        area_level,
        area_code,
        lad_code,
        period_year,
        measure_id,
        case when not (is_primary or is_secondary) then cast(round(numerator / 5) * 5 as bigint) end
            as numerator_count,
        case when not (is_primary or is_secondary) then cast(round(denominator / 5) * 5 as bigint) end
            as denominator_count,
        case when not (is_primary or is_secondary) then value end as value,
        case when not (is_primary or is_secondary) then ci_lower end as ci_lower,
        case when not (is_primary or is_secondary) then ci_upper end as ci_upper,
        is_primary or is_secondary as is_suppressed,
        case
            when is_primary then 'primary: count of 1 to 7'
            when is_secondary and area_level = 'ward'
                then 'secondary: protects a suppressed ward of the same local authority'
            when is_secondary then 'secondary: the local authority has a single suppressed ward'
            when value is null then 'value not published: count under 10'
        end as suppression_reason
    from flagged

)

select * from final
