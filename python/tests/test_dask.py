"""dikduk.dask on a real dask.distributed LocalCluster: 2 worker processes, a few thousand
generated news-like documents; every document comes out exactly once, equal to a direct annotate."""

from __future__ import annotations

import json
import logging
from collections import Counter

import pytest

pytest.importorskip("dask.distributed")
pd = pytest.importorskip("pandas")

import dask  # noqa: E402
from dask.distributed import Client, LocalCluster  # noqa: E402

import dikduk  # noqa: E402
import dikduk.dask as dkd  # noqa: E402

from conftest import news_corpus  # noqa: E402

N_DOCS = 2500


@pytest.fixture(scope="module")
def client():
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
    ) as cluster, Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(sentences, tmp_path_factory):
    docs = news_corpus(sentences, N_DOCS)
    folder = tmp_path_factory.mktemp("corpus")
    with open(folder / "news.jsonl", "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return docs, folder


def read_jsonl(folder):
    lines = []
    for part in sorted(folder.glob("part-*.jsonl")):
        lines += part.read_text(encoding="utf-8").splitlines()
    return lines


def test_corpus_on_a_local_cluster(client, corpus, tmp_path):
    docs, folder = corpus
    assert len(client.scheduler_info()["workers"]) == 2
    texts = dkd.read_texts(str(folder / "news.jsonl"), blocksize="256KiB")
    assert texts.npartitions >= 4
    out = tmp_path / "out"
    summary = dkd.annotate_corpus(texts, out)
    assert sum(s["documents"] for s in summary) == N_DOCS
    assert sorted(s["partition"] for s in summary) == list(range(texts.npartitions))
    # Both worker processes did some of the work.
    assert len({s["worker"] for s in summary}) == 2, summary

    # Every document exactly once, equal to a direct annotate of its text.
    lines = read_jsonl(out / "documents")
    ids = [json.loads(line)["id"] for line in lines]
    assert Counter(ids) == Counter(d["id"] for d in docs)
    expected = dikduk.annotate_many_json([d["text"] for d in docs])
    by_id = {d["id"]: '{"id":' + json.dumps(d["id"]) + ',"document":' + e + "}" for d, e in zip(docs, expected)}
    assert all(line == by_id[i] for i, line in zip(ids, lines))
    some = docs[:: N_DOCS // 10]
    parsed = {i: json.loads(line)["document"] for i, line in zip(ids, lines)}
    for d in some:
        assert parsed[d["id"]] == dikduk.annotate(d["text"])

    # The tables: one dataset per table, rows for every document.
    tokens = pd.read_parquet(out / "tokens")
    per_doc = tokens.groupby("doc_id").size()
    assert per_doc.to_dict() == {i: len(doc["tokens"]) for i, doc in parsed.items()}
    assert sum(s["tokens"] for s in summary) == len(tokens)
    morphemes = pd.read_parquet(out / "morphemes")
    assert len(morphemes) == sum(s["words"] for s in summary)
    for name in dkd.TABLE_NAMES:
        assert len(list((out / name).glob("part-*.parquet"))) == texts.npartitions
    sample = some[1]["id"]
    direct = dikduk.tables([parsed[sample]], [sample]).entities
    got = pd.read_parquet(out / "entities", filters=[("doc_id", "==", sample)]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, direct, check_dtype=False)


def test_parquet_input_and_options(client, corpus, tmp_path):
    docs, _ = corpus
    small = pd.DataFrame(docs[:300]).rename(columns={"id": "key", "text": "body"})
    small.to_parquet(tmp_path / "in.parquet", row_group_size=50)
    texts = dkd.read_texts(str(tmp_path / "in.parquet"), id_column="key", text_column="body")
    summary = dkd.annotate_corpus(texts, tmp_path / "out", tables=False, parse=False, entities=False)
    assert sum(s["documents"] for s in summary) == 300
    assert not (tmp_path / "out" / "tokens").exists()
    records = [json.loads(line) for line in read_jsonl(tmp_path / "out" / "documents")]
    assert sorted(r["id"] for r in records) == sorted(d["id"] for d in docs[:300])
    text_of = {d["id"]: d["text"] for d in docs}
    for r in records[::30]:
        assert r["document"] == dikduk.annotate(text_of[r["id"]], parse=False, entities=False)

    # The bag API: documents as dicts.
    bag = dkd.annotate(texts, threads=1, values=False)
    got = {r["id"]: r["document"] for r in bag.compute()}
    assert len(got) == 300 and got[docs[7]["id"]] == dikduk.annotate(docs[7]["text"], values=False)

    # Bad options fail at once, on the client, with the API's message.
    with pytest.raises(ValueError, match="unknown option"):
        dkd.annotate_corpus(texts, tmp_path / "never", bogus=True)
    # compute=False: delayed tasks, one per partition.
    tasks = dkd.annotate_corpus(texts, tmp_path / "later", compute=False)
    assert len(tasks) == texts.npartitions
    assert sum(s["documents"] for s in dask.compute(*tasks)) == 300
