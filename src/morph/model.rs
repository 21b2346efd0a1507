//! The trained morphology model: dictionaries of analyses, guessing tables and perceptron weights.

use crate::model::binio::{FormatError, Reader, MORPH};
#[cfg(dikduk_train)]
use crate::model::binio::Writer;
use crate::model::hash::{hash_bytes, hash_prefix, hash_str, hash_suffix, mix, FastMap};
use super::lexicon::Lexicon;
use std::borrow::Cow;
use std::sync::OnceLock;

/// One syntactic word (form, UPOS, features, lemma) with its feature keys, computed on first use.
#[derive(Debug, Clone)]
pub struct WordInfo {
    /// Surface form in treebank notation (`ה_` for an implicit article, `_הוא` for a suffix).
    /// (Words read from the embedded model borrow their strings from it.)
    pub form: Cow<'static, str>,
    /// UPOS index.
    pub upos: u8,
    /// UD features, empty when none.
    pub feats: Cow<'static, str>,
    /// Lemma.
    pub lemma: Cow<'static, str>,
    /// Hashes used by the features ([`WordInfo::key`]): computed when a word is first scored, so
    /// that loading the model does not compute them for all of its 31k words (7.6 ms native).
    key: OnceLock<WordKey>,
}

impl PartialEq for WordInfo {
    /// The keys are a function of the other fields, computed or not.
    fn eq(&self, o: &Self) -> bool {
        self.form == o.form && self.upos == o.upos && self.feats == o.feats && self.lemma == o.lemma
    }
}

/// Hashes of a word's parts (see [`WordInfo::key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordKey {
    /// Form.
    pub form: u64,
    /// Lemma.
    pub lemma: u64,
    /// Features.
    pub feats: u64,
    /// Last two characters of the form.
    pub suf2: u64,
    /// Last three characters of the form.
    pub suf3: u64,
    /// First two characters of the form.
    pub pre2: u64,
    /// Last character of the form.
    pub suf1: u64,
    /// Last four characters of the form.
    pub suf4: u64,
    /// First character of the form.
    pub pre1: u64,
    /// First three characters of the form.
    pub pre3: u64,
    /// Length of the form in characters (capped at 10).
    pub len: u64,
    /// How the lemma is made from the form: characters dropped from the end, and the new tail.
    pub rule: u64,
    /// UPOS with gender, number and person: what agreement features look at.
    pub agree: u64,
    /// The whole word (form, UPOS, features, lemma).
    pub all: u64,
    /// UPOS with definiteness (construct state, article): what the next word's form depends on.
    pub defn: u64,
}

#[cfg(test)]
fn feat_value<'a>(feats: &'a str, name: &str) -> &'a str {
    feats
        .split('|')
        .find_map(|f| f.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
        .unwrap_or("")
}

/// The values of Gender, Number, Person and Definite in `feats` ("" when absent), in one pass;
/// the same as [`feat_value`] for each.
fn agreement_values(feats: &str) -> [&[u8]; 4] {
    const NAMES: [&[u8]; 4] = [b"Gender", b"Number", b"Person", b"Definite"];
    let mut found: [Option<&[u8]>; 4] = [None; 4];
    for part in feats.as_bytes().split(|&b| b == b'|') {
        let Some(eq) = part.iter().position(|&b| b == b'=') else { continue };
        if let Some(k) = NAMES.iter().position(|n| *n == &part[..eq]) {
            found[k].get_or_insert(&part[eq + 1..]);
        }
    }
    found.map(|v| v.unwrap_or(b""))
}

/// Hash of the edit that turns `form` into `lemma`: how many final characters go and the new
/// tail; when only the first letter differs (מצביע → הצביע) that letter is part of the rule.
fn lemma_rule_hash(form: &str, lemma: &str) -> u64 {
    // Without allocating: it runs for every word the morphology scores.
    let f = form.trim_matches('_');
    let shared = |a: &str, b: &str| a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let after_first = |s: &str| s.chars().next().map_or(s.len(), char::len_utf8);
    let mut common = shared(f, lemma);
    let mut head = 0u64;
    if common == 0 {
        let (f1, l1) = (&f[after_first(f)..], &lemma[after_first(lemma)..]);
        if !f1.is_empty() && !l1.is_empty() && f1.chars().next() == l1.chars().next() {
            common = 1 + shared(f1, l1);
            head = lemma.chars().next().map_or(0, |c| c as u64);
        }
    }
    let tail = lemma.char_indices().nth(common).map_or(lemma.len(), |(i, _)| i);
    mix(mix(mix(0x7A11, head), (f.chars().count() - common) as u64), hash_str(&lemma[tail..]))
}

impl WordInfo {
    /// A word that owns its strings (its keys are computed on first use, as for every word).
    pub fn new(form: &str, upos: u8, feats: &str, lemma: &str) -> WordInfo {
        WordInfo { form: Cow::Owned(form.into()), upos, feats: Cow::Owned(feats.into()), lemma: Cow::Owned(lemma.into()), key: OnceLock::new() }
    }

    /// A word whose strings live as long as the program (the embedded model's): no copies.
    pub fn borrowed(form: &'static str, upos: u8, feats: &'static str, lemma: &'static str) -> WordInfo {
        WordInfo { form: Cow::Borrowed(form), upos, feats: Cow::Borrowed(feats), lemma: Cow::Borrowed(lemma), key: OnceLock::new() }
    }

    /// The word's feature keys (computed on the first call).
    #[inline]
    pub fn key(&self) -> &WordKey {
        self.key.get_or_init(|| WordKey::new(&self.form, self.upos, &self.feats, &self.lemma))
    }
}

impl WordKey {
    /// The keys of a word.
    fn new(form: &str, upos: u8, feats: &str, lemma: &str) -> WordKey {
        let f = hash_str(form);
        let l = hash_str(lemma);
        let ft = hash_str(feats);
        let [gender, number, person, definite] = agreement_values(feats);
        let agree = mix(mix(mix(upos as u64, hash_bytes(gender)), hash_bytes(number)), hash_bytes(person));
        let all = mix(mix(mix(f, upos as u64), ft), l);
        let defn = mix(upos as u64 + 40, hash_bytes(definite));
        WordKey {
            form: f,
            lemma: l,
            feats: ft,
            suf2: hash_suffix(form, 2),
            suf3: hash_suffix(form, 3),
            pre2: hash_prefix(form, 2),
            suf1: hash_suffix(form, 1),
            suf4: hash_suffix(form, 4),
            pre1: hash_prefix(form, 1),
            pre3: hash_prefix(form, 3),
            len: form.chars().count().min(10) as u64,
            rule: lemma_rule_hash(form, lemma),
            agree,
            all,
            defn,
        }
    }
}

/// Surface string → analyses (ids into [`Model::analyses`]) with training counts, most frequent first.
#[derive(Debug, Default, Clone)]
pub struct Dict {
    /// Surface → (start, length) of its analyses in `entries`. One flat array instead of a Vec
    /// per surface: loading the model's 68k surfaces allocates nothing per entry (8.5 → 4.5 ms
    /// native).
    map: FastMap<Cow<'static, str>, (u32, u32)>,
    /// (analysis, count) pairs, each surface's in one run.
    entries: Vec<(u32, u32)>,
}

impl Dict {
    /// Adds one observation of `analysis` for `surface` (training).
    #[cfg(dikduk_train)]
    pub fn add(&mut self, surface: &str, analysis: u32) {
        let end = self.entries.len() as u32;
        let Some((start, len)) = self.map.get_mut(surface) else {
            self.map.insert(Cow::Owned(surface.into()), (end, 1));
            self.entries.push((analysis, 1));
            return;
        };
        let run = *start as usize..(*start + *len) as usize;
        if let Some(e) = self.entries[run.clone()].iter_mut().find(|(a, _)| *a == analysis) {
            e.1 += 1;
            return;
        }
        // A new analysis: the run grows at the end of the array (moved there first unless it is
        // the last run; training only, so the old copy is simply left behind).
        if run.end as u32 != end {
            self.entries.extend_from_within(run);
            *start = end;
        }
        self.entries.push((analysis, 1));
        *len += 1;
    }

    /// Forgets `surface` (training: a fold's dictionary without held-out words).
    #[cfg(dikduk_train)]
    pub fn remove(&mut self, surface: &str) {
        self.map.remove(surface);
    }

    /// Number of distinct surfaces.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when there is no surface.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Sorts every entry by count (descending), then analysis id, for deterministic output
    /// (training).
    #[cfg(dikduk_train)]
    pub fn finish(&mut self) {
        for &(start, len) in self.map.values() {
            self.entries[start as usize..(start + len) as usize].sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        }
    }

    /// Analyses of `surface`, most frequent first.
    #[inline]
    pub fn get(&self, surface: &str) -> &[(u32, u32)] {
        self.map.get(surface).map_or(&[], |&(start, len)| &self.entries[start as usize..(start + len) as usize])
    }

    #[cfg(dikduk_train)]
    fn write(&self, w: &mut Writer) {
        let mut keys: Vec<_> = self.map.keys().collect();
        keys.sort();
        w.varint(keys.len() as u64);
        for k in keys {
            w.str(k);
            let v = self.get(k);
            w.varint(v.len() as u64);
            for &(a, c) in v {
                w.varint(a as u64);
                w.varint(c as u64);
            }
        }
    }

    fn read(r: &mut Reader<'static>, n_analyses: usize) -> Result<Dict, FormatError> {
        let n = r.len(10_000_000)?;
        let mut map = FastMap::with_capacity_and_hasher(n, Default::default());
        let mut entries = Vec::with_capacity(n + n / 2);
        for _ in 0..n {
            let k = r.str()?;
            let m = r.len(1_000_000)?;
            let start = entries.len();
            for _ in 0..m {
                let a = r.len(n_analyses.saturating_sub(1))? as u32;
                let c = r.len(u32::MAX as usize)? as u32;
                entries.push((a, c));
            }
            if entries.len() > u32::MAX as usize {
                return Err(FormatError("too many dictionary entries".into()));
            }
            map.insert(Cow::Borrowed(k), (start as u32, m as u32));
        }
        Ok(Dict { map, entries })
    }
}

/// Whole-token and remainder dictionaries (swapped per fold while training).
#[derive(Debug, Default, Clone)]
pub struct Dicts {
    /// Whole surface token → full analyses.
    pub tokens: Dict,
    /// What is left after prefix letters → analyses of that remainder.
    pub bases: Dict,
}

/// A table keyed by (UPOS, form suffix) with fall-back to shorter suffixes.
#[derive(Debug, Default, Clone)]
pub struct SuffixTable<V> {
    /// Per UPOS: suffix of up to 3 characters → value. Keys borrow from the embedded model, and a
    /// lookup allocates nothing.
    maps: Vec<FastMap<Cow<'static, str>, V>>,
}

impl<V> SuffixTable<V> {
    /// The value for the longest suffix of `form` present for `upos`.
    pub fn get(&self, upos: u8, form: &str) -> Option<&V> {
        let map = self.maps.get(upos as usize)?;
        // Byte offsets of the last 3, 2 and 1 characters, then the empty suffix.
        let mut starts = [form.len(); 4];
        let mut n = 0;
        for (i, _) in form.char_indices().rev().take(3) {
            n += 1;
            starts[3 - n] = i;
        }
        starts[3 - n..].iter().find_map(|&start| map.get(&form[start..]))
    }

    /// Sets the value of (`upos`, `suffix`).
    pub fn insert(&mut self, upos: u8, suffix: Cow<'static, str>, value: V) {
        if self.maps.len() <= upos as usize {
            self.maps.resize_with(upos as usize + 1, FastMap::default);
        }
        self.maps[upos as usize].insert(suffix, value);
    }

    /// Every entry, sorted by UPOS, then suffix.
    #[cfg(dikduk_train)]
    fn sorted(&self) -> Vec<(u8, &str, &V)> {
        let mut out = Vec::new();
        for (u, map) in self.maps.iter().enumerate() {
            let mut keys: Vec<_> = map.iter().map(|(k, v)| (u as u8, k.as_ref(), v)).collect();
            keys.sort_by(|a, b| a.1.cmp(b.1));
            out.extend(keys);
        }
        out
    }
}

/// The morphology model.
#[derive(Debug, Default)]
pub struct Model {
    /// Every word seen in training.
    pub words: Vec<WordInfo>,
    /// Analyses: sequences of word ids.
    pub analyses: Vec<Vec<u32>>,
    /// Token and remainder dictionaries.
    pub dicts: Dicts,
    /// Prefix letters (ו, וה, ב, ...) → analyses of the prefix morphemes.
    pub prefixes: Dict,
    /// Likely UPOS tags of an unknown word by its last characters (key UPOS is ignored: 0).
    pub guess_upos: SuffixTable<Vec<u8>>,
    /// Most frequent features for (UPOS, suffix).
    pub guess_feats: SuffixTable<Cow<'static, str>>,
    /// Lemma rule (characters to strip, text to append) for (UPOS, suffix).
    pub lemma_rules: SuffixTable<(u8, Cow<'static, str>)>,
    /// Possessive endings (ו, ה, ם, יו, ותיהם...) → (word ids of `_של_` and the pronoun, host features).
    pub possessives: FastMap<Box<str>, (u32, u32, Box<str>)>,
    /// log2 of the number of weight buckets.
    pub bits: u32,
    /// Feature weights (quantised averaged perceptron).
    pub weights: Vec<i16>,
    /// The lexicon, when one is embedded.
    pub lexicon: Lexicon,
}

#[cfg(dikduk_train)]
fn write_suffix_table<V>(w: &mut Writer, t: &SuffixTable<V>, mut val: impl FnMut(&mut Writer, &V)) {
    let entries = t.sorted();
    w.varint(entries.len() as u64);
    for (u, suffix, v) in entries {
        w.varint(u as u64);
        w.str(suffix);
        val(w, v);
    }
}

fn read_suffix_table<V>(
    r: &mut Reader<'static>,
    mut val: impl FnMut(&mut Reader<'static>) -> Result<V, FormatError>,
) -> Result<SuffixTable<V>, FormatError> {
    let n = r.len(10_000_000)?;
    let mut t = SuffixTable { maps: Vec::new() };
    for _ in 0..n {
        let u = r.len(255)? as u8;
        let s = r.str()?;
        let v = val(r)?;
        t.insert(u, Cow::Borrowed(s), v);
    }
    Ok(t)
}

impl Model {
    /// The bucket of a feature hash.
    #[inline]
    pub fn bucket(&self, h: u64) -> usize {
        (mix(h, 0x5bd1_e995) >> (64 - self.bits)) as usize
    }

    /// The model's weight of a feature hash.
    #[inline]
    pub fn weight(&self, h: u64) -> i64 {
        self.weights[self.bucket(h)] as i64
    }

    /// Serialises the model (deterministically; training writes `models/morph.bin` with it).
    #[cfg(dikduk_train)]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::with_header(&MORPH);
        w.varint(self.words.len() as u64);
        for x in &self.words {
            w.str(&x.form);
            w.varint(x.upos as u64);
            w.str(&x.feats);
            w.str(if x.lemma == x.form { "" } else { &x.lemma });
        }
        w.varint(self.analyses.len() as u64);
        for a in &self.analyses {
            w.varint(a.len() as u64);
            for &id in a {
                w.varint(id as u64);
            }
        }
        self.dicts.tokens.write(&mut w);
        self.dicts.bases.write(&mut w);
        self.prefixes.write(&mut w);
        write_suffix_table(&mut w, &self.guess_upos, |w, v| {
            w.varint(v.len() as u64);
            for &u in v {
                w.varint(u as u64);
            }
        });
        write_suffix_table(&mut w, &self.guess_feats, |w, v| w.str(v));
        write_suffix_table(&mut w, &self.lemma_rules, |w, v| {
            w.varint(v.0 as u64);
            w.str(&v.1);
        });
        let mut keys: Vec<_> = self.possessives.keys().collect();
        keys.sort();
        w.varint(keys.len() as u64);
        for k in keys {
            let (shel, pron, feats) = &self.possessives[k];
            w.str(k);
            w.varint(*shel as u64);
            w.varint(*pron as u64);
            w.str(feats);
        }
        w.varint(self.bits as u64);
        w.sparse_i16(&self.weights);
        w.buf
    }

    /// Reads a model written by [`Model::to_bytes`] (checking its header first); the lexicon is
    /// attached separately.
    pub fn from_bytes(data: &'static [u8]) -> Result<Model, FormatError> {
        let mut r = Reader::new(data);
        r.header(&MORPH)?;
        let n = r.len(10_000_000)?;
        let mut words = Vec::with_capacity(n);
        for _ in 0..n {
            let form = r.str()?;
            let upos = r.len(255)? as u8;
            let feats = r.str()?;
            let lemma = r.str()?;
            words.push(WordInfo::borrowed(form, upos, feats, if lemma.is_empty() { form } else { lemma }));
        }
        let n = r.len(10_000_000)?;
        let mut analyses = Vec::with_capacity(n);
        for _ in 0..n {
            let m = r.len(64)?;
            let mut a = Vec::with_capacity(m);
            for _ in 0..m {
                a.push(r.len(words.len().saturating_sub(1))? as u32);
            }
            analyses.push(a);
        }
        let tokens = Dict::read(&mut r, analyses.len())?;
        let bases = Dict::read(&mut r, analyses.len())?;
        let prefixes = Dict::read(&mut r, analyses.len())?;
        let guess_upos = read_suffix_table(&mut r, |r| {
            let m = r.len(32)?;
            (0..m).map(|_| r.len(17).map(|u| u as u8)).collect()
        })?;
        let guess_feats = read_suffix_table(&mut r, |r| r.str().map(Cow::Borrowed))?;
        let lemma_rules = read_suffix_table(&mut r, |r| Ok((r.len(255)? as u8, Cow::Borrowed(r.str()?))))?;
        let n = r.len(100_000)?;
        let mut possessives = FastMap::with_capacity_and_hasher(n, Default::default());
        for _ in 0..n {
            let k: Box<str> = r.str()?.into();
            let max = words.len().saturating_sub(1);
            let v = (r.len(max)? as u32, r.len(max)? as u32, r.str()?.into());
            possessives.insert(k, v);
        }
        let bits = r.len(28)? as u32;
        if bits < 8 {
            return Err(FormatError("too few weight buckets".into()));
        }
        let weights = r.sparse_i16(1 << bits)?;
        if !r.at_end() {
            return Err(FormatError("trailing bytes".into()));
        }
        Ok(Model {
            words,
            analyses,
            dicts: Dicts { tokens, bases },
            prefixes,
            guess_upos,
            guess_feats,
            lemma_rules,
            possessives,
            bits,
            weights,
            lexicon: Lexicon::default(),
        })
    }

    /// Features to give an unseen word of this UPOS.
    pub fn feats_for(&self, upos: u8, form: &str) -> &str {
        self.guess_feats.get(upos, form).map_or("", |f| f)
    }

    /// Lemma of an unseen word of this UPOS, by the learned suffix rules.
    pub fn lemma_for(&self, upos: u8, form: &str) -> String {
        match self.lemma_rules.get(upos, form) {
            Some((strip, add)) => {
                let n = form.chars().count();
                if (*strip as usize) >= n {
                    return form.to_string();
                }
                let cut = form.char_indices().nth(n - *strip as usize).map_or(form.len(), |(i, _)| i);
                format!("{}{}", &form[..cut], add)
            }
            None => form.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_tables_prefer_the_longest_suffix() {
        let mut t = SuffixTable::default();
        for (suffix, v) in [("", 0), ("ת", 1), ("ות", 2), ("יות", 3)] {
            t.insert(1, suffix.into(), v);
        }
        assert_eq!(t.get(1, "אפשרויות"), Some(&3));
        assert_eq!(t.get(1, "שיחות"), Some(&2), "no חות: the two-letter suffix");
        assert_eq!(t.get(1, "ות"), Some(&2));
        assert_eq!(t.get(1, "ת"), Some(&1));
        assert_eq!(t.get(1, "א"), Some(&0));
        assert_eq!(t.get(1, ""), Some(&0));
        assert_eq!(t.get(2, "שיחות"), None);
        assert_eq!(t.get(200, "שיחות"), None);
    }

    #[cfg(dikduk_train)]
    #[test]
    fn dictionary_runs_grow_in_any_order_and_sort_by_count() {
        let mut d = Dict::default();
        for (surface, a) in [("א", 1), ("ב", 5), ("א", 2), ("א", 2), ("ב", 5), ("א", 3), ("ב", 4)] {
            d.add(surface, a);
        }
        d.finish();
        assert_eq!(d.get("א"), &[(2, 2), (1, 1), (3, 1)]);
        assert_eq!(d.get("ב"), &[(5, 2), (4, 1)]);
        assert_eq!(d.get("ג"), &[]);
        assert_eq!(d.len(), 2);
        d.remove("א");
        assert_eq!((d.get("א"), d.len()), (&[][..], 1));
    }

    #[test]
    fn lemma_rules_apply_to_suffixes() {
        let mut m = Model::default();
        m.lemma_rules.insert(7, "ים".into(), (2, "".into()));
        m.lemma_rules.insert(7, "ות".into(), (2, "ה".into()));
        assert_eq!(m.lemma_for(7, "ספרים"), "ספר");
        assert_eq!(m.lemma_for(7, "שיחות"), "שיחה");
        assert_eq!(m.lemma_for(7, "בית"), "בית");
        assert_eq!(m.lemma_for(3, "ים"), "ים");
    }

    #[test]
    fn lemma_rules_generalise_across_words() {
        assert_eq!(lemma_rule_hash("ספרים", "ספר"), lemma_rule_hash("ילדים", "ילד"));
        assert_eq!(lemma_rule_hash("מצביע", "הצביע"), lemma_rule_hash("מסביר", "הסביר"));
        assert_ne!(lemma_rule_hash("מצביע", "הצביע"), lemma_rule_hash("מצביע", "מצביע"));
        assert_eq!(lemma_rule_hash("משימה_", "משימה"), lemma_rule_hash("בית", "בית"));
    }

    /// A tiny model with something in every part of the file.
    #[cfg(dikduk_train)]
    fn tiny() -> Model {
        let mut m = Model { bits: 8, weights: vec![0; 256], ..Default::default() };
        m.words = vec![
            WordInfo::new("ב", 1, "", "ב"),
            WordInfo::new("ספרים", 7, "Gender=Masc|Number=Plur", "ספר"),
            WordInfo::new("_של_", 1, "", "של"),
            WordInfo::new("_הוא", 10, "Gender=Masc|Number=Sing|Person=3", "הוא"),
        ];
        m.analyses = vec![vec![1], vec![0, 1], vec![0]];
        m.dicts.tokens.add("בספרים", 1);
        m.dicts.tokens.add("ספרים", 0);
        m.dicts.tokens.add("ספרים", 0);
        m.dicts.bases.add("ספרים", 0);
        m.prefixes.add("ב", 2);
        for d in [&mut m.dicts.tokens, &mut m.dicts.bases, &mut m.prefixes] {
            d.finish();
        }
        m.guess_upos.insert(0, "ים".into(), vec![7, 3]);
        m.guess_feats.insert(7, "ים".into(), "Number=Plur".into());
        m.lemma_rules.insert(7, "ים".into(), (2, "".into()));
        m.possessives.insert("ו".into(), (2, 3, "Gender=Masc|Number=Sing".into()));
        m.weights[0] = 5;
        m.weights[17] = -300;
        m.weights[255] = 32000;
        m
    }

    #[cfg(dikduk_train)]
    #[test]
    fn model_file_round_trips() {
        let m = tiny();
        let bytes: &'static [u8] = Box::leak(m.to_bytes().into_boxed_slice());
        assert_eq!(&bytes[..8], b"dikdukMO");
        let back = Model::from_bytes(bytes).unwrap();
        assert_eq!(back.words, m.words);
        assert_eq!(back.analyses, m.analyses);
        assert_eq!(back.dicts.tokens.get("ספרים"), &[(0, 2)]);
        assert_eq!(back.prefixes.get("ב"), &[(2, 1)]);
        assert_eq!(back.lemma_for(7, "ילדים"), "ילד");
        assert_eq!(back.weights, m.weights);
        assert_eq!(back.to_bytes(), bytes);
        // Every truncation is an error, not a panic.
        for n in 0..bytes.len() {
            assert!(Model::from_bytes(&bytes[..n]).is_err(), "{n}");
        }
    }

    /// The reader and the writer agree on the real model: what training wrote comes back byte
    /// for byte (the load-time representations change; the file must not).
    #[cfg(all(dikduk_train, dikduk_morph_model))]
    #[test]
    fn the_committed_model_is_rewritten_byte_for_byte() {
        let m = Model::from_bytes(super::super::MODEL_BYTES).unwrap();
        assert!(m.to_bytes() == super::super::MODEL_BYTES);
    }

    #[test]
    fn wrong_or_truncated_header_is_an_error() {
        let err = |b: &[u8]| Model::from_bytes(Box::leak(b.to_vec().into_boxed_slice())).unwrap_err().to_string();
        // The string-headed format before these headers.
        assert_eq!(err(b"\x0edikduk-morph/1\x00"), "invalid model file: not a dikduk morphology model");
        assert_eq!(err(b"dikdukMO"), "invalid model file: morphology model header truncated at 8 of 12 bytes");
        assert_eq!(err(b"dikdukNE\x04\0\0\0"), "invalid model file: a dikduk NER model, not a morphology model");
        assert_eq!(err(b"dikdukMO\x01\0\0\0\0"), "invalid model file: morphology model format 1, this build reads 2");
        // A right header with nothing after it.
        assert_eq!(err(&crate::model::binio::header(&MORPH)), "invalid model file: truncated");
    }

    #[test]
    fn feat_values() {
        assert_eq!(feat_value("Gender=Masc|Number=Plur", "Number"), "Plur");
        assert_eq!(feat_value("", "Number"), "");
        for f in ["", "Gender=Masc|Number=Plur", "Definite=Cons|Gender=Fem|Number=Sing|Person=3", "Gender=|Gender=Fem",
                  "Gender[psor]=Masc|Number[psor]=Sing|Gender=Fem", "Number=Plur=X|Person"] {
            let v = agreement_values(f);
            for (k, name) in ["Gender", "Number", "Person", "Definite"].iter().enumerate() {
                assert_eq!(v[k], feat_value(f, name).as_bytes(), "{f} {name}");
            }
        }
    }
}
