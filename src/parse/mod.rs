//! Syntax: a labelled dependency tree over each sentence's syntactic words (the morphemes that
//! [`crate::morph`] produces), in the UD conventions of the Hebrew Treebank.
//!
//! The parser (see docs/DESIGN.md, "Syntax") is an arc-eager transition parser with a small beam
//! ([`model::BEAM`]; greedy for very long sentences), scored by an averaged perceptron over
//! hashed features ([`features`]) and trained as a global structured perceptron with early update
//! (zero-cost transitions of the dynamic oracle define the gold hypotheses) on jackknifed
//! predicted morphology; a second perceptron labels the finished tree's arcs. Its
//! pieces: the transition system ([`transition`]), the features, the model and its file format
//! ([`model`]), and, for `dikduk train` only, the oracle and trainer ([`train`]).

pub mod features;
pub mod model;
#[cfg(dikduk_train)]
pub mod train;
pub mod transition;

use crate::model::binio::FormatError;
use model::ParserModel;
use std::sync::OnceLock;

#[cfg(dikduk_parse_model)]
const MODEL_BYTES: &[u8] = include_bytes!("../../models/parse.bin");
#[cfg(not(dikduk_parse_model))]
const MODEL_BYTES: &[u8] = &[];

static MODEL: OnceLock<Result<ParserModel, FormatError>> = OnceLock::new();

/// The embedded parser model, loaded on first use; an error when none is embedded or it is corrupt.
pub fn model() -> Result<&'static ParserModel, &'static FormatError> {
    MODEL
        .get_or_init(|| {
            if MODEL_BYTES.is_empty() {
                return Err(FormatError("no parser model was embedded at build time".into()));
            }
            ParserModel::from_bytes(MODEL_BYTES)
        })
        .as_ref()
}

/// One syntactic word of a sentence, as the parser reads it.
#[derive(Debug, Clone, Copy)]
pub struct Word<'a> {
    /// Surface form (`ה` for an implicit article).
    pub form: &'a str,
    /// Lemma.
    pub lemma: &'a str,
    /// Universal part-of-speech tag.
    pub upos: &'a str,
    /// Features in UD notation, or `""`.
    pub feats: &'a str,
    /// Index of the word's orthographic token in the sentence.
    pub token: usize,
    /// Position of the word inside its token (0 for the first).
    pub index_in_token: usize,
    /// How many words the token has.
    pub token_words: usize,
}

/// The syntactic words of a run of tokens (a sentence, or a window of one), in order, as the
/// parser reads them: every morpheme of every token.
pub fn words_of(tokens: &[crate::document::Token]) -> Vec<Word<'_>> {
    tokens
        .iter()
        .enumerate()
        .flat_map(|(k, t)| {
            let n = t.morphemes.len();
            t.morphemes.iter().enumerate().map(move |(i, m)| Word {
                form: &m.form,
                lemma: &m.lemma,
                upos: &m.upos,
                feats: &m.feats,
                token: k,
                index_in_token: i,
                token_words: n,
            })
        })
        .collect()
}

/// The head and relation of one word: `head` is 0 for the root, else the 1-based index of the
/// head word in the sentence (the CoNLL-U ID).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arc {
    /// CoNLL-U ID of the head (0: root).
    pub head: usize,
    /// UD relation (`nsubj`, `compound:smixut`, ...).
    pub deprel: &'static str,
}

/// Parses one sentence with the embedded model: one [`Arc`] per word, forming a single tree
/// (exactly one root, no cycles). `None` when no parser model is embedded.
pub fn parse(words: &[Word]) -> Option<Vec<Arc>> {
    let m = model().ok()?;
    Some(m.parse(words).into_iter().map(|(head, label)| Arc { head, deprel: m.label_name(label) }).collect())
}
