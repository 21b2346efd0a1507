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
    /// For each line: byte offset of its start, of the tab after the form, and of its end.
    index: Vec<[u32; 3]>,
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
        let mut index = Vec::with_capacity(data.len() / 24);
        let mut start = 0usize;
        let mut tab = None;
        let mut prev: &[u8] = &[];
        for (i, &b) in bytes.iter().enumerate().chain(std::iter::once((bytes.len(), &b'\n'))) {
            if b == b'\t' && tab.is_none() {
                tab = Some(i);
            } else if b == b'\n' {
                if i > start {
                    let t = tab.ok_or_else(|| FormatError(format!("lexicon line at byte {start} has no tab")))?;
                    let form = &bytes[start..t];
                    if form < prev {
                        return Err(FormatError("lexicon lines are not sorted".into()));
                    }
                    prev = form;
                    index.push([start as u32, t as u32, i as u32]);
                }
                start = i + 1;
                tab = None;
            }
        }
        Ok(Lexicon { data, index })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when the lexicon has no entries.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    #[inline]
    fn form_bytes(&self, e: &[u32; 3]) -> &'static [u8] {
        &self.data.as_bytes()[e[0] as usize..e[1] as usize]
    }

    /// All readings of `form` (already normalised).
    pub fn lookup<'s>(&'s self, form: &'s str) -> impl Iterator<Item = Entry<'static>> + 's {
        let key = form.as_bytes();
        let first = self.index.partition_point(|e| self.form_bytes(e) < key);
        self.index[first..].iter().take_while(move |e| self.form_bytes(e) == key).map(move |e| {
            let data: &'static str = self.data;
            let rest = &data[e[1] as usize + 1..e[2] as usize];
            let (tag, lemma) = rest.split_once('\t').unwrap_or((rest, ""));
            let lemma = if lemma.is_empty() { &data[e[0] as usize..e[1] as usize] } else { lemma };
            Entry { upos: upos_id(tag), lemma }
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
