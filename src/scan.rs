//! Character-level scanner shared by the rule-based layers ([`crate::values`], [`crate::quotes`],
//! [`crate::groups`]).
//!
//! Splits the text into *pieces*: runs of letters (with gershayim/geresh inside acronyms such as
//! ארה"ב or ג'פרי), runs of digits (with `.,:/-` between digits, so 2025-08-17 and 14:30 stay whole)
//! and single marks. Pieces never cross a token boundary, but a token may hold several pieces, so
//! the layers behave the same whether the tokenizer keeps `ל-3` whole or splits it into ל, -, 3.
//! One linear pass; offsets are both byte offsets (for slicing) and UTF-16 offsets (for output).

use crate::document::Token;

/// Character class of a [`Piece`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PieceKind {
    /// Letters (Hebrew, Latin...), with nikud and acronym marks inside.
    Letters,
    /// ASCII digits, with separators between digits.
    Digits,
    /// One other non-space character.
    Mark,
}

/// A run of same-class characters inside one token.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    /// Character class.
    pub kind: PieceKind,
    /// Byte range in the text.
    pub b0: usize,
    /// End of the byte range.
    pub b1: usize,
    /// UTF-16 start.
    pub u0: usize,
    /// UTF-16 end.
    pub u1: usize,
    /// No whitespace between this piece and the previous one.
    pub glued: bool,
    /// A line break lies between this piece and the previous one.
    pub nl_before: bool,
    /// Index of the token holding the piece, when one does.
    pub token: Option<usize>,
    /// Letters: nikud removed, quote-like marks unified to `"` and `'`. Others: the text itself.
    pub norm: String,
}

/// A position in the text: (byte offset, UTF-16 offset).
type Pos = (usize, usize);

/// The pieces of a text.
#[derive(Debug)]
pub(crate) struct Scan<'a> {
    /// The scanned text.
    pub text: &'a str,
    /// Pieces in text order.
    pub pieces: Vec<Piece>,
}

/// Hebrew points and cantillation marks (combining; part of the word they sit on).
pub(crate) fn is_point(c: char) -> bool {
    matches!(
        c,
        '\u{0591}'..='\u{05BD}' | '\u{05BF}' | '\u{05C1}' | '\u{05C2}' | '\u{05C4}' | '\u{05C5}' | '\u{05C7}'
    )
}

/// A letter of any script (Hebrew and ASCII answered without the Unicode tables).
pub(crate) fn is_letter(c: char) -> bool {
    match c {
        'א'..='ת' | 'a'..='z' | 'A'..='Z' => true,
        _ if c.is_ascii() => false,
        _ => c.is_alphabetic() && !is_point(c),
    }
}

/// Double quotation mark or gershayim, in any of its common encodings.
pub(crate) fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{05F4}' | '\u{201C}' | '\u{201D}' | '\u{201E}')
}

/// Single quotation mark or geresh, in any of its common encodings.
pub(crate) fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{05F3}' | '\u{2018}' | '\u{2019}')
}

/// Hebrew prefix letters (ו, ב, כ, ל, מ, ש, ה) that attach to the next word.
pub(crate) fn is_prefix_letter(c: char) -> bool {
    matches!(c, 'ו' | 'ב' | 'כ' | 'ל' | 'מ' | 'ש' | 'ה')
}

/// Normalises a letters run: drops points, unifies gershayim to `"` and geresh to `'`.
pub(crate) fn normalize(s: &str) -> String {
    s.chars()
        .filter(|&c| !is_point(c))
        .map(|c| {
            if is_double_quote(c) {
                '"'
            } else if is_single_quote(c) {
                '\''
            } else {
                c
            }
        })
        .collect()
}

impl<'a> Scan<'a> {
    /// Scans `text`; `tokens` (UTF-16 spans into `text`) only add split points.
    pub fn new(text: &'a str, tokens: &[Token]) -> Scan<'a> {
        let mut bounds: Vec<usize> = Vec::with_capacity(tokens.len() * 2);
        for t in tokens {
            bounds.push(t.start);
            bounds.push(t.end);
        }
        bounds.sort_unstable();
        bounds.dedup();
        let mut bi = 0; // next boundary >= current position
        let mut ti = 0; // first token whose end > current position
        // Characters are decoded on the fly (a Vec of every char's offsets cost 12–24 bytes per
        // character, 3 times per document); `Pos` is a (byte, UTF-16) position.
        let char_at = |p: Pos| text.get(p.0..).and_then(|r| r.chars().next()).map(|c| (c, (p.0 + c.len_utf8(), p.1 + c.len_utf16())));
        // Pieces are about as many as tokens: reserving avoids doubling (and copying) the Vec.
        let mut pieces: Vec<Piece> = Vec::with_capacity(tokens.len() + tokens.len() / 4 + 1);
        let mut gap = true;
        let mut nl = false;
        let mut pos: Pos = (0, 0);
        while let Some((c, after)) = char_at(pos) {
            let (b, u) = pos;
            if c.is_whitespace() {
                gap = true;
                nl |= c == '\n' || c == '\r';
                pos = after;
                continue;
            }
            while bi < bounds.len() && bounds[bi] <= u {
                bi += 1;
            }
            let next_bound = bounds.get(bi).copied().unwrap_or(usize::MAX);
            while ti < tokens.len() && tokens[ti].end <= u {
                ti += 1;
            }
            let token = tokens.get(ti).filter(|t| t.start <= u).map(|_| ti);
            // The character at `p` and the position after it, unless `p` is at a split point.
            let at = |p: Pos| char_at(p).filter(|_| p.1 < next_bound);
            let ch = |p: Pos| at(p).map(|x| x.0);
            let mut j = after;
            let kind = if is_letter(c) {
                let mut letters = 1;
                while let Some((d, next)) = at(j) {
                    if is_letter(d) || is_point(d) {
                        letters += usize::from(is_letter(d));
                        j = next;
                    } else if (is_double_quote(d) || is_single_quote(d))
                        && !matches!(d, '\u{201C}' | '\u{201E}' | '\u{2018}')
                        && ch(next).is_some_and(is_letter)
                    {
                        j = next;
                    } else if is_single_quote(d)
                        && letters <= 5
                        && !ch(next).is_some_and(|e| e.is_alphanumeric())
                    {
                        j = next; // abbreviation: פרופ'
                        break;
                    } else {
                        break;
                    }
                }
                PieceKind::Letters
            } else if c.is_ascii_digit() {
                while let Some((d, next)) = at(j) {
                    if d.is_ascii_digit()
                        || (matches!(d, '.' | ',' | ':' | '/' | '-')
                            && ch(next).is_some_and(|e| e.is_ascii_digit()))
                    {
                        j = next;
                    } else {
                        break;
                    }
                }
                PieceKind::Digits
            } else {
                PieceKind::Mark
            };
            let (b1, u1) = j;
            let raw = &text[b..b1];
            let norm = if kind == PieceKind::Letters { normalize(raw) } else { raw.to_string() };
            pieces.push(Piece { kind, b0: b, b1, u0: u, u1, glued: !gap, nl_before: nl, token, norm });
            gap = false;
            nl = false;
            pos = j;
        }
        Scan { text, pieces }
    }

    /// Number of pieces.
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    /// The piece at `i`, if any.
    pub fn get(&self, i: usize) -> Option<&Piece> {
        self.pieces.get(i)
    }

    /// Normalised letters of piece `i`, when it is a letters piece.
    pub fn word(&self, i: usize) -> Option<&str> {
        self.pieces.get(i).filter(|p| p.kind == PieceKind::Letters).map(|p| p.norm.as_str())
    }

    /// Letters of piece `i` when it is a letters piece separated from the previous piece by space.
    pub fn free_word(&self, i: usize) -> Option<&str> {
        self.pieces.get(i).filter(|p| p.kind == PieceKind::Letters && !p.glued).map(|p| p.norm.as_str())
    }

    /// Byte and UTF-16 offsets just after the first `k` letters of letters piece `i` (and the
    /// points on them): where a word starts once its `k` prefix letters are stripped.
    pub fn after_letters(&self, i: usize, k: usize) -> (usize, usize) {
        let p = &self.pieces[i];
        let (mut b, mut u) = (p.b0, p.u0);
        let mut seen = 0;
        for c in self.text[p.b0..p.b1].chars() {
            if seen == k && !is_point(c) {
                break;
            }
            if !is_point(c) {
                seen += 1;
            }
            b += c.len_utf8();
            u += c.len_utf16();
        }
        (b, u)
    }

    /// Index of the first piece that ends after UTF-16 offset `u`.
    pub fn piece_at(&self, u: usize) -> usize {
        self.pieces.partition_point(|p| p.u1 <= u)
    }
}

/// Ways to read `word` as prefix letters + a word: `(k, rest)` with `k` prefix letters (0 first,
/// at most 3, `ה` only when `allow_he`), `rest` at least two letters long.
pub(crate) fn prefix_splits(word: &str, allow_he: bool) -> impl Iterator<Item = (usize, &str)> {
    let mut out: [(usize, &str); 4] = [(0, word), (0, ""), (0, ""), (0, "")];
    let mut n = 1;
    for (k, (idx, c)) in word.char_indices().enumerate().take(3) {
        if !is_prefix_letter(c) || (c == 'ה' && !allow_he) {
            break;
        }
        let rest = &word[idx + c.len_utf8()..];
        if rest.chars().count() < 2 {
            break;
        }
        out[n] = (k + 1, rest);
        n += 1;
    }
    out.into_iter().take(n)
}

#[cfg(test)]
pub(crate) mod testutil {
    //! Helpers that build tokens and entities by hand for unit tests.
    use super::*;
    use crate::document::{Entity, Morpheme, TokenKind};

    fn token(text: &str, b0: usize, b1: usize, u0: usize, u1: usize) -> Token {
        let t = &text[b0..b1];
        let first = t.chars().next().unwrap_or(' ');
        let kind = if first.is_ascii_digit() {
            TokenKind::Number
        } else if is_letter(first) {
            TokenKind::Word
        } else {
            TokenKind::Punct
        };
        let m = Morpheme { form: t.into(), upos: "X".into(), lemma: t.into(), ..Morpheme::default() };
        Token { start: u0, end: u1, text: t.into(), kind, morphemes: vec![m] }
    }

    /// Whitespace-only tokens, like the placeholder tokenizer (`ל-3` and `“תוך` stay whole).
    pub fn ws_tokens(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut start: Option<(usize, usize)> = None;
        let mut u = 0;
        for (b, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            if c.is_whitespace() {
                if let Some((sb, su)) = start.take() {
                    out.push(token(text, sb, b, su, u));
                }
            } else if start.is_none() {
                start = Some((b, u));
            }
            u += c.len_utf16();
        }
        out
    }

    /// Fine tokens, like the real tokenizer: letter runs (acronym marks inside), digit runs and
    /// single punctuation marks (`ל-3` → ל, -, 3; `“תוך` → “, תוך).
    pub fn fine_tokens(text: &str) -> Vec<Token> {
        let ws = ws_tokens(text);
        let scan = Scan::new(text, &ws);
        scan.pieces.iter().map(|p| token(text, p.b0, p.b1, p.u0, p.u1)).collect()
    }

    /// UTF-16 span of the `nth` occurrence of `needle` in `text`.
    pub fn span16(text: &str, needle: &str, nth: usize) -> (usize, usize) {
        let b =
            text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("{needle:?} #{nth} not in text")).0;
        let u0 = text[..b].encode_utf16().count();
        (u0, u0 + needle.encode_utf16().count())
    }

    /// An entity for the `nth` occurrence of `needle`.
    pub fn ent(text: &str, label: &str, needle: &str, nth: usize) -> Entity {
        let (start, end) = span16(text, needle, nth);
        Entity {
            label: label.into(),
            start,
            end,
            text: needle.into(),
            token_start: 0,
            token_end: 0,
            morpheme_start: 0,
            morpheme_end: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testutil::*;
    use super::*;

    #[test]
    fn pieces_split_prefix_hyphen_digits_and_keep_acronyms() {
        let text = "מעל ל-100 אלף, נשיא ארה”ב ו“תוך 24 שעות” 2025-08-17 פרופ' כהן";
        for toks in [ws_tokens(text), fine_tokens(text)] {
            let s = Scan::new(text, &toks);
            let norms: Vec<&str> = s.pieces.iter().map(|p| p.norm.as_str()).collect();
            assert_eq!(
                norms,
                [
                    "מעל",
                    "ל",
                    "-",
                    "100",
                    "אלף",
                    ",",
                    "נשיא",
                    "ארה\"ב",
                    "ו",
                    "“",
                    "תוך",
                    "24",
                    "שעות",
                    "”",
                    "2025-08-17",
                    "פרופ'",
                    "כהן"
                ]
            );
            let l = &s.pieces[1];
            assert!(!l.glued && s.pieces[2].glued && s.pieces[3].glued);
            assert_eq!(&text[s.pieces[3].b0..s.pieces[3].b1], "100");
            assert_eq!(span16(text, "100", 0), (s.pieces[3].u0, s.pieces[3].u1));
        }
    }

    #[test]
    fn prefix_splits_try_bare_word_first() {
        let v: Vec<_> = prefix_splits("בשנתיים", true).collect();
        assert_eq!(v, [(0, "בשנתיים"), (1, "שנתיים"), (2, "נתיים")]);
        let v: Vec<_> = prefix_splits("השלושה", false).collect();
        assert_eq!(v, [(0, "השלושה")]);
        assert_eq!(prefix_splits("", true).count(), 1);
    }

    #[test]
    fn utf16_offsets_with_emoji_and_points() {
        let text = "👋 שָׁלוֹם 12";
        let s = Scan::new(text, &[]);
        assert_eq!(s.pieces[1].norm, "שלום");
        assert_eq!(s.pieces[2].u0, span16(text, "12", 0).0);
        let l = text.find('ל').unwrap();
        assert_eq!(s.after_letters(1, 1), (l, text[..l].encode_utf16().count()));
    }
}
