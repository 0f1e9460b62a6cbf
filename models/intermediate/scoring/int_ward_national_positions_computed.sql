{#-
  Where each of the build's ward scores stands among all English wards, on the same framework cut.
  England build: among its own 6,826 wards. Area build (var region = area): among the national reference
  (an England build's scores, DERIVED, data/reference/), used only where its framework version, variant and
  ward vintage match the build's. ICB build: no rows (the ICB's framework cut has ICB-only indicators, so its
  scores have no national counterpart); the marts' national columns stay null.
  Rank 1 = highest score; percentile = share of the other English wards scoring lower, 0-100 (100 = highest),
  as percent_rank(). Ties share a rank. One windowed pass over build and national rows stacked together, so an
  England build does not compare every ward with every other.
-#}
with

area_scores as (

    select * from {{ ref('int_area_scores_unioned') }}

),

reference as (

    select * from {{ ref('stg_national_reference__ward_scores') }}

),

build_scores as (

    select
        area_code as ward_code,
        period,
        level as score_level,
        name as score_name,
        score
    from area_scores
    where score is not null

),

national_scores as (

    select * from build_scores
    where '{{ var("region") }}' = 'england'

    union all

    select
        ward_code,
        period,
        score_level,
        score_name,
        score
    from reference
    where
        '{{ var("region") }}' = 'area'
        and framework_version = '{{ var("framework_version") }}'
        and framework_variant = '{{ framework_variant() }}'
        and ward_vintage = '{{ var("wards") }}'
        and score is not null

),

stacked as (

    select
        ward_code,
        period,
        score_level,
        score_name,
        score,
        0 as is_national
    from build_scores

    union all

    select
        ward_code,
        period,
        score_level,
        score_name,
        score,
        1 as is_national
    from national_scores

),

counted as (

    select
        ward_code,
        period,
        score_level,
        score_name,
        is_national,
        sum(is_national) over (
            partition by period, score_level, score_name
            order by score desc
            range between unbounded preceding and current row
        ) as n_national_at_or_above,
        sum(is_national) over (partition by period, score_level, score_name, score) as n_national_tied,
        sum(is_national) over (partition by period, score_level, score_name) as n_national
    from stacked

),

final as (

    select
        ward_code,
        period,
        score_level,
        score_name,
        cast(1 + n_national_at_or_above - n_national_tied as {{ dbt.type_int() }}) as national_rank,
        -- 100.0e0, a double: Spark reads 100.0 as an exact decimal and the percentile would be decimal(38,14)
        100.0e0 * (n_national - n_national_at_or_above) / nullif(n_national - 1, 0) as national_percentile,
        cast(n_national as {{ dbt.type_int() }}) as n_national_wards
    from counted
    where
        is_national = 0
        and n_national > 0

)

select * from final
