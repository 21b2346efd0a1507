//! The Hebrew-aware text layer: paragraphs, sentences and tokens, as byte ranges of the input.
//!
//! PLACEHOLDER: whitespace tokenizer; the real rules (geresh/gershayim, prefixes before digits,
//! numbers, URLs, sentence splitting) replace it.

use crate::document::TokenKind;
use std::ops::Range;

/// A token found by [`segment`], as a byte range of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawToken {
    /// Byte range in the input.
    pub range: Range<usize>,
    /// Character class.
    pub kind: TokenKind,
}

/// A sentence found by [`segment`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawSentence {
    /// Byte range in the input (first token's start to last token's end).
    pub range: Range<usize>,
    /// Index range into [`Segmented::tokens`].
    pub tokens: Range<usize>,
}

/// The text split into paragraphs, sentences and tokens (all byte ranges).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmented {
    /// Paragraph byte ranges (trimmed of surrounding whitespace).
    pub paragraphs: Vec<Range<usize>>,
    /// Sentences in order.
    pub sentences: Vec<RawSentence>,
    /// Tokens in order, covering every non-space character exactly once.
    pub tokens: Vec<RawToken>,
}

/// Splits `text` into paragraphs, sentences and tokens.
pub fn segment(text: &str) -> Segmented {
    let mut out = Segmented::default();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.tokens.push(RawToken { range: s..i, kind: TokenKind::Word });
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let (Some(f), Some(l)) = (out.tokens.first(), out.tokens.last()) {
        out.paragraphs.push(f.range.start..l.range.end);
        out.sentences.push(RawSentence { range: f.range.start..l.range.end, tokens: 0..out.tokens.len() });
    }
    out
}
