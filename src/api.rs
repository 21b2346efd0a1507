//! The JavaScript-facing API without wasm-bindgen: option parsing, input checks and error text.
//!
//! [`crate::wasm`] is a thin shim over this module, so everything the browser sees (which options
//! exist, what an error says) is decided here and tested natively with `cargo test`.
//!
//! Strings from JavaScript are UTF-16 and may hold lone surrogates. wasm-bindgen turns a JS string
//! into a Rust `&str` by replacing each lone surrogate with U+FFFD. U+FFFD is also a single UTF-16
//! code unit, so every offset in the returned document still indexes the caller's original string
//! (`text.slice(start, end)` is right); only a token's own `text` shows U+FFFD where the input had
//! a lone surrogate.

use crate::document::Document;
use crate::offsets::utf16_len;
use crate::pipeline::{self, Options};
use serde_json::{Map, Value as Json};
use std::fmt;

/// Longest input [`annotate`] accepts, in UTF-16 code units (16 Mi, room for a 10 MB article dump).
pub const MAX_INPUT_UTF16: usize = 16 * 1024 * 1024;

/// An error to show to the caller (in the browser, the message of a thrown JS `Error`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    message: String,
}

impl ApiError {
    /// An error with the given message.
    pub fn new(message: impl Into<String>) -> Self {
        ApiError { message: message.into() }
    }

    /// The human-readable message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

/// The default options as a JSON object: its keys are the option names, its values their types.
fn defaults() -> Map<String, Json> {
    match serde_json::to_value(Options::default()) {
        Ok(Json::Object(m)) => m,
        _ => Map::new(),
    }
}

/// Names of all options, in declaration order (`morphology`, `entities`, ...).
pub fn option_names() -> Vec<String> {
    defaults().keys().cloned().collect()
}

fn type_name(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// Parses options given as JSON: `null` means defaults; an object may set any subset of options.
///
/// Unknown keys and values of the wrong type are errors whose message names the key and lists
/// the valid options. A key set to `null` keeps its default (JS `{entities: undefined}`).
pub fn parse_options(value: &Json) -> Result<Options, ApiError> {
    let given = match value {
        Json::Null => return Ok(Options::default()),
        Json::Object(m) => m,
        other => {
            return Err(ApiError::new(format!(
                "options must be an object such as {{entities: false}}, got {}",
                type_name(other)
            )))
        }
    };
    let mut merged = defaults();
    let names = merged.keys().cloned().collect::<Vec<_>>().join(", ");
    for (key, v) in given {
        let Some(default) = merged.get(key) else {
            return Err(ApiError::new(format!(
                "unknown option \"{key}\"; valid options are: {names}"
            )));
        };
        if v.is_null() {
            continue;
        }
        if std::mem::discriminant(default) != std::mem::discriminant(v) {
            return Err(ApiError::new(format!(
                "option \"{key}\" must be {}, got {}",
                type_name(default),
                type_name(v)
            )));
        }
        merged.insert(key.clone(), v.clone());
    }
    serde_json::from_value(Json::Object(merged))
        .map_err(|e| ApiError::new(format!("invalid options: {e}")))
}

/// Rejects inputs longer than [`MAX_INPUT_UTF16`] code units.
pub fn check_input(text: &str) -> Result<(), ApiError> {
    // Cheap bound first: a UTF-16 length is at most the UTF-8 byte length.
    if text.len() <= MAX_INPUT_UTF16 {
        return Ok(());
    }
    let len = utf16_len(text);
    if len > MAX_INPUT_UTF16 {
        return Err(ApiError::new(format!(
            "input is too long: {len} UTF-16 code units, the limit is {MAX_INPUT_UTF16}; split it into parts"
        )));
    }
    Ok(())
}

/// Checks `text` and `options` and annotates: what the browser's `annotate(text, options)` does.
pub fn annotate(text: &str, options: &Json) -> Result<Document, ApiError> {
    annotate_with_progress(text, options, &mut |_, _| {})
}

/// [`annotate`] with progress reports `progress(done, total)`; see
/// [`pipeline::annotate_with_progress`].
pub fn annotate_with_progress(
    text: &str,
    options: &Json,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Document, ApiError> {
    let options = parse_options(options)?;
    check_input(text)?;
    Ok(pipeline::annotate_with_progress(text, &options, progress))
}

/// Like [`annotate_with_progress`], handing each block's sentences, tokens, entities, values and
/// quotes to `emit` ([`pipeline::annotate_in_blocks`]); the document returned holds the rest.
pub fn annotate_in_blocks(
    text: &str,
    options: &Json,
    progress: &mut dyn FnMut(usize, usize),
    emit: &mut dyn FnMut(pipeline::Part),
) -> Result<Document, ApiError> {
    let options = parse_options(options)?;
    check_input(text)?;
    Ok(pipeline::annotate_in_blocks(text, &options, pipeline::BLOCK_BYTES, progress, emit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn null_and_empty_object_give_defaults() {
        assert_eq!(parse_options(&Json::Null).unwrap(), Options::default());
        assert_eq!(parse_options(&json!({})).unwrap(), Options::default());
    }

    #[test]
    fn subset_of_options() {
        let o = parse_options(&json!({"entities": false})).unwrap();
        assert!(!o.entities);
        assert!(o.morphology);
        let o = parse_options(&json!({"entities": null, "morphology": false})).unwrap();
        assert!(o.entities);
        assert!(!o.morphology);
    }

    #[test]
    fn unknown_option_names_the_key_and_lists_valid_ones() {
        let e = parse_options(&json!({"entitys": false})).unwrap_err();
        assert!(e.message().contains("unknown option \"entitys\""), "{e}");
        for name in option_names() {
            assert!(e.message().contains(&name), "{e}");
        }
        assert!(option_names().contains(&"entities".to_string()));
    }

    #[test]
    fn wrong_types_are_errors() {
        let e = parse_options(&json!({"entities": "no"})).unwrap_err();
        assert_eq!(e.message(), "option \"entities\" must be a boolean, got a string");
        let e = parse_options(&json!([1, 2])).unwrap_err();
        assert!(e.message().starts_with("options must be an object"), "{e}");
        assert!(e.message().ends_with("got an array"), "{e}");
        assert!(parse_options(&json!(true)).is_err());
        assert!(parse_options(&json!("entities")).is_err());
    }

    #[test]
    fn input_limit() {
        assert!(check_input("").is_ok());
        assert!(check_input(&"א".repeat(MAX_INPUT_UTF16)).is_ok());
        let e = check_input(&"a".repeat(MAX_INPUT_UTF16 + 1)).unwrap_err();
        assert!(e.message().starts_with(&format!("input is too long: {} UTF-16 code units", MAX_INPUT_UTF16 + 1)), "{e}");
        // 4-byte characters are two code units each: 300k emoji = 600k units, allowed.
        assert!(check_input(&"😀".repeat(300_000)).is_ok());
    }

    #[test]
    fn annotate_checks_then_runs() {
        let doc = annotate("שלום עולם", &json!({"entities": false})).unwrap();
        assert_eq!(doc.schema, crate::SCHEMA);
        assert_eq!(doc.length, 9);
        assert!(annotate("x", &json!({"bogus": 1})).is_err());
    }

    #[test]
    fn progress_reports_climb_to_total_and_change_nothing() {
        let text = "ראש הממשלה נפגש בירושלים. הוא אמר שלום. ".repeat(250);
        let mut seen = Vec::new();
        let doc = annotate_with_progress(&text, &Json::Null, &mut |d, t| seen.push((d, t))).unwrap();
        assert_eq!(doc, annotate(&text, &Json::Null).unwrap());
        let total = seen[0].1;
        assert_eq!(total, 2 * text.len(), "bytes, one pass for morphology, one for entities");
        assert_eq!(seen.first(), Some(&(0, total)));
        assert_eq!(seen.last(), Some(&(total, total)));
        assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0 && w[1].1 == total), "{seen:?}");
        assert!(seen.len() > 100 && seen.len() < 250, "{} reports", seen.len());
        let mut seen = Vec::new();
        annotate_with_progress("שלום", &serde_json::json!({"morphology": false}), &mut |d, t| seen.push((d, t)))
            .unwrap();
        assert_eq!(seen, vec![(0, 0), (0, 0)]);
    }

    #[test]
    fn replacement_character_keeps_utf16_offsets() {
        // What wasm-bindgen hands over for the JS string "א\uD800 ב": the surrogate became U+FFFD.
        let doc = annotate("א\u{FFFD} ב", &Json::Null).unwrap();
        assert_eq!(doc.length, 4);
        let last = doc.tokens.last().unwrap();
        assert_eq!((last.start, last.end), (3, 4));
    }
}
