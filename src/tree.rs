//! The dependency parse of a block's words, for the rule-based layers that read it: a quote's
//! speaker ([`crate::quotes`]) and a name's title ([`crate::groups`]).
//!
//! Every word (morpheme) of the block gets one number, in text order across its tokens, and its
//! head is read as another such number inside its sentence.

use crate::document::{Morpheme, Sentence, Token};
use std::ops::Range;

/// The block's words in order, where each one is, and their heads.
pub(crate) struct Words<'a> {
    tokens: &'a [Token],
    sentences: &'a [Sentence],
    /// The number of every token's first word, and one more: the number of words.
    first: Vec<usize>,
    /// Every word's token and its place in that token.
    words: Vec<(u32, u32)>,
}

impl<'a> Words<'a> {
    /// The words of `tokens`, or `None` when there are no sentences or no word carries a head
    /// (the parse was off).
    pub fn new(tokens: &'a [Token], sentences: &'a [Sentence]) -> Option<Words<'a>> {
        let parsed = !sentences.is_empty() && tokens.iter().any(|t| t.morphemes.iter().any(|m| m.head.is_some()));
        if !parsed {
            return None;
        }
        let mut first = Vec::with_capacity(tokens.len() + 1);
        let mut words = Vec::new();
        for (k, t) in tokens.iter().enumerate() {
            first.push(words.len());
            words.extend((0..t.morphemes.len()).map(|i| (k as u32, i as u32)));
        }
        first.push(words.len());
        Some(Words { tokens, sentences, first, words })
    }

    /// Word number `w`.
    pub fn word(&self, w: usize) -> Option<&'a Morpheme> {
        let &(t, i) = self.words.get(w)?;
        self.tokens.get(t as usize)?.morphemes.get(i as usize)
    }

    /// The token of word `w` and its place in the token.
    pub fn place(&self, w: usize) -> Option<(usize, usize)> {
        self.words.get(w).map(|&(t, i)| (t as usize, i as usize))
    }

    /// The number of token `k`'s first word (for `k` = the number of tokens: of all words).
    pub fn first(&self, k: usize) -> usize {
        self.first.get(k).copied().unwrap_or(self.words.len())
    }

    /// The words of sentence `s` (empty past the last sentence).
    pub fn sentence(&self, s: usize) -> Range<usize> {
        self.sentences.get(s).map_or(0..0, |x| self.first(x.token_start)..self.first(x.token_end.min(self.tokens.len())))
    }

    /// The sentence that holds token `k`.
    pub fn sentence_of_token(&self, k: usize) -> usize {
        self.sentences.partition_point(|s| s.token_end <= k)
    }

    /// The head of word `w` inside `sentence` (its words), `None` for the root or a head outside.
    pub fn head(&self, w: usize, sentence: &Range<usize>) -> Option<usize> {
        let h = self.word(w)?.head.filter(|&h| h > 0)?;
        Some(sentence.start + h - 1).filter(|h| sentence.contains(h))
    }

    /// The relation of word `w` to its head (empty when the word has none).
    pub fn rel(&self, w: usize) -> &'a str {
        self.word(w).and_then(|m| m.deprel.as_deref()).unwrap_or("")
    }

    /// The UPOS of word `w` (empty past the last word).
    pub fn upos(&self, w: usize) -> &'a str {
        self.word(w).map_or("", |m| m.upos.as_str())
    }

    /// Whether word `w` lies under `top` (or is `top`), at most `depth` heads up.
    pub fn under(&self, w: usize, top: usize, depth: usize, sentence: &Range<usize>) -> bool {
        let mut x = w;
        for _ in 0..=depth {
            if x == top {
                return true;
            }
            match self.head(x, sentence) {
                Some(h) => x = h,
                None => return false,
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::TokenKind;

    fn token(start: usize, heads: &[usize]) -> Token {
        let morphemes = heads
            .iter()
            .map(|&h| Morpheme { form: "א".into(), upos: "NOUN".into(), head: Some(h), deprel: Some("dep".into()), ..Morpheme::default() })
            .collect();
        Token { start, end: start + 1, text: "א".into(), kind: TokenKind::Word, morphemes }
    }

    #[test]
    fn words_are_numbered_across_tokens_and_heads_stay_in_their_sentence() {
        // Sentence 0: tokens 0 (two words) and 1; sentence 1: token 2 (two words, a cycle).
        let tokens = [token(0, &[0, 1]), token(2, &[2]), token(4, &[2, 1])];
        let sentences = [
            Sentence { start: 0, end: 3, token_start: 0, token_end: 2 },
            Sentence { start: 4, end: 5, token_start: 2, token_end: 3 },
        ];
        let w = Words::new(&tokens, &sentences).expect("parsed");
        assert_eq!((w.first(0), w.first(1), w.first(2), w.first(3), w.first(99)), (0, 2, 3, 5, 5));
        assert_eq!(w.place(4), Some((2, 1)));
        assert_eq!(w.place(5), None);
        let s0 = w.sentence(w.sentence_of_token(1));
        let s1 = w.sentence(w.sentence_of_token(2));
        assert_eq!((s0.clone(), s1.clone(), w.sentence(7)), (0..3, 3..5, 0..0));
        assert_eq!((w.head(0, &s0), w.head(1, &s0), w.head(2, &s0)), (None, Some(0), Some(1)));
        assert_eq!((w.head(3, &s1), w.head(4, &s1)), (Some(4), Some(3)));
        assert!(w.under(2, 0, 2, &s0) && !w.under(2, 0, 1, &s0));
        assert!(!w.under(3, 0, 50, &s1), "a cycle ends at the depth");
        assert_eq!((w.rel(1), w.upos(1), w.rel(9), w.upos(9)), ("dep", "NOUN", "", ""));
        // No heads, or no sentences: nothing to read.
        let bare = [Token { morphemes: vec![Morpheme::default()], ..token(0, &[]) }];
        assert!(Words::new(&bare, &sentences[..1]).is_none());
        assert!(Words::new(&tokens, &[]).is_none());
    }
}
