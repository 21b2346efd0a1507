// The shown document's indexes (`prepare`) and plain-text helpers about its parts.

// The text view renders sentences in chunks of about this many tokens, between frames.
export const CHUNK_TOKENS = 1000;
// Line breaks: a chunk that starts and ends at one is a block of its own (see `prepare`).
const LINE_BREAK = /[\n\r\u0085\u2028\u2029]/;

/** First index in `list` (sorted, disjoint spans) whose end is after `pos`. */
export function firstEndingAfter(list, pos) {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].end <= pos) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** The span of `list` (sorted, disjoint) that covers `pos`, or null. */
export function covering(list, pos) {
  const i = firstEndingAfter(list, pos);
  return i < list.length && list[i].start <= pos ? list[i] : null;
}

/** Items of a layer with their document index, sorted, with overlaps dropped. */
export function disjoint(items) {
  const out = [];
  items.forEach((item, i) => {
    if (item.end > item.start && (!out.length || item.start >= out[out.length - 1].end)) {
      out.push({ i, start: item.start, end: item.end, item });
    }
  });
  return out;
}

/** Indexes a document for rendering: disjoint layers, speakers, chunk boundaries. */
export function prepare(text, doc) {
  const ents = disjoint(doc.entities);
  const values = disjoint(doc.values);
  const quotes = disjoint(doc.quotes);
  const speakerOf = new Map(); // entity index → quote indices
  doc.quotes.forEach((q, i) => {
    if (q.speaker !== null && q.speaker !== undefined) {
      if (!speakerOf.has(q.speaker)) speakerOf.set(q.speaker, []);
      speakerOf.get(q.speaker).push(i);
    }
  });
  const groupOf = new Map(); // entity index → group index
  doc.entity_groups.forEach((g, gi) => g.mentions.forEach((m) => groupOf.set(m, gi)));
  // Chunks: runs of whole sentences of about CHUNK_TOKENS tokens; [start, end) in code units. A
  // chunk starts after a line break when one comes soon enough; a chunk with line breaks at both
  // ends becomes a block of its own, which the browser lays out only when it is near the screen.
  const chunks = [];
  let start = 0, tokens = 0, prevEnd = 0, startsLine = true;
  for (const s of doc.sentences) {
    const n = s.token_end - s.token_start;
    const atLine = LINE_BREAK.test(text.slice(prevEnd, s.start));
    if (tokens > 0 && tokens + n > CHUNK_TOKENS && (atLine || tokens + n > 4 * CHUNK_TOKENS)) {
      chunks.push({ start, end: s.start, tokens, startsLine });
      start = s.start;
      tokens = 0;
      startsLine = atLine;
    }
    tokens += n;
    prevEnd = s.end;
  }
  chunks.push({ start, end: text.length, tokens: Math.max(tokens, doc.sentences.length ? tokens : doc.tokens.length), startsLine });
  chunks.forEach((ch, i) => { ch.block = ch.startsLine && (i + 1 === chunks.length || chunks[i + 1].startsLine); });
  const words = doc.tokens.filter((tk) => tk.kind !== 'punct').length;
  return {
    text, doc, ents, values, quotes, speakerOf, groupOf, chunks, rendered: 0, words, morphShown: 0, gen: 0,
    parsed: hasParse(doc), syntaxShown: 0, sentWords: new Map(),
  };
}

/** A short line for a token: "ו+ה+בית". */
export function segmentation(token) {
  const forms = (token.morphemes || []).map((m) => m.form);
  return forms.length ? forms.join('+') : token.text;
}

/** Plain text for a token's title (used in the HTML export). */
export function tokenTitle(token) {
  const lines = [segmentation(token)];
  for (const m of token.morphemes || []) {
    lines.push(`${m.form} · ${m.upos} · ${m.lemma}${m.feats ? ` · ${m.feats}` : ''}`
      + (m.deprel ? ` · ${m.deprel} → ${m.head}` : ''));
  }
  return lines.join('\n');
}

/** A value's normalisation as short text: "2025-08-17", "350000000 ILS", "≈ P3.5Y". */
export function valueText(v) {
  let s;
  if (v.value && typeof v.value === 'object') {
    s = 'amount' in v.value ? `${v.value.amount} ${v.value.currency}` : 'relative' in v.value ? `(${v.value.relative})` : JSON.stringify(v.value);
  } else {
    s = String(v.value);
  }
  const mod = { approx: '≈ ', more_than: '> ', less_than: '< ', at_least: '≥ ', at_most: '≤ ', vague: '~ ' }[v.modifier];
  return (mod || '') + s;
}

/** Whether the document has a dependency parse (`head` and `deprel` on its morphemes). */
export function hasParse(doc) {
  for (const tk of doc.tokens) {
    for (const m of tk.morphemes || []) return m.head !== undefined && m.head !== null;
  }
  return false;
}

/**
 * The syntactic words of sentence `si` (the morphemes of its tokens, in order), numbered from 1 as
 * in CoNLL-U: `[{id, ti, k, m}]` with the token index `ti`, the morpheme's place `k` in its token
 * and the morpheme `m`. Cached on the prepared document.
 */
export function sentenceWords(c, si) {
  let words = c.sentWords.get(si);
  if (words) return words;
  words = [];
  const s = c.doc.sentences[si];
  for (let ti = s.token_start; ti < s.token_end; ti++) {
    (c.doc.tokens[ti].morphemes || []).forEach((m, k) => words.push({ id: words.length + 1, ti, k, m }));
  }
  c.sentWords.set(si, words);
  return words;
}

/** The index of the sentence holding token `ti`, or -1. */
export function sentenceOf(c, ti) {
  const list = c.doc.sentences;
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].token_end <= ti) lo = mid + 1; else hi = mid;
  }
  return lo < list.length && list[lo].token_start <= ti ? lo : -1;
}

/** The words of the sentence holding token `ti` and the ID of its first morpheme, or null. */
export function tokenWords(c, ti) {
  const si = sentenceOf(c, ti);
  if (si < 0) return null;
  const words = sentenceWords(c, si);
  const first = words.find((w) => w.ti === ti);
  return first ? { si, words, first: first.id } : null;
}
