-- ISRs (exact below 10 events, Byar from 10) reproduce PHEindicatormethods' testresults_ISR to 1e-9 relative.
-- Returns every reference value missed by more than its tolerance (seeds/reference/pheindicatormethods).
{{ pim_reference_failures(pim_check_isr()) }}
