// The text view: the text with sentences, entity marks, quotes and values; a keyboard cursor
// whose tooltip explains the word; the legend that shows and hides the marks. Long texts render
// in chunks (see `prepare` in doc.js).
import { ENTITY_LABELS, pick } from './labels.js';
import { state } from './state.js';
import { $, el, ltr, t, num } from './dom.js';
import { firstEndingAfter, tokenTitle } from './doc.js';
import { showTooltip, hideTooltip } from './tooltip.js';
import { goToEntity } from './entities-view.js';

// The text view renders up to this many tokens at a time; a button shows more.
export const BATCH_TOKENS = 20000;
const LABELS = Object.keys(ENTITY_LABELS);
const output = $('output');

/**
 * Renders [a, b) of the text into `parent`: sentence > entity mark > token pieces. A piece inside
 * a quote or a value gets the class `q` or `v`; a token cut by an entity edge (the ב of באלסקה)
 * becomes two `.token` elements with the same data-idx. Text between tokens stays text, so the
 * output keeps the input's whitespace. With `titles`, tokens carry a plain-text title.
 */
export function renderRange(c, a, b, parent, titles = false) {
  const { text, doc } = c;
  const layers = [doc.sentences, c.ents, doc.tokens, c.quotes, c.values];
  const cuts = new Set([a, b]);
  const from = layers.map((l) => firstEndingAfter(l, a));
  layers.forEach((l, k) => {
    for (let i = from[k]; i < l.length && l[i].start < b; i++) {
      if (l[i].start > a) cuts.add(l[i].start);
      if (l[i].end < b) cuts.add(l[i].end);
    }
  });
  const points = [...cuts].sort((x, y) => x - y);
  const ptr = from.slice();
  const cover = (k, x) => {
    const l = layers[k];
    while (ptr[k] < l.length && l[ptr[k]].end <= x) ptr[k]++;
    const s = l[ptr[k]];
    return s && s.start <= x ? ptr[k] : -1;
  };
  let sentEl = null, sentIdx = -1, entEl = null, entIdx = -1, tokEl = null, tokKey = '';
  for (let p = 0; p + 1 < points.length; p++) {
    const x = points[p], y = points[p + 1];
    if (x >= y) continue;
    const si = cover(0, x), ei = cover(1, x), ti = cover(2, x), qi = cover(3, x), vi = cover(4, x);
    if (si !== sentIdx || (si >= 0 && sentEl === null)) {
      sentIdx = si;
      entIdx = -1; entEl = null; tokEl = null; tokKey = '';
      if (si >= 0) {
        sentEl = el('span', 'sentence' + (si % 2 ? ' alt' : ''));
        sentEl.dataset.n = String(si + 1);
        parent.appendChild(sentEl);
      } else {
        sentEl = null;
      }
    }
    const sentParent = sentEl || parent;
    if (ei !== entIdx) {
      entIdx = ei; tokEl = null; tokKey = '';
      if (ei >= 0) {
        const e = c.ents[ei];
        entEl = el('mark', 'entity');
        entEl.dataset.label = e.item.label;
        entEl.dataset.ent = String(e.i);
        if (c.speakerOf.has(e.i)) entEl.classList.add('speaker');
        if (titles) entEl.title = `${e.item.label} · ${pick(ENTITY_LABELS[e.item.label], state.lang)}`;
        sentParent.appendChild(entEl);
      } else {
        entEl = null;
      }
    }
    const host = entEl || sentParent;
    const piece = text.slice(x, y);
    const deco = (qi >= 0 ? ' q' : '') + (vi >= 0 ? ' v' : '');
    if (ti >= 0) {
      const key = `${ti}${deco}`;
      if (key !== tokKey || tokEl === null || tokEl.parentNode !== host) {
        const tok = doc.tokens[ti];
        tokEl = el('span', `token k-${tok.kind}${deco}`);
        tokEl.dataset.idx = String(ti);
        if (vi >= 0) tokEl.dataset.value = c.values[vi].item.kind;
        if (titles) tokEl.title = tokenTitle(tok);
        host.appendChild(tokEl);
        tokKey = key;
      }
      tokEl.appendChild(document.createTextNode(piece));
    } else {
      tokEl = null; tokKey = '';
      if (deco) host.appendChild(el('span', deco.trim(), piece));
      else host.appendChild(document.createTextNode(piece));
    }
    // After a quote's closing mark: a link to its speaker.
    if (qi >= 0 && y === c.quotes[qi].end) {
      const q = c.quotes[qi].item;
      const sp = q.speaker;
      if (sp !== null && sp !== undefined && doc.entities[sp]) {
        const btn = el('button', 'speaker-link');
        btn.type = 'button';
        btn.dataset.ent = String(sp);
        btn.dataset.name = doc.entities[sp].text;
        btn.setAttribute('aria-label', t('speaker', doc.entities[sp].text));
        sentParent.appendChild(btn);
        entEl = null; entIdx = -1; tokEl = null; tokKey = '';
      }
    }
  }
}

/** Renders chunks of the text view until `tokens` more tokens are shown (or all are). */
export async function renderBatch(c, tokens, sync = false) {
  const gen = c.gen;
  let shown = 0;
  while (c.rendered < c.chunks.length && shown < tokens) {
    const chunk = c.chunks[c.rendered++];
    appendChunk(c, chunk);
    shown += chunk.tokens;
    if (!sync && c.rendered < c.chunks.length && shown < tokens) {
      await new Promise((r) => setTimeout(r, 0));
      if (state.cur !== c || c.gen !== gen) return false;
    }
  }
  updateMoreButton(c);
  return true;
}

export function updateMoreButton(c) {
  const btn = $('more-text');
  const left = c.chunks.slice(c.rendered).reduce((n, ch) => n + ch.tokens, 0);
  btn.hidden = left === 0;
  if (left) btn.textContent = t('moreN', num(left));
  output.dataset.more = left ? 'true' : 'false';
}

$('more-text').addEventListener('click', () => { if (state.cur) renderBatch(state.cur, BATCH_TOKENS); });

/** Renders chunks until the one holding `pos` is shown. */
export function renderUpTo(c, pos) {
  while (c.rendered < c.chunks.length && c.chunks[c.rendered].start <= pos) appendChunk(c, c.chunks[c.rendered++]);
  updateMoreButton(c);
}

/** Renders one chunk at the end of the text view: in a block of its own when it has line breaks
 * at both ends (see `prepare`), else inline in the flow. */
export function appendChunk(c, chunk) {
  const frag = document.createDocumentFragment();
  renderRange(c, chunk.start, chunk.end, frag);
  if (chunk.block) {
    const div = el('div', 'chunk');
    div.appendChild(frag);
    output.appendChild(div);
  } else {
    output.appendChild(frag);
  }
}


// ---- legend and stats ----------------------------------------------------------------------

const hidden = new Set(); // labels (and "quotes", "values") whose marks are hidden

export function renderLegend() {
  const legend = $('legend');
  const counts = Object.fromEntries(LABELS.map((l) => [l, 0]));
  if (state.cur) for (const e of state.cur.doc.entities) counts[e.label] = (counts[e.label] || 0) + 1;
  const item = (key, name, count, swatchClass) => {
    const li = el('li');
    const btn = el('button', 'legend-item');
    btn.type = 'button';
    btn.dataset.layer = key;
    btn.setAttribute('aria-pressed', String(!hidden.has(key)));
    const sw = el('span', `swatch ${swatchClass}`);
    sw.setAttribute('aria-hidden', 'true');
    if (LABELS.includes(key)) sw.dataset.label = key;
    btn.append(sw, el('span', 'legend-name', name), ' ');
    if (LABELS.includes(key)) btn.append(ltr(key, 'legend-code'), ' ');
    btn.append(ltr(num(count), 'legend-count'));
    if (!count) btn.classList.add('zero');
    li.append(btn);
    return li;
  };
  const items = LABELS.map((l) => item(l, pick(ENTITY_LABELS[l], state.lang), counts[l], 'ent'));
  items.push(item('quotes', t('quotes'), state.cur ? state.cur.doc.quotes.length : 0, 'quote'));
  items.push(item('values', t('values'), state.cur ? state.cur.doc.values.length : 0, 'value'));
  legend.replaceChildren(...items);
}

$('legend').addEventListener('click', (ev) => {
  const btn = ev.target.closest('button[data-layer]');
  if (!btn) return;
  const key = btn.dataset.layer;
  if (hidden.has(key)) hidden.delete(key); else hidden.add(key);
  btn.setAttribute('aria-pressed', String(!hidden.has(key)));
  output.classList.toggle(`hide-${key}`, hidden.has(key));
});

/** Moves the keyboard cursor to token `idx`, shows its tooltip, keeps it in view. */
export function setCursor(idx, pin) {
  const c = state.cur;
  if (!c || !c.doc.tokens.length) return;
  idx = Math.max(0, Math.min(idx, c.doc.tokens.length - 1));
  renderUpTo(c, c.doc.tokens[idx].start);
  const prev = output.querySelector('#tok-active');
  if (prev) prev.removeAttribute('id');
  const tokEl = output.querySelector(`.token[data-idx="${idx}"]`);
  if (!tokEl) return;
  state.cursor = idx;
  tokEl.id = 'tok-active';
  output.setAttribute('aria-activedescendant', 'tok-active');
  tokEl.scrollIntoView({ block: 'nearest' });
  state.tipPinned = pin;
  showTooltip(idx, tokEl);
}

output.addEventListener('mouseover', (ev) => {
  const tk = ev.target.closest && ev.target.closest('.token');
  if (tk && Number(tk.dataset.idx) !== state.cursor) { state.tipPinned = false; showTooltip(Number(tk.dataset.idx), tk); }
});
output.addEventListener('mouseout', (ev) => {
  if (state.tipPinned) return;
  const from = ev.target.closest && ev.target.closest('.token');
  const to = ev.relatedTarget && ev.relatedTarget.closest && ev.relatedTarget.closest('.token');
  if (from && (!to || to.dataset.idx !== from.dataset.idx)) hideTooltip();
});
output.addEventListener('keydown', (ev) => {
  if (!state.cur || !state.cur.doc.tokens.length) return;
  const rtl = true; // the text runs right to left whatever the interface language
  const next = rtl ? 'ArrowLeft' : 'ArrowRight';
  const prev = rtl ? 'ArrowRight' : 'ArrowLeft';
  const step = ev.ctrlKey ? 10 : 1;
  let idx = null;
  if (ev.key === next) idx = state.cursor < 0 ? 0 : state.cursor + step;
  else if (ev.key === prev) idx = state.cursor < 0 ? 0 : state.cursor - step;
  else if (ev.key === 'Home') idx = 0;
  else if (ev.key === 'End') idx = state.cur.doc.tokens.length - 1;
  else if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
    const s = state.cur.doc.sentences;
    const si = s.findIndex((x) => state.cursor >= x.token_start && state.cursor < x.token_end);
    const sj = ev.key === 'ArrowDown' ? Math.min(si + 1, s.length - 1) : Math.max(si - 1, 0);
    if (s[sj]) idx = s[sj].token_start;
  } else if (ev.key === 'Escape') { hideTooltip(); return; }
  if (idx !== null) { ev.preventDefault(); setCursor(idx, true); }
});
output.addEventListener('focus', () => {
  if (state.cur && state.cursor < 0 && state.cur.doc.tokens.length && output.dataset.state === 'done') setCursor(0, true);
});
output.addEventListener('blur', (ev) => {
  if (!output.contains(ev.relatedTarget)) hideTooltip();
});
output.addEventListener('click', (ev) => {
  const link = ev.target.closest('button.speaker-link');
  if (link) { ev.stopPropagation(); goToEntity(Number(link.dataset.ent)); return; }
  const tok = ev.target.closest('.token');
  if (tok) setCursor(Number(tok.dataset.idx), true); else hideTooltip();
});
