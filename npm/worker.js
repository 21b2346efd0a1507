// dikduk in a Web Worker: annotates off the main thread and reports progress.
//   const w = new Worker('/dikduk/worker.js', {type: 'module'});
// In:  {id, text, options, parts}
// Out: {id: null, type: 'ready', version, bytes,   once, after the module has loaded; bytes 0 when
//       timing: {compile_ms, models_ms, origin}}    unknown; fetch + compile and model load times,
//                                                  origin: when the fetch began (ms since the epoch)
//      {id, type: 'progress', done, total}         done <= total, any units
//      {id, type: 'part', name, items}             only with `parts: true`: the next items (at most
//                                                  4096) of the document's array `name`
//                                                  (sentences, tokens, entities, values or quotes)
//      {id, type: 'result', doc, ms}               the dikduk/1 document, annotation time in ms;
//                                                  with `parts: true` those five arrays are empty
//                                                  and the parts, appended in order, fill them
//      {id, type: 'error', message}                bad input, or (id null) a failed load
// Requests are answered in order, one at a time. `parts: true` spreads the cost of receiving a
// long document over many small messages, so the page's main thread never stalls on one.
import init, { annotateInParts, version } from './dikduk.js';

const queue = [];
let loaded = false;

// Listen at once, so that no request sent while the module loads is lost.
self.addEventListener('message', (ev) => {
  queue.push(ev.data);
  if (loaded) drain();
});

function drain() {
  while (queue.length) handle(queue.shift());
}

function handle(req) {
  const id = req && req.id !== undefined ? req.id : null;
  try {
    if (!req || typeof req.text !== 'string') throw new Error('a request is {id, text, options} with text a string');
    const t0 = performance.now();
    let last = -1;
    const progress = (done, total) => {
      if (done === last) return;
      last = done;
      self.postMessage({ id, type: 'progress', done, total });
    };
    const kept = {};
    const part = req.parts
      ? (name, items) => self.postMessage({ id, type: 'part', name, items })
      : (name, items) => { (kept[name] ??= []).push(items); };
    const doc = annotateInParts(req.text, req.options ?? null, part, progress);
    for (const [name, chunks] of Object.entries(kept)) doc[name] = chunks.flat();
    const ms = performance.now() - t0;
    self.postMessage({ id, type: 'result', doc, ms });
  } catch (err) {
    self.postMessage({ id, type: 'error', message: err && err.message ? err.message : String(err) });
  }
}

try {
  // Streaming compilation: the module compiles while it downloads, and a browser that keeps
  // compiled code for a cached response (Chromium does, for the HTTP cache and the Cache Storage)
  // skips compiling on later visits. The size comes from the response's resource timing.
  // A wrapping worker script may have started both already (the page's www/worker.js does, so
  // that they overlap with loading this script): `self.dikdukEarly = {url, start, module}`, with
  // `module` a promise of the compiled WebAssembly.Module; if that fails, a plain fetch retries.
  const early = self.dikdukEarly;
  const url = new URL(early ? early.url : 'dikduk_bg.wasm', import.meta.url);
  const t0 = early ? early.start : performance.now();
  await init({ module_or_path: early ? early.module.catch(() => fetch(url)) : fetch(url) });
  const t1 = performance.now();
  // Warm up: the first call unpacks the models; do it before the first request.
  annotateInParts('שלום.', null, () => {}, () => {});
  const t2 = performance.now();
  loaded = true;
  self.postMessage({
    id: null, type: 'ready', version: version(), bytes: moduleBytes(url.href),
    timing: { compile_ms: t1 - t0, models_ms: t2 - t1, origin: performance.timeOrigin + t0 },
  });
  drain();
} catch (err) {
  const why = err && err.message ? err.message : err;
  const hint = simd() ? '' : ' (this browser does not run WebAssembly SIMD: Chrome or Edge 91, Firefox 89, Safari 16.4 or later is needed)';
  self.postMessage({ id: null, type: 'error', message: `dikduk failed to load: ${why}${hint}` });
}

/** Whether the browser runs WebAssembly SIMD, which the module needs (a 31-byte probe module). */
function simd() {
  try {
    return WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]));
  } catch {
    return false;
  }
}

/** The module's size in bytes (uncompressed), when the browser tells; else 0. */
function moduleBytes(url) {
  try {
    const e = performance.getEntriesByName(url).find((x) => x.decodedBodySize);
    return e ? e.decodedBodySize : 0;
  } catch {
    return 0;
  }
}
