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
            eprintln!("SKIP: {} not found; sample-based checks not run", p.display());
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
        assert_eq!((v.kind.as_str(), &v.value, v.modifier.as_deref()), (kind, &value, modifier), "{t}");
    }
    // Numbers inside durations are not reported again; חודשים alone is not a value.
    assert!(!doc.values.iter().any(|v| v.text == "3" || v.text == "24" || v.text == "100"));
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
    assert!(!quotes.iter().any(|q| q.contains("ארה")), "gershayim taken for a quote: {quotes:?}");
    for q in &doc.quotes {
        assert_eq!(slice16(&text, q.start, q.end), q.text);
        // A speaker is named outside its quote (“תיק ג’פרי אפשטיין”, הטענה כי ... has none).
        if let Some(e) = q.speaker.map(|e| &doc.entities[e]) {
            assert!(e.end <= q.start || e.start >= q.end, "speaker {} inside {}", e.text, q.text);
        }
    }
    let tik = doc.quotes.iter().find(|q| q.text == "“תיק ג’פרי אפשטיין”").expect("the תיק quote");
    assert_eq!(tik.speaker, None, "הטענה (the claim) is not a speech verb");
    let deal = doc.quotes.iter().find(|q| q.text == "“אין הסכם עד שאין הסכם”").expect("the הסכם quote");
    assert_eq!(deal.speaker.map(|e| doc.entities[e].text.as_str()), Some("טראמפ"), "הודה טראמפ");
}

/// The speaker of each quote of `text` (by the quote's text), annotated with `options`.
fn speakers(text: &str, options: &dikduk::Options) -> Vec<(String, Option<String>)> {
    let doc = dikduk::annotate(text, options);
    doc.quotes.iter().map(|q| (q.text.clone(), q.speaker.map(|e| doc.entities[e].text.clone()))).collect()
}

#[test]
fn the_parse_finds_speakers_beyond_the_word_patterns() {
    // The quote sits in the clause of the speech verb, far from it (אמר ... כי ... "..."), or
    // the speaker is an apposition of the verb's subject (שר החוץ ..., ריינאלדו פיגוארדו).
    let text = "ח\"כ יאיר צבן אמר אתמול בכנסת כי פרשת המתנדבים היא \"כתם חרפה על פרצופנו הלאומי\".\n\
                \"הרושם הוא שנוצר שם קיפאון מוחלט\", אמר אתמול שר החוץ של ונצואלה, ריינאלדו פיגוארדו, בשם 15 מדינות.\n";
    let with = speakers(text, &dikduk::Options::default());
    let names: Vec<Option<&str>> = with.iter().map(|(_, s)| s.as_deref()).collect();
    assert_eq!(names, [Some("יאיר צבן"), Some("ריינאלדו פיגוארדו")], "{with:?}");
    // Without the parse, the word patterns alone find neither.
    let without = speakers(text, &dikduk::Options { parse: false, ..Default::default() });
    assert!(without.iter().all(|(_, s)| s.is_none()), "{without:?}");
}

#[test]
fn titles_and_names_in_quotation_marks_have_no_speaker() {
    // A book's title inside the subject of אומר, and an organisation's name inside what the
    // president claims (the word patterns gave it to him before).
    let text = "גיימס אלן סמית, מחבר הספר \"הברוקרים של הרעיונות והמדיניות\", אומר כי ההתמקדות בבעיות דוחקות גוברת.\n\
                הנשיא ויניציו סרזו טוען כי קבוצות כגון \"התנועה לשחרור לאומי\" אחראיות למעשים.\n";
    let got = speakers(text, &dikduk::Options::default());
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|(_, s)| s.is_none()), "{got:?}");
}

#[test]
fn layers_can_be_turned_off() {
    let text = "“אין הסכם” הודה טראמפ אחרי 24 שעות.";
    let off = dikduk::Options { values: false, quotes: false, ..Default::default() };
    let doc = dikduk::annotate(text, &off);
    assert!(doc.values.is_empty() && doc.quotes.is_empty());
    let doc = dikduk::annotate(text, &dikduk::Options::default());
    assert_eq!(doc.values.len(), 1);
    assert_eq!(doc.quotes.len(), 1);
    let json = serde_json::to_value(&doc).unwrap();
    assert_eq!(json["values"][0]["value"], json!("PT24H"));
    assert!(json["values"][0].get("modifier").is_none(), "no modifier key when there is none");
}

/// Entities built by hand for the sample (NER is another layer): every occurrence of each name,
/// longest names first, never overlapping.
fn sample_entities(text: &str) -> Vec<dikduk::Entity> {
    let names = [
        ("PER", "דונלד טראמפ"),
        ("PER", "ולדימיר פוטין"),
        ("PER", "ג’פרי אפשטיין"),
        ("PER", "טראמפ"),
        ("PER", "פוטין"),
        ("PER", "ביידן"),
        ("GPE", "ארה”ב"),
        ("GPE", "רוסיה"),
        ("GPE", "אלסקה"),
    ];
    let mut out: Vec<dikduk::Entity> = Vec::new();
    for (label, name) in names {
        for (b, _) in text.match_indices(name) {
            let start = text[..b].encode_utf16().count();
            let end = start + name.encode_utf16().count();
            if out.iter().any(|e| e.start < end && start < e.end) {
                continue;
            }
            out.push(dikduk::Entity {
                label: label.into(),
                start,
                end,
                text: name.into(),
                token_start: 0,
                token_end: 0,
                morpheme_start: 0,
                morpheme_end: 0,
            });
        }
    }
    out.sort_by_key(|e| e.start);
    out
}

#[test]
fn sample_speakers_and_groups_with_hand_made_entities() {
    let Some(text) = sample() else { return };
    let doc = dikduk::annotate(&text, &dikduk::Options::default());
    let ents = sample_entities(&text);
    let quotes = dikduk::quotes::find_quotes(&text, &doc.tokens, &doc.sentences, &ents);
    let q = quotes.iter().find(|q| q.text == "“אין הסכם עד שאין הסכם”").expect("quote");
    let speaker = &ents[q.speaker.expect("speaker of אין הסכם")];
    assert_eq!(speaker.text, "טראמפ");
    assert_eq!(slice16(&text, speaker.start, speaker.end), "טראמפ");
    assert!(q.start < speaker.start && speaker.start - q.end < 10, "the טראמפ right after הודה");
    for t in ["“משכין שלום”", "“תמונת ניצחון”", "“גלים אנושיים”"] {
        assert_eq!(quotes.iter().find(|q| q.text == t).expect(t).speaker, None, "{t}");
    }

    let groups = dikduk::groups::group_entities(&text, &doc.tokens, &doc.sentences, &ents);
    let trump = &groups[0];
    assert_eq!((trump.name.as_str(), trump.label.as_str()), ("דונלד טראמפ", "PER"));
    assert_eq!(trump.count, ents.iter().filter(|e| e.text.contains("טראמפ")).count());
    assert_eq!(trump.titles, ["נשיא", "נשיא ארה”ב"]);
    let putin = &groups[1];
    assert_eq!(putin.name, "ולדימיר פוטין");
    assert_eq!(putin.titles, ["נשיא", "נשיא רוסיה"]);
    let epstein = groups.iter().find(|g| g.name == "ג’פרי אפשטיין").expect("אפשטיין");
    assert_eq!(epstein.count, 2);
    assert!(groups.windows(2).all(|w| w[0].count >= w[1].count));
}

#[test]
fn no_panics_on_slices_of_the_sample() {
    let Some(text) = sample() else { return };
    let cuts: Vec<usize> = text.char_indices().map(|(b, _)| b).step_by(7).collect();
    let tokens = |s: &str| dikduk::annotate(s, &dikduk::Options::default());
    for (n, &a) in cuts.iter().enumerate() {
        for &len in &[1usize, 2, 3, 5, 9, 40] {
            let Some(&b) = cuts.get(n + len) else { break };
            let s = &text[a..b];
            let doc = tokens(s);
            let ents = sample_entities(s);
            let _ = dikduk::quotes::find_quotes(s, &doc.tokens, &doc.sentences, &ents);
            let _ = dikduk::groups::group_entities(s, &doc.tokens, &doc.sentences, &ents);
        }
    }
}
