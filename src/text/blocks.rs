//! Long texts cut into blocks that are analysed one after another, so memory follows the block
//! size, not the text size (the character table of 10 MB of Hebrew alone took 88 MB of WASM memory).
//!
//! A cut lies right after a line break, preferring a blank line. Every line break ends a sentence
//! and resets the tokenizer, so cutting there changes no token and no sentence (a test checks it).
//! Only a line longer than the search window is cut elsewhere: after a sentence-final mark and a
//! space, else at a space, else after punctuation, else between two characters (a best effort for
//! megabytes with no space).

use super::chars::{is_line_break, is_mark};
use std::ops::Range;

/// Byte ranges tiling `text`, in order. Each holds at least `size` bytes (the last may hold less)
/// and at most about `4 * size`, cut as the module describes; an empty text has no blocks.
pub fn blocks(text: &str, size: usize) -> Vec<Range<usize>> {
    let size = size.max(1);
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = if text.len() - start <= size { text.len() } else { cut(text, start + size, start + 4 * size) };
        out.push(start..end);
        start = end;
    }
    out
}

/// Where to end a block that should end in `from..to` (`from < text.len()`); always `> from`'s
/// char boundary start and `<= text.len()`.
fn cut(text: &str, from: usize, to: usize) -> usize {
    let bytes = text.as_bytes();
    let to = to.min(text.len());
    let from = floor_boundary(text, from);
    let window = &bytes[from..to];
    // A blank line: a newline, then only whitespace up to the next newline.
    let mut first_newline = None;
    for i in memchr::memchr_iter(b'\n', window) {
        let at = from + i + 1;
        first_newline.get_or_insert(at);
        for (k, c) in text[at..].char_indices() {
            if c == '\n' {
                return at + k + 1;
            }
            if !c.is_whitespace() {
                break;
            }
        }
    }
    if let Some(at) = first_newline {
        return at;
    }
    // One very long line: after a sentence end and a space, else after any space.
    let slice = &text[from..floor_boundary(text, to)];
    let mut any_space = None;
    let mut prev = None;
    for (i, c) in slice.char_indices() {
        if c.is_whitespace() {
            let at = from + i + c.len_utf8();
            if matches!(prev, Some('.' | '!' | '?' | '…')) {
                return at;
            }
            any_space.get_or_insert(at);
        }
        prev = Some(c);
    }
    if let Some(at) = any_space {
        return at;
    }
    // No space: after punctuation that the tokenizer makes a token of its own (שלום.היום).
    let mut prev = None;
    for (i, c) in slice.char_indices() {
        if matches!(prev, Some('.' | ',' | ';' | '!' | '?')) && !c.is_ascii_digit() && !is_mark(c) {
            return from + i;
        }
        prev = Some(c);
    }
    // No space at all: between two characters, never before a combining mark or after a joiner.
    let mut at = floor_boundary(text, to).max(from + 1);
    while at < text.len() {
        let at_boundary = text.is_char_boundary(at);
        let c = if at_boundary { text[at..].chars().next() } else { None };
        let before = text[..floor_boundary(text, at)].chars().next_back();
        if at_boundary && !c.is_some_and(|c| is_mark(c) || is_line_break(c)) && before != Some('\u{200D}') {
            break;
        }
        at += 1;
    }
    at.min(text.len())
}

/// The largest char boundary `<= i` (and `<= text.len()`).
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Line breaks in `gap` (the whitespace between two tokens) as the tokenizer counts them: `\r\n`
/// once, U+2029 (paragraph separator) twice, capped at 2 (a blank line).
pub fn line_breaks(gap: &str) -> u8 {
    let mut n = 0u8;
    let mut chars = gap.chars().peekable();
    while let Some(c) = chars.next() {
        if is_line_break(c) && !(c == '\r' && chars.peek() == Some(&'\n')) {
            n = n.saturating_add(if c == '\u{2029}' { 2 } else { 1 }).min(2);
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_tiling(text: &str, size: usize) -> Vec<Range<usize>> {
        let b = blocks(text, size);
        let mut at = 0;
        for r in &b {
            assert_eq!(r.start, at);
            assert!(r.end > r.start && text.is_char_boundary(r.end), "{r:?}");
            at = r.end;
        }
        assert_eq!(at, text.len());
        b
    }

    #[test]
    fn short_text_is_one_block() {
        assert!(blocks("", 10).is_empty());
        assert_eq!(blocks("שלום עולם", 100), vec![0.."שלום עולם".len()]);
    }

    #[test]
    fn cuts_prefer_blank_lines_then_line_breaks() {
        let t = "שורה ראשונה\nשורה שנייה\n\nפסקה שנייה\nעוד שורה";
        let b = check_tiling(t, 15);
        let cut = b[0].end;
        assert_eq!(&t[..cut], "שורה ראשונה\nשורה שנייה\n\n");
        let t = "שורה ראשונה\nשורה שנייה\nשלישית";
        assert_eq!(&t[..check_tiling(t, 15)[0].end], "שורה ראשונה\n");
    }

    #[test]
    fn long_lines_cut_after_sentences_spaces_or_characters() {
        let t = "אחת שתיים. שלוש ארבע. חמש";
        let b = check_tiling(t, 8);
        assert_eq!(&t[..b[0].end], "אחת שתיים. ");
        let t = "אבגדה וזחטי כלמנס";
        assert_eq!(&t[..check_tiling(t, 4)[0].end], "אבגדה ");
        let t = "אבגדה,וזחטי.כלמנס";
        assert_eq!(&t[..check_tiling(t, 4)[0].end], "אבגדה,");
        // Nothing better: between letters, never before a point.
        let t = "שָׁלוֹםעוֹלָם".repeat(20);
        for r in check_tiling(&t, 7) {
            assert!(!t[r.end..].chars().next().is_some_and(is_mark), "cut before a mark at {}", r.end);
        }
    }

    #[test]
    fn counts_line_breaks_like_the_tokenizer() {
        assert_eq!(line_breaks(" "), 0);
        assert_eq!(line_breaks("\r\n"), 1);
        assert_eq!(line_breaks("\n \n\n"), 2);
        assert_eq!(line_breaks("\u{2029}"), 2);
    }
}
