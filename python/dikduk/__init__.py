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

Options are keyword arguments, all on by default: ``morphology``, ``entities``, ``values``,
``quotes``, ``parse`` (``option_names()`` lists them; every option of the Rust core is one).
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
    "version",
    "option_names",
    "Tables",
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
    work proceeds, with a bounded amount of text in flight. ``threads`` is the number of worker
    threads (default: all cores, or ``RAYON_NUM_THREADS``); the GIL is released while they run,
    and documents are converted to Python objects on the calling thread while the next texts are
    analysed. ``options`` are those of ``annotate``.

    Raises like ``annotate``; errors about one text name its index (``texts[3]: ...``).
    """
    return _dikduk.annotate_many(texts, options, threads)


def annotate_many_json(
    texts: Iterable[str], *, threads: int | None = None, **options: Any
) -> list[str]:
    """Like ``annotate_many``, but return each document as JSON text (cheapest to write to disk)."""
    return _dikduk.annotate_many(texts, options, threads, True)


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


def tables(docs: Iterable[Mapping[str, Any]], ids: Iterable[Any] | None = None) -> "Tables":
    """Flatten documents into pandas DataFrames, one row per item, ready for Parquet.

    Returns a ``Tables`` named tuple of DataFrames: ``sentences``, ``tokens``, ``morphemes``,
    ``entities``, ``values`` and ``quotes``. Every row has ``doc_id`` (from ``ids``, default the
    document's position 0, 1, ...) and the item's index and offsets; see ``dikduk.tables`` for
    the columns. Needs pandas.
    """
    from .tables import tables as _tables

    return _tables(docs, ids)


def __getattr__(name: str) -> Any:
    if name == "Tables":
        from .tables import Tables

        return Tables
    raise AttributeError(f"module 'dikduk' has no attribute {name!r}")


__version__: str = _dikduk.version()
