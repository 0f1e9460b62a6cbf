-- Wilson and Byar limits at 95% and 99.8% reproduce PHEindicatormethods' fixtures to 1e-9 relative.
-- Returns every reference value missed by more than its tolerance (seeds/reference/pheindicatormethods).
{{ pim_reference_failures(pim_check_wilson_byar()) }}
