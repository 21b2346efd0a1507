//! A compact form → (UPOS, lemma) lexicon for words the treebank never saw.
//!
//! Stored as sorted text lines `form \t UPOS \t lemma` (lemma empty when equal to the form); loading
//! only indexes the line starts, and lookups binary-search them.

use super::binio::FormatError;
use super::tags::{upos_id, upos_name};

/// The lexicon, borrowing its (embedded) bytes.
#[derive(Debug, Default)]
pub struct Lexicon {
    data: &'static str,
    lines: Vec<u32>,
}

/// One lexicon reading of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    /// UPOS index (see [`super::tags::UPOS`]).
    pub upos: u8,
    /// Lemma.
    pub lemma: &'a str,
}

impl Lexicon {
    /// Indexes a lexicon blob; fails when it is not sorted UTF-8 lines of three fields.
    pub fn from_bytes(bytes: &'static [u8]) -> Result<Lexicon, FormatError> {
        let data = std::str::from_utf8(bytes).map_err(|_| FormatError("lexicon is not UTF-8".into()))?;
        if data.len() >= u32::MAX as usize {
            return Err(FormatError("lexicon too large".into()));
        }
        let mut lines = Vec::with_capacity(data.len() / 16);
        let mut start = 0usize;
        for (i, b) in data.bytes().enumerate() {
            if b == b'\n' {
                if i > start {
                    lines.push(start as u32);
                }
                start = i + 1;
            }
        }
        if start < data.len() {
            lines.push(start as u32);
        }
        let lex = Lexicon { data, lines };
        for w in lex.lines.windows(2) {
            if lex.form_at(w[0] as usize) > lex.form_at(w[1] as usize) {
                return Err(FormatError("lexicon lines are not sorted".into()));
            }
        }
        Ok(lex)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when the lexicon has no entries.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    fn line_at(&self, start: usize) -> &'static str {
        let rest = &self.data[start..];
        &rest[..rest.find('\n').unwrap_or(rest.len())]
    }

    fn form_at(&self, start: usize) -> &'static str {
        let line = self.line_at(start);
        &line[..line.find('\t').unwrap_or(line.len())]
    }

    /// All readings of `form` (already normalised).
    pub fn lookup<'s>(&'s self, form: &'s str) -> impl Iterator<Item = Entry<'static>> + 's {
        let first = self.lines.partition_point(|&s| self.form_at(s as usize) < form);
        self.lines[first..]
            .iter()
            .map(|&s| self.line_at(s as usize))
            .take_while(move |line| line.split('\t').next() == Some(form))
            .map(move |line| {
                let mut parts = line.split('\t').skip(1);
                let upos = upos_id(parts.next().unwrap_or("_"));
                let lemma = parts.next().filter(|l| !l.is_empty()).unwrap_or(&line[..form.len()]);
                Entry { upos, lemma }
            })
    }

    /// Bit set of the UPOS tags `form` has in the lexicon (bit i = tag i).
    pub fn tag_mask(&self, form: &str) -> u32 {
        self.lookup(form).fold(0, |m, e| m | (1 << e.upos))
    }

    /// Serialises entries (form, UPOS, lemma) into the blob format, sorted and deduplicated.
    pub fn build_blob(entries: &mut [(String, u8, String)]) -> String {
        entries.sort();
        let mut out = String::new();
        let mut last: Option<&(String, u8, String)> = None;
        for e in entries.iter() {
            if last == Some(e) || e.0.is_empty() || e.0.contains(['\t', '\n']) || e.2.contains(['\t', '\n']) {
                continue;
            }
            last = Some(e);
            out.push_str(&e.0);
            out.push('\t');
            out.push_str(upos_name(e.1));
            out.push('\t');
            if e.2 != e.0 {
                out.push_str(&e.2);
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_all_readings() {
        let mut e = vec![
            ("בית".to_string(), upos_id("NOUN"), "בית".to_string()),
            ("אלסקה".to_string(), upos_id("PROPN"), "אלסקה".to_string()),
            ("ספרים".to_string(), upos_id("NOUN"), "ספר".to_string()),
            ("בית".to_string(), upos_id("PROPN"), "בית".to_string()),
        ];
        let blob: &'static str = Box::leak(Lexicon::build_blob(&mut e).into_boxed_str());
        let lex = Lexicon::from_bytes(blob.as_bytes()).unwrap();
        assert_eq!(lex.len(), 4);
        let r: Vec<_> = lex.lookup("בית").collect();
        assert_eq!(r.len(), 2);
        assert_eq!(lex.lookup("ספרים").next().unwrap().lemma, "ספר");
        assert_eq!(lex.lookup("אין").count(), 0);
        assert_eq!(lex.tag_mask("בית"), (1 << upos_id("NOUN")) | (1 << upos_id("PROPN")));
    }

    #[test]
    fn rejects_unsorted() {
        assert!(Lexicon::from_bytes("ב\tNOUN\t\nא\tNOUN\t\n".as_bytes()).is_err());
    }
}
