//! Named-entity recognition over syntactic words (morphemes), NEMO types (PER, ORG, GPE, LOC,
//! FAC, EVE, WOA, DUC, ANG), BIOSE labels.
//!
//! The model is a linear-chain tagger: an averaged structured perceptron with first-order Viterbi
//! over the 37 labels (O + B/I/E/S × 9 types), with hard constraints on transitions (I/E only after
//! B/I of the same type, sentences end outside an entity). Emission features are hashed; each
//! feature hash selects a run of 37 consecutive i16 weights (one per label), so scoring a word is
//! one cache-friendly row addition per feature. A gazetteer of multi-word entity names from the
//! training set is stored in the model file. A second pass ([`NerModel::tag_document`]) adds
//! document features: how the first pass labelled the same forms in the sentences around. Trained
//! by `dikduk train`, embedded in the binary.

pub mod lists;
pub mod profiles;
#[cfg(dikduk_train)]
pub mod train;

use crate::model::binio::{FormatError, Reader, NER};
#[cfg(dikduk_train)]
use crate::model::binio::Writer;
use crate::model::hash::{hash_prefix, hash_str, hash_suffix, mix, FastMap};
use crate::morph::tags;
use lists::NameLists;
use profiles::Profiles;
use std::sync::OnceLock;

/// Entity types, in label order.
pub const TYPES: [&str; 9] = ["PER", "ORG", "GPE", "LOC", "FAC", "EVE", "WOA", "DUC", "ANG"];
/// Number of labels: O, then B/I/E/S for every type.
pub const NL: usize = 1 + 4 * TYPES.len();
/// Longest gazetteer name, in words.
const MAX_GAZ: usize = 6;

#[cfg(dikduk_ner_model)]
const MODEL_BYTES: &[u8] = include_bytes!("../../models/ner.bin");
#[cfg(not(dikduk_ner_model))]
const MODEL_BYTES: &[u8] = &[];

static MODEL: OnceLock<Result<NerModel, FormatError>> = OnceLock::new();

/// The embedded NER model, loaded on first use.
pub fn model() -> Result<&'static NerModel, &'static FormatError> {
    MODEL
        .get_or_init(|| {
            if MODEL_BYTES.is_empty() {
                return Err(FormatError("no NER model was embedded at build time".into()));
            }
            NerModel::from_bytes(MODEL_BYTES)
        })
        .as_ref()
}

/// BIOSE position of a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    /// Outside.
    O,
    /// Begin.
    B,
    /// Inside.
    I,
    /// End.
    E,
    /// Single.
    S,
}

/// The label id of (position, type index).
pub const fn label(pos: Pos, ty: usize) -> usize {
    match pos {
        Pos::O => 0,
        Pos::B => 1 + 4 * ty,
        Pos::I => 2 + 4 * ty,
        Pos::E => 3 + 4 * ty,
        Pos::S => 4 + 4 * ty,
    }
}

/// The (position, type index) of a label id.
pub fn split_label(l: usize) -> (Pos, usize) {
    if l == 0 || l >= NL {
        return (Pos::O, 0);
    }
    let t = (l - 1) / 4;
    let p = match (l - 1) % 4 {
        0 => Pos::B,
        1 => Pos::I,
        2 => Pos::E,
        _ => Pos::S,
    };
    (p, t)
}

/// Parses `B-PER`, `O`... into a label id (unknown types and malformed labels are `O`).
pub fn parse_label(s: &str) -> usize {
    let Some((p, t)) = s.split_once('-') else { return 0 };
    let Some(ty) = TYPES.iter().position(|x| *x == t) else { return 0 };
    let pos = match p {
        "B" => Pos::B,
        "I" => Pos::I,
        "E" => Pos::E,
        "S" => Pos::S,
        _ => return 0,
    };
    label(pos, ty)
}

/// The text of a label id (`O`, `B-PER`...).
pub fn label_name(l: usize) -> String {
    match split_label(l) {
        (Pos::O, _) => "O".into(),
        (p, t) => format!("{}-{}", ["O", "B", "I", "E", "S"][p as usize], TYPES[t]),
    }
}

/// O and, for every type in order, its labels at positions `x` and `y` (ascending when `x`
/// comes before `y` in B, I, E, S).
const fn group(x: Pos, y: Pos) -> [usize; 1 + 2 * TYPES.len()] {
    let mut out = [label(Pos::O, 0); 1 + 2 * TYPES.len()];
    let mut t = 0;
    while t < TYPES.len() {
        out[1 + 2 * t] = label(x, t);
        out[2 + 2 * t] = label(y, t);
        t += 1;
    }
    out
}

/// Whether label `b` may follow label `a` (`None` = sentence start).
#[inline]
pub fn allowed(a: Option<usize>, b: usize) -> bool {
    let (pb, tb) = split_label(b);
    match a.map(split_label) {
        Some((Pos::B | Pos::I, ta)) => matches!(pb, Pos::I | Pos::E) && ta == tb,
        _ => matches!(pb, Pos::O | Pos::B | Pos::S),
    }
}

/// Whether a sentence may end with label `a`.
#[inline]
pub fn allowed_end(a: usize) -> bool {
    matches!(split_label(a).0, Pos::O | Pos::E | Pos::S)
}

/// Turns a label sequence into entities `(type index, first word, last word inclusive)`, leniently
/// repairing invalid sequences: `I`/`E` without an open entity of that type starts one, an entity
/// still open at `O`, at another type or at the end is closed at its last word.
pub fn decode(labels: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        let (p, t) = split_label(l);
        match p {
            Pos::O => {
                if let Some((ot, s)) = open.take() {
                    out.push((ot, s, i - 1));
                }
            }
            Pos::B | Pos::S => {
                if let Some((ot, s)) = open.take() {
                    out.push((ot, s, i - 1));
                }
                if p == Pos::S {
                    out.push((t, i, i));
                } else {
                    open = Some((t, i));
                }
            }
            Pos::I | Pos::E => {
                match open {
                    Some((ot, _)) if ot == t => {}
                    Some((ot, s)) => {
                        out.push((ot, s, i - 1));
                        open = Some((t, i));
                    }
                    None => open = Some((t, i)),
                }
                if p == Pos::E {
                    if let Some((ot, s)) = open.take() {
                        out.push((ot, s, i));
                    }
                }
            }
        }
    }
    if let Some((ot, s)) = open {
        out.push((ot, s, labels.len() - 1));
    }
    out
}

/// One syntactic word as the tagger sees it.
#[derive(Debug, Clone)]
pub struct NerWord<'a> {
    /// Word form (as analysed; `ה_` for the implicit article).
    pub form: &'a str,
    /// Lemma.
    pub lemma: &'a str,
    /// UPOS tag.
    pub upos: &'a str,
    /// The surface token the word belongs to.
    pub token: &'a str,
    /// Index of the word inside its token, and the token's number of words.
    pub index_in_token: usize,
    /// Number of words of the token.
    pub token_words: usize,
}

/// Titles that often precede a person (or an organisation's name).
const TITLES: &[&str] = &[
    "נשיא", "נשיאת", "ראש", "ח\"כ", "שר", "שרת", "השר", "השרה", "הנשיא", "הנשיאה", "ד\"ר", "פרופ'", "פרופסור",
    "מר", "גב'", "עו\"ד", "רב", "הרב", "סגן", "מנכ\"ל", "יו\"ר", "דובר", "דוברת", "מזכיר", "מזכירת", "שגריר",
    "אלוף", "תא\"ל", "רס\"ן", "סא\"ל", "אל\"מ", "רב-אלוף", "רמטכ\"ל", "מנהל", "מפקד", "חבר", "חברת", "ראש_הממשלה",
    "עיתונאי", "הסופר", "הזמר", "השחקן", "המאמן", "מאמן", "שחקן", "בירת", "עיר", "העיר", "מדינת", "חברת",
];

/// The trained NER model.
#[derive(Debug, Clone, Default)]
pub struct NerModel {
    /// log2 of the number of weight rows.
    pub bits: u32,
    /// Emission weights: row `r` (from a feature hash) holds labels at `r .. r + NL`.
    pub weights: Vec<i16>,
    /// Transition weights `trans[a * NL + b]`, plus start (`a = NL`) and end (`NL + 1`) rows.
    pub trans: Vec<i16>,
    /// Subtracted from every word's `O` score (tuned on dev to balance precision and recall).
    pub o_bias: i32,
    /// Document window, in sentences either side: the second pass sees how the first pass
    /// labelled the same forms in these sentences (0: one pass, no document features).
    pub window: usize,
    /// `trans` widened, for decoding.
    pub trans32: Vec<i32>,
    /// Gazetteer: hash of a word sequence → bit mask of (type × {B,I,E,S} position) lengths.
    pub gazetteer: FastMap<u64, u16>,
    /// The gazetteer's names (word forms joined by spaces) and type masks, as stored.
    pub names: Vec<(String, u16)>,
    /// Typed name lists from outside the training data (empty: no list features).
    pub lists: NameLists,
    /// Prefix profiles of word forms from a general corpus (empty: no profile features).
    pub profiles: Profiles,
}

/// The hash of a sequence of normalized forms (as gazetteer keys).
#[inline]
fn seq_hash(h: u64, form_hash: u64) -> u64 {
    mix(h, form_hash)
}

/// The lookup key of a name (gazetteer or name lists) from its words, as [`seq_hash`] chains them.
pub fn name_key<'a>(words: impl IntoIterator<Item = &'a str>) -> u64 {
    words.into_iter().fold(0, |h, w| seq_hash(h, hash_str(w)))
}

/// Per-sentence feature buffers, reusable across sentences.
#[derive(Debug, Default, Clone)]
pub struct Features {
    /// Feature hashes of all words, flat.
    pub hashes: Vec<u64>,
    /// Start of each word's hashes in `hashes` (len = words + 1).
    pub offsets: Vec<usize>,
}

fn shape(s: &str) -> u64 {
    let mut h = 0u64;
    let mut last = 0u8;
    let mut n = 0;
    for c in s.chars() {
        let k = if ('\u{05D0}'..='\u{05EA}').contains(&c) {
            1
        } else if c.is_ascii_alphabetic() {
            if c.is_ascii_uppercase() {
                2
            } else {
                3
            }
        } else if c.is_ascii_digit() {
            4
        } else if c == '"' || c == '\'' {
            5
        } else if c == '-' {
            6
        } else {
            7
        };
        if k != last {
            h = mix(h, k as u64);
            last = k;
            n += 1;
            if n > 6 {
                break;
            }
        }
    }
    h
}

fn is_prefix_word(w: &NerWord) -> bool {
    w.token_words > 1 && w.index_in_token + 1 < w.token_words && matches!(w.upos, "ADP" | "CCONJ" | "DET" | "SCONJ")
}

impl NerModel {
    /// Row start index of a feature hash.
    #[inline]
    pub fn row(&self, h: u64) -> usize {
        (mix(h, 0x7f4a_7c15_9e37_79b9) >> (64 - self.bits)) as usize
    }

    /// Gazetteer matches: for each word, a bit mask of (type, position) where position is
    /// B/I/E/S of the longest known name covering the word.
    pub fn gaz_matches(gaz: &FastMap<u64, u16>, forms: &[u64]) -> Vec<u64> {
        let n = forms.len();
        let mut out = vec![0u64; n];
        if gaz.is_empty() {
            return out;
        }
        for i in 0..n {
            let mut h = 0u64;
            let mut best: Option<(usize, u16)> = None;
            for (j, &fj) in forms.iter().enumerate().take(i + MAX_GAZ).skip(i) {
                h = seq_hash(h, fj);
                if let Some(&m) = gaz.get(&h) {
                    best = Some((j, m));
                }
            }
            if let Some((j, m)) = best {
                for t in 0..TYPES.len() {
                    if m & (1 << t) == 0 {
                        continue;
                    }
                    if i == j {
                        out[i] |= 1 << (4 * t + 3);
                    } else {
                        out[i] |= 1 << (4 * t);
                        for o in out.iter_mut().take(j).skip(i + 1) {
                            *o |= 1 << (4 * t + 1);
                        }
                        out[j] |= 1 << (4 * t + 2);
                    }
                }
            }
        }
        out
    }

    /// Computes the feature hashes of a sentence's words.
    pub fn features(&self, words: &[NerWord], gaz: &FastMap<u64, u16>, lex: impl Fn(&str) -> u32, f: &mut Features) {
        self.features_with_mask(words, gaz, lex, None, f)
    }

    /// [`Self::features`], leaving out the features that name the word itself (form, lemma,
    /// token) for the words whose `mask` entry is true: training shows the model names it has
    /// to recognise from their shape and context, as it will meet unseen names.
    #[cfg(dikduk_train)]
    pub fn features_masked(&self, words: &[NerWord], gaz: &FastMap<u64, u16>, lex: impl Fn(&str) -> u32, mask: Option<&[bool]>, f: &mut Features) {
        self.features_with_mask(words, gaz, lex, mask, f)
    }

    /// The features of [`Self::features`], without those that name the words `mask` marks.
    fn features_with_mask(&self, words: &[NerWord], gaz: &FastMap<u64, u16>, lex: impl Fn(&str) -> u32, mask: Option<&[bool]>, f: &mut Features) {
        f.hashes.clear();
        f.offsets.clear();
        let n = words.len();
        let norm: Vec<std::borrow::Cow<str>> = words.iter().map(|w| tags::normalized(w.form)).collect();
        let fh: Vec<u64> = norm.iter().map(|s| hash_str(s)).collect();
        let uh: Vec<u64> = words.iter().map(|w| hash_str(w.upos)).collect();
        let gz = Self::gaz_matches(gaz, &fh);
        let cover = list_cover(&self.lists.matches(&fh));
        // The lexicon only for open-class words (closed classes are never names).
        let lx: Vec<u32> = norm
            .iter()
            .zip(words)
            .map(|(s, w)| if matches!(w.upos, "PROPN" | "NOUN" | "ADJ" | "X" | "VERB") { lex(s) } else { 0 })
            .collect();
        let pn: Vec<u64> = lx.iter().map(|&m| (((m >> tags::PROPN) & 1) as u64) | (((m != 0) as u64) << 1)).collect();
        let at = |v: &[u64], i: isize| -> u64 {
            if i < 0 {
                0xB05
            } else if i as usize >= n {
                0xE05
            } else {
                v[i as usize]
            }
        };
        for i in 0..n {
            f.offsets.push(f.hashes.len());
            let w = &words[i];
            let form = &*norm[i];
            let ii = i as isize;
            let h = &mut f.hashes;
            let masked = mask.is_some_and(|m| m[i]);
            h.push(mix(1, 0));
            if !masked {
                h.push(mix(2, fh[i]));
                h.push(mix(3, hash_str(w.lemma)));
                h.push(mix(5, mix(uh[i], fh[i])));
                h.push(mix(22, mix(at(&fh, ii - 1), fh[i])));
                h.push(mix(23, mix(fh[i], at(&fh, ii + 1))));
                h.push(mix(24, hash_str(w.token)));
                h.push(mix(31, mix(at(&uh, ii - 1), fh[i])));
                h.push(mix(41, mix(mix(at(&fh, ii - 1), fh[i]), at(&fh, ii + 1))));
            }
            h.push(mix(4, uh[i]));
            h.push(mix(6, hash_prefix(form, 2)));
            h.push(mix(7, hash_prefix(form, 3)));
            h.push(mix(8, hash_suffix(form, 2)));
            h.push(mix(9, hash_suffix(form, 3)));
            h.push(mix(10, shape(form)));
            h.push(mix(11, is_prefix_word(w) as u64));
            h.push(mix(12, at(&fh, ii - 1)));
            h.push(mix(13, at(&fh, ii - 2)));
            h.push(mix(14, at(&fh, ii + 1)));
            h.push(mix(15, at(&fh, ii + 2)));
            h.push(mix(16, at(&uh, ii - 1)));
            h.push(mix(17, at(&uh, ii - 2)));
            h.push(mix(18, at(&uh, ii + 1)));
            h.push(mix(19, at(&uh, ii + 2)));
            h.push(mix(20, mix(at(&uh, ii - 1), uh[i])));
            h.push(mix(21, mix(uh[i], at(&uh, ii + 1))));
            h.push(mix(25, pn[i]));
            h.push(mix(26, mix(uh[i], pn[i])));
            h.push(mix(36, mix(mix(at(&pn, ii - 1), pn[i]), at(&pn, ii + 1))));
            h.push(mix(37, mix(mix(at(&uh, ii - 1), at(&pn, ii - 1)), mix(uh[i], pn[i]))));
            h.push(mix(38, mix(mix(uh[i], pn[i]), mix(at(&uh, ii + 1), at(&pn, ii + 1)))));
            h.push(mix(39, hash_suffix(form, 4)));
            h.push(mix(40, hash_str(words.get(i + 1).map_or("$", |w| w.lemma))));
            let g = gz[i];
            if g != 0 {
                let mut m = g;
                while m != 0 {
                    let b = m.trailing_zeros() as u64;
                    m &= m - 1;
                    h.push(mix(27, b));
                }
            }
            let pf = if i > 0 { &*norm[i - 1] } else { "" };
            if i > 0 && TITLES.contains(&pf) {
                h.push(mix(28, 1));
                h.push(mix(29, uh[i]));
            }
            if i > 1 && TITLES.contains(&&*norm[i - 2]) {
                h.push(mix(30, 1));
            }
            h.push(mix(32, hash_str(words.get(i.wrapping_sub(1)).map_or("^", |w| w.lemma))));
            h.push(mix(33, (w.index_in_token.min(3) as u64) << 2 | (w.token_words.min(3) as u64)));
            h.push(mix(34, mix(hash_suffix(form, 1), uh[i])));
            h.push(mix(35, gz.get(i.wrapping_sub(1)).copied().unwrap_or(0) & 0x1ff_ffff_ffff));
            if w.token_words == 1 && lx[i] & (1 << tags::PROPN) == 0 && matches!(w.upos, "PROPN" | "NOUN" | "ADJ" | "X" | "VERB") {
                // A token left whole that may hide prefix letters before a name (באיובה).
                if let Some(b) = unsplit_prefix(form, gaz, &self.lists, &lex) {
                    if !masked {
                        h.push(mix(42, form[..b].chars().count() as u64));
                        h.push(mix(43, hash_str(&form[b..])));
                    }
                    let c = self.lists.word(hash_str(&form[b..])) & lists::KIND_MASK;
                    if c != 0 {
                        h.push(mix(57, c as u64));
                    }
                }
            }
            // The typed name lists: never masked, they are what the model knows of unseen names.
            let kinds = |i: isize| if i < 0 || i as usize >= n { 0 } else { kind_of_cover(cover[i as usize]) };
            let mut m = cover[i];
            while m != 0 {
                let b = m.trailing_zeros() as u64;
                m &= m - 1;
                h.push(mix(50, b));
            }
            let sc = self.lists.word(fh[i]);
            if sc != 0 {
                let k = (sc & lists::KIND_MASK) as u64;
                h.push(mix(51, mix((sc & (lists::KIND_MASK | lists::AMBIGUOUS)) as u64, lists::freq_of(sc))));
                h.push(mix(52, mix(k, lists::pop_of(sc))));
                h.push(mix(53, mix(k, uh[i])));
            }
            // How the form behaves behind prefix letters in a general corpus (a place after ב
            // and מ, a common noun after ה): never masked, like the lists.
            if !self.profiles.is_empty() {
                let pc = self.profiles.get(fh[i]);
                if pc == 0 {
                    h.push(mix(70, mix(0xFFFF, uh[i])));
                } else {
                    h.push(mix(70, pc as u64));
                    for k in 0..profiles::LETTERS.len() {
                        h.push(mix(71 + k as u64, profiles::field(pc, k)));
                    }
                    h.push(mix(77, mix(profiles::field(pc, 1), uh[i])));
                    h.push(mix(78, mix(profiles::field(pc, 0), uh[i])));
                }
            }
            // A word before or after a listed name (מכבי before a city, נשיא after a country).
            if kinds(ii + 1) != 0 {
                h.push(mix(61, mix(fh[i], kinds(ii + 1))));
            }
            if kinds(ii - 1) != 0 {
                h.push(mix(62, mix(fh[i], kinds(ii - 1))));
            }
            let ki = kinds(ii);
            if ki != 0 {
                h.push(mix(54, mix(at(&fh, ii - 1), ki)));
                h.push(mix(55, mix(kinds(ii - 1), ki)));
                h.push(mix(56, mix(ki, at(&fh, ii + 1))));
            }
        }
        f.offsets.push(f.hashes.len());
    }

    /// Emission scores (NL per word) from feature hashes.
    pub fn emissions(&self, f: &Features, w: &[i16], out: &mut Vec<i32>) {
        let n = f.offsets.len().saturating_sub(1);
        out.clear();
        out.resize(n * NL, 0);
        for i in 0..n {
            let row = &mut out[i * NL..(i + 1) * NL];
            for &h in &f.hashes[f.offsets[i]..f.offsets[i + 1]] {
                let r = self.row(h);
                let ws = &w[r..r + NL];
                for (o, &x) in row.iter_mut().zip(ws) {
                    *o += x as i32;
                }
            }
        }
    }

    /// Best constrained label sequence given emissions and transitions.
    pub fn viterbi(emis: &[i32], trans: &[i32], n: usize) -> Vec<usize> {
        if n == 0 || emis.len() < n * NL || trans.len() < (NL + 2) * NL {
            return vec![0; n];
        }
        const NEG: i64 = i64::MIN / 4;
        // Below NEG by more than any transition weight: a predecessor that cannot be reached,
        // never chosen over NEG (the score of a label with no reachable predecessor).
        const UNREACHABLE: i64 = i64::MIN / 2;
        // O, B-x and S-x (`OPEN`) may follow exactly the labels after which no entity is open,
        // O, E-x and S-x (`CLOSED`, ascending: the order ties are settled in, the first wins);
        // I-x and E-x follow B-x or I-x. `w[k][g]`: the weight from CLOSED[k] to OPEN[g].
        const T: usize = TYPES.len();
        const N: usize = 1 + 2 * T;
        const OPEN: [usize; N] = group(Pos::B, Pos::S);
        const CLOSED: [usize; N] = group(Pos::E, Pos::S);
        let mut w = [[0i64; N]; N];
        for (row, &a) in w.iter_mut().zip(&CLOSED) {
            for (x, &b) in row.iter_mut().zip(&OPEN) {
                *x = trans[a * NL + b] as i64;
            }
        }
        let mut score = vec![NEG; n * NL];
        let mut back = vec![0u8; n * NL];
        for b in 0..NL {
            if allowed(None, b) {
                score[b] = emis[b] as i64 + trans[NL * NL + b] as i64;
            }
        }
        let reach = |s: i64| if s == NEG { UNREACHABLE } else { s };
        for i in 1..n {
            let (prev, cur) = score.split_at_mut(i * NL);
            let prev = &prev[(i - 1) * NL..];
            let cur = &mut cur[..NL];
            let e = &emis[i * NL..(i + 1) * NL];
            let bk = &mut back[i * NL..(i + 1) * NL];
            let mut best = [NEG; N];
            let mut arg = [0u8; N];
            for (row, &a) in w.iter().zip(&CLOSED) {
                let r = reach(prev[a]);
                for ((b, g), &x) in best.iter_mut().zip(arg.iter_mut()).zip(row) {
                    if r + x > *b {
                        *b = r + x;
                        *g = a as u8;
                    }
                }
            }
            for ((&l, &v), &g) in OPEN.iter().zip(&best).zip(&arg) {
                if v != NEG {
                    cur[l] = v + e[l] as i64;
                    bk[l] = g;
                }
            }
            for t in 0..T {
                let (lb, li) = (label(Pos::B, t), label(Pos::I, t));
                let (rb, ri) = (reach(prev[lb]), reach(prev[li]));
                for l in [li, label(Pos::E, t)] {
                    let (vb, vi) = (rb + trans[lb * NL + l] as i64, ri + trans[li * NL + l] as i64);
                    let (v, a) = if vi > vb { (vi, li) } else { (vb, lb) };
                    if v > NEG {
                        cur[l] = v + e[l] as i64;
                        bk[l] = a as u8;
                    }
                }
            }
        }
        let mut best = NEG;
        let mut arg = 0;
        for a in 0..NL {
            let s = score[(n - 1) * NL + a];
            if s == NEG || !allowed_end(a) {
                continue;
            }
            let v = s + trans[(NL + 1) * NL + a] as i64;
            if v > best {
                best = v;
                arg = a;
            }
        }
        let mut path = vec![0usize; n];
        path[n - 1] = arg;
        for i in (1..n).rev() {
            path[i - 1] = back[i * NL + path[i]] as usize;
        }
        path
    }

    /// Labels the words of one sentence.
    pub fn tag(&self, words: &[NerWord], lex: impl Fn(&str) -> u32) -> Vec<usize> {
        if words.is_empty() || self.weights.is_empty() {
            return vec![0; words.len()];
        }
        let mut f = Features::default();
        let mut e = Vec::new();
        self.base_emissions(words, &lex, &mut f, &mut e);
        Self::viterbi(&e, &self.trans32, words.len())
    }

    /// Emission scores of one sentence (base features, `O` bias applied).
    fn base_emissions(&self, words: &[NerWord], lex: &impl Fn(&str) -> u32, f: &mut Features, e: &mut Vec<i32>) {
        self.features(words, &self.gazetteer, lex, f);
        self.emissions(f, &self.weights, e);
        for row in e.chunks_exact_mut(NL) {
            row[0] -= self.o_bias;
        }
    }

    /// Labels the sentences of one document: a first pass per sentence, then (with a document
    /// window) a second pass that adds what the first pass said about the same forms in the
    /// neighbouring sentences.
    pub fn tag_document(&self, sents: &[Vec<NerWord>], lex: impl Fn(&str) -> u32) -> Vec<Vec<usize>> {
        self.tag_stream(sents.len(), |k| sents[k].clone(), lex, &mut |_| {})
    }

    /// Labels `n` sentences whose words `words(k)` gives on demand (called once or twice per
    /// sentence). The second pass of sentence `k` runs as soon as the first pass has seen sentence
    /// `k + window`, so only a window of sentences' words and emission scores is held at a time:
    /// memory does not grow with the document beyond the labels and one hash per word.
    pub fn tag_stream<'w>(
        &self,
        n: usize,
        words: impl Fn(usize) -> Vec<NerWord<'w>>,
        lex: impl Fn(&str) -> u32,
        tick: &mut dyn FnMut(usize),
    ) -> Vec<Vec<usize>> {
        if self.weights.is_empty() {
            return (0..n).map(|k| vec![0; words(k).len()]).collect();
        }
        let w = self.window;
        let mut f = Features::default();
        let mut first: Vec<Vec<usize>> = Vec::with_capacity(n);
        let mut keys: Vec<Vec<u64>> = Vec::with_capacity(if w == 0 { 0 } else { n });
        let mut pending: std::collections::VecDeque<Vec<i32>> = std::collections::VecDeque::new();
        // Emission buffers of finished sentences, reused (fresh allocations interleaved with the
        // long-lived labels fragment the WASM allocator and make big documents superlinear).
        let mut spare: Vec<Vec<i32>> = Vec::new();
        let mut labels: Vec<Vec<usize>> = Vec::with_capacity(n);
        let mut mem = DocMemory::default();
        let mut extra = Features::default();
        for j in 0..n + w {
            if j < n {
                // First pass of sentence j.
                tick(j);
                let s = words(j);
                let mut e = spare.pop().unwrap_or_default();
                e.clear();
                if !s.is_empty() {
                    self.base_emissions(&s, &lex, &mut f, &mut e);
                }
                first.push(Self::viterbi(&e, &self.trans32, s.len()));
                if w == 0 {
                    spare.push(e);
                    continue;
                }
                keys.push(doc_keys(&s));
                pending.push_back(e);
            }
            if w == 0 || j < w {
                continue;
            }
            // Second pass of sentence k, with the first pass's labels of k - w ..= k + w.
            let k = j - w;
            if k >= n {
                break;
            }
            if k == 0 {
                for i in 0..n.min(w + 1) {
                    mem.add(&keys[i], &first[i], 1);
                }
            } else {
                if k + w < n {
                    mem.add(&keys[k + w], &first[k + w], 1);
                }
                if k > w {
                    mem.add(&keys[k - w - 1], &first[k - w - 1], -1);
                }
            }
            let mut e = pending.pop_front().unwrap_or_default();
            let s = words(k);
            mem.add(&keys[k], &first[k], -1);
            if mem.features(&s, &keys[k], &mut extra) {
                for i in 0..s.len() {
                    let row = &mut e[i * NL..(i + 1) * NL];
                    for &h in &extra.hashes[extra.offsets[i]..extra.offsets[i + 1]] {
                        let r = self.row(h);
                        for (o, &x) in row.iter_mut().zip(&self.weights[r..r + NL]) {
                            *o += x as i32;
                        }
                    }
                }
                labels.push(Self::viterbi(&e, &self.trans32, s.len()));
            } else {
                labels.push(first[k].clone());
            }
            spare.push(e);
            mem.add(&keys[k], &first[k], 1);
        }
        if w == 0 {
            return first;
        }
        labels
    }

    /// Builds the gazetteer lookup from `names`.
    pub fn index_names(names: &[(String, u16)]) -> FastMap<u64, u16> {
        let mut g = FastMap::default();
        for (n, m) in names {
            *g.entry(name_key(n.split(' '))).or_insert(0) |= *m;
        }
        g
    }

    /// Serialises the model (training writes `models/ner.bin` with it).
    #[cfg(dikduk_train)]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::with_header(&NER);
        w.varint(self.bits as u64);
        w.varint(self.names.len() as u64);
        for (n, m) in &self.names {
            w.str(n);
            w.varint(*m as u64);
        }
        self.lists.write(&mut w);
        self.profiles.write(&mut w);
        w.varint(self.trans.len() as u64);
        for &t in &self.trans {
            w.signed(t as i64);
        }
        w.signed(self.o_bias as i64);
        w.varint(self.window as u64);
        w.sparse_i16(&self.weights);
        w.buf
    }

    /// Reads a model written by [`NerModel::to_bytes`] (checking its header first).
    pub fn from_bytes(data: &[u8]) -> Result<NerModel, FormatError> {
        let mut r = Reader::new(data);
        r.header(&NER)?;
        let bits = r.len(26)? as u32;
        if bits < 4 {
            return Err(FormatError("NER model: bad bucket count".into()));
        }
        let n = r.len(10_000_000)?;
        let mut names = Vec::with_capacity(n);
        for _ in 0..n {
            let s = r.str()?.to_string();
            let m = r.len(u16::MAX as usize)? as u16;
            names.push((s, m));
        }
        let lists = NameLists::read(&mut r)?;
        let profiles = Profiles::read(&mut r)?;
        let nt = r.len(100_000)?;
        if nt != (NL + 2) * NL {
            return Err(FormatError("NER model: bad transition table".into()));
        }
        let mut trans = Vec::with_capacity(nt);
        for _ in 0..nt {
            trans.push(r.signed()?.clamp(i16::MIN as i64, i16::MAX as i64) as i16);
        }
        let o_bias = r.signed()?.clamp(-1_000_000, 1_000_000) as i32;
        let window = r.len(100_000)?;
        let size = (1usize << bits) + NL;
        let weights = r.sparse_i16(size)?;
        if !r.at_end() {
            return Err(FormatError("NER model: trailing bytes".into()));
        }
        let gazetteer = Self::index_names(&names);
        let trans32 = trans.iter().map(|&x| x as i32).collect();
        Ok(NerModel { bits, weights, trans, o_bias, window, trans32, gazetteer, names, lists, profiles })
    }
}

/// Keys of a sentence's words for document memory: the hash of the normalized form of open-class
/// words, 0 for the others (never remembered).
pub fn doc_keys(words: &[NerWord]) -> Vec<u64> {
    words
        .iter()
        .map(|w| {
            if matches!(w.upos, "ADP" | "CCONJ" | "SCONJ" | "DET" | "PRON" | "PUNCT" | "AUX" | "NUM") {
                0
            } else {
                hash_str(&tags::normalized(w.form))
            }
        })
        .collect()
}

/// How the first pass labelled each form in the sentences of a document window.
#[derive(Debug, Default)]
pub struct DocMemory {
    counts: FastMap<u64, [i16; NL]>,
}

impl DocMemory {
    /// Adds (`sign` 1) or removes (-1) one sentence's entity words.
    pub fn add(&mut self, keys: &[u64], labels: &[usize], sign: i16) {
        for (&k, &l) in keys.iter().zip(labels) {
            if k != 0 && l != 0 && l < NL {
                let c = self.counts.entry(k).or_insert([0; NL]);
                c[l] += sign;
            }
        }
    }

    /// Document features of a sentence's words (into `out`, one list per word); whether any fired.
    pub fn features(&self, words: &[NerWord], keys: &[u64], out: &mut Features) -> bool {
        out.hashes.clear();
        out.offsets.clear();
        let mut any = false;
        for (w, &k) in words.iter().zip(keys) {
            out.offsets.push(out.hashes.len());
            let Some(c) = (k != 0).then(|| self.counts.get(&k)).flatten() else { continue };
            let mut by_type = [0i32; TYPES.len()];
            for (l, &n) in c.iter().enumerate().skip(1) {
                if n > 0 {
                    out.hashes.push(mix(50, l as u64));
                    by_type[(l - 1) / 4] += n as i32;
                }
            }
            let total: i32 = by_type.iter().sum();
            if total > 0 {
                any = true;
                let (t, &best) = by_type.iter().enumerate().max_by_key(|&(t, &n)| (n, -(t as i32))).unwrap_or((0, &0));
                out.hashes.push(mix(51, t as u64));
                out.hashes.push(mix(52, mix(t as u64, hash_str(w.upos))));
                out.hashes.push(mix(53, mix(t as u64, (best == total) as u64 * 4 + total.min(3) as u64)));
            }
        }
        out.offsets.push(out.hashes.len());
        any
    }
}

/// For a word the morphology left whole although it starts with prefix letters (באלסקה), the
/// byte length of those letters when the rest is a known name (in the gazetteer or a PROPN in the
/// lexicon) and the whole form is not in the gazetteer (the lexicon lists some prefixed forms as
/// names, so it is not asked about the whole form).
pub fn unsplit_prefix(form: &str, gaz: &FastMap<u64, u16>, lists: &NameLists, lex: &impl Fn(&str) -> u32) -> Option<usize> {
    let in_gaz = |s: &str| gaz.contains_key(&seq_hash(0, hash_str(s))) || lists.word(hash_str(s)) & lists::KIND_MASK != 0;
    let known = |s: &str| in_gaz(s) || (lex(s) >> tags::PROPN) & 1 == 1;
    if form.chars().count() < 4 || in_gaz(form) {
        return None;
    }
    let mut bytes = 0;
    for c in form.chars().take(3) {
        if !"ובלמהכש".contains(c) {
            return None;
        }
        bytes += c.len_utf8();
        let rest = &form[bytes..];
        if rest.chars().count() >= 3 && known(rest) {
            return Some(bytes);
        }
    }
    None
}

/// For each word, the (list kind, B/I/E/S position) bits of the listed names that cover it, from
/// [`NameLists::matches`]: bit `4 * kind + position`.
fn list_cover(m: &[(u16, usize)]) -> Vec<u64> {
    let mut out = vec![0u64; m.len()];
    for (i, &(code, len)) in m.iter().enumerate() {
        let mut k = code & lists::KIND_MASK;
        while k != 0 && len > 0 {
            let t = k.trailing_zeros() as usize;
            k &= k - 1;
            if len == 1 {
                out[i] |= 1 << (4 * t + 3);
            } else {
                out[i] |= 1 << (4 * t);
                for o in &mut out[i + 1..i + len - 1] {
                    *o |= 1 << (4 * t + 1);
                }
                out[i + len - 1] |= 1 << (4 * t + 2);
            }
        }
    }
    out
}

/// The list kinds of a word's cover bits (bit `t` for kind `t`).
fn kind_of_cover(c: u64) -> u64 {
    let mut k = 0;
    for t in 0..lists::KINDS.len() {
        if (c >> (4 * t)) & 0xf != 0 {
            k |= 1 << t;
        }
    }
    k
}

/// The entity type the embedded model's name lists give a name (words separated by spaces), when
/// they give exactly one: a first name or surname is PER; None for unlisted or mixed names.
pub fn list_label(name: &str) -> Option<&'static str> {
    let lists = &model().ok()?.lists;
    let words: Vec<String> = name.split(' ').filter(|w| !w.is_empty()).map(tags::normalize).collect();
    let kinds = lists.index.get(&name_key(words.iter().map(String::as_str))).copied().unwrap_or(0) & lists::KIND_MASK;
    let label = |k: u16| match k {
        0 | 1 => "PER",
        2 => "GPE",
        3 => "LOC",
        4 => "ORG",
        _ => "ANG",
    };
    let mut found: Option<&'static str> = None;
    for k in 0..lists::KINDS.len() as u16 {
        if kinds & (1 << k) != 0 {
            match found {
                Some(l) if l != label(k) => return None,
                _ => found = Some(label(k)),
            }
        }
    }
    found
}

/// Lexicon tag mask of a form from the embedded morphology model (0 without one).
pub fn lexicon_mask(form: &str) -> u32 {
    match crate::morph::model() {
        Ok(m) => m.lexicon.tag_mask(form),
        Err(_) => 0,
    }
}

/// Prefix letters of a token before word `k` (the implicit article `ה_` has none), or `None` when
/// they can't be told from the forms.
pub fn prefix_letters(forms: &[&str], k: usize) -> Option<String> {
    let mut p = String::new();
    for f in forms.iter().take(k) {
        if *f == "ה_" || *f == "_ה_" {
            continue;
        }
        if f.starts_with('_') {
            return None;
        }
        p.push_str(f.trim_end_matches('_'));
    }
    Some(p)
}

/// Byte length of the prefix of `token` that the letters `prefix` cover, when the token starts with
/// them and keeps some text after them.
pub fn prefix_bytes(token: &str, prefix: &str) -> Option<usize> {
    if prefix.is_empty() {
        return Some(0);
    }
    let norm: String = token.chars().filter(|&c| !tags::is_hebrew_mark(c)).collect();
    if norm.len() != token.len() {
        return None;
    }
    (token.starts_with(prefix) && token.len() > prefix.len()).then_some(prefix.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(s: &str) -> Vec<usize> {
        s.split(' ').map(parse_label).collect()
    }

    #[test]
    fn labels_round_trip() {
        for l in 0..NL {
            assert_eq!(parse_label(&label_name(l)), l);
        }
        assert_eq!(parse_label("B-MISC"), 0);
        assert_eq!(parse_label("X-PER"), 0);
    }

    #[test]
    fn decode_valid_and_repairs_invalid() {
        assert_eq!(decode(&labels("O B-PER E-PER O S-GPE")), vec![(0, 1, 2), (2, 4, 4)]);
        // I without B starts an entity; an entity open at O or at the end is closed.
        assert_eq!(decode(&labels("I-ORG E-ORG O B-PER I-PER")), vec![(1, 0, 1), (0, 3, 4)]);
        assert_eq!(decode(&labels("B-PER O")), vec![(0, 0, 0)]);
        // A type change closes the open entity.
        assert_eq!(decode(&labels("B-PER I-ORG E-ORG")), vec![(0, 0, 0), (1, 1, 2)]);
        assert_eq!(decode(&labels("E-LOC")), vec![(3, 0, 0)]);
        assert!(decode(&[]).is_empty());
    }

    #[test]
    fn constraints() {
        let b = parse_label("B-PER");
        assert!(allowed(None, b));
        assert!(!allowed(None, parse_label("I-PER")));
        assert!(allowed(Some(b), parse_label("E-PER")));
        assert!(!allowed(Some(b), parse_label("E-ORG")));
        assert!(!allowed(Some(b), 0));
        assert!(!allowed_end(b));
        assert!(allowed_end(parse_label("S-GPE")));
    }

    #[test]
    fn prefix_excluding_spans() {
        assert_eq!(prefix_letters(&["ב", "אלסקה"], 1).as_deref(), Some("ב"));
        assert_eq!(prefix_bytes("באלסקה", "ב"), Some("ב".len()));
        assert_eq!(prefix_letters(&["ל", "פוטין"], 1).as_deref(), Some("ל"));
        assert_eq!(prefix_bytes("לפוטין", "ל"), Some(2));
        assert_eq!(prefix_letters(&["ו", "ב", "ארה\"ב"], 2).as_deref(), Some("וב"));
        assert_eq!(prefix_bytes("ובארה\"ב", "וב"), Some(4));
        // The implicit article has no letters.
        assert_eq!(prefix_letters(&["ב", "ה_", "כנסת"], 2).as_deref(), Some("ב"));
        assert_eq!(prefix_bytes("בכנסת", "ב"), Some(2));
        // Forms that don't match the surface: no prefix.
        assert_eq!(prefix_bytes("בכנסת", "ל"), None);
        assert_eq!(prefix_bytes("ב", "ב"), None);
        assert_eq!(prefix_letters(&["בית_", "_של_", "הוא"], 2), None);
    }

    /// Viterbi finds a valid path with the highest score: every path of up to 3 words is tried,
    /// with pseudo-random emissions and transitions (the model's i16 range).
    #[test]
    fn viterbi_finds_the_best_valid_path() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % 65_536) as i32 - 32_768
        };
        let score = |p: &[usize], e: &[i32], t: &[i32]| -> Option<i64> {
            let mut prev = None;
            let mut s = t[NL * NL + p[0]] as i64 + t[(NL + 1) * NL + p[p.len() - 1]] as i64;
            for (i, &l) in p.iter().enumerate() {
                if !allowed(prev, l) {
                    return None;
                }
                s += e[i * NL + l] as i64 + prev.map_or(0, |a| t[a * NL + l] as i64);
                prev = Some(l);
            }
            allowed_end(p[p.len() - 1]).then_some(s)
        };
        for n in 1..=3 {
            for _ in 0..3 {
                let e: Vec<i32> = (0..n * NL).map(|_| next() * 40).collect();
                let t: Vec<i32> = (0..(NL + 2) * NL).map(|_| next()).collect();
                let mut best = i64::MIN;
                for k in 0..NL.pow(n as u32) {
                    let p: Vec<usize> = (0..n).map(|i| k / NL.pow(i as u32) % NL).collect();
                    best = best.max(score(&p, &e, &t).unwrap_or(i64::MIN));
                }
                let p = NerModel::viterbi(&e, &t, n);
                assert_eq!(score(&p, &e, &t), Some(best), "{n} words");
            }
        }
    }

    #[test]
    fn viterbi_respects_constraints() {
        let mut e = vec![0i32; 3 * NL];
        // Word 1 strongly I-PER, but nothing opens it: the path must stay valid.
        e[NL + parse_label("I-PER")] = 100;
        let trans = vec![0i32; (NL + 2) * NL];
        let p = NerModel::viterbi(&e, &trans, 3);
        let mut prev = None;
        for &l in &p {
            assert!(allowed(prev, l));
            prev = Some(l);
        }
        assert!(allowed_end(p[2]));
    }

    #[cfg(dikduk_train)]
    #[test]
    fn model_round_trips() {
        let mut m = NerModel { bits: 6, o_bias: -12, window: 30, ..Default::default() };
        m.weights = vec![0; (1 << 6) + NL];
        m.weights[0] = 1;
        m.weights[3] = -5;
        m.weights[70] = 9;
        m.trans = (0..(NL + 2) * NL).map(|i| i as i16 - 700).collect();
        m.names = vec![("דונלד טראמפ".into(), 1), ("ישראל".into(), 4 | 8)];
        m.lists = NameLists::new(vec![("באר שבע".into(), 1 << 2), ("טל".into(), 1 | 7 << lists::FREQ_SHIFT)]);
        let b = m.to_bytes();
        assert_eq!(&b[..8], b"dikdukNE");
        let m2 = NerModel::from_bytes(&b).unwrap();
        assert_eq!(m2.weights, m.weights);
        assert_eq!(m2.trans, m.trans);
        assert_eq!((m2.o_bias, m2.window, &m2.names), (m.o_bias, m.window, &m.names));
        assert_eq!(m2.gazetteer.len(), 2);
        assert_eq!(m2.lists.names, m.lists.names);
        assert_eq!(m2.lists.word(hash_str("טל")), 1 | 7 << lists::FREQ_SHIFT);
        assert_eq!(m2.to_bytes(), b);
        // Every truncation is an error, not a panic.
        for n in 0..b.len() {
            assert!(NerModel::from_bytes(&b[..n]).is_err(), "{n}");
        }
    }

    #[test]
    fn wrong_or_truncated_header_is_an_error() {
        let err = |b: &[u8]| NerModel::from_bytes(b).unwrap_err().to_string();
        assert_eq!(err(b"garbage"), "invalid model file: not a dikduk NER model");
        // The string-headed format before these headers.
        assert_eq!(err(b"\x0cdikduk-ner-3\x16"), "invalid model file: not a dikduk NER model");
        assert_eq!(err(b"dikdukNE\x04"), "invalid model file: NER model header truncated at 9 of 12 bytes");
        assert_eq!(err(b"dikdukLX\x01\0\0\0"), "invalid model file: a dikduk lexicon, not a NER model");
        assert_eq!(err(b"dikdukNE\x04\0\0\0\x06"), "invalid model file: NER model format 4, this build reads 6");
        assert_eq!(err(&crate::model::binio::header(&NER)), "invalid model file: truncated");
    }
}
