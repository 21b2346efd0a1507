#!/usr/bin/env python3
"""A treebank without its sentence-final punctuation, for scoring text that has none (headlines,
titles, pasted fragments). Standard library only.

  unpunctuated.py GOLD OUT_GOLD OUT_TEXT

Every sentence whose last word is PUNCT heading nothing (and not a multiword token) loses that
word in OUT_GOLD and its text in OUT_TEXT, which has one sentence per line. Then:

  dikduk annotate --format conllu OUT_TEXT > SYS && dikduk eval --gold OUT_GOLD --system SYS

(figures in docs/ACCURACY.md, "Syntax").
"""
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    src, out_gold, out_txt = sys.argv[1:4]
    blocks = open(src, encoding='utf-8').read().strip('\n').split('\n\n')
    gold, texts = [], []
    for b in blocks:
        lines = b.split('\n')
        rows = [l for l in lines if l and not l.startswith('#')]
        text = next(l for l in lines if l.startswith('# text = '))[len('# text = '):]
        last = rows[-1].split('\t')
        heads = [r.split('\t')[6] for r in rows if r.split('\t')[0].isdigit()]
        if last[3] == 'PUNCT' and last[0].isdigit() and last[0] not in heads and text.endswith(last[1]):
            text = text[:-len(last[1])].rstrip()
            lines = [('# text = ' + text) if l.startswith('# text = ') else l for l in lines if l != rows[-1]]
        gold.append('\n'.join(lines))
        texts.append(text)
    open(out_gold, 'w', encoding='utf-8').write('\n\n'.join(gold) + '\n\n')
    open(out_txt, 'w', encoding='utf-8').write('\n'.join(texts) + '\n')


if __name__ == '__main__':
    main()
