//! WebAssembly bindings: `annotate(text, options)` and `version()` for JavaScript.
//!
//! A thin shim over [`crate::api`], where options, limits and error messages are decided and
//! tested natively. Errors reach JavaScript as thrown `Error`s; nothing here panics on bad input.
//!
//! Lone surrogates in the JS string become U+FFFD on the way in (wasm-bindgen's `&str`
//! conversion). U+FFFD is one UTF-16 code unit, like the surrogate it replaces, so the
//! document's offsets still index the caller's original string.

use crate::api;
use serde::Serialize;
use serde_json::Value as Json;
use wasm_bindgen::prelude::*;

/// Runs when the module is instantiated: routes Rust panics to `console.error` with a message.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Annotates `text` and returns a plain JS object following the `dikduk/1` schema.
///
/// `options` may be `undefined`, `null` or an object such as `{entities: false}`; unknown keys,
/// wrong types and over-long input throw an `Error` with a message saying what is wrong.
#[wasm_bindgen]
pub fn annotate(text: &str, options: JsValue) -> Result<JsValue, JsError> {
    let options: Json = if options.is_undefined() || options.is_null() {
        Json::Null
    } else if options.is_function() {
        return Err(JsError::new("options must be an object such as {entities: false}, got a function"));
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|e| {
            JsError::new(&format!(
                "options must be an object such as {{entities: false}} ({e})"
            ))
        })?
    };
    let doc = api::annotate(text, &options).map_err(|e| JsError::new(e.message()))?;
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    doc.serialize(&serializer)
        .map_err(|e| JsError::new(&format!("could not convert the document to JavaScript: {e}")))
}

/// The dikduk version that built this module (e.g. `0.1.0`).
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// Names of the options `annotate` accepts, e.g. `["morphology", "entities"]`.
#[wasm_bindgen(js_name = optionNames)]
pub fn option_names() -> Vec<String> {
    api::option_names()
}
