// Annotation: the textarea's text goes to a Web Worker (www/worker.js), with progress, parts of
// long documents and restarts for abandoned long texts; without a worker, the module on the main
// thread annotates. Also tells when the page can annotate (the worker loaded, or, without one,
// the module on the main thread) and when it is fully ready (data-ready: both loaded).
import { annotate } from './pkg/dikduk.js';
import { $, setStatus } from './dom.js';
import { show, showEmpty } from './show.js';

const DEBOUNCE_MS = 250;
// Texts longer than this wait longer after a keystroke before they are annotated again.
const LONG_TEXT = 50000;
const LONG_DEBOUNCE_MS = 700;
// A request for a text this long is abandoned (the worker restarted) when a newer one comes.
const RESTART_ABOVE = 200000;

const input = $('input');
const output = $('output');
const progressEl = $('progress');
const annotateBtn = $('annotate');

let mainReady = false;      // the module on the main thread (console API, CoNLL-U, fallback)
let workerReady = false;
let worker = null;
let workerFailed = false;
let busy = null;            // {id, length} of the request the worker is on
let jobId = 0;              // id of the latest request; older results are dropped
let timer = 0;
let progressTimer = 0;

export function startWorker() {
  // The first worker comes from boot.js, started before this module loaded.
  const booted = window.dikdukBoot ? window.dikdukBoot.take() : null;
  if (booted) {
    worker = booted.worker;
  } else {
    if (!window.dikdukBoot) performance.mark('dikduk-worker-start');
    try {
      worker = new Worker(new URL('worker.js', import.meta.url), { type: 'module' });
    } catch (err) {
      workerFailed = true;
      worker = null;
      return;
    }
  }
  workerReady = false;
  busy = null;
  const w = worker;
  w.addEventListener('message', onWorkerMessage);
  w.addEventListener('error', (ev) => {
    ev.preventDefault();
    if (!workerReady && worker === w) { workerFailed = true; worker = null; maybeReady(); }
  });
  if (booted) {
    if (booted.failed) { workerFailed = true; worker = null; maybeReady(); return; }
    for (const data of booted.messages) onWorkerMessage({ data });
  }
}

let moduleBytes = 0;
/** The worker's load times {compile_ms, models_ms} (for the benchmark), once it is ready. */
export const loadTiming = {};
let settle;
/** Resolves once the worker has loaded or failed to. */
export const workerSettled = new Promise((resolve) => { settle = resolve; });

function onWorkerMessage(ev) {
  const m = ev.data;
  if (m.type === 'ready') {
    workerReady = true;
    if (m.bytes) moduleBytes = m.bytes;
    if (m.timing) {
      Object.assign(loadTiming, m.timing, { ready_at_ms: performance.now() });
      // The worker's clock starts elsewhere: its start on the page's clock.
      if (m.timing.origin) loadTiming.worker_start_ms = m.timing.origin - performance.timeOrigin;
    }
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
export function run() {
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

export function schedule() {
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

/** Drops the result of any request in flight (a document is being shown another way). */
export function supersede() {
  jobId++;
}

function isReady() {
  return canAnnotate;
}

function showModuleInfo(v) {
  $('version').textContent = `v${v}`;
  if (moduleBytes) $('module-size').textContent = `${(moduleBytes / 1048576).toFixed(1)} MB`;
}

let canAnnotate = false;
let readyAnnounced = false;
function maybeReady() {
  if (workerReady || workerFailed) settle();
  // Annotation needs only the worker (or, without one, the module on the main thread).
  if (!canAnnotate && (workerReady || (workerFailed && mainReady))) {
    canAnnotate = true;
    annotateBtn.disabled = false;
    setStatus('ready');
    if (input.value.trim()) run();
  }
  if (readyAnnounced || !canAnnotate || !mainReady) return;
  readyAnnounced = true;
  document.documentElement.dataset.ready = 'true';
  document.documentElement.dataset.worker = workerFailed ? 'none' : 'ready';
}

/** The module on the main thread has loaded (version `v`). */
export function mainLoaded(v) {
  mainReady = true;
  if (!moduleBytes) {
    const entry = performance.getEntriesByType('resource').find((e) => e.name.endsWith('dikduk_bg.wasm'));
    if (entry && entry.decodedBodySize) moduleBytes = entry.decodedBodySize;
  }
  showModuleInfo(v);
  maybeReady();
}
