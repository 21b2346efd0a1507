#!/usr/bin/env python3
"""Quote speakers against the HTB's gold trees and entities (standard library only).

  quote_speakers.py DIKDUK CONLLU...   [-v]

There is no treebank of quote speakers, so the reference is built from the gold annotation: a
quoted span of at least three tokens inside the subtree of a speech verb (gold lemma, VERB) whose
`nsubj` holds, or has below it, a gold PER/ORG entity (a person before an organisation). Each such
sentence is annotated on its own line by `DIKDUK annotate --format json`, and a case is right when
one of the line's quotes has that entity as its speaker (compared without spaces, quotation marks
and hyphens, a prefix letter allowed), wrong when the quotes have other speakers, none when they
have none, and noquote when dikduk finds no closed quote on the line (the quote runs on into the
next sentence). Figures in docs/DESIGN.md ("Quotes").
"""
import json
import re
import subprocess
import sys
SPEECH = set("אמר התבטא הודה הוסיף טען הבהיר ציין הצהיר כתב מסר השיב הגיב סיפר הדגיש צייץ הסביר הזהיר הכריז הודיע שאל ענה צעק".split())
QM = {'"', '״', '“', '”'}
def sents(path):
    s = None
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if line.startswith('# text = '):
            s = {'text': line[9:], 'toks': [], 'words': []}
        elif not line and s is not None:
            yield s; s = None
        elif line and not line.startswith('#') and s is not None:
            c = line.split('\t')
            if '-' in c[0]:
                a, b = map(int, c[0].split('-'))
                s['toks'].append((c[1], list(range(a, b + 1))))
            elif '.' in c[0]:
                continue
            else:
                i = int(c[0])
                misc = dict(kv.split('=', 1) for kv in c[9].split('|') if '=' in kv)
                s['words'].append(dict(id=i, form=c[1], lemma=c[2], upos=c[3], head=int(c[6]) if c[6] != '_' else None, rel=c[7], ner=misc.get('NER', 'O')))
                if not s['toks'] or i not in s['toks'][-1][1]:
                    s['toks'].append((c[1], [i]))
    if s is not None:
        yield s

def entities(words):
    out, cur = [], None
    for w in words:
        n = w['ner']
        if n == 'O':
            cur = None; continue
        pos, ty = n.split('-', 1)
        if pos in ('B', 'S'):
            cur = [ty, w['id'], w['id']]
            out.append(cur)
        elif cur is not None:
            cur[2] = w['id']
        if pos in ('E', 'S'):
            cur = None
    return out


def gold_quotes(path):
    """Quotes of 3+ tokens in a speech verb's clause whose subject holds a gold PER/ORG entity."""
    for s in sents(path):
        W = {w['id']: w for w in s['words']}
        kids = {}
        for w in s['words']:
            kids.setdefault(w['head'], []).append(w['id'])
        def subtree(i):
            st, out = [i], []
            while st:
                x = st.pop(); out.append(x); st.extend(kids.get(x, []))
            return set(out)
        nq = sum(1 for w in s['words'] if w['form'] in QM)
        ents = [e for e in entities(s['words']) if e[0] in ('PER', 'ORG')]
        # token index of each word
        tok_of = {}
        for k, (f, ids) in enumerate(s['toks']):
            for i in ids: tok_of[i] = k
        for w in s['words']:
            if w['upos'] != 'VERB' or w['lemma'] not in SPEECH:
                continue
            sub = subtree(w['id'])
            # quoted spans of at least 3 tokens (marks paired in order; an unclosed one runs to the end)
            marks = [k for k, (f, ids) in enumerate(s['toks']) if any(W[i]['form'] in QM for i in ids if i in W)]
            spans = [(marks[j], marks[j + 1] if j + 1 < len(marks) else len(s['toks'])) for j in range(0, len(marks), 2)]
            spans = [(a, b) for a, b in spans if b - a - 1 >= 3]
            if not any(i in sub for a, b in spans for k in range(a, b) for i in s['toks'][k][1] if i in W):
                continue
            subj = [k for k in kids.get(w['id'], []) if W[k]['rel'].startswith('nsubj')]
            if not subj:
                continue
            st = sorted(subtree(subj[0]))
            # the first PER/ORG entity within the subject's subtree (its head word preferred)
            cand = [e for e in ents if any(e[1] <= x <= e[2] for x in st)]
            cand.sort(key=lambda e: (not (e[1] <= subj[0] <= e[2]), e[0] != 'PER', e[1]))
            if not cand:
                continue
            e = cand[0]
            toks = sorted({tok_of[i] for i in range(e[1], e[2] + 1)})
            yield {'text': s['text'], 'speaker': ' '.join(s['toks'][t][0] for t in toks)}


def u16len(s):
    return len(s.encode('utf-16-le')) // 2


def main():
    args = [a for a in sys.argv[1:] if a != '-v']
    if len(args) < 2:
        sys.exit(__doc__)
    binary, files = args[0], args[1:]
    gold = [g for f in files for g in gold_quotes(f)]
    if not gold:
        sys.exit('no quotes with a gold speaker')
    import tempfile
    with tempfile.NamedTemporaryFile('w', encoding='utf-8', suffix='.txt', delete=False) as t:
        t.write('\n'.join(g['text'] for g in gold) + '\n')
    doc = json.loads(subprocess.run([binary, 'annotate', '--format', 'json', t.name], capture_output=True, text=True, check=True).stdout)
    starts, pos = [], 0
    for g in gold:
        starts.append(pos)
        pos += u16len(g['text']) + 1
    ents = doc['entities']
    norm = lambda x: re.sub(r'[\s"״׳\'-]', '', x)
    res = {'right': 0, 'wrong': 0, 'none': 0, 'noquote': 0}
    for k, g in enumerate(gold):
        a, b = starts[k], starts[k] + u16len(g['text'])
        qs = [q for q in doc['quotes'] if a <= q['start'] < b]
        got = [ents[q['speaker']]['text'] for q in qs if q.get('speaker') is not None]
        ok = any(norm(g['speaker']).endswith(norm(x)) or norm(x).endswith(norm(g['speaker'])) for x in got if norm(x))
        kind = 'noquote' if not qs else 'right' if ok else 'wrong' if got else 'none'
        res[kind] += 1
        if '-v' in sys.argv and kind != 'right':
            print(kind, '|', g['speaker'], '|', got, '|', g['text'][:150])
    print(' '.join(f'{k} {v}' for k, v in res.items()), f'(of {len(gold)})')


if __name__ == '__main__':
    main()
