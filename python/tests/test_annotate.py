"""dikduk.annotate, annotate_many, to_conllu, version: the same documents as the CLI, errors as
Python exceptions, the GIL released."""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path

import pytest

import dikduk

from conftest import run_cli

SHORT = 'ראש הממשלה נפגש אתמול בירושלים עם 3 שרים. "זה יום חשוב", אמר נתניהו.'


def test_version_matches_cli(cli):
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", dikduk.version())
    assert dikduk.__version__ == dikduk.version()
    assert run_cli(cli, "--version").split() == ["dikduk", dikduk.version()]


def test_module_is_abi3():
    # One build serves every CPython from 3.10 on (the stable ABI).
    assert dikduk._dikduk.__file__.endswith((".abi3.so", ".pyd"))


def test_document_shape():
    doc = dikduk.annotate(SHORT)
    assert doc["schema"] == dikduk.SCHEMA == "dikduk/1"
    assert list(doc) == [
        "schema", "version", "length", "paragraphs", "sentences", "tokens",
        "entities", "values", "quotes", "entity_groups",
    ]
    assert doc["length"] == len(SHORT)
    assert "".join(t["text"] for t in doc["tokens"]) == re.sub(r"\s", "", SHORT)
    for t in doc["tokens"]:
        assert SHORT[t["start"]:t["end"]] == t["text"]
    assert any(e["label"] == "PER" for e in doc["entities"])
    assert doc["quotes"] and doc["values"]


@pytest.mark.parametrize("which", ["sample", "htb_dev"])
def test_same_document_as_cli(which, cli, tmp_path, request):
    text = request.getfixturevalue(f"{which}_text")
    path = tmp_path / f"{which}.txt"
    path.write_text(text, encoding="utf-8")
    out = run_cli(cli, "annotate", str(path), "--format", "json")
    assert dikduk.annotate(text) == json.loads(out)
    # The JSON text is the CLI's, byte for byte.
    assert dikduk.annotate_json(text) + "\n" == out
    # Options: the CLI's --no list is the keyword arguments set to False.
    out = run_cli(cli, "annotate", str(path), "--format", "json", "--no", "parse,entities")
    assert dikduk.annotate(text, parse=False, entities=False) == json.loads(out)
    # CoNLL-U as the CLI writes it (the CLI names sentences after the file's stem).
    conllu = run_cli(cli, "annotate", str(path), "--format", "conllu")
    assert dikduk.to_conllu(dikduk.annotate(text), name=which) == conllu
    assert dikduk.to_conllu(dikduk.annotate_json(text), name=which) == conllu


def test_cli_jsonl_records_match_annotate_many(cli, sample_text):
    paragraphs = [p for p in sample_text.split("\n") if p.strip()]
    lines = "".join(json.dumps({"id": i, "text": p}, ensure_ascii=False) + "\n" for i, p in enumerate(paragraphs))
    records = [json.loads(line) for line in run_cli(cli, "annotate", "--jsonl", input=lines).splitlines()]
    assert [r["id"] for r in records] == list(range(len(paragraphs)))
    assert [r["document"] for r in records] == dikduk.annotate_many(paragraphs)


def test_every_option_is_a_keyword():
    names = dikduk.option_names()
    assert {"morphology", "entities", "values", "quotes", "parse"} <= set(names)
    # The layers are booleans; `conventions` names the UD conventions of the words written.
    valid = {"conventions": ("htb", "iahlt", None)}
    for name in names:
        for value in valid.get(name, (True, False, None)):
            dikduk.annotate(SHORT, **{name: value})
    iahlt = dikduk.annotate("ישבנו בבית.", conventions="iahlt")
    assert [m["form"] for m in iahlt["tokens"][1]["morphemes"]] == ["ב", "בית"]
    htb = dikduk.annotate("ישבנו בבית.")
    assert [m["form"] for m in htb["tokens"][1]["morphemes"]] == ["ב", "ה_", "בית"]
    all_off = dikduk.annotate(SHORT, **{n: False for n in names if n in {"morphology", "entities", "values", "quotes", "parse"}})
    assert all_off["entities"] == [] and all_off["values"] == [] and all_off["quotes"] == []
    assert all("head" not in m for t in all_off["tokens"] for m in t["morphemes"])
    # The type stubs name every option (add a new option to python/dikduk/__init__.pyi).
    stub = (Path(dikduk.__file__).parent / "__init__.pyi").read_text(encoding="utf-8")
    signature = stub[stub.index("def annotate("):stub.index(") -> Document:")]
    for name in names:
        assert f"    {name}:" in signature, f"option {name!r} is missing from __init__.pyi"


def test_errors_are_python_exceptions():
    for bad in (3, None, b"bytes", ["a"]):
        with pytest.raises(TypeError, match="text must be a str"):
            dikduk.annotate(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r'unknown option "entitys"; valid options are: .*entities'):
        dikduk.annotate("x", entitys=False)
    with pytest.raises(ValueError, match=r'option "entities" must be a boolean, got a string'):
        dikduk.annotate("x", entities="no")
    with pytest.raises(TypeError, match=r'option "entities" cannot be a set'):
        dikduk.annotate("x", entities={1})
    selfish: list = []
    selfish.append(selfish)
    with pytest.raises(ValueError, match="nested more than"):
        dikduk.annotate("x", entities=selfish)
    with pytest.raises(ValueError, match=r'option "entities" must be a boolean, got an array'):
        dikduk.annotate("x", entities=[1, {"a": None}])
    with pytest.raises(ValueError, match="input is too long: 16777217 UTF-16 code units"):
        dikduk.annotate("a" * (dikduk.MAX_INPUT_UTF16 + 1))
    # One emoji is two UTF-16 code units: the limit counts them as JavaScript does.
    with pytest.raises(ValueError, match="input is too long"):
        dikduk.annotate("😀" * (dikduk.MAX_INPUT_UTF16 // 2 + 1))
    with pytest.raises(TypeError, match="single str"):
        dikduk.annotate_many("abc")
    with pytest.raises(TypeError, match="iterable of str"):
        dikduk.annotate_many(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"texts\[2\] must be a str, got int"):
        dikduk.annotate_many(["א", "ב", 3])  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"texts\[1\]: input is too long"):
        dikduk.annotate_many(["א", "a" * (dikduk.MAX_INPUT_UTF16 + 1)])
    with pytest.raises(ValueError, match="threads must be at least 1"):
        dikduk.annotate_many(["א"], threads=0)
    with pytest.raises(ValueError, match="unknown option"):
        dikduk.annotate_many(["א"], bogus=True)
    with pytest.raises(ValueError, match="not a dikduk/1 document"):
        dikduk.to_conllu({"schema": "dikduk/1"})
    with pytest.raises(ValueError, match="not a dikduk/1 document"):
        dikduk.to_conllu("{")
    # An inconsistent document (token indices beyond the tokens) is an error, not a crash.
    doc = dikduk.annotate(SHORT)
    doc["sentences"][0]["token_end"] = 10_000
    try:
        dikduk.to_conllu(doc)
    except ValueError:
        pass
    # After all that the module still works.
    assert dikduk.annotate(SHORT) == dikduk.annotate_many([SHORT])[0]


def test_odd_strings_never_crash():
    odd = [
        "", " ", "\n\n\n", "\x00\x01\x02", "\ud800", "א\udfffב", "\ud83d\ude00 שלום",
        "😀" * 100, "\u200f\u200e\u05be" * 50, '""""' * 100, "א" * 100_000, ".\n" * 5000,
        "ל" + "\u05b0" * 1000, "https://example.com/א?ב=ג mail@example.co.il",
    ]
    docs = dikduk.annotate_many(odd)
    for text, doc in zip(odd, docs):
        assert doc == dikduk.annotate(text)
        units = len(text.encode("utf-16-le", "surrogatepass")) // 2
        assert doc["length"] == units
    # A lone surrogate reads as U+FFFD, one code unit like itself: offsets index the input.
    tokens = dikduk.annotate("א\ud800 ב")["tokens"]
    assert [(t["start"], t["end"]) for t in tokens] == [(0, 1), (1, 2), (3, 4)]
    assert tokens[1]["text"] == "\ufffd"
    # Emoji are two UTF-16 code units.
    doc = dikduk.annotate("😀 שלום")
    assert (doc["tokens"][-1]["start"], doc["tokens"][-1]["end"]) == (3, 7)


@pytest.fixture(scope="module")
def varied(sentences):
    """Texts of very different lengths (so that they finish out of order) and their documents."""
    texts = [" ".join(sentences[i:i + (i * 7) % 23 + 1]) for i in range(0, 240, 4)]
    return texts, [dikduk.annotate(t) for t in texts]


@pytest.mark.parametrize("threads", [1, 2, None])
def test_annotate_many_keeps_order(threads, varied):
    texts, expected = varied
    assert dikduk.annotate_many(texts, threads=threads) == expected
    assert dikduk.annotate_many((t for t in texts), threads=threads) == expected
    assert [json.loads(d) for d in dikduk.annotate_many_json(texts, threads=threads)] == expected
    assert dikduk.annotate_many([], threads=threads) == []


def test_annotate_many_options(varied):
    texts, _ = varied
    assert dikduk.annotate_many(texts[:20], entities=False, parse=False) == [
        dikduk.annotate(t, entities=False, parse=False) for t in texts[:20]
    ]


def test_annotate_many_reads_lazily():
    seen = []

    def gen():
        for i in range(5000):
            seen.append(i)
            yield "שלום"

    it = gen()
    assert len(dikduk.annotate_many(it, threads=1)) == 5000
    assert seen == list(range(5000))


def test_gil_released(sample_text):
    """Another Python thread runs while annotate and annotate_many work."""
    text = sample_text * 20
    for call in (lambda: dikduk.annotate(text), lambda: dikduk.annotate_many([text, text])):
        ticks = 0
        stop = threading.Event()

        def count():
            nonlocal ticks
            while not stop.is_set():
                ticks += 1
                time.sleep(0.001)

        t = threading.Thread(target=count)
        start = time.perf_counter()
        t.start()
        call()
        elapsed = time.perf_counter() - start
        stop.set()
        t.join()
        # Holding the GIL would leave the counter at (nearly) zero for the whole call.
        assert elapsed > 0.05 and ticks >= 10, (elapsed, ticks)


def test_annotate_in_threads(sentences):
    from concurrent.futures import ThreadPoolExecutor

    texts = [" ".join(sentences[i:i + 5]) for i in range(40)]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(dikduk.annotate, texts)) == [dikduk.annotate(t) for t in texts]
