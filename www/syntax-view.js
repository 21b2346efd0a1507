// The syntax view: for each sentence, its dependency tree drawn as arcs over its syntactic words
// (the morphemes of its tokens), right to left: the first word on the right. Each arc goes from a
// head down to its dependent and carries the UD relation; under each word, its part of speech and,
// under the words of one token (ו+ה+בית), the token itself. Hover, tap or keyboard focus on a word
// highlights its head and its dependents. Text goes into SVG text nodes only, never as markup.
//
// Long documents: sentences come a page at a time (a button shows more), and each sentence's
// drawing is made only when it comes near the screen (the first few at once), in a section that
// the browser lays out only near the screen (content-visibility), as the text view does.
import { UPOS, deprelName, pick } from './labels.js';
import { state } from './state.js';
import { $, el, ltr, t, num } from './dom.js';
import { sentenceWords } from './doc.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Sentences per page; a button shows the next page. */
const SYNTAX_PAGE = 100;
/** Sentences drawn at once; the others when they come near the screen. */
const EAGER = 12;

// Geometry in CSS pixels.
const FORM_PX = 17;      // word forms
const SMALL_PX = 11;     // UPOS, relation labels, token text
const PAD = 14;          // a word's box is this much wider than its text
const MIN_W = 30;        // narrowest word box
const GAP_IN = 3;        // between the words of one token (ו|ה|בית)
const GAP_OUT = 18;      // between tokens
const MARGIN = 6;        // left and right of the drawing
const LEVEL = 20;        // height of each nesting level of arcs
const BASE = 12;         // height of an arc of level 0
const LABEL_GAP = 14;     // least room between two labels at one height

const syntaxEl = $('syntax');
/** Each drawing's words (for highlighting and the keyboard). */
const trees = new WeakMap();

// ---- measuring and layout ------------------------------------------------------------------

let ctx = null;
const widths = new Map();

/** Fonts of the drawing (the page's, read once). */
function fonts() {
  const root = getComputedStyle(document.documentElement);
  const sans = getComputedStyle(document.body).fontFamily || 'sans-serif';
  const mono = root.getPropertyValue('--mono').trim() || 'monospace';
  return { form: `600 ${FORM_PX}px ${sans}`, upos: `700 ${SMALL_PX}px ${mono}`, label: `${SMALL_PX}px ${mono}`, token: `${SMALL_PX + 1}px ${sans}` };
}
let FONTS = null;

/** Width of `text` in `font` (canvas measurement, cached). */
function measure(text, font) {
  if (!text) return 0;
  const key = `${font}\u0000${text}`;
  let w = widths.get(key);
  if (w === undefined) {
    if (!ctx) ctx = document.createElement('canvas').getContext('2d');
    if (ctx) {
      ctx.font = font;
      w = ctx.measureText(text).width;
    } else {
      w = text.length * parseFloat(font.match(/(\d+)px/)[1]) * 0.62;
    }
    if (widths.size > 20000) widths.clear();
    widths.set(key, w);
  }
  return w;
}

/**
 * Lays out a sentence's words: positions measured from the right edge (`p`, centres), box widths,
 * arcs with their nesting level, and the size of the drawing. Arcs nest: an arc is one level above
 * the highest arc inside its span; labels at one level never overlap (the words move apart).
 */
function layout(words) {
  FONTS ??= fonts();
  const n = words.length;
  const ws = words.map((w) => Math.max(MIN_W, measure(w.m.form, FONTS.form), measure(w.m.upos, FONTS.upos)) + PAD);
  const gaps = words.map((w, i) => (i + 1 < n && words[i + 1].ti === w.ti ? GAP_IN : GAP_OUT));
  const arcs = [];
  const roots = [];
  words.forEach((w, i) => {
    const h = w.m.head;
    if (h === 0) roots.push(i);
    else if (Number.isInteger(h) && h >= 1 && h <= n && h !== i + 1) {
      const rel = w.m.deprel || '';
      arcs.push({ dep: i, head: h - 1, lo: Math.min(i, h - 1), hi: Math.max(i, h - 1), rel, lw: measure(rel, FONTS.label), level: 0 });
    }
  });
  // Nesting levels, shortest arcs first.
  const bySpan = arcs.slice().sort((a, b) => (a.hi - a.lo) - (b.hi - b.lo) || a.lo - b.lo);
  bySpan.forEach((a, k) => {
    let level = 0;
    for (let j = 0; j < k; j++) {
      const b = bySpan[j];
      if (b.lo >= a.lo && b.hi <= a.hi) level = Math.max(level, b.level + 1);
    }
    a.level = level;
  });
  // Positions; words move apart until the labels at each level have room.
  const p = new Array(n);
  const place = () => {
    for (let i = 0; i < n; i++) p[i] = i === 0 ? ws[0] / 2 : p[i - 1] + ws[i - 1] / 2 + gaps[i - 1] + ws[i] / 2;
  };
  const centre = (a) => (p[a.lo] + p[a.hi]) / 2;
  const levels = new Map();
  for (const a of arcs) {
    if (!levels.has(a.level)) levels.set(a.level, []);
    levels.get(a.level).push(a);
  }
  place();
  for (let round = 0; round < 12; round++) {
    let moved = false;
    for (const list of levels.values()) {
      list.sort((a, b) => centre(a) - centre(b));
      for (let k = 0; k + 1 < list.length; k++) {
        const a = list[k], b = list[k + 1];
        const need = (a.lw + b.lw) / 2 + LABEL_GAP - (centre(b) - centre(a));
        if (need <= 0.5) continue;
        // Widen the gap that pushes b's label away from a's the most.
        const shift = (x, j) => (j < x.lo ? 1 : j < x.hi ? 0.5 : 0);
        let best = -1, gain = 0;
        for (let j = Math.min(a.lo, b.lo); j < Math.max(a.hi, b.hi); j++) {
          const g = shift(b, j) - shift(a, j);
          if (g > gain) { gain = g; best = j; }
        }
        if (best < 0) continue;
        gaps[best] += need / gain;
        place();
        moved = true;
      }
    }
    if (!moved) break;
  }
  // Where each arc meets its words: beside the centre, higher arcs nearer to it, so that legs
  // and tops do not cross.
  const ends = words.map(() => ({ left: [], right: [] }));
  for (const a of arcs) {
    ends[a.dep][a.head > a.dep ? 'left' : 'right'].push([a, 'd']);
    ends[a.head][a.dep > a.head ? 'left' : 'right'].push([a, 'h']);
  }
  ends.forEach((e, i) => {
    for (const side of ['left', 'right']) {
      e[side].sort((x, y) => y[0].level - x[0].level || (x[1] === 'd' ? -1 : 1));
      const room = Math.max(2, ws[i] / 2 - 4);
      const step = Math.min(5, room / Math.max(1, e[side].length));
      e[side].forEach(([a, which], k) => {
        const off = Math.min(room, 3 + k * step) * (side === 'left' ? 1 : -1);
        a[which === 'd' ? 'pd' : 'ph'] = p[i] + off;
      });
    }
  });
  const maxLevel = arcs.reduce((m, a) => Math.max(m, a.level), -1);
  const apex = (level) => BASE + (level + 1) * LEVEL;
  const rootTop = apex(maxLevel) + 14;
  const y0 = rootTop + SMALL_PX + 10;
  // Horizontal extent, labels included.
  let minP = -ws[0] / 2, maxP = p[n - 1] + ws[n - 1] / 2;
  for (const a of arcs) {
    const c = centre(a);
    minP = Math.min(minP, c - a.lw / 2 - 2);
    maxP = Math.max(maxP, c + a.lw / 2 + 2);
  }
  for (const r of roots) {
    const lw = measure('root', FONTS.label);
    minP = Math.min(minP, p[r] - lw / 2 - 2);
    maxP = Math.max(maxP, p[r] + lw / 2 + 2);
  }
  const shift = MARGIN - minP;
  const W = Math.ceil(maxP - minP + 2 * MARGIN);
  const x = (pos) => W - (pos + shift); // right to left: the first word on the right
  const multi = words.some((w, i) => (i > 0 && words[i - 1].ti === w.ti));
  const H = y0 + (multi ? 66 : 50);
  return { words, ws, p, arcs, roots, x, W, H, y0, apex, rootTop, centre };
}

// ---- drawing -------------------------------------------------------------------------------

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  if (attrs) for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

const r1 = (v) => Math.round(v * 10) / 10;

/** What a word is, for its aria-label and the line under the drawing. */
function describe(words, w) {
  const m = w.m;
  // The visible text (form, part of speech) first, as speech input expects.
  const parts = [`${m.form} ${m.upos || '—'}`, `${t('word', w.id)}`];
  if (m.upos && UPOS[m.upos]) parts.push(pick(UPOS[m.upos], state.lang));
  if (m.head === 0) parts.push(t('rootWord'));
  else if (m.head) {
    const h = words[m.head - 1];
    parts.push(`${t('relation')} ${m.deprel || '?'} (${deprelName(m.deprel, state.lang, m.deprel)})`);
    if (h) parts.push(t('headOf', `${h.m.form} (${h.id})`));
  }
  const deps = words.filter((d) => d.m.head === w.id);
  parts.push(deps.length ? `${t('dependents')}: ${deps.map((d) => `${d.m.form} (${d.id})`).join(', ')}` : t('noDependents'));
  return parts.join('; ');
}

/**
 * The SVG drawing of a sentence's tree. `interactive`: words are focusable buttons with
 * aria-labels (the page); otherwise a static picture (the HTML export).
 */
export function drawTree(words, si, interactive) {
  const L = layout(words);
  const { x, W, H, y0 } = L;
  const root = svg('svg', { class: 'sx', width: W, height: H, viewBox: `0 0 ${W} ${H}` });
  root.setAttribute('role', interactive ? 'group' : 'img');
  root.setAttribute('aria-label', t('syntaxLabel', si + 1));
  root.dataset.si = String(si);
  const arcsG = svg('g', { class: 'sx-arcs' });
  const labelsG = svg('g', { class: 'sx-labels' });
  for (const a of L.arcs) {
    const xd = r1(x(a.pd)), xh = r1(x(a.ph));
    const top = r1(y0 - L.apex(a.level));
    const dir = xh > xd ? 1 : -1;
    const r = Math.min(6, Math.abs(xh - xd) / 2);
    const g = svg('g', { class: 'sx-arc' });
    g.dataset.dep = String(a.dep + 1);
    g.dataset.head = String(a.head + 1);
    g.append(
      svg('path', { class: 'sx-line', d: `M${xd} ${y0 - 6}V${top + r}Q${xd} ${top} ${r1(xd + dir * r)} ${top}H${r1(xh - dir * r)}Q${xh} ${top} ${xh} ${top + r}V${y0}` }),
      svg('path', { class: 'sx-arrow', d: `M${r1(xd - 3.5)} ${y0 - 7}L${xd} ${y0}L${r1(xd + 3.5)} ${y0 - 7}Z` }),
    );
    arcsG.append(g);
    const label = svg('text', { class: 'sx-label', x: r1(x(L.centre(a))), y: top + 4, 'text-anchor': 'middle' }, a.rel);
    label.dataset.dep = String(a.dep + 1);
    labelsG.append(label);
  }
  for (const i of L.roots) {
    const xr = r1(x(L.p[i]));
    const top = y0 - L.rootTop;
    const g = svg('g', { class: 'sx-arc sx-root' });
    g.dataset.dep = String(i + 1);
    g.dataset.head = '0';
    g.append(
      svg('path', { class: 'sx-line', d: `M${xr} ${top}V${y0 - 6}` }),
      svg('path', { class: 'sx-arrow', d: `M${r1(xr - 3.5)} ${y0 - 7}L${xr} ${y0}L${r1(xr + 3.5)} ${y0 - 7}Z` }),
    );
    arcsG.append(g);
    const label = svg('text', { class: 'sx-label', x: xr, y: top - 4, 'text-anchor': 'middle' }, words[i].m.deprel || 'root');
    label.dataset.dep = String(i + 1);
    labelsG.append(label);
  }
  const wordsG = svg('g', { class: 'sx-words' });
  const uposG = svg('g', { class: 'sx-uposes', 'aria-hidden': 'true' });
  words.forEach((w, i) => {
    const cx = r1(x(L.p[i]));
    const g = svg('g', { class: 'sx-w' });
    g.dataset.id = String(w.id);
    if (interactive) {
      g.setAttribute('tabindex', i === 0 ? '0' : '-1');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-label', describe(words, w));
    }
    g.append(
      svg('rect', { class: 'sx-box', x: r1(cx - L.ws[i] / 2), y: y0 + 3, width: r1(L.ws[i]), height: 42, rx: 6 }),
      svg('text', { class: 'sx-form', x: cx, y: y0 + 23, 'text-anchor': 'middle' }, w.m.form),
    );
    wordsG.append(g);
    // The part of speech sits in the word's box but outside its element, so that the word's
    // visible name is its form (its aria-label says the part of speech too).
    const upos = svg('text', { class: 'sx-upos', x: cx, y: y0 + 39, 'text-anchor': 'middle' }, w.m.upos || '—');
    upos.dataset.id = String(w.id);
    uposG.append(upos);
  });
  // Tokens of more than one word: a bracket under their words and the token's text.
  const tokG = svg('g', { class: 'sx-tokens' });
  for (let i = 0; i < words.length;) {
    let j = i;
    while (j + 1 < words.length && words[j + 1].ti === words[i].ti) j++;
    if (j > i) {
      const xr = r1(x(L.p[i] - L.ws[i] / 2) - 1), xl = r1(x(L.p[j] + L.ws[j] / 2) + 1);
      const y = y0 + 50;
      tokG.append(
        svg('path', { class: 'sx-tok', d: `M${xl} ${y - 3}V${y}H${xr}V${y - 3}` }),
        svg('text', { class: 'sx-tok-text', x: r1((xl + xr) / 2), y: y + 13, 'text-anchor': 'middle' }, words[i].tokenText ?? ''),
      );
    }
    i = j + 1;
  }
  root.append(arcsG, wordsG, uposG, labelsG, tokG);
  trees.set(root, words);
  return root;
}

// ---- the view ------------------------------------------------------------------------------

let observer = null;

/** The words of sentence `si`, with each multi-word token's text for its bracket. */
function wordsOf(c, si) {
  const words = sentenceWords(c, si);
  if (words.length && words[0].tokenText === undefined) {
    for (const w of words) w.tokenText = c.doc.tokens[w.ti].text;
  }
  return words;
}

/** The drawing of sentence `si` of the prepared document `c`, or null when it has no words. */
export function sentenceTree(c, si, interactive) {
  const words = wordsOf(c, si);
  return words.length ? drawTree(words, si, interactive) : null;
}

/** Draws the tree of a sentence section (once). */
function draw(sec) {
  const c = state.cur;
  if (!c || sec.dataset.drawn === 'true') return;
  const si = Number(sec.dataset.si);
  const box = sec.querySelector('.sx-scroll');
  const words = wordsOf(c, si);
  sec.dataset.drawn = 'true';
  observer?.unobserve(sec);
  if (!words.length) { box.replaceChildren(el('p', 'hint', t('noMorph'))); return; }
  box.replaceChildren(drawTree(words, si, true));
  box.style.minHeight = '';
}

/** Renders the next page of sentences (or, with `reset`, the first page). */
export function renderSyntax(reset = false) {
  const c = state.cur;
  const btn = $('more-syntax');
  if (reset) {
    observer?.disconnect();
    syntaxEl.replaceChildren();
    if (c) c.syntaxShown = 0;
  }
  if (!c) { btn.hidden = true; return; }
  if (!c.parsed) {
    const hint = el('p', 'hint', t('noParse'));
    hint.lang = state.lang;
    hint.dir = state.lang === 'he' ? 'rtl' : 'ltr';
    syntaxEl.replaceChildren(hint);
    c.syntaxShown = Math.max(1, c.doc.sentences.length); // nothing more to show
    btn.hidden = true;
    return;
  }
  FONTS = null; // the page's fonts may have loaded since
  if (reset) {
    const hint = el('p', 'hint', t('syntaxHint'));
    hint.lang = state.lang; // the view's box is Hebrew, right to left; the hint is in the interface language
    hint.dir = state.lang === 'he' ? 'rtl' : 'ltr';
    syntaxEl.append(hint);
  }
  observer ??= new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) draw(e.target);
  }, { rootMargin: '600px 0px' });
  const { doc, text } = c;
  const end = Math.min(doc.sentences.length, c.syntaxShown + SYNTAX_PAGE);
  const frag = document.createDocumentFragment();
  const eager = [];
  for (let si = c.syntaxShown; si < end; si++) {
    const s = doc.sentences[si];
    const sec = el('section', 'sx-sent');
    sec.dataset.si = String(si);
    sec.setAttribute('aria-labelledby', `sx-${si}`);
    const head = el('h3', 'msent-head', t('sentence', si + 1));
    head.id = `sx-${si}`;
    const box = el('div', 'sx-scroll');
    box.dir = 'rtl';
    // Room for the drawing before it is made (about one level per 4 words, capped).
    const n = s.token_end - s.token_start;
    box.style.minHeight = `${Math.min(420, 110 + 12 * n)}px`;
    const info = el('p', 'sx-info');
    info.setAttribute('aria-hidden', 'true');
    sec.append(head, el('p', 'msent-text', text.slice(s.start, s.end)), box, info);
    frag.append(sec);
    if (si - c.syntaxShown < EAGER) eager.push(sec); else observer.observe(sec);
  }
  syntaxEl.append(frag);
  for (const sec of eager) draw(sec);
  c.syntaxShown = end;
  const left = doc.sentences.length - end;
  btn.hidden = left === 0;
  if (left) btn.textContent = t('moreSentencesN', num(left));
}

/** Empties the view. */
export function clearSyntax() {
  observer?.disconnect();
  syntaxEl.replaceChildren();
  $('more-syntax').hidden = true;
}

$('more-syntax').addEventListener('click', () => renderSyntax(false));

// ---- highlighting and keyboard -------------------------------------------------------------

/** Highlights word `id` of drawing `tree`, its head and its dependents; `id` 0 clears. */
function highlight(tree, id) {
  for (const e of tree.querySelectorAll('.sel, .head, .dep, .up, .down')) e.classList.remove('sel', 'head', 'dep', 'up', 'down');
  const sec = tree.closest('.sx-sent');
  const info = sec && sec.querySelector('.sx-info');
  tree.classList.toggle('hl', id > 0);
  if (!id) { if (info) info.replaceChildren(); return; }
  const words = trees.get(tree);
  const w = words[id - 1];
  if (!w) return;
  const word = (i) => tree.querySelector(`.sx-w[data-id="${i}"]`);
  word(id)?.classList.add('sel');
  tree.querySelector(`.sx-upos[data-id="${id}"]`)?.classList.add('sel');
  if (w.m.head > 0) word(w.m.head)?.classList.add('head');
  for (const e of tree.querySelectorAll(`[data-dep="${id}"]`)) e.classList.add('up');
  for (const a of tree.querySelectorAll(`.sx-arc[data-head="${id}"]`)) {
    a.classList.add('down');
    word(a.dataset.dep)?.classList.add('dep');
    for (const l of tree.querySelectorAll(`.sx-label[data-dep="${a.dataset.dep}"]`)) l.classList.add('down');
  }
  if (info) fillInfo(info, words, w);
}

/** The line under a drawing: the word, its part of speech, relation, head and dependents. */
function fillInfo(info, words, w) {
  const m = w.m;
  // The line is in the interface language; the Hebrew words in it are isolated (bdi).
  info.lang = state.lang;
  info.dir = state.lang === 'he' ? 'rtl' : 'ltr';
  const word = (x, cls) => {
    const b = el('bdi', cls, x.m.form);
    b.lang = 'he';
    return [b, ' ', ltr(`#${x.id}`, 'sx-id')];
  };
  const parts = [...word(w, 'sx-info-word')];
  if (m.upos) parts.push(' · ', ltr(m.upos, 'upos-code'), ' ', el('span', 'muted', pick(UPOS[m.upos], state.lang)));
  if (m.head === 0) {
    parts.push(' · ', ltr(m.deprel || 'root', 'deprel-code'), ' ', el('span', 'muted', t('rootWord')));
  } else if (m.head) {
    const h = words[m.head - 1];
    parts.push(' · ', ltr(m.deprel || '?', 'deprel-code'), ' ', el('span', 'muted', deprelName(m.deprel, state.lang)));
    if (h) parts.push(' · ', el('span', null, `${t('colHead')}: `), ...word(h, 'sx-info-head'));
  }
  const deps = words.filter((d) => d.m.head === w.id);
  if (deps.length) {
    parts.push(' · ', el('span', null, `${t('dependents')}: `));
    deps.forEach((d, k) => {
      if (k) parts.push(', ');
      parts.push(...word(d, 'sx-info-dep'));
    });
  }
  info.replaceChildren(...parts);
}

/** The word focused in drawing `tree`, or 0. */
function focusedIn(tree) {
  const a = document.activeElement;
  return a && tree.contains(a) && a.classList.contains('sx-w') ? Number(a.dataset.id) : 0;
}

/** Moves keyboard focus to word `id` of `tree` (a roving tabindex: one tab stop per sentence). */
function focusWord(tree, id) {
  const target = tree.querySelector(`.sx-w[data-id="${id}"]`);
  if (!target) return;
  for (const w of tree.querySelectorAll('.sx-w[tabindex="0"]')) w.setAttribute('tabindex', '-1');
  target.setAttribute('tabindex', '0');
  target.focus();
  scrollIntoBox(target);
}

/** Scrolls a drawing's box sideways so that `word` shows. */
function scrollIntoBox(word) {
  const box = word.closest('.sx-scroll');
  if (!box) return;
  const r = word.getBoundingClientRect(), b = box.getBoundingClientRect();
  if (r.left < b.left + 8) box.scrollLeft -= b.left + 8 - r.left + 40;
  else if (r.right > b.right - 8) box.scrollLeft += r.right - (b.right - 8) + 40;
}

syntaxEl.addEventListener('pointerover', (ev) => {
  const w = ev.target.closest && ev.target.closest('.sx-w');
  if (w) highlight(w.ownerSVGElement, Number(w.dataset.id));
});
syntaxEl.addEventListener('pointerout', (ev) => {
  const w = ev.target.closest && ev.target.closest('.sx-w');
  if (!w) return;
  const to = ev.relatedTarget && ev.relatedTarget.closest && ev.relatedTarget.closest('.sx-w');
  if (to && to.ownerSVGElement === w.ownerSVGElement) return;
  const tree = w.ownerSVGElement;
  highlight(tree, focusedIn(tree));
});
syntaxEl.addEventListener('focusin', (ev) => {
  const w = ev.target.closest && ev.target.closest('.sx-w');
  if (!w) return;
  const tree = w.ownerSVGElement;
  for (const o of tree.querySelectorAll('.sx-w[tabindex="0"]')) if (o !== w) o.setAttribute('tabindex', '-1');
  w.setAttribute('tabindex', '0');
  highlight(tree, Number(w.dataset.id));
});
syntaxEl.addEventListener('focusout', (ev) => {
  const w = ev.target.closest && ev.target.closest('.sx-w');
  if (!w) return;
  const tree = w.ownerSVGElement;
  if (!ev.relatedTarget || !tree.contains(ev.relatedTarget)) highlight(tree, 0);
});
syntaxEl.addEventListener('click', (ev) => {
  const w = ev.target.closest && ev.target.closest('.sx-w');
  if (w) focusWord(w.ownerSVGElement, Number(w.dataset.id));
});
syntaxEl.addEventListener('keydown', (ev) => {
  const w = ev.target.closest && ev.target.closest('.sx-w');
  if (!w) return;
  const tree = w.ownerSVGElement;
  const n = trees.get(tree).length;
  const id = Number(w.dataset.id);
  // The words run right to left whatever the interface language.
  const step = ev.ctrlKey ? 5 : 1;
  let next = null;
  if (ev.key === 'ArrowLeft') next = Math.min(n, id + step);
  else if (ev.key === 'ArrowRight') next = Math.max(1, id - step);
  else if (ev.key === 'Home') next = 1;
  else if (ev.key === 'End') next = n;
  else if (ev.key === 'Enter' || ev.key === ' ') {
    const head = trees.get(tree)[id - 1].m.head;
    if (head > 0) next = head; // to the head
  } else if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
    const secs = [...syntaxEl.querySelectorAll('.sx-sent')];
    const k = secs.indexOf(tree.closest('.sx-sent'));
    const other = secs[ev.key === 'ArrowDown' ? k + 1 : k - 1];
    if (other) {
      ev.preventDefault();
      draw(other);
      const t2 = other.querySelector('svg.sx');
      if (t2) { focusWord(t2, 1); other.scrollIntoView({ block: 'nearest' }); }
    }
    return;
  } else if (ev.key === 'Escape') {
    w.blur();
    return;
  }
  if (next !== null) { ev.preventDefault(); focusWord(tree, next); }
});
