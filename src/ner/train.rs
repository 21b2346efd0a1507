//! Training the NER model from HTB-NEMO (`NER=` BIOSE labels on every syntactic word).

use super::{allowed, allowed_end, decode, lexicon_mask, parse_label, Features, NerModel, NerWord, NL, TYPES};
use crate::conllu::Sentence;
use crate::morph::hash::FastMap;
use crate::morph::tags;
use crate::morph::train::{kind_of, read_conllu};
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
}

impl Default for NerTrainOptions {
    fn default() -> Self {
        NerTrainOptions { epochs: 20, bits: 22, predicted: true }
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
/// model), gold labels projected onto the predicted morphemes (a token's prefix words labelled O
/// are dropped or added in front), and the token of every word. `None` labels when the projection
/// gives no valid BIOSE sequence.
pub fn predicted(s: &Sentence) -> (LabeledSentence, Option<Vec<usize>>, Vec<usize>) {
    let inputs: Vec<(&str, _)> = s.tokens.iter().map(|t| (t.form.as_str(), kind_of(&t.form))).collect();
    let analyses = crate::morph::analyze(&inputs);
    let mut words = Vec::new();
    let mut labels = Some(Vec::new());
    let mut tok = Vec::new();
    for (k, (t, ms)) in s.tokens.iter().zip(&analyses).enumerate() {
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

/// Trains on `data/htb-nemo` train (gold morphemes), reports dev.
pub fn train(data: &Path, opts: &NerTrainOptions, mut progress: impl FnMut(&str)) -> Result<NerTrained, String> {
    let htb = data.join("htb-nemo");
    let train_conllu = read_conllu(&htb.join("he_htb-nemo-train.conllu"))?;
    let dev_conllu = read_conllu(&htb.join("he_htb-nemo-dev.conllu"))?;
    let dev: Vec<LabeledSentence> = dev_conllu.iter().map(labeled).filter(|s| !s.words.is_empty()).collect();
    let mut log = Vec::new();
    let mut say = |s: String, log: &mut Vec<String>| {
        progress(&s);
        log.push(s);
    };
    let mut train: Vec<LabeledSentence> = train_conllu.iter().map(labeled).filter(|s| !s.words.is_empty()).collect();
    let ngold = train.len();
    if opts.predicted {
        // Also the sentences as the pipeline will analyse them, where the labels project cleanly.
        let extra: Vec<LabeledSentence> = train_conllu
            .iter()
            .filter_map(|s| {
                let (ls, labels, _) = predicted(s);
                (labels.is_some() && !ls.words.is_empty() && ls.words != labeled(s).words).then_some(ls)
            })
            .collect();
        train.extend(extra);
    }
    // Jackknifed gazetteers: a training sentence sees only names from the other half.
    let names = names_of(train[..ngold].iter());
    let halves: Vec<FastMap<u64, u16>> = (0..2)
        .map(|h| NerModel::index_names(&names_of(train[..ngold].iter().enumerate().filter(|(i, _)| i % 2 != h).map(|(_, s)| s))))
        .collect();
    say(
        format!(
            "ner train: {} sentences ({} more with predicted morphology), {} names in gazetteer",
            ngold,
            train.len() - ngold,
            names.len()
        ),
        &mut log,
    );

    let mut model = NerModel { bits: opts.bits, ..Default::default() };
    let size = (1usize << opts.bits) + NL;
    let nt = (NL + 2) * NL;
    // Features of every training sentence, computed once.
    let feats: Vec<Features> = train
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut f = Features::default();
            model.features(&s.view(), &halves[i % 2], lexicon_mask, &mut f);
            f
        })
        .collect();
    let mut w = vec![0i32; size];
    let mut u = vec![0i64; size];
    let mut tw = vec![0i32; nt];
    let mut tu = vec![0i64; nt];
    let mut c: i64 = 1;
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut emis = Vec::new();
    let mut w16 = vec![0i16; size];
    let _ = &mut w16;
    for epoch in 0..opts.epochs {
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let mut wrong = 0usize;
        let mut total = 0usize;
        for &si in &order {
            let s = &train[si];
            let f = &feats[si];
            let n = s.labels.len();
            // Emissions with i32 weights.
            emis.clear();
            emis.resize(n * NL, 0i32);
            for i in 0..n {
                for &h in &f.hashes[f.offsets[i]..f.offsets[i + 1]] {
                    let r = model.row(h);
                    for y in 0..NL {
                        emis[i * NL + y] += w[r + y];
                    }
                }
            }
            let pred = NerModel::viterbi(&emis, &tw, n);
            total += n;
            let gold = &s.labels;
            if pred != *gold {
                wrong += pred.iter().zip(gold).filter(|(a, b)| a != b).count();
                for (path, d) in [(gold, 1i32), (&pred, -1i32)] {
                    for i in 0..n {
                        let y = path[i];
                        for &h in &f.hashes[f.offsets[i]..f.offsets[i + 1]] {
                            let k = model.row(h) + y;
                            w[k] += d;
                            u[k] += d as i64 * c;
                        }
                        let a = if i == 0 { NL } else { path[i - 1] };
                        tw[a * NL + y] += d;
                        tu[a * NL + y] += d as i64 * c;
                    }
                    let k = (NL + 1) * NL + path[n - 1];
                    tw[k] += d;
                    tu[k] += d as i64 * c;
                }
            }
            c += 1;
        }
        say(format!("ner epoch {}: training label errors {:.2}%", epoch + 1, 100.0 * wrong as f64 / total as f64), &mut log);
    }
    let avg: Vec<f64> = w.iter().zip(&u).map(|(&w, &u)| w as f64 - u as f64 / c as f64).collect();
    let tavg: Vec<f64> = tw.iter().zip(&tu).map(|(&w, &u)| w as f64 - u as f64 / c as f64).collect();
    let max = avg.iter().chain(&tavg).fold(0f64, |m, v| m.max(v.abs())).max(1e-9);
    let scale = (32000.0 / max).min(64.0);
    model.weights = avg.iter().map(|v| (v * scale).round() as i16).collect();
    model.trans = tavg.iter().map(|v| (v * scale).round() as i16).collect();
    model.trans32 = model.trans.iter().map(|&x| x as i32).collect();
    model.gazetteer = NerModel::index_names(&names);
    model.names = names;
    let nz = model.weights.iter().filter(|&&v| v != 0).count();
    say(format!("ner weights: {nz} non-zero of {size} (scale {scale:.1})"), &mut log);
    let pairs: Vec<(Vec<usize>, Vec<usize>)> =
        dev.iter().map(|s| (s.labels.clone(), model.tag(&s.view(), lexicon_mask))).collect();
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
            let (ls, _, ptok) = predicted(s);
            (ls, ptok, token_entities(&gold.labels, &gtok))
        })
        .collect();
    let eval = |model: &NerModel| {
        let mut per = vec![(0usize, 0usize, 0usize); TYPES.len()];
        for (ls, ptok, ge) in &dev_pred {
            let pe = token_entities(&model.tag(&ls.view(), lexicon_mask), ptok);
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
