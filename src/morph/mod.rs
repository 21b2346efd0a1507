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
use lattice::{close_alternatives, viterbi, Change, Lattice, Limits};
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

/// A run of tokens' best analysis and the analyses that segment one token otherwise, or tag it
/// otherwise, and score close to it ([`lattice::close_alternatives`] within [`CLOSE`] and
/// [`CLOSE_TAGS`]), for the parser to choose from (`crate::parse::choose`): the analysis decided
/// by the morphology alone where it is sure, and by the syntax as well where it is not.
#[derive(Debug, Clone, PartialEq)]
pub struct Choices {
    /// The morphemes of every token: the best analysis first, then each alternative.
    pub analyses: Vec<Vec<Vec<Morpheme>>>,
    /// How far each analysis scores below the best one (0 for the first), in weight units, as the
    /// choice weighs it: an alternative's margin, divided by [`TAGS_MARGIN_DIVISOR`] for other tags.
    pub margins: Vec<i64>,
}

/// How far below the best analysis another segmentation of one token may score and still be
/// offered to the parser: 2000 weight units (the gaps between a token's candidates are mostly
/// 16,000 to 64,000), chosen on HTB dev (docs/DESIGN.md).
pub const CLOSE: i64 = 2000;

/// How far below the best analysis other UPOS for the same words of one token may score and still
/// be offered to the parser (a participle read as NOUN or VERB, מספר as NOUN or DET), chosen on
/// HTB dev and checked on the IAHLT dev sets (docs/DESIGN.md).
pub const CLOSE_TAGS: i64 = 6_000;

/// The margin of an alternative with other tags counts this many times less than that of another
/// segmentation when the parser chooses: the tree says more about a word's part of speech than
/// about its letters.
pub const TAGS_MARGIN_DIVISOR: i64 = 2;

/// Runs of more tokens than this get no alternatives, so that the parser's extra work stays small.
pub const MAX_CHOICE_TOKENS: usize = 200;

/// [`analyze_cached`] with the close alternatives of the best analysis (only the best one when no
/// model is embedded).
pub fn analyze_choices_cached(tokens: &[(&str, TokenKind)], cache: &mut Cache) -> Choices {
    match model() {
        Ok(m) => m.analyze_choices_cached(&m.dicts, tokens, cache),
        Err(_) => Choices { analyses: vec![tokens.iter().map(|&(t, k)| vec![fallback(t, k)]).collect()], margins: vec![0] },
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

    /// [`Model::analyze_cached`] with the close alternatives of the best analysis (see
    /// [`Choices`]); none for a run of more than [`MAX_CHOICE_TOKENS`] tokens.
    pub fn analyze_choices_cached(&self, dicts: &Dicts, tokens: &[(&str, TokenKind)], cache: &mut Cache) -> Choices {
        let lat = Lattice::build_cached(self, dicts, tokens, cache);
        if tokens.len() > MAX_CHOICE_TOKENS {
            return Choices { analyses: vec![self.analyze_lattice(&lat, tokens)], margins: vec![0] };
        }
        let limits = Limits { split: CLOSE, tags: CLOSE_TAGS };
        let (best, alts) = close_alternatives(self, &lat, limits);
        let mut analyses = vec![self.morphemes_of(&lat, tokens, &best)];
        let mut margins = vec![0];
        for a in alts {
            analyses.push(self.morphemes_of(&lat, tokens, &a.path));
            margins.push(match a.change {
                Change::Split => a.margin,
                Change::Tags => a.margin / TAGS_MARGIN_DIVISOR,
            });
        }
        Choices { analyses, margins }
    }

    fn analyze_lattice(&self, lat: &Lattice, tokens: &[(&str, TokenKind)]) -> Vec<Vec<Morpheme>> {
        self.morphemes_of(lat, tokens, &viterbi(self, lat))
    }

    /// The morphemes of every token along `path` (a candidate index per token).
    fn morphemes_of(&self, lat: &Lattice, tokens: &[(&str, TokenKind)], path: &[usize]) -> Vec<Vec<Morpheme>> {
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
