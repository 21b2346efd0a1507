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

use crate::document::Morpheme;
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    words_from(tokens.iter().map(|t| t.morphemes.as_slice()))
}

/// The syntactic words of the tokens whose morphemes `tokens` yields, in order.
fn words_from<'a>(tokens: impl Iterator<Item = &'a [Morpheme]>) -> Vec<Word<'a>> {
    tokens
        .enumerate()
        .flat_map(|(k, ms)| {
            let n = ms.len();
            ms.iter().enumerate().map(move |(i, m)| Word {
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
    Some(arcs_of(m, m.parse(words)))
}

/// The parser's weight against the morphology's when choosing among a sentence's close analyses
/// ([`choose`]), in hundredths: 15 (chosen on HTB dev, docs/DESIGN.md).
pub const CHOICE_WEIGHT: i64 = 15;

/// What each word costs an analysis in [`choose`], in the morphology's weight units: a parse of
/// more words sums more transition scores (roughly 10,000 to 13,000 more per word on HTB dev), so
/// each word is charged 2000, about 15% of that, as the parser's score is weighted.
pub const CHOICE_WORD_COST: i64 = 2000;

/// The analysis [`choose`] picked, and its tree when it had to parse to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Index of the chosen analysis.
    pub index: usize,
    /// Its arcs, one per word, as [`parse`] gives them; `None` when they were not asked for or
    /// nothing was parsed (a single analysis, or no parser model).
    pub arcs: Option<Vec<Arc>>,
}

/// Which of a sentence's analyses (the morphemes of each token; `margins`: how far each scores
/// below the morphology's best) the morphology and the parser together find best: the one with
/// the highest `-margin + 0.15 × parser score − 2000 × words` (the first of equals), with its
/// labelled tree when `label`.
pub fn choose(analyses: &[Vec<Vec<Morpheme>>], margins: &[i64], label: bool) -> Choice {
    let none = Choice { index: 0, arcs: None };
    if analyses.len() < 2 {
        return none;
    }
    let Ok(m) = model() else { return none };
    let words: Vec<Vec<Word>> = analyses.iter().map(|a| words_from(a.iter().map(Vec::as_slice))).collect();
    let mut best: Option<(i64, usize, model::Searched)> = None;
    for (i, ((s, w), &margin)) in m.search_all(&words).into_iter().zip(&words).zip(margins).enumerate() {
        let total = -100 * margin + CHOICE_WEIGHT * s.score - 100 * CHOICE_WORD_COST * w.len() as i64;
        if best.as_ref().map_or(true, |b| total > b.0) {
            best = Some((total, i, s));
        }
    }
    match best {
        Some((_, index, s)) => Choice { index, arcs: label.then(|| arcs_of(m, m.label(s))) },
        None => none,
    }
}

fn arcs_of(m: &'static ParserModel, arcs: Vec<(usize, usize)>) -> Vec<Arc> {
    arcs.into_iter().map(|(head, label)| Arc { head, deprel: m.label_name(label) }).collect()
}
