{#-
  Slope and relative index of inequality (SII, RII) of each measure across England's IMD 2025 deciles, within
  the ICB and within each local authority with at least 5 deciles populated.
  A decile's value is the resident-weighted mean of its LSOAs' ward values (an LSOA carries its ward's value);
  its standard error comes from ward-level variation: the pooled within-decile, resident-weighted variance of
  the ward values (ward x decile units, degrees-of-freedom corrected) over the decile's Kish effective number of
  wards. The SII is the weighted least-squares slope on the cumulative-population midpoints (macro sii_query,
  checked against PHEindicatormethods): least deprived end minus most deprived end. Outputs are rounded to
  9 decimals (far below any reported precision) so results are reproducible across engines.
  Measures: the SPI, its three dimensions and every health outcome of fct_ward_health_outcomes (its published
  ward values: suppressed cells and values the release does not publish are left out).
  ADDING A MEASURE = one union branch in ward_values (an import CTE for its source): columns (measure,
  measure_name, period, ward_code, value, is_synthetic), one row per ward and period. Nothing downstream changes.
-#}
with

spi as (

    select * from {{ ref('fct_ward_spi') }}

),

lsoas as (

    select * from {{ ref('int_lsoa21_deciles_classified') }}

),

wards as (

    select * from {{ ref('dim_wards') }}

),

health_outcomes as (

    select * from {{ ref('fct_ward_health_outcomes') }}

),

ward_values as (

    {%- for measure, column, name in [
        ('spi', 'spi_score', 'Social Progress Index'),
        ('basic_human_needs', 'basic_human_needs_score', 'Basic Human Needs'),
        ('foundations_of_wellbeing', 'foundations_of_wellbeing_score', 'Foundations of Wellbeing'),
        ('opportunity', 'opportunity_score', 'Opportunity')
    ] %}
        select
            '{{ measure }}' as measure,
            '{{ name }}' as measure_name,
            period,
            ward_code,
            cast({{ column }} as {{ type_double() }}) as value,
            has_synthetic_inputs as is_synthetic
        from spi
        where {{ column }} is not null
        union all
    {%- endfor %}
    -- each health outcome's PUBLISHED ward value (disclosure-controlled: suppressed and unpublished cells
    -- are left out, so a decile's value is over its published wards only)
    select
        health_outcomes.measure_id as measure,
        health_outcomes.measure_name,
        health_outcomes.period_year as period,
        health_outcomes.ward_code,
        cast(health_outcomes.value as {{ type_double() }}) as value,
        health_outcomes.is_synthetic
    from health_outcomes
    where
        not health_outcomes.is_suppressed
        and health_outcomes.value is not null

),

lsoa_areas as (

    select
        'icb' as area_type,
        icb_code as area_code,
        lsoa21_code,
        ward_code,
        imd_decile,
        usual_residents
    from lsoas
    union all
    select
        'lad' as area_type,
        lad_code as area_code,
        lsoa21_code,
        ward_code,
        imd_decile,
        usual_residents
    from lsoas

),

ward_decile_units as (

    select
        lsoa_areas.area_type,
        lsoa_areas.area_code,
        ward_values.measure,
        ward_values.measure_name,
        ward_values.period,
        lsoa_areas.imd_decile,
        lsoa_areas.ward_code,
        max(ward_values.value) as value,
        sum(lsoa_areas.usual_residents) as residents,
        max(case when ward_values.is_synthetic then 1 else 0 end) as is_synthetic
    from lsoa_areas
    inner join ward_values
        on lsoa_areas.ward_code = ward_values.ward_code
    group by
        lsoa_areas.area_type,
        lsoa_areas.area_code,
        ward_values.measure,
        ward_values.measure_name,
        ward_values.period,
        lsoa_areas.imd_decile,
        lsoa_areas.ward_code

),

decile_means as (

    select
        area_type,
        area_code,
        measure,
        period,
        imd_decile,
        sum(residents) as residents,
        sum(residents * value) / sum(residents) as value,
        sum(residents) * sum(residents) / sum(residents * residents) as effective_wards
    from ward_decile_units
    group by area_type, area_code, measure, period, imd_decile

),

pooled_variances as (

    select
        units.area_type,
        units.area_code,
        units.measure,
        units.period,
        max(units.measure_name) as measure_name,
        count(distinct units.ward_code) as n_wards,
        max(units.is_synthetic) as is_synthetic,
        case
            when count(*) > count(distinct units.imd_decile)
                then
                    sum(units.residents * (units.value - means.value) * (units.value - means.value))
                    / sum(units.residents)
                    * count(*) / (count(*) - count(distinct units.imd_decile))
        end as within_decile_variance
    from ward_decile_units as units
    inner join decile_means as means
        on
            units.area_type = means.area_type
            and units.area_code = means.area_code
            and units.measure = means.measure
            and units.period = means.period
            and units.imd_decile = means.imd_decile
    group by units.area_type, units.area_code, units.measure, units.period

),

decile_inputs as (

    select
        means.area_type,
        means.area_code,
        means.measure,
        means.period,
        means.imd_decile,
        means.residents,
        means.value,
        sqrt(pooled_variances.within_decile_variance / means.effective_wards) as standard_error
    from decile_means as means
    inner join pooled_variances
        on
            means.area_type = pooled_variances.area_type
            and means.area_code = pooled_variances.area_code
            and means.measure = pooled_variances.measure
            and means.period = pooled_variances.period
    -- no standard error without a degree of freedom (every decile a single ward): no gradient
    where pooled_variances.within_decile_variance is not null

),

gradients as (

    {{ sii_query(
        'decile_inputs', ['area_type', 'area_code', 'measure', 'period'], 'imd_decile', 'residents', 'value',
        se_column='standard_error', confidence_levels=[0.95, 0.998], min_quantiles=5
    ) }}

),

area_names as (

    select distinct
        'icb' as area_type,
        icb_code as area_code,
        icb_name as area_name
    from wards
    union all
    select distinct
        'lad' as area_type,
        lad_code as area_code,
        lad_name as area_name
    from wards

),

final as (

    select
        gradients.area_type,
        gradients.area_code,
        area_names.area_name,
        cast(gradients.period as {{ dbt.type_int() }}) as period,
        gradients.measure,
        pooled_variances.measure_name,
        cast(gradients.n_quantiles as {{ dbt.type_int() }}) as n_deciles,
        cast(pooled_variances.n_wards as {{ dbt.type_int() }}) as n_wards,
        cast(gradients.total_population as {{ dbt.type_bigint() }}) as residents,
        cast(round(gradients.intercept, 9) as {{ type_double() }}) as fitted_value_most_deprived,
        cast(round(gradients.sii, 9) as {{ type_double() }}) as sii,
        cast(round(gradients.sii_se, 9) as {{ type_double() }}) as sii_se,
        cast(round(gradients.sii_lower_95_0, 9) as {{ type_double() }}) as sii_lower_95,
        cast(round(gradients.sii_upper_95_0, 9) as {{ type_double() }}) as sii_upper_95,
        cast(round(gradients.sii_lower_99_8, 9) as {{ type_double() }}) as sii_lower_998,
        cast(round(gradients.sii_upper_99_8, 9) as {{ type_double() }}) as sii_upper_998,
        -- the outcomes are rates, proportions and 0-100 scores: the RII is a ratio of two fitted values that
        -- cannot be below 0, so where the fitted line crosses 0 inside the range (a small council's steep,
        -- noisy gradient) there is no RII, and a Fieller limit below 0 is truncated at that boundary. Where
        -- Fieller's set at a level is not an interval around the estimate (the fitted value it divides by is
        -- not clearly above 0 at that level: the set is unbounded) that level has no limits.
        case when gradients.rii > 0 then cast(round(gradients.rii, 9) as {{ type_double() }}) end as rii,
        {%- for raw, name in [('95_0', '95'), ('99_8', '998')] %}
            {%- for side in ['lower', 'upper'] %}
                case
                    when
                        gradients.rii > 0
                        and gradients.rii_lower_{{ raw }} <= gradients.rii
                        and gradients.rii <= gradients.rii_upper_{{ raw }}
                        then cast(round(greatest(gradients.rii_{{ side }}_{{ raw }}, 0), 9) as {{ type_double() }})
                end as rii_{{ side }}_{{ name }},
            {%- endfor %}
        {%- endfor %}
        pooled_variances.is_synthetic = 1 as has_synthetic_inputs
    from gradients
    inner join pooled_variances
        on
            gradients.area_type = pooled_variances.area_type
            and gradients.area_code = pooled_variances.area_code
            and gradients.measure = pooled_variances.measure
            and gradients.period = pooled_variances.period
    inner join area_names
        on
            gradients.area_type = area_names.area_type
            and gradients.area_code = area_names.area_code

)

select * from final
