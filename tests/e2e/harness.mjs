// What the browser tests and benches/browser.mjs share: paths, the Chromium binary and its flags,
// and starting scripts/serve.py. Imports nothing outside Node, so benches can use it too.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The real news article beside the clone (tests skip or fall back when it is absent). */
export const SAMPLE_ARTICLE = path.resolve(ROOT, '../shared/samples/news-trump-putin-alaska.txt');
/** Where the tests save what users would see. */
export const SCREENSHOTS = path.join(ROOT, 'target', 'screenshots');
/** The system Chromium (never one that playwright downloads). */
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
/** Flags for headless Chromium on the CI machine. */
export const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Starts scripts/serve.py on `port` (0: a free one), serving `dir` (default www/); resolves with
 * `{ proc, url, port }` once it listens, rejects if it exits first or takes over 15 s.
 */
export function servePage({ port = 0, dir } = {}) {
  return new Promise((resolve, reject) => {
    const proc = spawn('python3', [path.join(ROOT, 'scripts/serve.py'), String(port)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...(dir ? { DIKDUK_WWW: dir } : {}) },
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/Serving dikduk at http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: `http://127.0.0.1:${m[1]}/`, port: Number(m[1]) });
      }
    });
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}
