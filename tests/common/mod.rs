//! Test inputs shared by the integration tests: generated texts, and files of ../shared.
#![allow(dead_code)]

/// A tiny deterministic PRNG (xorshift64), so the generated texts are the same on every run.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

/// Words of news Hebrew: names (entities), titles, prefixes, numbers, dates, quotes.
pub const WORDS: &[&str] = &[
    "ראש", "הממשלה", "נפגש", "היום", "בירושלים", "עם", "נשיא", "ארה\"ב", "דונלד", "טראמפ", "ונשיא",
    "רוסיה", "ולדימיר", "פוטין", "באלסקה", "לאחר", "חודשים", "של", "עליות", "ומורדות", "ביחסים",
    "הפגישה", "נמשכה", "שעתיים", "והסתיימה", "בלי", "הסכם", "הצבא", "הודיע", "כי", "ב-3", "וחצי",
    "שנים", "מעל", "ל-100", "אלף", "חיילים", "נהרגו", "בחזית", "אמר", "השר", "יוסי", "כהן", "לכתבנו",
    "בתל", "אביב", "ובחיפה", "ב-17", "באוגוסט", "2025", "24%", "מהציבור", "תומכים", "בהצעה", "ח\"כ",
    "משה", "לוי", "מהליכוד", "ג'פרי", "אפשטיין", "האו\"ם", "בניו", "יורק", "הכנסת", "אישרה", "את",
    "החוק", "בקריאה", "ראשונה", "מיליון", "דולר", "שקלים", "ביום", "ראשון", "בשעה", "14:30", "הוא",
    "היא", "הם", "לא", "גם", "אך", "ואולם", "כך", "על", "פי", "הערכות", "המשטרה", "פתחה", "בחקירה",
];

/// About `bytes` bytes of news-like Hebrew: sentences of 5–20 words, some quoted, paragraphs.
pub fn hebrew(bytes: usize, seed: u64) -> String {
    let mut r = Rng(seed);
    let mut s = String::with_capacity(bytes + 200);
    while s.len() < bytes {
        let n = 5 + r.next() % 16;
        let quoted = r.next() % 5 == 0;
        if quoted {
            s.push('"');
        }
        for i in 0..n {
            if i > 0 {
                s.push(if r.next() % 11 == 0 { ',' } else { ' ' });
                if s.ends_with(',') {
                    s.push(' ');
                }
            }
            s.push_str(r.pick(WORDS));
        }
        s.push_str(if quoted { ".\" " } else { ". " });
        if r.next() % 7 == 0 {
            s.push_str("\n\n");
        }
    }
    s
}

/// Short hostile inputs: empty, blank, single characters, niqqud and cantillation, bidi and
/// zero-width marks, emoji, mixed scripts, HTML and script payloads, U+FFFD (a JS lone surrogate).
pub const ODD_INPUTS: &[&str] = &[
    "",
    " ",
    "\n\n\n",
    "\t \u{00A0}\u{3000}\u{2028}\u{0085}",
    "א",
    ".",
    "\u{05B8}",
    "😀",
    "\u{0}",
    "בְּרֵאשִׁ֖ית בָּרָ֣א אֱלֹהִ֑ים אֵ֥ת הַשָּׁמַ֖יִם וְאֵ֥ת הָאָֽרֶץ׃",
    "\u{200F}ראש\u{200E} הממשלה \u{202B}נפגש\u{202C} \u{2067}עם Intel\u{2069}\u{200B}היום\u{2060}.\u{FEFF} ארוכ\u{00AD}ה",
    "👋 שלום 🇮🇱🇺🇸 לכולם 👨\u{200D}👩\u{200D}👧 👍🏽 𝔸𝔹 𓀀 𠜎",
    "ראש הממשלה נפגש עם Владимир Путин ועם محمد بن سلمان בריאד (Riyadh). مرحبا123שלום ١٢٣ ۴۵",
    "<script>alert('x')</script> שלום <img src=x onerror=\"alert(1)\"> &lt;b&gt; {{constructor.constructor('x')()}}",
    "א\u{FFFD}ב \u{FFFD}\u{FFFD} \"\u{FFFD}\" ירושלים\u{FFFD}.",
    "נשיא ארה\"ב דונלד טראמפ ונשיא רוסיה ולדימיר פוטין נפגשו באלסקה ב-15 באוגוסט 2025. \"אין הסכם\", אמר טראמפ.",
    "המחיר עלה ב-3.5% ל-100 אלף ש\"ח, כ-5 מיליון דולר; בשעה 14:30 ביום ראשון, 17.8.2025. 333333333333333333333333",
];

/// The text of `../shared/REL`, or None with a SKIP message when the shared data is absent (a
/// user's clone has none; CI always has it).
pub fn shared(rel: &str) -> Option<String> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared").join(rel);
    match std::fs::read_to_string(&p) {
        Ok(s) => Some(s),
        Err(_) => {
            eprintln!("SKIP: {} not found (the shared data sits beside the clone on CI)", p.display());
            None
        }
    }
}
