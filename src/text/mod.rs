//! The Hebrew-aware text layer: paragraphs, sentences and tokens, as byte ranges of the input.
//!
//! [`chars`] classifies characters and groups marks with their letters, [`tokenize`] scans
//! tokens (geresh/gershayim, prefixes before digits, numbers, URLs), [`web`] recognises URLs and
//! e-mails, [`sentences`] finds sentence and paragraph boundaries. The input is never altered.
//!
//! Invariant: tokens are in order, non-overlapping, never contain whitespace, and cover every
//! character that is neither whitespace nor an invisible format mark (see [`chars::is_format`]).
//! Bidi marks, isolates and the zero-width space separate tokens and belong to none
//! (`ארה\u{200F}"ב` is three tokens); a soft hyphen, word joiner or BOM inside a word lies inside
//! its span. Niqqud, cantillation and emoji modifiers stay inside their token.

pub mod chars;
pub mod sentences;
pub mod tokenize;
pub mod web;

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
    /// Paragraph byte ranges (first token's start to last token's end), separated by blank lines.
    pub paragraphs: Vec<Range<usize>>,
    /// Sentences in order; each lies inside one paragraph and every newline ends one.
    pub sentences: Vec<RawSentence>,
    /// Tokens in order, covering every non-space, non-format character exactly once.
    pub tokens: Vec<RawToken>,
}

/// Choices where conventions differ; [`Default`] is what [`segment`] uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentOptions {
    /// Split a quote that opens right after prefix letters: `ה"דוב` → `ה` `"` `דוב` (default). When
    /// false the surface token stays whole, as in the Hebrew treebank (the words are the same).
    pub split_prefix_quote: bool,
}

impl Default for SegmentOptions {
    fn default() -> Self {
        SegmentOptions { split_prefix_quote: true }
    }
}

/// Splits `text` into paragraphs, sentences and tokens. Linear time; never panics.
pub fn segment(text: &str) -> Segmented {
    segment_with(text, &SegmentOptions::default())
}

/// [`segment`] with explicit [`SegmentOptions`].
pub fn segment_with(text: &str, options: &SegmentOptions) -> Segmented {
    let toks = tokenize::tokenize_with(text, options);
    let (sentences, paragraphs) = sentences::split(text, &toks);
    let tokens = toks.into_iter().map(|t| RawToken { range: t.range, kind: t.kind }).collect();
    Segmented { paragraphs, sentences, tokens }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(s: &str) -> Vec<&str> {
        segment(s).sentences.iter().map(|x| &s[x.range.clone()]).collect()
    }

    #[test]
    fn empty_and_blank() {
        assert_eq!(segment(""), Segmented::default());
        assert_eq!(segment(" \n\u{00A0}\t"), Segmented::default());
        assert_eq!(segment("\u{200F}").tokens.len(), 0);
    }

    #[test]
    fn sentences_and_paragraphs() {
        let s = "כותרת בלי נקודה\nמשפט ראשון. משפט \"שני.\" שלישי?\n\nפסקה שנייה";
        assert_eq!(sents(s), ["כותרת בלי נקודה", "משפט ראשון.", "משפט \"שני.\"", "שלישי?", "פסקה שנייה"]);
        assert_eq!(segment(s).paragraphs.len(), 2);
    }

    #[test]
    fn decimals_and_initials_do_not_split() {
        assert_eq!(sents("עלה ב-3.5 אחוזים. קבוצת ק. פ. ר. ניצחה."), ["עלה ב-3.5 אחוזים.", "קבוצת ק. פ. ר. ניצחה."]);
        assert_eq!(sents("\"יצאתם מדעתכם?\" שאל. (מה זה?) כלום."), ["\"יצאתם מדעתכם?\" שאל.", "(מה זה?) כלום."]);
    }
}
