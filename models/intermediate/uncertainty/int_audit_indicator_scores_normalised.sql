{#- Every indicator score of every complete area under the audit's four normalisations, all on 0-100-comparable
    scales where higher is better. The starting point u is the engine's score before clipping (the value on
    the line through the framework's worst (0) and best (100) bounds, after its transform); an imputed score,
    which has no value, is its own u. Over the complete areas of the period:
      bounds  the published score (u clipped to 0-100)
      minmax  100 (u - min) / (max - min)
      zscore  50 + 10 (u - mean) / sd (a T-score: mean 50, sd 10, so 0-100 spans 5 sd each side; not clipped)
      rank    100 (mid-rank - 1) / (n - 1), ties sharing their mean rank
    An indicator constant over the areas scores 50 in minmax, zscore and rank. -#}
with

indicator_scores as (

    select * from {{ ref('int_indicator_scores_imputed') }}

),

framework as (

    select * from {{ ref('int_framework_indicators_selected') }}

),

spi_scores as (

    select * from {{ ref('int_spi_scores_computed') }}

),

-- partial areas have no SPI in any run: they are neither scored nor part of the normalisation
complete_areas as (

    select
        area_code,
        period
    from spi_scores
    where score is not null

),

unclipped as (

    select
        indicator_scores.area_code,
        indicator_scores.period,
        indicator_scores.indicator_id,
        indicator_scores.score as bounds_score,
        case
            when indicator_scores.value is null then indicator_scores.score
            else {{ spi_indicator_score_unclipped(
                'indicator_scores.value', 'framework.best', 'framework.worst', 'framework.transform'
            ) }}
        end as unclipped_score
    from indicator_scores
    inner join complete_areas
        on
            indicator_scores.area_code = complete_areas.area_code
            and indicator_scores.period = complete_areas.period
    inner join framework
        on indicator_scores.indicator_id = framework.indicator_id

),

with_statistics as (

    select
        area_code,
        period,
        indicator_id,
        bounds_score,
        unclipped_score,
        min(unclipped_score) over (partition by period, indicator_id) as min_score,
        max(unclipped_score) over (partition by period, indicator_id) as max_score,
        avg(unclipped_score) over (partition by period, indicator_id) as mean_score,
        stddev_samp(unclipped_score) over (partition by period, indicator_id) as sd_score,
        count(*) over (partition by period, indicator_id) as n_areas,
        -- ties to 1e-9 of a score point: equal values reached by sums in another order (two wards of one MSOA)
        -- differ in the last bits, and DuckDB and Spark broke such near-ties differently
        rank() over (partition by period, indicator_id order by round(unclipped_score, 9)) as low_rank,
        count(*) over (partition by period, indicator_id, round(unclipped_score, 9)) as n_tied
    from unclipped

),

normalised as (

    select
        area_code,
        period,
        indicator_id,
        'bounds' as normalisation,
        bounds_score as score
    from with_statistics

    union all

    select
        area_code,
        period,
        indicator_id,
        'minmax' as normalisation,
        case
            when max_score > min_score then 100.0 * (unclipped_score - min_score) / (max_score - min_score)
            else 50.0
        end as score
    from with_statistics

    union all

    select
        area_code,
        period,
        indicator_id,
        'zscore' as normalisation,
        case
            when sd_score > 0 then 50.0 + 10.0 * (unclipped_score - mean_score) / sd_score
            else 50.0
        end as score
    from with_statistics

    union all

    select
        area_code,
        period,
        indicator_id,
        'rank' as normalisation,
        case
            when n_areas > 1 then 100.0 * (low_rank - 1 + (n_tied - 1) / 2.0) / (n_areas - 1)
            else 50.0
        end as score
    from with_statistics

),

final as (

    select
        area_code,
        period,
        indicator_id,
        normalisation,
        -- rounded like the engine's scores: float noise must not reorder tied areas between runs or engines
        round(score, 10) as score
    from normalised

)

select * from final
