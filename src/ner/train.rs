//! Training the NER model from HTB-NEMO (`NER=` BIOSE labels on every syntactic word).

use super::{
    allowed, allowed_end, decode, label, lexicon_mask, parse_label, split_label, DocMemory, Features, NerModel, NerWord, Pos, NL,
    TYPES,
};
use crate::conllu::Sentence;
use crate::model::hash::FastMap;
use crate::model::perceptron::{max_abs, mean_of_runs, quantize, scale_for, Averaged};
use crate::morph::tags;
use crate::morph::train::{fold_of, kind_of, read_conllu};
use std::collections::BTreeMap;
use std::path::Path;

/// Training settings.
#[derive(Debug, Clone)]
pub struct NerTrainOptions {
    /// Perceptron passes.
    pub epochs: usize,
    /// log2 of the number of weight rows.
    pub bits: u32,
    /// Also train on the morphology model's analyses of the training sentences.
    pub predicted: bool,
    /// Jackknife folds for those analyses (1: the model's full dictionaries).
    pub folds: usize,
    /// Document window of the second pass, in sentences either side (0: one pass).
    pub window: usize,
    /// Also train on the IAHLT sentences (NEMO types only), and add their names to the gazetteer.
    pub iahlt: bool,
    /// For experiments: hold out block `b` (of five blocks of 500 training sentences, cycling) as
    /// the dev set instead of HTB dev.
    pub cv: Option<usize>,
    /// Share of passes over a sentence in which its entity words lose the features that name
    /// them (see [`NerModel::features_masked`]).
    pub mask: f64,
    /// Perceptrons trained on differently shuffled data and averaged.
    pub ensemble: usize,
    /// Typed name lists from `data/gazetteers` (None: no list features).
    pub lists: Option<super::lists::load::ListOptions>,
    /// Prefix profiles of word forms from `data/wordfreq` ([`super::profiles`]).
    pub profiles: bool,
}

/// Whether [`NerTrainOptions::iahlt`] is on by default.
pub const IAHLT_DEFAULT: bool = false;

impl Default for NerTrainOptions {
    fn default() -> Self {
        NerTrainOptions { epochs: 20, bits: 22, predicted: true, folds: 5, window: 30, iahlt: IAHLT_DEFAULT, cv: None, mask: 0.7, ensemble: 4, lists: Some(Default::default()), profiles: true }
    }
}

/// Words and gold labels of one sentence (owned).
#[derive(Debug, Clone)]
pub struct LabeledSentence {
    /// (form, lemma, upos, token, index in token, token words).
    pub words: Vec<(String, String, String, String, usize, usize)>,
    /// Gold label ids.
    pub labels: Vec<usize>,
}

impl LabeledSentence {
    /// The tagger's view of the words.
    pub fn view(&self) -> Vec<NerWord<'_>> {
        self.words
            .iter()
            .map(|(f, l, u, t, i, n)| NerWord { form: f, lemma: l, upos: u, token: t, index_in_token: *i, token_words: *n })
            .collect()
    }
}

/// Gold words and labels of a CoNLL-U sentence.
pub fn labeled(s: &Sentence) -> LabeledSentence {
    let mut words = Vec::new();
    let mut labels = Vec::new();
    for t in &s.tokens {
        let n = t.words.len();
        for (i, w) in t.words.iter().enumerate() {
            words.push((w.form.clone(), w.lemma.clone(), w.upos.clone(), t.form.clone(), i, n));
            labels.push(parse_label(w.misc_get("NER").unwrap_or("O")));
        }
    }
    LabeledSentence { words, labels }
}

/// The sentence as the pipeline sees it (gold tokens, morphemes from the embedded morphology
/// model), gold labels projected onto the predicted morphemes, and the token of every word. `None`
/// labels when the projection gives no valid BIOSE sequence.
pub fn predicted(s: &Sentence) -> (LabeledSentence, Option<Vec<usize>>, Vec<usize>) {
    let inputs: Vec<(&str, _)> = s.tokens.iter().map(|t| (t.form.as_str(), kind_of(&t.form))).collect();
    project(s, &crate::morph::analyze(&inputs))
}

/// Merges the labels of one token's words into one label (`B-X E-X` → `S-X`), when they hold one
/// entity piece of one type.
fn merge_labels(core: &[usize]) -> Option<usize> {
    let ents: Vec<usize> = core.iter().copied().filter(|&l| l != 0).collect();
    let (&first, &last) = (ents.first()?, ents.last()?);
    let (pf, tf) = split_label(first);
    let (pl, tl) = split_label(last);
    if tf != tl || ents.iter().any(|&l| split_label(l).1 != tf) {
        return None;
    }
    let starts = matches!(pf, Pos::B | Pos::S);
    let ends = matches!(pl, Pos::E | Pos::S);
    let pos = match (starts, ends) {
        (true, true) => Pos::S,
        (true, false) => Pos::B,
        (false, true) => Pos::E,
        (false, false) => Pos::I,
    };
    (ents.len() == core.iter().skip_while(|&&l| l == 0).take_while(|&&l| l != 0).count()).then(|| label(pos, tf))
}

/// Projects a sentence's gold labels onto other analyses of its tokens: a token analysed into as
/// many words as gold keeps its labels; otherwise its entity labels (after leading `O` prefix
/// words) are right-aligned, or merged into one label on its last word when they don't fit.
pub fn project(s: &Sentence, analyses: &[Vec<crate::document::Morpheme>]) -> (LabeledSentence, Option<Vec<usize>>, Vec<usize>) {
    let mut words = Vec::new();
    let mut labels = Some(Vec::new());
    let mut tok = Vec::new();
    for (k, (t, ms)) in s.tokens.iter().zip(analyses).enumerate() {
        let gold: Vec<usize> = t.words.iter().map(|w| parse_label(w.misc_get("NER").unwrap_or("O"))).collect();
        let core: Vec<usize> = gold.iter().copied().skip_while(|&l| l == 0).collect();
        let m = ms.len();
        if let Some(l) = labels.as_mut() {
            if m == gold.len() {
                l.extend(&gold);
            } else if core.is_empty() {
                l.extend(std::iter::repeat(0).take(m));
            } else if m >= core.len() {
                l.extend(std::iter::repeat(0).take(m - core.len()));
                l.extend(&core);
            } else if let (Some(x), true) = (merge_labels(&core), m > 0) {
                l.extend(std::iter::repeat(0).take(m - 1));
                l.push(x);
            } else {
                labels = None;
            }
        }
        for (i, w) in ms.iter().enumerate() {
            words.push((w.form.clone(), w.lemma.clone(), w.upos.clone(), t.form.clone(), i, m));
            tok.push(k);
        }
    }
    if let Some(l) = &labels {
        let mut prev = None;
        for &x in l {
            if !allowed(prev, x) {
                labels = None;
                break;
            }
            prev = Some(x);
        }
        if labels.as_ref().and_then(|l| l.last()).is_some_and(|&x| !allowed_end(x)) {
            labels = None;
        }
    }
    let gold_labels = labels.clone().unwrap_or_else(|| vec![0; words.len()]);
    (LabeledSentence { words, labels: gold_labels }, labels, tok)
}

/// Adds `NER=` BIOSE labels to the words of an IAHLT sentence from its nested `Entity=` spans:
/// the outermost spans of NEMO types (other types, such as TIMEX or TTL, are dropped, and
/// entities inside them kept).
pub fn iahlt_to_nemo(s: &mut Sentence) {
    let n: usize = s.tokens.iter().map(|t| t.words.len()).sum();
    // (type, first word, last word, order of opening: outer spans open first).
    let mut spans: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut stack: Vec<(String, usize, usize)> = Vec::new();
    let mut opened = 0usize;
    let mut i = 0;
    for t in &s.tokens {
        for w in &t.words {
            let e = w.misc_get("Entity").unwrap_or("");
            let mut rest = e;
            let push = |spans: &mut Vec<(usize, usize, usize, usize)>, t: &str, a: usize, o: usize| {
                if let Some(k) = TYPES.iter().position(|x| *x == t) {
                    spans.push((k, a, i, o));
                }
            };
            while !rest.is_empty() {
                let open = rest.starts_with('(');
                let r = rest.trim_start_matches('(');
                let end = r.find(['(', ')']).unwrap_or(r.len());
                let ty = &r[..end];
                let closes = r[end..].starts_with(')');
                rest = if closes { &r[end + 1..] } else { &r[end..] };
                opened += open as usize;
                match (open, closes) {
                    (true, true) => push(&mut spans, ty, i, opened),
                    (true, false) => stack.push((ty.to_string(), i, opened)),
                    (false, true) => {
                        if let Some(p) = stack.iter().rposition(|(t, _, _)| t == ty) {
                            let (t, a, o) = stack.remove(p);
                            push(&mut spans, &t, a, o);
                        }
                    }
                    (false, false) => break,
                }
            }
            i += 1;
        }
    }
    let mut labels = vec![0usize; n];
    spans.sort_by_key(|&(_, a, b, o)| (a, std::cmp::Reverse(b), o));
    let mut end = None;
    for (k, a, b, _) in spans {
        if end.is_some_and(|e| a <= e) {
            continue;
        }
        end = Some(b);
        if a == b {
            labels[a] = label(Pos::S, k);
        } else {
            labels[a] = label(Pos::B, k);
            for l in &mut labels[a + 1..b] {
                *l = label(Pos::I, k);
            }
            labels[b] = label(Pos::E, k);
        }
    }
    let mut i = 0;
    for t in &mut s.tokens {
        for w in &mut t.words {
            w.misc = format!("NER={}", super::label_name(labels[i]));
            i += 1;
        }
    }
}

/// Letters of a gold token's prefix words (`ב`, `ו`...; the implicit article `ה_` has none).
fn gold_prefix(t: &crate::conllu::SurfaceToken) -> String {
    let n = t.words.len();
    let mut p = String::new();
    for w in t.words.iter().take(n.saturating_sub(1)) {
        if !matches!(w.upos.as_str(), "ADP" | "CCONJ" | "SCONJ" | "DET") || w.form.starts_with('_') {
            break;
        }
        if !w.form.ends_with('_') {
            p.push_str(&tags::normalize(&w.form));
        }
    }
    p
}

/// Jackknifed dictionaries of the morphology model: for fold `f`, the model's token and remainder
/// dictionaries without the forms seen only in the training sentences `i` with `i % k == f`, so
/// that the morphology analyses those sentences as it analyses unseen text.
pub fn fold_dicts(m: &crate::morph::model::Model, train: &[Sentence], k: usize, fold: impl Fn(usize) -> usize) -> Vec<crate::morph::model::Dicts> {
    let mut infold: Vec<(FastMap<String, u32>, FastMap<String, u32>)> = vec![Default::default(); k];
    for (i, s) in train.iter().enumerate() {
        let (toks, bases) = &mut infold[fold(i) % k];
        for t in &s.tokens {
            let form = tags::normalize(&t.form);
            let p = gold_prefix(t);
            let base = form.strip_prefix(p.as_str()).filter(|r| !r.is_empty()).unwrap_or(&form).to_string();
            *toks.entry(form).or_insert(0) += 1;
            *bases.entry(base).or_insert(0) += 1;
        }
    }
    let total = |d: &crate::morph::model::Dict, key: &str| d.get(key).iter().map(|x| x.1).sum::<u32>();
    infold
        .iter()
        .map(|(toks, bases)| {
            let mut d = m.dicts.clone();
            for (key, &c) in toks {
                if total(&m.dicts.tokens, key) <= c {
                    d.tokens.remove(key.as_str());
                }
            }
            for (key, &c) in bases {
                if total(&m.dicts.bases, key) <= c {
                    d.bases.remove(key.as_str());
                }
            }
            d
        })
        .collect()
}

/// Token-level entities `(type, first token, last token)` of labelled words.
fn token_entities(labels: &[usize], tok: &[usize]) -> Vec<(usize, usize, usize)> {
    decode(labels).into_iter().map(|(t, a, b)| (t, tok[a], tok[b])).collect()
}

/// Entity names (normalized forms joined by spaces) with their type masks.
fn names_of<'a>(sents: impl Iterator<Item = &'a LabeledSentence>) -> Vec<(String, u16)> {
    let mut m: BTreeMap<String, u16> = BTreeMap::new();
    for s in sents {
        for (t, a, b) in decode(&s.labels) {
            if b + 1 - a > super::MAX_GAZ {
                continue;
            }
            let name: Vec<String> = s.words[a..=b].iter().map(|w| tags::normalize(&w.0)).collect();
            *m.entry(name.join(" ")).or_insert(0) |= 1 << t;
        }
    }
    m.into_iter().collect()
}

/// Result of training.
#[derive(Debug)]
pub struct NerTrained {
    /// The model file.
    pub model: Vec<u8>,
    /// Log lines.
    pub log: Vec<String>,
}

/// Exact-match entity F1 (precision, recall, F1 in %) of predicted vs gold label sequences.
pub fn span_f1(pairs: &[(Vec<usize>, Vec<usize>)]) -> (f64, f64, f64, Vec<(usize, usize, usize)>) {
    let mut per = vec![(0usize, 0usize, 0usize); TYPES.len()];
    for (gold, pred) in pairs {
        let g = decode(gold);
        let p = decode(pred);
        for e in &g {
            per[e.0].1 += 1;
        }
        for e in &p {
            per[e.0].2 += 1;
            if g.contains(e) {
                per[e.0].0 += 1;
            }
        }
    }
    let (c, g, s) = per.iter().fold((0, 0, 0), |a, x| (a.0 + x.0, a.1 + x.1, a.2 + x.2));
    let p = if s > 0 { 100.0 * c as f64 / s as f64 } else { 0.0 };
    let r = if g > 0 { 100.0 * c as f64 / g as f64 } else { 0.0 };
    let f = if g + s > 0 { 200.0 * c as f64 / (g + s) as f64 } else { 0.0 };
    (p, r, f, per)
}

/// One training example: gold labels, base features and document features (may be empty).
struct Item<'a> {
    labels: &'a [usize],
    base: &'a Features,
    doc: Option<&'a Features>,
    /// `base` with the entity words' own names left out (None: the sentence has no entity).
    masked: Option<&'a Features>,
}

/// Averaged weights of `n` perceptrons trained with different shuffles (and masks), averaged.
fn ensemble(row: impl Fn(u64) -> usize + Copy, size: usize, items: &[Item], opts: &NerTrainOptions, mut say: impl FnMut(String)) -> (Vec<f64>, Vec<f64>) {
    let [a, t] = mean_of_runs(opts.ensemble, |k| {
        let seed = 0x9E37_79B9_7F4A_7C15 ^ (k as u64).wrapping_mul(0xD1B5_4A32_D192_ED03);
        let (ak, tk) = perceptron(row, size, items, opts.epochs, seed, opts.mask, |s| if k == 0 { say(s) });
        [ak, tk]
    });
    (a, t)
}

/// Averaged structured perceptron over `items`; returns the averaged emission and transition
/// weights.
fn perceptron(row: impl Fn(u64) -> usize, size: usize, items: &[Item], epochs: usize, seed: u64, mask: f64, mut say: impl FnMut(String)) -> (Vec<f64>, Vec<f64>) {
    let nt = (NL + 2) * NL;
    // Emission weights, then the transition weights at `size..` (one step counter for both).
    let mut p = Averaged::new(size + nt);
    let mut order: Vec<usize> = (0..items.len()).collect();
    let mut rng: u64 = seed | 1;
    let mut coin: u64 = seed.rotate_left(17) | 1;
    let threshold = (mask.clamp(0.0, 1.0) * u32::MAX as f64) as u64;
    let mut emis = Vec::new();
    let hashes = |f: &'_ Features, i: usize| -> std::ops::Range<usize> { f.offsets[i]..f.offsets[i + 1] };
    for epoch in 0..epochs {
        crate::model::hash::xorshift_shuffle(&mut order, &mut rng);
        let mut wrong = 0usize;
        let mut total = 0usize;
        for &si in &order {
            let it = &items[si];
            let n = it.labels.len();
            if n == 0 {
                continue;
            }
            // Drawn for every sentence, masked or not, so the sequence does not depend on the data.
            let draw = crate::model::hash::xorshift(&mut coin) >> 32;
            let base = match it.masked {
                Some(m) if draw < threshold => m,
                _ => it.base,
            };
            emis.clear();
            emis.resize(n * NL, 0i32);
            for i in 0..n {
                let e = &mut emis[i * NL..(i + 1) * NL];
                for f in std::iter::once(base).chain(it.doc) {
                    for &h in &f.hashes[hashes(f, i)] {
                        let r = row(h);
                        for (o, &x) in e.iter_mut().zip(&p.w[r..r + NL]) {
                            *o += x;
                        }
                    }
                }
            }
            let pred = NerModel::viterbi(&emis, &p.w[size..], n);
            total += n;
            let gold = it.labels;
            if pred != gold {
                wrong += pred.iter().zip(gold).filter(|(a, b)| a != b).count();
                for (path, d) in [(gold, 1i32), (&pred[..], -1i32)] {
                    for i in 0..n {
                        let y = path[i];
                        for f in std::iter::once(base).chain(it.doc) {
                            for &h in &f.hashes[hashes(f, i)] {
                                p.update(row(h) + y, d);
                            }
                        }
                        let a = if i == 0 { NL } else { path[i - 1] };
                        p.update(size + a * NL + y, d);
                    }
                    p.update(size + (NL + 1) * NL + path[n - 1], d);
                }
            }
            p.tick();
        }
        say(format!("ner epoch {}: training label errors {:.2}%", epoch + 1, 100.0 * wrong as f64 / total.max(1) as f64));
    }
    let mut avg: Vec<f64> = p.averaged().collect();
    let tavg = avg.split_off(size);
    (avg, tavg)
}

/// The largest factor that quantises the averaged weights into i16 (smaller when the largest
/// weight would overflow 32000).
const WEIGHT_SCALE_CAP: f64 = 64.0;

/// Rounds averaged weights into the model's i16 tables (one scale for emissions and
/// transitions); returns the scale used.
fn set_weights(model: &mut NerModel, avg: &[f64], tavg: &[f64]) -> f64 {
    let scale = scale_for(max_abs(avg.iter().chain(tavg)), WEIGHT_SCALE_CAP);
    model.weights = quantize(avg, scale);
    model.trans = quantize(tavg, scale);
    model.trans32 = model.trans.iter().map(|&x| x as i32).collect();
    scale
}

/// Block of consecutive training sentences for the document jackknife (documents are runs of
/// consecutive sentences, so blocks keep most of a document's sentences together).
const DOC_BLOCK: usize = 250;

/// Trains on `data/htb-nemo` train (gold morphemes plus jackknifed predicted morphology), reports
/// dev.
pub fn train(data: &Path, opts: &NerTrainOptions, mut progress: impl FnMut(&str)) -> Result<NerTrained, String> {
    let htb = data.join("htb-nemo");
    let mut train_conllu = read_conllu(&htb.join("he_htb-nemo-train.conllu"))?;
    let mut dev_conllu = read_conllu(&htb.join("he_htb-nemo-dev.conllu"))?;
    let m = crate::morph::model().map_err(|e| e.to_string())?;
    // Cross-validation (for experiments): block b of five is the dev set, analysed
    // without the forms seen only there.
    let mut dev_dicts = m.dicts.clone();
    if let Some(b) = opts.cv {
        let held = |i: usize| (i / 500) % 5 == b;
        dev_dicts = fold_dicts(m, &train_conllu, 2, |i| held(i) as usize).swap_remove(1);
        let (d, t): (Vec<_>, Vec<_>) = train_conllu.into_iter().enumerate().partition(|(i, _)| held(*i));
        dev_conllu = d.into_iter().map(|x| x.1).collect();
        train_conllu = t.into_iter().map(|x| x.1).collect();
    }
    let dev: Vec<LabeledSentence> = dev_conllu.iter().map(labeled).collect();
    let mut log = Vec::new();
    let mut say = |s: String, log: &mut Vec<String>| {
        progress(&s);
        log.push(s);
    };
    // Every training sentence with gold morphemes, and as the pipeline analyses it.
    let gold: Vec<LabeledSentence> = train_conllu.iter().map(labeled).collect();
    let k = opts.folds.max(1);
    let dicts = if k > 1 { fold_dicts(m, &train_conllu, k, |i| fold_of(i, k)) } else { vec![m.dicts.clone()] };
    let pred: Vec<(LabeledSentence, bool)> = train_conllu
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let inputs: Vec<(&str, _)> = s.tokens.iter().map(|t| (t.form.as_str(), kind_of(&t.form))).collect();
            let (ls, labels, _) = project(s, &m.analyze(&dicts[fold_of(i, k)], &inputs));
            (ls, labels.is_some())
        })
        .collect();
    // Training items: (sentence id, sentence).
    let mut train: Vec<(usize, &LabeledSentence)> = gold.iter().enumerate().filter(|(_, s)| !s.words.is_empty()).collect();
    let ngold = train.len();
    if opts.predicted {
        for (i, (ls, ok)) in pred.iter().enumerate() {
            if *ok && !ls.words.is_empty() && ls.words != gold[i].words {
                train.push((i, ls));
            }
        }
    }
    // IAHLT sentences (other domains), as the pipeline analyses them, NEMO types only.
    let mut iahlt: Vec<LabeledSentence> = Vec::new();
    if opts.iahlt {
        for f in ["he_iahltwiki-ud-dev.conllu", "he_iahltknesset-ud-dev.conllu"] {
            let p = data.join("iahlt").join(f);
            if !p.exists() {
                continue;
            }
            for mut s in read_conllu(&p)? {
                iahlt_to_nemo(&mut s);
                let inputs: Vec<(&str, _)> = s.tokens.iter().map(|t| (t.form.as_str(), kind_of(&t.form))).collect();
                let (ls, labels, _) = project(&s, &m.analyze(&m.dicts, &inputs));
                if labels.is_some() && !ls.words.is_empty() {
                    iahlt.push(ls);
                }
            }
        }
    }
    let nh = gold.len();
    for (j, ls) in iahlt.iter().enumerate() {
        train.push((nh + j, ls));
    }
    // Jackknifed gazetteers: a training sentence sees only names from the other half.
    let all = || gold.iter().chain(&iahlt).enumerate();
    let names = names_of(all().map(|(_, s)| s));
    let halves: Vec<FastMap<u64, u16>> =
        (0..2).map(|h| NerModel::index_names(&names_of(all().filter(|(i, _)| i % 2 != h).map(|(_, s)| s)))).collect();
    say(
        format!(
            "ner train: {} sentences ({} more with predicted morphology, {k} folds; {} IAHLT), {} names in gazetteer",
            ngold,
            train.len() - ngold - iahlt.len(),
            iahlt.len(),
            names.len()
        ),
        &mut log,
    );

    // The word list, read once for the lists' frequency buckets and for the profiles.
    let words = if opts.lists.is_some() || opts.profiles { super::lists::load::word_frequencies(data)? } else { Default::default() };
    let lists = match &opts.lists {
        Some(lo) => super::lists::load::read(data, &words, lo)?,
        None => Default::default(),
    };
    say(format!("ner lists: {} typed names", lists.names.len()), &mut log);
    // Profiles only for the forms the lexicon knows as proper nouns: as many held-out points as
    // profiles of every listed form (docs/DESIGN.md), at a tenth of the size.
    let keep = |x: &str| lexicon_mask(x) & (1 << tags::PROPN) != 0;
    let profiles = if opts.profiles { super::profiles::load::read(&words, keep) } else { Default::default() };
    say(format!("ner prefix profiles: {} forms", profiles.len()), &mut log);
    let mut model = NerModel { bits: opts.bits, window: opts.window, lists, profiles, ..Default::default() };
    let size = (1usize << opts.bits) + NL;
    let feats: Vec<Features> = train
        .iter()
        .map(|&(i, s)| {
            let mut f = Features::default();
            model.features(&s.view(), &halves[i % 2], lexicon_mask, &mut f);
            f
        })
        .collect();
    // The same features with the entity words' own names left out.
    let masked: Vec<Option<Features>> = train
        .iter()
        .map(|&(i, s)| {
            let ents: Vec<bool> = s.labels.iter().map(|&l| l != 0).collect();
            if opts.mask <= 0.0 || !ents.contains(&true) {
                return None;
            }
            let mut f = Features::default();
            model.features_masked(&s.view(), &halves[i % 2], lexicon_mask, Some(&ents), &mut f);
            Some(f)
        })
        .collect();
    let row = |h: u64| model.row(h);
    let mut docf: Vec<Features> = Vec::new();
    if opts.window > 0 {
        // First-pass labels of every training sentence (predicted morphology) from a model
        // trained on the other blocks, then document features from those labels.
        let block = |i: usize| (i / DOC_BLOCK) % 2;
        let pview: Vec<Vec<NerWord>> = pred.iter().map(|(ls, _)| ls.view()).collect();
        let mut first: Vec<Vec<usize>> = vec![Vec::new(); pred.len()];
        for b in 0..2 {
            let items: Vec<Item> = train
                .iter()
                .zip(&feats)
                .zip(&masked)
                .filter(|(((i, _), _), _)| block(*i) != b)
                .map(|(((_, s), f), m)| Item { labels: &s.labels, base: f, doc: None, masked: m.as_ref() })
                .collect();
            let (avg, tavg) = ensemble(row, size, &items, opts, |_| {});
            let mut sub = NerModel { bits: opts.bits, lists: model.lists.clone(), profiles: model.profiles.clone(), ..Default::default() };
            set_weights(&mut sub, &avg, &tavg);
            for (i, v) in pview.iter().enumerate().filter(|(i, _)| block(*i) == b) {
                sub.gazetteer = halves[i % 2].clone();
                first[i] = if v.is_empty() { Vec::new() } else { sub.tag(v, lexicon_mask) };
            }
        }
        let keys: Vec<Vec<u64>> = pview.iter().map(|v| super::doc_keys(v)).collect();
        let w = opts.window;
        let mut mem = DocMemory::default();
        for j in 0..pred.len().min(w + 1) {
            mem.add(&keys[j], &first[j], 1);
        }
        let mut want: Vec<Vec<usize>> = vec![Vec::new(); pred.len()];
        for (t, &(i, _)) in train.iter().enumerate() {
            if let Some(v) = want.get_mut(i) {
                v.push(t);
            }
        }
        docf = vec![Features::default(); train.len()];
        for i in 0..pred.len() {
            if i > 0 {
                if i + w < pred.len() {
                    mem.add(&keys[i + w], &first[i + w], 1);
                }
                if i > w {
                    mem.add(&keys[i - w - 1], &first[i - w - 1], -1);
                }
            }
            mem.add(&keys[i], &first[i], -1);
            for &t in &want[i] {
                let v = train[t].1.view();
                let mut f = Features::default();
                mem.features(&v, &super::doc_keys(&v), &mut f);
                docf[t] = f;
            }
            mem.add(&keys[i], &first[i], 1);
        }
    }
    let items: Vec<Item> = train
        .iter()
        .enumerate()
        .map(|(t, &(i, s))| Item {
            labels: &s.labels,
            base: &feats[t],
            doc: (opts.window > 0 && i < pred.len()).then(|| &docf[t]),
            masked: masked[t].as_ref(),
        })
        .collect();
    let mut elog = Vec::new();
    let (avg, tavg) = ensemble(row, size, &items, opts, |s| elog.push(s));
    for s in elog {
        say(s, &mut log);
    }
    let scale = set_weights(&mut model, &avg, &tavg);
    model.gazetteer = NerModel::index_names(&names);
    model.names = names;
    let nz = model.weights.iter().filter(|&&v| v != 0).count();
    say(format!("ner weights: {nz} non-zero of {size} (scale {scale:.1})"), &mut log);
    let dev_views: Vec<Vec<NerWord>> = dev.iter().map(|s| s.view()).collect();
    let tagged = model.tag_document(&dev_views, lexicon_mask);
    let pairs: Vec<(Vec<usize>, Vec<usize>)> = dev.iter().zip(tagged).map(|(s, p)| (s.labels.clone(), p)).collect();
    let (p, r, f, per) = span_f1(&pairs);
    say(format!("ner dev (gold morphemes): P {p:.2} R {r:.2} F1 {f:.2}"), &mut log);
    let per: Vec<String> = per
        .iter()
        .enumerate()
        .map(|(t, &(c, g, s))| format!("{} {:.1} ({g})", TYPES[t], if g + s > 0 { 200.0 * c as f64 / (g + s) as f64 } else { 0.0 }))
        .collect();
    say(format!("ner dev per type: {}", per.join(", ")), &mut log);
    // End to end from gold tokens: morphemes from the morphology model, token-level entities.
    type DevSentence = (LabeledSentence, Vec<usize>, Vec<(usize, usize, usize)>);
    let dev_pred: Vec<DevSentence> = dev_conllu
        .iter()
        .map(|s| {
            let gold = labeled(s);
            let gtok: Vec<usize> =
                s.tokens.iter().enumerate().flat_map(|(k, t)| std::iter::repeat(k).take(t.words.len())).collect();
            let inputs: Vec<(&str, _)> = s.tokens.iter().map(|t| (t.form.as_str(), kind_of(&t.form))).collect();
            let (ls, _, ptok) = project(s, &m.analyze(&dev_dicts, &inputs));
            (ls, ptok, token_entities(&gold.labels, &gtok))
        })
        .collect();
    let eval = |model: &NerModel| {
        let mut per = vec![(0usize, 0usize, 0usize); TYPES.len()];
        let views: Vec<Vec<NerWord>> = dev_pred.iter().map(|(ls, _, _)| ls.view()).collect();
        let tagged = model.tag_document(&views, lexicon_mask);
        for ((_, ptok, ge), labels) in dev_pred.iter().zip(tagged) {
            let pe = token_entities(&labels, ptok);
            let mut left = ge.clone();
            for e in &pe {
                per[e.0].2 += 1;
                if let Some(i) = left.iter().position(|x| x == e) {
                    left.swap_remove(i);
                    per[e.0].0 += 1;
                }
            }
            for e in ge {
                per[e.0].1 += 1;
            }
        }
        per
    };
    let f1 = |c: usize, g: usize, s: usize| if g + s > 0 { 200.0 * c as f64 / (g + s) as f64 } else { 0.0 };
    let total = |per: &[(usize, usize, usize)]| per.iter().fold((0, 0, 0), |a, x| (a.0 + x.0, a.1 + x.1, a.2 + x.2));
    // Tune the O bias on dev (in units of one averaged perceptron update).
    let mut best = (f64::MIN, 0i32);
    let mut tried = Vec::new();
    for k in [0.0, 0.5, 1.0, 2.0, 4.0, 8.0] {
        model.o_bias = (k * scale).round() as i32;
        let (c, g, sy) = total(&eval(&model));
        let f = f1(c, g, sy);
        tried.push(format!("{k}: {f:.2}"));
        if f > best.0 + 1e-9 {
            best = (f, model.o_bias);
        }
    }
    say(format!("ner O bias on dev: {}", tried.join(", ")), &mut log);
    model.o_bias = best.1;
    let per = eval(&model);
    let (c, g, sy) = total(&per);
    say(
        format!("ner dev (predicted morphology, token level): F1 {:.2} ({c} correct, {g} gold, {sy} system)", f1(c, g, sy)),
        &mut log,
    );
    let per: Vec<String> = per.iter().enumerate().map(|(t, &(c, g, s))| format!("{} {:.1}", TYPES[t], f1(c, g, s))).collect();
    say(format!("ner dev per type (predicted morphology): {}", per.join(", ")), &mut log);
    Ok(NerTrained { model: model.to_bytes(), log })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, form: &str, upos: &str, misc: &str) -> String {
        format!("{id}\t{form}\t{form}\t{upos}\t{upos}\t_\t0\troot\t_\t{misc}\n")
    }

    #[test]
    fn iahlt_entities_become_outermost_nemo_labels() {
        // ראש ממשלת ישראל בנימין נתניהו ביקר בבית הלבן: TTL (not NEMO) holding GPE, a PER,
        // and an ORG opened and closed on one word with a nested GPE.
        let text = String::new()
            + "# text = x\n"
            + &row("1", "ראש", "NOUN", "Entity=(TTL")
            + &row("2", "ממשלת", "NOUN", "_")
            + &row("3", "ישראל", "PROPN", "Entity=(GPE)TTL)")
            + &row("4", "בנימין", "PROPN", "Entity=(PER")
            + &row("5", "נתניהו", "PROPN", "Entity=PER)")
            + &row("6", "ביקר", "VERB", "_")
            + "7-8\tבצה\"ל\t_\t_\t_\t_\t_\t_\t_\t_\n"
            + &row("7", "ב", "ADP", "_")
            + &row("8", "צה\"ל", "PROPN", "Entity=(ORG(GPE)ORG)")
            + "\n";
        let mut s = crate::conllu::parse(&text).unwrap().remove(0);
        iahlt_to_nemo(&mut s);
        let labels: Vec<&str> = s.tokens.iter().flat_map(|t| &t.words).map(|w| w.misc_get("NER").unwrap()).collect();
        assert_eq!(labels, ["O", "O", "S-GPE", "B-PER", "E-PER", "O", "O", "S-ORG"]);
    }

    #[test]
    fn token_labels_merge() {
        let l = |s: &str| parse_label(s);
        assert_eq!(merge_labels(&[l("B-GPE"), l("E-GPE")]), Some(l("S-GPE")));
        assert_eq!(merge_labels(&[l("I-ORG"), l("I-ORG")]), Some(l("I-ORG")));
        assert_eq!(merge_labels(&[l("B-ORG"), l("I-ORG")]), Some(l("B-ORG")));
        assert_eq!(merge_labels(&[l("S-PER"), l("S-GPE")]), None);
        assert_eq!(merge_labels(&[0, 0]), None);
    }
}
