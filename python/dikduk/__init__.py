"""dikduk (דקדוק): Hebrew text analysis from a Rust core, models embedded.

``annotate(text)`` returns the ``dikduk/1`` document (sentences, tokens, prefix segmentation into
morphemes with UPOS, lemma, features and a dependency parse, named entities and their groups,
values, quotes) as plain dicts and lists: the same document as the CLI's
``dikduk annotate --format json``. ``annotate_many(texts)`` does many texts on all cores;
``tables(docs)`` flattens documents into pandas DataFrames; ``dikduk.dask`` runs whole corpora on a
Dask cluster.

Every ``start``/``end`` in a document is a UTF-16 code-unit offset (the schema is shared with
JavaScript). For text without characters beyond U+FFFF (Hebrew, Latin, punctuation; not emoji)
that is the Python string index, so ``text[start:end]`` is the span; tokens, entities, values and
quotes also carry their own ``text``.

Options are keyword arguments: every field of the Rust core's ``Options`` is one, with the same
name, type and default (``option_names()`` lists them), among them the layers ``morphology``,
``entities``, ``values``, ``quotes`` and ``parse``, all on by default, and ``conventions``
(``"htb"``, the default, or ``"iahlt"``: the words written in the IAHLT conventions).
"""

from __future__ import annotations

import json as _json
from typing import Any, Iterable, Mapping

from . import _dikduk

__all__ = [
    "annotate",
    "annotate_json",
    "annotate_many",
    "annotate_many_json",
    "to_conllu",
    "tables",
    "annotate_tables",
    "version",
    "option_names",
    "MAX_INPUT_UTF16",
    "SCHEMA",
]

#: Longest text accepted, in UTF-16 code units (16 Mi); longer texts raise ``ValueError``.
MAX_INPUT_UTF16: int = _dikduk.MAX_INPUT_UTF16
#: The schema identifier in every document's ``schema`` field.
SCHEMA: str = _dikduk.SCHEMA


def annotate(text: str, /, **options: Any) -> dict[str, Any]:
    """Annotate one text and return its ``dikduk/1`` document as dicts and lists.

    ``options`` switch layers off, e.g. ``annotate(text, entities=False, parse=False)``; see
    ``option_names()``. The GIL is released while the text is analysed, so threads may call this
    concurrently.

    Raises ``TypeError`` if ``text`` is not a ``str``, ``ValueError`` for an unknown option, an
    option of the wrong type, or a text longer than ``MAX_INPUT_UTF16`` UTF-16 code units.
    """
    return _dikduk.annotate(text, options)


def annotate_json(text: str, /, **options: Any) -> str:
    """Like ``annotate``, but return the document as JSON text (the CLI's bytes, no newline)."""
    return _dikduk.annotate(text, options, True)


def annotate_many(
    texts: Iterable[str], *, threads: int | None = None, **options: Any
) -> list[dict[str, Any]]:
    """Annotate many texts on several threads and return their documents in input order.

    ``texts`` is any iterable of ``str`` (a list, a generator, a pandas Series); it is read as the
    work proceeds, with a bounded amount of text in flight. ``threads`` is the number of threads
    that annotate (default: all cores, or ``RAYON_NUM_THREADS``); the GIL is released while they
    run, and documents are converted to Python objects on the calling thread while the next texts
    are analysed. ``threads=1`` does everything on the calling thread: one core, as in a Dask
    worker with one thread. ``options`` are those of ``annotate``.

    Raises like ``annotate``; errors about one text name its index (``texts[3]: ...``).
    """
    return _dikduk.annotate_many(texts, options, threads, "dicts")[0]


def annotate_many_json(
    texts: Iterable[str], *, threads: int | None = None, **options: Any
) -> list[str]:
    """Like ``annotate_many``, but return each document as JSON text (cheapest to write to disk)."""
    return _dikduk.annotate_many(texts, options, threads, "json")[0]


def annotate_tables(
    texts: Iterable[str],
    ids: Iterable[Any] | None = None,
    *,
    threads: int | None = None,
    format: str = "pandas",
    **options: Any,
) -> "Tables":
    """Annotate many texts straight into flat tables: ``tables(annotate_many(texts), ids)``
    without making the documents (several times faster than that when the documents are not
    needed). ``ids`` must be as many as the texts; ``threads``, ``format`` and ``options`` are
    those of ``annotate_many`` and ``tables``.
    """
    from_rows = _tables_module().from_rows
    if ids is not None:
        ids = list(ids)
        if hasattr(texts, "__len__") and len(texts) != len(ids):  # type: ignore[arg-type]
            raise ValueError(f"{len(ids)} ids for {len(texts)} texts")  # type: ignore[arg-type]
    rows = _dikduk.annotate_many(texts, options, threads, None, True)[1]
    return from_rows(rows, ids, format)


def to_conllu(doc: Mapping[str, Any] | str, name: str = "dikduk") -> str:
    """Write a document (a dict from ``annotate``, or its JSON text) as CoNLL-U.

    The output is the CLI's ``--format conllu``: multiword-token lines for split prefixes, the
    parse in HEAD/DEPREL, entities as ``NER=`` in MISC. ``name`` prefixes the sentence ids
    (``# sent_id = name-1``). Raises ``ValueError`` for something that is not a ``dikduk/1``
    document.
    """
    if not isinstance(doc, str):
        doc = _json.dumps(doc, ensure_ascii=False)
    return _dikduk.to_conllu(doc, name)


def version() -> str:
    """The dikduk version that built this module (e.g. ``"0.1.0"``)."""
    return _dikduk.version()


def option_names() -> list[str]:
    """Names of the keyword options that ``annotate`` accepts (sorted)."""
    return _dikduk.option_names()


def _tables_module() -> Any:
    try:
        from . import _tables
    except ImportError as e:
        raise ImportError(
            f"dikduk's tables need pyarrow, and pandas for DataFrames ({e}): pip install pandas pyarrow"
        ) from e
    return _tables


def tables(
    docs: Iterable[Mapping[str, Any] | str], ids: Iterable[Any] | None = None, format: str = "pandas"
) -> "Tables":
    """Flatten documents into pandas DataFrames, one row per item, ready for Parquet.

    ``docs`` are documents from ``annotate``/``annotate_many`` (or their JSON text); ``ids``
    (default 0, 1, ...) fill the ``doc_id`` column and must be as many, all ``str`` or all
    ``int``. Returns a ``Tables`` named tuple of pandas DataFrames, or of pyarrow Tables with
    ``format="arrow"``. Every row starts with ``doc_id`` and the item's ``*_id``, its
    position in the document's array; offsets are UTF-16 code units, as in the document:

    - ``sentences``: doc_id, sentence_id, start, end, token_start, token_end
    - ``tokens``: doc_id, token_id, sentence_id, start, end, text, kind, morpheme_start,
      morpheme_end
    - ``morphemes``: doc_id, morpheme_id (counting all morphemes of the document), token_id,
      sentence_id, word_id (the CoNLL-U ID, 1-based within the sentence), form, upos, lemma,
      feats, head (a word_id, 0 for the root; null when the parse is off), deprel, start, end and
      token (the token's offsets and text)
    - ``entities``: doc_id, entity_id, label, start, end, text, token_start, token_end,
      morpheme_start, morpheme_end, group_id, group_name (the entity group it belongs to)
    - ``values``: doc_id, value_id, kind, start, end, text, value (the normalised value as JSON
      text), modifier
    - ``quotes``: doc_id, quote_id, start, end, text, speaker_id (an entity_id or null), speaker
      (that entity's text), speaker_name (its group's name)
    - ``groups``: doc_id, group_id, name, label, count, titles (a list of str)

    Column types are the same for any batch of documents (int64, nullable Int64 for ``head``,
    ``group_id`` and ``speaker_id``, strings), so Parquet files written batch by batch form one
    dataset: ``Tables.to_parquet(directory)`` writes ``directory/<name>.parquet`` for each.
    Needs pyarrow, and pandas for ``format="pandas"``. The rows are built in Rust from the
    documents' JSON; ``annotate_tables`` skips the documents altogether.
    """
    return _tables_module().tables(docs, ids, format)


def __getattr__(name: str) -> Any:
    if name == "Tables":
        return _tables_module().Tables
    raise AttributeError(f"module 'dikduk' has no attribute {name!r}")


__version__: str = _dikduk.version()
