// Size of what the page downloads: the .wasm raw, gzip (-9) and brotli (quality 11), broken down
// into code and each embedded model, and the budgets. A size budget breach exits with status 1.
// Run after scripts/build-wasm.sh:  node benches/size.mjs [--quick] [--json FILE]
// (--quick skips brotli, which takes most of a minute on the 11 MB .wasm; budgets are on gzip.)
//
// The models are embedded verbatim (include_bytes!), so a model's share of the .wasm is its file
// size; its compressed share is estimated as the file compressed on its own, and "code" is the
// remainder (the whole .wasm minus the models), which also holds tables and static data.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WWW = path.join(ROOT, 'www');
const WASM = path.join(WWW, 'pkg', 'dikduk_bg.wasm');
const MB = 1_000_000;

/** Budgets (gzip bytes) from the issues; breaching one fails. */
const BUDGETS = [
  { what: 'everything the page downloads, gzipped', key: 'total', gzip: 6 * MB },
  { what: 'morphology models (morph.bin + lexicon.bin), gzipped', key: 'morphology', gzip: 3 * MB },
  { what: 'NER model (ner.bin), gzipped', key: 'ner', gzip: 1.5 * MB },
  { what: 'parser model (parse.bin), gzipped', key: 'parse', gzip: 1.5 * MB },
];

/** Files embedded in the .wasm: name, path, which budget group. */
const MODELS = [
  { name: 'models/morph.bin', group: 'morphology' },
  { name: 'models/lexicon.bin', group: 'morphology' },
  { name: 'models/ner.bin', group: 'ner' },
  { name: 'models/parse.bin', group: 'parse' },
];

/**
 * The largest function body in the .wasm may not exceed this many bytes (asserted). V8 compiles a
 * function whole on its first call and optimises it only after many calls, so one huge function
 * (wasm-opt once inlined the pipeline and the model loaders into a 202 KB one) slows the first
 * annotate in a fresh page by about 40 ms (docs/DESIGN.md, "Loading the models").
 */
const MAX_FUNCTION_BYTES = 64 * 1024;

const QUICK = process.argv.includes('--quick');
const cache = new Map();

/** Raw, gzip -9 and brotli 11 sizes of a file (brotli null with --quick). */
function sizes(file) {
  if (!cache.has(file)) cache.set(file, compress(fs.readFileSync(file)));
  return cache.get(file);
}

const compress = (buf) => ({
  raw: buf.length,
  gzip: zlib.gzipSync(buf, { level: 9 }).length,
  brotli: QUICK ? null : zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
    },
  }).length,
});

/** Every file under www/ that the page can load (skips dotfiles). */
function servedFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...servedFiles(p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

/** Unsigned LEB128 at `at` in `buf`: [value, next offset]. */
function leb128(buf, at) {
  let value = 0;
  let scale = 1;
  for (;;) {
    const b = buf[at++];
    value += (b & 0x7f) * scale;
    scale *= 128;
    if (b < 0x80) return [value, at];
  }
}

/** Body sizes of the functions in a WebAssembly binary's code section, largest first. */
function functionSizes(buf) {
  const out = [];
  let at = 8; // magic and version
  while (at < buf.length) {
    const id = buf[at];
    const [len, start] = leb128(buf, at + 1);
    if (id === 10) {
      let [count, p] = leb128(buf, start);
      while (count-- > 0) {
        const [size, body] = leb128(buf, p);
        out.push(size);
        p = body + size;
      }
    }
    at = start + len;
  }
  return out.sort((a, b) => b - a);
}

const fmt = (n) => (n === null ? '–' : n.toLocaleString('en-US'));
const pad = (s, n) => String(s).padStart(n);

function main() {
  const args = process.argv.slice(2);
  const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : null;
  if (!fs.existsSync(WASM)) {
    console.error(`error: ${path.relative(ROOT, WASM)} missing: run scripts/build-wasm.sh first`);
    process.exit(2);
  }
  const wasm = sizes(WASM);
  const models = MODELS.filter((m) => fs.existsSync(path.join(ROOT, m.name)))
    .map((m) => ({ ...m, ...sizes(path.join(ROOT, m.name)) }));
  const sum = (list, k) => (QUICK && k === 'brotli' ? null : list.reduce((a, m) => a + m[k], 0));
  const code = {
    raw: wasm.raw - sum(models, 'raw'),
    gzip: wasm.gzip - sum(models, 'gzip'),
    brotli: QUICK ? null : wasm.brotli - sum(models, 'brotli'),
  };
  const files = servedFiles(WWW).map((p) => ({ name: path.relative(ROOT, p), ...sizes(p) }));
  const total = { raw: sum(files, 'raw'), gzip: sum(files, 'gzip'), brotli: sum(files, 'brotli') };

  console.log('size of www/pkg/dikduk_bg.wasm and its parts (bytes)');
  console.log(`  ${'part'.padEnd(40)} ${pad('raw', 12)} ${pad('gzip -9', 12)} ${pad('brotli 11', 12)}`);
  const row = (name, s) => console.log(`  ${name.padEnd(40)} ${pad(fmt(s.raw), 12)} ${pad(fmt(s.gzip), 12)} ${pad(fmt(s.brotli), 12)}`);
  row('www/pkg/dikduk_bg.wasm (whole)', wasm);
  for (const m of models) row(`  of which ${m.name}`, m);
  row('  of which code and static data (rest)', code);
  console.log('\nall files under www/ (what the page can download)');
  for (const f of files) row(f.name, f);
  row('total', total);

  const groups = { total: total.gzip };
  for (const m of models) groups[m.group] = (groups[m.group] ?? 0) + m.gzip;
  console.log('\nsize budgets (asserted)');
  let failed = false;
  const budgets = BUDGETS.map((b) => {
    const actual = groups[b.key];
    const ok = actual === undefined || actual <= b.gzip;
    failed ||= !ok;
    const verdict = actual === undefined ? 'not embedded' : ok ? 'ok' : 'OVER BUDGET';
    console.log(`  ${b.what.padEnd(56)} budget ${pad(fmt(b.gzip), 10)}, actual ${pad(actual === undefined ? '–' : fmt(actual), 10)}: ${verdict}`);
    return { ...b, actual, ok };
  });

  const functions = functionSizes(fs.readFileSync(WASM));
  const largest = { bytes: functions[0] ?? 0, functions: functions.length, max: MAX_FUNCTION_BYTES };
  largest.ok = largest.bytes <= MAX_FUNCTION_BYTES;
  failed ||= !largest.ok;
  console.log(`  ${'largest function in the .wasm, raw bytes'.padEnd(56)} budget ${pad(fmt(MAX_FUNCTION_BYTES), 10)}, actual ${pad(fmt(largest.bytes), 10)}: ${largest.ok ? 'ok' : 'OVER BUDGET'} (${fmt(functions.length)} functions)`);

  if (jsonOut) {
    fs.mkdirSync(path.dirname(path.resolve(jsonOut)), { recursive: true });
    fs.writeFileSync(jsonOut, JSON.stringify({ quick: QUICK, wasm, models, code, files, total, budgets, largest }, null, 2));
  }
  if (failed) {
    console.error('\nerror: a size budget is exceeded (see above)');
    process.exit(1);
  }
}

main();
