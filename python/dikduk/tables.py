"""Flat tables of ``dikduk/1`` documents: one pandas DataFrame per kind of item, one row per item.

``tables(docs, ids)`` returns a ``Tables`` named tuple with these DataFrames. Every row starts with
``doc_id`` and the item's ``*_id``, its position in the document's array (0-based); offsets
(``start``, ``end``) are UTF-16 code units into the document's text, as in the document.

- ``sentences``: doc_id, sentence_id, start, end, token_start, token_end
- ``tokens``: doc_id, token_id, sentence_id, start, end, text, kind, morpheme_start, morpheme_end
- ``morphemes``: doc_id, morpheme_id (counting all morphemes of the document), token_id,
  sentence_id, word_id (the CoNLL-U ID: 1-based within the sentence), form, upos, lemma, feats,
  head (a word_id, 0 for the root; null when the parse is off), deprel, start, end and token (the
  token's offsets and text)
- ``entities``: doc_id, entity_id, label, start, end, text, token_start, token_end,
  morpheme_start, morpheme_end, group_id (its entity group), group_name (the group's name)
- ``values``: doc_id, value_id, kind, start, end, text, value (the normalised value as JSON text:
  ``json.loads`` it), modifier
- ``quotes``: doc_id, quote_id, start, end, text, speaker_id (an entity_id or null), speaker (that
  entity's text), speaker_name (its group's name)
- ``groups``: doc_id, group_id, name, label, count, titles (a list of str)

``Tables.to_arrow()`` gives pyarrow Tables with fixed column types (the same for every batch of
documents, so Parquet files written batch by batch form one dataset), and
``Tables.to_parquet(directory)`` writes ``directory/<name>.parquet`` for each.
"""

from __future__ import annotations

import json
import os
from typing import Any, Iterable, Mapping, NamedTuple

import pandas as pd

__all__ = ["tables", "Tables", "COLUMNS", "NAMES"]

# Column kinds: "int" (int64), "int?" (nullable int64), "str", "str?" (nullable), "list[str]".
# doc_id keeps the type of the ids given.
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "sentences": [
        ("sentence_id", "int"), ("start", "int"), ("end", "int"),
        ("token_start", "int"), ("token_end", "int"),
    ],
    "tokens": [
        ("token_id", "int"), ("sentence_id", "int"), ("start", "int"), ("end", "int"),
        ("text", "str"), ("kind", "str"), ("morpheme_start", "int"), ("morpheme_end", "int"),
    ],
    "morphemes": [
        ("morpheme_id", "int"), ("token_id", "int"), ("sentence_id", "int"), ("word_id", "int"),
        ("form", "str"), ("upos", "str"), ("lemma", "str"), ("feats", "str"),
        ("head", "int?"), ("deprel", "str?"), ("start", "int"), ("end", "int"), ("token", "str"),
    ],
    "entities": [
        ("entity_id", "int"), ("label", "str"), ("start", "int"), ("end", "int"), ("text", "str"),
        ("token_start", "int"), ("token_end", "int"), ("morpheme_start", "int"),
        ("morpheme_end", "int"), ("group_id", "int?"), ("group_name", "str?"),
    ],
    "values": [
        ("value_id", "int"), ("kind", "str"), ("start", "int"), ("end", "int"), ("text", "str"),
        ("value", "str"), ("modifier", "str?"),
    ],
    "quotes": [
        ("quote_id", "int"), ("start", "int"), ("end", "int"), ("text", "str"),
        ("speaker_id", "int?"), ("speaker", "str?"), ("speaker_name", "str?"),
    ],
    "groups": [
        ("group_id", "int"), ("name", "str"), ("label", "str"), ("count", "int"),
        ("titles", "list[str]"),
    ],
}
#: The table names, in the order of the ``Tables`` fields.
NAMES: tuple[str, ...] = tuple(COLUMNS)


class Tables(NamedTuple):
    """The flat tables of some documents (see the module's docstring for the columns)."""

    sentences: pd.DataFrame
    tokens: pd.DataFrame
    morphemes: pd.DataFrame
    entities: pd.DataFrame
    values: pd.DataFrame
    quotes: pd.DataFrame
    groups: pd.DataFrame

    def to_arrow(self) -> dict[str, Any]:
        """Each table as a ``pyarrow.Table`` with fixed column types (needs pyarrow)."""
        import pyarrow as pa

        kinds = {
            "int": pa.int64(), "int?": pa.int64(), "str": pa.string(), "str?": pa.string(),
            "list[str]": pa.list_(pa.string()),
        }
        arrow = {name: pa.Table.from_pandas(df, preserve_index=False) for name, df in self._asdict().items()}
        # doc_id: the type found in any table with rows (all share the ids), else string.
        id_type = next(
            (t.schema.field("doc_id").type for t in arrow.values()
             if t.num_rows and not pa.types.is_null(t.schema.field("doc_id").type)),
            pa.string(),
        )
        out = {}
        for name, t in arrow.items():
            schema = pa.schema(
                [pa.field("doc_id", id_type)] + [pa.field(c, kinds[k]) for c, k in COLUMNS[name]]
            )
            out[name] = t.select(schema.names).cast(schema)
        return out

    def to_parquet(self, directory: str | os.PathLike[str], **kwargs: Any) -> None:
        """Write ``directory/<name>.parquet`` for every table (needs pyarrow); ``kwargs`` go to
        ``pyarrow.parquet.write_table``."""
        import pyarrow.parquet as pq

        os.makedirs(directory, exist_ok=True)
        for name, t in self.to_arrow().items():
            pq.write_table(t, os.path.join(directory, f"{name}.parquet"), **kwargs)


def _frame(doc_ids: list[Any], cols: dict[str, list[Any]], name: str) -> pd.DataFrame:
    data: dict[str, Any] = {"doc_id": doc_ids}
    for c, kind in COLUMNS[name]:
        values = cols[c]
        if kind == "int":
            data[c] = pd.array(values, dtype="int64")
        elif kind == "int?":
            data[c] = pd.array(values, dtype="Int64")
        else:
            data[c] = values
    return pd.DataFrame(data)


def tables(docs: Iterable[Mapping[str, Any] | str], ids: Iterable[Any] | None = None) -> Tables:
    """Flatten documents (dicts from ``annotate``/``annotate_many``, or their JSON text) into a
    ``Tables`` of pandas DataFrames; ``ids`` (default 0, 1, ...) fill the ``doc_id`` column and
    must be as many as the documents."""
    docs = list(docs)
    ids = list(range(len(docs))) if ids is None else list(ids)
    if len(ids) != len(docs):
        raise ValueError(f"{len(ids)} ids for {len(docs)} documents")
    cols = {name: {c: [] for c, _ in spec} for name, spec in COLUMNS.items()}
    doc_ids: dict[str, list[Any]] = {name: [] for name in COLUMNS}

    S, T, M, E, V, Q, G = (cols[n] for n in NAMES)
    for doc_id, doc in zip(ids, docs):
        if isinstance(doc, str):
            doc = json.loads(doc)
        elif not isinstance(doc, Mapping):
            raise TypeError(f"documents must be dicts or JSON text, got {type(doc).__name__}")
        tokens = doc["tokens"]
        sentences = doc["sentences"]
        entities = doc["entities"]
        groups = doc["entity_groups"]

        # sentences
        doc_ids["sentences"] += [doc_id] * len(sentences)
        S["sentence_id"] += range(len(sentences))
        for key in ("start", "end", "token_start", "token_end"):
            S[key] += [s[key] for s in sentences]

        # tokens and morphemes, sentence by sentence
        sentence_of = [-1] * len(tokens)
        for si, s in enumerate(sentences):
            sentence_of[s["token_start"]:s["token_end"]] = [si] * (s["token_end"] - s["token_start"])
        t_ids, t_mstart, t_mend = [], [], []
        m_tok, m_word, m_sent = [], [], []
        m_form, m_upos, m_lemma, m_feats, m_head, m_deprel, m_start, m_end, m_text = (
            [], [], [], [], [], [], [], [], []
        )
        n_morph, word, last_sentence = 0, 0, -2
        for ti, t in enumerate(tokens):
            si = sentence_of[ti]
            if si != last_sentence:
                word, last_sentence = 0, si
            morphemes = t["morphemes"]
            k = len(morphemes)
            t_ids.append(ti)
            t_mstart.append(n_morph)
            t_mend.append(n_morph + k)
            n_morph += k
            m_tok += [ti] * k
            m_sent += [si] * k
            m_word += range(word + 1, word + k + 1)
            word += k
            m_start += [t["start"]] * k
            m_end += [t["end"]] * k
            m_text += [t["text"]] * k
            for m in morphemes:
                m_form.append(m["form"])
                m_upos.append(m["upos"])
                m_lemma.append(m["lemma"])
                m_feats.append(m["feats"])
                m_head.append(m.get("head"))
                m_deprel.append(m.get("deprel"))
        doc_ids["tokens"] += [doc_id] * len(tokens)
        T["token_id"] += t_ids
        T["sentence_id"] += sentence_of
        T["start"] += [t["start"] for t in tokens]
        T["end"] += [t["end"] for t in tokens]
        T["text"] += [t["text"] for t in tokens]
        T["kind"] += [t["kind"] for t in tokens]
        T["morpheme_start"] += t_mstart
        T["morpheme_end"] += t_mend
        doc_ids["morphemes"] += [doc_id] * n_morph
        M["morpheme_id"] += range(n_morph)
        M["token_id"] += m_tok
        M["sentence_id"] += m_sent
        M["word_id"] += m_word
        M["form"] += m_form
        M["upos"] += m_upos
        M["lemma"] += m_lemma
        M["feats"] += m_feats
        M["head"] += m_head
        M["deprel"] += m_deprel
        M["start"] += m_start
        M["end"] += m_end
        M["token"] += m_text

        # entities and their groups
        group_of: dict[int, int] = {}
        for gi, g in enumerate(groups):
            for e in g["mentions"]:
                group_of[e] = gi
        doc_ids["entities"] += [doc_id] * len(entities)
        E["entity_id"] += range(len(entities))
        for key in ("label", "start", "end", "text", "token_start", "token_end",
                    "morpheme_start", "morpheme_end"):
            E[key] += [e[key] for e in entities]
        entity_groups = [group_of.get(i) for i in range(len(entities))]
        E["group_id"] += entity_groups
        E["group_name"] += [None if g is None else groups[g]["name"] for g in entity_groups]

        doc_ids["groups"] += [doc_id] * len(groups)
        G["group_id"] += range(len(groups))
        for key in ("name", "label", "count", "titles"):
            G[key] += [g[key] for g in groups]

        # values
        values = doc["values"]
        doc_ids["values"] += [doc_id] * len(values)
        V["value_id"] += range(len(values))
        for key in ("kind", "start", "end", "text"):
            V[key] += [v[key] for v in values]
        V["value"] += [json.dumps(v["value"], ensure_ascii=False) for v in values]
        V["modifier"] += [v.get("modifier") for v in values]

        # quotes
        quotes = doc["quotes"]
        doc_ids["quotes"] += [doc_id] * len(quotes)
        Q["quote_id"] += range(len(quotes))
        for key in ("start", "end", "text"):
            Q[key] += [q[key] for q in quotes]
        speakers = [q.get("speaker") for q in quotes]
        Q["speaker_id"] += speakers
        Q["speaker"] += [None if s is None else entities[s]["text"] for s in speakers]
        Q["speaker_name"] += [
            None if s is None or s not in group_of else groups[group_of[s]]["name"] for s in speakers
        ]

    return Tables(*(_frame(doc_ids[n], cols[n], n) for n in NAMES))
