// Export of the shown document: JSON, CoNLL-U or a standalone HTML file; download or copy.
import { toConllu } from './pkg/dikduk.js';
import { ENTITY_LABELS } from './labels.js';
import { state } from './state.js';
import { $, el, setStatus } from './dom.js';
import { renderRange } from './text-view.js';
import { sentenceTree } from './syntax-view.js';

const LABELS = Object.keys(ENTITY_LABELS);
/** The HTML export draws the trees of at most this many sentences. */
const EXPORT_TREES = 1000;

const EXPORT_CSS = `
body { font-family: "Noto Sans Hebrew", Arial, sans-serif; max-width: 860px; margin: 2em auto; padding: 0 1em; color: #1d2330; background: #fff; }
h1 { font-size: 1.2rem; } .meta { color: #667085; font-size: 0.85rem; }
.output { font-size: 1.15rem; line-height: 2.3; white-space: pre-wrap; overflow-wrap: anywhere; }
.sentence { border-bottom: 1px solid #dfe3f1; }
.entity { border-radius: 5px; padding: 1px 3px; border: 1px solid; color: inherit; }
.entity::after { content: attr(data-label); font: 700 0.55em monospace; margin-inline-start: 3px; padding: 0 3px; border-radius: 3px; color: #fff; vertical-align: 0.2em; }
.q { text-decoration: underline 2px #7a35b0; text-underline-offset: 0.35em; }
.v { border-bottom: 2px dotted #8a6500; }
.speaker-link::after { content: "— " attr(data-name); font-size: 0.75em; color: #7a35b0; }
.speaker-link { border: 0; background: none; padding: 0 2px; font: inherit; }
${LABELS.map((l) => `[data-label="${l}"] { background: var(--${l}-bg); border-color: var(--${l}-ink); } .entity[data-label="${l}"]::after { background: var(--${l}-ink); }`).join('\n')}
:root { ${['PER:#e3ecff:#2b50c8', 'ORG:#ffe6d5:#b4500f', 'GPE:#dcf5e6:#1a7f46', 'LOC:#e0f4f7:#137385', 'FAC:#f1e4fb:#7a35b0', 'EVE:#fde2ea:#b8234f', 'WOA:#fff3c4:#8a6500', 'DUC:#e8eaef:#4a5466', 'ANG:#e6f7d4:#4f7d12']
    .map((s) => { const [l, bg, ink] = s.split(':'); return `--${l}-bg: ${bg}; --${l}-ink: ${ink};`; }).join(' ')} }
h2 { font-size: 1.05rem; margin-top: 2em; } h3 { font-size: 0.85rem; color: #667085; margin: 1.4em 0 0.3em; }
.sx-scroll { overflow-x: auto; border: 1px solid #e3e6ec; border-radius: 10px; padding: 4px 0; }
.sx { display: block; }
.sx-line { fill: none; stroke: #8a93a6; stroke-width: 1.4; } .sx-arrow { fill: #8a93a6; }
.sx-label { font: 11px monospace; fill: #4a5466; paint-order: stroke; stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
.sx-box { fill: #f2f4f7; stroke: #e3e6ec; } .sx-form { font-size: 17px; font-weight: 600; fill: #1d2330; }
.sx-upos { font: 700 11px monospace; fill: #5d6778; } .sx-tok { fill: none; stroke: #5d6778; } .sx-tok-text { font-size: 12px; fill: #5d6778; }
`;

/** Escapes text for HTML source (the export's own strings; the text goes through the DOM). */
function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The whole annotated text as a standalone HTML file (no scripts; titles carry the analysis).
 * The text is rendered with DOM calls and serialized, so the browser escapes it. */
function exportHtml(c) {
  const out = el('div', 'output');
  out.lang = 'he';
  renderRange(c, 0, c.text.length, out, true);
  // With a parse: each sentence's dependency tree as a static SVG drawing.
  const trees = el('div', 'syntax');
  if (c.parsed) {
    const n = Math.min(c.doc.sentences.length, EXPORT_TREES);
    const h2 = el('h2', null, c.doc.sentences.length > n ? `תחביר · syntax (${n} / ${c.doc.sentences.length})` : 'תחביר · syntax');
    trees.append(h2);
    for (let si = 0; si < n; si++) {
      const tree = sentenceTree(c, si, false);
      if (!tree) continue;
      const box = el('div', 'sx-scroll');
      box.dir = 'rtl';
      box.append(tree);
      trees.append(el('h3', null, `${si + 1}`), box);
    }
  }
  const meta = `dikduk ${c.doc.version} · ${c.doc.schema} · ${c.doc.tokens.length} tokens · ${c.doc.entities.length} entities`;
  return `<!doctype html>
<html lang="he" dir="rtl">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dikduk</title>
<style>${EXPORT_CSS}</style>
</head>
<body>
<h1>דקדוק · dikduk</h1>
<p class="meta">${escapeHtml(meta)}</p>
${out.outerHTML}
${trees.childNodes.length ? trees.outerHTML : ''}
</body>
</html>
`;
}

/** [file name, MIME type, contents] of the current document in `format`. */
function exportAs(format) {
  const c = state.cur;
  if (format === 'conllu') return ['dikduk.conllu', 'text/plain;charset=utf-8', toConllu(c.doc, 'dikduk')];
  if (format === 'html') return ['dikduk.html', 'text/html;charset=utf-8', exportHtml(c)];
  return ['dikduk.json', 'application/json', `${JSON.stringify(c.doc, null, 2)}\n`];
}

$('download').addEventListener('click', () => {
  if (!state.cur) return;
  try {
    const [name, type, data] = exportAs($('export-format').value);
    const url = URL.createObjectURL(new Blob([data], { type }));
    const a = el('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    setStatus('downloaded', name);
  } catch (err) {
    setStatus('error', err && err.message ? err.message : String(err), true);
  }
});

$('copy').addEventListener('click', async () => {
  if (!state.cur) return;
  try {
    const [, , data] = exportAs($('export-format').value);
    await navigator.clipboard.writeText(data);
    setStatus('copied');
  } catch (err) {
    setStatus('copyFailed', err && err.message ? err.message : String(err), true);
  }
});
