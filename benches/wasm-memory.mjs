// WASM linear memory when annotating 10 MB in Node (www/pkg, from scripts/build-wasm.sh): the
// module's memory before (models loaded), after one `annotate` call, after a second call on the
// same text, and after an `annotateInParts` call that keeps every part in JS.
//   node benches/wasm-memory.mjs [--json OUT.json]
// The text is the HTB test text and the sample article repeated, blank lines between, up to 10 MB
// (like the native bench's concatenation). Issue #6 asks for growth under 10x the input.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HTB_TEST = path.resolve(ROOT, '../shared/data/htb-nemo/he_htb-nemo-test.conllu');
const SAMPLE = path.resolve(ROOT, '../shared/samples/news-trump-putin-alaska.txt');
const jsonAt = process.argv.indexOf('--json');
const jsonOut = jsonAt > 0 ? process.argv[jsonAt + 1] : null;

const units = [];
if (fs.existsSync(HTB_TEST)) {
  const lines = fs.readFileSync(HTB_TEST, 'utf8').split('\n').filter((l) => l.startsWith('# text = '));
  units.push(lines.map((l) => l.slice(9)).join(' '));
}
if (fs.existsSync(SAMPLE)) units.push(fs.readFileSync(SAMPLE, 'utf8'));
if (!units.length) {
  console.log(`skip: neither ${HTB_TEST} nor ${SAMPLE} found`);
  process.exit(0);
}
const parts = [];
for (let i = 0, n = 0; n < 10_000_000; i++) {
  parts.push(units[i % units.length]);
  n += Buffer.byteLength(parts[parts.length - 1]) + 2;
}
const text = parts.join('\n\n');
const bytes = Buffer.byteLength(text);

const glue = await import(path.join(ROOT, 'www/pkg/dikduk.js'));
const wasm = glue.initSync({ module: fs.readFileSync(path.join(ROOT, 'www/pkg/dikduk_bg.wasm')) });
const memory = () => wasm.memory.buffer.byteLength;
glue.annotate('שלום עולם.', null); // loads the models
const base = memory();
let t = performance.now();
const doc = glue.annotate(text, null);
const ms = performance.now() - t;
const first = memory();
glue.annotate(text, null);
const second = memory();
let items = 0;
t = performance.now();
glue.annotateInParts(text, null, (name, part) => { items += part.length; }, () => {});
const partsMs = performance.now() - t;
const third = memory();

const mb = (x) => (x / 1e6).toFixed(1);
const result = {
  bytes, tokens: doc.tokens.length, ms: Math.round(ms), parts_ms: Math.round(partsMs), part_items: items,
  memory: { base, first, second, parts: third }, growth_factor: (first - base) / bytes,
};
console.log(`${mb(bytes)} MB (${doc.tokens.length.toLocaleString('en-US')} tokens) annotated in ${Math.round(ms)} ms: `
  + `linear memory ${mb(base)} MB → ${mb(first)} MB (growth ${result.growth_factor.toFixed(1)}× the input), `
  + `${mb(second)} MB after a second call, ${mb(third)} MB after annotateInParts (${Math.round(partsMs)} ms)`);
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(result, null, 1));
