{#-
  Fingertips-style benchmarks of every ward health outcome (int_ward_health_benchmarks_compared): the ward's
  value and 95% / 99.8% limits against the ICB (and England where the source has an England value), funnel
  control limits and significance. Published from disclosure-controlled cells only; suppressed cells carry
  their suppression and no comparison.
-#}
with

benchmarks as (

    select * from {{ ref('int_ward_health_benchmarks_compared') }}

),

final as (

    select
        cast(ward_code as {{ dbt.type_string() }}) as ward_code,
        cast(lad_code as {{ dbt.type_string() }}) as lad_code,
        cast(period_year as {{ dbt.type_int() }}) as period_year,
        cast(measure_id as {{ dbt.type_string() }}) as measure_id,
        cast(measure_name as {{ dbt.type_string() }}) as measure_name,
        cast(unit as {{ dbt.type_string() }}) as unit,
        cast(statistic as {{ dbt.type_string() }}) as statistic,
        cast(polarity as {{ dbt.type_string() }}) as polarity,
        cast(is_suppressed as {{ dbt.type_boolean() }}) as is_suppressed,
        cast(numerator_count as {{ dbt.type_bigint() }}) as numerator_count,
        cast(denominator_count as {{ dbt.type_bigint() }}) as denominator_count,
        cast(value as {{ type_double() }}) as value,
        cast(ci_lower_95 as {{ type_double() }}) as ci_lower_95,
        cast(ci_upper_95 as {{ type_double() }}) as ci_upper_95,
        cast(ci_lower_998 as {{ type_double() }}) as ci_lower_998,
        cast(ci_upper_998 as {{ type_double() }}) as ci_upper_998,
        cast(comparator_value as {{ type_double() }}) as icb_value,
        cast(benchmark_95 as {{ dbt.type_string() }}) as icb_benchmark_95,
        cast(benchmark_998 as {{ dbt.type_string() }}) as icb_benchmark_998,
        cast(england_value as {{ type_double() }}) as england_value,
        cast(england_benchmark_95 as {{ dbt.type_string() }}) as england_benchmark_95,
        cast(england_benchmark_998 as {{ dbt.type_string() }}) as england_benchmark_998,
        cast(funnel_lower_2s as {{ type_double() }}) as funnel_lower_2s,
        cast(funnel_upper_2s as {{ type_double() }}) as funnel_upper_2s,
        cast(funnel_lower_3s as {{ type_double() }}) as funnel_lower_3s,
        cast(funnel_upper_3s as {{ type_double() }}) as funnel_upper_3s,
        cast(funnel_significance as {{ dbt.type_string() }}) as funnel_significance,
        cast(data_status as {{ dbt.type_string() }}) as data_status,
        cast(is_synthetic as {{ dbt.type_boolean() }}) as has_synthetic_inputs
    from benchmarks

)

select * from final
