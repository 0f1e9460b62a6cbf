-- Funnel limits for proportions (1e-6 absolute, the package's rounding) and every funnel significance label
-- (proportions, ratios, rates) reproduce PHEindicatormethods' fixtures.
-- Returns every reference value missed by more than its tolerance (seeds/reference/pheindicatormethods).
{{ pim_reference_failures(pim_check_funnels()) }}
