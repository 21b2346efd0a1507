//! Prefix profiles: how a word form behaves behind prefix letters in a large general corpus
//! (`../shared/data/wordfreq`), a type signal for names the treebank never saw.
//!
//! A place is often written after ב, מ and ל (בקניגסברג, מקניגסברג), a person's name rarely after
//! ב and seldom with the article, a common noun often with ה. For each word form X of the word
//! list that also occurs behind at least one prefix letter (and that training keeps: the forms the
//! lexicon knows as proper nouns, about 11k), the profile holds, for each of ה, ב, ל, מ, ו, the
//! Zipf frequency of that letter + X against X's own, in five buckets. The NER model turns a
//! word's profile into features (`NerModel::features`); the lexicon says a form can be a name,
//! the profile says which kind of name it behaves like.

use crate::model::binio::{FormatError, Reader};
#[cfg(dikduk_train)]
use crate::model::binio::Writer;
use crate::model::hash::{hash_str, FastMap};

/// The prefix letters of a profile, in the order of their 3-bit fields (lowest first).
pub const LETTERS: [char; 5] = ['ה', 'ב', 'ל', 'מ', 'ו'];
/// Bits per letter.
pub const FIELD_BITS: u32 = 3;
/// Set in every profile (not stored in the file: every stored form has one).
pub const LISTED: u16 = 1 << 15;

/// The bucket of Zipf(letter + X) − Zipf(X): 0 when letter + X is not in the word list, then
/// 1 (far rarer) to 5 (about as common or more).
pub fn bucket(diff: Option<f64>) -> u16 {
    match diff {
        None => 0,
        Some(d) if d < -2.8 => 1,
        Some(d) if d < -2.1 => 2,
        Some(d) if d < -1.4 => 3,
        Some(d) if d < -0.7 => 4,
        Some(_) => 5,
    }
}

/// The bucket of letter `k` ([`LETTERS`]) in a profile (0 for a `k` past the last letter).
pub fn field(code: u16, k: usize) -> u64 {
    if k >= LETTERS.len() {
        return 0;
    }
    ((code >> (k as u32 * FIELD_BITS)) & ((1 << FIELD_BITS) - 1)) as u64
}

/// Word forms (normalized) and their profiles.
#[derive(Debug, Clone, Default)]
pub struct Profiles {
    /// Forms and profiles, sorted by form: what training builds and writes (empty once read
    /// back from a model file, which keeps only the index).
    pub forms: Vec<(String, u16)>,
    /// [`hash_str`] of a form → profile.
    index: FastMap<u64, u16>,
}

impl Profiles {
    /// Indexes `forms` (sorted by form).
    pub fn new(forms: Vec<(String, u16)>) -> Profiles {
        let index = forms.iter().map(|(f, c)| (hash_str(f), *c)).collect();
        Profiles { forms, index }
    }

    /// True when there are no profiles (the model has no profile features).
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The number of forms with a profile.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// The profile of a form by its [`hash_str`] (0 when it has none).
    #[inline]
    pub fn get(&self, form_hash: u64) -> u16 {
        self.index.get(&form_hash).copied().unwrap_or(0)
    }

    /// Writes the profiles into a model file (front coded: each form stores the bytes it shares
    /// with the one before it, then the rest).
    #[cfg(dikduk_train)]
    pub fn write(&self, w: &mut Writer) {
        w.varint(self.forms.len() as u64);
        let mut prev: &str = "";
        for (f, c) in &self.forms {
            let shared = prev.bytes().zip(f.bytes()).take_while(|(a, b)| a == b).count();
            let shared = (0..=shared).rev().find(|&k| f.is_char_boundary(k)).unwrap_or(0);
            w.varint(shared as u64);
            w.str(&f[shared..]);
            w.varint((*c & !LISTED) as u64);
            prev = f;
        }
    }

    /// Reads profiles written by [`Profiles::write`] into the lookup index (the forms themselves
    /// are not kept: one reused buffer, no allocation per form).
    pub fn read(r: &mut Reader) -> Result<Profiles, FormatError> {
        let n = r.len(10_000_000)?;
        let mut index = FastMap::default();
        index.reserve(n.min(1 << 20));
        let mut form = String::new();
        for _ in 0..n {
            let shared = r.len(1 << 16)?;
            let tail = r.str()?;
            let code = r.len(u16::MAX as usize)? as u16 | LISTED;
            if shared > form.len() || !form.is_char_boundary(shared) {
                return Err(FormatError("NER model: bad prefix profile".into()));
            }
            form.truncate(shared);
            form.push_str(tail);
            index.insert(hash_str(&form), code);
        }
        Ok(Profiles { forms: Vec::new(), index })
    }
}

/// Building the profiles from `../shared/data/wordfreq/he.tsv` (training only).
#[cfg(dikduk_train)]
pub mod load {
    use super::*;
    use std::collections::BTreeMap;

    /// The profiles of the forms of the word list (`zipf`, from
    /// [`crate::ner::lists::load::word_frequencies`]) with at least one prefixed variant in it
    /// that `keep` accepts.
    pub fn read(zipf: &FastMap<String, f64>, keep: impl Fn(&str) -> bool) -> Profiles {
        let mut forms: BTreeMap<String, u16> = BTreeMap::new();
        for (x, &zx) in zipf {
            if !keep(x) {
                continue;
            }
            let mut code = 0u16;
            for (k, l) in LETTERS.iter().enumerate() {
                let d = zipf.get(format!("{l}{x}").as_str()).map(|z| z - zx);
                code |= bucket(d) << (k as u32 * FIELD_BITS);
            }
            if code != 0 {
                forms.insert(x.to_string(), code | LISTED);
            }
        }
        Profiles::new(forms.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_and_fields() {
        assert_eq!(bucket(None), 0);
        assert_eq!(bucket(Some(-3.5)), 1);
        assert_eq!(bucket(Some(-0.2)), 5);
        let code = LISTED | bucket(Some(-3.0)) | bucket(Some(-0.1)) << FIELD_BITS;
        assert_eq!(field(code, 0), 1);
        assert_eq!(field(code, 1), 5);
        assert_eq!(field(code, 2), 0);
        assert_eq!(field(code, 5), 0);
        assert_eq!(field(u16::MAX, 99), 0);
    }

    #[test]
    #[cfg(dikduk_train)]
    fn profiles_round_trip_through_a_model_file() {
        let forms = vec![("ירושלים".to_string(), LISTED | 5 << FIELD_BITS), ("ירושלמי".to_string(), LISTED | 3), ("תל".to_string(), LISTED)];
        let p = Profiles::new(forms.clone());
        let mut w = Writer::default();
        p.write(&mut w);
        let q = Profiles::read(&mut Reader::new(&w.buf)).unwrap();
        assert_eq!(q.len(), 3);
        for (f, c) in &forms {
            assert_eq!(q.get(hash_str(f)), *c);
        }
        assert_eq!(q.get(hash_str("אביב")), 0);
        // A form that claims more shared bytes than the one before it has is an error.
        let mut bad = Writer::default();
        bad.varint(1);
        bad.varint(4);
        bad.str("x");
        bad.varint(1);
        assert!(Profiles::read(&mut Reader::new(&bad.buf)).is_err());
    }
}
