// The morphology view: per sentence, a table with one row per morpheme (form, part of speech,
// lemma, features), shown a page of sentences at a time.
import { UPOS, featureLabel, pick, deprelName } from './labels.js';
import { state } from './state.js';
import { $, el, ltr, t, num } from './dom.js';
import { segmentation, sentenceWords } from './doc.js';

// The morphology view shows this many sentences at a time.
const MORPH_PAGE = 40;
const morphEl = $('morph');

/** UPOS cell content: code and readable name. */
export function uposCell(upos) {
  const frag = document.createDocumentFragment();
  frag.append(ltr(upos || '—', 'upos-code'));
  if (UPOS[upos]) frag.append(el('span', 'upos-name', pick(UPOS[upos], state.lang)));
  return frag;
}

/** Feature chips: readable text, the UD notation in the title. */
export function featsCell(feats) {
  const frag = document.createDocumentFragment();
  if (!feats) { frag.append(el('span', 'feat none', '—')); return frag; }
  for (const f of feats.split('|')) {
    const chip = el('span', 'feat', featureLabel(f, state.lang));
    chip.title = f;
    frag.append(chip);
  }
  return frag;
}

/** Head cell content: the head word's form and ID (`words`: the sentence's words), or "root". */
export function headCell(words, m) {
  const frag = document.createDocumentFragment();
  if (m.head === undefined || m.head === null) { frag.append(el('span', 'muted', '—')); return frag; }
  if (m.head === 0) { frag.append(el('span', 'muted', t('root')), ' ', ltr('#0', 'mid')); return frag; }
  const h = words && words[m.head - 1];
  frag.append(h ? el('span', 'mhead-form', h.m.form) : '?', ' ', ltr(`#${m.head}`, 'mid'));
  return frag;
}

/** Relation cell content: the UD relation and its readable name. */
export function deprelCell(m) {
  const frag = document.createDocumentFragment();
  if (!m.deprel) { frag.append(el('span', 'muted', '—')); return frag; }
  frag.append(ltr(m.deprel, 'deprel-code'));
  const name = deprelName(m.deprel, state.lang);
  if (name) frag.append(el('span', 'deprel-name', name));
  return frag;
}

/** Renders the next page of sentences (or, with `reset`, the first page). */
export function renderMorph(reset = false) {
  const c = state.cur;
  const btn = $('more-morph');
  if (!c) { morphEl.replaceChildren(); btn.hidden = true; return; }
  if (reset) { morphEl.replaceChildren(); c.morphShown = 0; }
  const { doc, text } = c;
  const end = Math.min(doc.sentences.length, c.morphShown + MORPH_PAGE);
  const frag = document.createDocumentFragment();
  for (let si = c.morphShown; si < end; si++) {
    const s = doc.sentences[si];
    const sec = el('section', 'msent');
    sec.setAttribute('aria-labelledby', `ms-${si}`);
    const head = el('h3', 'msent-head', t('sentence', si + 1));
    head.id = `ms-${si}`;
    sec.append(head, el('p', 'msent-text', text.slice(s.start, s.end)));
    const wrap = el('div', 'mtable-wrap');
    // A wide table scrolls sideways in its box: the box takes keyboard focus so that it can.
    wrap.tabIndex = 0;
    wrap.setAttribute('role', 'group');
    wrap.setAttribute('aria-labelledby', `ms-${si}`);
    const table = el('table', 'mtable');
    const thead = el('thead');
    const hr = el('tr');
    const words = c.parsed ? sentenceWords(c, si) : null;
    let id = 0;
    const cols = c.parsed
      ? ['colToken', 'colId', 'colForm', 'colUpos', 'colLemma', 'colFeats', 'colHead', 'colDeprel']
      : ['colToken', 'colForm', 'colUpos', 'colLemma', 'colFeats'];
    for (const k of cols) {
      const th = el('th', null, t(k));
      th.scope = 'col';
      hr.append(th);
    }
    thead.append(hr);
    table.append(thead);
    for (let ti = s.token_start; ti < s.token_end; ti++) {
      const tok = doc.tokens[ti];
      const ms = tok.morphemes && tok.morphemes.length ? tok.morphemes : [{ form: tok.text, upos: '', lemma: '', feats: '' }];
      const tbody = el('tbody', tok.kind === 'punct' ? 'punct' : null);
      ms.forEach((m, k) => {
        const tr = el('tr');
        if (k === 0) {
          const th = el('th', 'mtok');
          th.scope = 'rowgroup';
          th.rowSpan = ms.length;
          th.append(el('span', 'mtok-text', tok.text));
          if (ms.length > 1) th.append(el('span', 'mtok-seg', segmentation(tok)));
          tr.append(th);
        }
        const real = tok.morphemes && tok.morphemes.length;
        if (words) {
          const cell = el('td', 'mid');
          if (real) cell.append(ltr(String(++id)));
          tr.append(cell);
        }
        tr.append(el('td', 'mform', m.form));
        const up = el('td', 'mupos');
        up.append(uposCell(m.upos));
        const lemma = el('td', 'mlemma', m.lemma);
        const feats = el('td', 'mfeats');
        feats.append(featsCell(m.feats));
        tr.append(up, lemma, feats);
        if (words) {
          const head = el('td', 'mhead');
          head.append(headCell(words, m));
          const rel = el('td', 'mdeprel');
          rel.append(deprelCell(m));
          tr.append(head, rel);
        }
        tbody.append(tr);
      });
      table.append(tbody);
    }
    wrap.append(table);
    sec.append(wrap);
    frag.append(sec);
  }
  morphEl.append(frag);
  c.morphShown = end;
  const left = doc.sentences.length - end;
  btn.hidden = left === 0;
  if (left) btn.textContent = t('moreSentencesN', num(left));
}

$('more-morph').addEventListener('click', () => renderMorph(false));
