//! The Hebrew-aware text layer: paragraphs, sentences and tokens, as byte ranges of the input.
//!
//! [`blocks`] cuts long texts into blocks analysed one at a time, [`chars`] classifies characters and groups marks with their letters, [`tokenize`] scans
//! tokens (geresh/gershayim, prefixes before digits, numbers, URLs), [`web`] recognises URLs and
//! e-mails, [`sentences`] finds sentence and paragraph boundaries. The input is never altered.
//!
//! Invariant: tokens are in order, non-overlapping, never contain whitespace, and cover every
//! character that is neither whitespace nor an invisible format mark (see [`chars::is_format`]).
//! Bidi marks, isolates and the zero-width space separate tokens and belong to none
//! (`ארה\u{200F}"ב` is three tokens); a soft hyphen, word joiner or BOM inside a word lies inside
//! its span. Niqqud, cantillation and emoji modifiers stay inside their token.

pub mod blocks;
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

/// Whether a paragraph ending at byte `prev_end` goes on at byte `next_start` (no blank line
/// between them): how paragraphs join across [`blocks`].
pub fn same_paragraph(text: &str, prev_end: usize, next_start: usize) -> bool {
    text.get(prev_end..next_start).is_some_and(|gap| blocks::line_breaks(gap) < 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `segment` run block by block (as the pipeline does), shifted and joined back together.
    fn segment_in_blocks(text: &str, size: usize) -> Segmented {
        let mut out = Segmented::default();
        for b in blocks::blocks(text, size) {
            let s = segment(&text[b.clone()]);
            let (t0, shift) = (out.tokens.len(), |r: &Range<usize>| r.start + b.start..r.end + b.start);
            let mut paras = s.paragraphs.iter().map(shift);
            if let (Some(last), Some(first)) = (out.paragraphs.last_mut(), s.paragraphs.first()) {
                if same_paragraph(text, last.end, first.start + b.start) {
                    last.end = paras.next().map_or(last.end, |p| p.end);
                }
            }
            out.paragraphs.extend(paras);
            out.sentences.extend(
                s.sentences.iter().map(|x| RawSentence { range: shift(&x.range), tokens: x.tokens.start + t0..x.tokens.end + t0 }),
            );
            out.tokens.extend(s.tokens.iter().map(|t| RawToken { range: shift(&t.range), kind: t.kind }));
        }
        out
    }

    #[test]
    fn blocks_cut_at_line_breaks_change_nothing() {
        let text = "כותרת: \"ציטוט\nשנפתח\" בשורה\r\nמשפט ראשון. משפט (שני.\n\n) שלישי?\n \nפסקה\u{2029}ק. פ. ר.\n"
            .repeat(40);
        // Blocks of 30 bytes or more always find a line break to cut at in this text.
        for size in [30, 50, 300] {
            let (a, b) = (segment_in_blocks(&text, size), segment(&text));
            if let Some(i) = (0..a.tokens.len().max(b.tokens.len())).find(|&i| a.tokens.get(i) != b.tokens.get(i)) {
                panic!("size {size}: token {i}: {:?} vs {:?}", a.tokens.get(i), b.tokens.get(i));
            }
            if let Some(i) = (0..a.sentences.len()).find(|&i| a.sentences.get(i) != b.sentences.get(i)) {
                panic!("size {size}: sentence {i}: {:?} vs {:?}", &text[a.sentences[i].range.clone()], b.sentences.get(i).map(|s| &text[s.range.clone()]));
            }
            assert_eq!(a, b, "block size {size}");
        }
    }

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
