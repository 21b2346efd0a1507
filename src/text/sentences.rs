//! Sentence and paragraph boundaries over the token stream.
//!
//! A sentence ends after a terminal token (`.` `?` `!` `...` `…`) together with the closing quotes
//! and brackets glued to it (`”.` and `.”` both stay in the sentence), unless the next token
//! follows without a space or is a lowercase Latin word, or the terminal was inside brackets
//! (`(מה פשר המושג?) בדרך-כלל`) or was a `?`/`!`/`...` closed by a quote (`"יצאתם מדעתכם?" שאל`).
//! Every line break also ends a sentence (headlines without a final period); a blank line also
//! ends the paragraph. Abbreviations, initials and decimals never reach this stage as separate
//! periods: the tokenizer keeps them inside tokens.

use super::tokenize::{QuoteRole, Tok};
use super::{chars, RawSentence};
use crate::document::TokenKind;
use std::ops::Range;

fn first_char(text: &str, t: &Tok) -> char {
    text.get(t.range.clone()).and_then(|s| s.chars().next()).unwrap_or(' ')
}

fn is_terminal(text: &str, t: &Tok) -> bool {
    t.kind == TokenKind::Punct && chars::is_terminal(first_char(text, t))
}

/// A token glued after a terminal that still belongs to the sentence: closing quote or bracket,
/// or another terminal.
fn is_closer(text: &str, t: &Tok) -> bool {
    !t.space_before
        && (t.quote == Some(QuoteRole::Close) || chars::is_close_bracket(first_char(text, t)) || is_terminal(text, t))
}

/// A token that continues the sentence after a terminal.
fn continues(text: &str, t: &Tok) -> bool {
    let c = first_char(text, t);
    t.kind == TokenKind::Latin && c.is_lowercase()
}

/// Splits `toks` into sentences and paragraphs (byte ranges; sentences hold token index ranges).
pub fn split(text: &str, toks: &[Tok]) -> (Vec<RawSentence>, Vec<Range<usize>>) {
    let mut sentences = Vec::new();
    let mut paragraphs = Vec::new();
    let mut sent_start = 0;
    let mut para_start = 0;
    // After a terminal: the sentence ends before the next token unless it continues it.
    let mut pending = false;
    let close = |out: &mut Vec<RawSentence>, a: usize, b: usize| {
        if b > a {
            out.push(RawSentence { range: toks[a].range.start..toks[b - 1].range.end, tokens: a..b });
        }
    };
    // Brackets opened since the sentence started.
    let mut parens = 0usize;
    let mut period_pending = false;
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            let mut end = t.breaks_before >= 1;
            if pending && is_closer(text, t) {
                let c = first_char(text, t);
                // "(מה פשר המושג?) בדרך-כלל" and "יצאתם מדעתכם?" שאל: the terminal was inside.
                if (chars::is_close_bracket(c) && parens > 0)
                    || (t.quote == Some(QuoteRole::Close) && !period_pending)
                {
                    pending = false;
                }
            } else if pending {
                // "שלום.היום" (no space) continues the sentence.
                end |= t.space_before && !continues(text, t);
                pending = false;
            }
            if end {
                close(&mut sentences, sent_start, i);
                sent_start = i;
                pending = false;
                parens = 0;
            }
            if t.breaks_before >= 2 {
                paragraphs.push(toks[para_start].range.start..toks[i - 1].range.end);
                para_start = i;
            }
        }
        let c = first_char(text, t);
        if chars::is_open_bracket(c) {
            parens += 1;
        } else if chars::is_close_bracket(c) {
            parens = parens.saturating_sub(1);
        }
        if is_terminal(text, t) {
            pending = true;
            period_pending = c == '.' && t.range.len() == 1;
        }
    }
    close(&mut sentences, sent_start, toks.len());
    if let Some(last) = toks.last() {
        paragraphs.push(toks[para_start].range.start..last.range.end);
    }
    (sentences, paragraphs)
}
