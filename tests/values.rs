//! Runs the whole pipeline on the sample news article and checks the rule-based values and quotes.
//! Skips (with a message) when `../shared/samples` is absent.

use serde_json::json;
use std::path::Path;

const SAMPLE: &str = "../shared/samples/news-trump-putin-alaska.txt";

fn sample() -> Option<String> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE);
    match std::fs::read_to_string(&p) {
        Ok(s) => Some(s),
        Err(_) => {
            eprintln!(
                "SKIP: {} not found; sample-based checks not run",
                p.display()
            );
            None
        }
    }
}

/// JavaScript's `text.slice(start, end)`.
fn slice16(text: &str, start: usize, end: usize) -> String {
    let u: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&u[start..end]).unwrap()
}

#[test]
fn sample_values_are_found_and_normalised() {
    let Some(text) = sample() else { return };
    let doc = dikduk::annotate(&text, &dikduk::Options::default());
    for v in &doc.values {
        assert_eq!(slice16(&text, v.start, v.end), v.text, "span of {v:?}");
    }
    let find = |t: &str| {
        doc.values
            .iter()
            .find(|v| v.text == t)
            .unwrap_or_else(|| panic!("no value {t:?}; got {:#?}", doc.values))
    };
    let expect = [
        ("2025-08-17", "date", json!("2025-08-17"), None),
        ("סוף השבוע", "date", json!({"relative": "weekend"}), None),
        ("3 וחצי שנים", "duration", json!("P3.5Y"), Some("approx")),
        ("שנתיים", "duration", json!("P2Y"), None),
        ("100 אלף", "number", json!(100000), Some("more_than")),
        ("24 שעות", "duration", json!("PT24H"), None),
        ("חצי שנה", "duration", json!("P0.5Y"), Some("approx")),
        ("שעתיים", "duration", json!("PT2H"), Some("more_than")),
        ("מאות", "number", json!(100), Some("vague")),
        ("אלפי", "number", json!(1000), Some("vague")),
    ];
    for (t, kind, value, modifier) in expect {
        let v = find(t);
        assert_eq!(
            (v.kind.as_str(), &v.value, v.modifier.as_deref()),
            (kind, &value, modifier),
            "{t}"
        );
    }
    // Numbers inside durations are not reported again; חודשים alone is not a value.
    assert!(!doc
        .values
        .iter()
        .any(|v| v.text == "3" || v.text == "24" || v.text == "100"));
    assert!(!doc.values.iter().any(|v| v.text.contains("חודשים")));
}

#[test]
fn sample_quotes_are_found() {
    let Some(text) = sample() else { return };
    let doc = dikduk::annotate(&text, &dikduk::Options::default());
    let quotes: Vec<&str> = doc.quotes.iter().map(|q| q.text.as_str()).collect();
    for q in [
        "“גלים אנושיים”",
        "“תוך 24 שעות”",
        "“משכין שלום”",
        "“תמונת ניצחון”",
        "“צעק”",
        "“אין הסכם עד שאין הסכם”",
        "”דוב הרוסי”",
    ] {
        assert!(quotes.contains(&q), "missing quote {q}; got {quotes:?}");
    }
    assert!(
        !quotes.iter().any(|q| q.contains("ארה")),
        "gershayim taken for a quote: {quotes:?}"
    );
    for q in &doc.quotes {
        assert_eq!(slice16(&text, q.start, q.end), q.text);
    }
}

#[test]
fn layers_can_be_turned_off() {
    let text = "“אין הסכם” הודה טראמפ אחרי 24 שעות.";
    let off = dikduk::Options {
        values: false,
        quotes: false,
        ..Default::default()
    };
    let doc = dikduk::annotate(text, &off);
    assert!(doc.values.is_empty() && doc.quotes.is_empty());
    let doc = dikduk::annotate(text, &dikduk::Options::default());
    assert_eq!(doc.values.len(), 1);
    assert_eq!(doc.quotes.len(), 1);
    let json = serde_json::to_value(&doc).unwrap();
    assert_eq!(json["values"][0]["value"], json!("PT24H"));
    assert!(
        json["values"][0].get("modifier").is_none(),
        "no modifier key when there is none"
    );
}
