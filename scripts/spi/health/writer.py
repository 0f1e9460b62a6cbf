"""Writes the synthetic extracts as Parquet (zstd) via pyarrow, every row marked synthetic."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq


def categorical(index: np.ndarray, labels: np.ndarray | list[str] | tuple[str, ...]) -> pa.DictionaryArray:
    """Strings as dictionary codes: one Python string per label, not per row."""
    return pa.DictionaryArray.from_arrays(pa.array(np.asarray(index, dtype=np.int32)), pa.array(list(labels)))


def labelled(values: np.ndarray) -> pa.DictionaryArray:
    labels, index = np.unique(values.astype(str), return_inverse=True)
    return categorical(index, labels)


def synthetic_columns(n_rows: int, data_source: str) -> dict[str, pa.Array]:
    return {
        "is_synthetic": pa.array(np.ones(n_rows, dtype=bool)),
        "data_source": categorical(np.zeros(n_rows, dtype=np.int32), [data_source]),
    }


def to_table(columns: dict[str, pa.Array | np.ndarray]) -> pa.Table:
    return pa.table({name: (value if isinstance(value, pa.Array) else pa.array(value)) for name, value in columns.items()})


def write_table(columns: dict[str, pa.Array | np.ndarray], path: Path) -> int:
    table = to_table(columns)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd")
    return int(table.num_rows)


class ChunkedWriter:
    """One Parquet file written a row group at a time, so only the current chunk is ever in memory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows = 0
        self._writer: pq.ParquetWriter | None = None

    def append(self, columns: dict[str, pa.Array | np.ndarray]) -> int:
        table = to_table(columns)
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(self.path, table.schema, compression="zstd")
        # one row group per chunk: row groups are DuckDB's unit of parallel reading and of statistics
        self._writer.write_table(table, row_group_size=max(table.num_rows, 1))
        self.rows += table.num_rows
        return int(table.num_rows)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def __enter__(self) -> ChunkedWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
