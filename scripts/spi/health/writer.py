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


def write_table(columns: dict[str, pa.Array | np.ndarray], path: Path) -> int:
    table = pa.table({name: (value if isinstance(value, pa.Array) else pa.array(value)) for name, value in columns.items()})
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd")
    return table.num_rows
