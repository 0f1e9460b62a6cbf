{# Reference checks against PHEindicatormethods' own test fixtures (seeds/reference/pheindicatormethods/).
   Each macro returns one row per reference value: check (method), case_key, expected, computed and the
   tolerance that applies (relative, or absolute where the package rounds its published values).
   tests/dbt/singular/pheindicatormethods_*_reproduced.sql (one per method) fail on any row outside tolerance;
   the README's error table is `select check, max(abs_error), max(relative_error)` over the same rows. #}

{% macro pim_reference_row(check, case_key, expected, computed, tolerance, tolerance_kind='relative') -%}
    select
        cast('{{ check }}' as {{ dbt.type_string() }}) as check_name,
        cast({{ case_key }} as {{ dbt.type_string() }}) as case_key,
        cast({{ expected }} as {{ type_double() }}) as expected,
        cast({{ computed }} as {{ type_double() }}) as computed,
        cast({{ tolerance }} as {{ type_double() }}) as tolerance,
        cast('{{ tolerance_kind }}' as {{ dbt.type_string() }}) as tolerance_kind
{%- endmacro %}

{# Wilson (proportions) and Byar (counts) limits: testdata_B_W, testdata_Prop, testdata_Prop_g. #}
{% macro pim_check_wilson_byar() -%}
    {%- set levels = [('95%', 0.95), ('99.8%', 0.998)] -%}
    {%- for label, level in levels %}
        {%- for side in ['lower', 'upper'] %}
    {{ pim_reference_row(
        'byar ' ~ side ~ ' ' ~ label, "'x=' || cast(x as " ~ dbt.type_string() ~ ")", side ~ 'cl',
        "case when " ~ byar_lower('x', confidence_z(level)) ~ " >= 0 then "
            ~ (byar_lower('x', confidence_z(level)) if side == 'lower' else byar_upper('x', confidence_z(level)))
            ~ " end" if side == 'lower' else byar_upper('x', confidence_z(level)),
        1e-9
    ) }}
    from {{ ref('pim_byars_wilson') }}
    where method = 'Byars' and confidence = '{{ label }}'
    union all
    {{ pim_reference_row(
        'wilson ' ~ side ~ ' ' ~ label, "'x=' || cast(x as " ~ dbt.type_string() ~ ") || ' n=' || cast(n as "
            ~ dbt.type_string() ~ ")", side ~ 'cl', wilson_limit('x', 'n', level, side), 1e-9
    ) }}
    from {{ ref('pim_byars_wilson') }}
    where method = 'Wilson' and confidence = '{{ label }}'
    union all
    {{ pim_reference_row(
        'wilson ' ~ side ~ ' ' ~ label, "area || ' ' || statistic",
        side ~ ('95_0cl' if level == 0.95 else '99_8cl'),
        'multiplier * ' ~ wilson_limit('numerator', 'denominator', level, side), 1e-9
    ) }}
    from {{ ref('pim_proportions') }}
    where numerator is not null and denominator is not null
    union all
        {%- endfor %}
    {%- endfor %}
    {%- for side in ['lower', 'upper'] %}
    {{ pim_reference_row(
        'wilson ' ~ side ~ ' 95%', "area || ' grouped'", side ~ 'cl',
        wilson_limit('numerator', 'denominator', 0.95, side), 1e-9
    ) }}
    from {{ ref('pim_proportions_grouped') }}
    where numerator is not null and denominator is not null
        {%- if not loop.last %}
    union all
        {%- endif %}
    {%- endfor %}
{%- endmacro %}

{# Directly standardised rates with Dobson limits (ESP 2013; testdata_1976 with ESP 1976 at 95% only: the
   fixture's 99.8% limits for it are ten times its own rate, a slip in the fixture). Non-independent-event
   variants are not implemented and not checked. #}
{% macro pim_check_dsr() -%}
    with

    inputs as (

        select
            area,
            case
                when ageband = '90+' then '90'
                else substring(ageband, 1, position('-' in ageband) - 1)
            end as age_from_text,
            count,
            pop
        from {{ ref('pim_dsr_inputs') }}

    ),

    standard_population as (

        select distinct
            age_from,
            esp_weight
        from {{ ref('esp2013_age_bands') }}

    ),

    dsr_inputs as (

        select
            inputs.area,
            inputs.count,
            inputs.pop,
            standard_population.esp_weight as standard_population
        from inputs
        inner join standard_population
            on cast(inputs.age_from_text as {{ dbt.type_int() }}) = standard_population.age_from
        union all
        select
            'testdata_1976' as area,
            count,
            pop,
            esp1976 as standard_population
        from {{ ref('pim_dsr_inputs_1976') }}

    ),

    dsrs as (

        select
            area,
            sum(count) as observed,
            {{ dsr_rate('count', 'pop', 'standard_population', 1) }} as rate,
            {{ dsr_variance('count', 'pop', 'standard_population') }} as variance
        from dsr_inputs
        group by area

    ),

    results as (

        select
            results.*,
            case when results.statistic like '%100000' then 100000 else 10000 end as multiplier,
            dsrs.observed,
            dsrs.rate,
            dsrs.variance
        from {{ ref('pim_dsr_results') }} as results
        inner join dsrs
            on results.area = dsrs.area
        where results.method = 'Dobson' and results.value is not null

    )

    {{ pim_reference_row('dsr value', "area || ' ' || statistic", 'value', 'multiplier * rate', 1e-9) }}
    from results
    {%- for level, suffix, side in [
        (0.95, '95_0cl', 'lower'), (0.95, '95_0cl', 'upper'), (0.998, '99_8cl', 'lower'), (0.998, '99_8cl', 'upper')
    ] %}
    union all
    {{ pim_reference_row(
        'dsr ' ~ side ~ ' ' ~ suffix, "area || ' ' || statistic", side ~ suffix,
        dsr_limit('multiplier * rate', 'variance', 'observed', 'multiplier', level, side), 1e-9
    ) }}
    from results
    {%- if level == 0.998 %}
    where area <> 'testdata_1976'
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{# Indirectly standardised ratios and rates: exact limits below 10 events, Byar from 10 (testresults_ISR,
   the three testdata areas; expected counts from refdata's age-specific rates). #}
{% macro pim_check_isr() -%}
    with

    reference_rates as (

        select
            age_band,
            refcount * 1.0 / refpop as reference_rate
        from {{ ref('pim_isr_reference') }}

    ),

    isrs as (

        select
            inputs.area,
            sum(inputs.count) as observed,
            sum(reference_rates.reference_rate * inputs.pop) as expected
        from {{ ref('pim_dsr_inputs') }} as inputs
        inner join reference_rates
            on inputs.ageband = reference_rates.age_band
        group by inputs.area

    ),

    totals as (

        select sum(refcount) * 1.0 / sum(refpop) as overall_reference_rate
        from {{ ref('pim_isr_reference') }}

    ),

    results as (

        select
            results.*,
            isrs.observed as computed_observed,
            isrs.expected as computed_expected,
            case
                when results.statistic like '%rate per 100000' then totals.overall_reference_rate * 100000
                when results.statistic like '%rate per 1000' then totals.overall_reference_rate * 1000
                when results.statistic like '%ratio x 100' then 100
                else 1
            end as scale
        from {{ ref('pim_isr_results') }} as results
        inner join isrs
            on results.area = isrs.area
        cross join totals

    )

    {{ pim_reference_row('isr expected', "area || ' ' || statistic", 'expected', 'computed_expected', 1e-9) }}
    from results
    union all
    {{ pim_reference_row(
        'isr value', "area || ' ' || statistic", 'value', 'computed_observed / computed_expected * scale', 1e-9
    ) }}
    from results
    {%- for level, suffix in [(0.95, '95_0cl'), (0.998, '99_8cl')] %}
        {%- for side in ['lower', 'upper'] %}
    union all
    {{ pim_reference_row(
        'isr ' ~ side ~ ' ' ~ suffix ~ ' (exact below 10, Byar)', "area || ' ' || statistic", side ~ suffix,
        isr_limit('computed_observed', 'computed_expected', level, side) ~ ' * scale', 1e-9
    ) }}
    from results
        {%- endfor %}
    {%- endfor %}
{%- endmacro %}

{# Funnel plots: control limits for proportions (the package rounds them to 6 decimals: absolute 1e-6 on
   the x100 scale) and significance of every area for proportions, ratios and rates (exact match). #}
{% macro pim_check_funnels() -%}
    with

    proportion_average as (

        select sum(numerator) / sum(denominator) as average
        from {{ ref('pim_funnel_proportion_inputs') }}

    ),

    proportion_limits as (

        select
            limits.*,
            proportion_average.average
        from {{ ref('pim_funnel_proportion_limits') }} as limits
        cross join proportion_average

    ),

    ratio_significance as (

        select
            obs,
            expected,
            significance,
            {{ funnel_poisson_significance('obs', 'expected', 1) }} as computed_significance
        from {{ ref('pim_funnel_ratio_inputs') }}

    ),

    proportion_significance as (

        select
            inputs.area,
            inputs.significance,
            {{ funnel_proportion_significance('inputs.numerator', 'inputs.denominator', 'proportion_average.average') }}
                as computed_significance
        from {{ ref('pim_funnel_proportion_inputs') }} as inputs
        cross join proportion_average

    ),

    {%- set variants = [
        ('dsr', 'rate_dsr', 'dsr_per_100000_with_0', false),
        ('dsr', 'rate_dsr', 'dsr_per_100000_without_0', true),
        ('crude', 'rate_crude_per_100000', 'crude_per_100000_with_0', false),
        ('crude', 'rate_crude_per_100000', 'crude_per_100000_without_0', true)
    ] %}
    {%- for rate_type, rate_column, expected_column, drop_zero in variants %}
        {%- set zero_count_denominator = 'null' if rate_type == 'dsr' else 'pop' %}

    rate_{{ expected_column }} as (

        select
            count,
            pop,
            {{ expected_column }} as significance,
            case
                when count = 0 then {{ zero_count_denominator }} else 100000.0 * count / {{ rate_column }}
            end as denominator_derived
        from {{ ref('pim_funnel_rate_inputs') }}
        {%- if drop_zero %}
        where count <> 0
        {%- endif %}

    ),

    rate_{{ expected_column }}_checked as (

        select
            '{{ expected_column }}' as variant,
            cast(count as {{ dbt.type_string() }}) || ' events, pop ' || cast(pop as {{ dbt.type_string() }})
                as case_key,
            significance,
        {%- if rate_type == 'dsr' %}
            case
                when count < 10 then 'Not applicable for events less than 10 for dsrs'
                else {{ funnel_poisson_significance('count', 'denominator_derived', 'weighted_average') }}
            end as computed_significance
        {%- else %}
            {{ funnel_poisson_significance('count', 'denominator_derived', 'weighted_average') }}
                as computed_significance
        {%- endif %}
        from rate_{{ expected_column }}
        cross join (
            select sum(count) / sum(denominator_derived) as weighted_average
            from rate_{{ expected_column }}
        ) as averages

    ),
    {%- endfor %}

    significance_checks as (

        select
            'funnel significance (proportion)' as check_name,
            area as case_key,
            case when significance = computed_significance then 0 else 1 end as mismatch
        from proportion_significance
        union all
        select
            'funnel significance (ratio)' as check_name,
            cast(obs as {{ dbt.type_string() }}) || ' / ' || cast(expected as {{ dbt.type_string() }}) as case_key,
            case when significance = computed_significance then 0 else 1 end as mismatch
        from ratio_significance
    {%- for rate_type, rate_column, expected_column, drop_zero in variants %}
        union all
        select
            'funnel significance (rate, ' || variant || ')' as check_name,
            case_key,
            case when significance = computed_significance then 0 else 1 end as mismatch
        from rate_{{ expected_column }}_checked
    {%- endfor %}

    )

    {%- for column, p, side in [
        ('lower2s0025limit', 0.975, 'lower'), ('upper2s0025limit', 0.975, 'upper'),
        ('lower3s0001limit', 0.999, 'lower'), ('upper3s0001limit', 0.999, 'upper')
    ] %}
    {{ pim_reference_row(
        'funnel proportion ' ~ column, "'population ' || cast(population as " ~ dbt.type_string() ~ ")", column,
        ('greatest(0, ' if side == 'lower' else 'least(100, ')
            ~ '100 * ' ~ funnel_proportion_limit('population', 'average', p, side) ~ ')',
        1e-6, 'absolute'
    ) }}
    from proportion_limits
    union all
    {%- endfor %}
    {{ pim_reference_row(
        'funnel proportion baseline', "'all'", 'max(baseline)', 'max(100 * average)', 1e-6, 'absolute'
    ) }}
    from proportion_limits
    union all
    select
        check_name,
        case_key,
        0 as expected,
        mismatch as computed,
        0 as tolerance,
        'absolute' as tolerance_kind
    from significance_checks
{%- endmacro %}

{# Slope and relative index of inequality (testdata_SII, transform = FALSE cases; the log/logit-transform
   variants and the error/warning-handling cases are not implemented/applicable). SII, RII and intercept are
   exact (relative 1e-9). The package's confidence limits are simulated (100,000 or 10,000 normal draws) and
   ours analytic (sii_query), so a limit may differ by simulation error (about 1% of the SII's standard error
   at 100,000 draws) plus, for rates and proportions, the delta-method approximation of the back-transform:
   the tolerance is 2% of the width of the reference interval, absolute. The quintiles fixture publishes no
   limits: only its SII and RII are checked. #}
{% macro pim_check_sii() -%}
    {%- set cases = [
        ('default (e.g. life expectancy) - default parameters', 0, 1, [0.95], false),
        ('default - testing 99% confidence', 0, 1, [0.99], false),
        ('default - testing 10,000 repetitions', 0, 1, [0.95], false),
        ('default - testing quintiles', 0, 1, [0.95], false),
        ('default (e.g. life expectancy) - multiple CIs', 0, 1, [0.95, 0.99], false),
        ('default (e.g. life expectancy) - intercept', 0, 1, [0.95], true),
        ('rate (e.g. infant mortality) - default parameters', 1, 1, [0.95], false),
        ('rate (e.g. infant mortality) - intercept', 1, 1, [0.95], true),
        ('proportion (e.g. child obesity) - default parameters', 2, 1, [0.95], false),
        ('proportion (e.g. child obesity) - intercept', 2, 1, [0.95], true),
        ('proportion - testing multiplier (x 100)', 2, 100, [0.95], false),
        ('proportion - testing multiplier (x -100)', 2, -100, [0.95], false)
    ] -%}
    with

    {%- for description, value_type, multiplier, levels, has_intercept in cases %}

    sii_case_{{ loop.index }} as (

        select
            '{{ description }}' as testdescription,
            computed.*
        from (
            {{ sii_query(
                "(select * from " ~ ref('pim_sii') ~ " where testdescription = '" ~ description ~ "')",
                ['area'], 'quantile', 'population', 'value', se_column='standarderror',
                value_type=value_type, multiplier=multiplier, confidence_levels=levels
            ) }}
        ) as computed

    ),
    {%- endfor %}

    expected as (

        select * from {{ ref('pim_sii') }}
        where sii is not null

    ),

    {%- for description, value_type, multiplier, levels, has_intercept in cases %}
        {%- set case_cte = 'sii_case_' ~ loop.index %}
        {%- set key = "expected.testdescription || ' / ' || expected.area" %}

    sii_checks_{{ loop.index }} as (

        {{ pim_reference_row('sii (' ~ description ~ ')', key, 'expected.sii', case_cte ~ '.sii', 1e-9) }}
        from expected inner join {{ case_cte }}
            on expected.testdescription = {{ case_cte }}.testdescription and expected.area = {{ case_cte }}.area
        union all
        {{ pim_reference_row('rii (' ~ description ~ ')', key, 'expected.rii', case_cte ~ '.rii', 1e-9) }}
        from expected inner join {{ case_cte }}
            on expected.testdescription = {{ case_cte }}.testdescription and expected.area = {{ case_cte }}.area
        {%- if has_intercept %}
        union all
        {{ pim_reference_row(
            'intercept (' ~ description ~ ')', key, 'expected.intercept', case_cte ~ '.intercept', 1e-9
        ) }}
        from expected inner join {{ case_cte }}
            on expected.testdescription = {{ case_cte }}.testdescription and expected.area = {{ case_cte }}.area
        {%- endif %}
        {%- for level in levels %}
            {%- set n = loop.index %}
            {%- set suffix = confidence_suffix(level) %}
            {%- for index in ['sii', 'rii'] %}
                {%- for side in ['lower', 'upper'] %}
        union all
        {{ pim_reference_row(
            index ~ ' ' ~ side ~ ' ' ~ suffix ~ ' (' ~ description ~ ')', key,
            'expected.' ~ index ~ '_' ~ side ~ 'cl_' ~ n,
            case_cte ~ '.' ~ index ~ '_' ~ side ~ '_' ~ suffix,
            '0.02 * abs(expected.' ~ index ~ '_uppercl_' ~ n ~ ' - expected.' ~ index ~ '_lowercl_' ~ n ~ ')',
            'absolute'
        ) }}
        from expected inner join {{ case_cte }}
            on expected.testdescription = {{ case_cte }}.testdescription and expected.area = {{ case_cte }}.area
        where expected.{{ index }}_{{ side }}cl_{{ n }} is not null
                {%- endfor %}
            {%- endfor %}
        {%- endfor %}

    ),
    {%- endfor %}

    final as (

    {%- for description, value_type, multiplier, levels, has_intercept in cases %}
        {%- if not loop.first %}
        union all
        {%- endif %}
        select * from sii_checks_{{ loop.index }}
    {%- endfor %}

    )

    select * from final
{%- endmacro %}

{# The rows of a reference check outside their tolerance, or missing on one side only: the body of each
   tests/dbt/singular/pheindicatormethods_*_reproduced.sql test. #}
{% macro pim_reference_failures(checks_sql) -%}
    with

    checks as (

        select * from ({{ checks_sql }}) as reference_checks

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
{%- endmacro %}
