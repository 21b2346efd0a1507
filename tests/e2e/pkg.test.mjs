// Tests of the npm package folder pkg/ (built by scripts/build-pkg.sh): it imports in Node through
// its package.json `exports`, and its TypeScript types accept a real dikduk/1 document (tsc).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PKG = path.join(ROOT, 'pkg');
let dir;

before(() => {
  assert.ok(fs.existsSync(path.join(PKG, 'dikduk_bg.wasm')), 'pkg/ is missing: run scripts/build-pkg.sh first');
  // A project that depends on the package: node_modules/dikduk → pkg/.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dikduk-pkg-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(PKG, path.join(dir, 'node_modules', 'dikduk'), 'dir');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
});

after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

const TEXT = 'ראש הממשלה בנימין נתניהו נפגש ביום שלישי בוושינגטון עם הנשיא דונלד טראמפ. '
  + '"זו פגישה חשובה", אמר נתניהו. ההסכם שווה כ-2 מיליארד דולר.';

/** Runs an ES module in the consumer project with Node; returns its stdout. */
function runModule(name, source) {
  fs.writeFileSync(path.join(dir, name), source);
  return execFileSync(process.execPath, [path.join(dir, name)], { cwd: dir, encoding: 'utf8' });
}

test('package.json: name, exports, types, version', () => {
  const pj = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8'));
  const cargo = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8').match(/^version = "(.+)"/m)[1];
  assert.equal(pj.name, 'dikduk');
  assert.equal(pj.version, cargo);
  assert.equal(pj.type, 'module');
  assert.equal(pj.types, './dikduk.d.ts');
  assert.deepEqual(pj.exports['.'], { types: './dikduk.d.ts', default: './dikduk.js' });
  for (const f of pj.files) assert.ok(fs.existsSync(path.join(PKG, f)), `${f} is in pkg/`);
});

test('imports in Node through the package exports and annotates', () => {
  const out = runModule('use.mjs', `
import fs from 'node:fs';
import init, { annotate, annotateWithProgress, toConllu, version, optionNames } from 'dikduk';
await init({ module_or_path: fs.readFileSync(new URL(import.meta.resolve('dikduk/dikduk_bg.wasm'))) });
const doc = annotate(${JSON.stringify(TEXT)});
let reports = 0;
const same = annotateWithProgress(${JSON.stringify(TEXT)}, null, () => { reports++; });
console.log(JSON.stringify({
  doc, version: version(), options: optionNames(), reports,
  same: JSON.stringify(same) === JSON.stringify(doc),
  conllu: toConllu(doc, 'x').split('\\n')[0],
  element: import.meta.resolve('dikduk/element'),
  worker: import.meta.resolve('dikduk/worker'),
}));
`);
  const r = JSON.parse(out);
  assert.equal(r.doc.schema, 'dikduk/1');
  assert.equal(r.doc.version, r.version);
  assert.deepEqual([...r.options].sort(), ['conventions', 'entities', 'morphology', 'parse', 'quotes', 'values']);
  assert.ok(r.doc.tokens.every((t) => t.morphemes.every((m) => Number.isInteger(m.head) && typeof m.deprel === 'string')), 'every morpheme has head and deprel');
  assert.ok(r.doc.entities.some((e) => e.label === 'PER' && e.text === 'בנימין נתניהו'), JSON.stringify(r.doc.entities));
  assert.ok(r.same && r.reports >= 2);
  assert.equal(r.conllu, '# sent_id = x-1');
  assert.ok(r.element.endsWith('/element.js') && r.worker.endsWith('/worker.js'));
  fs.writeFileSync(path.join(dir, 'doc.json'), JSON.stringify(r.doc));
});

test('the TypeScript types accept a real document and reject wrong ones (tsc --noEmit)', () => {
  const doc = fs.readFileSync(path.join(dir, 'doc.json'), 'utf8');
  assert.ok(doc.length > 100, 'the previous test wrote a document');
  fs.writeFileSync(path.join(dir, 'check.ts'), `
import init, { annotate, toConllu, type DikdukDocument, type EntityLabel, type Value } from 'dikduk';
import type { DikdukAnnotate, DikdukAnnotatedDetail } from 'dikduk/element';

// A real document, as a literal: excess-property checks catch any field the types lack.
const real: DikdukDocument = ${doc};

function el0(): DikdukAnnotate | null {
  return document.querySelector('dikduk-annotate');
}

export async function use(text: string): Promise<string> {
  await init();
  const doc = annotate(text, { entities: true, values: false });
  const labels: EntityLabel[] = doc.entities.map((e) => e.label);
  const forms: string[] = doc.tokens.flatMap((t) => t.morphemes.map((m) => m.form));
  const heads: (number | undefined)[] = doc.tokens.flatMap((t) => t.morphemes.map((m) => m.head));
  const rels: string[] = doc.tokens.flatMap((t) => t.morphemes.map((m) => m.deprel ?? ''));
  annotate(text, { parse: false, conventions: 'iahlt' });
  // @ts-expect-error: conventions are htb or iahlt
  annotate(text, { conventions: 'ud' });
  const conv: 'htb' | 'iahlt' | undefined = el0()?.conventions;
  // @ts-expect-error: a head is a number
  const badHead: string = doc.tokens[0].morphemes[0].head;
  const speaker: number | null = doc.quotes[0]?.speaker ?? null;
  const v: Value | undefined = doc.values[0];
  const amount = v && typeof v.value === 'object' && 'amount' in v.value ? v.value.amount : 0;
  const el: DikdukAnnotate | null = document.querySelector('dikduk-annotate');
  el?.addEventListener('dikduk-annotated', (e) => { const d: DikdukAnnotatedDetail = e.detail; console.log(d.doc.length); });
  // @ts-expect-error: annotate returns a document, not any
  doc.tokens[0].morphemes[0].pos;
  // @ts-expect-error: labels are a closed set
  const bad: DikdukDocument['entities'][number] = { ...doc.entities[0], label: 'PERSON' };
  // @ts-expect-error: options are checked
  annotate(text, { entitys: true });
  return [labels.length, forms.length, heads.length, rels.length, badHead, speaker, amount, real.schema, bad, conv, toConllu(doc)].join();
}
`);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext',
      lib: ['es2022', 'dom'], types: [], skipLibCheck: false,
    },
    files: ['check.ts'],
  }));
  const tsc = require.resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8' });
  } catch (e) {
    assert.fail(`tsc found errors:\n${e.stdout}${e.stderr}`);
  }
});
