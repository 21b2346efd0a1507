#!/usr/bin/env python3
"""Writes an IAHLT CoNLL-U file with NEMO entity labels: the outermost `Entity=` spans of the NEMO
types (PER ORG GPE LOC FAC EVE WOA DUC ANG; TIMEX, TTL and the like are dropped, entities inside
them kept) become `NER=` BIOSE labels in MISC, as `dikduk eval --ner` reads them. The same rule as
`ner::train::iahlt_to_nemo`.

    python3 scripts/iahlt_ner.py IN.conllu > OUT.conllu
"""
import re
import sys

TYPES = {"PER", "ORG", "GPE", "LOC", "FAC", "EVE", "WOA", "DUC", "ANG"}


def labels(misc_of_words):
    spans, stack, opened = [], [], 0
    for i, misc in enumerate(misc_of_words):
        ent = next((m[7:] for m in misc.split("|") if m.startswith("Entity=")), "")
        for tok in re.findall(r"\(?[^()]+\)?|\)", ent):
            opens, closes = tok.startswith("("), tok.endswith(")")
            ty = tok.strip("()")
            opened += opens
            if opens and closes:
                spans.append((ty, i, i, opened))
            elif opens:
                stack.append((ty, i, opened))
            elif closes:
                for k in range(len(stack) - 1, -1, -1):
                    if stack[k][0] == ty:
                        t, a, o = stack.pop(k)
                        spans.append((t, a, i, o))
                        break
    out = ["O"] * len(misc_of_words)
    end = None
    for ty, a, b, _ in sorted((s for s in spans if s[0] in TYPES), key=lambda s: (s[1], -s[2], s[3])):
        if end is not None and a <= end:
            continue
        end = b
        if a == b:
            out[a] = "S-" + ty
        else:
            out[a] = "B-" + ty
            for j in range(a + 1, b):
                out[j] = "I-" + ty
            out[b] = "E-" + ty
    return out


def main():
    block = []
    for line in open(sys.argv[1], encoding="utf-8"):
        line = line.rstrip("\n")
        if line:
            block.append(line)
            continue
        flush(block)
        block = []
    flush(block)


def flush(block):
    if not block:
        return
    rows = [l.split("\t") for l in block]
    words = [r for r in rows if len(r) == 10 and r[0].isdigit()]
    for r, lab in zip(words, labels([r[9] for r in words])):
        keep = [m for m in r[9].split("|") if m != "_" and not m.startswith("NER=")]
        r[9] = "|".join(keep + ["NER=" + lab])
    for l, r in zip(block, rows):
        print("\t".join(r) if len(r) == 10 else l)
    print()


if __name__ == "__main__":
    main()
