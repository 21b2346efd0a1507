//! Universal part-of-speech tags as small integers, and Hebrew-aware string normalisation.

/// The 17 UD part-of-speech tags, plus `_` (unknown) at the end.
pub const UPOS: [&str; 18] = [
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
    "SCONJ", "SYM", "VERB", "X", "_",
];

/// Index of `_` in [`UPOS`].
pub const UNKNOWN: u8 = 17;
/// Index of NOUN in [`UPOS`].
pub const NOUN: u8 = 7;
/// Index of NUM in [`UPOS`].
pub const NUM: u8 = 8;
/// Index of PROPN in [`UPOS`].
pub const PROPN: u8 = 11;
/// Index of PUNCT in [`UPOS`].
pub const PUNCT: u8 = 12;
/// Index of SYM in [`UPOS`].
pub const SYM: u8 = 14;
/// Index of X in [`UPOS`].
pub const X: u8 = 16;

/// The tag's index in [`UPOS`], or [`UNKNOWN`].
pub fn upos_id(tag: &str) -> u8 {
    UPOS.iter().position(|t| *t == tag).map_or(UNKNOWN, |i| i as u8)
}

/// The tag's name.
pub fn upos_name(id: u8) -> &'static str {
    UPOS.get(id as usize).copied().unwrap_or("_")
}

/// The tag given to a token that no model analysed, by its kind (punctuation → PUNCT, ...).
pub fn upos_for_kind(kind: crate::document::TokenKind) -> u8 {
    use crate::document::TokenKind as K;
    match kind {
        K::Punct => PUNCT,
        K::Number => NUM,
        K::Symbol => SYM,
        K::Latin => PROPN,
        K::Word | K::Url | K::Email => X,
    }
}

/// True for Hebrew points and cantillation marks (niqqud, te'amim), which lookups ignore.
pub fn is_hebrew_mark(c: char) -> bool {
    matches!(c, '\u{0591}'..='\u{05BD}' | '\u{05BF}' | '\u{05C1}'..='\u{05C2}' | '\u{05C4}'..='\u{05C5}' | '\u{05C7}')
}

/// The form used for dictionary lookups: niqqud and invisible marks dropped, geresh and gershayim
/// variants mapped to the ASCII `'` and `"` that the treebank uses.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if is_hebrew_mark(c) => {}
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' => {}
            '\u{05F3}' | '\u{2019}' | '\u{2018}' | '\u{00B4}' | '`' => out.push('\''),
            '\u{05F4}' | '\u{201C}' | '\u{201D}' | '\u{201E}' => out.push('"'),
            c => out.push(c),
        }
    }
    out
}

/// [`normalize`], without a copy when `s` has nothing to change (only Hebrew letters and ASCII
/// other than a backquote).
pub fn normalized(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().all(|c| ('\u{05D0}'..='\u{05EA}').contains(&c) || c.is_ascii()) && !s.contains('`') {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(normalize(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for (i, t) in UPOS.iter().enumerate() {
            assert_eq!(upos_id(t), i as u8);
            assert_eq!(upos_name(i as u8), *t);
        }
        assert_eq!(upos_id("BOGUS"), UNKNOWN);
    }

    /// `normalized` borrows what `normalize` would leave as it is, and copies the rest.
    #[test]
    fn normalized_borrows_plain_forms() {
        for s in ["ירושלים", "ארה\"ב", "abc", "", "ג׳רזי", "שָׁלוֹם", "a`b", "\u{200F}ב"] {
            let n = normalized(s);
            assert_eq!(n, normalize(s), "{s}");
            assert_eq!(matches!(n, std::borrow::Cow::Borrowed(_)), normalize(s) == s, "{s}");
        }
    }

    #[test]
    fn normalize_drops_niqqud_and_unifies_gershayim() {
        assert_eq!(normalize("שָׁלוֹם"), "שלום");
        assert_eq!(normalize("ארה”ב"), "ארה\"ב");
        assert_eq!(normalize("ארה״ב"), "ארה\"ב");
        assert_eq!(normalize("ג’פרי"), "ג'פרי");
    }
}
