#!/usr/bin/env python3
"""Throughput of the Python package against the CLI, measured in one run on one corpus.

Words per second (syntactic words, as in the CoNLL-U output) for: the CLI's JSON Lines mode on one
thread and on all cores, dikduk.annotate in a loop (one thread), annotate_many on one thread and on
all cores, annotate_tables, and dikduk.dask.annotate_corpus (documents as JSON Lines + tables as
Parquet) on a dask.distributed LocalCluster of 1 and of 2 worker processes. The configurations take
turns, round after round, and each figure is the median of its rounds, so a change in the
machine's load hits them alike.

The corpus is the HTB test text (the `# text = ` lines of ../shared/data/htb-nemo/he_htb-nemo-test.conllu)
cut into documents of 20 sentences, repeated --copies times. Use release builds of both sides:

    cargo build --release
    (cd python && VIRTUAL_ENV="$PWD/../.venv" ../.venv/bin/maturin develop --release)
    .venv/bin/python benches/python_bench.py --write docs/BENCHMARKS.md

Writes target/bench/python.json; with --write, replaces the "From Python" section of that
Markdown file (between its python-bench markers, which benches/report.mjs keeps), or appends it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HTB_TEST = REPO.parent / "shared" / "data" / "htb-nemo" / "he_htb-nemo-test.conllu"
BEGIN, END = "<!-- python-bench:begin -->", "<!-- python-bench:end -->"


def corpus(copies: int, per_doc: int) -> list[dict[str, str]]:
    sentences = [
        line[len("# text = "):]
        for line in HTB_TEST.read_text(encoding="utf-8").splitlines()
        if line.startswith("# text = ")
    ]
    docs = [" ".join(sentences[i:i + per_doc]) for i in range(0, len(sentences), per_doc)]
    return [{"id": f"c{c}-d{i}", "text": t} for c in range(copies) for i, t in enumerate(docs)]


def sh(*cmd: str) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=REPO).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "n/a"


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "n/a"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", default=str(REPO / "target" / "release" / "dikduk"), help="the dikduk binary (default target/release/dikduk)")
    ap.add_argument("--copies", type=int, default=12, help="copies of the HTB test text in the corpus (default 12)")
    ap.add_argument("--per-doc", type=int, default=20, help="sentences per document (default 20)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds; each figure is the median (default 3)")
    ap.add_argument("--partitions", type=int, default=16, help="Dask partitions of the corpus (default 16)")
    ap.add_argument("--out", default=str(REPO / "target" / "bench" / "python.json"))
    ap.add_argument("--write", metavar="MARKDOWN", help="put the results into this file (docs/BENCHMARKS.md)")
    ap.add_argument("--note", default="", help="a line about the conditions, for the Markdown")
    args = ap.parse_args()

    if not HTB_TEST.exists():
        print(f"skipped: {HTB_TEST} is missing (../shared/data)", file=sys.stderr)
        return 0
    if not Path(args.cli).exists():
        print(f"error: no CLI at {args.cli}; cargo build --release", file=sys.stderr)
        return 1

    import dikduk
    import dikduk.dask as dkd
    from dask.distributed import Client, LocalCluster

    records = corpus(args.copies, args.per_doc)
    texts = [r["text"] for r in records]
    jsonl = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    docs = dikduk.annotate_many(texts)
    words = sum(len(t["morphemes"]) for d in docs for t in d["tokens"])
    tokens = sum(len(d["tokens"]) for d in docs)
    del docs
    cores = os.cpu_count() or 1
    print(f"corpus: {len(records)} documents, {len(jsonl.encode()):,} bytes of JSON Lines, {tokens:,} tokens, {words:,} words; {cores} cores", file=sys.stderr)

    tmp = Path(tempfile.mkdtemp(prefix="dikduk-bench-"))
    (tmp / "corpus.jsonl").write_text(jsonl, encoding="utf-8")
    blocksize = max(1, len(jsonl.encode()) // args.partitions + 1)
    load_start = loadavg()

    def cli(threads: int | None):
        env = dict(os.environ)
        env.pop("RAYON_NUM_THREADS", None)
        if threads:
            env["RAYON_NUM_THREADS"] = str(threads)

        def run():
            subprocess.run([args.cli, "annotate", "--jsonl"], input=jsonl.encode(), stdout=subprocess.DEVNULL, env=env, check=True)
        return run

    clusters = {}

    def dask_run(workers: int):
        def run():
            out = tmp / f"dask{workers}"
            shutil.rmtree(out, ignore_errors=True)
            with Client(clusters[workers]):
                bag = dkd.read_texts(str(tmp / "corpus.jsonl"), blocksize=blocksize)
                summary = dkd.annotate_corpus(bag, out, threads=1)
            assert sum(s["documents"] for s in summary) == len(records)
            assert sum(s["words"] for s in summary) == words
        return run

    configs = [
        ("cli-1", "CLI `dikduk annotate --jsonl`, one thread (`RAYON_NUM_THREADS=1`)", cli(1)),
        ("cli-all", f"CLI `dikduk annotate --jsonl`, all cores ({cores})", cli(None)),
        ("annotate-1", "Python `dikduk.annotate` in a loop, one thread", lambda: [dikduk.annotate(t) for t in texts]),
        ("json-loads-1", "for comparison: `json.loads(dikduk.annotate_json(t))` in a loop", lambda: [json.loads(dikduk.annotate_json(t)) for t in texts]),
        ("many-1", "`dikduk.annotate_many(texts, threads=1)`", lambda: dikduk.annotate_many(texts, threads=1)),
        ("many-all", f"`dikduk.annotate_many(texts)`, all cores ({cores})", lambda: dikduk.annotate_many(texts)),
        ("tables-all", "`dikduk.annotate_tables(texts)` (no documents), all cores", lambda: dikduk.annotate_tables(texts, format="arrow")),
        ("dask-1", "Dask `annotate_corpus` (JSON Lines + Parquet), LocalCluster of 1 worker process", dask_run(1)),
        ("dask-2", "Dask `annotate_corpus` (JSON Lines + Parquet), LocalCluster of 2 worker processes", dask_run(2)),
    ]
    times: dict[str, list[float]] = {k: [] for k, _, _ in configs}
    try:
        for n in (1, 2):
            clusters[n] = LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
            )
        for key, _, run in configs:  # warm-up: models loaded everywhere, imports done
            if key.startswith("dask"):
                run()
        for r in range(args.rounds):
            for key, _, run in configs:
                start = time.perf_counter()
                run()
                times[key].append(time.perf_counter() - start)
                print(f"round {r + 1}: {key:13} {times[key][-1]:7.3f} s  {words / times[key][-1]:>10,.0f} words/s", file=sys.stderr)
    finally:
        for c in clusters.values():
            c.close()
        shutil.rmtree(tmp, ignore_errors=True)

    rate = {k: words / statistics.median(v) for k, v in times.items()}
    ratios = {
        "annotate-1 / cli-1": rate["annotate-1"] / rate["cli-1"],
        "many-all / many-1": rate["many-all"] / rate["many-1"],
        "many-all / annotate-1": rate["many-all"] / rate["annotate-1"],
        "dask-2 / dask-1": rate["dask-2"] / rate["dask-1"],
        "cli-all / cli-1": rate["cli-all"] / rate["cli-1"],
    }
    result = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": sh("git", "rev-parse", "--short", "HEAD"),
        "dirty": sh("git", "status", "--porcelain", "--untracked-files=no") not in ("", "n/a"),
        "cpu": cpu_model(),
        "cores": cores,
        "load_start": load_start,
        "load_end": loadavg(),
        "python": platform.python_version(),
        "versions": {m: __import__(m).__version__ for m in ("dask", "distributed", "pyarrow", "pandas")},
        "dikduk": dikduk.version(),
        "cli": os.path.relpath(args.cli, REPO),
        "corpus": {"documents": len(records), "bytes": len(jsonl.encode()), "tokens": tokens, "words": words,
                   "copies": args.copies, "per_doc": args.per_doc, "partitions": args.partitions},
        "rounds": args.rounds,
        "configs": [{"key": k, "what": w, "seconds": times[k], "words_per_s": rate[k]} for k, w, _ in configs],
        "ratios": ratios,
        "note": args.note,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    md = markdown(result)
    print(md)
    if args.write:
        path = Path(args.write)
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if BEGIN in old and END in old:
            new = old[: old.index(BEGIN)] + md + old[old.index(END) + len(END):]
        else:
            new = old.rstrip("\n") + "\n\n" + md + "\n"
        path.write_text(new, encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    return 0


def markdown(r: dict) -> str:
    c = r["corpus"]
    rate = {x["key"]: x["words_per_s"] for x in r["configs"]}
    ratios = r["ratios"]
    ok = lambda v, target: "meets" if v >= target else "**misses**"  # noqa: E731
    lines = [
        BEGIN,
        "## From Python (the `dikduk` package) and Dask",
        "",
        "<!-- Generated by `.venv/bin/python benches/python_bench.py --write docs/BENCHMARKS.md`"
        " (release builds first); scripts/bench.sh keeps this section. -->",
        "",
        "```sh",
        "cargo build --release",
        '(cd python && VIRTUAL_ENV="$PWD/../.venv" ../.venv/bin/maturin develop --release)',
        ".venv/bin/python benches/python_bench.py --write docs/BENCHMARKS.md",
        "```",
        "",
        f"- Date: {r['date']}; commit `{r['commit']}`{' (with uncommitted changes)' if r['dirty'] else ''};"
        f" dikduk {r['dikduk']}, release builds (CLI `{r['cli']}`, the extension module by"
        " `maturin develop --release`).",
        f"- Machine: {r['cores']} cores ({r['cpu']}); load average {r['load_start']} at the start,"
        f" {r['load_end']} at the end (1, 5, 15 min). Python {r['python']}; "
        + ", ".join(f"{k} {v}" for k, v in r["versions"].items()) + ".",
    ]
    if r.get("note"):
        lines.append(f"- {r['note']}")
    lines += [
        f"- Corpus: the HTB test text cut into documents of {c['per_doc']} sentences, {c['copies']} copies:"
        f" {c['documents']:,} documents, {c['bytes']:,} bytes of JSON Lines, {c['tokens']:,} tokens,"
        f" {c['words']:,} words. Every configuration annotates all of it with every layer; they take"
        f" turns for {r['rounds']} rounds and each figure is the median. The CLI's time is the whole"
        " process (start, model load, reading and writing JSON Lines); Python's is the call, the"
        " documents made as dicts and lists; Dask's is `annotate_corpus` on a running cluster"
        f" (`threads_per_worker=1`, {c['partitions']} partitions), reading the JSON Lines and writing"
        " the documents as JSON Lines and the seven tables as Parquet.",
        "",
        "| configuration | s (median) | words/s |",
        "|---|---:|---:|",
    ]
    for x in r["configs"]:
        lines.append(f"| {x['what']} | {statistics.median(x['seconds']):.3f} | {x['words_per_s']:,.0f} |")
    lines += [
        "",
        "| ratio | value | target |",
        "|---|---:|---|",
        f"| Python `annotate` (one thread) / CLI one thread | {ratios['annotate-1 / cli-1']:.2f} | ≥ 0.80: {ok(ratios['annotate-1 / cli-1'], 0.8)} |",
        f"| `annotate_many` all cores / `annotate_many` one thread | {ratios['many-all / many-1']:.2f} | ≥ 1.6: {ok(ratios['many-all / many-1'], 1.6)} |",
        f"| `annotate_many` all cores / `annotate` loop | {ratios['many-all / annotate-1']:.2f} | |",
        f"| Dask 2 workers / Dask 1 worker | {ratios['dask-2 / dask-1']:.2f} | ≥ 1.6: {ok(ratios['dask-2 / dask-1'], 1.6)} |",
        f"| CLI all cores / CLI one thread | {ratios['cli-all / cli-1']:.2f} | |",
        "",
        "`annotate_many(threads=1)` runs on the calling thread alone (one core, as a Dask worker"
        " with one thread does); with more threads, a pool annotates while the calling thread turns"
        " finished documents into Python objects. That conversion (`src/python/objects.rs`, from the"
        " Rust document's `Serialize` impl) costs about half of `serde_json` + `json.loads` (the"
        " `json.loads` row) and is the part that does not run in parallel; `annotate_tables` makes"
        " no Python objects per item.",
        END,
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
