//! WebAssembly bindings for JavaScript: `annotate(text, options)`, `annotateWithProgress`, `annotateInParts`,
//! `toConllu(doc)`, `version()` and `optionNames()`.
//!
//! A thin shim over [`crate::api`], where options, limits and error messages are decided and
//! tested natively. Errors reach JavaScript as thrown `Error`s; nothing here panics on bad input.
//!
//! Lone surrogates in the JS string become U+FFFD on the way in (wasm-bindgen's `&str`
//! conversion). U+FFFD is one UTF-16 code unit, like the surrogate it replaces, so the
//! document's offsets still index the caller's original string.

use crate::api;
use serde_json::Value as Json;
use wasm_bindgen::prelude::*;

/// Runs when the module is instantiated: routes Rust panics to `console.error` with a message.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Reads JS options (`undefined`, `null` or an object) as JSON for [`api::parse_options`].
fn options_json(options: JsValue) -> Result<Json, JsError> {
    if options.is_undefined() || options.is_null() {
        Ok(Json::Null)
    } else if options.is_function() {
        Err(JsError::new("options must be an object such as {entities: false}, got a function"))
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|e| {
            JsError::new(&format!("options must be an object such as {{entities: false}} ({e})"))
        })
    }
}

/// Most array items serialised into one JSON string: long arrays travel in chunks, so no string
/// grows with the input (a 10 MB text makes ~600 MB of JSON), and the chunks are joined once at
/// the end.
const CHUNK: usize = 4096;

fn conversion_error(what: impl std::fmt::Display) -> JsError {
    JsError::new(&format!("could not convert the document to JavaScript: {what}"))
}

/// Serialises `value` to JSON here and parses it with the engine's `JSON.parse`: many times faster
/// than building the object property by property across the WASM boundary.
fn parse<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let json = serde_json::to_string(value).map_err(conversion_error)?;
    js_sys::JSON::parse(&json).map_err(|_| conversion_error("JSON.parse failed"))
}

/// The document's arrays that the pipeline hands out block by block, in schema order.
const PART_ARRAYS: [&str; 5] = ["sentences", "tokens", "entities", "values", "quotes"];

/// Annotates `text` and hands each block's arrays to `sink(name, items)` as JS arrays of at most
/// [`CHUNK`] items, as soon as the block is done (WASM memory then holds one block of them, not the
/// whole document's). Returns the rest of the document (see [`api::annotate_in_blocks`]).
fn annotate_in_chunks(
    text: &str,
    options: &Json,
    progress: &mut dyn FnMut(usize, usize),
    sink: &mut dyn FnMut(&'static str, JsValue),
) -> Result<crate::Document, JsError> {
    let mut failed: Option<JsError> = None;
    let doc = api::annotate_in_blocks(text, options, progress, &mut |part| {
        if failed.is_some() {
            return;
        }
        let [a, b, c, d, e] = PART_ARRAYS;
        let sent = each_chunk(&part.sentences, &mut |items| sink(a, items))
            .and_then(|_| each_chunk(&part.tokens, &mut |items| sink(b, items)))
            .and_then(|_| each_chunk(&part.entities, &mut |items| sink(c, items)))
            .and_then(|_| each_chunk(&part.values, &mut |items| sink(d, items)))
            .and_then(|_| each_chunk(&part.quotes, &mut |items| sink(e, items)));
        failed = sent.err();
    })
    .map_err(|e| JsError::new(e.message()))?;
    match failed {
        Some(e) => Err(e),
        None => Ok(doc),
    }
}

/// `doc` (whose block arrays are empty) as a JS object, entity groups parsed in chunks.
fn rest_to_js(mut doc: crate::Document) -> Result<JsValue, JsError> {
    let groups = std::mem::take(&mut doc.entity_groups);
    let obj = parse(&doc)?;
    let parts = js_sys::Array::new();
    each_chunk(&groups, &mut |chunk| {
        parts.push(&chunk);
    })?;
    set(&obj, "entity_groups", &parts.flat(1))?;
    Ok(obj)
}

/// Calls `f` with `items` parsed into JS arrays of at most [`CHUNK`] items, in order.
fn each_chunk<T: serde::Serialize>(items: &[T], f: &mut dyn FnMut(JsValue)) -> Result<(), JsError> {
    for chunk in items.chunks(CHUNK) {
        f(parse(chunk)?);
    }
    Ok(())
}

fn set(obj: &JsValue, key: &str, value: &JsValue) -> Result<(), JsError> {
    js_sys::Reflect::set(obj, &key.into(), value).map(|_| ()).map_err(|_| conversion_error("could not set a field"))
}

/// Annotates `text` into a plain JS object following the `dikduk/1` schema (maps as objects,
/// `None` as `null`): the block arrays are gathered chunk by chunk and joined once at the end.
fn annotate_to_js(
    text: &str,
    options: &Json,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<JsValue, JsError> {
    let chunks: [js_sys::Array; 5] = std::array::from_fn(|_| js_sys::Array::new());
    let doc = annotate_in_chunks(text, options, progress, &mut |name, items| {
        if let Some(k) = PART_ARRAYS.iter().position(|n| *n == name) {
            chunks[k].push(&items);
        }
    })?;
    // The rest in one `JSON.parse` (the arrays stay in place as `[]`, keeping the key order),
    // then the arrays set in.
    let obj = rest_to_js(doc)?;
    for (name, parts) in PART_ARRAYS.iter().zip(chunks) {
        set(&obj, name, &parts.flat(1))?;
    }
    Ok(obj)
}

/// A JS callback called with two arguments; it stops being called after it throws, and the
/// exception is rethrown once the document is done.
struct JsCallback<'a> {
    f: &'a js_sys::Function,
    thrown: Option<JsValue>,
}

impl<'a> JsCallback<'a> {
    fn new(f: &'a js_sys::Function) -> Self {
        JsCallback { f, thrown: None }
    }

    fn call(&mut self, a: &JsValue, b: &JsValue) {
        if self.thrown.is_none() {
            self.thrown = self.f.call2(&JsValue::NULL, a, b).err();
        }
    }

    fn rethrow(self) -> Result<(), JsValue> {
        self.thrown.map_or(Ok(()), Err)
    }
}

/// Annotates `text` and returns a plain JS object following the `dikduk/1` schema.
///
/// `options` may be `undefined`, `null` or an object such as `{entities: false}`; unknown keys,
/// wrong types and over-long input throw an `Error` with a message saying what is wrong.
#[wasm_bindgen]
pub fn annotate(text: &str, options: JsValue) -> Result<JsValue, JsError> {
    let options = options_json(options)?;
    annotate_to_js(text, &options, &mut |_, _| {})
}

/// Like `annotate`, and calls `onProgress(done, total)` along the way (at most about 200 times,
/// `done <= total`, the last call with `done == total`). An exception thrown by the callback is
/// rethrown once the document is done.
#[wasm_bindgen(js_name = annotateWithProgress)]
pub fn annotate_with_progress(
    text: &str,
    options: JsValue,
    on_progress: &js_sys::Function,
) -> Result<JsValue, JsValue> {
    let options = options_json(options)?;
    let mut progress = JsCallback::new(on_progress);
    let doc = annotate_to_js(text, &options, &mut |done, total| progress.call(&(done as f64).into(), &(total as f64).into()))?;
    progress.rethrow()?;
    Ok(doc)
}

/// Streams a document: calls `onPart(name, items)` with `name` one of `sentences`, `tokens`,
/// `entities`, `values`, `quotes` and `items` the next (at most 4096) items of that array, in order,
/// while the text is annotated, and `onProgress(done, total)` as `annotateWithProgress` does.
/// Returns the rest of the document: those five arrays are empty in it, and appending every
/// part's items to them gives `annotate`'s document. Indices and offsets in the parts are the
/// whole document's. An exception thrown by a callback is rethrown once the document is done.
#[wasm_bindgen(js_name = annotateInParts)]
pub fn annotate_in_parts(
    text: &str,
    options: JsValue,
    on_part: &js_sys::Function,
    on_progress: &js_sys::Function,
) -> Result<JsValue, JsValue> {
    let options = options_json(options)?;
    let (mut progress, mut part) = (JsCallback::new(on_progress), JsCallback::new(on_part));
    let doc = annotate_in_chunks(
        text,
        &options,
        &mut |done, total| progress.call(&(done as f64).into(), &(total as f64).into()),
        &mut |name, items| part.call(&name.into(), &items),
    )?;
    part.rethrow()?;
    progress.rethrow()?;
    Ok(rest_to_js(doc)?)
}

/// Writes a `dikduk/1` document (as `annotate` returns it) as CoNLL-U, the way the CLI's
/// `--format conllu` does; `name` prefixes the sentence ids (`# sent_id = name-1`).
#[wasm_bindgen(js_name = toConllu)]
pub fn to_conllu(doc: JsValue, name: Option<String>) -> Result<String, JsError> {
    let doc: crate::Document = serde_wasm_bindgen::from_value(doc)
        .map_err(|e| JsError::new(&format!("not a dikduk/1 document: {e}")))?;
    Ok(crate::conllu::write_document(&doc, name.as_deref().unwrap_or("dikduk")))
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
