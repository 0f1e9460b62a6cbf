{#-
  Health outcomes of the ICB's Core20 wards against the rest of the ICB (NHS England Core20PLUS5). A ward is
  Core20 when at least half its Census 2021 residents live in England's most deprived 20% of LSOAs (IMD 2025
  national quintile 1; fct_ward_core20.core20_share >= 0.5): health counts are published by ward, so the
  groups are made of whole wards. A group's counts are the sums of its wards' PUBLISHED rounded counts
  (suppressed ward cells left out and counted in n_wards_suppressed), so every figure is a function of
  published cells and the counts stay multiples of 5. Proportions (Wilson) and crude rates (exact Poisson /
  Byar); the DSR is not additive over wards and is left out. The Core20 row is benchmarked against the rest's
  value as Fingertips benchmarks an area against a comparator (95% and 99.8%).
-#}
with

outcomes as (

    select * from {{ ref('fct_ward_health_outcomes') }}

),

core20 as (

    select * from {{ ref('fct_ward_core20') }}

),

measures as (

    select * from {{ ref('health_measures') }}

),

polarities as (

    select * from {{ ref('health_measure_polarities') }}

),

ward_groups as (

    select
        ward_code,
        case when core20_share >= 0.5 then 'core20' else 'rest of ICB' end as population_group
    from core20

),

grouped as (

    select
        outcomes.period_year,
        outcomes.measure_id,
        ward_groups.population_group,
        count(*) as n_wards,
        sum(case when outcomes.is_suppressed then 1 else 0 end) as n_wards_suppressed,
        sum(case when not outcomes.is_suppressed then outcomes.numerator_count end) as numerator_count,
        sum(case when not outcomes.is_suppressed then outcomes.denominator_count end) as denominator_count
    from outcomes
    inner join ward_groups
        on outcomes.ward_code = ward_groups.ward_code
    inner join measures
        on outcomes.measure_id = measures.measure_id
    where measures.statistic in ('proportion', 'rate')
    group by outcomes.period_year, outcomes.measure_id, ward_groups.population_group

),

valued as (

    select
        grouped.*,
        measures.measure_name,
        measures.unit,
        measures.statistic,
        measures.data_status,
        measures.is_synthetic,
        cast(measures.multiplier as {{ type_double() }}) as multiplier,
        coalesce(polarities.polarity, 'no judgement') as polarity,
        -- the release's rule: a value only from a (rounded) count of 10 or more
        grouped.numerator_count >= 10 and grouped.denominator_count > 0 as has_value
    from grouped
    inner join measures
        on grouped.measure_id = measures.measure_id
    left join polarities
        on grouped.measure_id = polarities.measure_id

),

limits as (

    select
        *,
        {%- for level, suffix in [(0.95, '95'), (0.998, '998')] %}
            {%- for side in ['lower', 'upper'] %}
                case
                    when not has_value then null
                    when statistic = 'proportion'
                        then multiplier * {{ wilson_limit('numerator_count', 'denominator_count', level, side) }}
                    else multiplier * {{ poisson_count_limit('numerator_count', level, side) }} / denominator_count
                end as ci_{{ side }}_{{ suffix }},
            {%- endfor %}
        {%- endfor %}
        case when has_value then multiplier * numerator_count / denominator_count end as value
    from valued

),

compared as (

    select
        limits.*,
        rest_of_icb.value as rest_value
    from limits
    left join limits as rest_of_icb
        on
            limits.period_year = rest_of_icb.period_year
            and limits.measure_id = rest_of_icb.measure_id
            and rest_of_icb.population_group = 'rest of ICB'
            and limits.population_group = 'core20'

),

final as (

    select
        cast(period_year as {{ dbt.type_int() }}) as period_year,
        cast(measure_id as {{ dbt.type_string() }}) as measure_id,
        cast(measure_name as {{ dbt.type_string() }}) as measure_name,
        cast(unit as {{ dbt.type_string() }}) as unit,
        cast(statistic as {{ dbt.type_string() }}) as statistic,
        cast(polarity as {{ dbt.type_string() }}) as polarity,
        cast(population_group as {{ dbt.type_string() }}) as population_group,
        cast(n_wards as {{ dbt.type_int() }}) as n_wards,
        cast(n_wards_suppressed as {{ dbt.type_int() }}) as n_wards_suppressed,
        cast(numerator_count as {{ dbt.type_bigint() }}) as numerator_count,
        cast(denominator_count as {{ dbt.type_bigint() }}) as denominator_count,
        cast(round(value, 9) as {{ type_double() }}) as value,
        cast(round(ci_lower_95, 9) as {{ type_double() }}) as ci_lower_95,
        cast(round(ci_upper_95, 9) as {{ type_double() }}) as ci_upper_95,
        cast(round(ci_lower_998, 9) as {{ type_double() }}) as ci_lower_998,
        cast(round(ci_upper_998, 9) as {{ type_double() }}) as ci_upper_998,
        cast(round(rest_value, 9) as {{ type_double() }}) as rest_of_icb_value,
        cast(round(value / nullif(rest_value, 0), 9) as {{ type_double() }}) as ratio_to_rest,
        cast(
            {{ benchmark_against_comparator('ci_lower_95', 'ci_upper_95', 'rest_value', 'polarity') }}
            as {{ dbt.type_string() }}
        ) as benchmark_vs_rest_95,
        cast(
            {{ benchmark_against_comparator('ci_lower_998', 'ci_upper_998', 'rest_value', 'polarity') }}
            as {{ dbt.type_string() }}
        ) as benchmark_vs_rest_998,
        cast(data_status as {{ dbt.type_string() }}) as data_status,
        cast(is_synthetic as {{ dbt.type_boolean() }}) as has_synthetic_inputs
    from compared

)

select * from final
