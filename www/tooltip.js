// The word tooltip: a token's segmentation, entity, value, quote and the analysis of each of its
// morphemes. Shown by the text view's cursor and on hover.
import { ENTITY_LABELS, VALUE_KINDS, MODIFIERS, TOKEN_KINDS, pick } from './labels.js';
import { state } from './state.js';
import { $, el, ltr, t, num } from './dom.js';
import { covering, segmentation, valueText, tokenWords } from './doc.js';
import { uposCell, featsCell, headCell, deprelCell } from './morph-view.js';

const output = $('output');
const tooltip = $('tooltip');

export function fillTooltip(idx) {
  const c = state.cur;
  const token = c.doc.tokens[idx];
  const head = el('div', 'tip-head');
  head.append(el('span', 'tip-word', token.text));
  const kind = ltr(pick(TOKEN_KINDS[token.kind], state.lang, token.kind), 'tip-kind');
  head.append(kind);
  const parts = [head];
  if ((token.morphemes || []).length > 1) parts.push(el('div', 'tip-seg', segmentation(token)));
  const ent = covering(c.ents, token.start) || covering(c.ents, token.end - 1);
  if (ent) {
    const line = el('div', 'tip-line');
    const badge = ltr(ent.item.label, 'tip-badge');
    badge.dataset.label = ent.item.label;
    line.append(badge, ' ', el('span', null, `${pick(ENTITY_LABELS[ent.item.label], state.lang, ent.item.label)}: ${ent.item.text}`));
    const gi = c.groupOf.get(ent.i);
    const g = gi !== undefined ? c.doc.entity_groups[gi] : null;
    if (g && g.count > 1) line.append(el('span', 'tip-muted', ` · ${g.name} (${g.count === 1 ? t('mention1') : t('mentions', num(g.count))})`));
    if (c.speakerOf.has(ent.i)) line.append(el('span', 'tip-muted', ` · ${t('speakerOf')}`));
    parts.push(line);
  }
  const val = covering(c.values, token.start);
  if (val) {
    const v = val.item;
    const line = el('div', 'tip-line');
    line.append(el('span', 'tip-badge value', pick(VALUE_KINDS[v.kind], state.lang, v.kind)), ' ', ltr(valueText(v), 'tip-value'));
    if (v.modifier) line.append(el('span', 'tip-muted', ` · ${t('modifier')}: ${pick(MODIFIERS[v.modifier], state.lang, v.modifier)}`));
    parts.push(line);
  }
  const quote = covering(c.quotes, token.start);
  if (quote) {
    const q = quote.item;
    const sp = q.speaker !== null && q.speaker !== undefined ? c.doc.entities[q.speaker] : null;
    const line = el('div', 'tip-line');
    line.append(el('span', 'tip-badge quote', t('quote')), ' ', el('span', null, sp ? t('speaker', sp.text) : t('noSpeaker')));
    parts.push(line);
  }
  const ms = token.morphemes || [];
  if (ms.length && ms.some((m) => m.upos)) {
    const table = el('table', 'tip-table');
    const thead = el('thead');
    const hr = el('tr');
    // With a parse: each word's ID in its sentence, its head and its relation.
    const syn = c.parsed ? tokenWords(c, idx) : null;
    const cols = syn ? ['colId', 'colForm', 'colUpos', 'colLemma', 'colFeats', 'colHead', 'colDeprel'] : ['colForm', 'colUpos', 'colLemma', 'colFeats'];
    for (const k of cols) { const th = el('th', null, t(k)); th.scope = 'col'; hr.append(th); }
    thead.append(hr);
    const tbody = el('tbody');
    ms.forEach((m, k) => {
      const tr = el('tr');
      if (syn) {
        const id = el('td', 'mid');
        id.append(ltr(String(syn.first + k)));
        tr.append(id);
      }
      tr.append(el('td', 'tip-form', m.form));
      const up = el('td', 'tip-upos');
      up.append(uposCell(m.upos));
      tr.append(up, el('td', 'tip-lemma', m.lemma));
      const feats = el('td', 'tip-feats');
      feats.append(featsCell(m.feats));
      tr.append(feats);
      if (syn) {
        const head = el('td', 'tip-head-cell');
        head.append(headCell(syn.words, m));
        const rel = el('td', 'tip-deprel');
        rel.append(deprelCell(m));
        tr.append(head, rel);
      }
      tbody.append(tr);
    });
    table.append(thead, tbody);
    parts.push(table);
  } else {
    parts.push(el('div', 'tip-empty', t('noMorph')));
  }
  tooltip.replaceChildren(...parts);
}

/** Shows the tooltip for token `idx` under (or above) its element. */
export function showTooltip(idx, anchor) {
  if (!state.cur || !state.cur.doc.tokens[idx]) return;
  for (const a of output.querySelectorAll('.token.active')) a.classList.remove('active');
  const els = output.querySelectorAll(`.token[data-idx="${idx}"]`);
  for (const e of els) e.classList.add('active');
  anchor = anchor || els[0];
  if (!anchor) return;
  fillTooltip(idx);
  tooltip.hidden = false;
  output.setAttribute('aria-describedby', 'tooltip');
  const r = anchor.getBoundingClientRect();
  const tw = tooltip.offsetWidth, th = tooltip.offsetHeight;
  const margin = 8;
  let left = r.left + r.width / 2 - tw / 2;
  left = Math.max(margin, Math.min(left, document.documentElement.clientWidth - tw - margin));
  let top = r.bottom + 8;
  if (top + th > window.innerHeight - margin && r.top - th - 8 > margin) top = r.top - th - 8;
  tooltip.style.left = `${left + window.scrollX}px`;
  tooltip.style.top = `${top + window.scrollY}px`;
}

export function hideTooltip() {
  for (const a of output.querySelectorAll('.token.active')) a.classList.remove('active');
  tooltip.hidden = true;
  state.tipPinned = false;
  output.removeAttribute('aria-describedby');
}


document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') hideTooltip(); });
document.addEventListener('click', (ev) => { if (!output.contains(ev.target) && !tooltip.contains(ev.target)) hideTooltip(); });
