-- DSRs and their Dobson limits reproduce PHEindicatormethods' testresults_DSR to 1e-9 relative.
-- Returns every reference value missed by more than its tolerance (seeds/reference/pheindicatormethods).
{{ pim_reference_failures(pim_check_dsr()) }}
