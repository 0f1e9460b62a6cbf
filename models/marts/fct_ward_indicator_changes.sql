{#-
  Each ward's indicator scores in an earlier period and in the index period, and what each contributes to the
  change of the SPI (effective weight x score change; the contributions of a ward sum to its SPI change as
  the engine scores both periods). Only an indicator with a vintage of its own in the earlier period, made by
  the same method upstream, changes like for like; the others are carried over (the same data in both
  periods), synthetic, or changed by an upstream method change (seed indicator_method_changes).
-#}
with

indicator_scores as (

    select * from {{ ref('int_indicator_scores_imputed') }}

),

ward_values as (

    select * from {{ ref('int_ward_indicator_values_aggregated') }}

),

framework as (

    select * from {{ ref('int_framework_indicators_indexed') }}
    where is_in_index

),

method_changes as (

    select * from {{ ref('indicator_method_changes') }}

),

wards as (

    select * from {{ ref('dim_wards') }}

),

scored_values as (

    select
        indicator_scores.area_code as ward_code,
        indicator_scores.period,
        indicator_scores.indicator_id,
        indicator_scores.value,
        indicator_scores.score,
        indicator_scores.is_imputed,
        coalesce(ward_values.is_carried_over, true) as is_carried_over
    from indicator_scores
    left join ward_values
        on
            indicator_scores.area_code = ward_values.ward_code
            and indicator_scores.period = ward_values.period
            and indicator_scores.indicator_id = ward_values.indicator_id

),

latest as (

    select * from scored_values
    where period = {{ var('index_period') }}

),

earlier as (

    select * from scored_values
    where period < {{ var('index_period') }}

),

paired as (

    select
        earlier.ward_code,
        earlier.indicator_id,
        earlier.period as period_from,
        latest.period as period_to,
        earlier.value as value_from,
        latest.value as value_to,
        earlier.score as score_from,
        latest.score as score_to,
        earlier.is_imputed or latest.is_imputed as is_imputed,
        earlier.is_carried_over
    from earlier
    inner join latest
        on
            earlier.ward_code = latest.ward_code
            and earlier.indicator_id = latest.indicator_id

),

classified as (

    select
        paired.*,
        framework.dimension,
        framework.component,
        framework.source_family,
        framework.effective_weight,
        method_changes.change_reason as method_change_reason,
        case
            when paired.is_carried_over then 'carried_over'
            when framework.is_synthetic then 'synthetic'
            when method_changes.indicator_id is not null then 'method_change'
            else 'like_for_like'
        end as comparison_status
    from paired
    inner join framework
        on paired.indicator_id = framework.indicator_id
    left join method_changes
        on
            paired.indicator_id = method_changes.indicator_id
            and paired.period_from = method_changes.period

),

final as (

    select
        classified.ward_code,
        wards.ward_name,
        wards.lad_code,
        wards.lad_name,
        cast(classified.period_from as integer) as period_from,
        cast(classified.period_to as integer) as period_to,
        classified.indicator_id,
        classified.dimension,
        classified.component,
        classified.source_family,
        classified.comparison_status,
        classified.method_change_reason,
        classified.value_from,
        classified.value_to,
        classified.value_to - classified.value_from as value_change,
        classified.score_from,
        classified.score_to,
        classified.score_to - classified.score_from as score_change,
        classified.is_imputed,
        classified.effective_weight,
        classified.effective_weight * (classified.score_to - classified.score_from) as spi_change_contribution
    from classified
    inner join wards
        on classified.ward_code = wards.ward_code

)

select * from final
