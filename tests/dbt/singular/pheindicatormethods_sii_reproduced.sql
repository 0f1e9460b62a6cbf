-- SII, RII and intercept reproduce PHEindicatormethods' testdata_SII to 1e-9 relative; their simulated
-- confidence limits to 2% of the reference interval's width (see pim_check_sii).
-- Returns every reference value missed by more than its tolerance (seeds/reference/pheindicatormethods).
{{ pim_reference_failures(pim_check_sii()) }}
