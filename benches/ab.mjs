// A/B of the page's repeat visits: two builds of www/ served side by side, visited in turn.
//
//   node benches/ab.mjs DIR_A DIR_B [ROUNDS]
//
// DIR_A and DIR_B are copies of www/ (with www/pkg built), for example the committed page and a
// change to it. Each gets its own sw-version.js (scripts/sw_version.py over that directory), so
// its service worker caches exactly its files. Each round opens a fresh headless Chromium
// profile per build, visits the page five times (the first installs the service worker) and
// keeps visits 3 to 5; A and B alternate, so a change in machine load hits both alike. Prints the
// medians: time to the first annotation, when the worker was created and started fetching, fetch
// + compile and model load (the worker's timing), when it was ready, and the page's
// domInteractive (ms since navigation). Printed, never asserted; see docs/DESIGN.md ("Loading
// the models") for what it has decided. Needs what the e2e tests need (tests/e2e, chromium).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { CHROMIUM, FLAGS, ROOT, servePage } from '../tests/e2e/harness.mjs';

const { chromium } = createRequire(path.join(ROOT, 'tests/e2e/package.json'))('playwright-core');

const [A, B, R] = process.argv.slice(2);
if (!A || !B) {
  console.error('usage: node benches/ab.mjs DIR_A DIR_B [ROUNDS]');
  process.exit(2);
}
const rounds = Number(R || 3);
// The same page hook as benches/browser.mjs: the first annotation's time.
const INIT = fs.readFileSync(path.join(ROOT, 'benches/browser.mjs'), 'utf8').match(/const VISIT_INIT = `([\s\S]*?)`;/)?.[1];
if (!INIT) throw new Error('benches/browser.mjs: VISIT_INIT not found');

for (const dir of [A, B]) {
  const text = execFileSync('python3', ['-c', 'import sys; sys.path.insert(0, sys.argv[1]); import sw_version; sys.stdout.write(sw_version.render(sys.argv[2], sys.argv[3]))',
    path.join(ROOT, 'scripts'), path.resolve(dir), ROOT], { encoding: 'utf8' });
  fs.writeFileSync(path.join(dir, 'sw-version.js'), text);
}

const servers = { A: await servePage({ dir: path.resolve(A) }), B: await servePage({ dir: path.resolve(B) }) };
const results = { A: [], B: [] };
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
try {
  for (let r = 0; r < rounds; r++) {
    for (const k of ['A', 'B']) {
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dikduk-ab-'));
      const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
      try {
        await context.addInitScript(INIT);
        const page = await context.newPage();
        for (let i = 0; i < 5; i++) {
          await page.goto(servers[k].url);
          await page.waitForFunction(() => window.__firstAnnotation && document.documentElement.dataset.ready === 'true', null, { timeout: 60000 });
          const x = await page.evaluate(() => ({
            first: window.__firstAnnotation,
            created: performance.getEntriesByName('dikduk-worker-start')[0]?.startTime,
            fetch: window.dikduk.loadTiming.worker_start_ms,
            compile: window.dikduk.loadTiming.compile_ms,
            models: window.dikduk.loadTiming.models_ms,
            ready: window.dikduk.loadTiming.ready_at_ms,
            interactive: performance.getEntriesByType('navigation')[0]?.domInteractive,
            sw: !!navigator.serviceWorker.controller,
          }));
          if (i === 0) {
            await page.waitForFunction(async () => {
              const reg = await navigator.serviceWorker.getRegistration();
              return !!(reg && reg.active && reg.active.state === 'activated');
            }, null, { timeout: 60000 });
          }
          if (i >= 2) results[k].push(x);
          await page.waitForTimeout(2500);
        }
      } finally {
        await context.close();
        fs.rmSync(profile, { recursive: true, force: true });
      }
    }
  }
} finally {
  servers.A.proc.kill();
  servers.B.proc.kill();
}
for (const k of ['A', 'B']) {
  const v = results[k];
  const m = (f) => median(v.map((x) => x[f])).toFixed(1);
  console.log(`${k}: first annotation ${m('first')} ms; worker created ${m('created')}, fetch from ${m('fetch')}, ` +
    `fetch + compile ${m('compile')}, model load ${m('models')}, ready at ${m('ready')}; domInteractive ${m('interactive')} ` +
    `(${v.length} visits, ${v.every((x) => x.sw) ? 'all' : 'NOT all'} from the service worker)`);
}
