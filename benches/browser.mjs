// Browser benchmark: the WASM module in headless Chromium (system /usr/bin/chromium, driven by
// playwright-core from tests/e2e/node_modules). Prints numbers; asserts nothing.
//   node benches/browser.mjs [--quick] [--page] [--json FILE]   (--page: only the page visits)
// Needs www/pkg built (scripts/build-wasm.sh) and `npm ci` in tests/e2e (scripts/setup.sh --test).
//
// Measures, through the direct API (`import init, {annotate}`) and, when www/worker.js exists,
// through the Web Worker (protocol: in {id, text, options}; out {type:'ready'}, {type:'result',
// doc, ms}, {type:'error', message}):
//   - time to first annotation in a fresh browser context (fetch + compile + first annotate,
//     which loads the models), served with Cache-Control: no-store so nothing is cached;
//   - the median annotate time of the sample article;
//   - throughput on a 1 MB concatenation (quick mode: the HTB test text instead);
//   - the page itself (www/index.html) in a fresh profile, first visit (network) and repeat
//     visits (from the service worker's Cache Storage, where Chromium keeps the module's compiled
//     code): time to first annotation from navigation start, split into the worker's
//     fetch + compile and model load.
// Every timed series starts after one untimed warm-up run of the same text (V8 first compiles
// WebAssembly with a baseline compiler and tiers hot functions up while they run); the cold
// start is timed separately.
// DIKDUK_BENCH_WORKER=FILE serves FILE as /worker.js (to try the harness against a stub).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { CHROMIUM, FLAGS, ROOT, SAMPLE_ARTICLE } from '../tests/e2e/harness.mjs';

const WWW = path.join(ROOT, 'www');
const HTB_TEST = path.resolve(ROOT, '../shared/data/htb-nemo/he_htb-nemo-test.conllu');
const SAMPLE = SAMPLE_ARTICLE;
/** Budgets (printed, not asserted). */
const BUDGET_FIRST_ANNOTATE_MS = 150;
const BUDGET_MORPHOLOGY_WPS = 100_000; // half the native 200,000 words/s
const MORPHOLOGY_ONLY = { morphology: true, entities: false, values: false, quotes: false };

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const PAGE_ONLY = args.includes('--page');
const JSON_OUT = args.includes('--json') ? args[args.indexOf('--json') + 1] : null;
const WORKER_FILE = process.env.DIKDUK_BENCH_WORKER || path.join(WWW, 'worker.js');

const require = createRequire(path.join(ROOT, 'tests/e2e/package.json'));
let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch {
  console.error('error: playwright-core missing: run scripts/setup.sh --test (npm ci in tests/e2e)');
  process.exit(2);
}

/** The page that loads the module and times its start: fetch + compile, then the first annotate. */
const BENCH_HTML = `<!doctype html><meta charset="utf-8"><title>dikduk bench</title>
<script type="module">
const t0 = performance.now();
const mod = await import('./pkg/dikduk.js');
await mod.default();
const t1 = performance.now();
mod.annotate('ראש הממשלה נפגש בירושלים עם שר החוץ.');
const t2 = performance.now();
window.dikduk = mod;
window.firstAnnotation = { init_ms: t1 - t0, first_annotate_ms: t2 - t1, since_navigation_ms: t2 };
document.documentElement.dataset.ready = 'true';
</script>`;

/** A page with no module loaded, for the worker path. */
const EMPTY_HTML = '<!doctype html><meta charset="utf-8"><title>dikduk bench (worker)</title>';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json', '.png': 'image/png',
};
/** The page's service worker build (www/sw-version.js), computed from the files as they are. */
const SW_VERSION = execFileSync('python3', [path.join(ROOT, 'scripts/sw_version.py'), '--stdout']);
/** Budget for a repeat visit's time to first annotation (printed, not asserted). */
const BUDGET_REPEAT_VISIT_MS = 100;

/** Serves www/ plus the bench pages on 127.0.0.1, uncached. */
function startServer() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const send = (code, type, body) => {
      res.writeHead(code, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/__bench.html') return send(200, TYPES['.html'], BENCH_HTML);
    if (url.pathname === '/__empty.html') return send(200, TYPES['.html'], EMPTY_HTML);
    if (url.pathname === '/sw-version.js') return send(200, TYPES['.js'], SW_VERSION);
    const file = url.pathname === '/worker.js' ? WORKER_FILE
      : path.join(WWW, path.normalize(url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname));
    if (!file.startsWith(WWW) && file !== WORKER_FILE) return send(403, 'text/plain', 'forbidden');
    fs.readFile(file, (err, data) => {
      if (err) return send(404, 'text/plain', 'not found');
      send(200, TYPES[path.extname(file)] || 'application/octet-stream', data);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** HTB test text: the `# text` lines joined by single spaces (as for the native numbers). */
function htbTestText() {
  if (!fs.existsSync(HTB_TEST)) return null;
  return fs.readFileSync(HTB_TEST, 'utf8').split('\n')
    .filter((l) => l.startsWith('# text = ')).map((l) => l.slice(9)).join(' ');
}

/** `units` repeated, separated by blank lines, up to `bytes` of UTF-8 (like the native bench). */
function concatenation(units, bytes) {
  const parts = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const u = units[i % units.length];
    parts.push(u);
    n += Buffer.byteLength(u) + 2;
  }
  return parts.join('\n\n');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f1 = (x) => (x === null || x === undefined ? 'n/a' : x.toFixed(1));
const int = (x) => Math.round(x).toLocaleString('en-US');

/** Direct API: cold start in fresh contexts, then timings in the last page. */
async function direct(browser, base, texts, runs) {
  const cold = [];
  let page;
  for (let i = 0; i < runs.cold; i++) {
    const context = await browser.newContext();
    page = await context.newPage();
    const t = Date.now();
    await page.goto(`${base}__bench.html`);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 60000 });
    const r = await page.evaluate(() => window.firstAnnotation);
    cold.push({ ...r, wall_ms: Date.now() - t });
    if (i < runs.cold - 1) await context.close();
  }
  const pick = (k) => median(cold.map((c) => c[k]));
  const first = {
    runs: cold.length, init_ms: pick('init_ms'), first_annotate_ms: pick('first_annotate_ms'),
    since_navigation_ms: pick('since_navigation_ms'),
  };
  console.log(`\ndirect API (median of ${cold.length} fresh context${cold.length > 1 ? 's' : ''}, nothing cached):`);
  console.log(`  time to first annotation, from navigation start: ${f1(first.since_navigation_ms)} ms`);
  console.log(`    fetch + compile + instantiate (init): ${f1(first.init_ms)} ms; first annotate (model load): ${f1(first.first_annotate_ms)} ms`);

  const timed = (text, options, n) => page.evaluate(([t, o, n]) => {
    const times = [];
    let words = 0, sentences = 0;
    window.dikduk.annotate(t, o); // warm-up: lets V8 tier the hot code up from its baseline compiler
    for (let i = 0; i < n; i++) {
      const a = performance.now();
      const doc = window.dikduk.annotate(t, o);
      times.push(performance.now() - a);
      words = doc.tokens.reduce((s, tok) => s + tok.morphemes.length, 0);
      sentences = doc.sentences.length;
    }
    times.sort((x, y) => x - y);
    return { ms: times[Math.floor(n / 2)], words, sentences, runs: n };
  }, [text, options, n]);

  const out = { first_annotation: first, cold };
  if (texts.sample) {
    out.sample = await timed(texts.sample, null, runs.sample);
    console.log(`  sample article, every layer: median ${f1(out.sample.ms)} ms of ${out.sample.runs} (${int(out.sample.words / out.sample.ms * 1e3)} words/s)`);
  }
  if (texts.htb) {
    out.htb_morphology = await timed(texts.htb, MORPHOLOGY_ONLY, runs.big);
    out.htb = await timed(texts.htb, null, runs.big);
    console.log(`  HTB test text, morphology only: ${f1(out.htb_morphology.ms)} ms (${int(out.htb_morphology.words / out.htb_morphology.ms * 1e3)} words/s)`);
    console.log(`  HTB test text, every layer: ${f1(out.htb.ms)} ms (${int(out.htb.words / out.htb.ms * 1e3)} words/s)`);
  }
  if (texts.big) {
    out.big = { bytes: Buffer.byteLength(texts.big), ...(await timed(texts.big, null, runs.big)) };
    console.log(`  ${(out.big.bytes / 1e6).toFixed(2)} MB concatenation, every layer: ${f1(out.big.ms)} ms (${int(out.big.words / out.big.ms * 1e3)} words/s, ${int(out.big.sentences / out.big.ms * 1e3)} sentences/s)`);
  }
  await page.context().close();
  return out;
}

/** Worker path: a fresh context per cold start; round trips measured from the page. */
async function worker(browser, base, texts, runs) {
  if (!fs.existsSync(WORKER_FILE)) {
    console.log('\nWeb Worker path: not available (www/worker.js does not exist yet)');
    return null;
  }
  const start = async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}__empty.html`);
    const r = await page.evaluate(() => new Promise((resolve, reject) => {
      const t0 = performance.now();
      const w = new Worker('./worker.js', { type: 'module' });
      let tReady = null;
      const timer = setTimeout(() => reject(new Error('worker timed out')), 60000);
      w.onerror = (e) => { clearTimeout(timer); reject(new Error(`worker error: ${e.message}`)); };
      w.onmessage = (e) => {
        const m = e.data || {};
        if (m.type === 'ready') {
          tReady = performance.now();
          w.postMessage({ id: 1, text: 'ראש הממשלה נפגש בירושלים עם שר החוץ.', options: {} });
        } else if (m.type === 'result' && m.id === 1) {
          const t = performance.now();
          clearTimeout(timer);
          // Keep the worker for the timed runs: one request at a time, by id.
          let next = 2;
          const pending = new Map();
          w.onmessage = (ev) => {
            const msg = ev.data || {};
            const p = pending.get(msg.id);
            if (!p) return;
            if (msg.type === 'result') { pending.delete(msg.id); p.resolve({ doc: msg.doc, ms: msg.ms, rt: performance.now() - p.t }); }
            if (msg.type === 'error') { pending.delete(msg.id); p.reject(new Error(msg.message)); }
          };
          window.benchWorker = (text, options) => new Promise((res, rej) => {
            const id = next++;
            pending.set(id, { resolve: res, reject: rej, t: performance.now() });
            w.postMessage({ id, text, options: options ?? {} });
          });
          resolve({ ready_ms: tReady - t0, first_result_ms: t - tReady, total_ms: t - t0 });
        } else if (m.type === 'error') {
          clearTimeout(timer);
          reject(new Error(`worker: ${m.message}`));
        }
      };
    }));
    return { page, r, errors };
  };
  const cold = [];
  let page;
  try {
    for (let i = 0; i < runs.cold; i++) {
      const s = await start();
      cold.push(s.r);
      if (page) await page.context().close();
      page = s.page;
    }
  } catch (e) {
    console.log(`\nWeb Worker path: failed (${e.message})`);
    if (page) await page.context().close();
    return { error: e.message };
  }
  const pick = (k) => median(cold.map((c) => c[k]));
  const first = { runs: cold.length, ready_ms: pick('ready_ms'), first_result_ms: pick('first_result_ms'), total_ms: pick('total_ms') };
  console.log(`\nWeb Worker path (median of ${cold.length} fresh context${cold.length > 1 ? 's' : ''}):`);
  console.log(`  time to first annotation, from new Worker(): ${f1(first.total_ms)} ms (ready after ${f1(first.ready_ms)} ms, first result ${f1(first.first_result_ms)} ms later)`);

  const timed = (text, options, n) => page.evaluate(async ([t, o, n]) => {
    const rts = [], mss = [];
    let words = 0, sentences = 0;
    await window.benchWorker(t, o); // warm-up, as for the direct API
    for (let i = 0; i < n; i++) {
      const r = await window.benchWorker(t, o);
      rts.push(r.rt);
      mss.push(r.ms);
      words = r.doc.tokens.reduce((s, tok) => s + tok.morphemes.length, 0);
      sentences = r.doc.sentences.length;
    }
    const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return { ms: med(rts), worker_ms: med(mss), words, sentences, runs: n };
  }, [text, options, n]);
  const out = { first_annotation: first, cold };
  if (texts.sample) {
    out.sample = await timed(texts.sample, null, runs.sample);
    console.log(`  sample article, every layer: median round trip ${f1(out.sample.ms)} ms of ${out.sample.runs} (worker reports ${f1(out.sample.worker_ms)} ms)`);
  }
  const big = texts.big ?? texts.htb; // quick mode: the HTB test text
  if (big) {
    out.big = { bytes: Buffer.byteLength(big), ...(await timed(big, null, runs.big)) };
    console.log(`  ${(out.big.bytes / 1e6).toFixed(2)} MB ${texts.big ? 'concatenation' : '(HTB test text)'}, every layer: round trip ${f1(out.big.ms)} ms (${int(out.big.words / out.big.ms * 1e3)} words/s; worker reports ${f1(out.big.worker_ms)} ms)`);
  }
  await page.context().close();
  return out;
}

/** Before the page's scripts: a sentence in the textarea (annotated as soon as the page can) and
 *  the time the text view shows its annotation. */
const VISIT_INIT = `
document.addEventListener('DOMContentLoaded', () => {
  const input = document.getElementById('input');
  const output = document.getElementById('output');
  input.value = 'ראש הממשלה נפגש בירושלים עם שר החוץ.';
  new MutationObserver((_, obs) => {
    if (output.dataset.state === 'done' && !window.__firstAnnotation) {
      window.__firstAnnotation = performance.now();
      obs.disconnect();
    }
  }).observe(output, { attributes: true, attributeFilter: ['data-state'] });
});`;

/** The page (www/index.html) in a fresh profile: the first visit, then repeat visits. */
async function visits(base, texts, n) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dikduk-bench-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  const out = [];
  try {
    await context.addInitScript(VISIT_INIT);
    const page = await context.newPage();
    for (let i = 0; i < n; i++) {
      await page.goto(base);
      await page.waitForFunction(() => window.__firstAnnotation && document.documentElement.dataset.ready === 'true', null, { timeout: 60000 })
        .catch(async (e) => {
          const s = await page.evaluate(() => [document.documentElement.dataset.ready, document.getElementById('output').dataset.state,
            document.getElementById('status').textContent, document.getElementById('input').value.length]);
          throw new Error(`visit ${i + 1}: ${e.message} (${JSON.stringify(s)})`);
        });
      const r = await page.evaluate(() => ({
        first_annotation_ms: window.__firstAnnotation,
        compile_ms: window.dikduk.loadTiming.compile_ms,
        models_ms: window.dikduk.loadTiming.models_ms,
        worker_ready_ms: window.dikduk.loadTiming.ready_at_ms,
        worker_fetch_ms: window.dikduk.loadTiming.worker_start_ms,
        worker_created_ms: performance.getEntriesByName('dikduk-worker-start')[0]?.startTime,
        dom_interactive_ms: performance.getEntriesByType('navigation')[0]?.domInteractive,
        from_cache: !!navigator.serviceWorker.controller,
      }));
      out.push(r);
      if (i === 0) {
        // The service worker installs after the first visit is ready: wait until it has.
        const end = Date.now() + 120000;
        while (!(await page.evaluate(async () => {
          const reg = await navigator.serviceWorker.getRegistration();
          return !!(reg && reg.active && reg.active.state === 'activated');
        }))) {
          if (Date.now() > end) throw new Error('the service worker did not activate');
          await page.waitForTimeout(200);
        }
      }
      // Hot code tiers up while it runs; Chromium then keeps the compiled module with the cached
      // response (for the next visit). Run the sample article a few times, then give it time.
      if (texts.sample) {
        await page.evaluate((t) => { for (let k = 0; k < 3; k++) window.dikduk.annotate(t); }, texts.sample);
      }
      await page.waitForTimeout(3000);
    }
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const line = (label, r) => console.log(`  ${label}: ${f1(r.first_annotation_ms)} ms to first annotation`
    + ` (worker: fetch + compile ${f1(r.compile_ms)} ms, model load ${f1(r.models_ms)} ms; page parsed at ${f1(r.dom_interactive_ms)} ms,`
    + ` worker created at ${f1(r.worker_created_ms)}, fetches the module at ${f1(r.worker_fetch_ms)}, ready at ${f1(r.worker_ready_ms)} ms)`
    + `${r.from_cache ? ', from the Cache Storage' : ', from the network'}`);
  console.log('\npage (www/index.html) in a fresh profile, times from navigation start:');
  line('first visit       ', out[0]);
  if (out[1]) line('second visit      ', out[1]);
  const repeat = out.slice(2);
  let rep = null;
  if (repeat.length) {
    const pick = (k) => median(repeat.map((r) => r[k]));
    rep = {
      runs: repeat.length, first_annotation_ms: pick('first_annotation_ms'), compile_ms: pick('compile_ms'),
      models_ms: pick('models_ms'), worker_ready_ms: pick('worker_ready_ms'), worker_fetch_ms: pick('worker_fetch_ms'),
      worker_created_ms: pick('worker_created_ms'), dom_interactive_ms: pick('dom_interactive_ms'), from_cache: repeat.every((r) => r.from_cache),
    };
    line(`repeat (median ${repeat.length})`, rep);
  }
  return { visits: out, first: out[0], second: out[1] ?? null, repeat: rep };
}

async function main() {
  if (!fs.existsSync(path.join(WWW, 'pkg/dikduk_bg.wasm'))) {
    console.error('error: www/pkg is missing: run scripts/build-wasm.sh first');
    process.exit(2);
  }
  const htb = htbTestText();
  const sample = fs.existsSync(SAMPLE) ? fs.readFileSync(SAMPLE, 'utf8') : null;
  if (!htb) console.log(`skip: ${HTB_TEST} not found`);
  if (!sample) console.log(`skip: ${SAMPLE} not found`);
  const units = [htb, sample].filter(Boolean);
  const texts = {
    sample,
    htb,
    // Quick mode: the HTB test text stands in for the 1 MB throughput run.
    big: QUICK ? null : units.length ? concatenation(units, 1_000_000) : null,
  };
  const runs = QUICK ? { cold: 1, sample: 5, big: 1 } : { cold: 5, sample: 31, big: 3 };

  const server = await startServer();
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const result = { quick: QUICK, chromium: browser.version() };
  console.log(`headless Chromium ${result.chromium}${QUICK ? ' (quick mode)' : ''}`);
  try {
    if (!PAGE_ONLY) {
      result.direct = await direct(browser, base, texts, runs);
      result.worker = await worker(browser, base, texts, runs);
    }
    result.page = await visits(base, texts, QUICK ? 3 : 6);
  } finally {
    await browser.close();
    server.close();
  }

  console.log('\nbudgets (printed, not asserted):');
  result.budgets = [];
  const fa = result.direct?.first_annotation.first_annotate_ms;
  if (fa !== undefined) {
    console.log(`  model load (first annotate in a fresh page)      budget ≤${BUDGET_FIRST_ANNOTATE_MS} ms, actual ${f1(fa)} ms: ${fa <= BUDGET_FIRST_ANNOTATE_MS ? 'meets' : 'OVER'}`);
    result.budgets.push({ what: 'model load (first annotate in a fresh page)', budget_ms: BUDGET_FIRST_ANNOTATE_MS, actual_ms: fa });
  }
  const hm = result.direct?.htb_morphology;
  if (hm) {
    const wps = hm.words / hm.ms * 1e3;
    console.log(`  morphology in WASM, HTB test text                budget ≥${int(BUDGET_MORPHOLOGY_WPS)} words/s, actual ${int(wps)} words/s: ${wps >= BUDGET_MORPHOLOGY_WPS ? 'meets' : 'BELOW'}`);
    result.budgets.push({ what: 'morphology in WASM, HTB test text', budget_words_per_s: BUDGET_MORPHOLOGY_WPS, actual_words_per_s: wps });
  }
  const rv = result.page.repeat ?? result.page.second;
  if (rv) {
    const ms = rv.first_annotation_ms;
    console.log(`  repeat visit of the page, first annotation        budget ≤${BUDGET_REPEAT_VISIT_MS} ms, actual ${f1(ms)} ms: ${ms <= BUDGET_REPEAT_VISIT_MS ? 'meets' : 'OVER'}`);
    result.budgets.push({ what: 'repeat visit of the page, first annotation', budget_ms: BUDGET_REPEAT_VISIT_MS, actual_ms: ms });
  }
  if (JSON_OUT) {
    fs.mkdirSync(path.dirname(path.resolve(JSON_OUT)), { recursive: true });
    fs.writeFileSync(JSON_OUT, JSON.stringify(result, null, 2));
  }
}

main().catch((e) => {
  console.error(`error: ${e.stack || e}`);
  process.exit(1);
});
