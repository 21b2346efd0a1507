//! URLs, bare domains and e-mail addresses. Each scan starting at unit `i` either finds a token or
//! reports an index before which no such token can start, so the caller never rescans a run.

use super::chars::{Class, Unit};
use crate::document::TokenKind;

/// Result of [`scan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    /// A URL or e-mail token ends at this unit index (exclusive).
    Found(usize, TokenKind),
    /// No URL or e-mail starts at any unit before this index (from the scanned start).
    NotBefore(usize),
}

/// Top-level domains accepted for bare domains without a scheme (`ynet.co.il`).
const TLDS: &[&str] = &[
    "com", "org", "net", "il", "gov", "edu", "io", "uk", "ru", "de", "fr", "info", "biz", "me", "tv", "ai",
    "app", "dev", "ly", "news", "us", "eu", "ua", "ca", "int", "mil",
];

const SCHEMES: &[&str] = &["http://", "https://", "ftp://", "www."];

fn local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn label_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// Characters that never belong to a URL.
fn url_stop(u: &Unit) -> bool {
    matches!(u.class, Class::Space | Class::Break) || matches!(u.ch, '"' | '<' | '>' | '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}' | '\u{05F4}')
}

/// Extends a URL from unit `j` to its end, then trims trailing punctuation (keeping a `)` that
/// closes a `(` inside the URL).
fn url_end(u: &[Unit], mut j: usize) -> usize {
    let start = j;
    let mut opens = 0usize;
    let mut closes = 0usize;
    while j < u.len() && !url_stop(&u[j]) {
        match u[j].ch {
            '(' => opens += 1,
            ')' => closes += 1,
            _ => {}
        }
        j += 1;
    }
    while j > start {
        let c = u[j - 1].ch;
        if c == ')' && closes <= opens {
            break;
        }
        if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '\u{2019}' | ')' | ']' | '}' | '\u{05F3}') {
            if c == ')' {
                closes -= 1;
            }
            j -= 1;
        } else {
            break;
        }
    }
    j
}

/// Checks `labels` (dot-separated) as a domain: two or more non-empty labels of letters, digits
/// and hyphens, the last one alphabetic; `tld_list` additionally requires a known last label.
fn valid_domain(d: &str, tld_list: bool) -> bool {
    let mut count = 0;
    let mut last = "";
    for l in d.split('.') {
        if l.is_empty() || !l.chars().all(label_char) || l.starts_with('-') || l.ends_with('-') {
            return false;
        }
        count += 1;
        last = l;
    }
    count >= 2
        && last.len() >= 2
        && last.chars().all(|c| c.is_ascii_alphabetic())
        && (!tld_list || TLDS.contains(&last.to_ascii_lowercase().as_str()))
}

/// Tries a URL, bare domain or e-mail address at unit `i` of `u` (units of `text`).
pub fn scan(text: &str, u: &[Unit], i: usize) -> Scan {
    let Some(first) = u.get(i) else { return Scan::NotBefore(i + 1) };
    if !matches!(first.class, Class::Latin | Class::Digit) || !first.ch.is_ascii() {
        return Scan::NotBefore(i + 1);
    }
    let rest = text.get(first.start..).unwrap_or("");
    for s in SCHEMES {
        if rest.len() >= s.len() && rest.as_bytes()[..s.len()].eq_ignore_ascii_case(s.as_bytes()) {
            // Skip the scheme's units (all ASCII, one unit per byte unless marks follow).
            let mut j = i;
            while j < u.len() && u[j].end <= first.start + s.len() {
                j += 1;
            }
            let end = url_end(u, j);
            if end > j {
                return Scan::Found(end, TokenKind::Url);
            }
            return Scan::NotBefore(i + 1);
        }
    }
    // The run of characters that may form a local part or a domain.
    let mut k = i;
    while k < u.len() && u[k].ch.is_ascii() && local_char(u[k].ch) && u[k].end == u[k].start + 1 {
        k += 1;
    }
    let slice = |a: usize, b: usize| -> &str {
        match (u.get(a), u.get(b.wrapping_sub(1))) {
            (Some(x), Some(y)) if b > a => text.get(x.start..y.end).unwrap_or(""),
            _ => "",
        }
    };
    if u.get(k).is_some_and(|x| x.ch == '@') {
        let mut d = k + 1;
        while d < u.len() && (label_char(u[d].ch) || u[d].ch == '.') && u[d].end == u[d].start + 1 {
            d += 1;
        }
        let mut e = d;
        while e > k + 1 && matches!(u[e - 1].ch, '.' | '-') {
            e -= 1;
        }
        let local = slice(i, k);
        let local_ok = !local.starts_with('.') && !local.ends_with('.') && !local.is_empty();
        let next_ok = !u.get(e).is_some_and(|x| !matches!(x.class, Class::Space | Class::Break | Class::Other));
        if local_ok && next_ok && valid_domain(slice(k + 1, e), false) {
            return Scan::Found(e, TokenKind::Email);
        }
        return Scan::NotBefore(d.max(k));
    }
    // Bare domain: ynet.co.il, optionally with a path.
    let mut e = k;
    while e > i && matches!(u[e - 1].ch, '.' | '-') {
        e -= 1;
    }
    let next_ok = !u.get(e).is_some_and(|x| !matches!(x.class, Class::Space | Class::Break | Class::Other));
    let dom = slice(i, e);
    if next_ok && dom.bytes().any(|b| b.is_ascii_alphabetic()) && valid_domain(dom, true) {
        let end = if u.get(e).is_some_and(|x| x.ch == '/') { url_end(u, e) } else { e };
        return Scan::Found(end, TokenKind::Url);
    }
    Scan::NotBefore(k)
}
