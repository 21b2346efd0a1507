//! dikduk (דקדוק): Hebrew text analysis that runs in the browser.
//!
//! Data flows one way: text → [`text`] (paragraphs, sentences, tokens) → [`morph`]
//! (morphemes: prefix segmentation, UPOS, lemma, features) → entities → [`document::Document`].
//! [`annotate`] runs the whole pipeline; the same core backs the CLI, the WASM module and the
//! Python package (`python/`, feature `python`).
//!
//! All offsets in a [`Document`] are UTF-16 code-unit offsets into the input, so JavaScript's
//! `text.slice(start, end)` returns the span.

pub mod api;
pub mod conllu;
pub mod document;
pub mod eval;
pub mod groups;
pub mod invariants;
pub mod model;
pub mod morph;
pub mod ner;
pub mod offsets;
pub mod parse;
pub mod pipeline;
pub mod quotes;
mod scan;
pub mod text;
mod tree;
pub mod values;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// The Python extension module `dikduk._dikduk` (feature `python`, native only).
#[cfg(all(feature = "python", not(target_arch = "wasm32")))]
mod python;

pub use document::{
    Document, Entity, EntityGroup, Morpheme, Quote, Sentence, Span, Token, TokenKind, Value, SCHEMA,
};
pub use pipeline::{annotate, Options};

/// The crate version, as reported by the CLI and the WASM module's `version()`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
