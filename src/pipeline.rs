//! The whole pipeline: text → sentences → tokens → morphemes → entities → [`Document`].

use crate::document::{Document, Entity, Sentence, Span, Token, SCHEMA};
use crate::offsets::{utf16_len, Utf16Cursor};
use crate::{groups, morph, quotes, text, values};
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
    let seg = text::segment(input);
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
            let words: Vec<(&str, _)> =
                seg.tokens[s.tokens.clone()].iter().map(|t| (&input[t.range.clone()], t.kind)).collect();
            for (tok, ms) in tokens[s.tokens.clone()].iter_mut().zip(morph::analyze(&words)) {
                tok.morphemes = ms;
            }
        }
    }
    let mut cur = Utf16Cursor::new(input);
    let paragraphs =
        seg.paragraphs.iter().map(|p| Span { start: cur.at(p.start), end: cur.at(p.end) }).collect();
    // Named entities land here (NER layer).
    let entities: Vec<Entity> = Vec::new();
    let values = if options.values { values::find_values(input, &tokens) } else { Vec::new() };
    let quotes = if options.quotes { quotes::find_quotes(input, &tokens, &entities) } else { Vec::new() };
    let entity_groups =
        if options.entities { groups::group_entities(input, &tokens, &entities) } else { Vec::new() };
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
