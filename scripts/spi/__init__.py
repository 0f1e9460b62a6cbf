"""Ward-level Social Progress Index: the harness around the dbt + DuckDB project."""

__version__ = "0.1.0"
