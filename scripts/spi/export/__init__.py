"""What leaves the warehouse: the published database, the export files (Parquet, CSV, Excel, GeoJSON)."""
