{#- Each ward's peers for the scorecards: the wards closest to it in the peer variable (an economic measure kept
    out of the index), as the SPI compares each country with the 15 closest in GDP per head. -#}
with

wards as (

    select * from {{ ref('int_wards_aggregated') }}

),

deprivation as (

    select * from {{ ref('int_ward_deprivation_aggregated') }}

),

peer_values as (

    select
        wards.ward_code,
        deprivation.{{ scorecard_peer_column() }} as peer_value,
        row_number() over (
            order by deprivation.{{ scorecard_peer_column() }} asc, wards.ward_code asc
        ) as value_position
    from wards
    inner join deprivation
        on wards.ward_code = deprivation.ward_code
    where deprivation.{{ scorecard_peer_column() }} is not null

),

-- On a line the n nearest values sit within n places either side in sorted order, so the n-th smallest
-- distance among those 2n neighbours is the ward's true n-th nearest distance. Comparing every pair instead
-- is 44 million rows for England's 6,674 wards.
neighbour_distances as (

    select
        ward.ward_code,
        ward.peer_value,
        abs(ward.peer_value - neighbour.peer_value) as distance,
        row_number() over (
            partition by ward.ward_code order by abs(ward.peer_value - neighbour.peer_value) asc
        ) as distance_rank
    from peer_values as ward
    inner join peer_values as neighbour
        on
            neighbour.value_position between ward.value_position - {{ var('scorecard_n_peers') }}
            and ward.value_position + {{ var('scorecard_n_peers') }}
            and ward.ward_code != neighbour.ward_code

),

peer_radius as (

    select
        ward_code,
        peer_value,
        max(distance) as radius
    from neighbour_distances
    where distance_rank <= {{ var('scorecard_n_peers') }}
    group by
        ward_code,
        peer_value

),

-- every ward within the radius (ties at the radius included, so the tie rule below sees them all); the small
-- margin keeps a tie that floating-point subtraction puts a hair outside
pairs as (

    select
        peer_radius.ward_code,
        peer.ward_code as peer_ward_code,
        peer_radius.peer_value,
        peer.peer_value as peer_ward_value,
        abs(peer_radius.peer_value - peer.peer_value) as distance
    from peer_radius
    inner join peer_values as peer
        on
            peer.peer_value between peer_radius.peer_value - peer_radius.radius - 1e-9
            and peer_radius.peer_value + peer_radius.radius + 1e-9
            and peer_radius.ward_code != peer.ward_code

),

ranked as (

    -- ties in distance go to the lower ward code, so the peer set does not depend on row order
    select
        *,
        row_number() over (partition by ward_code order by distance asc, peer_ward_code asc) as peer_rank
    from pairs

),

final as (

    select
        ward_code,
        peer_ward_code,
        '{{ scorecard_peer_column() }}' as peer_variable,
        peer_value,
        peer_ward_value,
        distance,
        cast(peer_rank as integer) as peer_rank
    from ranked
    where peer_rank <= {{ var('scorecard_n_peers') }}

)

select * from final
