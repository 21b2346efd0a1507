//! Training the parser (`dikduk train`, native only): the dynamic oracle of Goldberg & Nivre
//! (2012) for the arc-eager system, error exploration, and the arc labeller.
//!
//! Training sentences are the HTB train trees over their gold syntactic words, with the UPOS,
//! features and lemmas that the morphology predicts for them from jackknifed dictionaries (as for
//! the NER model), so that the parser learns from the tags it will see. Non-projective trees are
//! made projective first by lifting arcs (Nivre & Nilsson 2005, without label encoding).

use super::features::{label_features, nodes, transition_features, Node};
use super::model::{add_rows, best_label, children, row, ParserModel, ROOT};
use super::transition::{best_action, Action, State, ACTIONS, NONE};
use super::Word;
use crate::conllu::Sentence;
use crate::model::hash::xorshift;
use crate::model::perceptron::{max_abs, mean_of_runs, quantize, scale_for, Averaged};
use crate::morph::train::{clean_feats, fold_of, kind_of, read_conllu};
use std::path::Path;

/// Settings of [`train`].
#[derive(Debug, Clone)]
pub struct ParseTrainOptions {
    /// Passes over the training trees for the transitions.
    pub epochs: usize,
    /// Passes for the labeller.
    pub label_epochs: usize,
    /// log2 of the transition table's rows.
    pub bits: u32,
    /// log2 of the label table's rows.
    pub label_bits: u32,
    /// Jackknife folds for the predicted morphology (1: the model's full dictionaries).
    pub folds: usize,
    /// After the first epoch, the share of steps that follow the model's own (possibly wrong)
    /// choice instead of the oracle's.
    pub explore: f64,
    /// Train on gold UPOS, features and lemmas instead of predicted ones.
    pub gold_tags: bool,
    /// Quantised weights of at most this magnitude are dropped (a smaller model file).
    pub prune: i16,
    /// Beam width: 1 trains greedily with the dynamic oracle and error exploration; more trains
    /// a global structured perceptron with early update over a beam this wide (and the dev
    /// scores parse with it; the model file stores it).
    pub beam: usize,
    /// With a beam: update at the step of maximal violation (Huang et al. 2012) instead of at
    /// the gold hypothesis's first fall off the beam (early update).
    pub max_violation: bool,
    /// Share of the training trees that are also trained on without their final punctuation
    /// (headlines, titles and pasted fragments often have none).
    pub unpunct: f64,
    /// Mixed into the seeds of the training shuffles (0: the shipped model's); other values
    /// measure how much a setting's score owes to the order of the training trees.
    pub seed: u64,
    /// Perceptrons trained on different orders of the training trees (seeds `seed`, `seed` + 100,
    /// ...) whose averaged weights are averaged again into one model of the same size.
    pub ensemble: usize,
}

impl Default for ParseTrainOptions {
    fn default() -> Self {
        ParseTrainOptions { epochs: 20, label_epochs: 10, bits: 19, label_bits: 15, folds: 5, explore: 0.5, gold_tags: false, prune: 96, beam: super::model::BEAM, max_violation: false, unpunct: 0.1, seed: 0, ensemble: 8 }
    }
}

/// What [`train`] returns: the model file and the log lines.
#[derive(Debug)]
pub struct ParseTrained {
    /// `models/parse.bin`.
    pub model: Vec<u8>,
    /// Progress and dev scores.
    pub log: Vec<String>,
}

/// One training or evaluation sentence: words with owned strings, gold heads and labels.
#[derive(Debug, Clone)]
pub struct Tree {
    /// (form, lemma, upos, feats, token, index in token, token words).
    pub words: Vec<(String, String, String, String, usize, usize, usize)>,
    /// Gold head of every word (0-based; [`NONE`] for the root).
    pub head: Vec<u32>,
    /// Gold relation of every word.
    pub deprel: Vec<String>,
}

impl Tree {
    /// The words as the parser reads them.
    pub fn view(&self) -> Vec<Word<'_>> {
        self.words
            .iter()
            .map(|w| Word { form: &w.0, lemma: &w.1, upos: &w.2, feats: &w.3, token: w.4, index_in_token: w.5, token_words: w.6 })
            .collect()
    }
}

/// The tree of a treebank sentence, with each token's UPOS, features and lemmas replaced by
/// `analysis` (the morphology's output for the token) where it has as many words as gold. `None`
/// when the sentence's heads are not a tree.
pub fn tree(s: &Sentence, analysis: Option<&[Vec<crate::document::Morpheme>]>) -> Option<Tree> {
    let mut t = Tree { words: Vec::new(), head: Vec::new(), deprel: Vec::new() };
    for (k, tok) in s.tokens.iter().enumerate() {
        let pred = analysis.and_then(|a| a.get(k)).filter(|ms| ms.len() == tok.words.len());
        let n = tok.words.len();
        for (i, w) in tok.words.iter().enumerate() {
            let (form, lemma, upos, feats) = match pred {
                Some(ms) => (ms[i].form.clone(), ms[i].lemma.clone(), ms[i].upos.clone(), ms[i].feats.clone()),
                None => {
                    let f = clean_feats(&w.feats);
                    (w.form.clone(), w.lemma.clone(), w.upos.clone(), if f == "_" { String::new() } else { f })
                }
            };
            t.words.push((form, lemma, upos, feats, k, i, n));
            t.head.push(match w.head? {
                0 => NONE,
                h => h as u32 - 1,
            });
            t.deprel.push(w.deprel.clone());
        }
    }
    let n = t.head.len();
    if t.head.iter().any(|&h| h != NONE && h as usize >= n) || t.head.iter().filter(|&&h| h == NONE).count() != 1 {
        return None;
    }
    // Every word must reach the root.
    for start in 0..n {
        let (mut i, mut steps) = (start as u32, 0);
        while t.head[i as usize] != NONE {
            i = t.head[i as usize];
            steps += 1;
            if steps > n {
                return None;
            }
        }
    }
    Some(t)
}

/// Whether `a` dominates `d` (is `d` or one of its ancestors) in `head`.
fn dominates(head: &[u32], a: u32, mut d: u32) -> bool {
    let mut steps = 0;
    while d != NONE && steps <= head.len() {
        if d == a {
            return true;
        }
        d = head[d as usize];
        steps += 1;
    }
    false
}

/// Makes a tree projective by lifting arcs (the shortest non-projective arc first) to the head's
/// head until none is left; returns the number of lifts.
pub fn projectivize(head: &mut [u32]) -> usize {
    let mut lifts = 0;
    loop {
        let mut worst: Option<(u32, usize)> = None;
        for d in 0..head.len() as u32 {
            let h = head[d as usize];
            if h == NONE {
                continue;
            }
            let (a, b) = (h.min(d), h.max(d));
            let span = (b - a) as usize;
            if (a + 1..b).any(|k| !dominates(head, h, k)) && worst.map_or(true, |(_, s)| span < s) {
                worst = Some((d, span));
            }
        }
        let Some((d, _)) = worst else { return lifts };
        let h = head[d as usize];
        if head[h as usize] == NONE {
            return lifts; // cannot happen: the root word dominates every word
        }
        head[d as usize] = head[h as usize];
        lifts += 1;
    }
}

/// Cost of each transition under the dynamic oracle: how many gold arcs (counting the root's)
/// it makes unreachable. `kids` lists every word's gold children.
pub fn costs(st: &State, gold: &[u32], kids: &[Vec<u32>]) -> [u32; 4] {
    let s = st.s(0);
    let b = st.b as u32;
    let unattached_on_stack = |k: u32| st.on_stack[k as usize] && st.head[k as usize] == NONE;
    let in_buffer = |k: u32| k != NONE && k >= b && (k as usize) < st.n;
    let mut c = [0u32; 4];
    if !st.done() {
        let gb = gold[b as usize];
        let kids_b_on_stack = kids[b as usize].iter().filter(|&&k| unattached_on_stack(k)).count() as u32;
        c[Action::Shift as usize] = (gb != NONE && st.on_stack[gb as usize]) as u32 + kids_b_on_stack;
        if s != NONE {
            let head_lost = gb != s && (gb == NONE || st.on_stack[gb as usize] || gb > b);
            c[Action::Right as usize] = head_lost as u32 + kids_b_on_stack;
        }
    }
    if s != NONE {
        let kids_s_in_buffer = kids[s as usize].iter().filter(|&&k| in_buffer(k)).count() as u32;
        c[Action::Reduce as usize] = kids_s_in_buffer;
        let gs = gold[s as usize];
        let head_lost = gs != b && (gs == NONE || in_buffer(gs));
        c[Action::Left as usize] = head_lost as u32 + kids_s_in_buffer;
    }
    c
}

/// Scores of the four transitions under training weights.
fn scores(w: &[i32], bits: u32, fs: &[u64]) -> [i32; 4] {
    let mut s = [0i32; 4];
    add_rows(w, 4, bits, fs, &mut s);
    s
}

/// Gold children of every word.
fn kids_of(head: &[u32]) -> Vec<Vec<u32>> {
    let mut kids = vec![Vec::new(); head.len()];
    for (d, &h) in head.iter().enumerate() {
        if h != NONE {
            kids[h as usize].push(d as u32);
        }
    }
    kids
}

/// The options of member `run` of the ensemble: seed `opts.seed + 100 × run`, so member 0 is the
/// plain model.
fn member(opts: &ParseTrainOptions, run: usize) -> ParseTrainOptions {
    ParseTrainOptions { seed: opts.seed.wrapping_add(100 * run as u64), ..opts.clone() }
}

/// What [`ParseTrainOptions::seed`] changes in a shuffle's seed (nothing for 0).
fn seed_mix(seed: u64) -> u64 {
    seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Trains the transition weights with the dynamic oracle and error exploration.
fn train_transitions(items: &[(Vec<Node>, Vec<u32>)], opts: &ParseTrainOptions, mut say: impl FnMut(String)) -> Vec<f64> {
    let mut w = Averaged::new((1usize << opts.bits) * 4);
    let kids: Vec<Vec<Vec<u32>>> = items.iter().map(|(_, h)| kids_of(h)).collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    let mut rng: u64 = 0x2545_F491_4F6C_DD1D ^ seed_mix(opts.seed);
    let mut coin: u64 = 0x9E37_79B9_7F4A_7C15;
    let threshold = (opts.explore.clamp(0.0, 1.0) * u32::MAX as f64) as u64;
    let mut fs = Vec::with_capacity(96);
    let mut st = State::new(0);
    for epoch in 0..opts.epochs {
        crate::model::hash::xorshift_shuffle(&mut order, &mut rng);
        let (mut wrong, mut steps) = (0usize, 0usize);
        for &si in &order {
            let (nodes, gold) = &items[si];
            st.reset(nodes.len());
            while !st.done() {
                fs.clear();
                transition_features(&st, nodes, &mut fs);
                let sc = scores(&w.w, opts.bits, &fs);
                let c = costs(&st, gold, &kids[si]);
                let Some(pred) = best_action(&st, &sc, |_| true) else { break };
                let min = ACTIONS.into_iter().filter(|&a| st.valid(a)).map(|a| c[a as usize]).min().unwrap_or(0);
                let Some(gold_a) = best_action(&st, &sc, |a| c[a as usize] == min) else { break };
                steps += 1;
                if c[pred as usize] > min {
                    wrong += 1;
                    for &f in &fs {
                        let r = row(f, opts.bits) * 4;
                        w.update(r + gold_a as usize, 1);
                        w.update(r + pred as usize, -1);
                    }
                }
                w.tick();
                let explore = epoch > 0 && (xorshift(&mut coin) >> 32) < threshold;
                st.apply(if explore { pred } else { gold_a });
            }
        }
        say(format!("parse epoch {}: transitions off the oracle {:.2}%", epoch + 1, 100.0 * wrong as f64 / steps.max(1) as f64));
    }
    w.averaged().collect()
}

/// One hypothesis of the training beam.
#[derive(Debug, Clone)]
struct Hyp {
    st: State,
    score: i64,
    /// Whether every transition so far had zero cost (the gold tree is still reachable).
    correct: bool,
    /// The last transition in the history arena, or [`NONE`].
    hist: u32,
}

/// The transitions of a history that ends at `node` of `arena` (parent, action), in order.
fn history(arena: &[(u32, Action)], mut node: u32) -> Vec<Action> {
    let mut out = Vec::new();
    while node != NONE {
        let (p, a) = arena[node as usize];
        out.push(a);
        node = p;
    }
    out.reverse();
    out
}

/// Adds `d` to the weights of every transition of `path` (from the start configuration) in
/// `w`, skipping the first `skip` transitions (they only move the configuration on).
fn update_path(w: &mut Averaged, bits: u32, nodes: &[Node], path: &[Action], skip: usize, d: i32, fs: &mut Vec<u64>) {
    let mut st = State::new(nodes.len());
    for (k, &a) in path.iter().enumerate() {
        if k >= skip {
            fs.clear();
            transition_features(&st, nodes, fs);
            for &f in fs.iter() {
                w.update(row(f, bits) * 4 + a as usize, d);
            }
        }
        st.apply(a);
    }
}

/// Trains the transition weights as a global structured perceptron over a beam (Zhang & Clark
/// 2008): the gold hypothesis is the best-scoring one whose transitions all have zero cost under
/// the dynamic oracle, and the weights are updated as soon as it falls off the beam (early
/// update), or at the end when the best hypothesis is wrong.
fn train_transitions_beam(items: &[(Vec<Node>, Vec<u32>)], opts: &ParseTrainOptions, mut say: impl FnMut(String)) -> Vec<f64> {
    let beam = opts.beam.max(1);
    let mut w = Averaged::new((1usize << opts.bits) * 4);
    let kids: Vec<Vec<Vec<u32>>> = items.iter().map(|(_, h)| kids_of(h)).collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    let mut rng: u64 = 0x2545_F491_4F6C_DD1D ^ seed_mix(opts.seed);
    let mut fs = Vec::with_capacity(96);
    let mut arena: Vec<(u32, Action)> = Vec::new();
    // (score, parent, action index or 4 for a finished hypothesis carried over, correct).
    let mut cands: Vec<(i64, u32, u8, bool)> = Vec::new();
    let mut cur: Vec<Hyp> = Vec::new();
    let mut next: Vec<Hyp> = Vec::new();
    for epoch in 0..opts.epochs {
        crate::model::hash::xorshift_shuffle(&mut order, &mut rng);
        let (mut early, mut wrong) = (0usize, 0usize);
        for &si in &order {
            let (nodes, gold) = &items[si];
            arena.clear();
            cur.clear();
            cur.push(Hyp { st: State::new(nodes.len()), score: 0, correct: true, hist: NONE });
            let mut update: Option<(u32, u32)> = None; // (gold history, predicted history)
            // Max-violation: the gold hypothesis once it has left the beam, and the step where
            // the best hypothesis most outscores the gold one (violation, gold, predicted).
            let mut off: Option<Hyp> = None;
            let mut worst: Option<(i64, u32, u32)> = None;
            while cur.iter().any(|h| !h.st.done()) || off.as_ref().is_some_and(|g| !g.st.done()) {
                cands.clear();
                for (i, h) in cur.iter().enumerate() {
                    if h.st.done() {
                        cands.push((h.score, i as u32, 4, h.correct));
                        continue;
                    }
                    fs.clear();
                    transition_features(&h.st, nodes, &mut fs);
                    let sc = scores(&w.w, opts.bits, &fs);
                    let c = if h.correct { costs(&h.st, gold, &kids[si]) } else { [1; 4] };
                    for a in ACTIONS {
                        if h.st.valid(a) {
                            cands.push((h.score + sc[a as usize] as i64, i as u32, a as u8, c[a as usize] == 0));
                        }
                    }
                }
                if cands.is_empty() {
                    break;
                }
                cands.sort_by_key(|c| std::cmp::Reverse(c.0));
                let gold_at = cands.iter().position(|c| c.3);
                let hist_of = |arena: &mut Vec<(u32, Action)>, cur: &[Hyp], c: (i64, u32, u8, bool)| {
                    let p = &cur[c.1 as usize];
                    match ACTIONS.get(c.2 as usize) {
                        Some(&a) => {
                            arena.push((p.hist, a));
                            (arena.len() - 1) as u32
                        }
                        None => p.hist,
                    }
                };
                if let Some(g) = off.as_mut() {
                    // The gold hypothesis off the beam follows its best zero-cost transition.
                    if !g.st.done() {
                        fs.clear();
                        transition_features(&g.st, nodes, &mut fs);
                        let sc = scores(&w.w, opts.bits, &fs);
                        let c = costs(&g.st, gold, &kids[si]);
                        let Some(a) = best_action(&g.st, &sc, |a| c[a as usize] == 0) else { break };
                        g.score += sc[a as usize] as i64;
                        arena.push((g.hist, a));
                        g.hist = (arena.len() - 1) as u32;
                        g.st.apply(a);
                    }
                } else {
                    match gold_at {
                        Some(g) if g < beam => {}
                        Some(g) if opts.max_violation => {
                            let gc = cands[g];
                            let hist = hist_of(&mut arena, &cur, gc);
                            let mut st = cur[gc.1 as usize].st.clone();
                            if let Some(&a) = ACTIONS.get(gc.2 as usize) {
                                st.apply(a);
                            }
                            off = Some(Hyp { st, score: gc.0, correct: true, hist });
                            early += 1;
                        }
                        Some(g) => {
                            let (gc, pc) = (cands[g], cands[0]);
                            let gh = hist_of(&mut arena, &cur, gc);
                            let ph = hist_of(&mut arena, &cur, pc);
                            update = Some((gh, ph));
                            early += 1;
                            break;
                        }
                        None => break, // cannot happen: a reachable gold tree has a zero-cost move
                    }
                }
                cands.truncate(beam);
                next.clear();
                for &c in &cands {
                    let hist = hist_of(&mut arena, &cur, c);
                    let p = &cur[c.1 as usize];
                    let mut st = p.st.clone();
                    if let Some(&a) = ACTIONS.get(c.2 as usize) {
                        st.apply(a);
                    }
                    next.push(Hyp { st, score: c.0, correct: c.3, hist });
                }
                std::mem::swap(&mut cur, &mut next);
                if opts.max_violation && cur.first().is_some_and(|h| !h.correct) {
                    let g = off.as_ref().or_else(|| cur.iter().find(|h| h.correct));
                    if let Some(g) = g {
                        let v = cur[0].score - g.score;
                        if worst.map_or(true, |x| v > x.0) {
                            worst = Some((v, g.hist, cur[0].hist));
                        }
                    }
                }
            }
            if opts.max_violation {
                update = worst.map(|(_, g, p)| (g, p));
            }
            if update.is_none() && cur.first().is_some_and(|h| !h.correct) {
                if let Some(g) = cur.iter().find(|h| h.correct) {
                    update = Some((g.hist, cur[0].hist));
                }
            }
            if let Some((gh, ph)) = update {
                wrong += 1;
                let (gp, pp) = (history(&arena, gh), history(&arena, ph));
                let common = gp.iter().zip(&pp).take_while(|(a, b)| a == b).count();
                update_path(&mut w, opts.bits, nodes, &gp, common, 1, &mut fs);
                update_path(&mut w, opts.bits, nodes, &pp, common, -1, &mut fs);
            }
            w.tick();
        }
        say(format!(
            "parse epoch {} (beam {beam}): trees updated {:.2}% ({:.2}% early)",
            epoch + 1,
            100.0 * wrong as f64 / items.len().max(1) as f64,
            100.0 * early as f64 / items.len().max(1) as f64
        ));
    }
    w.averaged().collect()
}

/// A labelling example: the features of one arc and its gold label.
struct LabelItem {
    fs: Vec<u64>,
    label: usize,
    /// Whether the word's head was the root (then only `root` competes against the others).
    is_root: bool,
}

/// Trains the label weights on the gold trees' arcs, and on every word as a would-be root.
fn train_labels(items: &[LabelItem], nl: usize, root: usize, opts: &ParseTrainOptions, mut say: impl FnMut(String)) -> Vec<f64> {
    let mut w = Averaged::new((1usize << opts.label_bits) * nl);
    let mut order: Vec<usize> = (0..items.len()).collect();
    let mut rng: u64 = 0x5851_F42D_4C95_7F2D ^ seed_mix(opts.seed);
    let mut sc = vec![0i32; nl];
    for epoch in 0..opts.label_epochs {
        crate::model::hash::xorshift_shuffle(&mut order, &mut rng);
        let mut wrong = 0usize;
        for &i in &order {
            let it = &items[i];
            sc.iter_mut().for_each(|s| *s = 0);
            add_rows(&w.w, nl, opts.label_bits, &it.fs, &mut sc);
            let pred = best_label(&sc, root, it.is_root);
            if pred != it.label {
                wrong += 1;
                for &f in &it.fs {
                    let r = row(f, opts.label_bits) * nl;
                    w.update(r + it.label, 1);
                    w.update(r + pred, -1);
                }
            }
            w.tick();
        }
        say(format!("label epoch {}: training errors {:.2}%", epoch + 1, 100.0 * wrong as f64 / items.len().max(1) as f64));
    }
    w.averaged().collect()
}

/// Attachment scores of a model on trees: (UAS, LAS with full relations, LAS on universal
/// relations as CoNLL 2018 counts it), in %.
pub fn attachment(model: &ParserModel, trees: &[Tree]) -> (f64, f64, f64) {
    let (mut n, mut u, mut l, mut lu) = (0usize, 0usize, 0usize, 0usize);
    let universal = |s: &str| s.split(':').next().unwrap_or("").to_string();
    for t in trees {
        let arcs = model.parse(&t.view());
        for (i, &(h, lab)) in arcs.iter().enumerate() {
            n += 1;
            let gh = if t.head[i] == NONE { 0 } else { t.head[i] as usize + 1 };
            if h == gh {
                u += 1;
                let name = model.label_name(lab);
                l += (name == t.deprel[i]) as usize;
                lu += (universal(name) == universal(&t.deprel[i])) as usize;
            }
        }
    }
    let pc = |x: usize| 100.0 * x as f64 / n.max(1) as f64;
    (pc(u), pc(l), pc(lu))
}

/// Times [`ParserModel::parse`] over the trees' words: (words parsed, seconds) of the fastest of
/// `passes` passes.
pub fn speed(model: &ParserModel, trees: &[Tree], passes: usize) -> (usize, f64) {
    let views: Vec<Vec<Word>> = trees.iter().map(Tree::view).collect();
    let mut best = (0, f64::INFINITY);
    for _ in 0..passes.max(1) {
        let t = std::time::Instant::now();
        let mut words = 0;
        for v in &views {
            words += std::hint::black_box(model.parse(v)).len();
        }
        let secs = t.elapsed().as_secs_f64();
        if secs < best.1 {
            best = (words, secs);
        }
    }
    best
}

/// Trains on `data/htb-nemo` train (jackknifed predicted morphology) and reports dev with gold
/// syntactic words and predicted tags.
pub fn train(data: &Path, opts: &ParseTrainOptions, mut progress: impl FnMut(&str)) -> Result<ParseTrained, String> {
    let htb = data.join("htb-nemo");
    let train_conllu = read_conllu(&htb.join("he_htb-nemo-train.conllu"))?;
    let dev_conllu = read_conllu(&htb.join("he_htb-nemo-dev.conllu"))?;
    let m = crate::morph::model().map_err(|e| e.to_string())?;
    let mut log = Vec::new();
    let mut say = |s: String| {
        progress(&s);
        log.push(s);
    };
    let k = opts.folds.max(1);
    let dicts = if k > 1 {
        crate::ner::train::fold_dicts(m, &train_conllu, k, |i| fold_of(i, k))
    } else {
        vec![m.dicts.clone()]
    };
    let analyse = |s: &Sentence, d: &crate::morph::model::Dicts| {
        let inputs: Vec<(&str, _)> = s.tokens.iter().map(|t| (t.form.as_str(), kind_of(&t.form))).collect();
        m.analyze(d, &inputs)
    };
    let mut trees = Vec::new();
    let (mut skipped, mut pred_tokens, mut tokens) = (0usize, 0usize, 0usize);
    for (i, s) in train_conllu.iter().enumerate() {
        let a = if opts.gold_tags { None } else { Some(analyse(s, &dicts[fold_of(i, k)])) };
        if let Some(a) = &a {
            tokens += s.tokens.len();
            pred_tokens += s.tokens.iter().zip(a).filter(|(t, ms)| t.words.len() == ms.len()).count();
        }
        match tree(s, a.as_deref()) {
            Some(t) if !t.head.is_empty() => trees.push(t),
            _ => skipped += 1,
        }
    }
    let dev: Vec<Tree> = dev_conllu.iter().filter_map(|s| tree(s, Some(&analyse(s, &m.dicts)))).collect();
    if opts.unpunct > 0.0 {
        let extra: Vec<Tree> = trees
            .iter()
            .enumerate()
            .filter(|(i, _)| (xorshift(&mut (*i as u64 + 1)) % 1000) < (opts.unpunct * 1000.0) as u64)
            .filter_map(|(_, t)| without_final_punct(t))
            .collect();
        say(format!("parse train: {} more trees without their final punctuation", extra.len()));
        trees.extend(extra);
    }
    let mut labels: Vec<String> = trees.iter().flat_map(|t| t.deprel.iter().cloned()).collect();
    labels.push(ROOT.to_string());
    labels.sort();
    labels.dedup();
    let nl = labels.len();
    let root = labels.iter().position(|l| l == ROOT).unwrap_or(0);
    let label_id = |s: &str| labels.binary_search_by(|l| l.as_str().cmp(s)).unwrap_or(root);
    let mut lifted = 0usize;
    let items: Vec<(Vec<Node>, Vec<u32>)> = trees
        .iter()
        .map(|t| {
            let mut h = t.head.clone();
            lifted += projectivize(&mut h);
            (nodes(&t.view()), h)
        })
        .collect();
    say(format!(
        "parse train: {} trees ({} skipped), {:.1}% of tokens with predicted tags ({k} folds), {} relations, {} arcs lifted to projectivize",
        trees.len(),
        skipped,
        100.0 * pred_tokens as f64 / tokens.max(1) as f64,
        nl,
        lifted
    ));
    let [avg] = mean_of_runs(opts.ensemble, |run| {
        let o = member(opts, run);
        say(format!("parse transitions: perceptron with seed {} ({} averaged)", o.seed, opts.ensemble.max(1)));
        [if o.beam > 1 { train_transitions_beam(&items, &o, &mut say) } else { train_transitions(&items, &o, &mut say) }]
    });
    // Labelling examples: every gold arc, and every word as the root of a fragment.
    let mut litems = Vec::new();
    for (t, (nodes, _)) in trees.iter().zip(&items) {
        let (first, count) = children(&t.head);
        for d in 0..t.head.len() {
            let mut fs = Vec::new();
            label_features(d, t.head[d], &t.head, &first, &count, nodes, &mut fs);
            let label = if t.head[d] == NONE { root } else { label_id(&t.deprel[d]) };
            litems.push(LabelItem { fs, label, is_root: t.head[d] == NONE });
            if t.head[d] != NONE {
                let mut fs = Vec::new();
                label_features(d, NONE, &t.head, &first, &count, nodes, &mut fs);
                litems.push(LabelItem { fs, label, is_root: true });
            }
        }
    }
    let [lavg] = mean_of_runs(opts.ensemble, |run| {
        let o = member(opts, run);
        say(format!("parse labels: perceptron with seed {} ({} averaged)", o.seed, opts.ensemble.max(1)));
        [train_labels(&litems, nl, root, &o, &mut say)]
    });
    let scale = scale_for(max_abs(&avg), 64.0);
    let lscale = scale_for(max_abs(&lavg), 64.0);
    let pruned = |mut t: Vec<i16>| {
        t.iter_mut().filter(|v| v.abs() <= opts.prune).for_each(|v| *v = 0);
        t
    };
    let model = ParserModel {
        bits: opts.bits,
        weights: pruned(quantize(&avg, scale)),
        label_bits: opts.label_bits,
        labels,
        label_weights: pruned(quantize(&lavg, lscale)),
        beam: opts.beam.max(1),
    };
    let nz = |t: &[i16]| t.iter().filter(|&&v| v != 0).count();
    say(format!(
        "parse weights: transitions {} non-zero of {} (scale {scale:.1}), labels {} of {} (scale {lscale:.1})",
        nz(&model.weights),
        model.weights.len(),
        nz(&model.label_weights),
        model.label_weights.len()
    ));
    let (uas, las, ulas) = attachment(&model, &dev);
    say(format!("parse dev (gold words, predicted tags): UAS {uas:.2}, LAS {ulas:.2} (with subtypes {las:.2})"));
    let bare: Vec<Tree> = dev.iter().filter_map(without_final_punct).collect();
    let (u, _, l) = attachment(&model, &bare);
    say(format!("parse dev without final punctuation ({} sentences): UAS {u:.2}, LAS {l:.2}", bare.len()));
    for other in [1, 2, 4, 8].into_iter().filter(|&b| b != model.beam) {
        let (u, _, l) = attachment(&ParserModel { beam: other, ..model.clone() }, &dev);
        progress(&format!("parse dev parsed with beam {other}: UAS {u:.2}, LAS {l:.2}"));
    }
    let (words, secs) = speed(&model, &dev, 40);
    progress(&format!("parse speed (beam {}, one thread): {:.0} words/s", model.beam, words as f64 / secs.max(1e-9)));
    Ok(ParseTrained { model: model.to_bytes(), log })
}

/// `t` without its last word when that is punctuation that heads nothing (and not the root).
pub fn without_final_punct(t: &Tree) -> Option<Tree> {
    let last = t.words.len().checked_sub(1).filter(|&n| n > 0)?;
    if t.words[last].2 != "PUNCT" || t.head[last] == NONE || t.head.contains(&(last as u32)) {
        return None;
    }
    Some(Tree { words: t.words[..last].to_vec(), head: t.head[..last].to_vec(), deprel: t.deprel[..last].to_vec() })
}

/// Tags and parses treebank sentences over their gold syntactic words, for scoring the parser
/// apart from segmentation errors: each token gets the morphology's UPOS, features and lemmas when
/// its predicted analysis has as many words as gold (its gold ones otherwise, about 1% of tokens),
/// then the parser's heads and relations. Returns how many sentences were left as they were (heads
/// not a tree).
pub fn parse_gold_words(sentences: &mut [Sentence]) -> Result<usize, String> {
    let m = crate::morph::model().map_err(|e| e.to_string())?;
    let p = super::model().map_err(|e| e.to_string())?;
    let mut skipped = 0;
    for s in sentences.iter_mut() {
        let inputs: Vec<(&str, _)> = s.tokens.iter().map(|t| (t.form.as_str(), kind_of(&t.form))).collect();
        let analysis = m.analyze(&m.dicts, &inputs);
        let Some(t) = tree(s, Some(&analysis)) else {
            skipped += 1;
            continue;
        };
        let arcs = p.parse(&t.view());
        for (w, (tw, &(head, label))) in s.tokens.iter_mut().flat_map(|t| t.words.iter_mut()).zip(t.words.iter().zip(&arcs)) {
            w.upos = tw.2.clone();
            w.xpos = tw.2.clone();
            w.lemma = tw.1.clone();
            w.feats = if tw.3.is_empty() { "_".into() } else { tw.3.clone() };
            w.head = Some(head);
            w.deprel = p.label_name(label).to_string();
        }
    }
    Ok(skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifting_makes_a_crossing_tree_projective() {
        // 0 <- 2 (root) ; 2 -> 4 ; 4 -> 1 crosses 0..2? heads: 0:2, 1:4, 2:root, 3:2, 4:2
        let mut head = vec![2, 4, NONE, 2, 2];
        assert_eq!(projectivize(&mut head), 1);
        assert_eq!(head, vec![2, 2, NONE, 2, 2]);
        let mut proj = vec![1, NONE, 1];
        assert_eq!(projectivize(&mut proj), 0);
    }

    #[test]
    fn the_oracle_reaches_the_gold_tree_at_zero_cost() {
        // Heads: 0 <- 1, 1 root, 2 <- 3, 3 <- 1, 4 <- 3.
        let gold = vec![1, NONE, 3, 1, 3];
        let kids = kids_of(&gold);
        let mut st = State::new(5);
        while !st.done() {
            let c = costs(&st, &gold, &kids);
            let a = ACTIONS.into_iter().find(|&a| st.valid(a) && c[a as usize] == 0).expect("a zero-cost action");
            st.apply(a);
        }
        assert_eq!(st.head, vec![1, NONE, 3, 1, 3]);
    }
}
