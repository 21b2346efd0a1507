//! Byte offsets (used inside the pipeline) to UTF-16 offsets (used in the [`crate::Document`]).

/// Converts increasing byte offsets of one string into UTF-16 code-unit offsets in a single pass.
///
/// Queries must be made with non-decreasing byte offsets that lie on `char` boundaries; an offset
/// below the previous one restarts the scan from the beginning (still correct, just slower).
#[derive(Debug)]
pub struct Utf16Cursor<'a> {
    text: &'a str,
    byte: usize,
    unit: usize,
}

impl<'a> Utf16Cursor<'a> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Utf16Cursor { text, byte: 0, unit: 0 }
    }

    /// UTF-16 offset of byte offset `byte` (clamped to the text's length).
    pub fn at(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if byte < self.byte {
            self.byte = 0;
            self.unit = 0;
        }
        for c in self.text[self.byte..].chars() {
            if self.byte >= byte {
                break;
            }
            self.byte += c.len_utf8();
            self.unit += c.len_utf16();
        }
        self.unit
    }
}

/// UTF-16 length of a string.
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_count_as_two_units() {
        let s = "שלום 👋 עולם";
        let mut c = Utf16Cursor::new(s);
        let wave = s.find('👋').unwrap();
        assert_eq!(c.at(wave), 5);
        assert_eq!(c.at(wave + '👋'.len_utf8()), 7);
        assert_eq!(c.at(s.len()), utf16_len(s));
        assert_eq!(utf16_len(s), 12);
        // going backwards restarts correctly
        assert_eq!(c.at(0), 0);
    }
}
