//! Adversarial inputs through the public API (`dikduk::api::annotate`, what the browser calls):
//! each gives a document that passes [`dikduk::invariants::check_document`] or a clear error,
//! never a panic or a hang. The same inputs run in WASM (tests/wasm.rs, tests/wasm-node/).
//!
//! The 10 MB, 1 MB, 100k-character and timing tests run only in release builds (`cargo test
//! --release --test adversarial -- --include-ignored`, which scripts/test.sh runs); in a debug
//! build they are ignored and the small ones still run.

mod common;

use common::{hebrew, Rng};
use dikduk::api::{annotate, MAX_INPUT_UTF16};
use dikduk::invariants::check_document;
use dikduk::Document;
use serde_json::Value as Json;
use std::time::Instant;

/// Annotates `text` with default options and checks every invariant; returns the document.
fn check(text: &str) -> Document {
    let doc = annotate(text, &Json::Null).unwrap_or_else(|e| panic!("error for {:.40?}: {e}", text));
    if let Err(e) = check_document(text, &doc) {
        panic!("invariant broken for {:.60?}: {e}", text);
    }
    doc
}

/// Token texts.
fn toks(doc: &Document) -> Vec<&str> {
    doc.tokens.iter().map(|t| t.text.as_str()).collect()
}

#[test]
fn empty_whitespace_and_single_characters() {
    for text in ["", " ", "\n", "\n\n\n", "\r\n", "\t \u{00A0}\u{3000}\u{2028}", "\u{FEFF}", "\u{200B}\u{200F}"] {
        let doc = check(text);
        assert!(doc.tokens.is_empty() && doc.sentences.is_empty(), "{text:?}");
    }
    for text in ["א", "ש", "a", "5", ".", "\"", "'", "־", "\u{05B8}", "\u{0591}", "😀", "\u{FFFD}", "\u{0}", "<", "@", "\u{10FFFF}"] {
        let doc = check(text);
        assert_eq!(toks(&doc), [text], "{text:?}");
        assert_eq!(doc.sentences.len(), 1);
    }
}

#[test]
fn niqqud_and_cantillation() {
    // Genesis 1:1 fully vocalized with cantillation marks.
    let text = "בְּרֵאשִׁ֖ית בָּרָ֣א אֱלֹהִ֑ים אֵ֥ת הַשָּׁמַ֖יִם וְאֵ֥ת הָאָֽרֶץ׃";
    let doc = check(text);
    assert_eq!(toks(&doc), ["בְּרֵאשִׁ֖ית", "בָּרָ֣א", "אֱלֹהִ֑ים", "אֵ֥ת", "הַשָּׁמַ֖יִם", "וְאֵ֥ת", "הָאָֽרֶץ", "׃"]);
    // Marks with no letter to attach to, and a long run of marks on one letter.
    check("\u{05B0}\u{05B1} \u{0591}א");
    check(&format!("ש{}", "\u{05B8}\u{0591}".repeat(10_000)));
}

#[test]
fn bidi_and_zero_width_marks() {
    let text = "\u{200F}ראש\u{200E} הממשלה \u{202B}נפגש\u{202C} \u{2067}עם Intel\u{2069}\u{200B}היום\u{2060}.\u{FEFF}";
    let doc = check(text);
    assert_eq!(toks(&doc), ["ראש", "הממשלה", "נפגש", "עם", "Intel", "היום", "."]);
    // Only marks, and marks between every letter.
    check(&"\u{200E}\u{200F}\u{202A}\u{202E}\u{2066}\u{2069}\u{200D}\u{200C}".repeat(1000));
    check(&"א\u{200F}".repeat(5000));
    check(&"ב\u{00AD}".repeat(5000));
}

#[test]
fn emoji_and_other_non_bmp_characters() {
    let text = "👋 שלום 🇮🇱🇺🇸 לכולם 👨\u{200D}👩\u{200D}👧 👍🏽 𝔸𝔹 𓀀 𠜎 \u{E0067}x";
    let doc = check(text);
    assert!(doc.length > text.chars().count(), "non-BMP characters are two UTF-16 units");
    assert!(toks(&doc).contains(&"👨\u{200D}👩\u{200D}👧"));
    check(&"😀".repeat(50_000));
    check(&"🇮".repeat(10_001));
    check(&"\u{200D}😀".repeat(10_000));
}

#[test]
fn arabic_cyrillic_and_latin_mixed_in() {
    let text = "ראש הממשלה נפגש עם Владимир Путин ועם محمد بن سلمان בריאד (Riyadh). مرحبا123שלום abcאבגдеж ١٢٣ ۴۵";
    let doc = check(text);
    for w in ["Владимир", "Путин", "محمد", "Riyadh"] {
        assert!(toks(&doc).contains(&w), "{w} in {:?}", toks(&doc));
    }
}

#[test]
fn html_and_script_payloads_are_plain_text() {
    let text = "<script>alert('x')</script> שלום <img src=x onerror=\"alert(1)\"> &lt;b&gt; \
                <a href=\"javascript:alert(1)\">קישור</a> {{constructor.constructor('x')()}} ${x} \\u0000 </textarea>";
    let doc = check(text);
    let joined: String = toks(&doc).concat();
    let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(joined, expected, "every character is kept, verbatim");
    assert!(toks(&doc).contains(&"<"));
}

#[test]
fn lone_surrogates_as_they_arrive_from_javascript() {
    // wasm-bindgen turns each lone surrogate of a JS string into U+FFFD (one UTF-16 unit).
    let text = "א\u{FFFD}ב \u{FFFD}\u{FFFD} \"\u{FFFD}\" ירושלים\u{FFFD}.";
    let doc = check(text);
    assert_eq!(doc.length, text.encode_utf16().count());
}

#[test]
fn random_bytes_as_lossy_utf8() {
    let mut r = Rng(0x2545_F491_4F6C_DD1D);
    for len in [1usize, 7, 64, 1000, 20_000] {
        for _ in 0..5 {
            let bytes: Vec<u8> = (0..len).map(|_| r.next() as u8).collect();
            check(&String::from_utf8_lossy(&bytes));
        }
    }
}

#[test]
fn random_characters_from_every_plane() {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    for len in [1usize, 10, 300, 5000] {
        for _ in 0..5 {
            let s: String = (0..len)
                .filter_map(|_| {
                    let c = match r.next() % 4 {
                        0 => r.next() % 0x80,
                        1 => 0x0590 + r.next() % 0x80,
                        2 => 0x2000 + r.next() % 0x70,
                        _ => r.next() % 0x11_0000,
                    };
                    char::from_u32(c as u32)
                })
                .collect();
            check(&s);
        }
    }
}

#[test]
#[cfg_attr(debug_assertions, ignore = "slow in debug: run with --release (scripts/test.sh does)")]
fn a_100k_character_word() {
    for unit in ["א", "שָׁ", "a", "1", "ה\"", "ג'", "-", "😀"] {
        let text = unit.repeat(100_000 / unit.chars().count());
        check(&text);
    }
    let doc = check(&"א".repeat(100_000));
    assert_eq!(doc.tokens.len(), 1);
    assert_eq!(doc.tokens[0].end, 100_000);
}

#[test]
#[cfg_attr(debug_assertions, ignore = "slow in debug: run with --release (scripts/test.sh does)")]
fn one_megabyte_of_hebrew_and_without_spaces() {
    let text = hebrew(1 << 20, 1);
    let doc = check(&text);
    assert!(doc.tokens.len() > 100_000 && !doc.entities.is_empty() && !doc.values.is_empty());
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let doc = check(&squeezed);
    // One "sentence" of ~45k tokens, analysed in windows: every token still gets its morphemes.
    assert!(doc.sentences.iter().any(|s| s.token_end - s.token_start > 10_000));
    assert!(doc.tokens.iter().all(|t| !t.morphemes.is_empty()));
}

#[test]
fn over_the_limit_is_a_clear_error() {
    let e = annotate(&"א".repeat(MAX_INPUT_UTF16 + 1), &Json::Null).unwrap_err();
    assert!(e.message().starts_with("input is too long"), "{e}");
}

#[test]
#[cfg_attr(debug_assertions, ignore = "10 MB: run with --release (scripts/test.sh does)")]
fn ten_megabytes_of_hebrew() {
    let text = hebrew(10_000_000, 2);
    let t = Instant::now();
    let doc = check(&text);
    eprintln!(
        "10 MB Hebrew: {} tokens, {} entities, {} values, {} quotes in {:.2?} (with checks)",
        doc.tokens.len(),
        doc.entities.len(),
        doc.values.len(),
        doc.quotes.len(),
        t.elapsed()
    );
    assert!(doc.tokens.len() > 1_000_000);
}

#[test]
#[cfg_attr(debug_assertions, ignore = "10 MB: run with --release (scripts/test.sh does)")]
fn ten_megabytes_without_spaces() {
    let squeezed: String = hebrew(10_500_000, 3).chars().filter(|c| !c.is_whitespace()).collect();
    let letters: String = "אבגדהוזחטיכלמנסעפצקרשת".repeat(10_000_000 / 44);
    for text in [squeezed, letters] {
        let t = Instant::now();
        let doc = check(&text);
        eprintln!("{} bytes without spaces: {} tokens in {:.2?}", text.len(), doc.tokens.len(), t.elapsed());
    }
}

/// Seconds to annotate `text` (best of `runs`, so a busy machine skews it less).
fn seconds(text: &str, runs: usize) -> f64 {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(annotate(text, &Json::Null).ok());
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// Cost stays linear: 8× the input may take at most 32× the time (a quadratic step takes 64×;
/// the slack absorbs a busy machine). Both sizes are small enough to keep the test fast.
#[test]
#[cfg_attr(debug_assertions, ignore = "timing: run with --release (scripts/test.sh does)")]
fn cost_is_linear_in_the_input() {
    let n = 60_000;
    type Gen = Box<dyn Fn(usize) -> String>;
    let gens: Vec<(&str, Gen)> = vec![
        ("hebrew", Box::new(|b| hebrew(b, 4))),
        ("no spaces", Box::new(|b| hebrew(b, 5).replace([' ', '\n'], ""))),
        ("one word", Box::new(|b| "א".repeat(b / 2))),
        ("one sentence", Box::new(|b| hebrew(b, 6).replace(['.', '\n'], " "))),
        ("one quote", Box::new(|b| format!("\"{}\"", hebrew(b, 7).replace('"', "")))),
        ("names", Box::new(|b| "טראמפ ".repeat(b / 11))),
        ("distinct names", Box::new(|b| (0..b / 24).map(|i| format!("השר יוסי כהן{i} ")).collect())),
        ("numbers", Box::new(|b| "1,000 ".repeat(b / 6))),
        ("quotes", Box::new(|b| "\"א\" ".repeat(b / 5))),
        ("marks", Box::new(|b| "\u{05B8}".repeat(b / 2))),
        ("bidi", Box::new(|b| "א\u{200F}".repeat(b / 5))),
        ("emoji", Box::new(|b| "👨\u{200D}".repeat(b / 7))),
        ("url-ish", Box::new(|b| "a.".repeat(b / 2))),
    ];
    for (name, g) in gens {
        let (small, big) = (g(n), g(8 * n));
        // Interleaved, best of three each, so that a busy spell hits both sizes alike.
        let (mut a, mut b) = (f64::INFINITY, f64::INFINITY);
        for _ in 0..3 {
            a = a.min(seconds(&small, 1));
            b = b.min(seconds(&big, 1));
        }
        let ratio = b / a.max(1e-4);
        eprintln!("{name:>14}: {:>8} B {a:.4}s, {:>8} B {b:.4}s, ratio {ratio:.1}", small.len(), big.len());
        assert!(ratio < 32.0 || b < 0.05, "{name}: 8x input took {ratio:.1}x the time ({a:.4}s → {b:.4}s)");
    }
}

/// `words` words of generated Hebrew news with no punctuation and no line break: one sentence.
fn unpunctuated(words: usize, seed: u64) -> String {
    let text = hebrew(words * 8, seed).replace(|c: char| !c.is_alphabetic(), " ");
    text.split_whitespace().cycle().take(words).collect::<Vec<_>>().join(" ")
}

/// A 20,000-word sentence without punctuation parses into one tree (in windows of 1,000 tokens
/// whose roots hang from the first), with no deep recursion or panic; in release builds its cost
/// is also checked to stay linear (8× the words may take at most 32× the time).
#[test]
fn a_20000_word_sentence_without_punctuation_is_one_tree() {
    let text = unpunctuated(20_000, 11);
    let doc = check(&text);
    assert_eq!(doc.sentences.len(), 1);
    let words: Vec<&dikduk::Morpheme> = doc.tokens.iter().flat_map(|t| &t.morphemes).collect();
    if words.iter().any(|m| m.head.is_some()) {
        assert_eq!(words.iter().filter(|m| m.head == Some(0)).count(), 1);
        assert!(words.iter().all(|m| m.head.is_some_and(|h| h <= words.len())));
    }
    if cfg!(not(debug_assertions)) {
        let small = unpunctuated(2_500, 12);
        let (mut a, mut b) = (f64::INFINITY, f64::INFINITY);
        for _ in 0..3 {
            a = a.min(seconds(&small, 1));
            b = b.min(seconds(&text, 1));
        }
        eprintln!("2,500 words {a:.4}s, 20,000 words {b:.4}s, ratio {:.1}", b / a.max(1e-4));
        assert!(b / a.max(1e-4) < 32.0 || b < 0.05, "8x the words took {:.1}x the time", b / a);
    }
}

#[test]
fn cli_reports_invalid_utf8_in_random_bytes_with_its_position() {
    let mut r = Rng(0xD1B5_4A32_D192_ED03);
    for len in [1usize, 50, 5000] {
        let bytes: Vec<u8> = (0..len).map(|_| r.next() as u8 | 0x80).collect();
        let Err(e) = std::str::from_utf8(&bytes) else { continue };
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dikduk"))
            .arg("annotate")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the CLI runs");
        std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), &bytes).expect("write");
        let out = child.wait_with_output().expect("the CLI exits");
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("invalid UTF-8 at byte offset {}", e.valid_up_to())), "{err}");
        assert!(out.stdout.is_empty());
    }
}
