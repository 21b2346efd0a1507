// Runs the built browser module (www/pkg/, from scripts/build-wasm.sh) in Node, for tests/wasm_node.rs.
//
//   node tests/wasm-node/annotate.mjs docs  < in.jsonl   {"id","text"} per line → {"id","document"} or
//                                                         {"id","error"} per line, JSON.stringify'd
//   node tests/wasm-node/annotate.mjs big   < in.jsonl   each text annotated twice; per line a summary:
//                                                         {"id", "bytes", "units", "tokens", "entities",
//                                                          "check", "ms", "memory": [base, after1, after2]}
//
// "memory" is WebAssembly.Memory's byteLength (linear memory never shrinks, so it is the peak):
// before (after a small warm-up call), after the first and after the second call. "check" is "ok"
// or the first broken invariant found by checkSpans (offsets, token order, coverage, entities);
// documents too large to send back whole are checked here, smaller ones by the Rust side too.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const glue = await import(join(root, 'www', 'pkg', 'dikduk.js'));
const wasm = glue.initSync({ module: readFileSync(join(root, 'www', 'pkg', 'dikduk_bg.wasm')) });
const memory = () => wasm.memory.buffer.byteLength;

// Characters that may lie outside every token: Unicode White_Space and invisible format marks
// (src/text/chars.rs is_format). JS \s lacks U+0085, which Rust's is_whitespace includes.
const GAP = /^[\s\u0085\u00AD\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]*$/;

/** The first broken span invariant of `doc` as the annotation of `text`, or "ok". */
function checkSpans(text, doc) {
  if (doc.length !== text.length) return `length ${doc.length} != ${text.length}`;
  let prev = 0;
  for (const [i, t] of doc.tokens.entries()) {
    if (!(t.start >= prev && t.start < t.end && t.end <= text.length)) return `token ${i} ${t.start}..${t.end}`;
    if (text.slice(t.start, t.end) !== t.text) return `token ${i} text`;
    if (!GAP.test(text.slice(prev, t.start))) return `uncovered text before token ${i}`;
    prev = t.end;
  }
  if (!GAP.test(text.slice(prev))) return 'uncovered text at the end';
  for (const [i, e] of doc.entities.entries()) {
    const a = doc.tokens[e.token_start], b = doc.tokens[e.token_end - 1];
    if (!a || !b || e.start < a.start || e.start >= a.end || e.end !== b.end) return `entity ${i} outside its tokens`;
    if (text.slice(e.start, e.end) !== e.text) return `entity ${i} text`;
  }
  return 'ok';
}

glue.annotate('שלום עולם.', null); // loads the models, so the baseline includes them
const mode = process.argv[2];
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const { id, text } = JSON.parse(line);
  if (mode === 'docs') {
    let out;
    try {
      out = { id, document: glue.annotate(text) };
    } catch (e) {
      out = { id, error: String(e && e.message) };
    }
    process.stdout.write(JSON.stringify(out) + '\n');
  } else if (mode === 'big') {
    const base = memory();
    const t0 = performance.now();
    const doc = glue.annotate(text);
    const ms = Math.round(performance.now() - t0);
    const after1 = memory();
    const check = checkSpans(text, doc);
    const summary = { tokens: doc.tokens.length, entities: doc.entities.length };
    glue.annotate(text);
    const after2 = memory();
    const bytes = Buffer.byteLength(text, 'utf8');
    process.stdout.write(JSON.stringify({ id, bytes, units: text.length, ...summary, check, ms, memory: [base, after1, after2] }) + '\n');
  } else {
    throw new Error(`unknown mode ${mode}: use docs or big`);
  }
}
