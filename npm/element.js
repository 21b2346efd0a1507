// <dikduk-annotate>: a custom element that annotates its own text (or `el.text`) with dikduk and
// shows entities, values and quotes inside its shadow root. The text is only ever inserted as
// text, never as HTML.
//
//   <script type="module" src="…/dikduk/element.js"></script>
//   <dikduk-annotate layers="entities quotes">ראש הממשלה נפגש בירושלים…</dikduk-annotate>
//
// Attributes: `layers` — any of `entities values quotes morphology parse` (default: all);
// `morphology` puts each word's analysis in its tooltip, `parse` adds its syntactic head and
// relation (and turns the module's `parse` option on); `conventions` — `htb` (default) or `iahlt`,
// how the words of the morphology and parse are written (the module's `conventions` option).
// Property `text` sets the text (overrides the content).
// Event `dikduk-annotated` (bubbles, composed): `event.detail = {doc, text}`.
import init, { annotate, optionNames } from './dikduk.js';

/** Layers the `layers` attribute may name. */
export const LAYERS = ['entities', 'values', 'quotes', 'morphology', 'parse'];

let loading = null;
let optionList = null;
/** Whether the loaded module has the option `name` (older builds lack `parse`, `conventions`). */
function hasOption(name) {
  if (optionList === null) optionList = typeof optionNames === 'function' ? optionNames() : [];
  return optionList.includes(name);
}

/** Loads the WebAssembly module once (by default from `dikduk_bg.wasm` beside this file). */
export function load(moduleOrPath) {
  if (!loading) loading = init(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
  return loading;
}

const STYLE = `
:host { display: block; direction: rtl; line-height: 1.9; white-space: pre-wrap; overflow-wrap: anywhere; }
:host([hidden]) { display: none; }
.ent { border-radius: 4px; padding: 0 2px; color: inherit; background: var(--c-bg); box-shadow: inset 0 -2px 0 var(--c-ink); }
.ent.last::after {
  content: attr(data-label); font: 700 0.6em/1 ui-monospace, monospace; vertical-align: 0.3em;
  margin-inline-start: 3px; padding: 1px 3px; border-radius: 3px; color: #fff; background: var(--c-ink);
}
.val { border-bottom: 2px dotted var(--dikduk-value, #8a6500); }
.quote { text-decoration: underline 1.5px var(--dikduk-quote, #7a35b0); text-underline-offset: 0.35em; }
.speaker { font-weight: 600; }
[data-label="PER"] { --c-bg: var(--dikduk-PER-bg, #e3ecff); --c-ink: var(--dikduk-PER, #2b50c8); }
[data-label="ORG"] { --c-bg: var(--dikduk-ORG-bg, #ffe6d5); --c-ink: var(--dikduk-ORG, #b4500f); }
[data-label="GPE"] { --c-bg: var(--dikduk-GPE-bg, #dcf5e6); --c-ink: var(--dikduk-GPE, #1a7f46); }
[data-label="LOC"] { --c-bg: var(--dikduk-LOC-bg, #e0f4f7); --c-ink: var(--dikduk-LOC, #137385); }
[data-label="FAC"] { --c-bg: var(--dikduk-FAC-bg, #f1e4fb); --c-ink: var(--dikduk-FAC, #7a35b0); }
[data-label="EVE"] { --c-bg: var(--dikduk-EVE-bg, #fde2ea); --c-ink: var(--dikduk-EVE, #b8234f); }
[data-label="WOA"] { --c-bg: var(--dikduk-WOA-bg, #fff3c4); --c-ink: var(--dikduk-WOA, #8a6500); }
[data-label="DUC"] { --c-bg: var(--dikduk-DUC-bg, #e8eaef); --c-ink: var(--dikduk-DUC, #4a5466); }
[data-label="ANG"] { --c-bg: var(--dikduk-ANG-bg, #e6f7d4); --c-ink: var(--dikduk-ANG, #4f7d12); }
@media (prefers-color-scheme: dark) {
  .ent { background: color-mix(in srgb, var(--c-ink) 30%, transparent); }
}
`;

let shared = null;

/** The element's style sheet, built once and shared by every instance. */
function sheet() {
  if (!shared) {
    shared = new CSSStyleSheet();
    shared.replaceSync(STYLE);
  }
  return shared;
}

/** Layer items sorted by start with overlaps dropped (the first-starting one wins). */
function disjoint(items) {
  const out = [];
  for (const [i, it] of items.map((x, i) => [i, x]).sort((a, b) => a[1].start - b[1].start)) {
    if (it.end > it.start && (!out.length || it.start >= out[out.length - 1].item.end)) out.push({ i, item: it });
  }
  return out;
}

/** "ו+ה+בית · CCONJ+DET+NOUN · lemma" for a token's title. */
function tokenTitle(t) {
  const ms = t.morphemes || [];
  if (!ms.length || !ms.some((m) => m.upos)) return '';
  return ms.map((m) => `${m.form} · ${m.upos} · ${m.lemma}${m.feats ? ` · ${m.feats}` : ''}`
    + (m.deprel ? ` · ${m.deprel} → ${m.head}` : '')).join('\n');
}

/**
 * Renders `text` with the layers of `doc` as a fragment of flat spans: each piece between two
 * boundaries gets the classes of what covers it (`ent`, `val`, `quote`). Text goes in as text.
 */
export function renderFragment(text, doc, layers) {
  const ents = layers.has('entities') ? disjoint(doc.entities || []) : [];
  const vals = layers.has('values') ? disjoint(doc.values || []) : [];
  const quotes = layers.has('quotes') ? disjoint(doc.quotes || []) : [];
  const toks = layers.has('morphology') || layers.has('parse') ? (doc.tokens || []).map((item, i) => ({ i, item })) : [];
  const speakers = new Set(quotes.map((q) => q.item.speaker).filter((s) => s !== null && s !== undefined));
  const lists = [ents, vals, quotes, toks];
  const cuts = new Set([0, text.length]);
  for (const list of lists) for (const { item } of list) {
    cuts.add(Math.min(item.start, text.length));
    cuts.add(Math.min(item.end, text.length));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const ptr = lists.map(() => 0);
  const cover = (k, a) => {
    const list = lists[k];
    while (ptr[k] < list.length && list[ptr[k]].item.end <= a) ptr[k]++;
    const x = list[ptr[k]];
    return x && x.item.start <= a ? x : null;
  };
  const frag = document.createDocumentFragment();
  for (let p = 0; p + 1 < points.length; p++) {
    const a = points[p], b = points[p + 1];
    if (a === b) continue;
    const [e, v, q, t] = [0, 1, 2, 3].map((k) => cover(k, a));
    const piece = text.slice(a, b);
    if (!e && !v && !q && !t) { frag.append(piece); continue; }
    const span = document.createElement(e ? 'mark' : 'span');
    const cls = [];
    const title = [];
    if (e) {
      cls.push('ent');
      if (b >= e.item.end) cls.push('last');
      if (speakers.has(e.i)) cls.push('speaker');
      span.dataset.label = e.item.label;
      span.dataset.entity = String(e.i);
      span.setAttribute('part', 'entity');
      title.push(`${e.item.label}: ${e.item.text}`);
    }
    if (v) {
      cls.push('val');
      span.dataset.value = v.item.kind;
      title.push(`${v.item.kind}: ${typeof v.item.value === 'object' ? JSON.stringify(v.item.value) : v.item.value}`);
    }
    if (q) {
      cls.push('quote');
      const s = q.item.speaker;
      const who = s !== null && s !== undefined && doc.entities[s] ? doc.entities[s].text : null;
      if (who) title.push(`“…” — ${who}`);
    }
    if (t) {
      const tt = tokenTitle(t.item);
      if (tt) title.push(tt);
    }
    if (cls.length) span.className = cls.join(' ');
    if (title.length) span.title = title.join('\n');
    span.textContent = piece;
    frag.append(span);
  }
  return frag;
}

/** The `<dikduk-annotate>` element. */
export class DikdukAnnotate extends HTMLElement {
  static observedAttributes = ['layers', 'conventions'];

  #text = null;
  #doc = null;
  #out;
  #observer = null;
  #pending = false;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    this.#out = document.createElement('div');
    this.#out.setAttribute('part', 'text');
    this.#out.lang = 'he';
    this.#out.dir = 'rtl';
    // A constructed style sheet works under a strict Content-Security-Policy (no 'unsafe-inline').
    if ('adoptedStyleSheets' in root) {
      root.adoptedStyleSheets = [sheet()];
    } else {
      const style = document.createElement('style');
      style.textContent = STYLE;
      root.append(style);
    }
    root.append(this.#out);
  }

  /** The text to annotate: what `text` was set to, else the element's own text content. */
  get text() {
    return this.#text ?? this.textContent;
  }

  set text(value) {
    this.#text = value === null || value === undefined ? null : String(value);
    this.#schedule();
  }

  /** The last document (dikduk/1), or null before the first annotation. */
  get doc() {
    return this.#doc;
  }

  /** The morphology's conventions, from the `conventions` attribute: `iahlt`, else `htb`. */
  get conventions() {
    return (this.getAttribute('conventions') || '').trim() === 'iahlt' ? 'iahlt' : 'htb';
  }

  /** The layers shown, from the `layers` attribute. */
  get layers() {
    const attr = this.getAttribute('layers');
    if (attr === null || !attr.trim()) return new Set(LAYERS);
    return new Set(attr.split(/[\s,]+/).filter((l) => LAYERS.includes(l)));
  }

  connectedCallback() {
    if (!this.#observer) {
      this.#observer = new MutationObserver(() => { if (this.#text === null) this.#schedule(); });
    }
    this.#observer.observe(this, { childList: true, characterData: true, subtree: true });
    this.#schedule();
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#schedule();
  }

  /** Re-annotates once per task, however many changes came in. */
  #schedule() {
    if (this.#pending) return;
    this.#pending = true;
    queueMicrotask(() => this.#run());
  }

  async #run() {
    try {
      await load();
    } catch (err) {
      this.#pending = false;
      this.#fail(err);
      return;
    }
    this.#pending = false;
    const text = this.text;
    const layers = this.layers;
    let doc;
    try {
      const options = {
        morphology: layers.has('morphology') || layers.has('entities') || layers.has('parse'),
        entities: layers.has('entities'),
        values: layers.has('values'),
        quotes: layers.has('quotes'),
      };
      // A module without the parser rejects an unknown option: pass `parse` only where it exists.
      if (hasOption('parse')) options.parse = layers.has('parse');
      if (this.conventions !== 'htb' && hasOption('conventions')) options.conventions = this.conventions;
      doc = annotate(text, options);
    } catch (err) {
      this.#fail(err);
      return;
    }
    this.#doc = doc;
    this.#out.replaceChildren(renderFragment(text, doc, layers));
    this.dispatchEvent(new CustomEvent('dikduk-annotated', { detail: { doc, text }, bubbles: true, composed: true }));
  }

  #fail(err) {
    const message = err && err.message ? err.message : String(err);
    this.#out.textContent = this.text;
    this.dispatchEvent(new CustomEvent('dikduk-error', { detail: { message }, bubbles: true, composed: true }));
  }
}

if (!customElements.get('dikduk-annotate')) customElements.define('dikduk-annotate', DikdukAnnotate);
