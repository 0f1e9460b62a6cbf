"""Stand-ins sqlfluff's jinja templater renders instead of dbt's own macros (`library_path` in .sqlfluff)."""
