#!/usr/bin/env python3
"""dikduk against the UDPipe 1 peer, in the same run, on the same raw text (HTB test).

Usage: peer.py --dikduk target/release/dikduk --python .venv/bin/python --out DIR [--json FILE]

Both systems read the HTB test text (the `# text` lines joined by single spaces) and write
CoNLL-U; both outputs are scored by `dikduk eval` against the gold file. Each runs as a child
process whose wall time and peak resident memory (ru_maxrss from wait4) are recorded: the whole
pipeline with the parser (tokenizer, tagger and parser), and without it (dikduk `--no parse`,
UDPipe `--no-parse`); UDPipe also reports its own processing time (model load apart). Both are
also run over the gold syntactic words (dikduk `parse-gold`, UDPipe `--input conllu`), which
scores tagging and parsing apart from segmentation. Prints a table; exits 0 with a message when
the peer or the data is missing.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
GOLD = os.path.join(SHARED, "data", "htb-nemo", "he_htb-nemo-test.conllu")
PEER = os.path.join(SHARED, "peers", "udpipe", "run_peer.py")
METRICS = ["Tokens", "Sentences", "Words", "UPOS", "UFeats", "Lemmas", "UAS", "LAS", "MLAS", "BLEX"]


def set_gold(path):
    """Scores against `path` (and reads its text) instead of the HTB test file."""
    global GOLD
    GOLD = path


def measured(cmd, stdout=None):
    """Runs cmd; returns (wall seconds, peak RSS in KiB, stderr text, exit status)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout or subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss, err, p.returncode


def with_placeholder_tree(src, dst):
    """Copies a CoNLL-U file, giving words without a HEAD a flat tree (the first word is the root,
    the others depend on it), as dikduk's own output has; `dikduk eval`, like the official script,
    needs numeric heads. UAS/LAS of such files mean nothing and are not reported."""
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as g:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 10 and cols[0].isdigit() and cols[6] == "_":
                cols[6], cols[7] = ("0", "root") if cols[0] == "1" else ("1", "dep")
                line = "\t".join(cols) + "\n"
            g.write(line)
    return dst


def score(dikduk, system):
    """CoNLL 2018 F1 (percent) of a system file against the HTB test gold, by `dikduk eval`."""
    out = subprocess.run([dikduk, "eval", "--gold", GOLD, "--system", system, "--json"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        return {"error": out.stderr.strip()}
    s = json.loads(out.stdout)["conll18"]
    return {m: 100.0 * s[m]["f1"] for m in METRICS} | {"words_predicted": s["Words"]["system_total"],
                                                       "words_gold": s["Words"]["gold_total"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dikduk", required=True, help="the release dikduk binary")
    ap.add_argument("--python", default=sys.executable, help="a Python with ufal.udpipe installed")
    ap.add_argument("--out", required=True, help="folder for the text and the outputs")
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--gold", default=GOLD, help="gold CoNLL-U whose text is annotated (default: HTB test)")
    a = ap.parse_args()
    set_gold(a.gold)

    for need in (GOLD, PEER):
        if not os.path.exists(need):
            print(f"peer: skipped ({need} not found)")
            return
    if subprocess.run([a.python, "-c", "import ufal.udpipe"], capture_output=True).returncode != 0:
        print(f"peer: skipped (ufal.udpipe is not importable by {a.python}; run scripts/setup.sh --peer)")
        return

    os.makedirs(a.out, exist_ok=True)
    text_file = os.path.join(a.out, "htb-test.txt")
    with open(GOLD, encoding="utf-8") as f:
        text = " ".join(l[len("# text = "):].rstrip("\n") for l in f if l.startswith("# text = "))
    with open(text_file, "w", encoding="utf-8") as f:
        f.write(text)

    model = os.path.join(os.path.dirname(PEER), "htb.udpipe")
    runs = {}
    for key, cmd, out in [
        ("dikduk", [a.dikduk, "annotate", "--format", "conllu", text_file], "dikduk.conllu"),
        ("dikduk_no_parse", [a.dikduk, "annotate", "--format", "conllu", "--no", "parse", text_file], "dikduk-noparse.conllu"),
        ("udpipe", [a.python, PEER, text_file, None], "udpipe.conllu"),
        ("udpipe_no_parse", [a.python, PEER, text_file, None, "--no-parse"], "udpipe-noparse.conllu"),
        ("dikduk_gold_words", [a.dikduk, "parse-gold", GOLD], "dikduk-goldwords.conllu"),
        ("udpipe_gold_words", [a.python, PEER, GOLD, None, "--input", "conllu"], "udpipe-goldwords.conllu"),
    ]:
        path = os.path.join(a.out, out)
        if None in cmd:
            cmd[cmd.index(None)] = path
            wall, rss, err, rc = measured(cmd)
        else:
            with open(path, "wb") as f:
                wall, rss, err, rc = measured(cmd, stdout=f)
        if rc != 0:
            sys.exit(f"{key} failed: {err}")
        r = {"wall_s": wall, "peak_kib": rss, "scores": score(a.dikduk, with_placeholder_tree(path, path + ".scored"))}
        m = re.search(r"model load ([\d.]+)s, processing ([\d.]+)s, (\d+) words, (\d+) words/s", err)
        if m:
            words, wps = int(m.group(3)), float(m.group(4))
            r |= {"load_s": float(m.group(1)), "words": words, "words_per_s": wps,
                  "processing_s": words / wps if wps else float(m.group(2))}
        if key.startswith("udpipe"):
            r["model_bytes"] = os.path.getsize(model) if os.path.exists(model) else None
            r["stderr"] = err.strip()
        runs[key] = r

    names = {
        "dikduk": "dikduk (CLI, whole pipeline + parse)",
        "udpipe": "UDPipe 1 (tokenize, tag, parse)",
        "dikduk_no_parse": "dikduk (CLI, --no parse)",
        "udpipe_no_parse": "UDPipe 1 (--no-parse)",
        "dikduk_gold_words": "dikduk parse-gold (gold words)",
        "udpipe_gold_words": "UDPipe 1 --input conllu (gold words)",
    }
    print(f"\npeer, same run, the text of {os.path.basename(GOLD)} ({len(text.encode())} bytes), one thread; UAS..BLEX are"
          " meaningless for the --no-parse rows (flat trees):")
    print(f"  {'system':<40} {'process wall s':>14} {'peak RSS MiB':>12}  " + " ".join(f"{x:>9}" for x in METRICS))
    for key, name in names.items():
        r = runs[key]
        sc = r["scores"]
        cols = " ".join(f"{sc.get(x, float('nan')):>9.2f}" for x in METRICS)
        print(f"  {name:<40} {r['wall_s']:>14.2f} {r['peak_kib'] / 1024:>12.1f}  {cols}")
    for key in ("udpipe", "udpipe_no_parse"):
        p = runs[key]
        if "processing_s" in p:
            print(f"  {names[key]}: processing (model loaded) {p['processing_s']:.2f} s, {p['words_per_s']:.0f} words/s "
                  f"({p['words']} words predicted); model load {p['load_s']:.2f} s")
    ratio = runs["udpipe"]["wall_s"] / max(runs["dikduk"]["wall_s"], 1e-9)
    print(f"  process against process, whole pipeline with the parser: UDPipe 1 takes {ratio:.1f}x dikduk's time")
    result = {"text_bytes": len(text.encode()), "dikduk": runs["dikduk"], "udpipe": runs["udpipe"],
              "runs": runs, "udpipe_over_dikduk_wall": ratio}
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
