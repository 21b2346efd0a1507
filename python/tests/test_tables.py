"""dikduk.tables and annotate_tables: one row per item, the document's values, fixed types."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pytest

import dikduk


@pytest.fixture(scope="module")
def corpus(sentences):
    texts = [" ".join(sentences[i:i + 6]) for i in range(0, 240, 6)]
    texts[3] = 'ראש הממשלה בנימין נתניהו אמר: "נפעל בנחישות". נתניהו נפגש עם 3 שרים ב-5 במאי 2024.'
    return texts, [f"n{i}" for i in range(len(texts))], dikduk.annotate_many(texts)


def test_row_counts_and_ids(corpus):
    texts, ids, docs = corpus
    t = dikduk.tables(docs, ids)
    assert t._fields == ("sentences", "tokens", "morphemes", "entities", "values", "quotes", "groups")
    count = lambda key: sum(len(d[key]) for d in docs)  # noqa: E731
    assert len(t.sentences) == count("sentences")
    assert len(t.tokens) == count("tokens")
    assert len(t.morphemes) == sum(len(tok["morphemes"]) for d in docs for tok in d["tokens"])
    assert len(t.entities) == count("entities") > 0
    assert len(t.values) == count("values") > 0
    assert len(t.quotes) == count("quotes") > 0
    assert len(t.groups) == count("entity_groups") > 0
    assert list(t.tokens.groupby("doc_id", sort=False).size().index) == ids
    assert list(dikduk.tables(docs).tokens["doc_id"].unique()) == list(range(len(docs)))


def test_values_match_the_documents(corpus):
    texts, ids, docs = corpus
    t = dikduk.tables(docs, ids)
    by_id = dict(zip(ids, zip(texts, docs)))
    for row in t.tokens.itertuples():
        text, doc = by_id[row.doc_id]
        tok = doc["tokens"][row.token_id]
        assert (row.start, row.end, row.text, row.kind) == (tok["start"], tok["end"], tok["text"], tok["kind"])
        assert text[row.start:row.end] == row.text
        s = doc["sentences"][row.sentence_id]
        assert s["token_start"] <= row.token_id < s["token_end"]
        assert row.morpheme_end - row.morpheme_start == len(tok["morphemes"])
    for row in t.entities.itertuples():
        e = by_id[row.doc_id][1]["entities"][row.entity_id]
        assert (row.label, row.text, row.morpheme_start) == (e["label"], e["text"], e["morpheme_start"])
        g = by_id[row.doc_id][1]["entity_groups"][row.group_id]
        assert row.entity_id in g["mentions"] and row.group_name == g["name"]
    for row in t.values.itertuples():
        v = by_id[row.doc_id][1]["values"][row.value_id]
        assert json.loads(row.value) == v["value"] and row.text == v["text"]
        assert (row.modifier if isinstance(row.modifier, str) else None) == v.get("modifier")
    for row in t.quotes.itertuples():
        doc = by_id[row.doc_id][1]
        q = doc["quotes"][row.quote_id]
        assert row.text == q["text"]
        if q["speaker"] is None:
            assert pd.isna(row.speaker_id)
        else:
            assert row.speaker_id == q["speaker"] and row.speaker == doc["entities"][q["speaker"]]["text"]
    for row in t.groups.itertuples():
        g = by_id[row.doc_id][1]["entity_groups"][row.group_id]
        assert (row.name, row.label, row.count, list(row.titles)) == (g["name"], g["label"], g["count"], g["titles"])


def test_morphemes_are_the_conllu_words(corpus):
    texts, ids, docs = corpus
    m = dikduk.tables(docs[:3], ids[:3]).morphemes
    for doc_id, doc in zip(ids[:3], docs[:3]):
        words = [
            line.split("\t") for line in dikduk.to_conllu(doc).splitlines()
            if line and not line.startswith("#") and "-" not in line.split("\t")[0]
        ]
        rows = m[m.doc_id == doc_id]
        assert [
            (str(r.word_id), r.form, r.lemma, r.upos, r.feats or "_", str(r.head), r.deprel)
            for r in rows.itertuples()
        ] == [(w[0], w[1], w[2], w[3], w[5], w[6], w[7]) for w in words]


def test_annotate_tables_equals_tables_of_annotate_many(corpus):
    texts, ids, docs = corpus
    for threads in (1, None):
        a = dikduk.annotate_tables(texts, ids, threads=threads)
        b = dikduk.tables(docs, ids)
        for x, y in zip(a, b):
            pd.testing.assert_frame_equal(x, y)
    c = dikduk.tables([dikduk.annotate_json(t) for t in texts], ids)
    for x, y in zip(c, b):
        pd.testing.assert_frame_equal(x, y)


def test_types_are_fixed_across_batches(tmp_path, corpus):
    texts, ids, docs = corpus
    batches = [
        dikduk.annotate_tables(texts[:5], ids[:5], format="arrow"),
        dikduk.annotate_tables(texts[5:10], ids[5:10], parse=False, format="arrow"),
        dikduk.annotate_tables(["", "שלום"], ["e0", "e1"], format="arrow"),
        dikduk.tables([], [], format="arrow"),
    ]
    for name in batches[0]._fields:
        schemas = {getattr(b, name).schema.remove_metadata().to_string() for b in batches[:3]}
        assert len(schemas) == 1, (name, schemas)
    assert batches[1].morphemes.column("head").null_count == batches[1].morphemes.num_rows > 0
    assert batches[0].morphemes.schema.field("head").type == pa.int64()
    pdf = dikduk.annotate_tables(texts[5:10], parse=False)
    assert str(pdf.morphemes["head"].dtype) == "Int64"
    assert all(len(getattr(batches[3], n)) == 0 for n in batches[3]._fields)
    # Parquet, batch by batch, reads back as one dataset.
    for i, b in enumerate(batches[:3]):
        b.to_parquet(tmp_path / f"batch{i}")
    import pyarrow.dataset as ds

    morphemes = ds.dataset([str(tmp_path / f"batch{i}" / "morphemes.parquet") for i in range(3)]).to_table()
    assert morphemes.num_rows == sum(b.morphemes.num_rows for b in batches[:3])
    t = dikduk.tables(docs, ids)
    t.to_parquet(tmp_path / "all")
    back = pd.read_parquet(tmp_path / "all" / "tokens.parquet")
    assert back["text"].tolist() == t.tokens["text"].tolist()
    assert back["start"].tolist() == t.tokens["start"].tolist()


def test_bad_input():
    doc = dikduk.annotate("שלום עולם")
    with pytest.raises(ValueError, match="1 ids for 2 documents"):
        dikduk.tables([doc, doc], ["a"])
    with pytest.raises(ValueError, match="1 ids for 2 texts"):
        dikduk.annotate_tables(["a", "b"], ["a"])
    with pytest.raises(TypeError, match="all str or all int"):
        dikduk.tables([doc, doc], ["a", 1])
    with pytest.raises(TypeError, match=r"docs\[1\] must be a dict or JSON text"):
        dikduk.tables([doc, 5])
    with pytest.raises(ValueError, match="not a dikduk/1 document"):
        dikduk.tables([{"tokens": []}])
    with pytest.raises(ValueError, match="format must be"):
        dikduk.tables([doc], format="csv")
    # Indices that point nowhere are left out or null, never a crash.
    bad = json.loads(json.dumps(doc))
    bad["sentences"][0]["token_end"] = 99
    bad["quotes"] = [{"start": 0, "end": 1, "text": "x", "speaker": 42}]
    bad["entity_groups"] = [{"name": "x", "label": "PER", "count": 1, "mentions": [7], "titles": []}]
    t = dikduk.tables([bad])
    assert pd.isna(t.quotes.speaker_id[0]) and len(t.groups) == 1
