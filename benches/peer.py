#!/usr/bin/env python3
"""dikduk against the UDPipe 1 peer, in the same run, on the same raw text (HTB test).

Usage: peer.py --dikduk target/release/dikduk --python .venv/bin/python --out DIR [--json FILE]

Both systems read the HTB test text (the `# text` lines joined by single spaces) and write
CoNLL-U; both outputs are scored by `dikduk eval` against the gold file. Each runs as a child
process whose wall time and peak resident memory (ru_maxrss from wait4) are recorded. UDPipe
runs without its parser (`--no-parse`) and reports its own processing time (model load apart).
Prints a table; exits 0 with a message when the peer or the data is missing.
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
METRICS = ["Tokens", "Sentences", "Words", "UPOS", "UFeats", "Lemmas"]


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
    a = ap.parse_args()

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

    ours_out = os.path.join(a.out, "dikduk.conllu")
    with open(ours_out, "wb") as f:
        wall, rss, err, rc = measured([a.dikduk, "annotate", "--format", "conllu", text_file], stdout=f)
    if rc != 0:
        sys.exit(f"dikduk annotate failed: {err}")
    ours = {"wall_s": wall, "peak_kib": rss, "scores": score(a.dikduk, ours_out)}

    peer_out = os.path.join(a.out, "udpipe.conllu")
    wall, rss, err, rc = measured([a.python, PEER, text_file, peer_out, "--no-parse"])
    if rc != 0:
        sys.exit(f"UDPipe failed: {err}")
    m = re.search(r"model load ([\d.]+)s, processing ([\d.]+)s, (\d+) words, (\d+) words/s", err)
    model = os.path.join(os.path.dirname(PEER), "htb.udpipe")
    peer = {"wall_s": wall, "peak_kib": rss, "model_bytes": os.path.getsize(model) if os.path.exists(model) else None, "scores": score(a.dikduk, with_placeholder_tree(peer_out, peer_out + ".scored")), "stderr": err.strip()}
    if m:
        words, wps = int(m.group(3)), float(m.group(4))
        peer |= {"load_s": float(m.group(1)), "words": words, "words_per_s": wps,
                 "processing_s": words / wps if wps else float(m.group(2))}

    print(f"\npeer, same run, HTB test text ({len(text.encode())} bytes), one thread:")
    print(f"  {'system':<34} {'process wall s':>14} {'peak RSS MiB':>12}  " + " ".join(f"{x:>9}" for x in METRICS))
    for name, r in (("dikduk (CLI, conllu)", ours), ("UDPipe 1 (run_peer.py --no-parse)", peer)):
        sc = r["scores"]
        cols = " ".join(f"{sc.get(x, float('nan')):>9.2f}" for x in METRICS)
        print(f"  {name:<34} {r['wall_s']:>14.2f} {r['peak_kib'] / 1024:>12.1f}  {cols}")
    if "processing_s" in peer:
        print(f"  UDPipe processing (model loaded): {peer['processing_s']:.2f} s, {peer['words_per_s']:.0f} words/s "
              f"({peer['words']} words predicted); model load {peer['load_s']:.2f} s")
    result = {"text_bytes": len(text.encode()), "dikduk": ours, "udpipe": peer}
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
