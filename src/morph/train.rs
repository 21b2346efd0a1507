//! Training the morphology model from the Hebrew Treebank (native only; `dikduk train`).
//!
//! Deterministic: the same data and options give byte-identical model files.

use super::lattice::{path_features, prefix_len, viterbi_with_cost, Lattice};
use super::lexicon::Lexicon;
use super::model::{Dict, Dicts, Model, SuffixTable, WordInfo};
use std::borrow::Cow;
use super::tags::{self, normalize, upos_id};
use crate::conllu::{self, Sentence};
use crate::document::TokenKind;
use crate::model::perceptron::{max_abs, quantize, scale_for, Averaged};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Folder with `htb-nemo/` and `lexicon/` (normally `../shared/data`).
    pub data: PathBuf,
    /// Perceptron passes over the training set.
    pub epochs: usize,
    /// Jackknife folds used to simulate unseen tokens while training.
    pub folds: usize,
    /// log2 of the number of weight buckets.
    pub bits: u32,
    /// Use the HebPipe lexicon for unseen words.
    pub lexicon: bool,
    /// Perceptrons trained on differently shuffled data, whose averaged weights are averaged.
    pub ensemble: usize,
    /// Cost-augmented decoding while training: what a wrong candidate adds to its score when it
    /// is segmented differently from gold, per word with another UPOS, and when features or
    /// lemmas differ ([0, 0, 0]: plain perceptron).
    pub costs: [i64; 3],
    /// Also train on the IAHLT morphology file's new text (`iahlt-morph/`, `# source = other`),
    /// converted to HTB conventions ([`super::conventions`]).
    pub extra: bool,
    /// The genres of that text to use (`wiki`, `knesset`); empty: all.
    pub extra_genres: Vec<String>,
    /// Share of the extra sentences each perceptron pass visits (a fixed, seeded choice per pass):
    /// 1.0 weighs them as HTB's own.
    pub extra_weight: f64,
    /// Domain adaptation (Daumé's feature augmentation, folded into the shipped table): besides
    /// the shared weights, HTB and the extra text each train weights of their own at the same
    /// buckets; the model ships shared + HTB's, so what only the extra text wants stays out.
    pub extra_adapt: bool,
    /// Averaged weights smaller than this in magnitude are dropped before quantisation (most of
    /// them are features that never decided anything; the model file shrinks).
    pub prune: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            data: PathBuf::from("../shared/data"),
            epochs: 8,
            folds: 5,
            bits: 21,
            lexicon: true,
            ensemble: 8,
            costs: [8, 2, 1],
            extra: true,
            extra_genres: Vec::new(),
            extra_weight: 1.0,
            extra_adapt: true,
            prune: 0.75,
        }
    }
}

/// Model files produced by [`train`], and a log of what happened.
#[derive(Debug)]
pub struct Trained {
    /// Bytes of `models/morph.bin`.
    pub model: Vec<u8>,
    /// Bytes of `models/lexicon.bin` (empty without a lexicon).
    pub lexicon: Vec<u8>,
    /// Human-readable training log (sizes, dev accuracy per epoch).
    pub log: Vec<String>,
}

/// Reads and parses a CoNLL-U file.
pub fn read_conllu(path: &Path) -> Result<Vec<Sentence>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    conllu::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The token kind the text layer would give a treebank token (used only while training).
pub fn kind_of(form: &str) -> TokenKind {
    let first = form.chars().next().unwrap_or(' ');
    if first.is_ascii_digit() {
        TokenKind::Number
    } else if form.chars().any(|c| ('\u{05D0}'..='\u{05EA}').contains(&c)) {
        TokenKind::Word
    } else if form.chars().any(|c| c.is_ascii_alphabetic()) {
        TokenKind::Latin
    } else if form.chars().all(|c| c.is_ascii_punctuation() || "–—־“”„׳״’‘…".contains(c)) {
        TokenKind::Punct
    } else {
        TokenKind::Symbol
    }
}

/// Features as the model learns them: `_` becomes empty, and the treebank's conversion notes
/// (`HebSource=ConvUncertain...`, not linguistic features) are dropped.
pub fn clean_feats(feats: &str) -> String {
    if feats == "_" {
        return String::new();
    }
    feats.split('|').filter(|f| !f.starts_with("HebSource=")).collect::<Vec<_>>().join("|")
}

/// One training token: surface, gold analysis, and how many leading words are prefixes.
struct GoldToken {
    form: String,
    analysis: u32,
    npfx: u8,
}

#[derive(Default)]
struct Builder {
    model: Model,
    word_ids: HashMap<(String, u8, String, String), u32>,
    analysis_ids: HashMap<Vec<u32>, u32>,
}

impl Builder {
    fn word(&mut self, form: &str, upos: u8, feats: &str, lemma: &str) -> u32 {
        let key = (form.to_string(), upos, feats.to_string(), lemma.to_string());
        if let Some(&id) = self.word_ids.get(&key) {
            return id;
        }
        let id = self.model.words.len() as u32;
        self.model.words.push(WordInfo::new(form, upos, feats, lemma));
        self.word_ids.insert(key, id);
        id
    }

    fn analysis(&mut self, words: Vec<u32>) -> u32 {
        if let Some(&id) = self.analysis_ids.get(&words) {
            return id;
        }
        let id = self.model.analyses.len() as u32;
        self.model.analyses.push(words.clone());
        self.analysis_ids.insert(words, id);
        id
    }

    /// Interns a treebank sentence; returns its tokens.
    fn sentence(&mut self, s: &Sentence) -> Vec<GoldToken> {
        let mut out = Vec::new();
        for t in &s.tokens {
            let ids: Vec<u32> = t
                .words
                .iter()
                .map(|w| {
                    let feats = clean_feats(&w.feats);
                    let form = if t.words.len() == 1 { normalize(&t.form) } else { normalize(&w.form) };
                    let lemma = if w.lemma == "_" && w.form != "_" { form.clone() } else { normalize(&w.lemma) };
                    self.word(&form, upos_id(&w.upos), &feats, &lemma)
                })
                .collect();
            if ids.is_empty() {
                continue;
            }
            let npfx = prefix_len(&self.model, &ids);
            let analysis = self.analysis(ids);
            out.push(GoldToken { form: normalize(&t.form), analysis, npfx });
        }
        out
    }

    /// Splits a gold token into (prefix surface, prefix analysis, remainder, remainder analysis).
    fn split(&mut self, t: &GoldToken) -> Option<(String, u32, String, u32)> {
        if t.npfx == 0 {
            return None;
        }
        let words = self.model.analyses[t.analysis as usize].clone();
        let (p, b) = words.split_at(t.npfx as usize);
        // The implicit article (ה_) has no letters of its own: בבית is ב + ה_ + בית.
        let psurf: String =
            p.iter().map(|&w| &*self.model.words[w as usize].form).filter(|f| !f.ends_with('_')).collect();
        let rest = t.form.strip_prefix(psurf.as_str())?.to_string();
        if rest.is_empty() {
            return None;
        }
        let pa = self.analysis(p.to_vec());
        let ba = self.analysis(b.to_vec());
        Some((psurf, pa, rest, ba))
    }
}

fn add_to_dicts(b: &mut Builder, t: &GoldToken, dicts: &mut [&mut Dicts], prefixes: Option<&mut Dict>) {
    for d in dicts.iter_mut() {
        d.tokens.add(&t.form, t.analysis);
    }
    match b.split(t) {
        Some((psurf, pa, rest, ba)) => {
            if let Some(p) = prefixes {
                p.add(&psurf, pa);
            }
            for d in dicts.iter_mut() {
                d.bases.add(&rest, ba);
            }
        }
        None => {
            for d in dicts.iter_mut() {
                d.bases.add(&t.form, t.analysis);
            }
        }
    }
}

fn top<K: Ord + Clone>(counts: &HashMap<K, u32>) -> Vec<(K, u32)> {
    let mut v: Vec<(K, u32)> = counts.iter().map(|(k, &c)| (k.clone(), c)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

fn suffixes(form: &str) -> Vec<String> {
    let chars: Vec<char> = form.chars().collect();
    (0..=3usize.min(chars.len())).map(|n| chars[chars.len() - n..].iter().collect()).collect()
}

fn lemma_rule(form: &str, lemma: &str) -> (u8, String) {
    let f: Vec<char> = form.chars().collect();
    let l: Vec<char> = lemma.chars().collect();
    let cp = f.iter().zip(&l).take_while(|(a, b)| a == b).count();
    ((f.len() - cp).min(255) as u8, l[cp..].iter().collect())
}

/// The guessing tables: tags, features and lemma rules by word ending.
type SuffixTables = (SuffixTable<Vec<u8>>, SuffixTable<Cow<'static, str>>, SuffixTable<(u8, Cow<'static, str>)>);

/// Builds the guessing tables from the host words of training tokens.
fn suffix_tables(b: &Builder, gold: &[Vec<GoldToken>]) -> SuffixTables {
    let mut form_count: HashMap<u32, u32> = HashMap::new();
    for s in gold {
        for t in s {
            let host = b.model.analyses[t.analysis as usize][t.npfx as usize];
            *form_count.entry(host).or_default() += 1;
        }
    }
    let mut upos_c: HashMap<String, HashMap<u8, u32>> = HashMap::new();
    let mut feats_c: HashMap<(u8, String), HashMap<String, u32>> = HashMap::new();
    let mut lemma_c: HashMap<(u8, String), HashMap<(u8, String), u32>> = HashMap::new();
    for s in gold {
        for t in s {
            let host_id = b.model.analyses[t.analysis as usize][t.npfx as usize];
            let w = &b.model.words[host_id as usize];
            if w.form.contains('_') || !w.form.chars().any(|c| ('\u{05D0}'..='\u{05EA}').contains(&c)) {
                continue;
            }
            let rare = form_count[&host_id] <= 2;
            for suf in suffixes(&w.form) {
                if rare {
                    *upos_c.entry(suf.clone()).or_default().entry(w.upos).or_default() += 1;
                }
                *feats_c.entry((w.upos, suf.clone())).or_default().entry(w.feats.to_string()).or_default() += 1;
                *lemma_c.entry((w.upos, suf)).or_default().entry(lemma_rule(&w.form, &w.lemma)).or_default() += 1;
            }
        }
    }
    let mut guess_upos = SuffixTable::default();
    for (suf, c) in &upos_c {
        let total: u32 = c.values().sum();
        if total >= 3 || suf.is_empty() {
            let v: Vec<u8> = top(c).into_iter().take(5).map(|(u, _)| u).collect();
            guess_upos.insert(0, Cow::Owned(suf.clone()), v);
        }
    }
    let mut guess_feats = SuffixTable::default();
    for ((u, suf), c) in &feats_c {
        let t = top(c);
        if t[0].1 >= 3 || suf.is_empty() {
            guess_feats.insert(*u, Cow::Owned(suf.clone()), Cow::Owned(t[0].0.clone()));
        }
    }
    let mut lemma_rules = SuffixTable::default();
    for ((u, suf), c) in &lemma_c {
        let t = top(c);
        if (t[0].1 >= 3 || suf.is_empty()) && !(t[0].0 .0 == 0 && t[0].0 .1.is_empty() && !suf.is_empty()) {
            lemma_rules.insert(*u, Cow::Owned(suf.clone()), (t[0].0 .0, Cow::Owned(t[0].0 .1.clone())));
        } else if t[0].1 >= 3 {
            lemma_rules.insert(*u, Cow::Owned(suf.clone()), (0, Cow::Borrowed("")));
        }
    }
    (guess_upos, guess_feats, lemma_rules)
}

/// Learns possessive endings from nouns with suffixes (ילדו = ילד_ _של_ _הוא): for each ending of
/// the surface after the host's stem, the most frequent (`_של_`, pronoun, host features).
fn possessive_table(b: &Builder, gold: &[Vec<GoldToken>]) -> crate::model::hash::FastMap<Box<str>, (u32, u32, Box<str>)> {
    let mut counts: HashMap<String, HashMap<(u32, u32, String), u32>> = HashMap::new();
    for s in gold {
        for t in s {
            let words = &b.model.analyses[t.analysis as usize][t.npfx as usize..];
            if words.len() != 3 {
                continue;
            }
            let (h, shel, pron) = (&b.model.words[words[0] as usize], words[1], words[2]);
            if h.upos != tags::NOUN || &*b.model.words[shel as usize].form != "_של_" || !h.form.ends_with('_') {
                continue;
            }
            // The surface after the prefixes; the ending is what follows the lemma's shared stem.
            let pre: String = b.model.analyses[t.analysis as usize][..t.npfx as usize]
                .iter()
                .map(|&w| &*b.model.words[w as usize].form)
                .filter(|f| !f.ends_with('_'))
                .collect();
            let Some(surface) = t.form.strip_prefix(pre.as_str()) else { continue };
            // The longest suffix that spells this pronoun (ספריו: יו, not ו).
            let suffixes = super::lattice::possessive_suffixes(&b.model.words[pron as usize].form);
            let Some(ending) = suffixes.iter().rev().find(|e| surface.ends_with(*e) && surface.len() > e.len()) else {
                continue;
            };
            *counts.entry(ending.to_string()).or_default().entry((shel, pron, h.feats.to_string())).or_default() += 1;
        }
    }
    let mut out = crate::model::hash::FastMap::default();
    for (ending, c) in counts {
        let t = top(&c);
        if t[0].1 >= 3 {
            out.insert(ending.into(), (t[0].0 .0, t[0].0 .1, t[0].0 .2.as_str().into()));
        }
    }
    out
}

/// Reads `heb.lex` into lexicon blob entries: prefix-free forms with UPOS and lemma, niqqud removed.
pub fn lexicon_entries(path: &Path) -> Result<Vec<(String, u8, String)>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for line in text.lines() {
        let mut f = line.split('\t');
        let (Some(form), Some(tag), Some(lemma)) = (f.next(), f.next(), f.next()) else { continue };
        let upos = match tag {
            "NOUN" | "NOUN_pos" => tags::NOUN,
            "VERB" | "VERB_pos" => upos_id("VERB"),
            "COP" => upos_id("AUX"),
            "ADJ" | "PROPN" | "ADV" | "ADP" | "NUM" | "DET" | "X" => upos_id(tag),
            _ => continue,
        };
        let form = normalize(form);
        let lemma = normalize(lemma);
        if form.is_empty() || form.contains(' ') {
            continue;
        }
        out.push((form, upos, if lemma.is_empty() { String::new() } else { lemma }));
    }
    // The lexicon also lists proper nouns with prefix letters attached (באלסקה next to אלסקה);
    // those would hide the prefix from the segmenter, so they are dropped.
    let propn: std::collections::HashSet<String> =
        out.iter().filter(|e| e.1 == tags::PROPN).map(|e| e.0.clone()).collect();
    out.retain(|(form, upos, _)| {
        *upos != tags::PROPN
            || !(1..=3).any(|k| {
                let cut = form.char_indices().nth(k).map_or(form.len(), |(i, _)| i);
                let (p, r) = form.split_at(cut);
                p.chars().all(|c| "ובכלמשה".contains(c)) && r.chars().count() >= 3 && propn.contains(r)
            })
    });
    Ok(out)
}

/// The cost of each candidate against the gold path: `w[0]` when its segmentation differs, else
/// `w[1]` per word with another UPOS plus `w[2]` when features or lemmas differ.
fn candidate_costs(model: &Model, lat: &Lattice, gold: &[usize], w: [i64; 3]) -> Vec<Vec<i64>> {
    lat.toks
        .iter()
        .zip(gold)
        .enumerate()
        .map(|(i, (t, &g))| {
            let gw = &t.cands[g].words;
            t.cands
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    if k == g || w == [0, 0, 0] {
                        return 0;
                    }
                    let (a, b): (Vec<_>, Vec<_>) =
                        (c.words.iter().map(|&x| lat.word(model, i, x)).collect(), gw.iter().map(|&x| lat.word(model, i, x)).collect());
                    if a.len() != b.len() || a.iter().zip(&b).any(|(x, y)| x.form != y.form) {
                        return w[0];
                    }
                    let upos = a.iter().zip(&b).filter(|(x, y)| x.upos != y.upos).count() as i64;
                    let other = a.iter().zip(&b).any(|(x, y)| x.feats != y.feats || x.lemma != y.lemma) as i64;
                    upos * w[1] + other * w[2]
                })
                .collect()
        })
        .collect()
}

/// The largest factor that quantises the averaged weights into i16 (smaller when the largest
/// weight would overflow 32000).
const WEIGHT_SCALE_CAP: f64 = 256.0;

/// Consecutive training sentences that share a jackknife fold. The treebank's sentences come in
/// articles, so a fold of whole runs hides an article's names and topic words from the
/// dictionaries its sentences are analysed with, as a new article's are.
const FOLD_BLOCK: usize = 250;

/// The jackknife fold of training sentence `si` of `k`.
pub fn fold_of(si: usize, k: usize) -> usize {
    (si / FOLD_BLOCK) % k
}

/// The new text of the IAHLT morphology file (`# source = other`: Wikipedia and Knesset) in HTB
/// conventions, with the mapping learnt from its parallel sentences and HTB train; only the
/// given genres (all when empty). Returns the sentences and a line for the log.
pub fn extra_sentences(data: &Path, htb_train: &[Sentence], genres: &[String]) -> Result<(Vec<Sentence>, String), String> {
    use super::conventions::{comment, parallel, sentence_to_htb, HtbTable};
    let ia = read_conllu(&data.join("iahlt-morph/he_iahlt-morph-train.conllu"))?;
    let pairs: Vec<_> = parallel(&ia, htb_train).into_iter().map(|(i, h)| (&ia[i], &htb_train[h])).collect();
    let table = HtbTable::learn(&pairs);
    let out: Vec<Sentence> = ia
        .iter()
        .filter(|s| comment(s, "source") == Some("other"))
        .filter(|s| genres.is_empty() || comment(s, "genre").is_some_and(|g| genres.iter().any(|x| x == g)))
        .map(|s| sentence_to_htb(s, &table))
        .collect();
    let words: usize = out.iter().map(|s| s.words().count()).sum();
    let (nw, nf) = table.len();
    let line = format!(
        "extra: {} IAHLT sentences ({words} words) in HTB conventions, mapping learnt from {} parallel sentences ({nw} words, {nf} feature sets)",
        out.len(),
        pairs.len()
    );
    Ok((out, line))
}

/// The HTB → IAHLT table (`models/conventions.bin`) learnt from the parallel sentences of the
/// IAHLT morphology file; `None` when the shared data has no `iahlt-morph/`. Returns the file's
/// bytes and a line for the log.
pub fn conventions_table(data: &Path, htb_train: &[Sentence]) -> Result<Option<(Vec<u8>, String)>, String> {
    use super::conventions::{parallel, IahltTable};
    let path = data.join("iahlt-morph/he_iahlt-morph-train.conllu");
    if !path.exists() {
        return Ok(None);
    }
    let ia = read_conllu(&path)?;
    let pairs: Vec<_> = parallel(&ia, htb_train).into_iter().map(|(i, h)| (&htb_train[h], &ia[i])).collect();
    let table = IahltTable::learn(&pairs);
    let (nw, nf) = table.len();
    let line = format!("conventions: HTB → IAHLT table from {} parallel sentences: {nw} words, {nf} feature sets", pairs.len());
    Ok(Some((table.to_bytes(), line)))
}

/// Per-sentence inputs of the perceptron.
fn token_inputs(s: &[GoldToken]) -> Vec<(&str, TokenKind)> {
    s.iter().map(|t| (t.form.as_str(), kind_of(&t.form))).collect()
}

/// Accuracy of a model on gold-tokenised sentences: (tokens, segmentation, full analysis, UPOS,
/// features, lemma), the last three over words of correctly segmented tokens, divided by all words.
pub fn gold_token_accuracy(model: &Model, sents: &[Sentence]) -> [f64; 5] {
    let (mut ntok, mut seg, mut full, mut nw, mut upos, mut feats, mut lemma) = (0, 0, 0, 0, 0, 0, 0);
    for s in sents {
        let forms: Vec<String> = s.tokens.iter().map(|t| t.form.clone()).collect();
        let inputs: Vec<(&str, TokenKind)> = forms.iter().map(|f| (f.as_str(), kind_of(f))).collect();
        let out = model.analyze(&model.dicts, &inputs);
        for (t, ms) in s.tokens.iter().zip(out) {
            ntok += 1;
            nw += t.words.len();
            let gforms: Vec<String> =
                t.words.iter().map(|w| if t.words.len() == 1 { t.form.clone() } else { normalize(&w.form) }).collect();
            let pforms: Vec<&str> = ms.iter().map(|m| m.form.as_str()).collect();
            if gforms.iter().map(|s| s.as_str()).eq(pforms.iter().copied()) {
                seg += 1;
                let mut all = true;
                for (g, m) in t.words.iter().zip(&ms) {
                    let gf = clean_feats(&g.feats);
                    upos += (g.upos == m.upos) as usize;
                    feats += (gf == m.feats) as usize;
                    lemma += (normalize(&g.lemma) == m.lemma) as usize;
                    all &= g.upos == m.upos && gf == m.feats && normalize(&g.lemma) == m.lemma;
                }
                full += all as usize;
            }
        }
    }
    let p = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    [p(seg, ntok), p(full, ntok), p(upos, nw), p(feats, nw), p(lemma, nw)]
}

/// Trains the morphology model (and packs the lexicon) from `opts.data`.
pub fn train(opts: &TrainOptions, mut progress: impl FnMut(&str)) -> Result<Trained, String> {
    let htb = opts.data.join("htb-nemo");
    let train = read_conllu(&htb.join("he_htb-nemo-train.conllu"))?;
    let dev = read_conllu(&htb.join("he_htb-nemo-dev.conllu"))?;
    let mut log = Vec::new();
    let mut say = |s: String, log: &mut Vec<String>| {
        progress(&s);
        log.push(s);
    };

    let extra = if opts.extra {
        let (e, line) = extra_sentences(&opts.data, &train, &opts.extra_genres)?;
        say(line, &mut log);
        e
    } else {
        Vec::new()
    };
    let mut b = Builder::default();
    // HTB train first, then the extra sentences. Folds are runs of consecutive sentences of each
    // (HTB's as in NER and parser training): an extra sentence is only ever hidden from the
    // dictionaries its own fold is analysed with, never counted as HTB.
    let n_htb = train.len();
    let gold: Vec<Vec<GoldToken>> = train.iter().chain(&extra).map(|s| b.sentence(s)).collect();
    let k = opts.folds.max(2);
    let fold = |si: usize| if si < n_htb { fold_of(si, k) } else { fold_of(si - n_htb, k) };
    let mut full = Dicts::default();
    let mut folds: Vec<Dicts> = vec![Dicts::default(); k];
    let mut prefixes = Dict::default();
    for (si, s) in gold.iter().enumerate() {
        for t in s {
            let mut targets: Vec<&mut Dicts> = Vec::with_capacity(k);
            targets.push(&mut full);
            for (fi, d) in folds.iter_mut().enumerate() {
                if fi != fold(si) {
                    targets.push(d);
                }
            }
            add_to_dicts(&mut b, t, &mut targets, Some(&mut prefixes));
        }
    }
    full.tokens.finish();
    full.bases.finish();
    prefixes.finish();
    for d in &mut folds {
        d.tokens.finish();
        d.bases.finish();
    }
    let (gu, gf, lr) = suffix_tables(&b, &gold);
    let possessives = possessive_table(&b, &gold);
    let mut model = b.model;
    model.dicts = full;
    model.prefixes = prefixes;
    model.guess_upos = gu;
    model.guess_feats = gf;
    model.lemma_rules = lr;
    model.possessives = possessives;
    model.bits = opts.bits;
    say(
        format!(
            "train: {} sentences, {} words, {} analyses, {} token forms, {} remainders, {} prefix strings",
            gold.len(),
            model.words.len(),
            model.analyses.len(),
            model.dicts.tokens.len(),
            model.dicts.bases.len(),
            model.prefixes.len()
        ),
        &mut log,
    );

    let mut lexicon_blob = Vec::new();
    if opts.lexicon {
        let mut entries = lexicon_entries(&opts.data.join("lexicon/heb.lex"))?;
        lexicon_blob = Lexicon::build_blob(&mut entries);
        let leaked: &'static [u8] = Box::leak(lexicon_blob.clone().into_boxed_slice());
        model.lexicon = Lexicon::from_bytes(leaked).map_err(|e| e.to_string())?;
        say(format!("lexicon: {} entries, {} bytes", model.lexicon.len(), lexicon_blob.len()), &mut log);
    }

    // Averaged perceptrons, one per shuffle seed; their averaged weights are averaged again (less
    // variance than one run).
    let n = 1usize << opts.bits;
    let runs = opts.ensemble.max(1);
    let mut avg = vec![0f64; n];
    for run in 0..runs {
        let mut p = Averaged::new(n);
        // Domain-specific weights (HTB's, the extra text's) when adapting.
        let adapt = opts.extra_adapt && gold.len() > n_htb;
        let mut dom: Vec<Averaged> = if adapt { vec![Averaged::new(n), Averaged::new(n)] } else { Vec::new() };
        let mut order: Vec<usize> = (0..gold.len()).collect();
        let mut rng: u64 = 0x2545_F491_4F6C_DD1D ^ (run as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut gf_buf = Vec::new();
        let mut pf_buf = Vec::new();
        for epoch in 0..opts.epochs {
            crate::model::hash::xorshift_shuffle(&mut order, &mut rng);
            let mut wrong = 0usize;
            let mut total = 0usize;
            let (mut wrong_extra, mut total_extra) = (0usize, 0usize);
            // Which extra sentences this pass visits (all at weight 1).
            let mut pick: u64 = 0x9E37_79B9_7F4A_7C15 ^ ((run * 1000 + epoch) as u64);
            let threshold = (opts.extra_weight.clamp(0.0, 1.0) * u32::MAX as f64) as u64;
            let visit: Vec<bool> = (n_htb..gold.len())
                .map(|_| {
                    pick ^= pick << 13;
                    pick ^= pick >> 7;
                    pick ^= pick << 17;
                    (pick & 0xFFFF_FFFF) <= threshold
                })
                .collect();
            for &si in &order {
                let s = &gold[si];
                if s.is_empty() || (si >= n_htb && !visit[si - n_htb]) {
                    continue;
                }
                let inputs = token_inputs(s);
                let mut lat = Lattice::build(&model, &folds[fold(si)], &inputs);
                let gold_path: Vec<usize> = s
                    .iter()
                    .enumerate()
                    .map(|(i, t)| lat.ensure(&model, i, model.analyses[t.analysis as usize].clone(), t.npfx))
                    .collect();
                let costs = candidate_costs(&model, &lat, &gold_path, opts.costs);
                let d = dom.get((si >= n_htb) as usize).map(|d| &d.w);
                let pred = viterbi_with_cost(
                    &model,
                    &lat,
                    |h| {
                        let b = model.bucket(h);
                        p.w[b] as i64 + d.map_or(0, |d| d[b] as i64)
                    },
                    |i, k| costs[i][k],
                );
                total += s.len();
                let errs = pred.iter().zip(&gold_path).filter(|(a, b)| a != b).count();
                if si >= n_htb {
                    total_extra += s.len();
                    wrong_extra += errs;
                }
                if errs > 0 {
                    wrong += errs;
                    gf_buf.clear();
                    pf_buf.clear();
                    path_features(&model, &lat, &gold_path, &mut gf_buf);
                    path_features(&model, &lat, &pred, &mut pf_buf);
                    let di = (si >= n_htb) as usize;
                    for (buf, delta) in [(&gf_buf, 1), (&pf_buf, -1)] {
                        for &f in buf.iter() {
                            let b = model.bucket(f);
                            p.update(b, delta);
                            if let Some(d) = dom.get_mut(di) {
                                d.update(b, delta);
                            }
                        }
                    }
                }
                p.tick();
                dom.iter_mut().for_each(Averaged::tick);
            }
            let mut line = format!("run {} epoch {}: training token errors (cost-augmented) {:.2}%", run + 1, epoch + 1, 100.0 * wrong as f64 / total as f64);
            if total_extra > 0 {
                let htb = 100.0 * (wrong - wrong_extra) as f64 / (total - total_extra).max(1) as f64;
                line += &format!(" (HTB {htb:.2}%, extra {:.2}%)", 100.0 * wrong_extra as f64 / total_extra as f64);
            }
            say(line, &mut log);
        }
        for (a, v) in avg.iter_mut().zip(p.averaged()) {
            *a += v / runs as f64;
        }
        if let Some(d) = dom.first() {
            for (a, v) in avg.iter_mut().zip(d.averaged()) {
                *a += v / runs as f64;
            }
        }
    }
    for a in avg.iter_mut().filter(|a| a.abs() < opts.prune) {
        *a = 0.0;
    }
    let scale = scale_for(max_abs(&avg), WEIGHT_SCALE_CAP);
    model.weights = quantize(&avg, scale);
    let nz = model.weights.iter().filter(|&&v| v != 0).count();
    say(format!("weights: {nz} non-zero of {n} (scale {scale:.1})"), &mut log);
    let acc = gold_token_accuracy(&model, &dev);
    say(
        format!(
            "dev (gold tokens): segmentation {:.2}, full analysis {:.2}, UPOS {:.2}, UFeats {:.2}, Lemma {:.2}",
            acc[0], acc[1], acc[2], acc[3], acc[4]
        ),
        &mut log,
    );
    Ok(Trained { model: model.to_bytes(), lexicon: lexicon_blob, log })
}
