{#- Scorecards the SPI way: each score of a ward against the same score of its peers (int_ward_peers_selected). -#}
with

peers as (

    select * from {{ ref('int_ward_peers_selected') }}

),

indicator_scores as (

    select * from {{ ref('fct_ward_indicators') }}

),

ward_scores as (

    -- the SPI, dimension and component scores in one long table, built once (fct_ward_scores)
    select * from {{ ref('fct_ward_scores') }}

),

-- Every score of every ward in one long list: indicator, component, dimension and SPI.
scores as (

    select
        ward_code,
        period,
        'indicator' as level,
        indicator_id as name,
        dimension,
        component,
        score,
        is_synthetic as has_synthetic_inputs
    from indicator_scores

    union all

    select
        ward_code,
        period,
        score_level as level,
        score_name as name,
        dimension,
        case when score_level = 'component' then score_name end as component,
        score,
        has_synthetic_inputs
    from ward_scores

),

peer_scores as (

    select
        peers.ward_code,
        scores.period,
        scores.level,
        scores.name,
        scores.score as peer_score
    from peers
    inner join scores
        on peers.peer_ward_code = scores.ward_code
    where scores.score is not null

),

peer_medians as (

    select
        ward_code,
        period,
        level,
        name,
        percentile_cont(0.5) within group (order by peer_score) as peer_median,
        count(*) as n_peers_scored
    from peer_scores
    group by
        ward_code,
        period,
        level,
        name

),

-- The peers' mean absolute deviation around their median: the spread a ward must clear to stand out.
peer_deviations as (

    select
        peer_medians.ward_code,
        peer_medians.period,
        peer_medians.level,
        peer_medians.name,
        peer_medians.peer_median,
        peer_medians.n_peers_scored,
        avg(abs(peer_scores.peer_score - peer_medians.peer_median)) as peer_mad
    from peer_medians
    inner join peer_scores
        on
            peer_medians.ward_code = peer_scores.ward_code
            and peer_medians.period = peer_scores.period
            and peer_medians.level = peer_scores.level
            and peer_medians.name = peer_scores.name
    group by
        peer_medians.ward_code,
        peer_medians.period,
        peer_medians.level,
        peer_medians.name,
        peer_medians.peer_median,
        peer_medians.n_peers_scored

),

final as (

    select
        scores.ward_code,
        scores.period,
        scores.level,
        scores.name,
        scores.dimension,
        scores.component,
        scores.score,
        peer_deviations.peer_median,
        peer_deviations.peer_mad,
        cast(coalesce(peer_deviations.n_peers_scored, 0) as integer) as n_peers_scored,
        case
            when scores.score is null or peer_deviations.peer_median is null then 'not_assessed'
            when scores.score - peer_deviations.peer_median > peer_deviations.peer_mad then 'strength'
            when peer_deviations.peer_median - scores.score > peer_deviations.peer_mad then 'weakness'
            else 'neutral'
        end as verdict,
        '{{ scorecard_peer_column() }}' as peer_variable,
        scores.has_synthetic_inputs
    from scores
    left join peer_deviations
        on
            scores.ward_code = peer_deviations.ward_code
            and scores.period = peer_deviations.period
            and scores.level = peer_deviations.level
            and scores.name = peer_deviations.name

)

select * from final
