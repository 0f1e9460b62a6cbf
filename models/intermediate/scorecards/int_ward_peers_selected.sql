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
        deprivation.{{ scorecard_peer_column() }} as peer_value
    from wards
    inner join deprivation
        on wards.ward_code = deprivation.ward_code
    where deprivation.{{ scorecard_peer_column() }} is not null

),

pairs as (

    select
        ward.ward_code,
        peer.ward_code as peer_ward_code,
        ward.peer_value,
        peer.peer_value as peer_ward_value,
        abs(ward.peer_value - peer.peer_value) as distance
    from peer_values as ward
    inner join peer_values as peer
        on ward.ward_code != peer.ward_code

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
