//! A compact form → (UPOS, lemma) lexicon for words the treebank never saw.
//!
//! Stored as the model-file header ([`LEXICON`]) followed by sorted text lines
//! `form \t UPOS \t lemma` (lemma empty when equal to the form); loading indexes the line starts
//! and builds a hash table from each form to its first line, so a lookup touches a few cache lines
//! instead of binary-searching megabytes. Lines are checked for UTF-8 when read (a line that is
//! not is skipped), not all at load.

use crate::model::binio::{read_header, FormatError, LEXICON};
use crate::model::hash::hash_bytes;
use super::tags::upos_id;
#[cfg(dikduk_train)]
use super::tags::upos_name;

/// The lexicon, borrowing its (embedded) bytes.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// The text lines (the file after its header).
    data: &'static [u8],
    /// Byte offset of the start of each non-empty line, in order.
    lines: Vec<u32>,
    /// Open-addressing hash table (linear probing) of the distinct forms: 1 + index into `lines`
    /// of a form's first line, 0 for an empty slot. Its length is a power of two.
    table: Vec<u32>,
}

/// One lexicon reading of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    /// UPOS index (see [`super::tags::UPOS`]).
    pub upos: u8,
    /// Lemma.
    pub lemma: &'a str,
}

/// True when the line starting at `start` has the form `form` (which holds no tab or newline).
#[inline]
fn has_form(data: &[u8], start: usize, form: &[u8]) -> bool {
    let end = start + form.len();
    data.get(start..end) == Some(form) && data.get(end) == Some(&b'\t')
}

/// The first slot to probe for a hash in a table of `size` (a power of two): the hash's top bits,
/// which are better mixed than its low ones.
#[inline]
fn home(hash: u64, size: usize) -> usize {
    (hash >> (64 - size.trailing_zeros())) as usize
}

impl Lexicon {
    /// Indexes a lexicon file; fails when its header is not the lexicon's, or its lines are not
    /// sorted or lack a tab.
    pub fn from_bytes(file: &'static [u8]) -> Result<Lexicon, FormatError> {
        let bytes = read_header(file, &LEXICON)?;
        if bytes.len() >= u32::MAX as usize {
            return Err(FormatError("lexicon too large".into()));
        }
        let mut lines = Vec::with_capacity(bytes.len() / 24);
        let mut firsts: Vec<(u32, u64)> = Vec::with_capacity(bytes.len() / 24);
        let mut prev: &[u8] = &[];
        let mut start = 0usize;
        while start < bytes.len() {
            let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            if end > start {
                let line = &bytes[start..end];
                let t = memchr::memchr(b'\t', line)
                    .ok_or_else(|| FormatError(format!("lexicon line at byte {start} has no tab")))?;
                let form = &line[..t];
                if form < prev {
                    return Err(FormatError("lexicon lines are not sorted".into()));
                }
                if lines.is_empty() || form != prev {
                    firsts.push((lines.len() as u32, hash_bytes(form)));
                }
                prev = form;
                lines.push(start as u32);
            }
            start = end + 1;
        }
        let size = (firsts.len() + firsts.len() / 3).next_power_of_two().max(16);
        let mut table = vec![0u32; size];
        for &(first, hash) in &firsts {
            let mut i = home(hash, size);
            while table[i] != 0 {
                i = (i + 1) & (size - 1);
            }
            table[i] = first + 1;
        }
        Ok(Lexicon { data: bytes, lines, table })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when the lexicon has no entries.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Index of the first line of `form`, if any.
    fn first_line(&self, form: &[u8]) -> Option<usize> {
        if self.table.is_empty() || form.contains(&b'\t') || form.contains(&b'\n') {
            return None;
        }
        let mask = self.table.len() - 1;
        let mut i = home(hash_bytes(form), self.table.len());
        loop {
            let e = self.table[i];
            if e == 0 {
                return None;
            }
            let line = (e - 1) as usize;
            if has_form(self.data, self.lines[line] as usize, form) {
                return Some(line);
            }
            i = (i + 1) & mask;
        }
    }

    /// All readings of `form` (already normalised).
    pub fn lookup<'s>(&'s self, form: &'s str) -> impl Iterator<Item = Entry<'static>> + 's {
        let key = form.as_bytes();
        let first = self.first_line(key).unwrap_or(self.lines.len());
        let data = self.data;
        self.lines[first..]
            .iter()
            .take_while(move |&&start| has_form(data, start as usize, key))
            .filter_map(move |&start| {
                let tab = start as usize + key.len();
                let rest = &data[tab + 1..];
                let rest = std::str::from_utf8(&rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())]).ok()?;
                let (tag, lemma) = rest.split_once('\t').unwrap_or((rest, ""));
                let lemma = if lemma.is_empty() { std::str::from_utf8(&data[start as usize..tab]).ok()? } else { lemma };
                Some(Entry { upos: upos_id(tag), lemma })
            })
    }

    /// Bit set of the UPOS tags `form` has in the lexicon (bit i = tag i).
    pub fn tag_mask(&self, form: &str) -> u32 {
        self.lookup(form).fold(0, |m, e| m | (1 << e.upos))
    }

    /// Serialises entries (form, UPOS, lemma) into a lexicon file: the header, then the entries
    /// sorted and deduplicated (training writes `models/lexicon.bin` with it).
    #[cfg(dikduk_train)]
    pub fn build_blob(entries: &mut [(String, u8, String)]) -> Vec<u8> {
        entries.sort();
        let mut out = crate::model::binio::header(&LEXICON).to_vec();
        let mut last: Option<&(String, u8, String)> = None;
        for e in entries.iter() {
            if last == Some(e) || e.0.is_empty() || e.0.contains(['\t', '\n']) || e.2.contains(['\t', '\n']) {
                continue;
            }
            last = Some(e);
            out.extend_from_slice(e.0.as_bytes());
            out.push(b'\t');
            out.extend_from_slice(upos_name(e.1).as_bytes());
            out.push(b'\t');
            if e.2 != e.0 {
                out.extend_from_slice(e.2.as_bytes());
            }
            out.push(b'\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_all_readings() {
        let lex = Lexicon::from_bytes(file("אלסקה\tPROPN\t\nבית\tNOUN\t\nבית\tPROPN\t\nספרים\tNOUN\tספר\n")).unwrap();
        assert_eq!(lex.len(), 4);
        let r: Vec<_> = lex.lookup("בית").collect();
        assert_eq!(r.len(), 2);
        assert_eq!(lex.lookup("ספרים").next().unwrap().lemma, "ספר");
        assert_eq!(lex.lookup("אין").count(), 0);
        assert_eq!(lex.tag_mask("בית"), (1 << upos_id("NOUN")) | (1 << upos_id("PROPN")));
    }

    fn file(lines: &str) -> &'static [u8] {
        let mut v = crate::model::binio::header(&LEXICON).to_vec();
        v.extend_from_slice(lines.as_bytes());
        Box::leak(v.into_boxed_slice())
    }

    #[test]
    fn rejects_unsorted() {
        assert!(Lexicon::from_bytes(file("ב\tNOUN\t\nא\tNOUN\t\n")).is_err());
        assert_eq!(Lexicon::from_bytes(file("א\tNOUN\t\nב\tNOUN\t\n")).unwrap().len(), 2);
    }

    #[cfg(dikduk_train)]
    #[test]
    fn file_round_trips() {
        let mut e = vec![
            ("ספרים".to_string(), upos_id("NOUN"), "ספר".to_string()),
            ("אלסקה".to_string(), upos_id("PROPN"), "אלסקה".to_string()),
            ("רץ".to_string(), upos_id("VERB"), "רץ".to_string()),
            ("רץ".to_string(), upos_id("NOUN"), "רץ".to_string()),
        ];
        let bytes: &'static [u8] = Box::leak(Lexicon::build_blob(&mut e).into_boxed_slice());
        assert_eq!(&bytes[..8], b"dikdukLX");
        let lex = Lexicon::from_bytes(bytes).unwrap();
        let mut back: Vec<(String, u8, String)> = ["ספרים", "אלסקה", "רץ"]
            .iter()
            .flat_map(|f| lex.lookup(f).map(move |x| (f.to_string(), x.upos, x.lemma.to_string())))
            .collect();
        back.sort();
        assert_eq!(back, e);
        assert_eq!(Lexicon::build_blob(&mut back), bytes);
    }

    #[test]
    fn wrong_or_truncated_header_is_an_error() {
        let err = |b: &'static [u8]| Lexicon::from_bytes(b).unwrap_err().to_string();
        // A lexicon written before headers: its first line.
        assert_eq!(err("\")\tPROPN\t\n".as_bytes()), "invalid model file: not a dikduk lexicon");
        assert_eq!(err(b"dikdukLX\x01\0"), "invalid model file: lexicon header truncated at 10 of 12 bytes");
        assert_eq!(err(b"dikdukMO\x02\0\0\0"), "invalid model file: a dikduk morphology model, not a lexicon");
        assert_eq!(err(b"dikdukLX\x02\0\0\0a\tX\t\n"), "invalid model file: lexicon format 2, this build reads 1");
        assert!(Lexicon::from_bytes(file("")).unwrap().is_empty());
    }
}
