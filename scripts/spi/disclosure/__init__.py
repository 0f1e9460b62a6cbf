"""The project's own disclosure attacker: what an outsider can recover from the published health outputs.

It holds only what is published (health marts from a DuckDB file, Parquet, CSV or Excel exports, a council
bundle; the index values; the public relation list and LSOA lookups) and tries what docs/disclosure-control.md
names as the threat: inverting values and intervals to counts, linear differencing over every additive
relation (interval propagation, then linear programming), the rules' own implications, and two ward vintages.
"""
