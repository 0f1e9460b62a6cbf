{#-
  The SPI seen from each Primary Care Network: the registered-patient-weighted mean of the ward SPI and its
  three dimension scores over the wards its patients live in (each patient's LSOA, by best fit, to its ward).
  Wards, not LSOAs: the index is scored on wards only (its bounds and weights are a ward framework), so a
  patient carries their ward's score. Patients living outside the build's region carry no score:
  region_coverage says how many do. Also the PCN's practices, patients and Core20 share (all its patients
  with an English LSOA, national IMD 2025 quintile 1).
-#}
with

practice_lsoas as (

    select * from {{ ref('int_practice_lsoa_patients_classified') }}

),

ward_spi as (

    select * from {{ ref('fct_ward_spi') }}

),

pcn_profiles as (

    select
        pcn_code,
        max(pcn_name) as pcn_name,
        count(distinct practice_code) as n_practices,
        sum(patients) as registered_patients,
        sum(case when is_in_region then patients else 0 end) as patients_in_region,
        sum(case when is_core20 then patients else 0 end) as core20_patients
    from practice_lsoas
    group by pcn_code

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
        max(ward_spi.period) as period,
        max(ward_spi.framework_version) as framework_version,
        sum(pcn_wards.patients * ward_spi.spi_score) / sum(pcn_wards.patients) as spi_score,
        sum(pcn_wards.patients * ward_spi.basic_human_needs_score) / sum(pcn_wards.patients)
            as basic_human_needs_score,
        sum(pcn_wards.patients * ward_spi.foundations_of_wellbeing_score) / sum(pcn_wards.patients)
            as foundations_of_wellbeing_score,
        sum(pcn_wards.patients * ward_spi.opportunity_score) / sum(pcn_wards.patients) as opportunity_score,
        sum(pcn_wards.patients) as patients_scored,
        coalesce(max(case when ward_spi.has_synthetic_inputs then 1 else 0 end) = 1, false) as has_synthetic_inputs
    from pcn_wards
    inner join ward_spi
        on pcn_wards.ward_code = ward_spi.ward_code
    -- a ward without a complete score cannot lend one to its patients
    where
        ward_spi.period = {{ var('index_period') }}
        and ward_spi.spi_score is not null
        and ward_spi.basic_human_needs_score is not null
        and ward_spi.foundations_of_wellbeing_score is not null
        and ward_spi.opportunity_score is not null
    group by pcn_wards.pcn_code

),

final as (

    select
        pcn_profiles.pcn_code,
        pcn_profiles.pcn_name,
        cast(pcn_profiles.n_practices as {{ dbt.type_int() }}) as n_practices,
        cast(pcn_profiles.registered_patients as {{ dbt.type_bigint() }}) as registered_patients,
        cast(pcn_profiles.patients_in_region as {{ dbt.type_bigint() }}) as patients_in_region,
        cast(pcn_profiles.core20_patients as {{ dbt.type_bigint() }}) as core20_patients,
        cast(pcn_profiles.core20_patients * 1.0 / pcn_profiles.registered_patients as {{ type_double() }})
            as core20_share,
        cast({{ var('index_period') }} as {{ dbt.type_int() }}) as period,
        cast(weighted.spi_score as {{ type_double() }}) as spi_score,
        cast(weighted.basic_human_needs_score as {{ type_double() }}) as basic_human_needs_score,
        cast(weighted.foundations_of_wellbeing_score as {{ type_double() }}) as foundations_of_wellbeing_score,
        cast(weighted.opportunity_score as {{ type_double() }}) as opportunity_score,
        -- ranks among the PCNs with a score (1 = highest); null without one
        {%- for name in ['spi', 'basic_human_needs', 'foundations_of_wellbeing', 'opportunity'] %}
            cast(case
                when weighted.{{ name }}_score is not null
                    then rank() over (
                        partition by weighted.{{ name }}_score is null order by weighted.{{ name }}_score desc
                    )
            end as {{ dbt.type_int() }}) as {{ name }}_rank,
        {%- endfor %}
        cast(coalesce(weighted.patients_scored, 0) * 1.0 / pcn_profiles.registered_patients as {{ type_double() }})
            as region_coverage,
        coalesce(weighted.has_synthetic_inputs, false) as has_synthetic_inputs,
        weighted.framework_version
    from pcn_profiles
    -- every PCN of the registrations is listed; one whose patients live in no scored ward of the build's
    -- region (an area build elsewhere) has no score
    left join weighted
        on pcn_profiles.pcn_code = weighted.pcn_code

)

select * from final
