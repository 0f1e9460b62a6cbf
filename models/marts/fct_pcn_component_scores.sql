{#-
  The SPI's twelve components seen from each Primary Care Network: the registered-patient-weighted mean of the
  ward component scores over the wards its patients live in (as fct_pcn_spi does for the SPI and dimensions),
  ranked among the PCNs.
-#}
with

practice_lsoas as (

    select * from {{ ref('int_practice_lsoa_patients_classified') }}

),

ward_components as (

    select * from {{ ref('fct_ward_component_scores') }}

),

pcn_wards as (

    select
        pcn_code,
        ward_code,
        sum(patients) as patients
    from practice_lsoas
    where is_in_region
    group by
        pcn_code,
        ward_code

),

weighted as (

    select
        pcn_wards.pcn_code,
        ward_components.period,
        ward_components.dimension,
        ward_components.component,
        sum(pcn_wards.patients * ward_components.score) / sum(pcn_wards.patients) as score,
        sum(pcn_wards.patients) as patients_scored,
        coalesce(max(case when ward_components.has_synthetic_inputs then 1 else 0 end) = 1, false)
            as has_synthetic_inputs
    from pcn_wards
    inner join ward_components
        on pcn_wards.ward_code = ward_components.ward_code
    where
        ward_components.period = {{ var('index_period') }}
        and ward_components.score is not null
    group by
        pcn_wards.pcn_code,
        ward_components.period,
        ward_components.dimension,
        ward_components.component

),

final as (

    select
        pcn_code,
        cast(period as {{ dbt.type_int() }}) as period,
        dimension,
        component,
        cast(score as {{ type_double() }}) as score,
        cast(rank() over (partition by component order by score desc) as {{ dbt.type_int() }}) as rank_among_pcns,
        cast(patients_scored as {{ dbt.type_bigint() }}) as patients_scored,
        has_synthetic_inputs
    from weighted

)

select * from final
