{#-
  The ICB comparator of the directly standardised emergency admission rate: the ICB's age-specific counts
  (the sum of its wards' records), each rounded to base 5 before the rate is computed, as every published DSR
  (docs/disclosure-control.md), standardised to the European Standard Population 2013 with the same band
  weights as int_emergency_admissions_standardised. Only the ICB-wide rate leaves (one row per ICB and year):
  its all-ages count is the sum of the published local-authority counts' population, over 100,000 admissions.
-#}
with

records as (

    select * from {{ ref('int_ward_record_counts_aggregated') }}

),

wards as (

    select * from {{ ref('dim_wards') }}

),

esp as (

    select * from {{ ref('esp2013_age_bands') }}

),

band_weights as (

    select
        spi_age_band as age_band,
        sum(esp_weight * share_of_group) as esp_weight
    from esp
    group by spi_age_band

),

age_specific as (

    select
        wards.icb_code,
        records.period_year,
        records.age_band,
        {{ round_to_base('sum(records.emergency_admissions)') }} as emergency_admissions,
        {{ round_to_base('sum(records.residents)') }} as residents
    from records
    inner join wards
        on records.ward_code = wards.ward_code
    group by wards.icb_code, records.period_year, records.age_band

),

final as (

    select
        age_specific.icb_code,
        cast(age_specific.period_year as {{ dbt.type_int() }}) as period_year,
        cast('emergency_admissions_dsr' as {{ dbt.type_string() }}) as measure_id,
        round(
            100000.0 * sum(band_weights.esp_weight * age_specific.emergency_admissions / age_specific.residents)
            / sum(band_weights.esp_weight),
            9
        ) as dsr
    from age_specific
    inner join band_weights
        on age_specific.age_band = band_weights.age_band
    where age_specific.residents > 0
    group by age_specific.icb_code, age_specific.period_year

)

select * from final
