//! Typed name lists (gazetteers) for the NER model: first names, surnames, places, organisations
//! and languages from `../shared/data/gazetteers`, each name with what kind of name it is, how
//! common a word it also is (from `../shared/data/wordfreq`) and how common a name it is.
//!
//! The lists are stored in `ner.bin` (names as text, one 16-bit code each) and looked up over the
//! normalized forms of a sentence's syntactic words, longest match first, like the training-set
//! gazetteer. The model learns from the matches how far to trust each kind of list; a name that
//! is also a frequent word (טל, אור, שדרות) gets a different feature from a rare one.

use crate::model::binio::{FormatError, Reader};
#[cfg(dikduk_train)]
use crate::model::binio::Writer;
use crate::model::hash::{mix, FastMap};

/// List kinds, the low bits of a name's code.
pub const KINDS: [&str; 6] = ["first", "surname", "GPE", "LOC", "ORG", "ANG"];
/// Mask of the kind bits.
pub const KIND_MASK: u16 = (1 << KINDS.len()) - 1;
/// A place name that is also a common word (the lists' `ambiguous` column).
pub const AMBIGUOUS: u16 = 1 << 6;
/// Shift of the word-frequency bucket (0: not in the word list, else 1 + whole Zipf, up to 8).
pub const FREQ_SHIFT: u16 = 8;
/// Shift of the popularity bucket of a person name (0-3: log10 of the people with it, capped).
pub const POP_SHIFT: u16 = 12;
/// Longest listed name, in words.
pub const MAX_WORDS: usize = 5;

/// The frequency bucket of a code.
pub fn freq_of(code: u16) -> u64 {
    ((code >> FREQ_SHIFT) & 0xf) as u64
}

/// The popularity bucket of a code.
pub fn pop_of(code: u16) -> u64 {
    ((code >> POP_SHIFT) & 0x3) as u64
}

/// The names, indexed for lookup over word sequences.
#[derive(Debug, Clone, Default)]
pub struct NameLists {
    /// Names (words joined by spaces, normalized) and their codes, sorted by name, as stored.
    pub names: Vec<(String, u16)>,
    /// [`super::name_key`] of a word sequence → code.
    pub index: FastMap<u64, u16>,
}

impl NameLists {
    /// Indexes `names`.
    pub fn new(names: Vec<(String, u16)>) -> NameLists {
        let index = super::NerModel::index_names(&names);
        NameLists { names, index }
    }

    /// Writes the lists into a model file.
    #[cfg(dikduk_train)]
    pub fn write(&self, w: &mut Writer) {
        w.varint(self.names.len() as u64);
        for (n, c) in &self.names {
            w.str(n);
            w.varint(*c as u64);
        }
    }

    /// Reads lists written by [`NameLists::write`].
    pub fn read(r: &mut Reader) -> Result<NameLists, FormatError> {
        let n = r.len(10_000_000)?;
        let mut names = Vec::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let s = r.str()?.to_string();
            let c = r.len(u16::MAX as usize)? as u16;
            names.push((s, c));
        }
        Ok(NameLists::new(names))
    }

    /// The code of a single-word name (0 when it is not listed).
    pub fn word(&self, form_hash: u64) -> u16 {
        self.index.get(&mix(0, form_hash)).copied().unwrap_or(0)
    }

    /// For each word, the code of the longest listed name that starts at it and how many words
    /// it spans (0 when none does).
    pub fn matches(&self, forms: &[u64]) -> Vec<(u16, usize)> {
        let mut out = vec![(0u16, 0usize); forms.len()];
        if self.index.is_empty() {
            return out;
        }
        for (i, o) in out.iter_mut().enumerate() {
            let mut h = 0u64;
            for (k, &f) in forms[i..].iter().take(MAX_WORDS).enumerate() {
                h = mix(h, f);
                if let Some(&c) = self.index.get(&h) {
                    *o = (c, k + 1);
                }
            }
        }
        out
    }
}

/// Reading the lists from `../shared/data` (training only).
#[cfg(dikduk_train)]
pub mod load {
    use super::*;
    use crate::morph::tags;
    use std::collections::BTreeMap;
    use std::path::Path;

    /// Which lists to read and how to filter them.
    #[derive(Debug, Clone)]
    pub struct ListOptions {
        /// Keep first names given to at least this many people.
        pub min_first: u64,
        /// Keep surnames borne by at least this many people.
        pub min_surname: u64,
    }

    impl Default for ListOptions {
        fn default() -> Self {
            ListOptions { min_first: 100, min_surname: 100 }
        }
    }

    fn rows(path: &Path) -> Result<Vec<BTreeMap<String, String>>, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut lines = text.lines();
        let head: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
        Ok(lines
            .filter(|l| !l.is_empty())
            .map(|l| head.iter().zip(l.split('\t')).map(|(k, v)| (k.to_string(), v.to_string())).collect())
            .collect())
    }

    /// Normalizes a listed name as the tagger normalizes word forms; hyphens and maqaf separate
    /// words as the tokenizer does.
    fn norm(name: &str) -> String {
        let n = tags::normalize(name);
        n.split([' ', '-']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
    }

    /// The word list `data/wordfreq/he.tsv`: every form, normalized as the tagger normalizes word
    /// forms, with its Zipf frequency. Spellings that normalize alike (׳ and ') count as the most
    /// frequent of them.
    pub fn word_frequencies(data: &Path) -> Result<FastMap<String, f64>, String> {
        let mut out: FastMap<String, f64> = FastMap::default();
        for r in rows(&data.join("wordfreq").join("he.tsv"))? {
            if let (Some(w), Some(z)) = (r.get("word"), r.get("zipf").and_then(|z| z.parse::<f64>().ok())) {
                let f = out.entry(tags::normalize(w)).or_insert(z);
                *f = f.max(z);
            }
        }
        Ok(out)
    }

    /// Reads the gazetteers under `data/gazetteers`, with the word frequency of each one-word
    /// name from `freq` ([`word_frequencies`]).
    pub fn read(data: &Path, freq: &FastMap<String, f64>, opts: &ListOptions) -> Result<NameLists, String> {
        let gaz = data.join("gazetteers");
        let mut codes: BTreeMap<String, (u16, u64)> = BTreeMap::new();
        let mut add = |name: &str, kind: usize, count: u64, ambiguous: bool| {
            let n = norm(name);
            if n.is_empty() || n.split(' ').count() > MAX_WORDS {
                return;
            }
            let e = codes.entry(n).or_insert((0, 0));
            e.0 |= 1 << kind;
            if ambiguous {
                e.0 |= AMBIGUOUS;
            }
            if kind <= 1 {
                e.1 = e.1.max(count);
            }
        };
        let count = |r: &BTreeMap<String, String>| r.get("count").and_then(|c| c.parse::<u64>().ok()).unwrap_or(0);
        for r in rows(&gaz.join("first_names.tsv"))? {
            if count(&r) >= opts.min_first {
                add(&r["name"], 0, count(&r), false);
            }
        }
        for r in rows(&gaz.join("surnames.tsv"))? {
            if count(&r) >= opts.min_surname {
                add(&r["name"], 1, count(&r), false);
            }
        }
        for r in rows(&gaz.join("places.tsv"))? {
            let kind = if r.get("type").map(String::as_str) == Some("LOC") { 3 } else { 2 };
            add(&r["name"], kind, 0, r.get("ambiguous").map(String::as_str) == Some("1"));
        }
        for r in rows(&gaz.join("organizations.tsv"))? {
            add(&r["name"], 4, 0, false);
        }
        for r in rows(&gaz.join("languages.tsv"))? {
            add(&r["name"], 5, 0, false);
        }
        let names = codes
            .into_iter()
            .map(|(n, (mut code, people))| {
                if !n.contains(' ') {
                    let z = freq.get(n.as_str()).copied().unwrap_or(-1.0);
                    let bucket = if z < 0.0 { 0 } else { (z.floor() as u16 + 1).min(8) };
                    code |= bucket << FREQ_SHIFT;
                }
                let pop = match people {
                    0..=99 => 0,
                    100..=999 => 1,
                    1000..=9999 => 2,
                    _ => 3,
                };
                (n, code | pop << POP_SHIFT)
            })
            .collect();
        Ok(NameLists::new(names))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::hash::hash_str;

    #[test]
    fn longest_match_wins() {
        let l = NameLists::new(vec![("תל".into(), 1 << 2), ("תל אביב".into(), 1 << 2), ("אביב".into(), 1)]);
        let h: Vec<u64> = ["ב", "תל", "אביב", "היום"].iter().map(|w| hash_str(w)).collect();
        let m = l.matches(&h);
        assert_eq!(m[0], (0, 0));
        assert_eq!(m[1], (1 << 2, 2));
        assert_eq!(m[2], (1, 1));
        assert_eq!(m[3], (0, 0));
        assert_eq!(l.word(hash_str("אביב")), 1);
    }
}
