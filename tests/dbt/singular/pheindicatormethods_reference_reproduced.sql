-- The statistics macros reproduce PHEindicatormethods' own test fixtures (seeds/reference/pheindicatormethods):
-- returns every reference value the macros miss by more than its stated tolerance, or where one side is
-- missing and the other not. Tolerances: relative 1e-9 for closed-form limits (Wilson, Byar, exact Poisson,
-- Dobson, ISR), absolute 1e-6 where the package rounds to 6 decimals (funnel proportion limits), exact
-- match for funnel significance labels, and the SII tolerances stated in pim_check_sii.
with

checks as (

    select * from ({{ pim_check_wilson_byar() }}) as wilson_byar
    union all
    select * from ({{ pim_check_dsr() }}) as dsr
    union all
    select * from ({{ pim_check_isr() }}) as isr
    union all
    select * from ({{ pim_check_funnels() }}) as funnels
    union all
    select * from ({{ pim_check_sii() }}) as sii

),

errors as (

    select
        *,
        abs(computed - expected) as abs_error,
        abs(computed - expected) / nullif(abs(expected), 0) as relative_error
    from checks

),

final as (

    select * from errors
    where
        (computed is null and expected is not null)
        or (computed is not null and expected is null)
        or (tolerance_kind = 'absolute' and abs_error > tolerance)
        or (tolerance_kind = 'relative' and coalesce(relative_error, abs_error) > tolerance)

)

select * from final
