//! A compact form → (UPOS, lemma) lexicon for words the treebank never saw.
//!
//! Stored as the model-file header ([`LEXICON`]), then the distinct forms in byte order, front
//! coded in blocks of [`BLOCK`] forms, each with its readings (UPOS, and the lemma as a number of
//! the form's bytes kept plus a new tail). That is 2.9 MB where one text line per reading took
//! 7.6 MB, and the size of the `.wasm` is what a browser streams and hashes on every visit.
//! Loading walks the forms once (checking the layout) and builds a hash table from each form to
//! its index; a lookup decodes at most one block.

use crate::model::binio::{read_header, FormatError, LEXICON};
use crate::model::hash::hash_bytes;
use super::tags::UPOS;
#[cfg(dikduk_train)]
use crate::model::binio::header;

/// Forms per front-coding block: the first form of a block is stored whole.
pub const BLOCK: usize = 16;

/// The lexicon, borrowing its (embedded) bytes.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// The front-coded forms and their readings (the file after its header and block offsets).
    data: &'static [u8],
    /// Byte offset in `data` of each block.
    blocks: Vec<u32>,
    /// Number of readings.
    readings: usize,
    /// Open-addressing hash table (linear probing) of the forms: 1 + form index in the low 24 bits,
    /// 8 more bits of the form's hash above them (they spare decoding a block on most misses); 0
    /// for an empty slot. Its length is a power of two.
    table: Vec<u32>,
}

/// One lexicon reading of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// UPOS index (see [`super::tags::UPOS`]).
    pub upos: u8,
    /// Lemma.
    pub lemma: String,
}

/// The first slot to probe for a hash in a table of `size` (a power of two): the hash's top bits,
/// which are better mixed than its low ones.
#[inline]
fn home(hash: u64, size: usize) -> usize {
    (hash >> (64 - size.trailing_zeros())) as usize
}

/// A cursor over the encoded forms: every read is bounds-checked.
struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.data.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let b = self.data.get(self.pos..self.pos + n)?;
        self.pos += n;
        Some(b)
    }

    /// Reads the next form into `form` (which holds the previous form of the block).
    fn form(&mut self, form: &mut Vec<u8>) -> Option<()> {
        let shared = self.byte()? as usize;
        let n = self.byte()? as usize;
        if shared > form.len() {
            return None;
        }
        form.truncate(shared);
        form.extend_from_slice(self.bytes(n)?);
        Some(())
    }

    /// Reads the readings of a form: (UPOS, bytes of the form the lemma keeps, the lemma's tail).
    fn readings(&mut self, form_len: usize, mut each: impl FnMut(u8, usize, &'a [u8])) -> Option<usize> {
        let n = self.byte()? as usize;
        for _ in 0..n {
            let upos = self.byte()?;
            let keep = self.byte()? as usize;
            let tail_len = self.byte()? as usize;
            let tail = self.bytes(tail_len)?;
            if upos as usize >= UPOS.len() || keep > form_len {
                return None;
            }
            each(upos, keep, tail);
        }
        Some(n)
    }
}

/// The bits of a table slot that hold 1 + a form index.
const INDEX_MASK: u32 = (1 << 24) - 1;

/// The hash bits a table slot keeps beside the index (bits the slot's position does not use).
#[inline]
fn tag(hash: u64) -> u32 {
    (hash as u32) & !INDEX_MASK
}

fn corrupt(what: &str) -> FormatError {
    FormatError(format!("lexicon: {what}"))
}

impl Lexicon {
    /// Indexes a lexicon file; fails when its header is not the lexicon's, or its forms are not
    /// sorted or its layout is damaged.
    pub fn from_bytes(file: &'static [u8]) -> Result<Lexicon, FormatError> {
        let bytes = read_header(file, &LEXICON)?;
        if bytes.is_empty() {
            return Ok(Lexicon::default());
        }
        let u32_at = |i: usize| bytes.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let forms = u32_at(0).ok_or_else(|| corrupt("truncated"))? as usize;
        let nblocks = forms.div_ceil(BLOCK);
        let start = 4 + 4 * nblocks;
        if bytes.len() < start || bytes.len() - start >= u32::MAX as usize || forms >= INDEX_MASK as usize {
            return Err(corrupt("truncated or too large"));
        }
        let blocks: Vec<u32> = (0..nblocks).map(|b| u32_at(4 + 4 * b).unwrap_or(u32::MAX)).collect();
        let data = &bytes[start..];
        let size = (forms + forms / 3).next_power_of_two().max(16);
        let mut table = vec![0u32; size];
        let mut cur = Cursor { data, pos: 0 };
        // The form before, and the form being decoded from it (at a block's start, from nothing).
        let mut prev = Vec::with_capacity(64);
        let mut form = Vec::with_capacity(64);
        let mut readings = 0;
        for i in 0..forms {
            form.clear();
            if i % BLOCK == 0 {
                if blocks[i / BLOCK] as usize != cur.pos {
                    return Err(corrupt("bad block offset"));
                }
            } else {
                form.extend_from_slice(&prev);
            }
            cur.form(&mut form).ok_or_else(|| corrupt("damaged form"))?;
            if i > 0 && form <= prev {
                return Err(corrupt("forms are not sorted"));
            }
            readings += cur.readings(form.len(), |_, _, _| {}).filter(|&n| n > 0).ok_or_else(|| corrupt("damaged readings"))?;
            let hash = hash_bytes(&form);
            let mut slot = home(hash, size);
            while table[slot] != 0 {
                slot = (slot + 1) & (size - 1);
            }
            table[slot] = (i as u32 + 1) | tag(hash);
            std::mem::swap(&mut form, &mut prev);
        }
        if cur.pos != data.len() {
            return Err(corrupt("trailing bytes"));
        }
        Ok(Lexicon { data, blocks, readings, table })
    }

    /// Number of readings.
    pub fn len(&self) -> usize {
        self.readings
    }

    /// True when the lexicon has no entries.
    pub fn is_empty(&self) -> bool {
        self.readings == 0
    }

    /// Calls `each(upos, keep, tail)` for every reading of `form` (lemma = the first `keep` bytes of
    /// the form, then `tail`); nothing when the form is not listed.
    fn readings_of(&self, form: &[u8], each: impl FnMut(u8, usize, &'static [u8])) {
        if self.table.is_empty() || form.is_empty() {
            return;
        }
        let hash = hash_bytes(form);
        let mask = self.table.len() - 1;
        let mut slot = home(hash, self.table.len());
        loop {
            let e = self.table[slot];
            if e == 0 {
                return;
            }
            if e & !INDEX_MASK == tag(hash) {
                if let Some(mut cur) = self.find((e & INDEX_MASK) as usize - 1, form) {
                    cur.readings(form.len(), each);
                    return;
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /// A cursor at the readings of form `index`, when that form is `form`. The block's
    /// front-coded forms are compared as they are read, never copied out: `common` is how many
    /// leading bytes the form just read shares with `form`, `len` its length.
    fn find(&self, index: usize, form: &[u8]) -> Option<Cursor<'static>> {
        let mut cur = Cursor { data: self.data, pos: *self.blocks.get(index / BLOCK)? as usize };
        let (mut common, mut len) = (0usize, 0usize);
        for k in 0..=index % BLOCK {
            let shared = cur.byte()? as usize;
            let n = cur.byte()? as usize;
            let tail = cur.bytes(n)?;
            if shared > len {
                return None;
            }
            // When it keeps more than `common` bytes, the form still differs from `form` at byte
            // `common`; else its tail goes on from the bytes it shares.
            if shared <= common {
                let rest = form.get(shared..).unwrap_or_default();
                common = shared + tail.iter().zip(rest).take_while(|(a, b)| a == b).count();
            }
            len = shared + n;
            if k < index % BLOCK {
                cur.readings(len, |_, _, _| {})?;
            }
        }
        (common == len && len == form.len()).then_some(cur)
    }

    /// All readings of `form` (already normalised), in the order of the file: by UPOS, then lemma.
    pub fn lookup(&self, form: &str) -> Vec<Entry> {
        let mut out = Vec::new();
        let f = form.as_bytes();
        self.readings_of(f, |upos, keep, tail| {
            let mut lemma = f[..keep].to_vec();
            lemma.extend_from_slice(tail);
            // A lemma that is not UTF-8 (a damaged file) is skipped.
            if let Ok(lemma) = String::from_utf8(lemma) {
                out.push(Entry { upos, lemma });
            }
        });
        out
    }

    /// Bit set of the UPOS tags `form` has in the lexicon (bit i = tag i).
    pub fn tag_mask(&self, form: &str) -> u32 {
        let mut mask = 0;
        self.readings_of(form.as_bytes(), |upos, _, _| mask |= 1 << upos);
        mask
    }

    /// Serialises entries (form, UPOS, lemma) into a lexicon file: the header, then the entries
    /// sorted and deduplicated (training writes `models/lexicon.bin` with it). Entries with an
    /// empty form, a tab or newline, or a form or lemma tail over 255 bytes are left out.
    #[cfg(dikduk_train)]
    pub fn build_blob(entries: &mut [(String, u8, String)]) -> Vec<u8> {
        entries.sort();
        let mut kept: Vec<&(String, u8, String)> = Vec::new();
        for e in entries.iter() {
            let bad = e.0.is_empty() || e.0.contains(['\t', '\n']) || e.2.contains(['\t', '\n']) || e.0.len() > 255;
            if bad || kept.last() == Some(&e) || e.2.len() - common_prefix(&e.0, &e.2) > 255 {
                continue;
            }
            kept.push(e);
        }
        // The readings grouped by form (the first 255 of a form: its count is one byte).
        let split: Vec<&[&(String, u8, String)]> = kept.chunk_by(|a, b| a.0 == b.0).map(|g| &g[..g.len().min(255)]).collect();
        let nblocks = split.len().div_ceil(BLOCK);
        let mut body = Vec::new();
        let mut offsets = Vec::with_capacity(nblocks);
        let mut prev: &str = "";
        for (i, g) in split.iter().enumerate() {
            let form = g[0].0.as_str();
            if i % BLOCK == 0 {
                offsets.push(body.len() as u32);
                prev = "";
            }
            let shared = common_bytes(prev, form).min(255);
            body.push(shared as u8);
            body.push((form.len() - shared) as u8);
            body.extend_from_slice(&form.as_bytes()[shared..]);
            body.push(g.len() as u8);
            for (_, upos, lemma) in g.iter() {
                let keep = common_prefix(form, lemma);
                body.push(*upos);
                body.push(keep as u8);
                body.push((lemma.len() - keep) as u8);
                body.extend_from_slice(&lemma.as_bytes()[keep..]);
            }
            prev = form;
        }
        let mut out = header(&LEXICON).to_vec();
        if split.is_empty() {
            return out;
        }
        out.extend_from_slice(&(split.len() as u32).to_le_bytes());
        for o in offsets {
            out.extend_from_slice(&o.to_le_bytes());
        }
        out.extend_from_slice(&body);
        out
    }
}

/// Bytes at the start of `a` and `b` that are equal.
#[cfg(dikduk_train)]
fn common_bytes(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

/// Bytes of whole characters at the start of `a` and `b` that are equal (a lemma keeps whole
/// characters of its form).
#[cfg(dikduk_train)]
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).map(|(x, _)| x.len_utf8()).sum()
}

#[cfg(all(test, dikduk_train))]
mod tests {
    use super::*;
    use crate::morph::tags::upos_id;

    fn blob(entries: &[(&str, &str, &str)]) -> &'static [u8] {
        let mut e: Vec<(String, u8, String)> =
            entries.iter().map(|(f, u, l)| (f.to_string(), upos_id(u), l.to_string())).collect();
        Box::leak(Lexicon::build_blob(&mut e).into_boxed_slice())
    }

    #[test]
    fn lookup_finds_all_readings() {
        let lex = Lexicon::from_bytes(blob(&[
            ("אלסקה", "PROPN", "אלסקה"),
            ("בית", "NOUN", "בית"),
            ("בית", "PROPN", "בית"),
            ("ספרים", "NOUN", "ספר"),
            ("מצביע", "VERB", "הצביע"),
        ]))
        .unwrap();
        assert_eq!(lex.len(), 5);
        assert_eq!(lex.lookup("בית").len(), 2);
        assert_eq!(lex.lookup("ספרים")[0].lemma, "ספר");
        assert_eq!(lex.lookup("מצביע")[0].lemma, "הצביע");
        assert_eq!(lex.lookup("אין").len(), 0);
        assert_eq!(lex.lookup("").len(), 0);
        assert_eq!(lex.tag_mask("בית"), (1 << upos_id("NOUN")) | (1 << upos_id("PROPN")));
    }

    #[test]
    fn many_forms_span_blocks() {
        let forms: Vec<String> = (0..100).map(|i| format!("מילה{i:03}")).collect();
        let entries: Vec<(&str, &str, &str)> = forms.iter().map(|f| (f.as_str(), "NOUN", "מילה")).collect();
        let lex = Lexicon::from_bytes(blob(&entries)).unwrap();
        assert_eq!(lex.len(), 100);
        for f in &forms {
            assert_eq!(lex.lookup(f), vec![Entry { upos: upos_id("NOUN"), lemma: "מילה".into() }], "{f}");
        }
        assert!(lex.lookup("מילה100").is_empty() && lex.lookup("מילה").is_empty());
    }

    #[test]
    fn find_matches_exactly_the_form_at_its_index() {
        // Front-coded neighbours that share, extend or cut each other's bytes.
        let mut forms: Vec<&str> = vec!["ב", "בי", "בית", "ביתה", "ביתו", "בית1", "ביט", "בא", "בב", "ג", "גב", "גבה", "גבוה"];
        forms.extend(["ד", "דב", "דבר", "דברים", "דבש", "ה", "הב", "הבית", "הביתה", "ו", "וב", "ובית"]);
        forms.sort();
        let entries: Vec<(&str, &str, &str)> = forms.iter().map(|&f| (f, "NOUN", f)).collect();
        let lex = Lexicon::from_bytes(blob(&entries)).unwrap();
        let probes = forms.iter().copied().chain(["", "בו", "ביתהה", "בי1", "גבו", "הבי", "ז"]);
        for probe in probes {
            for (i, &f) in forms.iter().enumerate() {
                assert_eq!(lex.find(i, probe.as_bytes()).is_some(), f == probe, "form {i} ({f}) against {probe:?}");
            }
        }
    }

    #[test]
    fn rejects_unsorted() {
        let sorted = blob(&[("א", "NOUN", "א"), ("ב", "NOUN", "ב")]);
        assert_eq!(Lexicon::from_bytes(sorted).unwrap().len(), 2);
        // ב is stored as one byte after the first byte it shares with א: make it U+05CF (< א).
        let mut v = sorted.to_vec();
        let at = v.iter().rposition(|&b| b == 0x91).unwrap();
        v[at] = 0x8F;
        let err = Lexicon::from_bytes(Box::leak(v.into_boxed_slice())).unwrap_err().to_string();
        assert!(err.contains("not sorted"), "{err}");
    }

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
            .flat_map(|f| lex.lookup(f).into_iter().map(move |x| (f.to_string(), x.upos, x.lemma)))
            .collect();
        back.sort();
        assert_eq!(back, e);
        assert_eq!(Lexicon::build_blob(&mut back), bytes);
    }

    #[test]
    fn damaged_files_are_errors_or_work_never_panic() {
        let good = blob(&[("בית", "NOUN", "בית"), ("בתים", "NOUN", "בית"), ("ספרים", "NOUN", "ספר")]);
        for n in HEADER_LEN_FOR_TESTS..good.len() {
            let cut: &'static [u8] = Box::leak(good[..n].to_vec().into_boxed_slice());
            assert!(Lexicon::from_bytes(cut).is_err(), "cut at {n}");
        }
        for i in HEADER_LEN_FOR_TESTS..good.len() {
            for x in [0u8, 1, 0x7F, 0xFF] {
                let mut v = good.to_vec();
                v[i] = x;
                if let Ok(lex) = Lexicon::from_bytes(Box::leak(v.into_boxed_slice())) {
                    for f in ["בית", "בתים", "ספרים", "ב"] {
                        let _ = (lex.lookup(f), lex.tag_mask(f));
                    }
                }
            }
        }
    }

    const HEADER_LEN_FOR_TESTS: usize = crate::model::binio::HEADER_LEN + 1;

    #[test]
    fn wrong_or_truncated_header_is_an_error() {
        let err = |b: &'static [u8]| Lexicon::from_bytes(b).unwrap_err().to_string();
        // A lexicon written before headers: its first line.
        assert_eq!(err("\")\tPROPN\t\n".as_bytes()), "invalid model file: not a dikduk lexicon");
        assert_eq!(err(b"dikdukLX\x01\0"), "invalid model file: lexicon header truncated at 10 of 12 bytes");
        assert_eq!(err(b"dikdukMO\x02\0\0\0"), "invalid model file: a dikduk morphology model, not a lexicon");
        assert_eq!(err(b"dikdukLX\x01\0\0\0a\tX\t\n"), "invalid model file: lexicon format 1, this build reads 2");
        assert!(Lexicon::from_bytes(blob(&[])).unwrap().is_empty());
    }
}
