//! Morphology: splits each token into syntactic words (ו+ה+בית, יכולתו → יכולת_ של הוא) and gives
//! each its UPOS, lemma and features, in the conventions of the Hebrew Treebank (UD HTB).
//!
//! The model (see docs/DESIGN.md) is a lattice disambiguator: every token gets candidate analyses
//! from training dictionaries (whole tokens, and prefix letters + remainders), the lexicon, and a
//! suffix-based guesser; an averaged structured perceptron with first-order Viterbi picks one
//! analysis per token. It is trained by `dikduk train` and embedded in the binary.

pub mod conventions;
pub mod lattice;
pub mod lexicon;
pub mod model;
pub mod tags;
#[cfg(dikduk_train)]
pub mod train;

use crate::document::{Morpheme, TokenKind};
use crate::model::binio::FormatError;
pub use lattice::Cache;
use lattice::{viterbi, Lattice};
use model::{Dicts, Model};
use std::sync::OnceLock;

#[cfg(dikduk_morph_model)]
const MODEL_BYTES: &[u8] = include_bytes!("../../models/morph.bin");
#[cfg(not(dikduk_morph_model))]
const MODEL_BYTES: &[u8] = &[];
#[cfg(dikduk_lexicon)]
const LEXICON_BYTES: &[u8] = include_bytes!("../../models/lexicon.bin");
#[cfg(not(dikduk_lexicon))]
const LEXICON_BYTES: &[u8] = &[];

static MODEL: OnceLock<Result<Model, FormatError>> = OnceLock::new();

/// The embedded model, loaded on first use; an error when none is embedded or it is corrupt.
pub fn model() -> Result<&'static Model, &'static FormatError> {
    MODEL
        .get_or_init(|| {
            if MODEL_BYTES.is_empty() {
                return Err(FormatError("no morphology model was embedded at build time".into()));
            }
            let mut m = Model::from_bytes(MODEL_BYTES)?;
            if !LEXICON_BYTES.is_empty() {
                m.lexicon = lexicon::Lexicon::from_bytes(LEXICON_BYTES)?;
            }
            Ok(m)
        })
        .as_ref()
}

/// Analyses the tokens of one sentence, given as (text, kind) pairs in order. Without an
/// embedded model each token gets one morpheme tagged from its kind.
pub fn analyze(tokens: &[(&str, TokenKind)]) -> Vec<Vec<Morpheme>> {
    match model() {
        Ok(m) => m.analyze(&m.dicts, tokens),
        Err(_) => tokens.iter().map(|&(t, k)| vec![fallback(t, k)]).collect(),
    }
}

/// [`analyze`] for one sentence of a document, with the candidates of the tokens already seen in
/// it taken from `cache` (one per document, or per block of a long text): the same output, and
/// a repeated token costs a lookup instead of a new set of candidates.
pub fn analyze_cached(tokens: &[(&str, TokenKind)], cache: &mut Cache) -> Vec<Vec<Morpheme>> {
    match model() {
        Ok(m) => m.analyze_cached(&m.dicts, tokens, cache),
        Err(_) => tokens.iter().map(|&(t, k)| vec![fallback(t, k)]).collect(),
    }
}

fn fallback(text: &str, kind: TokenKind) -> Morpheme {
    let upos = tags::upos_name(tags::upos_for_kind(kind));
    Morpheme { form: text.to_string(), upos: upos.into(), lemma: text.to_string(), ..Morpheme::default() }
}

impl Model {
    /// Picks the best analysis of every token with the given dictionaries.
    pub fn analyze(&self, dicts: &Dicts, tokens: &[(&str, TokenKind)]) -> Vec<Vec<Morpheme>> {
        self.analyze_lattice(&Lattice::build(self, dicts, tokens), tokens)
    }

    /// [`Model::analyze`] with the candidates of tokens seen before taken from `cache` (filled
    /// with this model and `dicts` only); the same output.
    pub fn analyze_cached(&self, dicts: &Dicts, tokens: &[(&str, TokenKind)], cache: &mut Cache) -> Vec<Vec<Morpheme>> {
        self.analyze_lattice(&Lattice::build_cached(self, dicts, tokens, cache), tokens)
    }

    fn analyze_lattice(&self, lat: &Lattice, tokens: &[(&str, TokenKind)]) -> Vec<Vec<Morpheme>> {
        let path = viterbi(self, lat);
        path.iter()
            .enumerate()
            .map(|(i, &k)| {
                let c = &lat.toks[i].cands[k];
                c.words
                    .iter()
                    .map(|&w| {
                        let w = lat.word(self, i, w);
                        let form = if c.words.len() == 1 { tokens[i].0 } else { &w.form };
                        // String::from, not to_string: Box<str>'s to_string goes through fmt.
                        Morpheme {
                            form: String::from(form),
                            upos: String::from(tags::upos_name(w.upos)),
                            lemma: String::from(&*w.lemma),
                            feats: String::from(&*w.feats),
                            head: None,
                            deprel: None,
                        }
                    })
                    .collect()
            })
            .collect()
    }
}
