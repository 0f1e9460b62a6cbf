with

records as (

    select * from {{ ref('int_ward_record_counts_aggregated') }}

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

-- the same age-specific counts at both published levels
age_specific_whole as (

    select
        'ward' as area_level,
        ward_code as area_code,
        period_year,
        age_band,
        emergency_admissions,
        residents
    from records

    union all

    select
        'lad' as area_level,
        lad_code as area_code,
        period_year,
        age_band,
        sum(emergency_admissions) as emergency_admissions,
        sum(residents) as residents
    from records
    group by
        lad_code,
        period_year,
        age_band

),

-- disclosure control: the DSR is computed from age-specific counts rounded to base 5, so no published DSR
-- or limit inverts to an unrounded count (docs/disclosure-control.md)
age_specific as (

    select
        area_level,
        area_code,
        period_year,
        age_band,
        sum(emergency_admissions) over (partition by area_level, area_code, period_year) as observed_whole,
        {{ round_to_base('emergency_admissions') }} as emergency_admissions,
        {{ round_to_base('residents') }} as residents
    from age_specific_whole

),

-- DSR = sum(w * x / n) / sum(w); var(DSR) = sum(w^2 * x / n^2) / sum(w)^2 (per 100,000)
standardised as (

    select
        age_specific.area_level,
        age_specific.area_code,
        age_specific.period_year,
        -- the all-ages count is rounded as published (numerator_count), not summed from rounded bands
        {{ round_to_base('max(age_specific.observed_whole)') }} as observed,
        100000.0 * sum(band_weights.esp_weight * age_specific.emergency_admissions / age_specific.residents)
        / sum(band_weights.esp_weight) as dsr,
        power(100000.0 / sum(band_weights.esp_weight), 2)
        * sum(
            band_weights.esp_weight * band_weights.esp_weight * age_specific.emergency_admissions
            / (age_specific.residents * age_specific.residents)
        ) as dsr_variance
    from age_specific
    inner join band_weights
        on age_specific.age_band = band_weights.age_band
    where age_specific.residents > 0
    group by
        age_specific.area_level,
        age_specific.area_code,
        age_specific.period_year

),

final as (

    select
        area_level,
        area_code,
        period_year,
        observed,
        dsr,
        dsr_variance,
        case
            when observed > 0
                then {{ dobson_limit('dsr', 'dsr_variance', 'observed', byar_lower('observed')) }}
        end as dsr_lower,
        case
            when observed > 0
                then {{ dobson_limit('dsr', 'dsr_variance', 'observed', byar_upper('observed')) }}
        end as dsr_upper
    from standardised

)

select * from final
