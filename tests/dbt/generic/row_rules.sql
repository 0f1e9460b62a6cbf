{#- A model's row-level rules in one query and one dbt node: fails with one row per broken rule, naming the rule and
    counting the rows that break it. Each argument keeps the meaning of the test it replaces (a node per column
    and rule cost dbt about 25 to 45 ms each, over 400 of them per build):
    - primary_key: [column, ...]                                   the model's grain: a null in a key column
                                                                   fails (as not_null), and so do rows sharing
                                                                   a key (as unique, or
                                                                   unique_combination_of_columns);
    - not_null: [column or {column, where}, ...]                   a null fails;
    - accepted_values: [{column, values, quote (default true)}]    a non-null value outside values fails
                                                                   (true/false are SQL booleans, never quoted);
    - accepted_range: [{column, min_value, max_value}]             a non-null value below or above fails;
    - relationships: [{column, to, field}]                         a non-null value that `field` of `to` (a
                                                                   ref or source) does not hold fails;
    - expression_is_true: [expression or {expression, where}, ...] a row where it is false or null fails.
    A rule given as a mapping may say `where`: it then applies to the rows where that condition is true only (as
    the test's `config: {where: ...}`). A rule with a warning severity or an `enabled` condition stays its own
    test. -#}
-- the Jinja that lists the rules renders to nothing: its indentation is not SQL layout
-- noqa: disable=LT02
{% test row_rules(
    model, primary_key=[], not_null=[], accepted_values=[], accepted_range=[], relationships=[], expression_is_true=[]
) %}

{#- each rule: (label, the count it fails on, the rows it counts) -#}
{%- set rules = [] -%}
{%- for column in primary_key -%}
    {%- do rules.append(("not_null " ~ column ~ " (primary key)", "count(*)", model ~ " where " ~ column ~ " is null")) -%}
{%- endfor -%}
{%- if primary_key -%}
    {%- set key = primary_key | join(", ") -%}
    {#- rows whose key another row shares; a key with a null is the not_null rule's (as a SQL primary key) -#}
    {%- do rules.append((
        "primary_key (" ~ key ~ ") duplicated",
        "cast(coalesce(sum(key_rows), 0) as " ~ dbt.type_bigint() ~ ")",
        "(select count(*) as key_rows from " ~ model ~ " where " ~ (primary_key | join(" is not null and "))
        ~ " is not null group by " ~ key ~ " having count(*) > 1) as duplicated_keys"
    )) -%}
{%- endif -%}
{#- the per-column kinds: a rule with a `where` reads only those rows, as dbt's config where does -#}
{%- set kinds = [
    ("not_null", not_null), ("accepted_values", accepted_values), ("accepted_range", accepted_range),
    ("relationships", relationships), ("expression_is_true", expression_is_true)
] -%}
{%- for kind, checks in kinds -%}
    {%- for check in checks -%}
        {%- set where = check.get("where") if check is mapping else none -%}
        {%- set rows = "(select * from " ~ model ~ " where " ~ where ~ ") as scoped_rows" if where else model -%}
        {%- set scope_label = " (where " ~ where ~ ")" if where else "" -%}
        {%- if kind == "not_null" -%}
            {%- set column = check["column"] if check is mapping else check -%}
            {%- do rules.append(("not_null " ~ column ~ scope_label, "count(*)", rows ~ " where " ~ column ~ " is null")) -%}
        {%- elif kind == "accepted_values" -%}
            {%- set literals = [] -%}
            {%- for value in check["values"] -%}
                {%- if value is sameas true or value is sameas false -%}
                    {%- do literals.append(value | string | lower) -%}
                {%- elif check.get("quote", true) -%}
                    {%- do literals.append("'" ~ escape_single_quotes(value | string) ~ "'") -%}
                {%- else -%}
                    {%- do literals.append(value | string) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- do rules.append((
                "accepted_values " ~ check["column"] ~ scope_label,
                "count(*)",
                rows ~ " where " ~ check["column"] ~ " is not null and "
                ~ check["column"] ~ " not in (" ~ literals | join(", ") ~ ")"
            )) -%}
        {%- elif kind == "accepted_range" -%}
            {%- set outside = out_of_range_condition(check["column"], check.get("min_value"), check.get("max_value")) -%}
            {%- do rules.append((
                "accepted_range " ~ check["column"] ~ scope_label,
                "count(*)",
                rows ~ " where " ~ check["column"] ~ " is not null and (" ~ outside | trim ~ ")"
            )) -%}
        {%- elif kind == "relationships" -%}
            {%- set parent = check["to"] -%}
            {#- an anti-join on the values alone: a parent value held twice still matches once per child row -#}
            {%- do rules.append((
                "relationships " ~ check["column"] ~ " -> "
                ~ (parent.identifier if parent.identifier is defined else parent) ~ "." ~ check["field"] ~ scope_label,
                "count(*)",
                "(select " ~ check["column"] ~ " as child_value from " ~ rows ~ ") as child left join (select "
                ~ check["field"] ~ " as parent_value from " ~ parent ~ ") as parent on child.child_value = "
                ~ "parent.parent_value where child.child_value is not null and parent.parent_value is null"
            )) -%}
        {%- else -%}
            {%- set expression = check["expression"] if check is mapping else check -%}
            {%- do rules.append((
                "expression_is_true " ~ expression ~ scope_label,
                "count(*)",
                rows ~ " where not coalesce((" ~ expression ~ "), false)"
            )) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endfor -%}
{%- if not rules -%}
    {{ exceptions.raise_compiler_error("row_rules on " ~ model ~ ": give at least one rule") }}
{%- endif -%}

with

rule_counts as (

    {#- one filtered count per rule, not one scan with a case per rule: each count reads only its columns and
        lets the engine skip row groups by their statistics (on the England patient records, 169 million rows,
        11 s against 22 s for the single scan) -#}
    {% for label, failing, rows in rules %}
        select
            '{{ escape_single_quotes(label | replace("\\", "")) }}' as rule_broken,
            {{ failing }} as failing_rows
        from {{ rows }}
        {{ "union all" if not loop.last }}
    {% endfor %}

),

final as (

    select * from rule_counts
    where failing_rows > 0

)

select * from final

{% endtest %}
