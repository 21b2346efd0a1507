"""``dikduk.tables``: flat tables of ``dikduk/1`` documents, one table per kind of item and one row
per item. The rows are built in Rust (``src/python/tables.rs``, which also defines the columns)
and arrive as Arrow buffers, so no Python object is made per cell.
"""

from __future__ import annotations

import json
import os
from typing import Any, Iterable, Mapping, NamedTuple

import pyarrow as pa

from . import _dikduk

__all__ = ["Tables", "COLUMNS", "NAMES", "from_rows", "tables"]

#: ``{table: [(column, kind), ...]}`` after ``doc_id``; kinds ``int``, ``int?`` (nullable),
#: ``str``, ``str?`` and ``list[str]``.
COLUMNS: dict[str, list[tuple[str, str]]] = {t: list(cols) for t, cols in _dikduk.table_columns()}
#: The table names, in the order of the ``Tables`` fields.
NAMES: tuple[str, ...] = tuple(COLUMNS)

_TYPES = {
    "int": pa.int64(),
    "int?": pa.int64(),
    "str": pa.large_string(),
    "str?": pa.large_string(),
    "list[str]": pa.large_list(pa.large_string()),
}


class Tables(NamedTuple):
    """The flat tables of some documents: pandas DataFrames, or pyarrow Tables with
    ``format="arrow"`` (see ``dikduk.tables`` for the columns)."""

    sentences: Any
    tokens: Any
    morphemes: Any
    entities: Any
    values: Any
    quotes: Any
    groups: Any

    def to_arrow(self) -> dict[str, pa.Table]:
        """Each table as a ``pyarrow.Table``."""
        return {
            name: t if isinstance(t, pa.Table) else pa.Table.from_pandas(t, preserve_index=False)
            for name, t in self._asdict().items()
        }

    def to_parquet(self, directory: str | os.PathLike[str], **kwargs: Any) -> None:
        """Write ``directory/<name>.parquet`` for every table; ``kwargs`` go to
        ``pyarrow.parquet.write_table``."""
        import pyarrow.parquet as pq

        os.makedirs(directory, exist_ok=True)
        for name, t in self.to_arrow().items():
            pq.write_table(t, os.path.join(directory, f"{name}.parquet"), **kwargs)


def _buffer(b: bytes | None) -> pa.Buffer | None:
    return None if b is None else pa.py_buffer(b)


def _array(kind: str, rows: int, buffers: list[bytes | None]) -> pa.Array:
    if kind == "list[str]":
        lists, offsets, data = buffers
        items = pa.Array.from_buffers(
            pa.large_string(), (len(offsets) // 8) - 1, [None, pa.py_buffer(offsets), pa.py_buffer(data)]
        )
        return pa.Array.from_buffers(
            _TYPES[kind], rows, [None, pa.py_buffer(lists)], children=[items]
        )
    return pa.Array.from_buffers(_TYPES[kind], rows, [_buffer(b) for b in buffers])


def _doc_ids(ids: list[Any] | None, docs: int) -> pa.Array | None:
    if ids is None:
        return None
    if len(ids) != docs:
        raise ValueError(f"{len(ids)} ids for {docs} documents")
    try:
        return pa.array(ids)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as e:
        raise TypeError(f"ids must be all str or all int (one Arrow type): {e}") from None


def from_rows(rows: dict[str, Any], ids: list[Any] | None = None, format: str = "pandas") -> Tables:
    """``Tables`` from the buffers that ``_dikduk.annotate_many(..., tables=True)`` and
    ``_dikduk.tables_of_json`` return; ``ids`` (as many as the documents) fill ``doc_id``
    (default: the document's position)."""
    if format not in ("pandas", "arrow"):
        raise ValueError(f"format must be 'pandas' or 'arrow', got {format!r}")
    id_array = _doc_ids(ids, rows["docs"])
    id_type = pa.int64() if id_array is None else id_array.type
    if pa.types.is_null(id_type):  # no documents: any type will do
        id_type = pa.int64()
    out = []
    for name in NAMES:
        table = rows[name]
        n, buffers = table["rows"], table["columns"]
        doc = _array("int", n, buffers[0])
        doc_id = doc if id_array is None else id_array.take(doc).cast(id_type)
        columns = [doc_id] + [_array(kind, n, b) for (_, kind), b in zip(COLUMNS[name], buffers[1:])]
        t = pa.Table.from_arrays(columns, names=["doc_id"] + [c for c, _ in COLUMNS[name]])
        out.append(t if format == "arrow" else _to_pandas(t, name))
    return Tables(*out)


def _to_pandas(t: pa.Table, name: str) -> Any:
    import pandas as pd

    df = t.to_pandas()
    # Nullable ints as pandas Int64 (not floats), whether or not this batch has a null.
    for column, kind in COLUMNS[name]:
        if kind == "int?":
            c = t.column(column)
            values = c.fill_null(0).to_numpy()
            mask = c.is_null().to_numpy(zero_copy_only=False)
            df[column] = pd.arrays.IntegerArray(values, mask)
    return df


def tables(
    docs: Iterable[Mapping[str, Any] | str], ids: Iterable[Any] | None = None, format: str = "pandas"
) -> Tables:
    """See ``dikduk.tables``."""
    texts = []
    for i, doc in enumerate(docs):
        if isinstance(doc, str):
            texts.append(doc)
        elif isinstance(doc, Mapping):
            texts.append(json.dumps(doc, ensure_ascii=False))
        else:
            raise TypeError(f"docs[{i}] must be a dict or JSON text, got {type(doc).__name__}")
    return from_rows(_dikduk.tables_of_json(texts), None if ids is None else list(ids), format)
