// dikduk web page: annotates the textarea's text in a Web Worker and shows it in four views
// (text with highlights, morphology tables, dependency trees, entity groups). User text is only ever inserted
// with textContent, text nodes or attributes, never as HTML.
//
// Modules: state.js (shared state), dom.js (DOM helpers, strings), doc.js (the document's
// indexes), annotator.js (worker, progress, readiness), show.js (shows a document), one module
// per view (text-view.js, morph-view.js, syntax-view.js, entities-view.js), tooltip.js, tabs.js,
// export.js, offline.js (the service worker: offline use, fast repeat visits, updates).
import init, { annotate, annotateWithProgress, toConllu, version } from './pkg/dikduk.js';
import { state } from './state.js';
import { $, el, t, setStatus } from './dom.js';
import { renderLegend, updateMoreButton } from './text-view.js';
import { fillTooltip } from './tooltip.js';
import { renderMorph } from './morph-view.js';
import { renderEntities, renderSideGroups } from './entities-view.js';
import { renderSyntax } from './syntax-view.js';
import { show, renderStats, setTiming } from './show.js';
import { startWorker, run, schedule, supersede, mainLoaded, workerSettled, loadTiming } from './annotator.js';
import { beforeStart, afterReady } from './offline.js';
import './tabs.js';
import './export.js';

const SAMPLE = `ביום שלישי נפגש ראש עיריית ירושלים משה ליאון עם משלחת של חברת Intel בבניין העירייה בכיכר ספרא. בפגישה, שנמשכה כשעתיים, דנו הצדדים בהקמת מרכז פיתוח חדש בשכונת תלפיות, שיעסיק כ-1,200 עובדים עד שנת 2027.
"זהו יום חשוב לעיר ולתושביה", אמר ליאון בסיום הפגישה. לדבריו, ההשקעה מוערכת ב-350 מיליון ש"ח, והעבודות יתחילו כבר בחודש מרץ.`;

const input = $('input');
const output = $('output');
const tooltip = $('tooltip');
const entitiesEl = $('entities');

// ---- language ------------------------------------------------------------------------------

function applyLanguage(next) {
  state.lang = next;
  const root = document.documentElement;
  root.lang = state.lang;
  root.dir = state.lang === 'he' ? 'rtl' : 'ltr';
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll('[data-i18n-placeholder]')) e.placeholder = t(e.dataset.i18nPlaceholder);
  for (const e of document.querySelectorAll('[data-i18n-aria-label]')) e.setAttribute('aria-label', t(e.dataset.i18nAriaLabel));
  const btn = $('lang');
  btn.textContent = t('langButton');
  btn.lang = state.lang === 'he' ? 'en' : 'he';
  document.title = state.lang === 'he' ? 'דקדוק · ניתוח טקסט עברי בדפדפן' : 'dikduk · Hebrew text analysis in the browser';
  setStatus(...state.lastStatus);
  renderLegend();
  renderStats();
  if (state.cur) {
    updateMoreButton(state.cur);
    if (state.cur.morphShown) { const n = state.cur.morphShown; renderMorph(true); while (state.cur.morphShown < n) renderMorph(false); }
    if (state.cur.syntaxShown) { const n = state.cur.syntaxShown; renderSyntax(true); while (state.cur.syntaxShown < n) renderSyntax(false); }
    if (entitiesEl.firstChild) renderEntities();
    renderSideGroups();
    if (state.cursor >= 0 && !tooltip.hidden) fillTooltip(state.cursor);
    setTiming(state.cur.ms);
  } else if (output.dataset.state === 'empty' && !output.querySelector('.placeholder[data-i18n]')) {
    output.replaceChildren(el('p', 'placeholder', t('empty')));
  }
  try { localStorage.setItem('dikduk-lang', state.lang); } catch { /* private mode */ }
}

$('lang').addEventListener('click', () => applyLanguage(state.lang === 'he' ? 'en' : 'he'));

input.addEventListener('input', schedule);
$('annotate').addEventListener('click', run);
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
// A new build that is ready takes over before anything loads (the page then reloads).
if (!(await beforeStart().catch(() => false))) await start();

async function start() {
  startWorker();
  // The first annotation needs only the worker: the module on the main thread (the console API,
  // CoNLL-U export, the fallback without a worker) loads after it, so both never compete.
  await workerSettled;
  try {
    await init();
    // For the console and the end-to-end tests: the raw API.
    window.dikduk = {
      annotate,
      annotateWithProgress,
      toConllu,
      version,
      sample: SAMPLE,
      /** Shows a given document for `text` (e.g. one from the CLI) instead of annotating. */
      render(text, doc) { input.value = text; supersede(); return show(text, doc, null); },
      /** The document on show. */
      get doc() { return state.cur ? state.cur.doc : null; },
      /** The worker's load times (fetch + compile, model load), for the benchmark. */
      loadTiming,
    };
    mainLoaded(version());
  } catch (err) {
    setStatus('loadFailed', err && err.message ? err.message : String(err), true);
    document.documentElement.dataset.ready = 'error';
  }
  afterReady();
}
