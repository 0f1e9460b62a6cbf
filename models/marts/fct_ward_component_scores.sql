with

component_scores as (

    select * from {{ ref('int_component_scores_computed') }}
    -- the headline is the index period (README "Change over time")
    where period = {{ var('index_period') }}

),

indicator_scores as (

    select * from {{ ref('int_indicator_scores_imputed') }}
    -- the headline is the index period (README "Change over time")
    where period = {{ var('index_period') }}

),

wards as (

    select * from {{ ref('dim_wards') }}

),

national_positions as (

    select * from {{ ref('int_ward_national_positions_computed') }}
    where score_level = 'component'

),

indicators as (

    select * from {{ ref('dim_indicators') }}

),

component_flags as (

    select
        indicator_scores.area_code,
        indicator_scores.period,
        indicator_scores.component,
        count(case when indicator_scores.is_imputed then 1 end) as n_indicators_imputed,
        bool_or(indicators.is_synthetic) as has_synthetic_inputs
    from indicator_scores
    inner join indicators
        on indicator_scores.indicator_id = indicators.indicator_id
    group by
        indicator_scores.area_code,
        indicator_scores.period,
        indicator_scores.component

),

final as (

    select
        component_scores.area_code as ward_code,
        component_scores.period,
        component_scores.dimension,
        component_scores.component,
        component_scores.score,
        cast(component_scores.n_indicators_scored as integer) as n_indicators_scored,
        cast(component_flags.n_indicators_imputed as integer) as n_indicators_imputed,
        cast(component_scores.n_indicators_expected as integer) as n_indicators_expected,
        component_flags.has_synthetic_inputs,
        cast(
            {{ score_rank(
                'component_scores.score',
                ['component_scores.period', 'component_scores.component']
            ) }}
            as integer
        ) as rank_in_region,
        cast(
            {{ score_rank(
                'component_scores.score',
                ['component_scores.period', 'component_scores.component', 'wards.lad_code']
            ) }}
            as integer
        ) as rank_in_lad,
        national_positions.national_rank,
        national_positions.national_percentile
    from component_scores
    inner join wards
        on component_scores.area_code = wards.ward_code
    left join national_positions
        on
            component_scores.area_code = national_positions.ward_code
            and component_scores.period = national_positions.period
            and component_scores.component = national_positions.score_name
    inner join component_flags
        on
            component_scores.area_code = component_flags.area_code
            and component_scores.period = component_flags.period
            and component_scores.component = component_flags.component

)

select * from final
