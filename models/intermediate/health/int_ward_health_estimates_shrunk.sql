{%- set band = 10 -%}
-- The health values the ward index scores: empirical-Bayes estimates shrunk toward the local authority's
-- rate (Marshall 1991; as the IoD shrinks its health domain), one per ward, measure and year
-- (docs/disclosure-control.md). The prior (LA rate) and the between-ward variance come from published,
-- disclosure-controlled figures only.
--   * a published ward: its published (rounded) counts, so its value inverts to nothing not already shown;
--   * a suppressed ward (and, in a build on WD17 wards, whose ward cells are not published, every ward for
--     proportions and rates): its private count coarsened to the middle of its band of 10 (0-9 -> 4.5,
--     10-19 -> 14.5, ...) over its private denominator. Suppressed cells are small by construction, so the LA
--     rate alone would overstate low-count wards; the band keeps the estimate near the truth while inverting
--     it gives at most the band, which holds 0, the counts 1-7 that primary suppression protects and 8-9
--     alike, even to an attacker who knows the denominator.
-- Never a value imputed from unrelated indicators; no ward is missing.
with

disclosed as (

    select * from {{ ref('int_health_outcomes_disclosed') }}

),

measures as (

    select * from {{ ref('health_measures') }}

),

-- PRIVATE: whole counts, read only for suppressed wards and left only as a coarsened estimate
private_counts as (

    select * from {{ ref('int_health_statistics_computed') }}
    where area_level = 'ward'

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
        -- ward cells not published: suppressed, or every ward cell of a build on another vintage than WD25
        -- (docs/disclosure-control.md: two vintages must not difference into LSOA groups)
        disclosed.is_suppressed
        or (disclosed.area_level = 'ward' and {{ 'false' if ward_vintage() == 'wd25' else 'true' }})
            as is_withheld,
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
        published.statistic,
        published.multiplier,
        published.is_withheld,
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
    -- no prior where no local authority of the build publishes the measure (a build of one small council:
    -- every LA cell suppressed); there is then nothing safe to shrink toward, so no estimate
    where published.area_level = 'ward' and lad_rates.prior_rate is not null

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
            else
                between_ward.between_ward_variance
                / (between_ward.between_ward_variance + wards.sampling_variance)
        end as shrinkage_weight
    from wards
    left join between_ward
        on
            wards.measure_id = between_ward.measure_id
            and wards.period_year = between_ward.period_year

),

-- suppressed wards (proportions and rates): the same estimator on the private count, coarsened to its band
suppressed_shrunk as (

    select
        wards.ward_code,
        wards.measure_id,
        wards.period_year,
        between_ward.between_ward_variance
        / (
            between_ward.between_ward_variance
            + case
                when wards.statistic = 'proportion'
                    then wards.prior_rate * (1 - wards.prior_rate) / private_counts.denominator
                else wards.prior_rate / private_counts.denominator
            end
        ) as shrinkage_weight,
        wards.multiplier,
        wards.prior_rate,
        (floor(private_counts.numerator / {{ band }}.0) * {{ band }} + ({{ band }} - 1) / 2.0)
        / private_counts.denominator as banded_rate
    from wards
    inner join private_counts
        on
            wards.ward_code = private_counts.area_code
            and wards.measure_id = private_counts.measure_id
            and wards.period_year = private_counts.period_year
    inner join between_ward
        on
            wards.measure_id = between_ward.measure_id
            and wards.period_year = between_ward.period_year
    where
        wards.is_withheld
        and wards.statistic in ('proportion', 'rate')
        and private_counts.denominator > 0
        and between_ward.between_ward_variance > 0

),

coarsened as (

    select
        ward_code,
        measure_id,
        period_year,
        shrinkage_weight,
        multiplier * (prior_rate + shrinkage_weight * (banded_rate - prior_rate)) as banded_estimate
    from suppressed_shrunk

),

final as (

    select
        shrunk.ward_code,
        shrunk.lad_code,
        shrunk.period_year,
        shrunk.measure_id,
        case
            when coarsened.ward_code is not null then round(coarsened.banded_estimate, 2)
            else round(
                shrunk.multiplier
                * (shrunk.prior_rate + shrunk.shrinkage_weight * coalesce(shrunk.rate - shrunk.prior_rate, 0)),
                2
            )
        end as value,
        coalesce(coarsened.shrinkage_weight, shrunk.shrinkage_weight) as shrinkage_weight,
        shrunk.rate is not null or coarsened.ward_code is not null as uses_own_data,
        coarsened.ward_code is not null as uses_banded_count
    from shrunk
    left join coarsened
        on
            shrunk.ward_code = coarsened.ward_code
            and shrunk.measure_id = coarsened.measure_id
            and shrunk.period_year = coarsened.period_year

)

select * from final
