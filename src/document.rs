//! The `dikduk/1` document schema: what [`crate::annotate`] returns.
//!
//! Field names are stable (documented in README.md). Later versions may add fields but never rename
//! these. Every `start`/`end` is a UTF-16 code-unit offset into the original input.

use serde::{Deserialize, Serialize};

/// Schema identifier written into every [`Document`].
pub const SCHEMA: &str = "dikduk/1";

/// A fully annotated input text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Version of dikduk that produced the document.
    pub version: String,
    /// Length of the input in UTF-16 code units.
    pub length: usize,
    /// Paragraphs: spans separated by blank lines.
    pub paragraphs: Vec<Span>,
    /// Sentences, in order; each lies inside one paragraph.
    pub sentences: Vec<Sentence>,
    /// Tokens, in order, covering every non-space character exactly once.
    pub tokens: Vec<Token>,
    /// Named entities, in order of their start.
    pub entities: Vec<Entity>,
    /// Dates, times, durations, numbers, percentages and money amounts, normalised.
    pub values: Vec<Value>,
    /// Quoted spans, with their speaker when the text names one.
    pub quotes: Vec<Quote>,
    /// Mentions of the same entity grouped together, most mentioned first.
    pub entity_groups: Vec<EntityGroup>,
}

/// A half-open span `[start, end)` in UTF-16 code units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// First code unit.
    pub start: usize,
    /// One past the last code unit.
    pub end: usize,
}

/// A sentence span and the tokens it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// First code unit.
    pub start: usize,
    /// One past the last code unit.
    pub end: usize,
    /// Index of the sentence's first token in [`Document::tokens`].
    pub token_start: usize,
    /// One past the index of its last token.
    pub token_end: usize,
}

/// What kind of characters a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Hebrew (or other non-Latin) letters, with geresh/gershayim inside acronyms.
    Word,
    /// Digits: numbers, decimals, percentages, dates and times.
    Number,
    /// Punctuation, including quotation marks and maqaf.
    Punct,
    /// Latin-script words.
    Latin,
    /// A URL.
    Url,
    /// An e-mail address.
    Email,
    /// Any other symbol (currency signs, emoji, math).
    Symbol,
}

impl TokenKind {
    /// The lowercase name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Word => "word",
            TokenKind::Number => "number",
            TokenKind::Punct => "punct",
            TokenKind::Latin => "latin",
            TokenKind::Url => "url",
            TokenKind::Email => "email",
            TokenKind::Symbol => "symbol",
        }
    }
}

/// A surface token and its analysis into syntactic words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Token {
    /// First code unit.
    pub start: usize,
    /// One past the last code unit.
    pub end: usize,
    /// The token's text, exactly as in the input.
    pub text: String,
    /// Character class of the token.
    pub kind: TokenKind,
    /// Syntactic words (prefixes split out), in order: ו+ה+בית is three morphemes.
    pub morphemes: Vec<Morpheme>,
}

/// One syntactic word of a token, in Universal Dependencies terms.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Morpheme {
    /// Surface form of the word (for an implicit article, `ה`).
    pub form: String,
    /// Universal part-of-speech tag.
    pub upos: String,
    /// Lemma.
    pub lemma: String,
    /// Features in UD notation (`Gender=Masc|Number=Sing`), empty when there are none.
    pub feats: String,
    /// Syntactic head: the CoNLL-U ID of the head word inside the sentence (the sentence's words
    /// are numbered from 1 across its tokens; 0 is the root). Absent when the parse is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<usize>,
    /// UD dependency relation to the head (`nsubj`, `compound:smixut`, `root`, ...). Absent when
    /// the parse is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprel: Option<String>,
}

/// A named entity mention. Its span excludes prefix morphemes (in באלסקה the entity is אלסקה).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Entity type: PER, ORG, GPE, LOC, FAC, EVE, WOA, DUC or ANG.
    pub label: String,
    /// First code unit.
    pub start: usize,
    /// One past the last code unit.
    pub end: usize,
    /// The entity's text, exactly as in the input.
    pub text: String,
    /// Index of the first token in [`Document::tokens`].
    pub token_start: usize,
    /// One past the index of the last token.
    pub token_end: usize,
    /// Index of the first morpheme, counting all morphemes of the document in order.
    pub morpheme_start: usize,
    /// One past the index of the last morpheme.
    pub morpheme_end: usize,
}

/// A recognised value (date, duration, number...), with a machine-readable normalisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Value {
    /// One of `date`, `time`, `duration`, `number`, `percent`, `money`.
    pub kind: String,
    /// First code unit.
    pub start: usize,
    /// One past the last code unit.
    pub end: usize,
    /// The value's text, exactly as in the input.
    pub text: String,
    /// Normalised value: ISO 8601 strings for dates, times and durations, numbers as numbers,
    /// objects for money (`{"amount", "currency"}`) and relative dates (`{"relative": ...}`).
    /// Percentages are the number of percent (24% → 24). See [`crate::values`] for details.
    pub value: serde_json::Value,
    /// Hedge on the value, kept out of `value`: `approx` (כ־, קרוב ל־), `more_than` (מעל),
    /// `less_than`, `at_least`, `at_most`, or `vague` (מאות → 100: a magnitude, not a count).
    /// Absent from JSON when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
}

/// A quotation and who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// First code unit (the opening quotation mark).
    pub start: usize,
    /// One past the closing quotation mark.
    pub end: usize,
    /// The quote's text, marks included, exactly as in the input.
    pub text: String,
    /// Index into [`Document::entities`] of the speaker, when the text names one.
    pub speaker: Option<usize>,
}

/// Mentions of one entity (טראמפ / דונלד טראמפ / הנשיא טראמפ) grouped together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityGroup {
    /// Canonical (longest, most complete) name.
    pub name: String,
    /// Entity type: the one most mentions of the name have (ties: the name lists' type, else the
    /// first mention's).
    pub label: String,
    /// Number of mentions.
    pub count: usize,
    /// Indices into [`Document::entities`] of the mentions, in text order.
    pub mentions: Vec<usize>,
    /// A person's titles, most frequent first: written right before a mention (הנשיא, ראש הממשלה,
    /// ח"כ) or, with the parse, the phrase headed by a title that a mention stands in apposition to
    /// (שר המשפטים, אברהם שריר; טדי קולק, ראש עיריית ירושלים).
    pub titles: Vec<String>,
}
