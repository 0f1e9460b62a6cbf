{#-
  Core20PLUS5 deprivation: each ward's share of Census 2021 residents living in England's most deprived 20%
  of LSOAs (IMD 2025 national quintile 1), with the same share for its local authority and its ICB.
   Local authority and ICB shares count each LSOA once, in its best-fit ward.
-#}
with

lsoas as (

    select * from {{ ref('int_lsoa21_deciles_classified') }}

),

wards as (

    select * from {{ ref('dim_wards') }}

),

-- the LSOAs each ward is scored from: its best-fit LSOAs whole, and for the wards no LSOA best-fits to
-- (England's 33, from the derived area overlay) the residents of the LSOAs they overlap, by area share
ward_lsoas as (

    select * from {{ ref('int_ward_lsoa21_shares_computed') }}

),

ward_totals as (

    select
        ward_lsoas.ward_code,
        count(*) as n_lsoas,
        sum(case when lsoas.is_core20 then 1 else 0 end) as n_core20_lsoas,
        sum(ward_lsoas.residents) as usual_residents,
        sum(case when lsoas.is_core20 then ward_lsoas.residents else 0 end) as core20_residents
    from ward_lsoas
    inner join lsoas
        on ward_lsoas.lsoa21_code = lsoas.lsoa21_code
    group by ward_lsoas.ward_code

),

lad_totals as (

    select
        lad_code,
        sum(case when is_core20 then usual_residents else 0 end) * 1.0 / sum(usual_residents) as lad_core20_share
    from lsoas
    group by lad_code

),

icb_totals as (

    select
        icb_code,
        sum(case when is_core20 then usual_residents else 0 end) * 1.0 / sum(usual_residents) as icb_core20_share
    from lsoas
    group by icb_code

),

final as (

    select
        wards.ward_code,
        wards.ward_name,
        wards.lad_code,
        wards.lad_name,
        wards.icb_code,
        wards.icb_name,
        wards.ward_vintage,
        cast(ward_totals.n_lsoas as {{ dbt.type_int() }}) as n_lsoas,
        cast(ward_totals.n_core20_lsoas as {{ dbt.type_int() }}) as n_core20_lsoas,
        cast(ward_totals.usual_residents as {{ dbt.type_bigint() }}) as usual_residents,
        cast(ward_totals.core20_residents as {{ dbt.type_bigint() }}) as core20_residents,
        cast(ward_totals.core20_residents * 1.0 / ward_totals.usual_residents as {{ type_double() }}) as core20_share,
        cast(lad_totals.lad_core20_share as {{ type_double() }}) as lad_core20_share,
        cast(icb_totals.icb_core20_share as {{ type_double() }}) as icb_core20_share
    from wards
    inner join ward_totals
        on wards.ward_code = ward_totals.ward_code
    inner join lad_totals
        on wards.lad_code = lad_totals.lad_code
    inner join icb_totals
        on wards.icb_code = icb_totals.icb_code

)

select * from final
