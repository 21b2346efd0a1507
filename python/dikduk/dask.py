"""Whole corpora on Dask: read ``{id, text}`` records, annotate every partition with
``annotate_many``, write the documents as JSON Lines and the flat tables as Parquet.

The functions build ordinary Dask graphs, so they run on whatever scheduler is active: the local
threads by default, or a ``dask.distributed`` cluster of many machines once a ``Client`` is made
(every worker needs the ``dikduk`` package installed, and ``out`` must be a path that every worker
can write: a shared file system, or an fsspec URL such as ``s3://bucket/run1``)::

    from dask.distributed import Client
    import dikduk.dask

    client = Client("scheduler-address:8786")          # or LocalCluster(n_workers=2, ...)
    texts = dikduk.dask.read_texts("corpus/*.jsonl")    # or "corpus/*.parquet"
    summary = dikduk.dask.annotate_corpus(texts, "annotated/", threads=1)

writes ``annotated/documents/part-00000.jsonl`` (one ``{"id": ..., "document": {...}}`` per line,
the records of the CLI's ``dikduk annotate --jsonl``) and ``annotated/<table>/part-00000.parquet``
for the tables of ``dikduk.tables()`` (sentences, tokens, morphemes, entities, values, quotes,
groups); ``dask.dataframe.read_parquet("annotated/morphemes")`` reads one back. Each partition
writes its own files, so a partition that Dask recomputes (after a lost worker) overwrites them
and every document appears exactly once.

``threads`` is the number of threads ``annotate_many`` uses inside one Dask task; the default 1
suits one Dask thread per core (``threads_per_worker=1``, as many workers as cores); with one
worker process per machine and one thread, use ``threads=None`` (all cores).
"""

from __future__ import annotations

import json
import os
import socket
import time
from typing import Any, Iterable

import dask
import dask.bag as db

import dikduk
from dikduk import _dikduk

__all__ = ["read_texts", "from_dataframe", "annotate", "annotate_corpus", "TABLE_NAMES"]

#: The tables written by ``annotate_corpus``, one folder each.
TABLE_NAMES: tuple[str, ...] = tuple(name for name, _ in _dikduk.table_columns())

_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
_PARQUET_SUFFIXES = (".parquet", ".pq")


def _format_of(urlpath: str | list[str]) -> str:
    path = urlpath[0] if isinstance(urlpath, (list, tuple)) else urlpath
    name = str(path).lower()
    for compression in (".gz", ".bz2", ".xz", ".zst"):
        name = name.removesuffix(compression)
    if name.endswith(_JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(_PARQUET_SUFFIXES) or name.endswith("/") or "." not in os.path.basename(name):
        return "parquet"
    raise ValueError(f"cannot tell the format of {path!r}: give format='jsonl' or 'parquet'")


def _record(r: dict[str, Any], id_column: str, text_column: str) -> dict[str, Any]:
    try:
        return {"id": r[id_column], "text": r[text_column]}
    except (KeyError, TypeError):
        shown = repr(r)[:80]
        raise ValueError(
            f"every record needs {id_column!r} and {text_column!r}, got {shown}"
        ) from None


def _jsonl_records(lines: Iterable[str], id_column: str, text_column: str) -> list[dict[str, Any]]:
    return [_record(json.loads(line), id_column, text_column) for line in lines if line.strip()]


def read_texts(
    urlpath: str | list[str],
    *,
    format: str | None = None,
    blocksize: str | int | None = "4MiB",
    id_column: str = "id",
    text_column: str = "text",
) -> db.Bag:
    """Read ``{id, text}`` records from JSON Lines or Parquet files into a Dask bag.

    ``urlpath`` is a path, a glob (``corpus/*.jsonl``), a list of them, or an fsspec URL;
    ``format`` is ``"jsonl"`` or ``"parquet"`` (default: from the extension; a directory is
    Parquet). JSON Lines files are cut into partitions of about ``blocksize`` bytes at line
    boundaries (compressed files make one partition each); Parquet files give one partition per
    row group or file, as ``dask.dataframe.read_parquet`` does. Records are dicts
    ``{"id": ..., "text": ...}``, whatever the column names in the files.
    """
    format = format or _format_of(urlpath)
    if format == "jsonl":
        compressed = str(urlpath[0] if isinstance(urlpath, (list, tuple)) else urlpath).endswith(
            (".gz", ".bz2", ".xz", ".zst")
        )
        lines = db.read_text(
            urlpath, blocksize=None if compressed else blocksize, compression="infer"
        )
        return lines.map_partitions(_jsonl_records, id_column, text_column)
    if format == "parquet":
        import dask.dataframe as dd

        df = dd.read_parquet(urlpath, columns=[id_column, text_column])
        return from_dataframe(df, id_column=id_column, text_column=text_column)
    raise ValueError(f"format must be 'jsonl' or 'parquet', got {format!r}")


def from_dataframe(df: Any, *, id_column: str = "id", text_column: str = "text") -> db.Bag:
    """A bag of ``{id, text}`` records from a Dask DataFrame with those two columns."""
    return df[[id_column, text_column]].to_bag(format="dict").map_partitions(
        lambda rs: [_record(r, id_column, text_column) for r in rs]
    )


def _as_bag(texts: db.Bag | Any, **read: Any) -> db.Bag:
    if isinstance(texts, db.Bag):
        return texts
    if isinstance(texts, (str, os.PathLike, list, tuple)):
        return read_texts(texts if not isinstance(texts, os.PathLike) else os.fspath(texts), **read)
    if hasattr(texts, "to_bag"):  # a Dask DataFrame
        return from_dataframe(texts, **{k: v for k, v in read.items() if k.endswith("_column")})
    raise TypeError(f"texts must be a dask Bag, a Dask DataFrame or a path, got {type(texts).__name__}")


def _annotate_partition(records: Iterable[dict[str, Any]], threads: int | None, options: dict[str, Any]) -> list[dict[str, Any]]:
    records = list(records)
    docs = dikduk.annotate_many([r["text"] for r in records], threads=threads, **options)
    return [{"id": r["id"], "document": d} for r, d in zip(records, docs)]


def annotate(texts: db.Bag | Any, *, threads: int | None = 1, **options: Any) -> db.Bag:
    """A bag of ``{"id": ..., "document": {...}}``: every partition of ``texts`` (a bag of
    ``{id, text}`` records, a Dask DataFrame with ``id`` and ``text`` columns, or a path for
    ``read_texts``) annotated with ``annotate_many(threads=threads, **options)``."""
    bag = _as_bag(texts)
    return bag.map_partitions(_annotate_partition, threads, options)


def _write_partition(
    records: Iterable[dict[str, Any]],
    index: int,
    out: str,
    docs: bool,
    tables: bool,
    threads: int | None,
    options: dict[str, Any],
) -> dict[str, Any]:
    import fsspec

    start = time.perf_counter()
    records = list(records)
    ids = [r["id"] for r in records]
    texts = [r["text"] for r in records]
    fs, root = fsspec.core.url_to_fs(out)
    part = f"part-{index:05d}"
    raw, rows = _dikduk.annotate_many(texts, options, threads, "json" if docs else None, tables)
    counts = {"partition": index, "documents": len(records), "worker": f"{socket.gethostname()}:{os.getpid()}"}
    if docs:
        fs.makedirs(f"{root}/documents", exist_ok=True)
        with fs.open(f"{root}/documents/{part}.jsonl", "wb") as f:
            lines = [
                '{"id":' + json.dumps(doc_id, ensure_ascii=False) + ',"document":' + doc + "}\n"
                for doc_id, doc in zip(ids, raw)
            ]
            f.write("".join(lines).encode("utf-8"))
    if tables:
        import pyarrow.parquet as pq

        from dikduk._tables import from_rows

        t = from_rows(rows, ids, format="arrow")
        for name, table in zip(TABLE_NAMES, t):
            fs.makedirs(f"{root}/{name}", exist_ok=True)
            with fs.open(f"{root}/{name}/{part}.parquet", "wb") as f:
                pq.write_table(table, f)
        counts["tokens"] = t.tokens.num_rows
        counts["words"] = t.morphemes.num_rows
        counts["entities"] = t.entities.num_rows
    counts["seconds"] = time.perf_counter() - start
    return counts


def annotate_corpus(
    texts: db.Bag | Any,
    out: str | os.PathLike[str],
    *,
    docs: bool = True,
    tables: bool = True,
    threads: int | None = 1,
    compute: bool = True,
    **options: Any,
) -> list[dict[str, Any]] | list[Any]:
    """Annotate a corpus and write it under ``out``, one set of files per partition.

    ``texts`` is a bag of ``{id, text}`` records, a Dask DataFrame with ``id`` and ``text``
    columns, or a path/glob/URL for ``read_texts``. Writes ``out/documents/part-NNNNN.jsonl``
    (with ``docs``) and ``out/<table>/part-NNNNN.parquet`` for every table of ``dikduk.tables()``
    (with ``tables``). ``threads`` and ``options`` go to ``annotate_many``.

    Returns one summary per partition (``partition``, ``documents``, the ``worker`` that did it as
    ``host:pid``, with ``tables`` the ``tokens``, ``words`` and ``entities`` written, and the
    ``seconds`` the partition took), or,
    with ``compute=False``, the ``dask.delayed`` tasks to compute later.
    """
    bag = _as_bag(texts)
    out = os.fspath(out)
    options = dict(options)
    dikduk.annotate("", **options)  # bad options fail here, not on the workers
    write = dask.delayed(_write_partition, pure=False)
    tasks = [
        write(part, i, out, docs, tables, threads, options)
        for i, part in enumerate(bag.to_delayed())
    ]
    if not compute:
        return tasks
    return list(dask.compute(*tasks))
