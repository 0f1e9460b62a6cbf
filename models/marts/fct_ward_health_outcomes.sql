with

outcomes as (

    select * from {{ ref('int_health_outcomes_disclosed') }}

),

measures as (

    select * from {{ ref('health_measures') }}

),

final as (

    select
        outcomes.area_code as ward_code,
        outcomes.lad_code,
        cast(outcomes.period_year as integer) as period_year,
        outcomes.measure_id,
        measures.measure_name,
        measures.unit,
        outcomes.numerator_count,
        outcomes.denominator_count,
        outcomes.value,
        outcomes.ci_lower,
        outcomes.ci_upper,
        outcomes.is_suppressed,
        outcomes.suppression_reason,
        measures.data_status,
        measures.is_synthetic
    from outcomes
    inner join measures
        on outcomes.measure_id = measures.measure_id
    -- ward cells are published on one ward vintage only (WD25): two vintages of the same LSOAs would
    -- difference into LSOA groups that are never published (docs/disclosure-control.md)
    where
        outcomes.area_level = 'ward'
        and {{ 'true' if ward_vintage() == 'wd25' else 'false' }}

)

select * from final
