with

dimension_scores as (

    select * from {{ ref('int_dimension_scores_computed') }}
    -- the headline is the index period (README "Change over time")
    where period = {{ var('index_period') }}

),

wards as (

    select * from {{ ref('dim_wards') }}

),

national_positions as (

    select * from {{ ref('int_ward_national_positions_computed') }}
    where score_level = 'dimension'

),

final as (

    select
        dimension_scores.area_code as ward_code,
        dimension_scores.period,
        dimension_scores.dimension,
        dimension_scores.score,
        cast(dimension_scores.n_components_scored as integer) as n_components_scored,
        cast(dimension_scores.n_components_expected as integer) as n_components_expected,
        cast(
            {{ score_rank(
                'dimension_scores.score',
                ['dimension_scores.period', 'dimension_scores.dimension']
            ) }}
            as integer
        ) as rank_in_region,
        cast(
            {{ score_rank(
                'dimension_scores.score',
                ['dimension_scores.period', 'dimension_scores.dimension', 'wards.lad_code']
            ) }}
            as integer
        ) as rank_in_lad,
        national_positions.national_rank,
        national_positions.national_percentile
    from dimension_scores
    inner join wards
        on dimension_scores.area_code = wards.ward_code
    left join national_positions
        on
            dimension_scores.area_code = national_positions.ward_code
            and dimension_scores.period = national_positions.period
            and dimension_scores.dimension = national_positions.score_name

)

select * from final
