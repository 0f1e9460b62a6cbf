"""Stand-ins sqlfluff's jinja templater renders for dbt's cross-database macros (`{{ dbt.type_string() }}`...).

sqlfluff lints without a database, so `dbt.*` is undefined there; the DuckDB names stand in (.sqlfluff
library_path). dbt itself never reads this folder.
"""
