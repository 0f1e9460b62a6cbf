{#- Each health measure with its statistic, multiplier and polarity ('no judgement' where the seed gives none):
    what the benchmarking models need of a measure, in one place. -#}
with

measures as (

    select * from {{ ref('health_measures') }}

),

polarities as (

    select * from {{ ref('health_measure_polarities') }}

),

final as (

    select
        measures.measure_id,
        measures.statistic,
        cast(measures.multiplier as {{ type_double() }}) as multiplier,
        coalesce(polarities.polarity, 'no judgement') as polarity
    from measures
    left join polarities
        on measures.measure_id = polarities.measure_id

)

select * from final
