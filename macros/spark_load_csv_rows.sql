{#
  Seeds on Spark (dbt-spark's session method): dbt-spark binds each seed value as '<value>' without escaping,
  so a text with an apostrophe breaks the insert and an empty cell becomes the text 'None'. This writes the
  values as SQL literals instead: empty cells null, text quoted with its quotes and backslashes escaped (Spark
  string literals treat a backslash as an escape), each cast to the seed's column type as dbt-spark does.
  The root project's spark__load_csv_rows takes precedence over the adapter's in dbt's dispatch.
#}
-- The macro is Jinja control flow around one insert statement; the linter cannot place its tags (the rendered
-- SQL is the insert), so layout.indent is off for this macro:
-- noqa: disable=LT02
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                (
                {%- for col_name in agate_table.column_names -%}
                    {%- set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) -%}
                    {%- set value = row[loop.index0] -%}
                    {%- if value is none -%}
                        cast(null as {{ type }})
                    {%- else -%}
                        cast('{{ (value | string) | replace("\\", "\\\\") | replace("'", "\\'") }}' as {{ type }})
                    {%- endif -%}
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%}
                ){%- if not loop.last %},{% endif %}
            {% endfor -%}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}
