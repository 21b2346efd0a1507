#!/usr/bin/env python3
"""Error analysis behind the figures in docs/ACCURACY.md (standard library only).

  error_analysis.py tokens   TRAIN GOLD SYSTEM [LEXICON]
                                                 seen / unseen tokens and how often each is right;
                                                 with LEXICON (heb.lex), unseen tokens by where
                                                 their host word is known from
  error_analysis.py entities TRAIN GOLD SYSTEM   seen entity names and the kinds of entity errors

TRAIN and GOLD are CoNLL-U files (HTB-NEMO), SYSTEM is `dikduk annotate --format conllu` output for
GOLD's text. Tokens are matched by their offset in the concatenated token texts, so sentence
boundaries may differ. A token is "seen" when its exact text is a token of TRAIN.
"""
import collections
import re
import sys


def sentences(path):
    """Sentences as lists of CoNLL-U rows (comments dropped)."""
    out, cur = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if cur:
                    out.append(cur)
                cur = []
            elif not line.startswith("#"):
                cur.append(line.split("\t"))
    if cur:
        out.append(cur)
    return out


def tokens(sent):
    """(token text, its word rows) for each surface token of a sentence."""
    out, span = [], None
    for c in sent:
        if "-" in c[0]:
            a, b = map(int, c[0].split("-"))
            span = (a, b)
            out.append((c[1], []))
        elif "." not in c[0]:
            i = int(c[0])
            if span and span[0] <= i <= span[1]:
                out[-1][1].append(c)
            else:
                out.append((c[1], [c]))
                span = None
    return out


def by_offset(path):
    """Every token keyed by its offset in the concatenation of all token texts."""
    out, o = {}, 0
    for s in sentences(path):
        for t in tokens(s):
            out[o] = t
            o += len(t[0])
    return out


def entities(path):
    """Token-level entities (type, start offset, end offset, name) from the NER= labels; the name
    is the entity's words (prefix letters excluded) joined by spaces."""
    out, o = [], 0
    for s in sentences(path):
        toks = tokens(s)
        starts, labels = [], []
        for k, (text, words) in enumerate(toks):
            starts.append(o)
            o += len(text)
            for w in words:
                m = re.search(r"NER=([^|]+)", w[9])
                labels.append((k, w[1], m.group(1) if m else "O"))
        cur = None
        for k, form, lab in labels:
            if lab.startswith("B-"):
                cur = (lab[2:], k, [form])
            elif lab.startswith("I-") and cur:
                cur[2].append(form)
            elif lab.startswith("S-") or (lab.startswith("E-") and cur):
                t, a, name = (lab[2:], k, []) if lab.startswith("S-") else cur
                out.append((t, starts[a], starts[k] + len(toks[k][0]), " ".join(name + [form])))
                cur = None
    return out


def seen_tokens(train):
    return {t[0] for s in sentences(train) for t in tokens(s)}


PREFIX_FORMS = {"ו", "ה", "ה_", "ב", "כ", "ל", "מ", "ש", "כש"}


def lexicon_forms(path):
    """The forms of heb.lex, without niqqud."""
    with open(path, encoding="utf-8") as f:
        return {re.sub("[\u0591-\u05C7]", "", line.split("\t", 1)[0]) for line in f}


def segmentation_kind(gold, system):
    """What kind of segmentation error the system's word forms make against gold's."""
    if abs(len(gold) - len(system)) == 1:
        more, fewer = (gold, system) if len(gold) > len(system) else (system, gold)
        who = "missed" if more is gold else "added"
        if "ה_" in more and "ה_" not in fewer:
            return f"implicit article {who}"
        if "".join(more) == "".join(fewer):  # the same letters, one more split
            return "prefix letter left on" if more is gold else "prefix letter split off"
    return "other (mostly possessive suffixes)"


def token_report(train, gold, system, lexicon=None):
    seen = seen_tokens(train)
    g, s = by_offset(gold), by_offset(system)
    lex = lexicon_forms(lexicon) if lexicon else None
    train_words = {w[1] for sent in sentences(train) for t in tokens(sent) for w in t[1]} if lex else set()
    hosts = collections.Counter()
    unseen = sum(t[0] not in seen for t in g.values())
    print(f"gold tokens: {len(g)}, unseen in training: {100 * unseen / len(g):.1f}%")
    count, seg_kinds = collections.Counter(), collections.Counter()
    for o, gt in g.items():
        st = s.get(o)
        if not st or st[0] != gt[0]:
            count["misaligned"] += 1
            continue
        kind = "seen" if gt[0] in seen else "unseen"
        gforms, sforms = [w[1] for w in gt[1]], [w[1] for w in st[1]]
        if gforms != sforms:
            result = "segmentation"
            seg_kinds[segmentation_kind(gforms, sforms)] += 1
        elif [w[3] for w in gt[1]] != [w[3] for w in st[1]]:
            result = "upos"
        else:
            result = "right"
        count[kind, result] += 1
        host = next((w[1] for w in gt[1] if w[1] not in PREFIX_FORMS), None)
        if lex is not None and kind == "unseen" and host:
            hosts["training" if host in train_words else "lexicon" if host in lex else "nowhere", result == "right"] += 1
    for kind in ("seen", "unseen"):
        n = sum(v for k, v in count.items() if k[0] == kind)
        print(f"{kind}: {n} tokens, segmentation + UPOS right {100 * count[kind, 'right'] / n:.1f}%, "
              f"segmentation wrong {100 * count[kind, 'segmentation'] / n:.1f}%, "
              f"UPOS wrong {100 * count[kind, 'upos'] / n:.1f}%")
    print(f"tokens not aligned: {count['misaligned']}")
    print("segmentation errors: " + ", ".join(f"{k} {v}" for k, v in seg_kinds.most_common()))
    for where in ("training", "lexicon", "nowhere"):
        n = hosts[where, True] + hosts[where, False]
        if n:
            print(f"unseen tokens whose host is known from {where}: {n}, wrong {100 * hosts[where, False] / n:.1f}%")


def entity_report(train, gold, system):
    names = {e[3] for e in entities(train)}
    g, s = entities(gold), entities(system)
    print(f"gold entities: {len(g)}, name seen in training: {100 * sum(e[3] in names for e in g) / len(g):.1f}%")
    # Entities are compared by type and token span (the names may be segmented differently).
    gset, sset = {e[:3] for e in g}, {e[:3] for e in s}
    count = collections.Counter()
    for e in g:
        if e[:3] in sset:
            count["right"] += 1
            continue
        same = [x for x in s if x[1:3] == e[1:3]]  # same tokens, another type
        overlap = [x for x in s if x[1] < e[2] and e[1] < x[2]]
        count["type" if same else "span" if overlap else "missed"] += 1
    count["spurious"] = sum(1 for e in s if e[:3] not in gset and not any(x[1] < e[2] and e[1] < x[2] for x in g))
    print("right {right}, wrong type {type}, wrong span {span}, missed {missed}, spurious {spurious}".format(**count))


if __name__ == "__main__":
    arity = {"tokens": (4, 5), "entities": (4,)}
    if len(sys.argv) < 2 or len(sys.argv) - 1 not in arity.get(sys.argv[1], ()):
        sys.exit(__doc__)
    (token_report if sys.argv[1] == "tokens" else entity_report)(*sys.argv[2:])
