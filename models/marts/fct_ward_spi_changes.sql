{#-
  The change of each ward's SPI from an earlier period to the index period, split by what it means
  (fct_ward_indicator_changes): like for like (indicators with a real vintage of their own in both periods,
  same method upstream), caused by an upstream method change, and the rest (carried-over or synthetic
  indicators: no change except through imputation). The parts sum to the change as the engine scores both
  periods. The like-for-like score is the effective-weighted mean of the like-for-like indicators' scores,
  a sub-index on the same 0-100 bounds.
-#}
with

indicator_changes as (

    select * from {{ ref('fct_ward_indicator_changes') }}

),

spi_scores as (

    select * from {{ ref('int_spi_scores_computed') }}

),

latest as (

    select * from spi_scores
    where period = {{ var('index_period') }}

),

earlier as (

    select * from spi_scores
    where period < {{ var('index_period') }}

),

ward_parts as (

    select
        ward_code,
        ward_name,
        lad_code,
        lad_name,
        period_from,
        period_to,
        sum(case when comparison_status = 'like_for_like' then spi_change_contribution else 0 end)
            as spi_change_like_for_like,
        sum(case when comparison_status = 'method_change' then spi_change_contribution else 0 end)
            as spi_change_method_change,
        sum(
            case when comparison_status in ('carried_over', 'synthetic') then spi_change_contribution else 0 end
        ) as spi_change_other,
        sum(case when comparison_status = 'like_for_like' then effective_weight * score_from end)
        / nullif(sum(case when comparison_status = 'like_for_like' then effective_weight end), 0)
            as like_for_like_score_from,
        sum(case when comparison_status = 'like_for_like' then effective_weight * score_to end)
        / nullif(sum(case when comparison_status = 'like_for_like' then effective_weight end), 0)
            as like_for_like_score_to,
        coalesce(sum(case when comparison_status = 'like_for_like' then effective_weight end), 0)
            as like_for_like_effective_weight,
        count(case when comparison_status = 'like_for_like' then 1 end) as n_indicators_like_for_like,
        count(case when comparison_status = 'method_change' then 1 end) as n_indicators_method_change,
        count(*) as n_indicators
    from indicator_changes
    group by
        ward_code,
        ward_name,
        lad_code,
        lad_name,
        period_from,
        period_to

),

final as (

    select
        ward_parts.ward_code,
        ward_parts.ward_name,
        ward_parts.lad_code,
        ward_parts.lad_name,
        ward_parts.period_from,
        ward_parts.period_to,
        latest.score as spi_score_to,
        earlier.score as spi_score_from_as_scored,
        latest.score - earlier.score as spi_score_change_as_scored,
        ward_parts.spi_change_like_for_like,
        ward_parts.spi_change_method_change,
        ward_parts.spi_change_other,
        ward_parts.like_for_like_score_from,
        ward_parts.like_for_like_score_to,
        ward_parts.like_for_like_score_to - ward_parts.like_for_like_score_from as like_for_like_score_change,
        ward_parts.like_for_like_effective_weight,
        cast(ward_parts.n_indicators_like_for_like as integer) as n_indicators_like_for_like,
        cast(ward_parts.n_indicators_method_change as integer) as n_indicators_method_change,
        cast(ward_parts.n_indicators as integer) as n_indicators,
        abs(ward_parts.spi_change_method_change) > abs(ward_parts.spi_change_like_for_like)
            as is_change_mainly_method_change
    from ward_parts
    inner join latest
        on ward_parts.ward_code = latest.area_code
    inner join earlier
        on
            ward_parts.ward_code = earlier.area_code
            and ward_parts.period_from = earlier.period

)

select * from final
