"""`spi check`: the project's conventions as small rules over dbt's manifest and the raw YAML files."""
