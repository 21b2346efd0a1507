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
