//! Tests of the WASM bindings, run by wasm-bindgen-test-runner:
//! `cargo test --target wasm32-unknown-unknown --test wasm` runs them in Node; with
//! `CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_USE_BROWSER=1
//! WASM_BINDGEN_TEST_WEBDRIVER_JSON=tests/webdriver.json` in headless Chromium (scripts/test.sh
//! does both).
#![cfg(target_arch = "wasm32")]

mod common;

use dikduk::invariants::check_document;
use dikduk::wasm::{annotate, annotate_in_parts, option_names, version};
use js_sys::{Array, Error, JsString, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

const HEBREW: &str = "ראש הממשלה נפגש היום בירושלים עם נציגי Intel. הפגישה נמשכה שעתיים.";

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).expect("Reflect.get")
}

fn num(obj: &JsValue, key: &str) -> u32 {
    get(obj, key).as_f64().unwrap_or_else(|| panic!("{key} is not a number")) as u32
}

fn array(obj: &JsValue, key: &str) -> Array {
    let v = get(obj, key);
    assert!(Array::is_array(&v), "{key} is not an array");
    v.unchecked_into()
}

fn options(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("JSON.parse")
}

/// Calls annotate expecting a JS Error; returns its message.
fn error_message(text: &str, opts: JsValue) -> String {
    let err = match annotate(text, opts) {
        Ok(_) => panic!("expected an error"),
        Err(e) => JsValue::from(e),
    };
    assert!(err.is_instance_of::<Error>(), "not a JS Error: {err:?}");
    String::from(err.unchecked_into::<Error>().message())
}

/// Checks every span of the document slices the JS string to the recorded text.
fn check_offsets(js_text: &JsString, doc: &JsValue) {
    assert_eq!(num(doc, "length"), js_text.length());
    for key in ["tokens", "entities"] {
        for t in array(doc, key).iter() {
            let (s, e) = (num(&t, "start"), num(&t, "end"));
            assert!(s < e && e <= js_text.length(), "{key} span {s}..{e}");
            assert_eq!(js_text.slice(s, e), JsString::from(get(&t, "text")), "{key} {s}..{e}");
        }
    }
}

#[wasm_bindgen_test]
fn hebrew_document_has_schema_fields() {
    let doc = annotate(HEBREW, JsValue::UNDEFINED).unwrap();
    // A plain object (not a Map), so `doc.tokens` works in JS.
    assert_eq!(Object::get_prototype_of(&doc), Object::get_prototype_of(&Object::new().into()));
    assert_eq!(get(&doc, "schema").as_string().as_deref(), Some("dikduk/1"));
    assert_eq!(get(&doc, "version").as_string(), Some(version()));
    for key in
        ["paragraphs", "sentences", "tokens", "entities", "values", "quotes", "entity_groups"]
    {
        array(&doc, key);
    }
    assert!(array(&doc, "sentences").length() >= 1);
    let tokens = array(&doc, "tokens");
    assert!(tokens.length() >= 10);
    let first = tokens.get(0);
    assert_eq!(get(&first, "text").as_string().as_deref(), Some("ראש"));
    for key in ["start", "end", "kind"] {
        assert!(!get(&first, key).is_undefined(), "token.{key}");
    }
    let morphemes = array(&first, "morphemes");
    assert!(morphemes.length() >= 1);
    for key in ["form", "upos", "lemma", "feats"] {
        assert!(get(&morphemes.get(0), key).is_string(), "morpheme.{key}");
    }
    check_offsets(&JsString::from(HEBREW), &doc);
}

#[wasm_bindgen_test]
fn offsets_are_utf16_with_emoji() {
    let text = "👋 שלום 🇮🇱 לכולם 😀x! 𝔸בג";
    let doc = annotate(text, JsValue::NULL).unwrap();
    let js = JsString::from(text);
    assert_eq!(num(&doc, "length"), js.length());
    assert!(js.length() as usize > text.chars().count(), "emoji take two units");
    check_offsets(&js, &doc);
}

#[wasm_bindgen_test]
fn options_are_accepted() {
    let doc = annotate(HEBREW, options(r#"{"entities": false}"#)).unwrap();
    assert_eq!(array(&doc, "entities").length(), 0);
    let doc = annotate(HEBREW, options(r#"{"morphology": false, "entities": false}"#)).unwrap();
    assert!(array(&doc, "tokens").length() > 0);
    annotate(HEBREW, Object::new().into()).unwrap();
    assert!(option_names().contains(&"entities".to_string()));
}

#[wasm_bindgen_test]
fn bad_options_throw_errors_with_messages() {
    let m = error_message(HEBREW, options(r#"{"entitys": false}"#));
    assert!(m.contains("unknown option \"entitys\""), "{m}");
    assert!(m.contains("entities"), "{m}");
    let m = error_message(HEBREW, options(r#"{"entities": "yes"}"#));
    assert_eq!(m, "option \"entities\" must be a boolean, got a string");
    let m = error_message(HEBREW, JsValue::from_str("entities"));
    assert!(m.starts_with("options must be an object"), "{m}");
    let m = error_message(HEBREW, JsValue::from_f64(3.0));
    assert!(m.starts_with("options must be an object"), "{m}");
    let m = error_message(HEBREW, Array::of1(&JsValue::TRUE).into());
    assert!(m.starts_with("options must be an object"), "{m}");
    let f = js_sys::Function::new_no_args("return 1");
    let m = error_message(HEBREW, f.into());
    assert!(m.starts_with("options must be an object"), "{m}");
}

#[wasm_bindgen_test]
fn lone_surrogates_keep_offsets() {
    // JS "א\uD800 ב\uDC00ג": wasm-bindgen's string conversion (the same one `&str` arguments use)
    // turns each lone surrogate into U+FFFD, which is also one UTF-16 unit.
    let units: [u16; 6] = [0x05D0, 0xD800, 0x20, 0x05D1, 0xDC00, 0x05D2];
    let js = JsString::from_char_code(&units);
    assert!(!js.is_valid_utf16());
    let rust: String = js.as_string().expect("lossy conversion");
    assert!(rust.contains('\u{FFFD}'));
    let doc = annotate(&rust, JsValue::UNDEFINED).unwrap();
    assert_eq!(num(&doc, "length"), js.length());
    for t in array(&doc, "tokens").iter() {
        let (s, e) = (num(&t, "start"), num(&t, "end"));
        let expected = JsString::from(get(&t, "text")).length();
        assert_eq!(e - s, expected);
        // The slice of the original differs only where it has a lone surrogate.
        let slice = js.slice(s, e);
        let fixed: String = slice.as_string().unwrap();
        assert_eq!(Some(fixed), get(&t, "text").as_string());
    }
}

#[wasm_bindgen_test]
fn still_works_after_bad_inputs() {
    // Over the limit: an error, not a crash.
    let huge = "א ".repeat(dikduk::api::MAX_INPUT_UTF16 / 2 + 1);
    let m = error_message(&huge, JsValue::UNDEFINED);
    assert!(m.starts_with("input is too long"), "{m}");
    // Large but allowed.
    let big = "ירושלים היא עיר גדולה. ".repeat(2_000);
    let doc = annotate(&big, JsValue::UNDEFINED).unwrap();
    assert_eq!(num(&doc, "length") as usize, big.encode_utf16().count());
    // Odd inputs.
    for text in ["", " ", "\n\n\n", "\u{FFFD}\u{FFFD}", "\u{0}", "<img src=x onerror=alert(1)>"] {
        let doc = annotate(text, JsValue::UNDEFINED).unwrap();
        check_offsets(&JsString::from(text), &doc);
    }
    let _ = error_message("x", options(r#"{"nope": 1}"#));
    // Still fine afterwards.
    let doc = annotate(HEBREW, JsValue::UNDEFINED).unwrap();
    assert!(array(&doc, "tokens").length() >= 10);
    check_offsets(&JsString::from(HEBREW), &doc);
}

/// Annotates `text` through the JS binding and checks every document invariant
/// (`dikduk::invariants::check_document`) on the object JavaScript receives.
fn check_js(text: &str) -> dikduk::Document {
    let js = annotate(text, JsValue::UNDEFINED).unwrap_or_else(|e| panic!("error for {:.40?}: {:?}", text, JsValue::from(e)));
    let doc: dikduk::Document = serde_wasm_bindgen::from_value(js).expect("a dikduk/1 document");
    check_document(text, &doc).unwrap_or_else(|e| panic!("invariant broken for {:.60?}: {e}", text));
    doc
}

#[wasm_bindgen_test]
fn adversarial_inputs_give_valid_documents() {
    for text in common::ODD_INPUTS {
        check_js(text);
    }
    // A 100k-character word, long runs of marks, bidi controls and emoji, generated news.
    let doc = check_js(&"א".repeat(100_000));
    assert_eq!(doc.tokens.len(), 1);
    check_js(&format!("ש{}", "\u{05B8}\u{0591}".repeat(5_000)));
    check_js(&"א\u{200F}".repeat(5_000));
    check_js(&"👨\u{200D}".repeat(5_000));
    check_js(&common::hebrew(100_000, 1).replace(' ', ""));
    let doc = check_js(&common::hebrew(100_000, 2));
    assert!(!doc.entities.is_empty() && !doc.values.is_empty());
    // Still alive.
    assert!(array(&annotate(HEBREW, JsValue::UNDEFINED).unwrap(), "tokens").length() >= 10);
}

#[wasm_bindgen_test]
fn a_20000_word_sentence_without_punctuation_is_one_tree() {
    let text = common::hebrew(160_000, 11).replace(|c: char| !c.is_alphabetic(), " ");
    let text = text.split_whitespace().cycle().take(20_000).collect::<Vec<_>>().join(" ");
    let doc = check_js(&text);
    assert_eq!(doc.sentences.len(), 1);
    let heads: Vec<Option<usize>> = doc.tokens.iter().flat_map(|t| &t.morphemes).map(|m| m.head).collect();
    assert_eq!(heads.iter().filter(|h| **h == Some(0)).count(), 1);
    assert!(heads.iter().all(|h| h.is_some_and(|h| h <= heads.len())));
}

#[wasm_bindgen_test]
fn random_utf16_with_lone_surrogates_keeps_offsets() {
    let mut r = common::Rng(0x2545_F491_4F6C_DD1D);
    for len in [1usize, 2, 17, 300, 5_000] {
        for _ in 0..4 {
            let units: Vec<u16> = (0..len)
                .map(|_| match r.next() % 4 {
                    0 => 0xD800 + (r.next() % 0x800) as u16, // surrogates, mostly unpaired
                    1 => 0x05D0 + (r.next() % 0x30) as u16,
                    2 => (r.next() % 0x80) as u16,
                    _ => r.next() as u16,
                })
                .collect();
            let js = JsString::from_char_code(&units);
            let rust: String = js.as_string().expect("lossy conversion");
            let doc = check_js(&rust);
            assert_eq!(doc.length as u32, js.length(), "one unit per lone surrogate (U+FFFD)");
        }
    }
}

#[wasm_bindgen_test]
fn parts_put_together_are_the_document() {
    // 600 KB: three blocks (pipeline::BLOCK_BYTES), tokens in several 4096-item parts.
    let text = common::hebrew(600_000, 4);
    let parts = Array::new();
    let on_part = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue, JsValue)>::new({
        let parts = parts.clone();
        move |name: JsValue, items: JsValue| {
            parts.push(&Array::of2(&name, &items));
        }
    });
    let on_progress = js_sys::Function::new_no_args("");
    let rest = annotate_in_parts(&text, JsValue::UNDEFINED, on_part.as_ref().unchecked_ref(), &on_progress)
        .unwrap_or_else(|e| panic!("{e:?}"));
    let names = ["sentences", "tokens", "entities", "values", "quotes"];
    for name in names {
        assert_eq!(array(&rest, name).length(), 0, "{name} comes in parts");
    }
    let mut token_parts = 0;
    for part in parts.iter() {
        let part: Array = part.unchecked_into();
        let name = part.get(0).as_string().expect("a name");
        let items: Array = part.get(1).unchecked_into();
        assert!(names.contains(&name.as_str()) && items.length() <= 4096, "{name}: {}", items.length());
        token_parts += usize::from(name == "tokens");
        let all = array(&rest, &name);
        for item in items.iter() {
            all.push(&item);
        }
    }
    assert!(token_parts > 10, "{token_parts} parts of tokens");
    let joined: dikduk::Document = serde_wasm_bindgen::from_value(rest).expect("a dikduk/1 document");
    let whole: dikduk::Document =
        serde_wasm_bindgen::from_value(annotate(&text, JsValue::UNDEFINED).unwrap()).expect("a dikduk/1 document");
    assert_eq!(joined, whole);
    check_document(&text, &joined).unwrap();
}
