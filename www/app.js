// dikduk web page: annotates the textarea's text in a Web Worker and shows it in three views
// (text with highlights, morphology tables, entity groups). User text is only ever inserted
// with textContent, text nodes or attributes, never as HTML.
import init, { annotate, annotateWithProgress, toConllu, version } from './pkg/dikduk.js';
import {
  STRINGS, ENTITY_LABELS, UPOS, VALUE_KINDS, MODIFIERS, TOKEN_KINDS, featureLabel, pick,
} from './labels.js';

const DEBOUNCE_MS = 250;
// Texts longer than this wait longer after a keystroke before they are annotated again.
const LONG_TEXT = 50000;
const LONG_DEBOUNCE_MS = 700;
// The text view renders sentences in chunks of about this many tokens, between frames...
const CHUNK_TOKENS = 1000;
// ...up to this many tokens at a time; a button shows more.
const BATCH_TOKENS = 20000;
// Line breaks: a chunk that starts and ends at one is a block of its own (see `prepare`).
const LINE_BREAK = /[\n\r\u0085\u2028\u2029]/;
// The morphology view shows this many sentences at a time.
const MORPH_PAGE = 40;
// A request for a text this long is abandoned (the worker restarted) when a newer one comes.
const RESTART_ABOVE = 200000;

const SAMPLE = `ביום שלישי נפגש ראש עיריית ירושלים משה ליאון עם משלחת של חברת Intel בבניין העירייה בכיכר ספרא. בפגישה, שנמשכה כשעתיים, דנו הצדדים בהקמת מרכז פיתוח חדש בשכונת תלפיות, שיעסיק כ-1,200 עובדים עד שנת 2027.
"זהו יום חשוב לעיר ולתושביה", אמר ליאון בסיום הפגישה. לדבריו, ההשקעה מוערכת ב-350 מיליון ש"ח, והעבודות יתחילו כבר בחודש מרץ.`;

const LABELS = Object.keys(ENTITY_LABELS);

const $ = (id) => document.getElementById(id);
const input = $('input');
const output = $('output');
const statusEl = $('status');
const progressEl = $('progress');
const statsEl = $('stats');
const tooltip = $('tooltip');
const annotateBtn = $('annotate');
const morphEl = $('morph');
const entitiesEl = $('entities');
const sideEl = $('side-groups');
/** How many groups the text view's side panel lists (the Entities view lists them all). */
const SIDE_GROUPS = 30;

// ---- state ---------------------------------------------------------------------------------

let lang = 'he';
let mainReady = false;      // the module on the main thread (console API, CoNLL-U, fallback)
let workerReady = false;
let worker = null;
let workerFailed = false;
let busy = null;            // {id, length} of the request the worker is on
let jobId = 0;              // id of the latest request; older results are dropped
let timer = 0;
let progressTimer = 0;
let lastStatus = ['loading'];
let view = 'text';

/** The shown document and its indexes (see `prepare`). */
let cur = null;

// ---- small helpers -------------------------------------------------------------------------

/** Creates an element with an optional class and text (as textContent). */
function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

/** A `<bdi dir="ltr">` for codes (UPOS, labels, numbers) inside right-to-left text. */
function ltr(text, className) {
  const b = el('bdi', className, text);
  b.dir = 'ltr';
  return b;
}

/** The interface string `key`, with `{n}` replaced. */
function t(key, n) {
  const s = STRINGS[lang][key] ?? STRINGS.he[key] ?? key;
  return n === undefined ? s : s.replace('{n}', String(n));
}

function num(n) {
  return n.toLocaleString(lang === 'he' ? 'he-IL' : 'en-US');
}

function setStatus(key, arg, isError = false) {
  lastStatus = [key, arg, isError];
  statusEl.textContent = t(key, arg);
  statusEl.classList.toggle('error', isError);
}

/** First index in `list` (sorted, disjoint spans) whose end is after `pos`. */
function firstEndingAfter(list, pos) {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].end <= pos) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** The span of `list` (sorted, disjoint) that covers `pos`, or null. */
function covering(list, pos) {
  const i = firstEndingAfter(list, pos);
  return i < list.length && list[i].start <= pos ? list[i] : null;
}

/** Items of a layer with their document index, sorted, with overlaps dropped. */
function disjoint(items) {
  const out = [];
  items.forEach((item, i) => {
    if (item.end > item.start && (!out.length || item.start >= out[out.length - 1].end)) {
      out.push({ i, start: item.start, end: item.end, item });
    }
  });
  return out;
}

// ---- the document's indexes ----------------------------------------------------------------

/** Indexes a document for rendering: disjoint layers, speakers, chunk boundaries. */
function prepare(text, doc) {
  const ents = disjoint(doc.entities);
  const values = disjoint(doc.values);
  const quotes = disjoint(doc.quotes);
  const speakerOf = new Map(); // entity index → quote indices
  doc.quotes.forEach((q, i) => {
    if (q.speaker !== null && q.speaker !== undefined) {
      if (!speakerOf.has(q.speaker)) speakerOf.set(q.speaker, []);
      speakerOf.get(q.speaker).push(i);
    }
  });
  const groupOf = new Map(); // entity index → group index
  doc.entity_groups.forEach((g, gi) => g.mentions.forEach((m) => groupOf.set(m, gi)));
  // Chunks: runs of whole sentences of about CHUNK_TOKENS tokens; [start, end) in code units. A
  // chunk starts after a line break when one comes soon enough; a chunk with line breaks at both
  // ends becomes a block of its own, which the browser lays out only when it is near the screen.
  const chunks = [];
  let start = 0, tokens = 0, prevEnd = 0, startsLine = true;
  for (const s of doc.sentences) {
    const n = s.token_end - s.token_start;
    const atLine = LINE_BREAK.test(text.slice(prevEnd, s.start));
    if (tokens > 0 && tokens + n > CHUNK_TOKENS && (atLine || tokens + n > 4 * CHUNK_TOKENS)) {
      chunks.push({ start, end: s.start, tokens, startsLine });
      start = s.start;
      tokens = 0;
      startsLine = atLine;
    }
    tokens += n;
    prevEnd = s.end;
  }
  chunks.push({ start, end: text.length, tokens: Math.max(tokens, doc.sentences.length ? tokens : doc.tokens.length), startsLine });
  chunks.forEach((ch, i) => { ch.block = ch.startsLine && (i + 1 === chunks.length || chunks[i + 1].startsLine); });
  const words = doc.tokens.filter((tk) => tk.kind !== 'punct').length;
  return { text, doc, ents, values, quotes, speakerOf, groupOf, chunks, rendered: 0, words, morphShown: 0, gen: 0 };
}

// ---- text view -----------------------------------------------------------------------------

/** A short line for a token: "ו+ה+בית". */
function segmentation(token) {
  const forms = (token.morphemes || []).map((m) => m.form);
  return forms.length ? forms.join('+') : token.text;
}

/**
 * Renders [a, b) of the text into `parent`: sentence > entity mark > token pieces. A piece inside
 * a quote or a value gets the class `q` or `v`; a token cut by an entity edge (the ב of באלסקה)
 * becomes two `.token` elements with the same data-idx. Text between tokens stays text, so the
 * output keeps the input's whitespace. With `titles`, tokens carry a plain-text title.
 */
function renderRange(c, a, b, parent, titles = false) {
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
        if (titles) entEl.title = `${e.item.label} · ${pick(ENTITY_LABELS[e.item.label], lang)}`;
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

/** Plain text for a token's title (used in the HTML export). */
function tokenTitle(token) {
  const lines = [segmentation(token)];
  for (const m of token.morphemes || []) {
    lines.push(`${m.form} · ${m.upos} · ${m.lemma}${m.feats ? ` · ${m.feats}` : ''}`);
  }
  return lines.join('\n');
}

/** Renders chunks of the text view until `tokens` more tokens are shown (or all are). */
async function renderBatch(c, tokens, sync = false) {
  const gen = c.gen;
  let shown = 0;
  while (c.rendered < c.chunks.length && shown < tokens) {
    const chunk = c.chunks[c.rendered++];
    appendChunk(c, chunk);
    shown += chunk.tokens;
    if (!sync && c.rendered < c.chunks.length && shown < tokens) {
      await new Promise((r) => setTimeout(r, 0));
      if (cur !== c || c.gen !== gen) return false;
    }
  }
  updateMoreButton(c);
  return true;
}

function updateMoreButton(c) {
  const btn = $('more-text');
  const left = c.chunks.slice(c.rendered).reduce((n, ch) => n + ch.tokens, 0);
  btn.hidden = left === 0;
  if (left) btn.textContent = t('moreN', num(left));
  output.dataset.more = left ? 'true' : 'false';
}

/** Renders chunks until the one holding `pos` is shown. */
function renderUpTo(c, pos) {
  while (c.rendered < c.chunks.length && c.chunks[c.rendered].start <= pos) appendChunk(c, c.chunks[c.rendered++]);
  updateMoreButton(c);
}

/** Renders one chunk at the end of the text view: in a block of its own when it has line breaks
 * at both ends (see `prepare`), else inline in the flow. */
function appendChunk(c, chunk) {
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

/** Shows a document: text view first, then the other views on demand. */
async function show(text, doc, ms) {
  hideTooltip();
  const c = prepare(text, doc);
  c.ms = ms;
  cur = c;
  output.replaceChildren();
  output.dataset.state = 'rendering';
  output.removeAttribute('aria-activedescendant');
  cursor = -1;
  renderLegend();
  renderStats();
  renderSideGroups();
  morphEl.replaceChildren();
  entitiesEl.replaceChildren();
  if (view === 'morph') renderMorph(true);
  if (view === 'entities') renderEntities();
  setTiming(ms);
  $('download').disabled = false;
  $('copy').disabled = false;
  const complete = await renderBatch(c, BATCH_TOKENS);
  if (complete && cur === c) {
    output.dataset.state = 'done';
    setStatus('done');
  }
}

function showEmpty() {
  cur = null;
  hideTooltip();
  output.replaceChildren(el('p', 'placeholder', t('empty')));
  output.dataset.state = 'empty';
  statsEl.replaceChildren();
  morphEl.replaceChildren();
  entitiesEl.replaceChildren();
  renderSideGroups();
  $('more-text').hidden = true;
  $('more-morph').hidden = true;
  $('download').disabled = true;
  $('copy').disabled = true;
  setTiming(null);
  renderLegend();
  setStatus('readyEmpty');
}

function setTiming(ms) {
  if (ms === null || ms === undefined || !cur) {
    $('timing').textContent = '—';
    $('speed').textContent = '—';
    return;
  }
  $('timing').textContent = `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  const wps = cur.words / Math.max(ms, 0.1) * 1000;
  const [before, after] = t('wordsPerSecond').split('{n}');
  $('speed').replaceChildren(before, ltr(num(Math.round(wps))), after);
}

// ---- legend and stats ----------------------------------------------------------------------

const hidden = new Set(); // labels (and "quotes", "values") whose marks are hidden

function renderLegend() {
  const legend = $('legend');
  const counts = Object.fromEntries(LABELS.map((l) => [l, 0]));
  if (cur) for (const e of cur.doc.entities) counts[e.label] = (counts[e.label] || 0) + 1;
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
  const items = LABELS.map((l) => item(l, pick(ENTITY_LABELS[l], lang), counts[l], 'ent'));
  items.push(item('quotes', t('quotes'), cur ? cur.doc.quotes.length : 0, 'quote'));
  items.push(item('values', t('values'), cur ? cur.doc.values.length : 0, 'value'));
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

function renderStats() {
  if (!cur) { statsEl.replaceChildren(); return; }
  const d = cur.doc;
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

// ---- morphology view -----------------------------------------------------------------------

/** UPOS cell content: code and readable name. */
function uposCell(upos) {
  const frag = document.createDocumentFragment();
  frag.append(ltr(upos || '—', 'upos-code'));
  if (UPOS[upos]) frag.append(el('span', 'upos-name', pick(UPOS[upos], lang)));
  return frag;
}

/** Feature chips: readable text, the UD notation in the title. */
function featsCell(feats) {
  const frag = document.createDocumentFragment();
  if (!feats) { frag.append(el('span', 'feat none', '—')); return frag; }
  for (const f of feats.split('|')) {
    const chip = el('span', 'feat', featureLabel(f, lang));
    chip.title = f;
    frag.append(chip);
  }
  return frag;
}

/** Renders the next page of sentences (or, with `reset`, the first page). */
function renderMorph(reset = false) {
  const c = cur;
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
    const table = el('table', 'mtable');
    const thead = el('thead');
    const hr = el('tr');
    for (const k of ['colToken', 'colForm', 'colUpos', 'colLemma', 'colFeats']) {
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
        tr.append(el('td', 'mform', m.form));
        const up = el('td', 'mupos');
        up.append(uposCell(m.upos));
        const lemma = el('td', 'mlemma', m.lemma);
        const feats = el('td', 'mfeats');
        feats.append(featsCell(m.feats));
        tr.append(up, lemma, feats);
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

// ---- entities view -------------------------------------------------------------------------

/** A button for entity group `gi` (label badge, name, mention count; with details when `full`). */
function groupButton(c, g, gi, full) {
  const { doc } = c;
  const btn = el('button', 'group');
  btn.type = 'button';
  btn.dataset.group = String(gi);
  btn.setAttribute('aria-pressed', String(c.activeGroup === gi));
  const badge = ltr(g.label, 'badge');
  badge.dataset.label = g.label;
  badge.title = pick(ENTITY_LABELS[g.label], lang, g.label);
  btn.append(badge, el('span', 'gname', g.name));
  btn.append(el('span', 'gcount', g.count === 1 ? t('mention1') : t('mentions', num(g.count))));
  if (!full) return btn;
  if (g.titles.length) btn.append(el('span', 'gtitles', g.titles.join(' · ')));
  const forms = [...new Set(g.mentions.map((m) => doc.entities[m] && doc.entities[m].text))].filter(Boolean);
  if (forms.length > 1) btn.append(el('span', 'gforms', forms.join(' / ')));
  return btn;
}

/** The side panel of the text view: entity groups by number of mentions; a click highlights them. */
function renderSideGroups() {
  const c = cur;
  if (!c || !c.doc.entity_groups.length) { sideEl.replaceChildren(); sideEl.hidden = true; return; }
  const ul = el('ul', 'side-list');
  c.doc.entity_groups.slice(0, SIDE_GROUPS).forEach((g, gi) => {
    const li = el('li');
    li.append(groupButton(c, g, gi, false));
    ul.append(li);
  });
  const parts = [el('h3', null, t('groups')), ul];
  if (c.doc.entity_groups.length > SIDE_GROUPS) parts.push(el('p', 'hint', t('sideMore', num(c.doc.entity_groups.length - SIDE_GROUPS))));
  sideEl.replaceChildren(...parts);
  sideEl.hidden = false;
}

function renderEntities() {
  const c = cur;
  if (!c) { entitiesEl.replaceChildren(); return; }
  const { doc } = c;
  const parts = [];
  parts.push(el('h3', null, t('groups')));
  if (doc.entity_groups.length) {
    parts.push(el('p', 'hint', t('groupsHint')));
    const ul = el('ul', 'groups');
    doc.entity_groups.forEach((g, gi) => {
      const li = el('li');
      const btn = groupButton(c, g, gi, true);
      li.append(btn);
      ul.append(li);
    });
    parts.push(ul);
  } else {
    parts.push(el('p', 'hint', t('noGroups')));
  }

  parts.push(el('h3', null, t('quotes')));
  if (doc.quotes.length) {
    const ul = el('ul', 'quotes');
    doc.quotes.forEach((q) => {
      const li = el('li');
      li.append(el('q', 'qtext', q.text.replace(/^["“”„׳״']+|["“”„׳״']+$/g, '')));
      const sp = q.speaker !== null && q.speaker !== undefined ? doc.entities[q.speaker] : null;
      if (sp) {
        const b = el('button', 'link', `— ${sp.text}`);
        b.type = 'button';
        b.dataset.ent = String(q.speaker);
        b.setAttribute('aria-label', t('speaker', sp.text));
        li.append(' ', b);
      } else {
        li.append(' ', el('span', 'muted', `— ${t('noSpeaker')}`));
      }
      ul.append(li);
    });
    parts.push(ul);
  } else {
    parts.push(el('p', 'hint', t('noQuotes')));
  }

  parts.push(el('h3', null, t('values')));
  if (doc.values.length) {
    const wrap = el('div', 'mtable-wrap');
    const table = el('table', 'vtable');
    const hr = el('tr');
    for (const k of ['colKind', 'colText', 'colValue']) { const th = el('th', null, t(k)); th.scope = 'col'; hr.append(th); }
    const thead = el('thead'); thead.append(hr);
    const tbody = el('tbody');
    for (const v of doc.values) {
      const tr = el('tr');
      tr.append(el('td', null, pick(VALUE_KINDS[v.kind], lang, v.kind)), el('td', null, v.text));
      const val = el('td', 'vval');
      val.append(ltr(valueText(v)));
      tr.append(val);
      tbody.append(tr);
    }
    table.append(thead, tbody);
    wrap.append(table);
    parts.push(wrap);
  } else {
    parts.push(el('p', 'hint', t('noValues')));
  }
  entitiesEl.replaceChildren(...parts);
}

/** A value's normalisation as short text: "2025-08-17", "350000000 ILS", "≈ P3.5Y". */
function valueText(v) {
  let s;
  if (v.value && typeof v.value === 'object') {
    s = 'amount' in v.value ? `${v.value.amount} ${v.value.currency}` : 'relative' in v.value ? `(${v.value.relative})` : JSON.stringify(v.value);
  } else {
    s = String(v.value);
  }
  const mod = { approx: '≈ ', more_than: '> ', less_than: '< ', at_least: '≥ ', at_most: '≤ ', vague: '~ ' }[v.modifier];
  return (mod || '') + s;
}

sideEl.addEventListener('click', (ev) => {
  const g = ev.target.closest('button.group');
  if (g) highlightGroup(Number(g.dataset.group));
});

entitiesEl.addEventListener('click', (ev) => {
  const g = ev.target.closest('button.group');
  if (g) { highlightGroup(Number(g.dataset.group)); return; }
  const s = ev.target.closest('button[data-ent]');
  if (s) goToEntity(Number(s.dataset.ent));
});

/** Highlights the mentions of group `gi` in the text view and scrolls to the first. */
function highlightGroup(gi) {
  const c = cur;
  if (!c) return;
  const g = c.doc.entity_groups[gi];
  if (!g) return;
  c.activeGroup = gi;
  for (const b of document.querySelectorAll('button.group')) b.setAttribute('aria-pressed', String(Number(b.dataset.group) === gi));
  for (const m of output.querySelectorAll('mark.hl')) m.classList.remove('hl');
  const last = g.mentions.length ? c.doc.entities[g.mentions[g.mentions.length - 1]] : null;
  if (last) renderUpTo(c, last.start);
  const marks = [];
  for (const m of g.mentions) for (const mk of output.querySelectorAll(`mark[data-ent="${m}"]`)) { mk.classList.add('hl'); marks.push(mk); }
  output.dataset.group = String(gi);
  selectView('text');
  if (marks.length) {
    marks[0].scrollIntoView({ block: 'center' });
    const first = c.doc.entities[g.mentions[0]];
    setCursor(first.token_start, false);
  }
}

/** Scrolls to entity `ei` in the text view, flashes it and puts the cursor on it. */
function goToEntity(ei) {
  const c = cur;
  if (!c || !c.doc.entities[ei]) return;
  const e = c.doc.entities[ei];
  renderUpTo(c, e.start);
  selectView('text');
  const mark = output.querySelector(`mark[data-ent="${ei}"]`);
  if (mark) {
    mark.classList.remove('flash');
    void mark.offsetWidth; // restart the animation
    mark.classList.add('flash');
    mark.scrollIntoView({ block: 'center' });
  }
  output.focus({ preventScroll: true });
  setCursor(e.token_start, true);
}

output.addEventListener('click', (ev) => {
  const link = ev.target.closest('button.speaker-link');
  if (link) { ev.stopPropagation(); goToEntity(Number(link.dataset.ent)); return; }
  const tok = ev.target.closest('.token');
  if (tok) setCursor(Number(tok.dataset.idx), true); else hideTooltip();
});

// ---- tabs ----------------------------------------------------------------------------------

const tabs = [...document.querySelectorAll('[role="tab"]')];

function selectView(name, focus = false) {
  view = name;
  for (const tab of tabs) {
    const on = tab.dataset.view === name;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    $(tab.getAttribute('aria-controls')).hidden = !on;
    if (on && focus) tab.focus();
  }
  hideTooltip();
  if (name === 'morph' && cur && cur.morphShown === 0) renderMorph(true);
  if (name === 'entities' && cur && !entitiesEl.firstChild) renderEntities();
  document.body.dataset.view = name;
}

$('tabs').addEventListener('click', (ev) => {
  const tab = ev.target.closest('[role="tab"]');
  if (tab) selectView(tab.dataset.view, true);
});
$('tabs').addEventListener('keydown', (ev) => {
  const i = tabs.findIndex((tb) => tb.dataset.view === view);
  const rtl = document.documentElement.dir === 'rtl';
  let j = -1;
  if (ev.key === (rtl ? 'ArrowLeft' : 'ArrowRight')) j = (i + 1) % tabs.length;
  else if (ev.key === (rtl ? 'ArrowRight' : 'ArrowLeft')) j = (i + tabs.length - 1) % tabs.length;
  else if (ev.key === 'Home') j = 0;
  else if (ev.key === 'End') j = tabs.length - 1;
  if (j >= 0) { ev.preventDefault(); selectView(tabs[j].dataset.view, true); }
});
$('more-text').addEventListener('click', () => { if (cur) renderBatch(cur, BATCH_TOKENS); });
$('more-morph').addEventListener('click', () => renderMorph(false));

// ---- tooltip and keyboard cursor -----------------------------------------------------------

let cursor = -1;     // index of the token the tooltip shows, or -1
let tipPinned = false;

function fillTooltip(idx) {
  const c = cur;
  const token = c.doc.tokens[idx];
  const head = el('div', 'tip-head');
  head.append(el('span', 'tip-word', token.text));
  const kind = ltr(pick(TOKEN_KINDS[token.kind], lang, token.kind), 'tip-kind');
  head.append(kind);
  const parts = [head];
  if ((token.morphemes || []).length > 1) parts.push(el('div', 'tip-seg', segmentation(token)));
  const ent = covering(c.ents, token.start) || covering(c.ents, token.end - 1);
  if (ent) {
    const line = el('div', 'tip-line');
    const badge = ltr(ent.item.label, 'tip-badge');
    badge.dataset.label = ent.item.label;
    line.append(badge, ' ', el('span', null, `${pick(ENTITY_LABELS[ent.item.label], lang, ent.item.label)}: ${ent.item.text}`));
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
    line.append(el('span', 'tip-badge value', pick(VALUE_KINDS[v.kind], lang, v.kind)), ' ', ltr(valueText(v), 'tip-value'));
    if (v.modifier) line.append(el('span', 'tip-muted', ` · ${t('modifier')}: ${pick(MODIFIERS[v.modifier], lang, v.modifier)}`));
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
    for (const k of ['colForm', 'colUpos', 'colLemma', 'colFeats']) { const th = el('th', null, t(k)); th.scope = 'col'; hr.append(th); }
    thead.append(hr);
    const tbody = el('tbody');
    for (const m of ms) {
      const tr = el('tr');
      tr.append(el('td', 'tip-form', m.form));
      const up = el('td', 'tip-upos');
      up.append(uposCell(m.upos));
      tr.append(up, el('td', 'tip-lemma', m.lemma));
      const feats = el('td', 'tip-feats');
      feats.append(featsCell(m.feats));
      tr.append(feats);
      tbody.append(tr);
    }
    table.append(thead, tbody);
    parts.push(table);
  } else {
    parts.push(el('div', 'tip-empty', t('noMorph')));
  }
  tooltip.replaceChildren(...parts);
}

/** Shows the tooltip for token `idx` under (or above) its element. */
function showTooltip(idx, anchor) {
  if (!cur || !cur.doc.tokens[idx]) return;
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

function hideTooltip() {
  for (const a of output.querySelectorAll('.token.active')) a.classList.remove('active');
  tooltip.hidden = true;
  tipPinned = false;
  output.removeAttribute('aria-describedby');
}

/** Moves the keyboard cursor to token `idx`, shows its tooltip, keeps it in view. */
function setCursor(idx, pin) {
  const c = cur;
  if (!c || !c.doc.tokens.length) return;
  idx = Math.max(0, Math.min(idx, c.doc.tokens.length - 1));
  renderUpTo(c, c.doc.tokens[idx].start);
  const prev = output.querySelector('#tok-active');
  if (prev) prev.removeAttribute('id');
  const tokEl = output.querySelector(`.token[data-idx="${idx}"]`);
  if (!tokEl) return;
  cursor = idx;
  tokEl.id = 'tok-active';
  output.setAttribute('aria-activedescendant', 'tok-active');
  tokEl.scrollIntoView({ block: 'nearest' });
  tipPinned = pin;
  showTooltip(idx, tokEl);
}

output.addEventListener('mouseover', (ev) => {
  const tk = ev.target.closest && ev.target.closest('.token');
  if (tk && Number(tk.dataset.idx) !== cursor) { tipPinned = false; showTooltip(Number(tk.dataset.idx), tk); }
});
output.addEventListener('mouseout', (ev) => {
  if (tipPinned) return;
  const from = ev.target.closest && ev.target.closest('.token');
  const to = ev.relatedTarget && ev.relatedTarget.closest && ev.relatedTarget.closest('.token');
  if (from && (!to || to.dataset.idx !== from.dataset.idx)) hideTooltip();
});
output.addEventListener('keydown', (ev) => {
  if (!cur || !cur.doc.tokens.length) return;
  const rtl = true; // the text runs right to left whatever the interface language
  const next = rtl ? 'ArrowLeft' : 'ArrowRight';
  const prev = rtl ? 'ArrowRight' : 'ArrowLeft';
  const step = ev.ctrlKey ? 10 : 1;
  let idx = null;
  if (ev.key === next) idx = cursor < 0 ? 0 : cursor + step;
  else if (ev.key === prev) idx = cursor < 0 ? 0 : cursor - step;
  else if (ev.key === 'Home') idx = 0;
  else if (ev.key === 'End') idx = cur.doc.tokens.length - 1;
  else if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
    const s = cur.doc.sentences;
    const si = s.findIndex((x) => cursor >= x.token_start && cursor < x.token_end);
    const sj = ev.key === 'ArrowDown' ? Math.min(si + 1, s.length - 1) : Math.max(si - 1, 0);
    if (s[sj]) idx = s[sj].token_start;
  } else if (ev.key === 'Escape') { hideTooltip(); return; }
  if (idx !== null) { ev.preventDefault(); setCursor(idx, true); }
});
output.addEventListener('focus', () => {
  if (cur && cursor < 0 && cur.doc.tokens.length && output.dataset.state === 'done') setCursor(0, true);
});
output.addEventListener('blur', (ev) => {
  if (!output.contains(ev.relatedTarget)) hideTooltip();
});
document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') hideTooltip(); });
document.addEventListener('click', (ev) => { if (!output.contains(ev.target) && !tooltip.contains(ev.target)) hideTooltip(); });

// ---- annotation: worker, progress ----------------------------------------------------------

function startWorker() {
  try {
    worker = new Worker(new URL('worker.js', import.meta.url), { type: 'module' });
  } catch (err) {
    workerFailed = true;
    worker = null;
    return;
  }
  workerReady = false;
  busy = null;
  worker.addEventListener('message', onWorkerMessage);
  worker.addEventListener('error', (ev) => {
    ev.preventDefault();
    if (!workerReady) { workerFailed = true; worker = null; maybeReady(); }
  });
}

let moduleBytes = 0;

function onWorkerMessage(ev) {
  const m = ev.data;
  if (m.type === 'ready') {
    workerReady = true;
    if (m.bytes) moduleBytes = m.bytes;
    showModuleInfo(m.version);
    maybeReady();
    if (pendingRequest) { const r = pendingRequest; pendingRequest = null; post(r); }
    return;
  }
  if (m.id === null && m.type === 'error') {
    workerFailed = true;
    worker = null;
    maybeReady();
    return;
  }
  if (busy && m.id === busy.id && (m.type === 'result' || m.type === 'error')) busy = null;
  if (m.id !== jobId) return; // an older request: superseded
  if (m.type === 'progress') {
    setProgress(m.done, m.total);
  } else if (m.type === 'part') {
    // The document's long arrays come in small parts, so no one message stalls the page.
    const into = (incoming[m.name] ??= []);
    for (const item of m.items) into.push(item);
  } else if (m.type === 'result') {
    endProgress();
    const doc = m.doc;
    for (const [name, items] of Object.entries(incoming)) doc[name] = items;
    incoming = {};
    show(requestText, doc, m.ms);
  } else if (m.type === 'error') {
    endProgress();
    setStatus('error', m.message, true);
    output.dataset.state = 'error';
  }
}

let requestText = '';
let pendingRequest = null;
/** Parts of the current request's document received so far: array name → items. */
let incoming = {};

function post(req) {
  if (busy && busy.length > RESTART_ABOVE) {
    // The worker is deep in a long text nobody wants any more: start a fresh one.
    worker.terminate();
    startWorker();
    pendingRequest = req;
    return;
  }
  busy = { id: req.id, length: req.text.length };
  worker.postMessage(req);
}

/** Annotates the textarea's text now. */
function run() {
  clearTimeout(timer);
  if (!isReady()) return;
  const text = input.value;
  if (!text.trim()) { jobId++; endProgress(); showEmpty(); return; }
  const id = ++jobId;
  requestText = text;
  incoming = {};
  output.dataset.state = 'working';
  if (worker && !workerFailed) {
    beginProgress();
    const req = { id, text, options: null, parts: true };
    if (workerReady) post(req); else pendingRequest = req;
    return;
  }
  // No worker (blocked, or failed to start): annotate here.
  let doc;
  const t0 = performance.now();
  try {
    doc = annotate(text, null);
  } catch (err) {
    setStatus('error', err && err.message ? err.message : String(err), true);
    output.dataset.state = 'error';
    return;
  }
  show(text, doc, performance.now() - t0);
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(run, input.value.length > LONG_TEXT ? LONG_DEBOUNCE_MS : DEBOUNCE_MS);
}

function beginProgress() {
  clearTimeout(progressTimer);
  progressEl.removeAttribute('value');
  // Short texts are done before a progress bar would be worth showing.
  progressTimer = setTimeout(() => { progressEl.hidden = false; setStatus('working'); }, 150);
}

function setProgress(done, total) {
  if (total > 0) {
    progressEl.max = total;
    progressEl.value = done;
    if (!progressEl.hidden) setStatus('workingPct', Math.floor((100 * done) / total));
  }
  progressEl.dataset.done = String(done);
  progressEl.dataset.total = String(total);
}

function endProgress() {
  clearTimeout(progressTimer);
  progressEl.hidden = true;
}

// ---- export --------------------------------------------------------------------------------

const EXPORT_CSS = `
body { font-family: "Noto Sans Hebrew", Arial, sans-serif; max-width: 860px; margin: 2em auto; padding: 0 1em; color: #1d2330; background: #fff; }
h1 { font-size: 1.2rem; } .meta { color: #667085; font-size: 0.85rem; }
.output { font-size: 1.15rem; line-height: 2.3; white-space: pre-wrap; overflow-wrap: anywhere; }
.sentence { border-bottom: 1px solid #dfe3f1; }
.entity { border-radius: 5px; padding: 1px 3px; border: 1px solid; color: inherit; }
.entity::after { content: attr(data-label); font: 700 0.55em monospace; margin-inline-start: 3px; padding: 0 3px; border-radius: 3px; color: #fff; vertical-align: 0.2em; }
.q { text-decoration: underline 2px #7a35b0; text-underline-offset: 0.35em; }
.v { border-bottom: 2px dotted #8a6500; }
.speaker-link::after { content: "— " attr(data-name); font-size: 0.75em; color: #7a35b0; }
.speaker-link { border: 0; background: none; padding: 0 2px; font: inherit; }
${LABELS.map((l) => `[data-label="${l}"] { background: var(--${l}-bg); border-color: var(--${l}-ink); } .entity[data-label="${l}"]::after { background: var(--${l}-ink); }`).join('\n')}
:root { ${['PER:#e3ecff:#2b50c8', 'ORG:#ffe6d5:#b4500f', 'GPE:#dcf5e6:#1a7f46', 'LOC:#e0f4f7:#137385', 'FAC:#f1e4fb:#7a35b0', 'EVE:#fde2ea:#b8234f', 'WOA:#fff3c4:#8a6500', 'DUC:#e8eaef:#4a5466', 'ANG:#e6f7d4:#4f7d12']
    .map((s) => { const [l, bg, ink] = s.split(':'); return `--${l}-bg: ${bg}; --${l}-ink: ${ink};`; }).join(' ')} }
`;

/** Escapes text for HTML source (the export's own strings; the text goes through the DOM). */
function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The whole annotated text as a standalone HTML file (no scripts; titles carry the analysis).
 * The text is rendered with DOM calls and serialized, so the browser escapes it. */
function exportHtml(c) {
  const out = el('div', 'output');
  out.lang = 'he';
  renderRange(c, 0, c.text.length, out, true);
  const meta = `dikduk ${c.doc.version} · ${c.doc.schema} · ${c.doc.tokens.length} tokens · ${c.doc.entities.length} entities`;
  return `<!doctype html>
<html lang="he" dir="rtl">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dikduk</title>
<style>${EXPORT_CSS}</style>
</head>
<body>
<h1>דקדוק · dikduk</h1>
<p class="meta">${escapeHtml(meta)}</p>
${out.outerHTML}
</body>
</html>
`;
}

/** [file name, MIME type, contents] of the current document in `format`. */
function exportAs(format) {
  const c = cur;
  if (format === 'conllu') return ['dikduk.conllu', 'text/plain;charset=utf-8', toConllu(c.doc, 'dikduk')];
  if (format === 'html') return ['dikduk.html', 'text/html;charset=utf-8', exportHtml(c)];
  return ['dikduk.json', 'application/json', `${JSON.stringify(c.doc, null, 2)}\n`];
}

$('download').addEventListener('click', () => {
  if (!cur) return;
  try {
    const [name, type, data] = exportAs($('export-format').value);
    const url = URL.createObjectURL(new Blob([data], { type }));
    const a = el('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    setStatus('downloaded', name);
  } catch (err) {
    setStatus('error', err && err.message ? err.message : String(err), true);
  }
});

$('copy').addEventListener('click', async () => {
  if (!cur) return;
  try {
    const [, , data] = exportAs($('export-format').value);
    await navigator.clipboard.writeText(data);
    setStatus('copied');
  } catch (err) {
    setStatus('copyFailed', err && err.message ? err.message : String(err), true);
  }
});

// ---- language ------------------------------------------------------------------------------

function applyLanguage(next) {
  lang = next;
  const root = document.documentElement;
  root.lang = lang;
  root.dir = lang === 'he' ? 'rtl' : 'ltr';
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll('[data-i18n-placeholder]')) e.placeholder = t(e.dataset.i18nPlaceholder);
  for (const e of document.querySelectorAll('[data-i18n-aria-label]')) e.setAttribute('aria-label', t(e.dataset.i18nAriaLabel));
  const btn = $('lang');
  btn.textContent = t('langButton');
  btn.lang = lang === 'he' ? 'en' : 'he';
  document.title = lang === 'he' ? 'דקדוק · ניתוח טקסט עברי בדפדפן' : 'dikduk · Hebrew text analysis in the browser';
  setStatus(...lastStatus);
  renderLegend();
  renderStats();
  if (cur) {
    updateMoreButton(cur);
    if (cur.morphShown) { const n = cur.morphShown; renderMorph(true); while (cur.morphShown < n) renderMorph(false); }
    if (entitiesEl.firstChild) renderEntities();
    renderSideGroups();
    if (cursor >= 0 && !tooltip.hidden) fillTooltip(cursor);
    setTiming(cur.ms);
  } else if (output.dataset.state === 'empty' && !output.querySelector('.placeholder[data-i18n]')) {
    output.replaceChildren(el('p', 'placeholder', t('empty')));
  }
  try { localStorage.setItem('dikduk-lang', lang); } catch { /* private mode */ }
}

$('lang').addEventListener('click', () => applyLanguage(lang === 'he' ? 'en' : 'he'));

// ---- wiring --------------------------------------------------------------------------------

function isReady() {
  return readyAnnounced;
}

function showModuleInfo(v) {
  $('version').textContent = `v${v}`;
  if (moduleBytes) $('module-size').textContent = `${(moduleBytes / 1048576).toFixed(1)} MB`;
}

let readyAnnounced = false;
function maybeReady() {
  if (readyAnnounced || !mainReady || !(workerReady || workerFailed)) return;
  readyAnnounced = true;
  annotateBtn.disabled = false;
  document.documentElement.dataset.ready = 'true';
  document.documentElement.dataset.worker = workerFailed ? 'none' : 'ready';
  setStatus('ready');
  if (input.value.trim()) run();
}

input.addEventListener('input', schedule);
annotateBtn.addEventListener('click', run);
$('sample').addEventListener('click', () => { input.value = SAMPLE; run(); });
$('clear').addEventListener('click', () => { input.value = ''; run(); input.focus(); });
input.addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); run(); }
});

let saved = null;
try { saved = localStorage.getItem('dikduk-lang'); } catch { /* private mode */ }
const params = new URLSearchParams(location.search);
applyLanguage(params.get('lang') === 'en' || (saved === 'en' && params.get('lang') !== 'he') ? 'en' : 'he');
setStatus('loading');
startWorker();

try {
  await init();
  mainReady = true;
  if (!moduleBytes) {
    const entry = performance.getEntriesByType('resource').find((e) => e.name.endsWith('dikduk_bg.wasm'));
    if (entry && entry.decodedBodySize) moduleBytes = entry.decodedBodySize;
  }
  showModuleInfo(version());
  // For the console and the end-to-end tests: the raw API.
  window.dikduk = {
    annotate,
    annotateWithProgress,
    toConllu,
    version,
    sample: SAMPLE,
    /** Shows a given document for `text` (e.g. one from the CLI) instead of annotating. */
    render(text, doc) { input.value = text; jobId++; return show(text, doc, null); },
    /** The document on show. */
    get doc() { return cur ? cur.doc : null; },
  };
  maybeReady();
} catch (err) {
  setStatus('loadFailed', err && err.message ? err.message : String(err), true);
  document.documentElement.dataset.ready = 'error';
}
