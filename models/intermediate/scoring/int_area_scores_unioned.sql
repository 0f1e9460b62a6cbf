{#-
  Every score of the engine in one long table (indicator, component, dimension, SPI), ranked per period,
  level and name: what `spi score` writes to scores.csv and scores.parquet.
-#}
{{ config(tags=['engine']) }}

with

indicator_scores as (

    select * from {{ ref('int_indicator_scores_imputed') }}

),

component_scores as (

    select * from {{ ref('int_component_scores_computed') }}

),

dimension_scores as (

    select * from {{ ref('int_dimension_scores_computed') }}

),

spi_scores as (

    select * from {{ ref('int_spi_scores_computed') }}

),

imputed_per_component as (

    select
        area_code,
        period,
        component,
        count(case when is_imputed then 1 end) as n_indicators_imputed
    from indicator_scores
    group by
        area_code,
        period,
        component

),

imputed_per_dimension as (

    select
        area_code,
        period,
        dimension,
        count(case when is_imputed then 1 end) as n_indicators_imputed
    from indicator_scores
    group by
        area_code,
        period,
        dimension

),

imputed_per_area as (

    select
        area_code,
        period,
        count(case when is_imputed then 1 end) as n_indicators_imputed
    from indicator_scores
    group by
        area_code,
        period

),

unioned as (

    select
        area_code,
        period,
        'indicator' as level,
        indicator_id as name,
        score,
        case when is_imputed then 1 else 0 end as n_indicators_imputed
    from indicator_scores

    union all

    select
        component_scores.area_code,
        component_scores.period,
        'component' as level,
        component_scores.component as name,
        component_scores.score,
        imputed_per_component.n_indicators_imputed
    from component_scores
    inner join imputed_per_component
        on
            component_scores.area_code = imputed_per_component.area_code
            and component_scores.period = imputed_per_component.period
            and component_scores.component = imputed_per_component.component

    union all

    select
        dimension_scores.area_code,
        dimension_scores.period,
        'dimension' as level,
        dimension_scores.dimension as name,
        dimension_scores.score,
        imputed_per_dimension.n_indicators_imputed
    from dimension_scores
    inner join imputed_per_dimension
        on
            dimension_scores.area_code = imputed_per_dimension.area_code
            and dimension_scores.period = imputed_per_dimension.period
            and dimension_scores.dimension = imputed_per_dimension.dimension

    union all

    select
        spi_scores.area_code,
        spi_scores.period,
        'spi' as level,
        'Social Progress Index' as name,
        spi_scores.score,
        imputed_per_area.n_indicators_imputed
    from spi_scores
    inner join imputed_per_area
        on
            spi_scores.area_code = imputed_per_area.area_code
            and spi_scores.period = imputed_per_area.period

),

final as (

    select
        area_code,
        period,
        level,
        name,
        score,
        cast({{ score_rank('score', ['period', 'level', 'name']) }} as integer) as rank,
        -- an imputed indicator score, or a score that rests on at least one imputed indicator score
        n_indicators_imputed > 0 as is_imputed,
        cast(n_indicators_imputed as integer) as n_indicators_imputed
    from unioned

)

select * from final
