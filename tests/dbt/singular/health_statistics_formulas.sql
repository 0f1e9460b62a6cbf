-- Hand-computed cases for the statistics macros; returns a row for every formula that is off.
-- Wilson 5/20: 0.111860 to 0.468705. Byar O = 20: 12.2113 to 30.8901. Dobson: DSR 2000, var 100000,
-- O = 40: 1428.6559 to 2723.5189.
with

cases as (

    select
        'wilson 5/20 lower' as formula,
        {{ wilson_lower(5, 20) }} as computed,
        0.11186005278940305 as expected
    union all
    select
        'wilson 5/20 upper' as formula,
        {{ wilson_upper(5, 20) }} as computed,
        0.4687050099580635 as expected
    union all
    select
        'byar 20 lower' as formula,
        {{ byar_lower(20) }} as computed,
        12.211312914375545 as expected
    union all
    select
        'byar 20 upper' as formula,
        {{ byar_upper(20) }} as computed,
        30.89009383627289 as expected
    union all
    select
        'byar 0 lower' as formula,
        {{ byar_lower(0) }} as computed,
        0 as expected
    union all
    select
        'dobson lower' as formula,
        {{ dobson_limit(2000, 100000, 40, byar_lower(40)) }} as computed,
        1428.6558923385965 as expected
    union all
    select
        'dobson upper' as formula,
        {{ dobson_limit(2000, 100000, 40, byar_upper(40)) }} as computed,
        2723.5189008153066 as expected

)

select *
from cases
where abs(computed - expected) > 1e-9 * greatest(1, abs(expected))
