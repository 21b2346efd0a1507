//! Character classes for the scanner, and the "unit" view of the input: base characters with their
//! combining marks (niqqud, cantillation, emoji modifiers) attached, invisible format marks skipped.

use crate::document::TokenKind;

/// Coarse class of a unit's base character, as the tokenizer sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Whitespace, including NBSP and line breaks.
    Space,
    /// An invisible separator (zero-width space, bidi marks and isolates): ends a token but is not
    /// whitespace and belongs to no token.
    Break,
    /// A Hebrew letter (U+05D0–U+05EA, Yiddish ligatures, presentation forms).
    Hebrew,
    /// A Latin-script letter.
    Latin,
    /// A letter of any other script (Arabic, Cyrillic, ...).
    OtherLetter,
    /// A decimal digit.
    Digit,
    /// Punctuation, symbols, emoji, stray marks.
    Other,
}

/// One base character plus the marks attached to it, as a byte range of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    /// Byte offset of the base character.
    pub start: usize,
    /// Byte offset one past the last attached mark.
    pub end: usize,
    /// The base character.
    pub ch: char,
    /// Its class.
    pub class: Class,
}

/// True for Hebrew letters, including final forms, Yiddish ligatures and presentation forms.
pub fn is_hebrew_letter(c: char) -> bool {
    matches!(c, '\u{05D0}'..='\u{05EA}' | '\u{05EF}'..='\u{05F2}' | '\u{FB1D}' | '\u{FB1F}'..='\u{FB28}' | '\u{FB2A}'..='\u{FB4F}')
}

/// True for the one-letter Hebrew prefixes that can precede a quote, a hyphen or a number.
pub fn is_prefix_letter(c: char) -> bool {
    matches!(c, 'ה' | 'ו' | 'ב' | 'ל' | 'מ' | 'ש' | 'כ')
}

/// True for combining marks that belong to the preceding character: niqqud and cantillation
/// (U+0591–U+05C7 except the punctuation maqaf, paseq, sof pasuq and nun hafukha), other
/// combining diacritics, variation selectors, joiners and emoji skin-tone modifiers.
pub fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05BD}'
        | '\u{05BF}'
        | '\u{05C1}'..='\u{05C2}'
        | '\u{05C4}'..='\u{05C5}'
        | '\u{05C7}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}'..='\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FB1E}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}')
}

/// True for invisible format characters (bidi marks and embeddings, isolates, zero-width space,
/// word joiner, BOM, soft hyphen). They are not tokens: inside a word they stay inside its span,
/// between tokens they belong to no token.
pub fn is_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}'
        | '\u{061C}'
        | '\u{180E}'
        | '\u{200B}'
        | '\u{200E}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}')
}

/// True for the format characters that separate tokens (zero-width space, LRM/RLM/ALM, bidi
/// embeddings, overrides and isolates). The other format characters (soft hyphen, word joiner,
/// BOM) are invisible inside a word.
pub fn is_format_separator(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200B}' | '\u{200E}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// True for line-break characters; `\r\n` is counted once by the caller.
pub fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}')
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
            && c != '\u{00D7}'
            && c != '\u{00F7}'
}

fn is_digit(c: char) -> bool {
    matches!(c, '0'..='9' | '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' | '\u{FF10}'..='\u{FF19}')
}

/// Classifies a base character.
pub fn class_of(c: char) -> Class {
    if c.is_whitespace() {
        Class::Space
    } else if is_hebrew_letter(c) {
        Class::Hebrew
    } else if is_digit(c) {
        Class::Digit
    } else if is_mark(c) || is_format(c) {
        Class::Other
    } else if is_latin_letter(c) {
        Class::Latin
    } else if c.is_alphabetic() {
        Class::OtherLetter
    } else {
        Class::Other
    }
}

/// True for letter and digit classes (the body of a word).
pub fn is_alnum(c: Class) -> bool {
    matches!(c, Class::Hebrew | Class::Latin | Class::OtherLetter | Class::Digit)
}

/// Gershayim-like characters: `"` U+0022, `״` U+05F4, `“` U+201C, `”` U+201D.
pub fn is_gershayim_like(c: char) -> bool {
    matches!(c, '"' | '\u{05F4}' | '\u{201C}' | '\u{201D}')
}

/// Geresh-like characters: `'` U+0027, `׳` U+05F3, `’` U+2019.
pub fn is_geresh_like(c: char) -> bool {
    matches!(c, '\'' | '\u{05F3}' | '\u{2019}')
}

/// Which family of quotation marks a character belongs to, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteFamily {
    /// `" ״ “ ” „ « »`
    Double,
    /// `' ׳ ‘ ’ ‚ ‹ ›`
    Single,
}

/// The quotation-mark family of `c`.
pub fn quote_family(c: char) -> Option<QuoteFamily> {
    match c {
        '"' | '\u{05F4}' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => {
            Some(QuoteFamily::Double)
        }
        '\'' | '\u{05F3}' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2039}' | '\u{203A}' => {
            Some(QuoteFamily::Single)
        }
        _ => None,
    }
}

/// True for hyphen characters that can join number ranges and Latin compounds (not dashes, not
/// maqaf).
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// True for characters that end a sentence: `. ? ! …` and their Hebrew/Arabic/fullwidth cousins.
pub fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '\u{2026}' | '\u{05C3}' | '\u{061F}' | '\u{06D4}' | '\u{3002}' | '\u{FF01}' | '\u{FF1F}' | '\u{FF0E}')
}

/// True for opening brackets.
pub fn is_open_bracket(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '\u{FF08}' | '\u{3008}' | '\u{300A}')
}

/// True for closing brackets.
pub fn is_close_bracket(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '\u{FF09}' | '\u{3009}' | '\u{300B}')
}

/// Token kind of a single non-word character: [`TokenKind::Punct`] or [`TokenKind::Symbol`].
pub fn punct_kind(c: char) -> TokenKind {
    // Fullwidth ASCII behaves like ASCII.
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if c.is_ascii() {
        return if "#$%&+<=>@^`|~".contains(c) { TokenKind::Symbol } else { TokenKind::Punct };
    }
    match c {
        '\u{2030}' | '\u{2031}' | '\u{2044}' => TokenKind::Symbol,
        '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
        | '\u{05BE}' | '\u{05C0}' | '\u{05C3}' | '\u{05C6}' | '\u{05F3}' | '\u{05F4}'
        | '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}'
        | '\u{2E00}'..='\u{2E4F}' | '\u{3000}'..='\u{303F}' | '\u{FE50}'..='\u{FE6B}' => TokenKind::Punct,
        _ => TokenKind::Symbol,
    }
}

fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

/// Splits `text` into units: each non-format character starts a unit, combining marks extend the
/// previous non-space unit, a zero-width joiner glues the next character on (emoji sequences), and
/// two regional indicators form one flag. Separator format characters make [`Class::Break`] units;
/// the other format characters are skipped (they make no unit, so a word spans them).
pub fn units(text: &str) -> Vec<Unit> {
    // At most one unit per character: reserving that many never reallocates (growing a Vec of
    // units for 10 MB of Hebrew briefly held the old and the doubled buffer, 230 MB in WASM).
    let mut out: Vec<Unit> = Vec::with_capacity(text.chars().count());
    let mut join_next = false;
    let mut ri_open = false;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if is_format_separator(c) {
            out.push(Unit { start: i, end, ch: c, class: Class::Break });
            join_next = false;
            ri_open = false;
            continue;
        }
        if is_format(c) {
            continue;
        }
        let attachable = matches!(out.last(), Some(u) if u.class != Class::Space && u.class != Class::Break);
        if attachable && (is_mark(c) || (join_next && !c.is_whitespace())) {
            if let Some(u) = out.last_mut() {
                u.end = end;
            }
            join_next = c == '\u{200D}';
            continue;
        }
        if attachable && ri_open && is_regional_indicator(c) {
            if let Some(u) = out.last_mut() {
                u.end = end;
            }
            ri_open = false;
            continue;
        }
        join_next = false;
        ri_open = is_regional_indicator(c);
        out.push(Unit { start: i, end, ch: c, class: class_of(c) });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn niqqud_attaches_to_letter() {
        let u = units("שָׁלוֹם");
        assert_eq!(u.len(), 4);
        assert!(u.iter().all(|u| u.class == Class::Hebrew));
        assert_eq!(u[3].end, "שָׁלוֹם".len());
    }

    #[test]
    fn maqaf_is_not_a_mark() {
        assert!(!is_mark('\u{05BE}'));
        assert_eq!(class_of('\u{05BE}'), Class::Other);
    }

    #[test]
    fn format_chars_break_or_are_skipped() {
        let u = units("א\u{200F}ב");
        assert_eq!(u.len(), 3);
        assert_eq!(u[1].class, Class::Break);
        let u = units("א\u{00AD}ב");
        assert_eq!(u.len(), 2);
        assert_eq!(u[1].start, "א\u{00AD}".len());
    }

    #[test]
    fn emoji_sequences_are_one_unit() {
        assert_eq!(units("👨\u{200D}👩\u{200D}👧").len(), 1);
        assert_eq!(units("👍🏽").len(), 1);
        assert_eq!(units("🇮🇱🇺🇸").len(), 2);
    }

    #[test]
    fn leading_mark_is_its_own_unit() {
        let u = units("\u{05B8}א");
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].class, Class::Other);
    }

    #[test]
    fn nbsp_is_space() {
        assert_eq!(class_of('\u{00A0}'), Class::Space);
    }
}
