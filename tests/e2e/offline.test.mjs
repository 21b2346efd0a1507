// The page offline and its updates (www/sw.js, www/offline.js), in headless Chromium: the first
// visit caches the build; offline, the page reloads and annotates the sample article in every
// view; a new build served at the same address installs in the background and runs from the
// next visit, and the old build's cache is gone; the manifest makes the page installable.
// Screenshot: target/screenshots/offline.png (annotated while offline).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, FLAGS, ROOT, SAMPLE_ARTICLE, SCREENSHOTS, servePage } from './harness.mjs';

const WWW = path.join(ROOT, 'www');

let server;
let port = 0;
let context;
let userDataDir;
let copyDir;

/** Starts scripts/serve.py serving `dir` (default www/) on `port` (0: a free one). */
async function startServer(dir) {
  const s = await servePage({ port, dir });
  server = s.proc;
  port = s.port;
  return s.url;
}

function stopServer() {
  return new Promise((resolve) => {
    if (!server || server.exitCode !== null) return resolve();
    server.removeAllListeners('exit');
    server.on('exit', () => resolve());
    server.kill();
  });
}

/** The build id scripts/sw_version.py gives the files in `dir`. */
const buildId = (dir) => execFileSync('python3', [path.join(ROOT, 'scripts/sw_version.py'), '--id', dir], { encoding: 'utf8' }).trim();

before(async () => {
  assert.ok(fs.existsSync(path.join(WWW, 'pkg/dikduk_bg.wasm')), 'www/pkg is missing: run scripts/build-wasm.sh first');
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dikduk-offline-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1200, height: 900 }, locale: 'he-IL',
  });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await context?.close();
  await stopServer();
  for (const d of [userDataDir, copyDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

/** Records console errors, page errors and failed requests of `page`. */
function watch(page) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // (Not requests the page cancelled, e.g. the worker stopped when a new build takes over.)
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  return problems;
}

const ready = (page) => page.waitForSelector('html[data-ready="true"]', { timeout: 60000 });
const cacheNames = (page) => page.evaluate(() => caches.keys());
/** Waits until the page's service worker registration has an activated worker. */
const activated = (page) => until(page, async () => {
  const reg = await navigator.serviceWorker.getRegistration();
  return !!(reg && reg.active && reg.active.state === 'activated');
});
/** Polls `fn` (async, run in the page) until it returns true. */
async function until(page, fn, timeout = 60000) {
  const end = Date.now() + timeout;
  while (!(await page.evaluate(fn))) {
    if (Date.now() > end) throw new Error(`timed out: ${fn}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
/** Waits until the page runs build `id` from the service worker's cache. */
const runsBuild = (page, id) => page.waitForSelector(`html[data-build="${id}"]`, { state: 'attached', timeout: 60000 });

test('offline: cached at the first visit, annotates with the network off, updates to a new build', async (t) => {
  const base = await startServer();
  const versionA = buildId(WWW);
  const page = await context.newPage();
  const problems = watch(page);

  // First visit: from the network; the service worker installs and caches the build.
  await page.goto(base);
  await ready(page);
  assert.equal(await page.evaluate(() => !!navigator.serviceWorker.controller), false, 'the first visit is not served by the worker');
  await activated(page);
  assert.deepEqual(await cacheNames(page), [`dikduk-${versionA}`]);

  // Second visit: controlled, from the cache; the footer names the build.
  await page.reload();
  await ready(page);
  await runsBuild(page, versionA);
  assert.equal(await page.evaluate(() => !!navigator.serviceWorker.controller), true);
  assert.equal(await page.textContent('#build'), versionA);
  assert.equal(await page.isVisible('#offline'), true, 'the footer shows the build');

  // Offline: reload, then the sample article in every view.
  await context.setOffline(true);
  await page.reload();
  await ready(page);
  assert.equal(await page.evaluate(() => navigator.onLine), false, 'the browser is offline');
  await runsBuild(page, versionA);
  if (!fs.existsSync(SAMPLE_ARTICLE)) {
    t.diagnostic(`skip: ${SAMPLE_ARTICLE} not found: the built-in sample instead`);
  }
  const text = fs.existsSync(SAMPLE_ARTICLE) ? fs.readFileSync(SAMPLE_ARTICLE, 'utf8') : await page.evaluate(() => window.dikduk.sample);
  await page.fill('#input', text);
  await page.waitForFunction((s) => document.querySelector('#output').dataset.state === 'done'
    && document.querySelector('#output').textContent === s, text, { timeout: 60000 });
  const doc = await page.evaluate(() => window.dikduk.doc);
  assert.ok(doc.tokens.length > 100 && doc.entities.length > 5, `${doc.tokens.length} tokens, ${doc.entities.length} entities`);
  const shownEntities = await page.$$eval('#output mark.entity[data-ent]', (ms) => new Set(ms.map((m) => m.dataset.ent)).size);
  assert.equal(shownEntities, doc.entities.length, 'every entity is highlighted');
  assert.equal(await page.$$eval('#output .sentence', (e) => e.length), doc.sentences.length, 'every sentence is shown');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'offline.png'), fullPage: false });

  await page.click('#tab-morph');
  await page.waitForSelector('#morph table', { timeout: 15000 });
  assert.ok(await page.$$eval('#morph table', (e) => e.length) > 0, 'morphology tables');
  await page.click('#tab-syntax');
  await page.waitForSelector('#syntax svg', { timeout: 15000 });
  assert.ok(await page.$$eval('#syntax svg', (e) => e.length) > 0, 'dependency trees');
  await page.click('#tab-entities');
  await page.waitForFunction(() => document.querySelector('#entities').children.length > 0, null, { timeout: 15000 });
  await page.click('#tab-text');

  // A new build at the same address (a copy of www/ with one file changed).
  await stopServer();
  copyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dikduk-build-b-'));
  fs.cpSync(WWW, copyDir, { recursive: true });
  fs.rmSync(path.join(copyDir, 'sw-version.js'), { force: true });
  fs.appendFileSync(path.join(copyDir, 'labels.js'), '\n// build B\n');
  const versionB = buildId(copyDir);
  assert.notEqual(versionB, versionA);
  await startServer(copyDir);
  await context.setOffline(false);

  // Next visit: still build A (nothing mixed); build B installs in the background and waits.
  await page.reload();
  await ready(page);
  await runsBuild(page, versionA); // the visit that finds the update still runs the old build
  await until(page, async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return !!(reg && reg.waiting);
  });
  assert.deepEqual((await cacheNames(page)).sort(), [`dikduk-${versionA}`, `dikduk-${versionB}`].sort(),
    'both builds cached while the new one waits');

  // The visit after: build B takes over before the page loads anything, and runs.
  await page.reload();
  await runsBuild(page, versionB).catch(async (e) => {
    console.log(await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return { build: document.documentElement.dataset.build, w: reg.waiting?.state, a: reg.active?.scriptURL, c: await caches.keys() };
    }));
    throw e;
  });
  await ready(page);
  assert.equal(await page.textContent('#build'), versionB);
  assert.deepEqual(await cacheNames(page), [`dikduk-${versionB}`], 'the old build\'s cache is gone');
  assert.equal(await page.evaluate(() => document.querySelector('script[src="app.js"]') !== null), true);
  const labelsB = await page.evaluate(async () => (await (await fetch('labels.js')).text()).includes('// build B'));
  assert.ok(labelsB, 'the new build\'s files are served');
  await page.fill('#input', 'ראש הממשלה נפגש בירושלים עם שר החוץ.');
  await page.waitForFunction(() => document.querySelector('#output').dataset.state === 'done', null, { timeout: 30000 });

  assert.deepEqual(problems, [], 'no console errors, page errors or failed requests');
  await page.close();
});

/** A fresh origin (a new port), so no service worker or cache of an earlier test is there. */
async function freshServer() {
  await stopServer();
  port = 0;
  return startServer();
}

test('manifest: installable, right to left, Hebrew, icons load', async (t) => {
  const base = await freshServer();
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(base);
  await ready(page);
  await activated(page);
  const cdp = await context.newCDPSession(page);
  const { url, data, errors } = await cdp.send('Page.getAppManifest');
  assert.ok(url.endsWith('/manifest.webmanifest'), url);
  assert.deepEqual(errors, [], 'the manifest parses');
  const m = JSON.parse(data);
  assert.equal(m.short_name, 'דקדוק');
  assert.match(m.name, /דקדוק/);
  assert.equal(m.dir, 'rtl');
  assert.equal(m.lang, 'he');
  assert.equal(m.display, 'standalone');
  assert.equal(m.start_url, './');
  assert.match(m.theme_color, /^#[0-9a-f]{6}$/);
  assert.match(m.background_color, /^#[0-9a-f]{6}$/);
  const sizes = m.icons.map((i) => `${i.sizes} ${i.purpose}`);
  for (const s of ['192x192 any', '512x512 any', '512x512 maskable']) assert.ok(sizes.includes(s), `icon ${s}`);
  for (const icon of m.icons) {
    const r = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      return `${img.naturalWidth}x${img.naturalHeight}`;
    }, icon.src);
    assert.equal(r, icon.sizes, `${icon.src} loads at its size`);
    assert.ok(fs.statSync(path.join(WWW, icon.src)).size < 16384, `${icon.src} is small`);
  }
  let installability;
  try {
    installability = await cdp.send('Page.getInstallabilityErrors');
  } catch (e) {
    installability = null; // not in this Chromium: the fields and icons above stand for it
    t.diagnostic(`Page.getInstallabilityErrors unavailable (${e.message}): checked the fields and icons only`);
  }
  if (installability) t.diagnostic(`Page.getInstallabilityErrors: ${JSON.stringify(installability.installabilityErrors)}`);
  if (installability) {
    assert.deepEqual(installability.installabilityErrors.map((e) => e.errorId), [], 'Chromium finds the page installable');
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('?nosw: the service worker is turned off and the page loads from the network', async () => {
  const base = await freshServer();
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(base);
  await ready(page);
  await activated(page);
  await page.reload();
  await ready(page);
  assert.equal(await page.evaluate(() => !!navigator.serviceWorker.controller), true);
  await page.goto(`${base}?nosw`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true' && !navigator.serviceWorker.controller,
    null, { timeout: 60000 });
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0, 'unregistered');
  assert.deepEqual(await cacheNames(page), [], 'caches deleted');
  assert.equal(await page.isVisible('#offline'), false);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the embed path never registers a service worker: embed.html, the npm package, <dikduk-annotate>', async () => {
  const base = await freshServer();
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(`${base}embed.html`);
  await page.waitForFunction(() => document.querySelector('#story-note').textContent.includes('dikduk-annotated'), null, { timeout: 60000 });
  await page.waitForTimeout(1000);
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  assert.deepEqual(await cacheNames(page), []);
  for (const f of ['dikduk.js', 'element.js', 'worker.js']) {
    assert.ok(!fs.readFileSync(path.join(ROOT, 'npm', f === 'dikduk.js' ? 'dikduk.d.ts' : f), 'utf8').includes('serviceWorker'), `npm/${f}`);
    assert.ok(!fs.readFileSync(path.join(WWW, 'pkg', f), 'utf8').includes('serviceWorker'), `www/pkg/${f}`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});
