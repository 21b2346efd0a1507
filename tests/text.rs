//! The text layer on real Hebrew: geresh/gershayim in every codepoint variant, prefixes before
//! digits and Latin, numbers, dates, URLs, sentences, the sample article and hostile inputs.

use dikduk::text::{chars, segment, segment_with, SegmentOptions, Segmented};
use dikduk::TokenKind;

/// Checks the layer's invariants: tokens in order, non-overlapping, on char boundaries, free of
/// whitespace, covering every non-whitespace non-format character; sentences partition the tokens
/// and lie inside paragraphs.
fn check_invariant(text: &str, seg: &Segmented) {
    let mut covered = vec![false; text.len()];
    let mut last_end = 0;
    for t in &seg.tokens {
        let r = t.range.clone();
        assert!(r.start < r.end, "empty token {r:?}");
        assert!(r.start >= last_end, "overlap or disorder at {r:?}");
        let s = text.get(r.clone()).unwrap_or_else(|| panic!("token {r:?} not on char boundaries"));
        assert!(!s.chars().any(char::is_whitespace), "whitespace inside token {s:?}");
        for c in covered.iter_mut().take(r.end).skip(r.start) {
            *c = true;
        }
        last_end = r.end;
    }
    for (i, c) in text.char_indices() {
        if !covered[i] {
            assert!(c.is_whitespace() || chars::is_format(c), "char {c:?} at {i} is not in any token");
        }
    }
    let mut next = 0;
    for s in &seg.sentences {
        assert_eq!(s.tokens.start, next, "sentences must partition the tokens");
        assert!(s.tokens.end > s.tokens.start, "empty sentence");
        assert_eq!(s.range.start, seg.tokens[s.tokens.start].range.start);
        assert_eq!(s.range.end, seg.tokens[s.tokens.end - 1].range.end);
        assert!(
            seg.paragraphs.iter().any(|p| p.start <= s.range.start && s.range.end <= p.end),
            "sentence outside every paragraph"
        );
        next = s.tokens.end;
    }
    assert_eq!(next, seg.tokens.len());
}

fn toks(text: &str) -> Vec<&str> {
    let seg = segment(text);
    check_invariant(text, &seg);
    seg.tokens.iter().map(|t| &text[t.range.clone()]).collect()
}

fn kinds(text: &str) -> Vec<(&str, TokenKind)> {
    let seg = segment(text);
    check_invariant(text, &seg);
    seg.tokens.iter().map(|t| (&text[t.range.clone()], t.kind)).collect()
}

fn sents(text: &str) -> Vec<&str> {
    let seg = segment(text);
    check_invariant(text, &seg);
    seg.sentences.iter().map(|s| &text[s.range.clone()]).collect()
}

const GERSHAYIM: [char; 4] = ['"', '\u{05F4}', '\u{201C}', '\u{201D}'];
const GERESH: [char; 3] = ['\'', '\u{05F3}', '\u{2019}'];

#[test]
fn acronyms_keep_gershayim_in_every_variant() {
    for g in GERSHAYIM {
        for a in ["ארה{g}ב", "צה{g}ל", "ח{g}כ", "מנכ{g}ל", "דו{g}חות"] {
            let w = a.replace("{g}", &g.to_string());
            assert_eq!(toks(&w), [w.as_str()], "acronym {w}");
            let s = format!("נשיא {w} אמר.");
            assert_eq!(toks(&s), ["נשיא", w.as_str(), "אמר", "."], "{s}");
            let s = format!("בעיקר {w}.");
            assert_eq!(toks(&s), ["בעיקר", w.as_str(), "."], "{s}");
        }
    }
}

#[test]
fn quotation_marks_split_in_every_variant() {
    for g in GERSHAYIM {
        let q = g.to_string();
        let s = format!("{g}תוך 24 שעות{g}");
        assert_eq!(toks(&s), [q.as_str(), "תוך", "24", "שעות", q.as_str()], "{s}");
        let s = format!("כנשיא {g}משכין שלום{g}.");
        assert_eq!(toks(&s), ["כנשיא", q.as_str(), "משכין", "שלום", q.as_str(), "."], "{s}");
        let s = format!("בתור ה{g}דוב הרוסי{g} החזק");
        assert_eq!(toks(&s), ["בתור", "ה", q.as_str(), "דוב", "הרוסי", q.as_str(), "החזק"], "{s}");
        let s = format!("ב{g}הארץ{g} נכתב");
        assert_eq!(toks(&s), ["ב", q.as_str(), "הארץ", q.as_str(), "נכתב"], "{s}");
        let s = format!("וה{g}לא{g} שלו");
        assert_eq!(toks(&s), ["וה", q.as_str(), "לא", q.as_str(), "שלו"], "{s}");
        // An acronym inside a quotation, right before the closing quote.
        let s = format!("{g}צבא ארה{g}ב{g}");
        let a = format!("ארה{g}ב");
        assert_eq!(toks(&s), [q.as_str(), "צבא", a.as_str(), q.as_str()], "{s}");
        let s = format!("{g}מו{g}מ{g}");
        let a = format!("מו{g}מ");
        assert_eq!(toks(&s), [q.as_str(), a.as_str(), q.as_str()], "{s}");
    }
    // The sample's own mix of curly quotes.
    assert_eq!(toks("ה”דוב הרוסי”"), ["ה", "”", "דוב", "הרוסי", "”"]);
    assert_eq!(toks("“תוך 24 שעות”."), ["“", "תוך", "24", "שעות", "”", "."]);
}

#[test]
fn treebank_style_keeps_prefix_quotes_whole() {
    let o = SegmentOptions { split_prefix_quote: false };
    for g in GERSHAYIM {
        let s = format!("בתור ה{g}דוב הרוסי{g} החזק");
        let seg = segment_with(&s, &o);
        check_invariant(&s, &seg);
        let t: Vec<&str> = seg.tokens.iter().map(|t| &s[t.range.clone()]).collect();
        let w = format!("ה{g}דוב");
        let q = g.to_string();
        assert_eq!(t, ["בתור", w.as_str(), "הרוסי", q.as_str(), "החזק"], "{s}");
    }
}

#[test]
fn geresh_stays_inside_in_every_variant() {
    for r in GERESH {
        for w in ["ג{r}פרי", "ג{r}ורג{r}", "פרופ{r}", "צ{r}יפס", "וכו{r}"] {
            let w = w.replace("{r}", &r.to_string());
            assert_eq!(toks(&w), [w.as_str()], "{w}");
            let s = format!("אמר {w} היום");
            assert_eq!(toks(&s), ["אמר", w.as_str(), "היום"], "{s}");
            let s = format!("אמר {w}.");
            assert_eq!(toks(&s), ["אמר", w.as_str(), "."], "{s}");
            let s = format!("({w})");
            assert_eq!(toks(&s), ["(", w.as_str(), ")"], "{s}");
        }
    }
    assert_eq!(toks("המשקיע ג’פרי אפשטיין"), ["המשקיע", "ג’פרי", "אפשטיין"]);
    // A single-quoted word: the quotes split off.
    assert_eq!(toks("'שלום' אמר"), ["'", "שלום", "'", "אמר"]);
    assert_eq!(toks("‘שלום’ אמר"), ["‘", "שלום", "’", "אמר"]);
}

#[test]
fn prefix_before_digits_latin_and_punct_splits_like_the_treebank() {
    assert_eq!(toks("ל-3"), ["ל", "-", "3"]);
    assert_eq!(toks("מ-2025"), ["מ", "-", "2025"]);
    assert_eq!(toks("ה-GCS"), ["ה", "-", "GCS"]);
    assert_eq!(toks("ו-SOFA"), ["ו", "-", "SOFA"]);
    assert_eq!(toks("מעל ל-100 אלף"), ["מעל", "ל", "-", "100", "אלף"]);
    assert_eq!(toks("ב-14:30"), ["ב", "-", "14:30"]);
    assert_eq!(toks("וב-2025."), ["וב", "-", "2025", "."]);
    // Without a hyphen the treebank keeps prefix and number together.
    assert_eq!(toks("ב1972"), ["ב1972"]);
    // Hyphenated Hebrew words split; maqaf is its own token.
    assert_eq!(toks("תל-אביב"), ["תל", "-", "אביב"]);
    assert_eq!(kinds("בית־המשפט"), [("בית", TokenKind::Word), ("־", TokenKind::Punct), ("המשפט", TokenKind::Word)]);
}

#[test]
fn numbers_dates_and_times() {
    use TokenKind::*;
    assert_eq!(
        kinds("1,000 3.5 24% 100,000"),
        [("1,000", Number), ("3.5", Number), ("24", Number), ("%", Symbol), ("100,000", Number)]
    );
    assert_eq!(kinds("2025-08-17 17.8.2025 14:30"), [("2025-08-17", Number), ("17.8.2025", Number), ("14:30", Number)]);
    assert_eq!(toks("ב-17.8.2025."), ["ב", "-", "17.8.2025", "."]);
    assert_eq!(toks("1,000,000 ש\"ח"), ["1,000,000", "ש\"ח"]);
    assert_eq!(toks("5,4"), ["5", ",", "4"]);
    assert_eq!(toks("$100 ₪50"), ["$", "100", "₪", "50"]);
    assert_eq!(toks("1989-90 7-5 2012–2017 050-1234567 1,234.56"), ["1989-90", "7-5", "2012–2017", "050-1234567", "1,234.56"]);
    assert_eq!(toks("בין 2012 – 2017"), ["בין", "2012", "–", "2017"]);
}

#[test]
fn urls_emails_hashtags_latin() {
    use TokenKind::*;
    assert_eq!(
        kinds("ראו https://www.ynet.co.il/news/article/abc123, ו-www.haaretz.co.il."),
        [
            ("ראו", Word),
            ("https://www.ynet.co.il/news/article/abc123", Url),
            (",", Punct),
            ("ו", Word),
            ("-", Punct),
            ("www.haaretz.co.il", Url),
            (".", Punct)
        ]
    );
    assert_eq!(kinds("באתר ynet.co.il היום"), [("באתר", Word), ("ynet.co.il", Url), ("היום", Word)]);
    assert_eq!(kinds("(https://he.wikipedia.org/wiki/X_(Y))"), [("(", Punct), ("https://he.wikipedia.org/wiki/X_(Y)", Url), (")", Punct)]);
    assert_eq!(kinds("כתבו ל-info@example.co.il."), [("כתבו", Word), ("ל", Word), ("-", Punct), ("info@example.co.il", Email), (".", Punct)]);
    assert_eq!(kinds("#טראמפ #Trump2025"), [("#טראמפ", Word), ("#Trump2025", Latin)]);
    assert_eq!(kinds("Donald Trump אמר"), [("Donald", Latin), ("Trump", Latin), ("אמר", Word)]);
    assert_eq!(kinds("COVID-19 ו-F-16"), [("COVID-19", Latin), ("ו", Word), ("-", Punct), ("F-16", Latin)]);
    assert_eq!(kinds("U.S. Mr. Smith's"), [("U.S.", Latin), ("Mr.", Latin), ("Smith's", Latin)]);
    assert_eq!(kinds("Путин ופוטין"), [("Путин", Word), ("ופוטין", Word)]);
}

#[test]
fn emoji_are_symbols() {
    use TokenKind::*;
    assert_eq!(
        kinds("כל הכבוד👍🏽 🇮🇱🇺🇸 👨\u{200D}👩\u{200D}👧!"),
        [("כל", Word), ("הכבוד", Word), ("👍🏽", Symbol), ("🇮🇱", Symbol), ("🇺🇸", Symbol), ("👨\u{200D}👩\u{200D}👧", Symbol), ("!", Punct)]
    );
}

#[test]
fn niqqud_cantillation_and_invisible_marks() {
    assert_eq!(toks("בְּרֵאשִׁית בָּרָא"), ["בְּרֵאשִׁית", "בָּרָא"]);
    assert_eq!(toks("בְּרֵאשִׁ֖ית בָּרָ֣א"), ["בְּרֵאשִׁ֖ית", "בָּרָ֣א"]);
    // Bidi marks and ZWSP separate tokens and belong to none; a soft hyphen stays inside.
    assert_eq!(toks("ארה\u{200F}\"ב"), ["ארה", "\"", "ב"]);
    assert_eq!(toks("הון\u{200F}הוא 1835\u{200F}\u{200F}"), ["הון", "הוא", "1835"]);
    assert_eq!(toks("מילה\u{200B}אחרת"), ["מילה", "אחרת"]);
    assert_eq!(toks("ארוכ\u{00AD}ה"), ["ארוכ\u{00AD}ה"]);
    assert_eq!(toks("\u{200F}\"שלום\"\u{200F}."), ["\"", "שלום", "\"", "."]);
    assert_eq!(toks("\u{200F}שלום\u{200E} \u{2067}עולם\u{2069}."), ["שלום", "עולם", "."]);
    // NBSP and CRLF are whitespace.
    assert_eq!(toks("שלום\u{00A0}עולם\r\nשוב"), ["שלום", "עולם", "שוב"]);
}

#[test]
fn sentence_splitting() {
    assert_eq!(sents("הוא גר בארה\"ב. היא גרה בצה\"ל."), ["הוא גר בארה\"ב.", "היא גרה בצה\"ל."]);
    assert_eq!(sents("המחיר עלה ב-3.5 אחוזים. זה הרבה."), ["המחיר עלה ב-3.5 אחוזים.", "זה הרבה."]);
    assert_eq!(sents("פרופ' כהן אמר... ואז שתק. סוף"), ["פרופ' כהן אמר...", "ואז שתק.", "סוף"]);
    assert_eq!(sents("הוא אמר “אין הסכם”. טראמפ הודה."), ["הוא אמר “אין הסכם”.", "טראמפ הודה."]);
    assert_eq!(sents("הוא אמר: \"אין הסכם.\" טראמפ הודה."), ["הוא אמר: \"אין הסכם.\"", "טראמפ הודה."]);
    assert_eq!(sents("מה? לא! כן."), ["מה?", "לא!", "כן."]);
    assert_eq!(sents("כותרת בלי נקודה\nגוף הכתבה. עוד משפט"), ["כותרת בלי נקודה", "גוף הכתבה.", "עוד משפט"]);
    assert_eq!(sents("שורה\r\nשורה שנייה"), ["שורה", "שורה שנייה"]);
    let s = "פסקה אחת.\r\n\r\nפסקה שתיים.\n\n\nשלוש";
    let seg = segment(s);
    check_invariant(s, &seg);
    assert_eq!(seg.paragraphs.iter().map(|p| &s[p.clone()]).collect::<Vec<_>>(), ["פסקה אחת.", "פסקה שתיים.", "שלוש"]);
    let s = "שורה אחת\nשורה שתיים";
    assert_eq!(segment(s).paragraphs.len(), 1);
}

#[test]
fn empty_whitespace_and_single_characters() {
    for s in ["", " ", "\n\n", "\r\n", "\u{00A0}\t", "\u{200F}", "\u{FEFF}\u{200E}"] {
        let seg = segment(s);
        check_invariant(s, &seg);
        assert!(seg.tokens.is_empty() && seg.sentences.is_empty() && seg.paragraphs.is_empty(), "{s:?}");
    }
    for s in ["א", ".", "5", "a", "\"", "'", "״", "׳", "־", "👍", "\u{05B8}", "#", "@", "-", "…", "%", "ש\"", "\"א"] {
        let seg = segment(s);
        check_invariant(s, &seg);
        assert!(!seg.tokens.is_empty(), "{s:?}");
        assert_eq!(seg.sentences.len(), 1, "{s:?}");
        assert_eq!(seg.paragraphs.len(), 1, "{s:?}");
    }
}

#[test]
fn hostile_inputs_keep_the_invariant() {
    let alphabet: Vec<char> = "אבהו\"״“”'׳’.-,:/%#@_()־ \n\r\u{00A0}\u{200F}\u{05B8}\u{0591}aZ09👍\u{200D}🏽🇮wwhttps:.com"
        .chars()
        .collect();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for len in [1usize, 2, 3, 5, 8, 13, 40, 200] {
        for _ in 0..300 {
            let s: String = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    alphabet[(x % alphabet.len() as u64) as usize]
                })
                .collect();
            let seg = segment(&s);
            check_invariant(&s, &seg);
        }
    }
}

#[test]
fn long_inputs_are_linear() {
    // A 100k-character single word.
    let w = "א".repeat(100_000);
    let seg = segment(&w);
    assert_eq!(seg.tokens.len(), 1);
    assert_eq!(seg.tokens[0].range, 0..w.len());
    // 1 MB with no spaces, made of patterns that trigger every look-ahead.
    for unit in ["a.", "א.", "ארה\"ב", "1,", "1.", "x@", "ab.cd-", "ה\"", "ג'", "#א", "-", "a-", "1-", "a'", "ל'מ", "א. ", "ab. "] {
        let s = unit.repeat(1_000_000 / unit.len());
        let seg = segment(&s);
        check_invariant(&s, &seg);
        assert!(!seg.tokens.is_empty());
    }
    let s = "a".repeat(500_000) + "@" + &"b.".repeat(250_000);
    let seg = segment(&s);
    check_invariant(&s, &seg);
}

#[test]
fn sample_article() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} not found (samples are not in the repository)", dir.display());
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.extension().and_then(|x| x.to_str()) != Some("txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable sample");
        let seg = segment(&text);
        check_invariant(&text, &seg);
        assert!(seg.paragraphs.len() > 1 && seg.sentences.len() > seg.paragraphs.len());
    }
    let path = dir.join("news-trump-putin-alaska.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return;
    };
    let seg = segment(&text);
    let t: Vec<&str> = seg.tokens.iter().map(|t| &text[t.range.clone()]).collect();
    let has = |seq: &[&str]| t.windows(seq.len()).any(|w| w == seq);
    assert!(has(&["נשיא", "ארה”ב", "דונלד"]));
    assert!(has(&["“", "תוך", "24", "שעות", "”"]));
    assert!(has(&["“", "משכין", "שלום", "”"]));
    assert!(has(&["ה", "”", "דוב", "הרוסי", "”"]));
    assert!(has(&["ל", "-", "3", "וחצי"]));
    assert!(has(&["ל", "-", "100", "אלף"]));
    assert!(has(&["המשקיע", "ג’פרי", "אפשטיין"]));
    assert!(has(&["date", "2025-08-17"]));
    let k = seg.tokens.iter().find(|x| &text[x.range.clone()] == "2025-08-17").map(|x| x.kind);
    assert_eq!(k, Some(TokenKind::Number));
    // The closing quote stays with its sentence.
    let s: Vec<&str> = seg.sentences.iter().map(|s| &text[s.range.clone()]).collect();
    assert!(s.iter().any(|x| x.ends_with("“תוך 24 שעות”.")), "{s:?}");
    assert!(s.iter().any(|x| x.starts_with("“אין הסכם עד שאין הסכם” הודה טראמפ")), "{s:?}");
    eprintln!("sample: {} paragraphs, {} sentences, {} tokens", seg.paragraphs.len(), seg.sentences.len(), seg.tokens.len());
}
