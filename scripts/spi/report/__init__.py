"""The self-contained HTML report of `spi report`: ward map, tables, profiles, methods."""
