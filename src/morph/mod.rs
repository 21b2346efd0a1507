//! Morphology: splits each token into syntactic words and tags them (UPOS, lemma, features).
//!
//! PLACEHOLDER until the trained model lands: one morpheme per token, tagged from its kind.

use crate::document::{Morpheme, TokenKind};

/// Analyses tokens of one sentence; `tokens` are (text, kind) pairs in order.
pub fn analyze(tokens: &[(&str, TokenKind)]) -> Vec<Vec<Morpheme>> {
    tokens
        .iter()
        .map(|&(t, k)| {
            let upos = match k {
                TokenKind::Punct => "PUNCT",
                TokenKind::Number => "NUM",
                TokenKind::Symbol => "SYM",
                TokenKind::Word => "NOUN",
                _ => "X",
            };
            vec![Morpheme { form: t.to_string(), upos: upos.into(), lemma: t.to_string(), feats: String::new() }]
        })
        .collect()
}
