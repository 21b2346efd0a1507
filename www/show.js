// Shows a document in the views (the text view first, the others when they are opened), or the
// empty state; the summary above the views and the timing in the footer.
import { state } from './state.js';
import { $, el, ltr, t, num, setStatus } from './dom.js';
import { prepare } from './doc.js';
import { renderBatch, renderLegend, BATCH_TOKENS } from './text-view.js';
import { hideTooltip } from './tooltip.js';
import { renderMorph } from './morph-view.js';
import { renderEntities, renderSideGroups } from './entities-view.js';
import { renderSyntax, clearSyntax } from './syntax-view.js';

const output = $('output');
const statsEl = $('stats');
const morphEl = $('morph');
const entitiesEl = $('entities');

/** Shows a document: text view first, then the other views on demand. */
export async function show(text, doc, ms) {
  hideTooltip();
  const c = prepare(text, doc);
  c.ms = ms;
  state.cur = c;
  output.replaceChildren();
  output.dataset.state = 'rendering';
  output.removeAttribute('aria-activedescendant');
  state.cursor = -1;
  renderLegend();
  renderStats();
  renderSideGroups();
  morphEl.replaceChildren();
  entitiesEl.replaceChildren();
  clearSyntax();
  if (state.view === 'morph') renderMorph(true);
  if (state.view === 'syntax') renderSyntax(true);
  if (state.view === 'entities') renderEntities();
  setTiming(ms);
  $('download').disabled = false;
  $('copy').disabled = false;
  const complete = await renderBatch(c, BATCH_TOKENS);
  if (complete && state.cur === c) {
    output.dataset.state = 'done';
    setStatus('done');
  }
}

export function showEmpty() {
  state.cur = null;
  hideTooltip();
  output.replaceChildren(el('p', 'placeholder', t('empty')));
  output.dataset.state = 'empty';
  statsEl.replaceChildren();
  morphEl.replaceChildren();
  entitiesEl.replaceChildren();
  clearSyntax();
  renderSideGroups();
  $('more-text').hidden = true;
  $('more-morph').hidden = true;
  $('download').disabled = true;
  $('copy').disabled = true;
  setTiming(null);
  renderLegend();
  setStatus('readyEmpty');
}

export function setTiming(ms) {
  if (ms === null || ms === undefined || !state.cur) {
    $('timing').textContent = '—';
    $('speed').textContent = '—';
    return;
  }
  $('timing').textContent = `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  const wps = state.cur.words / Math.max(ms, 0.1) * 1000;
  const [before, after] = t('wordsPerSecond').split('{n}');
  $('speed').replaceChildren(before, ltr(num(Math.round(wps))), after);
}

export function renderStats() {
  if (!state.cur) { statsEl.replaceChildren(); return; }
  const d = state.cur.doc;
  const morphemes = d.tokens.reduce((n, tk) => n + (tk.morphemes ? tk.morphemes.length : 0), 0);
  const items = [
    ['statSentences', d.sentences.length], ['statTokens', d.tokens.length], ['statMorphemes', morphemes],
    ['statEntities', d.entities.length], ['statValues', d.values.length], ['statQuotes', d.quotes.length],
  ];
  statsEl.replaceChildren(...items.map(([key, n]) => {
    const li = el('li');
    li.dataset.stat = key;
    li.append(el('strong', null, num(n)), ' ', t(key));
    return li;
  }));
}
