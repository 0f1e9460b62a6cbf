"""Files on disk that must never be half-written: atomic folders, the build lock and record, the warehouse swap."""
