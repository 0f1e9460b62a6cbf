-- The health values the ward index scores: empirical-Bayes estimates shrunk toward the local authority's
-- rate (Marshall 1991; as the IoD shrinks its health domain), one per ward, measure and year, computed ONLY
-- from published, disclosure-controlled figures (int_health_outcomes_disclosed), so the index reveals
-- nothing the health tables do not. A ward whose cell is suppressed takes its LA's rate (no own data is
-- usable), never a value imputed from unrelated indicators. docs/disclosure-control.md.
with

disclosed as (

    select * from {{ ref('int_health_outcomes_disclosed') }}

),

measures as (

    select * from {{ ref('health_measures') }}

),

-- published rates as fractions (value / multiplier) with their sampling variance's ingredients
published as (

    select
        disclosed.area_level,
        disclosed.area_code,
        disclosed.lad_code,
        disclosed.period_year,
        disclosed.measure_id,
        measures.statistic,
        measures.multiplier,
        disclosed.denominator_count,
        case
            when disclosed.is_suppressed or disclosed.denominator_count <= 0 then null
            when measures.statistic = 'dsr' then disclosed.value / measures.multiplier
            else disclosed.numerator_count * 1.0 / disclosed.denominator_count
        end as rate,
        -- a DSR's variance from its published 95% interval; other statistics' from the LA rate below
        case
            when measures.statistic = 'dsr'
                then power((disclosed.ci_upper - disclosed.ci_lower) / (2 * 1.96 * measures.multiplier), 2)
        end as dsr_variance
    from disclosed
    inner join measures
        on disclosed.measure_id = measures.measure_id

),

-- the prior: the LA's published rate, or where that is suppressed the mean of the published LA rates
regional_rates as (

    select
        measure_id,
        period_year,
        avg(rate) as regional_rate
    from published
    where area_level = 'lad'
    group by
        measure_id,
        period_year

),

lad_rates as (

    select
        published.area_code as lad_code,
        published.measure_id,
        published.period_year,
        coalesce(published.rate, regional_rates.regional_rate) as prior_rate
    from published
    left join regional_rates
        on
            published.measure_id = regional_rates.measure_id
            and published.period_year = regional_rates.period_year
    where published.area_level = 'lad'

),

wards as (

    select
        published.area_code as ward_code,
        published.lad_code,
        published.period_year,
        published.measure_id,
        published.multiplier,
        published.rate,
        lad_rates.prior_rate,
        case
            when published.rate is null then null
            when published.statistic = 'dsr' then published.dsr_variance
            when published.statistic = 'proportion'
                then lad_rates.prior_rate * (1 - lad_rates.prior_rate) / published.denominator_count
            else lad_rates.prior_rate / published.denominator_count
        end as sampling_variance
    from published
    inner join lad_rates
        on
            published.lad_code = lad_rates.lad_code
            and published.measure_id = lad_rates.measure_id
            and published.period_year = lad_rates.period_year
    where published.area_level = 'ward'

),

-- between-ward variance by the method of moments: observed spread around the LA rates less sampling noise
between_ward as (

    select
        measure_id,
        period_year,
        greatest(avg(power(rate - prior_rate, 2)) - avg(sampling_variance), 0) as between_ward_variance
    from wards
    where rate is not null
    group by
        measure_id,
        period_year

),

shrunk as (

    select
        wards.ward_code,
        wards.lad_code,
        wards.period_year,
        wards.measure_id,
        wards.multiplier,
        wards.prior_rate,
        wards.rate,
        case
            when wards.rate is null or coalesce(between_ward.between_ward_variance, 0) = 0 then 0.0
            else between_ward.between_ward_variance
                / (between_ward.between_ward_variance + wards.sampling_variance)
        end as shrinkage_weight
    from wards
    left join between_ward
        on
            wards.measure_id = between_ward.measure_id
            and wards.period_year = between_ward.period_year

),

final as (

    select
        ward_code,
        lad_code,
        period_year,
        measure_id,
        round(
            multiplier * (prior_rate + shrinkage_weight * coalesce(rate - prior_rate, 0)), 2
        ) as value,
        shrinkage_weight,
        rate is not null as uses_own_data
    from shrunk

)

select * from final
