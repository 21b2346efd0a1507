//! The whole pipeline: text → sentences → tokens → morphemes → entities → [`Document`].

use crate::document::{Document, Entity, Quote, Sentence, Span, Token, Value, SCHEMA};
use crate::offsets::{utf16_len, Utf16Cursor};
use crate::{groups, morph, ner, parse, quotes, text, values};
use morph::conventions::Conventions;
use serde::{Deserialize, Serialize};

/// Which layers [`annotate`] computes. Every layer is on by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// Split prefixes and tag morphemes; when off, each token keeps one untagged morpheme.
    pub morphology: bool,
    /// Find named entities (needs morphology), and group their mentions.
    pub entities: bool,
    /// Find dates, times, durations, numbers, percentages and money amounts.
    pub values: bool,
    /// Find quotations and their speakers.
    pub quotes: bool,
    /// Parse each sentence into a dependency tree (needs morphology): every morpheme gets its
    /// `head` and `deprel`.
    pub parse: bool,
    /// How the morphemes are written: `"htb"` (UD_Hebrew-HTB, the default: בבית is ב + ה_ + בית,
    /// יומו is יום_ + _של_ + _הוא) or `"iahlt"` (UD_Hebrew-IAHLTwiki/IAHLTknesset: בבית is ב +
    /// בית with `Definite=Def` on ב, יומו is יומ + ו). See [`morph::conventions`].
    pub conventions: Conventions,
}

impl Default for Options {
    fn default() -> Self {
        Options { morphology: true, entities: true, values: true, quotes: true, parse: true, conventions: Conventions::Htb }
    }
}

/// Annotates `text`. Never fails: any string gets a best-effort document whose spans index it.
pub fn annotate(input: &str, options: &Options) -> Document {
    annotate_with_progress(input, options, &mut |_, _| {})
}

/// Texts are analysed in blocks of about this many bytes (256 KiB, some 25,000 words of Hebrew),
/// cut after line breaks ([`text::blocks`]), so memory follows the block, not the text. Tokens,
/// sentences and morphemes do not depend on such cuts (only a line of over 1 MiB is cut
/// elsewhere); the entity model's document memory (its second pass looks at the sentences around
/// each one) does not reach across a cut.
pub const BLOCK_BYTES: usize = 256 * 1024;

/// How many progress reports [`annotate_with_progress`] makes at most (besides the first and last).
const PROGRESS_STEPS: usize = 200;

/// Like [`annotate`], and calls `progress(done, total)` as it goes (`done <= total`, in bytes of
/// input times the passes made over it: one for morphology, one more for entities), starting with
/// `done == 0` and ending with `done == total`. Made for long texts in a Web Worker; the document is
/// the same as [`annotate`]'s.
pub fn annotate_with_progress(
    input: &str,
    options: &Options,
    progress: &mut dyn FnMut(usize, usize),
) -> Document {
    let mut parts = Vec::new();
    let mut doc = annotate_in_blocks(input, options, BLOCK_BYTES, progress, &mut |part| parts.push(part));
    for part in parts {
        part.append_to(&mut doc);
    }
    doc
}

/// One block's share of the document's arrays, as [`annotate_in_blocks`] hands them out; offsets
/// and indices (a quote's speaker too) are the whole document's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Part {
    /// Sentences, in order.
    pub sentences: Vec<Sentence>,
    /// Their tokens, in order.
    pub tokens: Vec<Token>,
    /// Named entities found in the block.
    pub entities: Vec<Entity>,
    /// Values found in the block.
    pub values: Vec<Value>,
    /// Quotations found in the block.
    pub quotes: Vec<Quote>,
}

impl Part {
    /// Appends the part's arrays to `doc`'s: done for every part in order, this gives the whole
    /// document.
    pub fn append_to(self, doc: &mut Document) {
        doc.sentences.extend(self.sentences);
        doc.tokens.extend(self.tokens);
        doc.entities.extend(self.entities);
        doc.values.extend(self.values);
        doc.quotes.extend(self.quotes);
    }
}

/// Annotates `input` block by block ([`BLOCK_BYTES`] is what [`annotate`] uses as `block_bytes`)
/// and hands each block's sentences, tokens, entities, values and quotes to `emit` as soon as they
/// are done, so a caller that converts or writes them need never hold them all. Returns the rest
/// of the document (length, paragraphs, entity groups), with those five arrays left empty.
pub fn annotate_in_blocks(
    input: &str,
    options: &Options,
    block_bytes: usize,
    progress: &mut dyn FnMut(usize, usize),
    emit: &mut dyn FnMut(Part),
) -> Document {
    let with_entities = options.entities && options.morphology;
    let passes = usize::from(options.morphology) + usize::from(with_entities);
    let total = passes * input.len();
    let step = (total / PROGRESS_STEPS).max(1);
    let mut next_report = step;
    progress(0, total);
    let mut doc = Document {
        schema: SCHEMA.to_string(),
        version: crate::VERSION.to_string(),
        length: 0,
        paragraphs: Vec::new(),
        sentences: Vec::new(),
        tokens: Vec::new(),
        entities: Vec::new(),
        values: Vec::new(),
        quotes: Vec::new(),
        entity_groups: Vec::new(),
    };
    let mut grouper = groups::Grouper::default();
    let (mut n_tokens, mut n_morphemes, mut n_entities) = (0usize, 0usize, 0usize);
    // Byte offset where the previous block's last token ends.
    let mut last_token_end: Option<usize> = None;
    for b in text::blocks::blocks(input, block_bytes) {
        let part = &input[b.clone()];
        let u0 = doc.length;
        let mut tick = |pass: usize, byte: usize| {
            let done = passes * b.start + pass * part.len() + byte;
            if done >= next_report && done < total {
                progress(done, total);
                next_report = done + step;
            }
        };
        let block = annotate_block(part, options, &mut tick);
        let shift = |s: Span| Span { start: s.start + u0, end: s.end + u0 };
        // The block's first paragraph goes on from the last one when no blank line lies between.
        let mut paragraphs = block.paragraphs.into_iter().map(shift);
        if let (Some(prev), Some(first)) = (last_token_end, block.token_bytes.as_ref()) {
            if text::same_paragraph(input, prev, b.start + first.start) {
                if let (Some(last), Some(p)) = (doc.paragraphs.last_mut(), paragraphs.next()) {
                    last.end = p.end;
                }
            }
        }
        doc.paragraphs.extend(paragraphs);
        if let Some(r) = &block.token_bytes {
            last_token_end = Some(b.start + r.end);
        }
        let entities: Vec<Entity> = block
            .entities
            .into_iter()
            .map(|e| Entity {
                start: e.start + u0,
                end: e.end + u0,
                token_start: e.token_start + n_tokens,
                token_end: e.token_end + n_tokens,
                morpheme_start: e.morpheme_start + n_morphemes,
                morpheme_end: e.morpheme_end + n_morphemes,
                ..e
            })
            .collect();
        if options.entities {
            for (i, (e, title)) in entities.iter().zip(block.titles).enumerate() {
                grouper.add(n_entities + i, e, title);
            }
        }
        let values = block.values.into_iter().map(|v| Value { start: v.start + u0, end: v.end + u0, ..v }).collect();
        let quotes = block
            .quotes
            .into_iter()
            .map(|q| Quote { start: q.start + u0, end: q.end + u0, speaker: q.speaker.map(|e| e + n_entities), ..q })
            .collect();
        let sentences = block
            .sentences
            .into_iter()
            .map(|s| Sentence {
                start: s.start + u0,
                end: s.end + u0,
                token_start: s.token_start + n_tokens,
                token_end: s.token_end + n_tokens,
            })
            .collect();
        let tokens: Vec<Token> =
            block.tokens.into_iter().map(|t| Token { start: t.start + u0, end: t.end + u0, ..t }).collect();
        n_tokens += tokens.len();
        n_morphemes += tokens.iter().map(|t| t.morphemes.len()).sum::<usize>();
        n_entities += entities.len();
        doc.length += block.length;
        emit(Part { sentences, tokens, entities, values, quotes });
    }
    doc.entity_groups = grouper.finish();
    progress(total, total);
    doc
}

/// One block annotated on its own: offsets and indices count from the block's start.
struct Block {
    /// Length in UTF-16 code units.
    length: usize,
    /// Byte range from the first token's start to the last token's end, if any token.
    token_bytes: Option<std::ops::Range<usize>>,
    paragraphs: Vec<Span>,
    sentences: Vec<Sentence>,
    tokens: Vec<Token>,
    entities: Vec<Entity>,
    /// The title before each entity (see [`groups::mention_titles`]).
    titles: Vec<Option<String>>,
    values: Vec<Value>,
    quotes: Vec<Quote>,
}

/// Runs every layer over `input` (one block), calling `tick(pass, byte)` after each sentence of
/// each pass (0: morphology, 1: entities) with the byte offset reached.
fn annotate_block(input: &str, options: &Options, tick: &mut dyn FnMut(usize, usize)) -> Block {
    let seg = text::segment(input);
    let with_entities = options.entities && options.morphology;
    let mut cur = Utf16Cursor::new(input);
    let mut tokens: Vec<Token> = Vec::with_capacity(seg.tokens.len());
    for t in &seg.tokens {
        let start = cur.at(t.range.start);
        let end = cur.at(t.range.end);
        tokens.push(Token {
            start,
            end,
            text: input[t.range.clone()].to_string(),
            kind: t.kind,
            morphemes: Vec::new(),
        });
    }
    let mut sentences = Vec::with_capacity(seg.sentences.len());
    let mut cache = morph::Cache::default();
    let mut cur = Utf16Cursor::new(input);
    for s in &seg.sentences {
        sentences.push(Sentence {
            start: cur.at(s.range.start),
            end: cur.at(s.range.end),
            token_start: s.tokens.start,
            token_end: s.tokens.end,
        });
        if options.morphology {
            // Where the morphology offers close alternatives, the parser picks one (parsing it
            // on the way): the same morphology whether or not the parse layer is on.
            let mut parsed = None;
            for w in windows(s.tokens.clone()) {
                let words: Vec<(&str, _)> =
                    seg.tokens[w.clone()].iter().map(|t| (&input[t.range.clone()], t.kind)).collect();
                let mut choices = morph::analyze_choices_cached(&words, &mut cache);
                let choice = parse::choose(&choices.analyses, &choices.margins, options.parse);
                let best = choices.analyses.swap_remove(choice.index.min(choices.analyses.len() - 1));
                for (tok, ms) in tokens[w.clone()].iter_mut().zip(best) {
                    tok.morphemes = ms;
                }
                if w == s.tokens {
                    parsed = choice.arcs;
                }
            }
            if options.parse {
                parse_sentence(&mut tokens[s.tokens.clone()], parsed);
            }
            tick(0, s.range.end);
        }
    }
    let mut cur = Utf16Cursor::new(input);
    let paragraphs =
        seg.paragraphs.iter().map(|p| Span { start: cur.at(p.start), end: cur.at(p.end) }).collect();
    let entities = if with_entities {
        find_entities(input, &seg, &tokens, &sentences, &mut |byte| tick(1, byte))
    } else {
        Vec::new()
    };
    let values = if options.values { values::find_values(input, &tokens) } else { Vec::new() };
    let quotes = if options.quotes { quotes::find_quotes(input, &tokens, &sentences, &entities) } else { Vec::new() };
    let titles = if options.entities { groups::mention_titles(input, &tokens, &sentences, &entities) } else { Vec::new() };
    let mut entities = entities;
    if options.morphology && options.conventions == Conventions::Iahlt {
        to_iahlt(&mut tokens, &sentences, &mut entities);
    }
    let token_bytes = match (seg.tokens.first(), seg.tokens.last()) {
        (Some(a), Some(b)) => Some(a.range.start..b.range.end),
        _ => None,
    };
    Block { length: utf16_len(input), token_bytes, paragraphs, sentences, tokens, entities, titles, values, quotes }
}

/// Rewrites the block's morphemes in IAHLT conventions, sentence by sentence (trees stay trees),
/// and moves the entities' morpheme indices along: an entity starts at the first morpheme of its
/// first token that stays at or after its old start, and ends likewise.
fn to_iahlt(tokens: &mut [Token], sentences: &[Sentence], entities: &mut [Entity]) {
    let table = morph::conventions::iahlt_table();
    let mut old_first = Vec::with_capacity(tokens.len() + 1);
    let mut n = 0usize;
    for t in tokens.iter() {
        old_first.push(n);
        n += t.morphemes.len();
    }
    old_first.push(n);
    let mut map: Vec<(usize, bool)> = Vec::with_capacity(n);
    let mut new_base = 0usize;
    for s in sentences {
        let Some(toks) = tokens.get_mut(s.token_start..s.token_end) else { continue };
        let m = morph::conventions::sentence_to_iahlt(toks, table);
        map.extend(m.into_iter().map(|(i, merged)| (new_base + i, merged)));
        new_base += toks.iter().map(|t| t.morphemes.len()).sum::<usize>();
    }
    if map.len() != n {
        return;
    }
    for e in entities.iter_mut() {
        let (ta, tb) = (e.token_start, e.token_end - 1);
        let mut a = e.morpheme_start;
        while map[a].1 && a + 1 < old_first[ta + 1] {
            a += 1;
        }
        let mut b = e.morpheme_end - 1;
        while map[b].1 && b > old_first[tb] {
            b -= 1;
        }
        e.morpheme_start = map[a].0;
        e.morpheme_end = (map[b].0 + 1).max(e.morpheme_start + 1);
    }
}

/// Most tokens the morphology and NER models see at once. Sentences are far shorter; text with no
/// sentence ends (megabytes without spaces) is analysed in windows of this many tokens, so the
/// models' per-sentence work space (lattices, Viterbi tables) stays small: a 474k-token
/// "sentence" took 470 MB of WASM memory and 200 s.
const WINDOW: usize = 1000;

/// `range` cut into consecutive windows of at most [`WINDOW`] tokens.
fn windows(range: std::ops::Range<usize>) -> impl Iterator<Item = std::ops::Range<usize>> {
    range.clone().step_by(WINDOW).map(move |a| a..(a + WINDOW).min(range.end))
}

/// Parses one sentence's morphemes and sets their `head` and `deprel`: heads count words from 1
/// across the sentence. An overlong sentence is parsed in windows of [`WINDOW`] tokens; the root
/// of each later window hangs from the first window's root as `parataxis`, so the sentence stays
/// one tree. Nothing is set when no parser model is embedded or a token has no morpheme. `parsed`:
/// the arcs of a sentence of one window, when [`parse::choose`] already parsed it.
fn parse_sentence(tokens: &mut [Token], mut parsed: Option<Vec<parse::Arc>>) {
    if tokens.iter().any(|t| t.morphemes.is_empty()) {
        return;
    }
    let mut root: Option<usize> = None;
    let mut base = 0usize;
    for w in windows(0..tokens.len()) {
        let toks = &mut tokens[w];
        let arcs = {
            let words = parse::words_of(toks);
            match parsed.take().or_else(|| parse::parse(&words)) {
                Some(a) if a.len() == words.len() => a,
                _ => return,
            }
        };
        for (k, (m, a)) in toks.iter_mut().flat_map(|t| t.morphemes.iter_mut()).zip(&arcs).enumerate() {
            let (head, deprel) = match (a.head, root) {
                (0, None) => {
                    root = Some(base + k + 1);
                    (0, a.deprel)
                }
                (0, Some(r)) => (r, "parataxis"),
                (h, _) => (base + h, a.deprel),
            };
            m.head = Some(head);
            m.deprel = Some(deprel.to_string());
        }
        base += arcs.len();
    }
}

/// Runs the NER model over the document's morphemes (two passes, see [`ner::NerModel::tag_document`])
/// and maps its entities back onto the text.
/// An entity's span starts after the prefix letters of its first token (באלסקה → אלסקה) when the
/// morphemes before it spell them; otherwise it starts at the token. Calls `tick(byte)` as it goes,
/// with the byte offset reached.
fn find_entities(
    input: &str,
    seg: &text::Segmented,
    tokens: &[Token],
    sentences: &[Sentence],
    tick: &mut dyn FnMut(usize),
) -> Vec<Entity> {
    let Ok(model) = ner::model() else { return Vec::new() };
    let mut out = Vec::new();
    // Global index of every token's first morpheme.
    let mut first = Vec::with_capacity(tokens.len() + 1);
    let mut n = 0usize;
    for t in tokens {
        first.push(n);
        n += t.morphemes.len();
    }
    first.push(n);
    // Windows: a sentence, or a part of an overlong one. The tagger asks for a window's words when
    // it needs them, so they are never all held at once.
    let wins: Vec<std::ops::Range<usize>> =
        sentences.iter().flat_map(|s| windows(s.token_start..s.token_end)).collect();
    let words_of = |k: usize| {
        let w = &wins[k];
        let toks = tokens.get(w.clone()).unwrap_or(&[]);
        let mut words = Vec::new();
        for t in toks {
            let n = t.morphemes.len();
            for (i, m) in t.morphemes.iter().enumerate() {
                words.push(ner::NerWord {
                    form: &m.form,
                    lemma: &m.lemma,
                    upos: &m.upos,
                    token: &t.text,
                    index_in_token: i,
                    token_words: n,
                });
            }
        }
        words
    };
    // The tagger counts windows; progress counts bytes.
    let mut tick_window =
        |k: usize| tick(wins.get(k).and_then(|w| seg.tokens.get(w.start)).map_or(input.len(), |t| t.range.start));
    let tagged = model.tag_stream(wins.len(), words_of, ner::lexicon_mask, &mut tick_window);
    for (w, labels) in wins.iter().zip(tagged) {
        let base = first.get(w.start).copied().unwrap_or(n);
        // (token index, word index in token) of each word of the window.
        let toks = tokens.get(w.clone()).unwrap_or(&[]);
        let owner: Vec<(usize, usize)> = toks
            .iter()
            .enumerate()
            .flat_map(|(k, t)| (0..t.morphemes.len()).map(move |i| (w.start + k, i)))
            .collect();
        for (ty, a, b) in ner::decode(&labels) {
            let (ta, ia) = owner[a];
            let (tb, _) = owner[b];
            let (t0, t1) = (&tokens[ta], &tokens[tb]);
            let (r0, r1) = (&seg.tokens[ta].range, &seg.tokens[tb].range);
            let forms: Vec<&str> = t0.morphemes.iter().map(|m| m.form.as_str()).collect();
            let mut skip = ner::prefix_letters(&forms, ia).and_then(|p| ner::prefix_bytes(&t0.text, &p)).unwrap_or(0);
            if forms.len() == 1 {
                // Prefix letters the morphology did not split off (באלסקה left whole).
                skip = ner::unsplit_prefix(&t0.text, &model.gazetteer, &model.lists, &ner::lexicon_mask).unwrap_or(0);
            }
            let (bs, be) = (r0.start + skip, r1.end);
            let Some(text) = input.get(bs..be) else { continue };
            // A lower-case Latin word (a `date` field, a URL part) is not a name in Hebrew text.
            if text.bytes().all(|b| b.is_ascii_lowercase()) {
                continue;
            }
            out.push(Entity {
                label: ner::TYPES[ty].to_string(),
                start: t0.start + utf16_len(&t0.text[..skip]),
                end: t1.end,
                text: text.to_string(),
                token_start: ta,
                token_end: tb + 1,
                morpheme_start: base + a,
                morpheme_end: base + b + 1,
            });
        }
    }
    out
}
