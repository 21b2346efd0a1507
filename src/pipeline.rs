//! The whole pipeline: text → sentences → tokens → morphemes → entities → [`Document`].

use crate::document::{Document, Entity, Sentence, Span, Token, SCHEMA};
use crate::offsets::{utf16_len, Utf16Cursor};
use crate::{groups, morph, ner, quotes, text, values};
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
}

impl Default for Options {
    fn default() -> Self {
        Options { morphology: true, entities: true, values: true, quotes: true }
    }
}

/// Annotates `text`. Never fails: any string gets a best-effort document whose spans index it.
pub fn annotate(input: &str, options: &Options) -> Document {
    annotate_with_progress(input, options, &mut |_, _| {})
}

/// How many progress reports [`annotate_with_progress`] makes at most per pass over the sentences.
const PROGRESS_STEPS: usize = 100;

/// Like [`annotate`], and calls `progress(done, total)` as it goes (`done <= total`, in units of
/// sentence passes: one per sentence for morphology, one more for entities), ending with
/// `done == total`. Made for long texts in a Web Worker; the document is the same as [`annotate`]'s.
pub fn annotate_with_progress(
    input: &str,
    options: &Options,
    progress: &mut dyn FnMut(usize, usize),
) -> Document {
    let seg = text::segment(input);
    let n_sent = seg.sentences.len();
    let with_entities = options.entities && options.morphology;
    let passes = usize::from(options.morphology) + usize::from(with_entities);
    let total = n_sent * passes;
    let step = (n_sent / PROGRESS_STEPS).max(1);
    progress(0, total);
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
    let mut cur = Utf16Cursor::new(input);
    for s in &seg.sentences {
        sentences.push(Sentence {
            start: cur.at(s.range.start),
            end: cur.at(s.range.end),
            token_start: s.tokens.start,
            token_end: s.tokens.end,
        });
        if options.morphology {
            for w in windows(s.tokens.clone()) {
                let words: Vec<(&str, _)> =
                    seg.tokens[w.clone()].iter().map(|t| (&input[t.range.clone()], t.kind)).collect();
                for (tok, ms) in tokens[w].iter_mut().zip(morph::analyze(&words)) {
                    tok.morphemes = ms;
                }
            }
            let done = sentences.len();
            if done % step == 0 && done < n_sent {
                progress(done, total);
            }
        }
    }
    let base = if options.morphology { n_sent } else { 0 };
    let mut cur = Utf16Cursor::new(input);
    let paragraphs =
        seg.paragraphs.iter().map(|p| Span { start: cur.at(p.start), end: cur.at(p.end) }).collect();
    if with_entities {
        progress(base, total);
    }
    let entities = if with_entities {
        find_entities(input, &seg, &tokens, &sentences, &mut |done| {
            if done % step == 0 && done < n_sent {
                progress(base + done, total);
            }
        })
    } else {
        Vec::new()
    };
    let values = if options.values { values::find_values(input, &tokens) } else { Vec::new() };
    let quotes = if options.quotes { quotes::find_quotes(input, &tokens, &entities) } else { Vec::new() };
    let entity_groups =
        if options.entities { groups::group_entities(input, &tokens, &entities) } else { Vec::new() };
    progress(total, total);
    Document {
        schema: SCHEMA.to_string(),
        version: crate::VERSION.to_string(),
        length: utf16_len(input),
        paragraphs,
        sentences,
        tokens,
        entities,
        values,
        quotes,
        entity_groups,
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

/// Runs the NER model over the document's morphemes (two passes, see [`ner::NerModel::tag_document`])
/// and maps its entities back onto the text.
/// An entity's span starts after the prefix letters of its first token (באלסקה → אלסקה) when the
/// morphemes before it spell them; otherwise it starts at the token. Calls `tick(n)` when `n`
/// sentences are done.
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
    let tagged = model.tag_stream(wins.len(), words_of, ner::lexicon_mask, tick);
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
                skip = ner::unsplit_prefix(&t0.text, &model.gazetteer, &ner::lexicon_mask).unwrap_or(0);
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
