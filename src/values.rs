//! Rule-based values: dates, times, durations, numbers, percentages and money, normalised.
//!
//! Normalisation ([`Value::value`]):
//! - `date`: ISO 8601 `2025-08-17`, `2025-08` (month), `2025` (year), `XXXX-08-17` (no year);
//!   relative dates are objects `{"relative": "weekend"}` (`today`, `yesterday`, `tomorrow`,
//!   `day_before_yesterday`, `day_after_tomorrow`, `last_night`, `tonight`, `this_morning`,
//!   `this_week`, `last_week`, `next_week`, `this_month`, `last_month`, `next_month`, `this_year`,
//!   `last_year`, `next_year`, `weekend`, and weekdays `sunday`…`saturday` for יום ראשון…).
//! - `time`: ISO 8601 `T14:30` / `T14:30:05`.
//! - `duration`: ISO 8601 string; a fraction sits on the only unit: `3 וחצי שנים` → `P3.5Y`,
//!   `24 שעות` → `PT24H`, `שנתיים` → `P2Y`.
//! - `number`: a JSON number (`100 אלף` → 100000, `שלוש מאות` → 300).
//! - `percent`: the number of percent as a JSON number (`24%` → 24, not 0.24).
//! - `money`: `{"amount": 5000000, "currency": "USD"}` with ISO 4217 codes (ILS, USD, EUR, GBP, RUB).
//!
//! Hedges go to [`Value::modifier`], never into `value`: `approx` (כ־, כחצי, קרוב ל־, כמעט,
//! בערך), `more_than` (מעל, יותר מ־, למעלה מ־), `less_than` (פחות מ־, מתחת ל־), `at_least`
//! (לפחות), `at_most` (עד, לכל היותר), and `vague` for plural magnitudes without a count (מאות,
//! אלפי, עשרות, מיליוני): their value is the magnitude (מאות → 100, עשרות אלפי → 10000).
//!
//! Spans exclude attached prefix letters and the hyphen after them (`ל-3 וחצי שנים` → `3 וחצי
//! שנים`, `כחצי שנה` → `חצי שנה`), like entities. A number inside a date, duration, percentage or
//! money amount is not reported again. Lone אחד/אחת and lone חצי/רבע are not values; nor are
//! unit words without a count (חודשים), digit runs that are neither numbers, dates nor times
//! (`050-1234567`, ranges `10-15`), and bare four-digit years unless marked (ב-2025, בשנת 2025).

use crate::document::{Token, Value};
use crate::scan::{prefix_splits, PieceKind, Scan};
use serde_json::json;

/// Finds dates, times, durations, numbers, percentages and money amounts in `text`, whose
/// tokens are `tokens`; linear in the text length, never panics.
pub fn find_values(text: &str, tokens: &[Token]) -> Vec<Value> {
    let scan = Scan::new(text, tokens);
    let mut out = Vec::new();
    let mut i = 0;
    while i < scan.len() {
        match match_at(&scan, i) {
            Some((v, next)) => {
                out.push(v);
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// Where a candidate value starts: piece `piece`, after `prefix` letters (attached prefix
/// letters, possibly from an earlier piece followed by a hyphen), at byte `b` / UTF-16 `u`.
#[derive(Debug, Clone)]
struct Start {
    /// First piece of the whole candidate, prefix included (for looking at the word before).
    outer: usize,
    /// Piece where the value text starts.
    piece: usize,
    /// Prefix letters before it (normalised), empty when none.
    prefix: String,
    b: usize,
    u: usize,
}

/// A parsed count: digits or number words, with multipliers and וחצי.
#[derive(Debug, Clone)]
struct Qty {
    value: f64,
    vague: bool,
    /// One past the last piece of the count.
    end: usize,
    /// Extra prefix letters stripped from the first word.
    prefix: String,
    b: usize,
    u: usize,
    /// Only a fraction word (חצי, רבע) with nothing after it yet.
    frac_only: bool,
    /// A lone אחד/אחת.
    lone_one: bool,
}

fn is_hyphen(s: &str) -> bool {
    matches!(s, "-" | "\u{05BE}" | "\u{2010}" | "\u{2011}" | "\u{2013}")
}

fn starts(scan: &Scan, i: usize) -> Start {
    let p = &scan.pieces[i];
    let all_prefix = p.kind == PieceKind::Letters
        && p.norm.chars().count() <= 3
        && p.norm.chars().all(crate::scan::is_prefix_letter);
    if all_prefix {
        // ל-3, כ-24%, ב-2025, ב2025
        if let (Some(h), Some(n)) = (scan.get(i + 1), scan.get(i + 2)) {
            if h.glued
                && is_hyphen(&h.norm)
                && n.glued
                && (n.kind != PieceKind::Mark || is_currency_symbol(&n.norm))
            {
                return Start { outer: i, piece: i + 2, prefix: p.norm.clone(), b: n.b0, u: n.u0 };
            }
        }
        if let Some(n) = scan.get(i + 1) {
            if n.glued && n.kind == PieceKind::Digits {
                return Start { outer: i, piece: i + 1, prefix: p.norm.clone(), b: n.b0, u: n.u0 };
            }
        }
    }
    Start { outer: i, piece: i, prefix: String::new(), b: p.b0, u: p.u0 }
}

fn match_at(scan: &Scan, i: usize) -> Option<(Value, usize)> {
    let st = starts(scan, i);
    let s = st.piece;
    let p = scan.get(s)?;
    // Digit dates and times.
    if p.kind == PieceKind::Digits {
        if let Some((kind, v)) = digit_date_or_time(&p.norm) {
            return Some((make(scan, kind, v, &st, s + 1, None), s + 1));
        }
        if let Some(r) = short_date(scan, &st) {
            return Some(r);
        }
        if let Some(r) = day_month_year(scan, &st) {
            return Some(r);
        }
        if let Some(r) = marked_year(scan, &st) {
            return Some(r);
        }
    }
    if p.kind == PieceKind::Letters {
        if let Some(r) = month_year(scan, &st) {
            return Some(r);
        }
        if let Some(r) = relative_date(scan, &st) {
            return Some(r);
        }
        if let Some(r) = bare_duration(scan, &st) {
            return Some(r);
        }
    }
    // Currency sign first: ₪100, $5 מיליון.
    if p.kind == PieceKind::Mark {
        if let Some(cur) = currency_symbol(&p.norm) {
            if scan.get(s + 1).is_some_and(|n| n.kind == PieceKind::Digits) {
                let q = parse_qty(scan, s + 1)?;
                if q.lone_one || q.frac_only {
                    return None;
                }
                let v = json!({"amount": num(q.value), "currency": cur});
                let m = modifier(scan, &st, q.end, false);
                return Some((make(scan, "money", v, &st, q.end, m), q.end));
            }
        }
        return None;
    }
    let q = parse_qty(scan, s)?;
    let mut st = st;
    if !q.prefix.is_empty() {
        st.prefix.push_str(&q.prefix);
        st.b = q.b;
        st.u = q.u;
    }
    let j = q.end;
    let vague = q.vague;
    let modi = |end: usize, date: bool| {
        if vague {
            Some("vague")
        } else {
            modifier(scan, &st, end, date)
        }
    };
    // Percent.
    if let Some(n) = scan.get(j) {
        if n.norm == "%"
            || (n.kind == PieceKind::Letters
                && !n.glued
                && matches!(n.norm.as_str(), "אחוז" | "אחוזים" | "אחוזי"))
        {
            if q.frac_only || (q.lone_one && n.norm != "%") {
                return None;
            }
            return Some((make(scan, "percent", num(q.value), &st, j + 1, modi(j + 1, false)), j + 1));
        }
        if let Some(cur) = currency_after(n) {
            if q.frac_only || q.lone_one {
                return None;
            }
            let v = json!({"amount": num(q.value), "currency": cur});
            return Some((make(scan, "money", v, &st, j + 1, modi(j + 1, false)), j + 1));
        }
        if let Some(unit) = scan.free_word(j).and_then(unit_of) {
            let mut value = q.value;
            let mut end = j + 1;
            if !q.frac_only && value.fract() == 0.0 {
                if let Some(f) = scan.free_word(end).and_then(half_word) {
                    value += f;
                    end += 1;
                }
            }
            let v = duration(value, unit);
            return Some((make(scan, "duration", json!(v), &st, end, modi(end, false)), end));
        }
    }
    if q.frac_only || q.lone_one {
        return None;
    }
    Some((make(scan, "number", num(q.value), &st, j, modi(j, false)), j))
}

/// Builds a value spanning from `st` to the end of piece `end - 1`.
fn make(
    scan: &Scan,
    kind: &str,
    value: serde_json::Value,
    st: &Start,
    end: usize,
    modifier: Option<&str>,
) -> Value {
    let last = &scan.pieces[end.saturating_sub(1).min(scan.len() - 1)];
    let (b1, u1) = if last.b1 >= st.b { (last.b1, last.u1) } else { (st.b, st.u) };
    Value {
        kind: kind.to_string(),
        start: st.u,
        end: u1,
        text: scan.text[st.b..b1].to_string(),
        value,
        modifier: modifier.map(str::to_string),
    }
}

/// A JSON number: an integer when whole.
fn num(v: f64) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// A number for an ISO string: `3.5`, `24`.
fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Year,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
}

fn duration(v: f64, unit: Unit) -> String {
    let n = fmt_num(v);
    match unit {
        Unit::Year => format!("P{n}Y"),
        Unit::Month => format!("P{n}M"),
        Unit::Week => format!("P{n}W"),
        Unit::Day => format!("P{n}D"),
        Unit::Hour => format!("PT{n}H"),
        Unit::Minute => format!("PT{n}M"),
        Unit::Second => format!("PT{n}S"),
    }
}

/// Time unit words that follow a count (singular forms too: 30 יום, 20 שנה).
fn unit_of(w: &str) -> Option<Unit> {
    Some(match w {
        "שנה" | "שנים" | "שנות" => Unit::Year,
        "חודש" | "חודשים" | "חודשי" => Unit::Month,
        "שבוע" | "שבועות" => Unit::Week,
        "יום" | "ימים" | "ימי" => Unit::Day,
        "שעה" | "שעות" => Unit::Hour,
        "דקה" | "דקות" => Unit::Minute,
        "שנייה" | "שניה" | "שניות" => Unit::Second,
        _ => return None,
    })
}

/// Dual time words: שנתיים, שעתיים...
fn dual_unit(w: &str) -> Option<Unit> {
    Some(match w {
        "שנתיים" => Unit::Year,
        "חודשיים" => Unit::Month,
        "שבועיים" => Unit::Week,
        "יומיים" => Unit::Day,
        "שעתיים" => Unit::Hour,
        "דקותיים" => Unit::Minute,
        _ => return None,
    })
}

/// Singular unit words that count as one: שנה וחצי, כשנה.
fn single_unit(w: &str) -> Option<Unit> {
    Some(match w {
        "שנה" => Unit::Year,
        "חודש" => Unit::Month,
        "שבוע" => Unit::Week,
        "יום" | "יממה" => Unit::Day,
        "שעה" => Unit::Hour,
        "דקה" => Unit::Minute,
        _ => return None,
    })
}

fn half_word(w: &str) -> Option<f64> {
    match w {
        "וחצי" => Some(0.5),
        "ורבע" => Some(0.25),
        _ => None,
    }
}

fn is_currency_symbol(s: &str) -> bool {
    currency_symbol(s).is_some()
}

fn currency_symbol(s: &str) -> Option<&'static str> {
    Some(match s {
        "₪" => "ILS",
        "$" => "USD",
        "€" => "EUR",
        "£" => "GBP",
        _ => return None,
    })
}

fn currency_after(p: &crate::scan::Piece) -> Option<&'static str> {
    if p.kind == PieceKind::Mark {
        return currency_symbol(&p.norm);
    }
    if p.kind != PieceKind::Letters || p.glued {
        return None;
    }
    Some(match p.norm.as_str() {
        "שקל" | "שקלים" | "ש\"ח" | "שח" | "ש\"ח." => "ILS",
        "דולר" | "דולרים" | "דולרי" => "USD",
        "יורו" | "אירו" => "EUR",
        "פאונד" | "ליש\"ט" => "GBP",
        "רובל" | "רובלים" => "RUB",
        _ => return None,
    })
}

/// Number words.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Nw {
    /// 1–9 (masculine, feminine and construct forms).
    Unit(f64),
    /// עשר / עשרה: 10, or +10 after a unit (שלוש עשרה).
    Ten,
    /// 20–90.
    Tens(f64),
    /// מאה (100, or ×100 after a unit).
    Hundred,
    /// מאות: ×100 after a unit, vague alone.
    Hundreds,
    /// Fixed amounts: מאתיים, אלפיים.
    Fixed(f64),
    /// Multipliers ≥ 1000; `true` for plural forms that are vague alone (אלפי, מיליונים).
    Mult(f64, bool),
    /// עשרות (vague tens).
    Dozens,
    /// חצי, רבע.
    Frac(f64),
}

fn number_word(w: &str) -> Option<Nw> {
    Some(match w {
        "אחד" | "אחת" => Nw::Unit(1.0),
        "שניים" | "שתיים" | "שתים" | "שני" | "שתי" => Nw::Unit(2.0),
        "שלושה" | "שלוש" | "שלושת" | "שלשה" | "שלש" | "שלשת" => Nw::Unit(3.0),
        "ארבעה" | "ארבע" | "ארבעת" => Nw::Unit(4.0),
        "חמישה" | "חמש" | "חמשת" | "חמשה" => Nw::Unit(5.0),
        "שישה" | "שש" | "ששת" | "ששה" => Nw::Unit(6.0),
        "שבעה" | "שבע" | "שבעת" => Nw::Unit(7.0),
        "שמונה" | "שמונת" => Nw::Unit(8.0),
        "תשעה" | "תשע" | "תשעת" => Nw::Unit(9.0),
        "עשרה" | "עשר" | "עשרת" => Nw::Ten,
        "עשרים" => Nw::Tens(20.0),
        "שלושים" | "שלשים" => Nw::Tens(30.0),
        "ארבעים" => Nw::Tens(40.0),
        "חמישים" => Nw::Tens(50.0),
        "שישים" | "ששים" => Nw::Tens(60.0),
        "שבעים" => Nw::Tens(70.0),
        "שמונים" => Nw::Tens(80.0),
        "תשעים" => Nw::Tens(90.0),
        "מאה" => Nw::Hundred,
        "מאות" => Nw::Hundreds,
        "מאתיים" => Nw::Fixed(200.0),
        "אלפיים" => Nw::Fixed(2000.0),
        "אלף" => Nw::Mult(1e3, false),
        "אלפים" | "אלפי" => Nw::Mult(1e3, true),
        "מיליון" | "מליון" => Nw::Mult(1e6, false),
        "מיליונים" | "מיליוני" | "מליוני" => Nw::Mult(1e6, true),
        "מיליארד" | "מליארד" => Nw::Mult(1e9, false),
        "מיליארדים" | "מיליארדי" | "מליארדי" => Nw::Mult(1e9, true),
        "טריליון" => Nw::Mult(1e12, false),
        "עשרות" => Nw::Dozens,
        "חצי" => Nw::Frac(0.5),
        "רבע" => Nw::Frac(0.25),
        _ => return None,
    })
}

/// Parses a plain number: digits with `,` thousands groups and one `.` decimal point.
fn plain_number(s: &str) -> Option<f64> {
    if s.contains([':', '/', '-']) {
        return None;
    }
    let (int, frac) = match s.split_once('.') {
        Some((a, b)) if !b.contains(['.', ',']) => (a, Some(b)),
        Some(_) => return None,
        None => (s, None),
    };
    let mut groups = int.split(',');
    let first = groups.next()?;
    if first.is_empty() {
        return None;
    }
    let mut digits = first.to_string();
    for g in groups {
        if g.len() != 3 || first.len() > 3 {
            return None;
        }
        digits.push_str(g);
    }
    let full = match frac {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    full.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Parses a count starting at piece `s`: digits (+ וחצי, + multiplier) or number words.
fn parse_qty(scan: &Scan, s: usize) -> Option<Qty> {
    let p = scan.get(s)?;
    if p.kind == PieceKind::Digits {
        let mut value = plain_number(&p.norm)?;
        let mut j = s + 1;
        if let Some(f) = scan.free_word(j).and_then(half_word) {
            value += f;
            j += 1;
        }
        if let Some(Nw::Mult(m, false)) = scan.free_word(j).and_then(number_word) {
            value *= m;
            j += 1;
            if let Some(f) = scan.free_word(j).and_then(half_word) {
                value += f * m;
                j += 1;
            }
        }
        return Some(Qty {
            value,
            vague: false,
            end: j,
            prefix: String::new(),
            b: p.b0,
            u: p.u0,
            frac_only: false,
            lone_one: false,
        });
    }
    if p.kind != PieceKind::Letters {
        return None;
    }
    // First word: prefix letters allowed (but not ה: המאה is "the century").
    let (k, first) = prefix_splits(&p.norm, false).find_map(|(k, r)| number_word(r).map(|w| (k, w)))?;
    let prefix: String = p.norm.chars().take(k).collect();
    let (b, u) = scan.after_letters(s, k);
    let mut total = 0.0;
    let mut section = 0.0;
    let mut vague = false;
    let mut prev: Option<Nw> = None;
    let mut last_mult = 1.0;
    let mut words = 0;
    let mut j = s;
    let mut w = Some(first);
    let mut lone_one = false;
    while let Some(nw) = w {
        let ok = match (prev, nw) {
            (None, _) => true,
            (Some(Nw::Frac(_)), Nw::Mult(_, false)) => true,
            (Some(Nw::Frac(_)), _) => false,
            (_, Nw::Frac(_)) => false,
            (Some(Nw::Unit(_)), Nw::Unit(_)) => false,
            (Some(Nw::Unit(_)), Nw::Tens(_)) => false,
            (Some(Nw::Ten), Nw::Ten) => false,
            (Some(Nw::Mult(..)), Nw::Mult(..)) => false,
            (Some(Nw::Dozens), Nw::Mult(..)) => true,
            (Some(Nw::Dozens), _) => false,
            (Some(Nw::Hundreds), Nw::Mult(..)) => true,
            _ => true,
        };
        if !ok {
            break;
        }
        match nw {
            Nw::Unit(v) => {
                section += v;
                lone_one = words == 0 && v == 1.0;
            }
            Nw::Ten => {
                section += 10.0;
                lone_one = false;
            }
            Nw::Tens(v) => section += v,
            Nw::Hundred => {
                section = if matches!(prev, Some(Nw::Unit(_))) { section * 100.0 } else { section + 100.0 };
            }
            Nw::Hundreds => {
                if matches!(prev, Some(Nw::Unit(_))) {
                    section *= 100.0;
                } else {
                    section += 100.0;
                    vague = true;
                }
                lone_one = false;
            }
            Nw::Fixed(v) => {
                if v >= 1000.0 {
                    total += v;
                } else {
                    section += v;
                }
            }
            Nw::Mult(m, plural) => {
                if section > 0.0 {
                    total += section * m;
                } else {
                    total += m;
                    vague |= plural;
                }
                section = 0.0;
                last_mult = m;
                lone_one = false;
            }
            Nw::Dozens => {
                section += 10.0;
                vague = true;
            }
            Nw::Frac(f) => section += f,
        }
        words += 1;
        j += 1;
        prev = Some(nw);
        // Next word: bare or with ו.
        w = None;
        if let Some(nx) = scan.free_word(j) {
            if let Some(f) = half_word(nx) {
                if !matches!(nw, Nw::Frac(_)) {
                    total += section + f * last_mult;
                    section = 0.0;
                    j += 1;
                    lone_one = false;
                    break;
                }
            }
            w = number_word(nx).or_else(|| nx.strip_prefix('ו').and_then(number_word));
        }
    }
    let value = total + section;
    let frac_only = words == 1 && matches!(first, Nw::Frac(_));
    Some(Qty { value, vague, end: j, prefix, b, u, frac_only, lone_one: lone_one && words == 1 })
}

/// The hedge before (or right after) a value; `date` turns off `עד` (until, not at most).
fn modifier(scan: &Scan, st: &Start, end: usize, date: bool) -> Option<&'static str> {
    if st.prefix.ends_with('כ') {
        return Some("approx");
    }
    if scan.free_word(end) == Some("בערך") {
        return Some("approx");
    }
    let prev = if st.outer == 0 { None } else { scan.word(st.outer - 1) };
    let first_prefix = st.prefix.chars().next();
    match (prev?, first_prefix) {
        ("כמעט" | "בערך" | "כ" | "בסביבות" | "סביב", _) => Some("approx"),
        ("קרוב", Some('ל')) => Some("approx"),
        ("מעל" | "מעלה", _) => Some("more_than"),
        ("למעלה" | "יותר", Some('מ')) => Some("more_than"),
        ("פחות", Some('מ')) => Some("less_than"),
        ("מתחת", Some('ל')) => Some("less_than"),
        ("לפחות", _) => Some("at_least"),
        ("היותר", _) if st.outer >= 2 && scan.word(st.outer - 2) == Some("לכל") => Some("at_most"),
        ("עד", _) if !date => Some("at_most"),
        _ => None,
    }
}

fn month_of(w: &str) -> Option<u32> {
    Some(match w {
        "ינואר" => 1,
        "פברואר" => 2,
        "מרץ" | "מרס" => 3,
        "אפריל" => 4,
        "מאי" => 5,
        "יוני" => 6,
        "יולי" => 7,
        "אוגוסט" => 8,
        "ספטמבר" => 9,
        "אוקטובר" => 10,
        "נובמבר" => 11,
        "דצמבר" => 12,
        _ => return None,
    })
}

fn days_in_month(y: Option<i32>, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 => match y {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        _ => 31,
    }
}

fn ymd(y: Option<i32>, m: u32, d: u32) -> Option<String> {
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(match y {
        Some(y) => format!("{y:04}-{m:02}-{d:02}"),
        None => format!("XXXX-{m:02}-{d:02}"),
    })
}

/// `2025-08-17`, `17.8.2025`, `17/8/25`, `14:30`, `14:30:05`.
fn digit_date_or_time(s: &str) -> Option<(&'static str, serde_json::Value)> {
    let sep = s.chars().find(|c| matches!(c, '.' | '/' | '-' | ':'))?;
    let parts: Vec<&str> = s.split(sep).collect();
    if parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let n = |p: &str| p.parse::<u32>().ok();
    if sep == ':' {
        if !(2..=3).contains(&parts.len()) || parts[0].len() > 2 || parts[1..].iter().any(|p| p.len() != 2) {
            return None;
        }
        let (h, m) = (n(parts[0])?, n(parts[1])?);
        if h > 24 || m > 59 || (h == 24 && m > 0) {
            return None;
        }
        return Some(match parts.get(2) {
            Some(sec) if n(sec)? <= 59 => ("time", json!(format!("T{h:02}:{m:02}:{sec}"))),
            Some(_) => return None,
            None => ("time", json!(format!("T{h:02}:{m:02}"))),
        });
    }
    if parts.len() != 3 {
        return None;
    }
    if sep == '-' && parts[0].len() == 4 {
        let y = parts[0].parse::<i32>().ok()?;
        return ymd(Some(y), n(parts[1])?, n(parts[2])?).map(|v| ("date", json!(v)));
    }
    if parts[0].len() > 2 || parts[1].len() > 2 || !(parts[2].len() == 2 || parts[2].len() == 4) {
        return None;
    }
    let mut y = parts[2].parse::<i32>().ok()?;
    if parts[2].len() == 2 {
        y += if y < 50 { 2000 } else { 1900 };
    }
    ymd(Some(y), n(parts[1])?, n(parts[0])?).map(|v| ("date", json!(v)))
}

fn year_of(p: &crate::scan::Piece) -> Option<i32> {
    if p.kind != PieceKind::Digits || p.norm.len() != 4 {
        return None;
    }
    p.norm.parse::<i32>().ok().filter(|y| (1000..=2999).contains(y))
}

/// A day and month without a year, marked as a date: `ב-17.8`, `ביום 17/8` → `XXXX-08-17`.
fn short_date(scan: &Scan, st: &Start) -> Option<(Value, usize)> {
    let s = st.piece;
    let p = scan.get(s)?;
    let sep = if p.norm.contains('.') { '.' } else { '/' };
    let (d, m) = p.norm.split_once(sep)?;
    if d.is_empty() || m.is_empty() || d.len() > 2 || m.len() > 2 {
        return None;
    }
    let marked = st.prefix.ends_with('ב')
        || (st.outer > 0 && matches!(scan.word(st.outer - 1), Some("ביום" | "מיום" | "יום" | "בתאריך")));
    if !marked {
        return None;
    }
    // Not a count: ב-2.5 מיליון, ב-3.5%.
    if let Some(n) = scan.get(s + 1) {
        let w = scan.free_word(s + 1);
        if n.norm == "%"
            || currency_after(n).is_some()
            || w.is_some_and(|w| unit_of(w).is_some() || number_word(w).is_some() || half_word(w).is_some())
        {
            return None;
        }
    }
    let v = ymd(None, m.parse().ok()?, d.parse().ok()?)?;
    Some((make(scan, "date", json!(v), st, s + 1, None), s + 1))
}

/// `17 באוגוסט 2025`, `17 באוגוסט`.
fn day_month_year(scan: &Scan, st: &Start) -> Option<(Value, usize)> {
    let s = st.piece;
    let d = scan.get(s)?.norm.parse::<u32>().ok()?;
    let mw = scan.free_word(s + 1)?;
    let m = prefix_splits(mw, false).filter(|(k, _)| *k <= 1).find_map(|(_, r)| month_of(r))?;
    let mut end = s + 2;
    let mut y = None;
    if let Some(yp) = scan.get(end).filter(|p| !p.glued) {
        if let Some(v) = year_of(yp) {
            y = Some(v);
            end += 1;
        }
    }
    let v = ymd(y, m, d)?;
    Some((make(scan, "date", json!(v), st, end, modifier(scan, st, end, true)), end))
}

/// `באוגוסט 2025` → `2025-08` (span without the prefix).
fn month_year(scan: &Scan, st: &Start) -> Option<(Value, usize)> {
    let s = st.piece;
    let p = scan.get(s)?;
    let (k, m) = prefix_splits(&p.norm, false).find_map(|(k, r)| month_of(r).map(|m| (k, m)))?;
    let y = scan.get(s + 1).filter(|p| !p.glued).and_then(year_of)?;
    let (b, u) = scan.after_letters(s, k);
    let st = Start { b, u, prefix: p.norm.chars().take(k).collect(), ..st.clone() };
    let v = format!("{y:04}-{m:02}");
    Some((make(scan, "date", json!(v), &st, s + 2, modifier(scan, &st, s + 2, true)), s + 2))
}

/// A four-digit year marked as one: `ב-2025`, `ב2025`, `בשנת 2025`, `מאז 2014`.
fn marked_year(scan: &Scan, st: &Start) -> Option<(Value, usize)> {
    let s = st.piece;
    let y = year_of(scan.get(s)?)?;
    // Not when a unit or multiplier follows (ב-2025 שנה is a count).
    if let Some(w) = scan.free_word(s + 1) {
        if unit_of(w).is_some() || number_word(w).is_some() || currency_after(scan.get(s + 1)?).is_some() {
            return None;
        }
    }
    if scan.get(s + 1).is_some_and(|p| p.norm == "%") {
        return None;
    }
    let marked = st.prefix.contains('ב')
        || (st.outer > 0
            && matches!(
                scan.word(st.outer - 1),
                Some(
                    "שנת"
                        | "בשנת"
                        | "משנת"
                        | "לשנת"
                        | "מאז"
                        | "עד"
                        | "מתחילת"
                        | "בתחילת"
                        | "בסוף"
                        | "מסוף"
                )
            ));
    if !marked {
        return None;
    }
    Some((make(scan, "date", json!(format!("{y:04}")), st, s + 1, None), s + 1))
}

/// Relative date phrases, longest first: (words, value). The first word may carry prefixes.
const RELATIVE: &[(&[&str], &str)] = &[
    (&["סוף", "השבוע"], "weekend"),
    (&["סוף", "שבוע"], "weekend"),
    (&["שבוע", "שעבר"], "last_week"),
    (&["שבוע", "הקודם"], "last_week"),
    (&["שבוע", "הבא"], "next_week"),
    (&["חודש", "שעבר"], "last_month"),
    (&["חודש", "הקודם"], "last_month"),
    (&["חודש", "הבא"], "next_month"),
    (&["שנה", "שעברה"], "last_year"),
    (&["שנה", "הקודמת"], "last_year"),
    (&["שנה", "הבאה"], "next_year"),
    (&["יום", "ראשון"], "sunday"),
    (&["יום", "שני"], "monday"),
    (&["יום", "שלישי"], "tuesday"),
    (&["יום", "רביעי"], "wednesday"),
    (&["יום", "חמישי"], "thursday"),
    (&["יום", "שישי"], "friday"),
    (&["יום", "שבת"], "saturday"),
    (&["סופ\"ש"], "weekend"),
    (&["אתמול"], "yesterday"),
    (&["היום"], "today"),
    (&["מחר"], "tomorrow"),
    (&["שלשום"], "day_before_yesterday"),
    (&["מחרתיים"], "day_after_tomorrow"),
    (&["אמש"], "last_night"),
    (&["הלילה"], "tonight"),
    (&["הבוקר"], "this_morning"),
    (&["השבוע"], "this_week"),
    (&["החודש"], "this_month"),
    (&["השנה"], "this_year"),
];

/// Words after היום/השנה... that make them "the day/year" rather than today/this year.
fn blocks_relative(next: Option<&str>) -> bool {
    matches!(
        next,
        Some(
            "הראשון"
                | "הראשונה"
                | "השני"
                | "השנייה"
                | "האחרון"
                | "האחרונה"
                | "הבא"
                | "הבאה"
                | "שבו"
                | "שבה"
                | "בו"
                | "בה"
                | "הקודם"
                | "הקודמת"
                | "שעבר"
                | "שעברה"
                | "החדשה"
                | "הזה"
                | "הזאת"
                | "ההוא"
                | "ההיא"
        )
    )
}

fn relative_date(scan: &Scan, st: &Start) -> Option<(Value, usize)> {
    let s = st.piece;
    let p = scan.get(s)?;
    // The word's prefix splits, found once for every pattern.
    let splits: Vec<(usize, &str)> = prefix_splits(&p.norm, true).collect();
    for &(words, rel) in RELATIVE {
        for &(k, r) in &splits {
            if r != words[0] {
                continue;
            }
            let rest_ok = words[1..].iter().enumerate().all(|(n, w)| scan.free_word(s + 1 + n) == Some(*w));
            if !rest_ok {
                continue;
            }
            let end = s + words.len();
            if words.len() == 1 && blocks_relative(scan.free_word(end)) {
                continue;
            }
            let (b, u) = scan.after_letters(s, k);
            let st = Start { b, u, prefix: p.norm.chars().take(k).collect(), ..st.clone() };
            return Some((make(scan, "date", json!({ "relative": rel }), &st, end, None), end));
        }
    }
    None
}

/// Durations without digits: שנתיים, בשנתיים, שנה וחצי, כשנה.
fn bare_duration(scan: &Scan, st: &Start) -> Option<(Value, usize)> {
    let s = st.piece;
    let p = scan.get(s)?;
    for (k, r) in prefix_splits(&p.norm, true) {
        let prefix: String = p.norm.chars().take(k).collect();
        let (value, unit, mut end) = if let Some(u) = dual_unit(r) {
            (2.0, u, s + 1)
        } else if let Some(u) = single_unit(r) {
            if r == "יום" && prefix.ends_with('כ') {
                continue; // כיום: nowadays
            }
            match scan.free_word(s + 1).and_then(half_word) {
                Some(f) => (1.0 + f, u, s + 2),
                None if prefix.ends_with('כ') => (1.0, u, s + 1),
                None => continue,
            }
        } else {
            continue;
        };
        let mut value = value;
        if value == 2.0 {
            if let Some(f) = scan.free_word(end).and_then(half_word) {
                value += f;
                end += 1;
            }
        }
        let (b, u) = scan.after_letters(s, k);
        let st = Start { b, u, prefix, ..st.clone() };
        let m = modifier(scan, &st, end, false);
        return Some((make(scan, "duration", json!(duration(value, unit)), &st, end, m), end));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::testutil::{fine_tokens, span16, ws_tokens};
    use serde_json::json;

    /// Values of `text` under both tokenizations (they must agree).
    fn vals(text: &str) -> Vec<Value> {
        let a = find_values(text, &ws_tokens(text));
        let b = find_values(text, &fine_tokens(text));
        assert_eq!(a, b, "tokenization changed the values of {text:?}");
        for v in &a {
            let s: String =
                String::from_utf16(&text.encode_utf16().collect::<Vec<_>>()[v.start..v.end]).unwrap();
            assert_eq!(s, v.text, "span and text disagree");
        }
        a
    }

    fn one(text: &str, needle: &str) -> Value {
        let vs = vals(text);
        let (s, e) = span16(text, needle, 0);
        vs.into_iter()
            .find(|v| v.start == s && v.end == e)
            .unwrap_or_else(|| panic!("no value spanning {needle:?} in {text:?}; got {:?}", vals(text)))
    }

    fn check(text: &str, needle: &str, kind: &str, value: serde_json::Value, modifier: Option<&str>) {
        let v = one(text, needle);
        assert_eq!(v.kind, kind, "{needle}");
        assert_eq!(v.value, value, "{needle}");
        assert_eq!(v.modifier.as_deref(), modifier, "{needle}");
    }

    #[test]
    fn sample_durations_and_numbers() {
        let t = "רוסיה ואוקראינה נעולות במלחמת התשה כבר קרוב ל-3 וחצי שנים.";
        check(t, "3 וחצי שנים", "duration", json!("P3.5Y"), Some("approx"));
        assert_eq!(vals(t).len(), 1, "3 is not reported again as a number");
        let t = "איבדו על פי הערכות מעל ל-100 אלף חיילים בחזית הלחימה";
        check(t, "100 אלף", "number", json!(100000), Some("more_than"));
        assert_eq!(vals(t).len(), 1);
        check("כי תושג הפסקת אש בין הצדדים “תוך 24 שעות”.", "24 שעות", "duration", json!("PT24H"), None);
        check("נכנס הנשיא טראמפ לפני כחצי שנה.", "חצי שנה", "duration", json!("P0.5Y"), Some("approx"));
        check("נותרים ברובם סטטיים בשנתיים האחרונות, כאשר", "שנתיים", "duration", json!("P2Y"), None);
        check(
            "לאחר ישיבה פנים מול פנים של מעל לשעתיים, שני",
            "שעתיים",
            "duration",
            json!("PT2H"),
            Some("more_than"),
        );
        check("במהלך סוף השבוע, נפגשו", "סוף השבוע", "date", json!({"relative": "weekend"}), None);
        check(" date 2025-08-17 טראמפ ופוטין", "2025-08-17", "date", json!("2025-08-17"), None);
        let t = "במחיר של מאות או אלפי הרוגים";
        check(t, "מאות", "number", json!(100), Some("vague"));
        check(t, "אלפי", "number", json!(1000), Some("vague"));
        // חודשים alone is not a value
        assert!(vals("לאחר חודשים של עליות ומורדות").is_empty());
    }

    #[test]
    fn dates() {
        check("נפגשו ב-17.8.2025 באלסקה", "17.8.2025", "date", json!("2025-08-17"), None);
        check("נפגשו ב17/8/2025 באלסקה", "17/8/2025", "date", json!("2025-08-17"), None);
        check("ב-1/2/99 נחתם", "1/2/99", "date", json!("1999-02-01"), None);
        check("הפסגה ב-17 באוגוסט 2025 הסתיימה", "17 באוגוסט 2025", "date", json!("2025-08-17"), None);
        check("הפסגה ב-17 באוגוסט הסתיימה", "17 באוגוסט", "date", json!("XXXX-08-17"), None);
        check("הפסגה התקיימה באוגוסט 2025.", "אוגוסט 2025", "date", json!("2025-08"), None);
        check("הבחירות ב-2025 יוכרעו", "2025", "date", json!("2025"), None);
        check("מאז 2014 נלחמים", "2014", "date", json!("2014"), None);
        check("בשנת 1999 נחתם", "1999", "date", json!("1999"), None);
        check("היו שם 2025 אנשים", "2025", "number", json!(2025), None);
        check("הפסגה ב-17.8 הסתיימה", "17.8", "date", json!("XXXX-08-17"), None);
        check("ביום 1/12 נפגשו", "1/12", "date", json!("XXXX-12-01"), None);
        check("גדל ב-2.5 מיליון", "2.5 מיליון", "number", json!(2500000), None);
        check("עלה ב-3.5%", "3.5%", "percent", json!(3.5), None);
        check("עלה ל-17.8 נקודות", "17.8", "number", json!(17.8), None);
        check(
            "סיוע של 1.5 מיליארד דולר",
            "1.5 מיליארד דולר",
            "money",
            json!({"amount": 1500000000, "currency": "USD"}),
            None,
        );
        assert!(vals("31.2.2025").iter().all(|v| v.kind != "date"));
    }

    #[test]
    fn relative_dates() {
        check("אתמול נפגשו", "אתמול", "date", json!({"relative": "yesterday"}), None);
        check("הוא אמר היום כי", "היום", "date", json!({"relative": "today"}), None);
        check("ייפגשו מחר בבוקר", "מחר", "date", json!({"relative": "tomorrow"}), None);
        check("כפי שנאמר בשבוע שעבר", "שבוע שעבר", "date", json!({"relative": "last_week"}), None);
        check("נפגשו בסוף השבוע", "סוף השבוע", "date", json!({"relative": "weekend"}), None);
        check("ביום שני הקרוב", "יום שני", "date", json!({"relative": "monday"}), None);
        check("עד היום לא", "היום", "date", json!({"relative": "today"}), None);
        assert!(vals("היום הראשון של המלחמה").is_empty());
    }

    #[test]
    fn times() {
        check("הפגישה בשעה 14:30 בדיוק", "14:30", "time", json!("T14:30"), None);
        check("ב-9:05:30", "9:05:30", "time", json!("T09:05:30"), None);
        assert!(vals("25:70").is_empty());
    }

    #[test]
    fn durations() {
        check("ל-3 וחצי שנים", "3 וחצי שנים", "duration", json!("P3.5Y"), None);
        check("במשך 3 שנים וחצי", "3 שנים וחצי", "duration", json!("P3.5Y"), None);
        check("במשך שלוש שנים", "שלוש שנים", "duration", json!("P3Y"), None);
        check("במשך שנה וחצי", "שנה וחצי", "duration", json!("P1.5Y"), None);
        check("נמשך 30 יום", "30 יום", "duration", json!("P30D"), None);
        check("עוד 10 דקות", "10 דקות", "duration", json!("PT10M"), None);
        check("תוך שבועיים", "שבועיים", "duration", json!("P2W"), None);
        check("לפני כשנה", "שנה", "duration", json!("P1Y"), Some("approx"));
        check("עד 24 שעות", "24 שעות", "duration", json!("PT24H"), Some("at_most"));
        check("עשרות שנים", "עשרות שנים", "duration", json!("P10Y"), Some("vague"));
        check("לפחות חמישה חודשים", "חמישה חודשים", "duration", json!("P5M"), Some("at_least"));
        assert!(vals("שנה טובה").is_empty());
    }

    #[test]
    fn numbers_digits_and_words() {
        check("יש 1,250,000 תושבים", "1,250,000", "number", json!(1250000), None);
        check("ממוצע של 3.75 נקודות", "3.75", "number", json!(3.75), None);
        check("גויסו 100 אלף חיילים", "100 אלף", "number", json!(100000), None);
        check("2.5 מיליון איש", "2.5 מיליון", "number", json!(2500000), None);
        check("שלוש מאות איש", "שלוש מאות", "number", json!(300), None);
        check("שלושה מיליון איש", "שלושה מיליון", "number", json!(3000000), None);
        check("שלושת אלפים איש", "שלושת אלפים", "number", json!(3000), None);
        check("עשרים ואחד חיילים", "עשרים ואחד", "number", json!(21), None);
        check("שלוש מאות ועשרים איש", "שלוש מאות ועשרים", "number", json!(320), None);
        check("שלוש עשרה בנות", "שלוש עשרה", "number", json!(13), None);
        check("מאתיים איש", "מאתיים", "number", json!(200), None);
        check("חצי מיליון איש", "חצי מיליון", "number", json!(500000), None);
        check("מיליון וחצי איש", "מיליון וחצי", "number", json!(1500000), None);
        check("שני הצדדים משתמשים", "שני", "number", json!(2), None);
        check("ולשני הצדדים", "שני", "number", json!(2), None);
        check("כשלוש מאות איש", "שלוש מאות", "number", json!(300), Some("approx"));
        check("עשרות אלפי מפגינים", "עשרות אלפי", "number", json!(10000), Some("vague"));
        // Lone אחד, lone חצי, המאה (the century) and השניים are not values.
        assert!(vals("אחד הדברים").is_empty());
        assert!(vals("חצי מהם").is_empty());
        assert!(vals("המאה העשרים").iter().all(|v| v.text != "מאה"));
        assert!(vals("050-1234567").is_empty());
    }

    #[test]
    fn percent_and_money() {
        check("עלייה של 24% בשנה", "24%", "percent", json!(24), None);
        check("עלייה של כ-24% בשנה", "24%", "percent", json!(24), Some("approx"));
        check("עלייה של 24 אחוז", "24 אחוז", "percent", json!(24), None);
        check("ירידה של שלושה אחוזים", "שלושה אחוזים", "percent", json!(3), None);
        check("עלה 100 ₪ בלבד", "100 ₪", "money", json!({"amount": 100, "currency": "ILS"}), None);
        check("עלה ₪100 בלבד", "₪100", "money", json!({"amount": 100, "currency": "ILS"}), None);
        check(
            "סיוע של 5 מיליון דולר",
            "5 מיליון דולר",
            "money",
            json!({"amount": 5000000, "currency": "USD"}),
            None,
        );
        check(
            "קנס של מיליון דולר",
            "מיליון דולר",
            "money",
            json!({"amount": 1000000, "currency": "USD"}),
            None,
        );
        check("עולה 30 שקלים", "30 שקלים", "money", json!({"amount": 30, "currency": "ILS"}), None);
        check("עולה 30 ש\"ח", "30 ש\"ח", "money", json!({"amount": 30, "currency": "ILS"}), None);
        check("עולה 40 יורו", "40 יורו", "money", json!({"amount": 40, "currency": "EUR"}), None);
        check("עולה $5", "$5", "money", json!({"amount": 5, "currency": "USD"}), None);
        check("מ-100 שקל", "100 שקל", "money", json!({"amount": 100, "currency": "ILS"}), None);
        assert!(vals("שקלים רבים").is_empty());
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in [
            "",
            " ",
            "-",
            "ל-",
            "ל-%",
            "₪",
            "$ ",
            "וחצי",
            "1.",
            "1,2,3",
            "9999999999999999999999",
            "👋 ב-2025 👋",
            "ש\"",
        ] {
            let _ = vals(t);
        }
    }
}
