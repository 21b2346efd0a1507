// dikduk web page: annotates the textarea's text with the WASM module and renders it.
// User text is only ever inserted with textContent / text nodes, never as HTML.
import init, { annotate, version } from './pkg/dikduk.js';

const DEBOUNCE_MS = 250;
// Above this many UTF-16 code units, typing does not re-annotate; the button does.
const AUTO_LIMIT = 50000;

const SAMPLE = `ביום שלישי נפגש ראש עיריית ירושלים עם משלחת של חברת Intel בבניין העירייה בכיכר ספרא. בפגישה, שנמשכה כשעתיים, דנו הצדדים בהקמת מרכז פיתוח חדש בשכונת תלפיות, שיעסיק כ-1,200 עובדים עד שנת 2027.
"זהו יום חשוב לעיר ולתושביה", אמר ראש העירייה בסיום הפגישה. לדבריו, ההשקעה מוערכת ב-350 מיליון ש"ח, והעבודות יתחילו כבר בחודש מרץ.`;

const ENTITY_LABELS = {
  PER: 'אדם',
  ORG: 'ארגון',
  GPE: 'ישות מדינית',
  LOC: 'מקום',
  FAC: 'מבנה',
  EVE: 'אירוע',
  WOA: 'יצירה',
  DUC: 'מוצר',
  ANG: 'שפה',
};

const UPOS_HE = {
  ADJ: 'שם תואר', ADP: 'מילת יחס', ADV: 'תואר הפועל', AUX: 'פועל עזר',
  CCONJ: 'מילת חיבור', DET: 'הא הידיעה', INTJ: 'מילת קריאה', NOUN: 'שם עצם',
  NUM: 'מספר', PART: 'מילית', PRON: 'כינוי גוף', PROPN: 'שם פרטי',
  PUNCT: 'סימן פיסוק', SCONJ: 'מילת שעבוד', SYM: 'סמל', VERB: 'פועל', X: 'אחר',
};

const $ = (id) => document.getElementById(id);
const input = $('input');
const output = $('output');
const statusEl = $('status');
const timingEl = $('timing');
const statsEl = $('stats');
const tooltip = $('tooltip');
const annotateBtn = $('annotate');

let ready = false;
let timer = 0;
let currentDoc = null;

/** Creates an element with optional class and text (as textContent). */
function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function setStatus(message, isError = false) {
  statusEl.textContent = message;
  statusEl.classList.toggle('error', isError);
}

/** "ו+ה+בית": the token's morpheme forms joined by "+". */
function segmentation(token) {
  const forms = (token.morphemes || []).map((m) => m.form);
  return forms.length ? forms.join('+') : token.text;
}

/** Plain-text description of a token, for the title attribute (tooltip fallback). */
function tokenTitle(token) {
  const lines = [segmentation(token)];
  for (const m of token.morphemes || []) {
    lines.push(`${m.form} · ${m.upos} · ${m.lemma}${m.feats ? ' · ' + m.feats : ''}`);
  }
  return lines.join('\n');
}

/**
 * Splits [0, length) at every sentence, entity and token boundary and renders the pieces nested
 * sentence > entity > token. Text between tokens (spaces, newlines) stays as text nodes, so the
 * output keeps the input's whitespace; a token cut by an entity edge (the ב of באלסקה) becomes
 * two .token elements with the same data-idx.
 */
function render(text, doc) {
  const { sentences, tokens } = doc;
  // Entities may nest or overlap in principle; show the outermost, first-starting ones.
  const entities = [];
  for (const e of doc.entities) {
    if (e.end > e.start && (!entities.length || e.start >= entities[entities.length - 1].end)) {
      entities.push(e);
    }
  }
  const layers = [sentences, entities, tokens];
  const cuts = new Set([0, text.length]);
  for (const layer of layers) {
    for (const s of layer) {
      cuts.add(Math.min(s.start, text.length));
      cuts.add(Math.min(s.end, text.length));
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const ptr = [0, 0, 0];
  const covering = (li, a, b) => {
    const layer = layers[li];
    while (ptr[li] < layer.length && layer[ptr[li]].end <= a) ptr[li]++;
    const s = layer[ptr[li]];
    return s && s.start <= a && b <= s.end ? ptr[li] : -1;
  };

  const frag = document.createDocumentFragment();
  let sentEl = null, sentIdx = -1;
  let entEl = null, entIdx = -1;
  let tokEl = null, tokIdx = -1;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    if (a === b) continue;
    const si = covering(0, a, b), ei = covering(1, a, b), ti = covering(2, a, b);
    if (si !== sentIdx || sentEl === null && si >= 0) {
      sentIdx = si;
      entIdx = -1; entEl = null; tokIdx = -1; tokEl = null;
      if (si >= 0) {
        sentEl = el('span', 'sentence' + (si % 2 ? ' alt' : ''));
        sentEl.dataset.n = String(si + 1);
        frag.appendChild(sentEl);
      } else {
        sentEl = null;
      }
    }
    const sentParent = sentEl || frag;
    if (ei !== entIdx) {
      entIdx = ei; tokIdx = -1; tokEl = null;
      if (ei >= 0) {
        const e = entities[ei];
        entEl = el('mark', 'entity');
        entEl.dataset.label = e.label;
        entEl.title = `${e.label} · ${ENTITY_LABELS[e.label] || ''}`;
        sentParent.appendChild(entEl);
      } else {
        entEl = null;
      }
    }
    const parent = entEl || sentParent;
    const piece = text.slice(a, b);
    if (ti >= 0) {
      if (ti !== tokIdx || tokEl === null || tokEl.parentNode !== parent) {
        const t = tokens[ti];
        tokEl = el('span', `token k-${t.kind}`);
        tokEl.dataset.idx = String(ti);
        tokEl.title = tokenTitle(t);
        parent.appendChild(tokEl);
        tokIdx = ti;
      }
      tokEl.appendChild(document.createTextNode(piece));
    } else {
      tokIdx = -1; tokEl = null;
      parent.appendChild(document.createTextNode(piece));
    }
  }
  output.replaceChildren(frag);
}

function renderStats(doc) {
  const morphemes = doc.tokens.reduce((n, t) => n + (t.morphemes ? t.morphemes.length : 0), 0);
  const items = [
    ['משפטים', doc.sentences.length],
    ['מילים', doc.tokens.length],
    ['תת-מילים', morphemes],
    ['ישויות', doc.entities.length],
  ];
  statsEl.replaceChildren(...items.map(([label, n]) => {
    const li = el('li');
    li.append(el('strong', null, n.toLocaleString('he-IL')), ' ', label);
    return li;
  }));
}

function renderLegend() {
  const legend = $('legend');
  legend.replaceChildren(...Object.entries(ENTITY_LABELS).map(([label, name]) => {
    const li = el('li', 'legend-item');
    const sw = el('span', 'swatch');
    sw.dataset.label = label;
    li.append(sw, el('span', 'legend-name', name), ' ');
    const code = el('bdi', 'legend-code', label);
    code.dir = 'ltr';
    li.append(code);
    return li;
  }));
}

function run() {
  clearTimeout(timer);
  if (!ready) return;
  const text = input.value;
  hideTooltip();
  if (!text.trim()) {
    currentDoc = null;
    output.replaceChildren(el('p', 'placeholder', 'הניתוח יופיע כאן.'));
    statsEl.replaceChildren();
    timingEl.textContent = '—';
    setStatus('מוכן.');
    output.dataset.state = 'empty';
    return;
  }
  let doc;
  const t0 = performance.now();
  try {
    doc = annotate(text, null);
  } catch (err) {
    const message = err && err.message ? err.message : String(err);
    setStatus(`שגיאה: ${message}`, true);
    output.dataset.state = 'error';
    return;
  }
  const ms = performance.now() - t0;
  currentDoc = doc;
  render(text, doc);
  renderStats(doc);
  timingEl.textContent = `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  setStatus('הניתוח הושלם.');
  output.dataset.state = 'done';
}

function schedule() {
  clearTimeout(timer);
  if (input.value.length > AUTO_LIMIT) {
    // Long texts are annotated on request only, so typing stays responsive.
    setStatus('טקסט ארוך: לחצו על ״ניתוח״ כדי לנתח אותו.');
    output.dataset.state = 'stale';
    return;
  }
  timer = setTimeout(run, DEBOUNCE_MS);
}

// ---- tooltip -------------------------------------------------------------------------------

let tipToken = null;

function fillTooltip(token) {
  const head = el('div', 'tip-head');
  head.append(el('span', 'tip-word', token.text));
  const kind = el('span', 'tip-kind', token.kind);
  kind.dir = 'ltr';
  head.append(kind);
  const seg = el('div', 'tip-seg', segmentation(token));
  const entity = currentDoc.entities.find((e) => e.start < token.end && e.end > token.start);
  const table = el('table', 'tip-table');
  const thead = el('thead');
  const hr = el('tr');
  for (const h of ['צורה', 'חלק דיבר', 'בסיס', 'מאפיינים']) hr.append(el('th', null, h));
  thead.append(hr);
  const tbody = el('tbody');
  for (const m of token.morphemes || []) {
    const tr = el('tr');
    tr.append(el('td', 'tip-form', m.form));
    const upos = el('td', 'tip-upos');
    const code = el('bdi', 'upos-code', m.upos);
    code.dir = 'ltr';
    upos.append(code);
    if (UPOS_HE[m.upos]) upos.append(el('span', 'upos-he', UPOS_HE[m.upos]));
    tr.append(upos);
    tr.append(el('td', 'tip-lemma', m.lemma));
    const feats = el('td', 'tip-feats');
    feats.dir = 'ltr';
    if (m.feats) {
      for (const f of m.feats.split('|')) feats.append(el('span', 'feat', f));
    } else {
      feats.append(el('span', 'feat none', '—'));
    }
    tr.append(feats);
    tbody.append(tr);
  }
  table.append(thead, tbody);
  const parts = [head, seg];
  if (entity) {
    const line = el('div', 'tip-entity');
    const badge = el('bdi', 'tip-entity-label', entity.label);
    badge.dir = 'ltr';
    badge.dataset.label = entity.label;
    line.append(badge, ' ', el('span', null, `${ENTITY_LABELS[entity.label] || 'ישות'}: ${entity.text}`));
    parts.push(line);
  }
  if (token.morphemes && token.morphemes.length) {
    parts.push(table);
  } else {
    parts.push(el('div', 'tip-empty', 'אין ניתוח מורפולוגי'));
  }
  tooltip.replaceChildren(...parts);
}

function showTooltip(tokEl) {
  if (!currentDoc) return;
  const idx = Number(tokEl.dataset.idx);
  const token = currentDoc.tokens[idx];
  if (!token) return;
  if (tipToken !== null && tipToken !== idx) hideTooltip();
  tipToken = idx;
  fillTooltip(token);
  for (const t of output.querySelectorAll(`.token[data-idx="${idx}"]`)) {
    t.classList.add('active');
    // The custom tooltip replaces the native one while shown; the title stays for a11y otherwise.
    if (t.title) {
      t.dataset.title = t.title;
      t.removeAttribute('title');
    }
  }
  tooltip.hidden = false;
  const r = tokEl.getBoundingClientRect();
  const tw = tooltip.offsetWidth, th = tooltip.offsetHeight;
  const margin = 8;
  let left = r.left + r.width / 2 - tw / 2;
  left = Math.max(margin, Math.min(left, document.documentElement.clientWidth - tw - margin));
  let top = r.bottom + 8;
  if (top + th > window.innerHeight - margin && r.top - th - 8 > margin) top = r.top - th - 8;
  tooltip.style.left = `${left + window.scrollX}px`;
  tooltip.style.top = `${top + window.scrollY}px`;
}

function hideTooltip() {
  if (tipToken !== null) {
    for (const t of output.querySelectorAll('.token.active')) {
      t.classList.remove('active');
      if (t.dataset.title) {
        t.title = t.dataset.title;
        delete t.dataset.title;
      }
    }
  }
  tipToken = null;
  tooltip.hidden = true;
}

output.addEventListener('mouseover', (ev) => {
  const t = ev.target.closest && ev.target.closest('.token');
  if (t) showTooltip(t);
});
output.addEventListener('mouseout', (ev) => {
  const from = ev.target.closest && ev.target.closest('.token');
  const to = ev.relatedTarget && ev.relatedTarget.closest && ev.relatedTarget.closest('.token');
  if (from && (!to || to.dataset.idx !== from.dataset.idx)) hideTooltip();
});
// Touch screens: tap a word to show its analysis, tap elsewhere to hide it.
output.addEventListener('click', (ev) => {
  const t = ev.target.closest && ev.target.closest('.token');
  if (t) showTooltip(t); else hideTooltip();
});
document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') hideTooltip(); });
// The tooltip is positioned in page coordinates, so it stays with its word when the page scrolls.

// ---- wiring --------------------------------------------------------------------------------

input.addEventListener('input', schedule);
annotateBtn.addEventListener('click', run);
$('sample').addEventListener('click', () => { input.value = SAMPLE; run(); });
$('clear').addEventListener('click', () => { input.value = ''; run(); input.focus(); });
input.addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); run(); }
});

renderLegend();

try {
  await init();
  ready = true;
  annotateBtn.disabled = false;
  $('version').textContent = `v${version()}`;
  // For the console and the end-to-end tests: the raw API.
  window.dikduk = {
    annotate,
    version,
    sample: SAMPLE,
    /** Shows a given document for `text` (e.g. one from the CLI) instead of annotating. */
    render(text, doc) {
      hideTooltip();
      currentDoc = doc;
      render(text, doc);
      renderStats(doc);
      output.dataset.state = 'done';
    },
  };
  document.documentElement.dataset.ready = 'true';
  setStatus('מוכן. הקלידו או הדביקו טקסט.');
  if (input.value.trim()) run();
} catch (err) {
  setStatus(`טעינת המודל נכשלה: ${err && err.message ? err.message : err}`, true);
  document.documentElement.dataset.ready = 'error';
}
