//! The token scanner: one left-to-right pass over [`Unit`]s with bounded look-ahead, so the cost is
//! linear in the input length.
//!
//! Conventions follow the Hebrew treebank (UD HTB) where it has one: `ב-18` is `ב` `-` `18`,
//! `ב1972` stays one token, `24%` is `24` `%`, `תל-אביב` is `תל` `-` `אביב`, initials like `ס.`
//! keep their period, acronyms keep their gershayim (`ארה"ב`). One deliberate difference: a quote
//! opening right after a prefix letter (`ה"דוב הרוסי"`) is split into `ה` `"` `דוב`.

use super::chars::{self, Class, QuoteFamily, Unit};
use super::web;
use crate::document::TokenKind;
use std::ops::Range;

/// Whether a quotation-mark token opens or closes a quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteRole {
    /// Opens a quotation.
    Open,
    /// Closes a quotation.
    Close,
}

/// A token plus the layout facts the sentence splitter needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    /// Byte range in the input.
    pub range: Range<usize>,
    /// Token kind.
    pub kind: TokenKind,
    /// For quotation marks: opening or closing.
    pub quote: Option<QuoteRole>,
    /// Number of line breaks in the whitespace before this token (2 = blank line; capped at 2).
    pub breaks_before: u8,
    /// True when whitespace (or the start of the text) precedes this token.
    pub space_before: bool,
}

/// Latin abbreviations that keep their final period.
const LATIN_ABBREVIATIONS: &[&str] =
    &["mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "ltd", "co", "vs", "prof", "gen", "lt", "col", "sgt", "etc", "no"];

/// Hebrew abbreviations (besides single-letter initials) that keep their final period.
const HEBREW_ABBREVIATIONS: &[&str] = &["סט"];

/// Hebrew spellings of Latin letter names, which news text uses as initials (`ג'יי. די. ואנס`).
const LETTER_NAMES: &[&str] = &[
    "אי", "בי", "סי", "די", "אף", "ג'י", "גי", "אייץ'", "ג'יי", "גיי", "קיי", "אל", "אם", "אן", "או", "פי",
    "קיו", "אר", "אס", "טי", "יו", "וי", "וו", "דאבליו", "אקס", "וואי", "זי", "זד",
];

/// True for a single Hebrew letter or a letter name from [`LETTER_NAMES`] (any geresh variant).
fn is_initial_word(s: &str) -> bool {
    if s.len() > 16 {
        return false;
    }
    let mut it = s.chars();
    if matches!((it.next(), it.next()), (Some(c), None) if chars::is_hebrew_letter(c)) {
        return true;
    }
    let norm: String = s.chars().map(|c| if chars::is_geresh_like(c) { '\'' } else { c }).collect();
    LETTER_NAMES.contains(&norm.as_str())
}

/// Whether a lone Hebrew letter + period before another word is an initial (`ס. יזהר`) rather than
/// a sentence end (`ביום ג. הוא`).
const INITIAL_BEFORE_WORD: bool = false;

/// Splits `text` into tokens with the default options.
pub fn tokenize(text: &str) -> Vec<Tok> {
    tokenize_with(text, &super::SegmentOptions::default())
}

/// Splits `text` into tokens.
pub fn tokenize_with(text: &str, options: &super::SegmentOptions) -> Vec<Tok> {
    let units = chars::units(text);
    let mut s = Scanner {
        text,
        u: &units,
        out: Vec::with_capacity(units.len() / 3 + 1),
        double_open: false,
        single_open: false,
        breaks: 0,
        space: true,
        web_fail_until: 0,
        split_prefix_quote: options.split_prefix_quote,
    };
    s.run();
    s.out
}

/// Decision for a gershayim-like character between two Hebrew letters.
enum Gershayim {
    /// Part of an acronym: stays inside the word.
    Acronym,
    /// A quotation mark opening right after prefix letters: split prefix | quote | word.
    PrefixQuote,
}

struct Scanner<'a> {
    text: &'a str,
    u: &'a [Unit],
    out: Vec<Tok>,
    /// A double quotation is open (reset at line breaks and sentence ends).
    double_open: bool,
    /// A single quotation is open.
    single_open: bool,
    /// Line breaks seen since the last token.
    breaks: u8,
    /// Whitespace seen since the last token.
    space: bool,
    /// No URL/e-mail/domain starts before this unit index (memo that keeps the scan linear).
    web_fail_until: usize,
    /// Split `ה"דוב` into `ה` `"` `דוב` (else keep it whole, as the treebank does).
    split_prefix_quote: bool,
}

impl Scanner<'_> {
    fn class(&self, i: usize) -> Class {
        self.u.get(i).map_or(Class::Space, |u| u.class)
    }

    fn ch(&self, i: usize) -> char {
        self.u.get(i).map_or(' ', |u| u.ch)
    }

    fn run(&mut self) {
        let n = self.u.len();
        let mut i = 0;
        while i < n {
            let u = self.u[i];
            if u.class == Class::Break {
                i += 1;
                continue;
            }
            if u.class == Class::Space {
                self.space = true;
                if chars::is_line_break(u.ch) {
                    // "\r\n" counts once; U+2029 is a paragraph separator.
                    if !(u.ch == '\r' && self.ch(i + 1) == '\n') {
                        let add = if u.ch == '\u{2029}' { 2 } else { 1 };
                        self.breaks = self.breaks.saturating_add(add).min(2);
                    }
                    self.double_open = false;
                    self.single_open = false;
                }
                i += 1;
                continue;
            }
            if i >= self.web_fail_until {
                match web::scan(self.text, self.u, i) {
                    web::Scan::Found(end, kind) => {
                        self.push(i, end, kind, None);
                        i = end;
                        continue;
                    }
                    web::Scan::NotBefore(k) => self.web_fail_until = k.max(i + 1),
                }
            }
            i = if chars::is_alnum(u.class) { self.word(i) } else { self.punct(i) };
        }
    }

    /// Emits units `a..b` as one token.
    fn push(&mut self, a: usize, b: usize, kind: TokenKind, quote: Option<QuoteRole>) {
        let (Some(first), Some(last)) = (self.u.get(a), self.u.get(b.wrapping_sub(1))) else { return };
        if b <= a {
            return;
        }
        self.out.push(Tok {
            range: first.start..last.end,
            kind,
            quote,
            breaks_before: self.breaks,
            space_before: self.space,
        });
        self.breaks = 0;
        self.space = false;
    }

    fn word_kind(&self, a: usize, b: usize) -> TokenKind {
        let (mut letter, mut latin, mut digit) = (false, false, false);
        for u in &self.u[a..b] {
            match u.class {
                Class::Hebrew | Class::OtherLetter => letter = true,
                Class::Latin => latin = true,
                Class::Digit => digit = true,
                _ => {}
            }
        }
        if letter {
            TokenKind::Word
        } else if latin {
            TokenKind::Latin
        } else if digit {
            TokenKind::Number
        } else {
            TokenKind::Symbol
        }
    }

    /// True when unit `j-1` is a letter that is the whole current alphabetic segment of the token
    /// starting at `a` (preceded by the token start or by a period inside it).
    fn single_letter_before(&self, a: usize, j: usize) -> bool {
        j > a && (j - 1 == a || self.ch(j - 2) == '.')
    }

    fn segment_text(&self, a: usize, b: usize) -> &str {
        match (self.u.get(a), self.u.get(b.wrapping_sub(1))) {
            (Some(x), Some(y)) if b > a => self.text.get(x.start..y.end).unwrap_or(""),
            _ => "",
        }
    }

    /// Scans a word, number or mixed token starting at letter/digit unit `a`; returns the next index.
    fn word(&mut self, a: usize) -> usize {
        let n = self.u.len();
        let mut j = a;
        // Letter scripts seen so far (kept incrementally so long tokens stay linear).
        let (mut latin, mut other_letter) = (false, false);
        loop {
            while j < n && chars::is_alnum(self.u[j].class) {
                match self.u[j].class {
                    Class::Latin => latin = true,
                    Class::Hebrew | Class::OtherLetter => other_letter = true,
                    _ => {}
                }
                j += 1;
            }
            if j >= n {
                break;
            }
            let c = self.ch(j);
            let prev = self.class(j - 1);
            let next = self.class(j + 1);
            if chars::is_gershayim_like(c) && prev == Class::Hebrew && next == Class::Hebrew {
                match self.gershayim(a, j) {
                    Gershayim::Acronym => {
                        j += 1;
                        continue;
                    }
                    Gershayim::PrefixQuote if !self.split_prefix_quote => {
                        self.double_open = true;
                        j += 1;
                        continue;
                    }
                    Gershayim::PrefixQuote => {
                        self.push(a, j, TokenKind::Word, None);
                        self.push(j, j + 1, TokenKind::Punct, Some(QuoteRole::Open));
                        self.double_open = true;
                        return j + 1;
                    }
                }
            }
            if chars::is_geresh_like(c) && prev == Class::Hebrew {
                if next == Class::Hebrew {
                    if self.prefix_single_quote(a, j) {
                        self.push(a, j, TokenKind::Word, None);
                        self.push(j, j + 1, TokenKind::Punct, Some(QuoteRole::Open));
                        self.single_open = true;
                        return j + 1;
                    }
                    // ג'פרי, צ'יפס
                    j += 1;
                    continue;
                }
                if next != Class::Digit && !(self.single_open && c != '\u{05F3}') {
                    // ג'ורג', פרופ' (a closing single quote when one is open)
                    j += 1;
                    break;
                }
                break;
            }
            if (c == '\'' || c == '\u{2019}') && prev == Class::Latin && next == Class::Latin {
                j += 1; // don't, O'Brien
                continue;
            }
            if prev == Class::Digit && next == Class::Digit {
                let joins = match c {
                    '.' | ':' | '/' => true,
                    ',' => self.thousands_group(j + 1),
                    // Ranges and dates: 1989-90, 2012–2017, 2025-08-17.
                    '\u{2013}' => true,
                    _ => chars::is_hyphen(c),
                };
                if joins {
                    j += 1;
                    continue;
                }
            }
            if chars::is_hyphen(c)
                && matches!(prev, Class::Latin | Class::Digit)
                && matches!(next, Class::Latin | Class::Digit)
                && latin
                && !other_letter
            {
                j += 1; // COVID-19, F-16, e-mail
                continue;
            }
            if c == '.' && prev == Class::Hebrew {
                if self.hebrew_period_inside(a, j) {
                    j += 1;
                    if next == Class::Hebrew {
                        continue; // א.ס.
                    }
                }
                break;
            }
            if c == '.' && prev == Class::Latin {
                let single = self.single_letter_before(a, j);
                if single && next == Class::Latin && self.ch(j + 2) == '.' {
                    j += 1; // U.S.
                    continue;
                }
                let chained = j >= a + 3 && self.ch(j - 2) == '.';
                let abbreviation = next == Class::Space
                    && j - a <= 5
                    && LATIN_ABBREVIATIONS.contains(&self.segment_text(a, j).to_ascii_lowercase().as_str());
                if (single && chained) || abbreviation {
                    j += 1;
                }
                break;
            }
            if c == '_' && chars::is_alnum(prev) && chars::is_alnum(next) {
                j += 1;
                continue;
            }
            break;
        }
        let kind = self.word_kind(a, j);
        self.push(a, j, kind, None);
        j
    }

    /// Decides whether the period at `j`, after a Hebrew letter, belongs to the word starting at
    /// `a`: initials (`ס. יזהר`, `א.ס.`, `וא.ס.`, `ק. פ. ר.,`) and listed abbreviations (`סט.`).
    /// A lone letter followed by a period and another word counts as an initial only when another
    /// initial is next to it, or a comma or bracket follows: `ביום ג. הוא` ends a sentence.
    fn hebrew_period_inside(&self, a: usize, j: usize) -> bool {
        let next = self.class(j + 1);
        let single = self.single_letter_before(a, j);
        // Prefix letters before the first initial of a chain: וא.ס., לק.פ.ר.
        let prefixed = j - a <= 3 && j - 1 > a && (a..j - 1).all(|i| chars::is_prefix_letter(self.ch(i)));
        if (single || prefixed) && next == Class::Hebrew && self.ch(j + 2) == '.' {
            return true;
        }
        let chained = j >= a + 3 && self.ch(j - 2) == '.';
        if single && chained {
            return true; // final period of א.ס.
        }
        // Looking ahead stops at a line break, as at the end of the text: a newline ends the
        // sentence, and long texts are analysed in blocks cut after line breaks.
        let eol = chars::is_line_break(self.ch(j + 1));
        let word_follows = next == Class::Space && !eol && self.class(j + 2) == Class::Hebrew;
        if word_follows && HEBREW_ABBREVIATIONS.contains(&self.segment_text(a, j)) {
            return true;
        }
        // The whole token is one initial: ס. or a letter name like בי. ג'יי.
        let initial = single || (j - a <= 6 && is_initial_word(self.segment_text(a, j)));
        if !initial {
            return false;
        }
        let after = if eol { ' ' } else if next == Class::Space { self.ch(j + 2) } else { self.ch(j + 1) };
        if matches!(after, ',' | '(' | ';') {
            return true; // האגר י., מעלי ס. (45)
        }
        if !word_follows {
            return false;
        }
        // Next word is itself an initial: ק. פ. ר., בי. ג'יי. ארמסטרונג
        let next_initial = self.initial_at(j + 2);
        // Previous token is an initial: פ. צ. ליאז
        let prev_initial = self.out.last().is_some_and(|t| {
            let s = self.text.get(t.range.clone()).unwrap_or("");
            s.strip_suffix('.').is_some_and(is_initial_word)
        }) && self.class(a.wrapping_sub(1)) == Class::Space
            && self.breaks == 0;
        INITIAL_BEFORE_WORD || next_initial || prev_initial
    }

    /// True when an initial (a lone letter or a letter name, then a period and a space or the end)
    /// starts at unit `k`. Looks at most 8 units ahead.
    fn initial_at(&self, k: usize) -> bool {
        let mut e = k;
        while e < k + 6 && (self.class(e) == Class::Hebrew || chars::is_geresh_like(self.ch(e))) {
            e += 1;
        }
        e > k
            && self.ch(e) == '.'
            && matches!(self.class(e + 1), Class::Space)
            && is_initial_word(self.segment_text(k, e))
    }

    /// True when the geresh-like char at `j` is a single quote opening after prefix letters
    /// (`ל'מלכות השמים'`): the prefix letters are the whole word so far, at least two Hebrew
    /// letters follow, and a closing single quote comes within 64 units on the same line.
    fn prefix_single_quote(&self, a: usize, j: usize) -> bool {
        if self.ch(j) == '\u{05F3}' || j - a > 3 || !(a..j).all(|i| chars::is_prefix_letter(self.ch(i))) {
            return false;
        }
        if self.class(j + 2) != Class::Hebrew {
            return false;
        }
        for k in j + 2..(j + 66).min(self.u.len()) {
            let c = self.ch(k);
            if chars::is_line_break(c) || chars::is_terminal(c) {
                return false;
            }
            if matches!(c, '\'' | '\u{2019}')
                && self.class(k - 1) == Class::Hebrew
                && !chars::is_alnum(self.class(k + 1))
            {
                return true;
            }
        }
        false
    }

    /// True when units from `k` are exactly three digits followed by a non-digit.
    fn thousands_group(&self, k: usize) -> bool {
        (k..k + 3).all(|i| self.class(i) == Class::Digit) && self.class(k + 3) != Class::Digit
    }

    /// Decides a gershayim-like char at `j`, between Hebrew letters, in the word starting at `a`.
    fn gershayim(&self, a: usize, j: usize) -> Gershayim {
        // Up to 3 Hebrew letters after the quote.
        let mut after = 0;
        while after < 3 && self.class(j + 1 + after) == Class::Hebrew {
            after += 1;
        }
        let before_is_prefix = j - a <= 3 && (a..j).all(|i| chars::is_prefix_letter(self.ch(i)));
        if !before_is_prefix {
            return Gershayim::Acronym;
        }
        if after >= 3 {
            return Gershayim::PrefixQuote; // ה"דוב הרוסי", ב"רצח אופי"
        }
        // ה"לא" (a closing quote right after a short word), unless a quotation is already open
        // (then that quote closes it and this is an acronym: "מו"מ").
        if chars::is_gershayim_like(self.ch(j + 1 + after)) && !self.double_open {
            return Gershayim::PrefixQuote;
        }
        Gershayim::Acronym
    }

    /// Scans punctuation or a symbol at `a`; returns the next index.
    fn punct(&mut self, a: usize) -> usize {
        let c = self.ch(a);
        let n = self.u.len();
        // Runs: "..." "?!" "!!!" "--"
        let run_of = |s: &Self, f: &dyn Fn(char) -> bool| {
            let mut j = a;
            while j < n && f(s.ch(j)) && s.u[j].class == Class::Other {
                j += 1;
            }
            j
        };
        if c == '.' {
            let j = run_of(self, &|x| x == '.');
            self.push(a, j, TokenKind::Punct, None);
            return j;
        }
        if c == '?' || c == '!' {
            let j = run_of(self, &|x| x == '?' || x == '!');
            self.push(a, j, TokenKind::Punct, None);
            return j;
        }
        if c == '-' && self.ch(a + 1) == '-' {
            let j = run_of(self, &|x| x == '-');
            self.push(a, j, TokenKind::Punct, None);
            return j;
        }
        if (c == '#' || c == '@') && chars::is_alnum(self.class(a + 1)) {
            // Hashtag or mention: letters, digits and underscores.
            let mut j = a + 1;
            while j < n && (chars::is_alnum(self.u[j].class) || self.u[j].ch == '_') {
                j += 1;
            }
            let kind = match self.word_kind(a + 1, j) {
                TokenKind::Number => {
                    self.push(a, a + 1, chars::punct_kind(c), None);
                    return a + 1;
                }
                k => k,
            };
            self.push(a, j, kind, None);
            return j;
        }
        if let Some(fam) = chars::quote_family(c) {
            let role = self.quote_role(a, fam);
            self.push(a, a + 1, TokenKind::Punct, Some(role));
            return a + 1;
        }
        if chars::is_terminal(c) {
            // A sentence probably ends: quotation state does not carry over.
            if self.class(a + 1) == Class::Space {
                self.double_open = false;
                self.single_open = false;
            }
        }
        self.push(a, a + 1, chars::punct_kind(c), None);
        a + 1
    }

    /// Decides whether the quotation mark at `a` opens or closes, from its neighbours and the state.
    fn quote_role(&mut self, a: usize, fam: QuoteFamily) -> QuoteRole {
        let p = if a == 0 { ' ' } else { self.ch(a - 1) };
        let prev_boundary = a == 0
            || matches!(self.class(a - 1), Class::Space | Class::Break)
            || chars::is_open_bracket(p)
            || chars::quote_family(p).is_some_and(|f| f != fam)
            || matches!(p, '-' | '\u{2013}' | '\u{2014}' | '\u{05BE}' | ':' | '/');
        let q = self.ch(a + 1);
        let next_boundary = matches!(self.class(a + 1), Class::Space | Class::Break)
            || (self.class(a + 1) == Class::Other && !chars::is_open_bracket(q) && chars::quote_family(q).is_none());
        let open = match fam {
            QuoteFamily::Double => &mut self.double_open,
            QuoteFamily::Single => &mut self.single_open,
        };
        let role = match (prev_boundary, next_boundary) {
            (true, false) => QuoteRole::Open,
            (false, true) => QuoteRole::Close,
            _ => {
                if *open {
                    QuoteRole::Close
                } else {
                    QuoteRole::Open
                }
            }
        };
        *open = role == QuoteRole::Open;
        role
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s).into_iter().map(|t| &s[t.range]).collect()
    }

    #[test]
    fn acronyms_stay_whole() {
        assert_eq!(toks("ארה\"ב וצה\"ל"), ["ארה\"ב", "וצה\"ל"]);
    }

    #[test]
    fn quote_after_prefix_splits() {
        assert_eq!(toks("ה\"דוב הרוסי\""), ["ה", "\"", "דוב", "הרוסי", "\""]);
        assert_eq!(toks("ה\"לא\""), ["ה", "\"", "לא", "\""]);
        assert_eq!(toks("\"מו\"מ\""), ["\"", "מו\"מ", "\""]);
    }

    #[test]
    fn single_quote_after_prefix() {
        assert_eq!(toks("ל'מלכות השמים'"), ["ל", "'", "מלכות", "השמים", "'"]);
        assert_eq!(toks("וג'ורג' ול'ג"), ["וג'ורג'", "ול'ג"]);
        assert_eq!(toks("ה'תשפ\"ה"), ["ה'תשפ\"ה"]);
    }

    #[test]
    fn prefix_hyphen_number() {
        assert_eq!(toks("ב-18"), ["ב", "-", "18"]);
        assert_eq!(toks("ב1972"), ["ב1972"]);
    }

    #[test]
    fn numbers() {
        assert_eq!(toks("1,000 3.5 24% 14:30 2025-08-17 1,5"), ["1,000", "3.5", "24", "%", "14:30", "2025-08-17", "1", ",", "5"]);
    }

    #[test]
    fn initials() {
        assert_eq!(toks("ק. פ. ר., בק"), ["ק.", "פ.", "ר.", ",", "בק"]);
        assert_eq!(toks("האגר י. (36)"), ["האגר", "י.", "(", "36", ")"]);
        assert_eq!(toks("וא.ס. יהושע"), ["וא.ס.", "יהושע"]);
        assert_eq!(toks("בי. ג'יי. ארמסטרונג"), ["בי.", "ג'יי.", "ארמסטרונג"]);
        assert_eq!(toks("ג’יי. די. ואנס"), ["ג’יי.", "די.", "ואנס"]);
        assert_eq!(toks("זה בי. הוא"), ["זה", "בי", ".", "הוא"]);
        assert_eq!(toks("ביום ג."), ["ביום", "ג", "."]);
        assert_eq!(toks("א.ס. יהושע"), ["א.ס.", "יהושע"]);
    }

    #[test]
    fn breaks_are_recorded() {
        let t = tokenize("א\r\nב\n\nג");
        assert_eq!(t.iter().map(|t| t.breaks_before).collect::<Vec<_>>(), [0, 1, 2]);
    }
}
