//! The trained parser: hashed i16 weight tables for the transitions and the arc labels, and
//! the parsing procedure that uses them.

use super::features::{child_features, label_features, nodes, pair_features, role_features, roles, shape_features, shape_key, Node, EMPTY, ROLES};
use super::transition::{best_action, State, ACTIONS, NONE};
use super::Word;
use crate::model::binio::{FormatError, Reader, PARSE};
#[cfg(any(dikduk_train, test))]
use crate::model::binio::Writer;

/// The relation of the sentence's root word.
pub const ROOT: &str = "root";

/// The default beam width (1: greedy); a model file stores the width it was trained with.
pub const BEAM: usize = 4;

/// Sentences longer than this many words are parsed greedily whatever the beam width, so that
/// time stays linear in the sentence length (copying a beam item costs time linear in it).
pub const MAX_BEAM_WORDS: usize = 256;

/// Most entries of the per-sentence cache of pair scores ([`Tables::pairs`]).
const PAIR_CACHE: usize = 1024;

/// Per-sentence score tables that make scoring a configuration cheaper (see
/// [`ParserModel::role_table`]).
#[derive(Debug, Clone)]
pub struct Tables {
    /// Summed single-word feature weights, row `word * ROLES + role` (word `n`: no word).
    pub roles: Vec<[i32; 4]>,
    /// Direct-mapped cache of the [`pair_features`] and [`child_features`] scores: (stack top
    /// << 32 | buffer front, their leftmost children likewise, scores).
    pub pairs: Vec<(u64, u64, [i32; 4])>,
    /// Direct-mapped cache of the [`shape_features`] scores by [`shape_key`] (the beam's
    /// configurations often share their shape within a sentence).
    pub shapes: Vec<([u32; 12], [i32; 4])>,
}

/// The transitions chosen for a sentence and their score, before labelling ([`ParserModel::search`]).
#[derive(Debug, Clone)]
pub struct Searched {
    nodes: Vec<Node>,
    /// The beam's final configurations with their transition scores, best first (one for a
    /// greedy parse); [`ParserModel::label`] picks one with the labeller's help.
    finals: Vec<(State, i64)>,
    /// Summed scores of the best final configuration's transitions.
    pub score: i64,
}

/// A trained parser model.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParserModel {
    /// log2 of the transition table's rows.
    pub bits: u32,
    /// Transition weights: one row of 4 (one per [`ACTIONS`] entry) per hashed feature.
    pub weights: Vec<i16>,
    /// log2 of the label table's rows.
    pub label_bits: u32,
    /// Relation names; index [`ParserModel::root_label`] is [`ROOT`].
    pub labels: Vec<String>,
    /// Label weights: one row of `labels.len()` per hashed feature.
    pub label_weights: Vec<i16>,
    /// Beam width for parsing (stored in the file; 1: greedy).
    pub beam: usize,
}

/// Row of a feature hash in a table of `2^bits` rows.
#[inline]
pub fn row(h: u64, bits: u32) -> usize {
    (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

/// Adds to `out` the rows of `table` (rows of `width` weights, `2^bits` of them) that the
/// features `fs` hash to; the model's i16 tables and the trainers' i32 ones alike.
#[inline]
pub fn add_rows<T: Copy + Into<i32>>(table: &[T], width: usize, bits: u32, fs: &[u64], out: &mut [i32]) {
    for &f in fs {
        let r = row(f, bits) * width;
        if let Some(w) = table.get(r..r + width) {
            for (o, &x) in out.iter_mut().zip(w) {
                *o += x.into();
            }
        }
    }
}

/// Kinds of relation that no head has two of: UD's validator (level 3) rejects a predicate with
/// two subjects (`too-many-subjects`) or two objects, and in HTB train a noun's construct
/// (`compound:smixut`) is never doubled either. Each inner list is one kind.
const UNIQUE: &[&[&str]] = &[&["nsubj", "nsubj:cop", "nsubj:pass", "csubj", "csubj:cop", "csubj:pass"], &["obj"], &["compound:smixut"]];

/// A label of no kind in [`UNIQUE`].
const FREE: u8 = u8::MAX;

/// Settles the labels of each head's dependents so that no head has two of one kind in
/// [`UNIQUE`]: where the labels chosen one by one give a head two of a kind, its dependents'
/// labels are chosen together, for the highest sum of their scores under that rule (a dynamic
/// program over the dependents and the set of kinds taken: exact, and linear in the number of
/// dependents). Word `d`'s label scores are `scores[at[d]..at[d] + nl]`, `kinds` gives each
/// label's index in [`UNIQUE`] or [`FREE`], `labels` the labels chosen one by one; `root` is
/// never given.
fn one_of_a_kind(head: &[u32], scores: &[i32], at: &[usize], nl: usize, root: usize, kinds: &[u8], labels: &mut [usize]) {
    const KINDS: usize = UNIQUE.len();
    const SETS: usize = 1 << KINDS;
    const _: () = assert!(KINDS <= 8, "the kinds a head has taken are a u8");
    let kind = |l: usize| kinds.get(l).copied().filter(|&k| (k as usize) < KINDS).map_or(KINDS, usize::from);
    // The set of kinds taken before a dependent takes an option of `slot` (KINDS: no kind),
    // given the set after it: None if that slot cannot lead there.
    let before = |after: usize, slot: usize| match slot {
        KINDS => Some(after),
        k if after & (1 << k) != 0 => Some(after & !(1 << k)),
        _ => None,
    };
    // The heads with two dependents of a kind (most sentences have none).
    let mut taken = vec![0u8; head.len()];
    let mut clashes = Vec::new();
    for (d, &h) in head.iter().enumerate() {
        let k = kind(labels[d]);
        if let (true, Some(t)) = (k < KINDS, taken.get_mut(h as usize)) {
            if *t & (1 << k) != 0 {
                clashes.push(h);
            }
            *t |= 1 << k;
        }
    }
    clashes.sort_unstable();
    clashes.dedup();
    for h in clashes {
        let ds: Vec<usize> = (0..head.len()).filter(|&d| head[d] == h).collect();
        // Each dependent's best label of each kind, and (last) of no kind.
        let best: Vec<[Option<(usize, i64)>; KINDS + 1]> = ds
            .iter()
            .map(|&d| {
                let mut b = [None; KINDS + 1];
                for (l, &s) in scores[at[d]..at[d] + nl].iter().enumerate() {
                    let slot = &mut b[kind(l)];
                    if l != root && slot.map_or(true, |(_, t)| i64::from(s) > t) {
                        *slot = Some((l, i64::from(s)));
                    }
                }
                b
            })
            .collect();
        // value[i][set]: the best sum of the first i dependents' scores with the kinds in `set` taken.
        let mut value = vec![[None::<i64>; SETS]; ds.len() + 1];
        value[0][0] = Some(0);
        for (i, b) in best.iter().enumerate() {
            for after in 0..SETS {
                for (slot, option) in b.iter().enumerate() {
                    let (Some((_, s)), Some(prev)) = (option, before(after, slot)) else { continue };
                    let Some(v) = value[i][prev] else { continue };
                    if value[i + 1][after].map_or(true, |t| v + s > t) {
                        value[i + 1][after] = Some(v + s);
                    }
                }
            }
        }
        let Some(mut set) = (0..SETS).filter(|&t| value[ds.len()][t].is_some()).max_by_key(|&t| value[ds.len()][t]) else { continue };
        // Walk back: each dependent takes the option that the best sum came through.
        for i in (0..ds.len()).rev() {
            let found = best[i].iter().enumerate().find_map(|(slot, option)| {
                let ((l, s), prev) = ((*option)?, before(set, slot)?);
                (value[i][prev].map(|v| v + s) == value[i + 1][set]).then_some((l, prev))
            });
            let Some((l, prev)) = found else { break };
            labels[ds[i]] = l;
            set = prev;
        }
    }
}

/// Weight of the labeller's score of a tree against its transition score when the beam's final
/// configurations are ranked again ([`ParserModel::label`]); tuned on HTB dev.
const RERANK_WEIGHT: i64 = 3;

/// The highest-scoring label (the first of equals), `root` left out unless `allow_root`.
pub fn best_label(scores: &[i32], root: usize, allow_root: bool) -> usize {
    let mut best = (i32::MIN, 0);
    for (l, &s) in scores.iter().enumerate() {
        if (allow_root || l != root) && s > best.0 {
            best = (s, l);
        }
    }
    best.1
}

/// Label scores already computed for a sentence, so that the beam's final configurations, which
/// share most of their arcs, score each arc once: per word, the arcs seen ([`ArcKey`]), where
/// their row starts in `rows` and the row's best label other than the root's ([`best_label`]).
#[derive(Debug, Default)]
struct LabelRows {
    seen: Vec<Vec<(ArcKey, usize, usize)>>,
    rows: Vec<i32>,
    /// Each label's index in [`UNIQUE`], or [`FREE`] ([`ParserModel::unique_kinds`]).
    kinds: Vec<u8>,
    /// The index of the `root` label ([`ParserModel::root_label`]).
    root: usize,
}

/// What [`label_features`] reads of the tree around a word: its head, the head's head, the
/// word's first child and its number of children (up to 4).
type ArcKey = (u32, u32, u32, u8);

impl LabelRows {
    fn new(model: &ParserModel) -> LabelRows {
        LabelRows { kinds: model.unique_kinds(), root: model.root_label(), ..LabelRows::default() }
    }
}

impl Searched {
    fn new(nodes: Vec<Node>, finals: Vec<(State, i64)>) -> Searched {
        let score = finals.first().map_or(0, |f| f.1);
        Searched { nodes, finals, score }
    }
}

impl ParserModel {
    /// Name of label `i` (`dep` when out of range).
    pub fn label_name(&self, i: usize) -> &str {
        self.labels.get(i).map_or("dep", String::as_str)
    }

    /// Index of the `root` label.
    pub fn root_label(&self) -> usize {
        self.labels.iter().position(|l| l == ROOT).unwrap_or(usize::MAX)
    }

    /// Scores of the four transitions for features `fs`.
    #[inline]
    pub fn transition_scores(&self, fs: &[u64]) -> [i32; 4] {
        let mut s = [0i32; 4];
        add_rows(&self.weights, 4, self.bits, fs, &mut s);
        s
    }

    /// Adds the label scores for features `fs` to `out` (one per label).
    #[inline]
    pub fn label_scores(&self, fs: &[u64], out: &mut [i32]) {
        add_rows(&self.label_weights, self.labels.len(), self.label_bits, fs, out);
    }

    /// Parses one sentence: `(head, label)` per word, head 0 for the root, else the head's 1-based
    /// index; the words form one tree.
    pub fn parse(&self, words: &[Word]) -> Vec<(usize, usize)> {
        self.label(self.search(words))
    }

    /// Whether a sentence of `n` words is parsed with the beam (else greedily: a greedy model, or a
    /// sentence over [`MAX_BEAM_WORDS`]).
    fn beams(&self, n: usize) -> bool {
        self.beam > 1 && n <= MAX_BEAM_WORDS
    }

    /// The transitions for a sentence (greedy for a greedy model or a long sentence, else the
    /// beam's best final configuration) and their score, before the tree is joined and labelled
    /// ([`ParserModel::label`]): the score says how well the parser likes the sentence's words.
    pub fn search(&self, words: &[Word]) -> Searched {
        let nodes = nodes(words);
        let mut fs = Vec::with_capacity(96);
        let mut table = self.role_table(&nodes, &mut fs);
        let finals = if !self.beams(nodes.len()) {
            let mut st = State::new(nodes.len());
            let score = self.transitions(&mut st, &nodes, &mut table, &mut fs);
            vec![(st, score)]
        } else {
            self.beam_search(&nodes, &mut table, self.beam, &mut fs)
        };
        Searched::new(nodes, finals)
    }

    /// The labelled tree of a [`ParserModel::search`]: `(head, label)` per word, as
    /// [`ParserModel::parse`] gives it. Of the beam's final configurations, the one whose
    /// transition score plus [`RERANK_WEIGHT`] times its labelled tree's score is highest wins.
    pub fn label(&self, searched: Searched) -> Vec<(usize, usize)> {
        let Searched { nodes, finals, .. } = searched;
        let mut fs = Vec::with_capacity(96);
        let mut rows = LabelRows::new(self);
        let mut best: Option<(i64, Vec<(usize, usize)>)> = None;
        for (mut state, score) in finals {
            let (arcs, tree) = self.finish_scored(&mut state, &nodes, &mut fs, &mut rows);
            let total = score + RERANK_WEIGHT * tree;
            if best.as_ref().map_or(true, |b| total > b.0) {
                best = Some((total, arcs));
            }
        }
        best.map(|b| b.1).unwrap_or_default()
    }

    /// The summed weights of the single-word features ([`role_features`]) of every word of a
    /// sentence, and of "no word" (index `nodes.len()`), in every role: row `word * ROLES + role`.
    pub fn role_table(&self, nodes: &[Node], fs: &mut Vec<u64>) -> Tables {
        self.role_table_like(nodes, None, fs)
    }

    /// [`ParserModel::role_table`], with the rows of every word that is the same, at the same
    /// place, in `like` (the nodes and role rows of another analysis of the sentence, of any
    /// length) copied from it, and its row of "no word".
    fn role_table_like(&self, nodes: &[Node], like: Option<(&[Node], &[[i32; 4]])>, fs: &mut Vec<u64>) -> Tables {
        let n = nodes.len();
        let like = like.filter(|(ln, lr)| lr.len() == (ln.len() + 1) * ROLES);
        let mut table = Vec::with_capacity((n + 1) * ROLES);
        for (k, x) in nodes.iter().chain([&EMPTY]).enumerate() {
            if let Some((ln, lr)) = like {
                // The same word at the same place, or "no word" (the last row of either).
                let j = if k == n { Some(ln.len()) } else { (ln.get(k) == Some(x)).then_some(k) };
                if let Some(j) = j {
                    table.extend_from_slice(&lr[j * ROLES..(j + 1) * ROLES]);
                    continue;
                }
            }
            for role in 0..ROLES {
                fs.clear();
                role_features(role, x, fs);
                table.push(self.transition_scores(fs));
            }
        }
        // Key u64::MAX (no stack top, no buffer front) is never scored.
        let size = (nodes.len() * 4).next_power_of_two().clamp(16, PAIR_CACHE);
        // A key of all NONE words is never looked up: the stack top or the buffer front is a word.
        Tables { roles: table, pairs: vec![(u64::MAX, u64::MAX, [0; 4]); size], shapes: vec![([NONE; 12], [0; 4]); size] }
    }

    /// Scores of the four transitions in `st` (the same as over all its transition features),
    /// with `table` the sentence's [`ParserModel::role_table`] (its pair cache is filled in).
    #[inline]
    pub fn state_scores(&self, st: &State, nodes: &[Node], table: &mut Tables, fs: &mut Vec<u64>) -> [i32; 4] {
        let r = roles(st);
        let key = (r[0] as u64) << 32 | r[1] as u64;
        let kids = (r[6] as u64) << 32 | r[8] as u64;
        let slot = (r[0].wrapping_mul(0x9E37_79B9) ^ r[1]) as usize & table.pairs.len().wrapping_sub(1);
        let mut sc = match table.pairs.get(slot) {
            Some(&(k, c, sc)) if k == key && c == kids => sc,
            _ => {
                fs.clear();
                pair_features(r[0], r[1], nodes, fs);
                child_features(r[0], r[1], r[6], r[8], nodes, fs);
                let sc = self.transition_scores(fs);
                if let Some(e) = table.pairs.get_mut(slot) {
                    *e = (key, kids, sc);
                }
                sc
            }
        };
        let shape = shape_key(st, &r);
        let slot = shape.iter().fold(0u64, |h, &x| (h ^ x as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)) >> 40;
        let slot = slot as usize & table.shapes.len().wrapping_sub(1);
        let shape_scores = match table.shapes.get(slot) {
            Some((k, sc)) if *k == shape => *sc,
            _ => {
                fs.clear();
                shape_features(st, &r, nodes, fs);
                let sc = self.transition_scores(fs);
                if let Some(e) = table.shapes.get_mut(slot) {
                    *e = (shape, sc);
                }
                sc
            }
        };
        for (o, x) in sc.iter_mut().zip(shape_scores) {
            *o += x;
        }
        let table = &table.roles;
        for (role, &i) in r.iter().enumerate() {
            let w = if i == NONE { nodes.len() } else { i as usize };
            if let Some(t) = table.get(w * ROLES + role) {
                for (o, &x) in sc.iter_mut().zip(t) {
                    *o += x;
                }
            }
        }
        sc
    }

    /// Runs the greedy transition sequence on `st` until the buffer is empty (`table`: the
    /// sentence's [`ParserModel::role_table`]); returns the summed scores of the transitions taken.
    pub fn transitions(&self, st: &mut State, nodes: &[Node], table: &mut Tables, fs: &mut Vec<u64>) -> i64 {
        let mut score = 0i64;
        while !st.done() {
            let sc = self.state_scores(st, nodes, table, fs);
            match best_action(st, &sc, |_| true) {
                Some(a) => {
                    score += sc[a as usize] as i64;
                    st.apply(a);
                }
                None => break,
            }
        }
        score
    }

    /// Beam search over the transitions with beam width `beam` (at least 1; `table`: the
    /// sentence's [`ParserModel::role_table`]): the beam's final configurations with their scores,
    /// best first. Finished configurations stay in the beam with their scores.
    pub fn beam_search(&self, nodes: &[Node], table: &mut Tables, beam: usize, fs: &mut Vec<u64>) -> Vec<(State, i64)> {
        self.beam_from(vec![(State::new(nodes.len()), 0)], nodes, table, beam, fs, |_| {})
    }

    /// [`ParserModel::beam_search`] from the beam `cur` (configurations and scores); `before` sees
    /// the beam before each step.
    fn beam_from(
        &self,
        mut cur: Vec<(State, i64)>,
        nodes: &[Node],
        table: &mut Tables,
        beam: usize,
        fs: &mut Vec<u64>,
        mut before: impl FnMut(&[(State, i64)]),
    ) -> Vec<(State, i64)> {
        let beam = beam.max(1);
        let mut next: Vec<(State, i64)> = Vec::with_capacity(beam);
        // (score, parent, action index or 4 for "finished, carried over").
        let mut cands: Vec<(i64, u32, u8)> = Vec::with_capacity(beam * 4);
        let mut uses: Vec<u32> = Vec::with_capacity(beam);
        while cur.iter().any(|(s, _)| !s.done()) {
            before(&cur);
            cands.clear();
            for (i, (st, score)) in cur.iter().enumerate() {
                if st.done() {
                    cands.push((*score, i as u32, 4));
                    continue;
                }
                let sc = self.state_scores(st, nodes, table, fs);
                for a in ACTIONS {
                    if st.valid(a) {
                        cands.push((score + sc[a as usize] as i64, i as u32, a as u8));
                    }
                }
            }
            if cands.is_empty() {
                break;
            }
            cands.sort_by_key(|c| std::cmp::Reverse(c.0));
            cands.truncate(beam);
            while next.len() < cands.len() {
                next.push((State::new(0), 0));
            }
            next.truncate(cands.len());
            uses.clear();
            uses.resize(cur.len(), 0);
            for c in &cands {
                uses[c.1 as usize] += 1;
            }
            for (slot, &(score, p, a)) in next.iter_mut().zip(&cands) {
                // The last hypothesis from a parent takes its configuration; the others copy it.
                let p = p as usize;
                uses[p] -= 1;
                if uses[p] == 0 {
                    std::mem::swap(&mut slot.0, &mut cur[p].0);
                } else {
                    slot.0.copy_from(&cur[p].0);
                }
                slot.1 = score;
                if let Some(&a) = ACTIONS.get(a as usize) {
                    slot.0.apply(a);
                }
            }
            std::mem::swap(&mut cur, &mut next);
        }
        // Best first; among equals, the earlier (a stable sort).
        cur.sort_by_key(|c| std::cmp::Reverse(c.1));
        cur
    }

    /// [`ParserModel::search`] of several analyses of one sentence (the same result for each).
    /// The beam's steps only look at the words up to two past the buffer front, so an analysis
    /// that differs from the first from word `d` on (with as many words or not) shares the first
    /// one's beam up to the step before any configuration's buffer front reaches `d - 2`: it is
    /// searched from there.
    pub fn search_all(&self, analyses: &[Vec<Word>]) -> Vec<Searched> {
        let Some(first) = analyses.first() else { return Vec::new() };
        let nodes = nodes(first);
        let n = nodes.len();
        if !self.beams(n) || analyses.len() == 1 {
            return analyses.iter().map(|a| self.search(a)).collect();
        }
        // A word the same as the first analysis's, at the same place, has its node (the hashes
        // of its strings).
        let others: Vec<Vec<Node>> = analyses[1..]
            .iter()
            .map(|a| a.iter().enumerate().map(|(i, w)| if first.get(i) == Some(w) { nodes[i] } else { Node::of(w) }).collect())
            .collect();
        // Where each other analysis starts to differ from the first (the shorter one's length
        // when one is the start of the other).
        let from: Vec<usize> =
            others.iter().map(|o| o.iter().zip(&nodes).position(|(a, b)| a != b).unwrap_or(o.len().min(n))).collect();
        let mut saved: Vec<Option<Vec<(State, i64)>>> = vec![None; others.len()];
        let mut fs = Vec::with_capacity(96);
        let mut table = self.role_table(&nodes, &mut fs);
        let finals = self.beam_from(vec![(State::new(n), 0)], &nodes, &mut table, self.beam, &mut fs, |cur| {
            let front = cur.iter().filter(|(s, _)| !s.done()).map(|(s, _)| s.b).max().unwrap_or(n);
            for (k, &d) in from.iter().enumerate() {
                if saved[k].is_none() && front + 2 >= d {
                    saved[k] = Some(cur.to_vec());
                }
            }
        });
        let roles = table.roles;
        let mut out = Vec::with_capacity(analyses.len());
        for (o, beam) in others.into_iter().zip(saved) {
            let mut table = self.role_table_like(&o, Some((&nodes, &roles)), &mut fs);
            // The beam up to the step before any buffer front came within two words of the first
            // difference, over this analysis's length (the words it has not reached are the same
            // untouched words either way).
            let start = match beam {
                Some(mut beam) => {
                    beam.iter_mut().for_each(|(s, _)| s.resize(o.len()));
                    beam
                }
                None => vec![(State::new(o.len()), 0)],
            };
            let finals = self.beam_from(start, &o, &mut table, self.beam, &mut fs, |_| {});
            out.push(Searched::new(o, finals));
        }
        out.insert(0, Searched::new(nodes, finals));
        out
    }

    /// Where the label scores of word `d` under head `h` (the tree as `head`, `first` and `count`
    /// give it) start in `cache.rows`, computed if not yet there, and the best label among them
    /// other than the root's.
    #[allow(clippy::too_many_arguments)]
    fn label_row(&self, cache: &mut LabelRows, d: usize, h: u32, head: &[u32], first: &[u32], count: &[u8], nodes: &[Node], fs: &mut Vec<u64>) -> (usize, usize) {
        let key = (h, if h == NONE { NONE } else { head[h as usize] }, first[d], count[d].min(4));
        if cache.seen.len() < nodes.len() {
            cache.seen.resize(nodes.len(), Vec::new());
        }
        if let Some(&(_, at, best)) = cache.seen[d].iter().find(|s| s.0 == key) {
            return (at, best);
        }
        let nl = self.labels.len();
        let at = cache.rows.len();
        cache.rows.resize(at + nl, 0);
        fs.clear();
        label_features(d, h, head, first, count, nodes, fs);
        self.label_scores(fs, &mut cache.rows[at..at + nl]);
        let best = best_label(&cache.rows[at..at + nl], cache.root, false);
        cache.seen[d].push((key, at, best));
        (at, best)
    }

    /// Joins the words left without a head into one tree (the root is the headless word that the
    /// label model finds most root-like), labels every arc, and gives the labeller's score of the
    /// tree: the scores of the labels given, the root's `root` score included.
    fn finish_scored(&self, st: &mut State, nodes: &[Node], fs: &mut Vec<u64>, cache: &mut LabelRows) -> (Vec<(usize, usize)>, i64) {
        let n = nodes.len();
        if n == 0 {
            return (Vec::new(), 0);
        }
        let nl = self.labels.len();
        let root_label = cache.root;
        let headless = st.headless();
        let mut root = headless.first().copied().unwrap_or(0);
        if root_label < nl && headless.len() > 1 {
            let (first, count) = children(&st.head);
            let mut best = i64::MIN;
            for &d in &headless {
                let (at, _) = self.label_row(cache, d as usize, NONE, &st.head, &first, &count, nodes, fs);
                if i64::from(cache.rows[at + root_label]) > best {
                    best = i64::from(cache.rows[at + root_label]);
                    root = d;
                }
            }
        }
        // The root keeps no head; every other headless word now hangs from it.
        st.finish(root);
        let head = &st.head;
        let (first, count) = children(head);
        // Every word's label scores (the root's as a root); then the labels of each head's
        // dependents are settled together.
        let (at, mut labels): (Vec<usize>, Vec<usize>) = (0..n)
            .map(|d| {
                let (at, best) = self.label_row(cache, d, head[d], head, &first, &count, nodes, fs);
                (at, if head[d] == NONE { root_label.min(nl.saturating_sub(1)) } else { best })
            })
            .unzip();
        one_of_a_kind(head, &cache.rows, &at, nl, root_label, &cache.kinds, &mut labels);
        let tree = (0..n).filter(|&d| head[d] != NONE || root_label < nl).map(|d| i64::from(cache.rows[at[d] + labels[d]])).sum();
        ((0..n).map(|d| (if head[d] == NONE { 0 } else { head[d] as usize + 1 }, labels[d])).collect(), tree)
    }

    /// Each label's index in [`UNIQUE`], or [`FREE`].
    fn unique_kinds(&self) -> Vec<u8> {
        self.labels.iter().map(|l| UNIQUE.iter().position(|g| g.contains(&l.as_str())).map_or(FREE, |k| k as u8)).collect()
    }

    /// Serialises the model (deterministically; zero weights are skipped).
    #[cfg(any(dikduk_train, test))]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::with_header(&PARSE);
        w.varint(self.bits as u64);
        w.varint(self.label_bits as u64);
        w.varint(self.beam as u64);
        w.varint(self.labels.len() as u64);
        for l in &self.labels {
            w.str(l);
        }
        w.sparse_i16(&self.weights);
        w.sparse_i16(&self.label_weights);
        w.buf
    }

    /// Reads a model written by [`ParserModel::to_bytes`].
    pub fn from_bytes(data: &[u8]) -> Result<ParserModel, FormatError> {
        let mut r = Reader::new(data);
        r.header(&PARSE)?;
        let bits = r.len(26)? as u32;
        let label_bits = r.len(26)? as u32;
        let beam = r.len(64)?.max(1);
        let nl = r.len(1000)?;
        if bits == 0 || label_bits == 0 || nl == 0 {
            return Err(FormatError("empty parser tables".into()));
        }
        let labels = (0..nl).map(|_| r.str().map(String::from)).collect::<Result<Vec<_>, _>>()?;
        let weights = r.sparse_i16((1usize << bits) * 4)?;
        let label_weights = r.sparse_i16((1usize << label_bits) * nl)?;
        if !r.at_end() {
            return Err(FormatError("trailing bytes after the parser model".into()));
        }
        Ok(ParserModel { bits, weights, label_bits, labels, label_weights, beam })
    }
}

/// The leftmost child and the number of children of every word, given every word's head.
pub fn children(head: &[u32]) -> (Vec<u32>, Vec<u8>) {
    let mut first = vec![NONE; head.len()];
    let mut count = vec![0u8; head.len()];
    for (d, &h) in head.iter().enumerate() {
        if let Some(hu) = (h != NONE).then_some(h as usize).filter(|&h| h < head.len()) {
            if first[hu] == NONE {
                first[hu] = d as u32;
            }
            count[hu] = count[hu].saturating_add(1);
        }
    }
    (first, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> ParserModel {
        let mut m = ParserModel {
            bits: 4,
            weights: vec![0; 64],
            label_bits: 3,
            labels: vec!["root".into(), "nsubj".into(), "obj".into()],
            label_weights: vec![0; 24],
            beam: BEAM,
        };
        m.weights[5] = 7;
        m.weights[63] = -3;
        m.label_weights[0] = 12;
        m
    }

    /// The embedded model and the tokens of a news sentence as the morphology analyses them
    /// (None, with a note, when no parser model is embedded).
    fn model_and_sentence() -> Option<(&'static ParserModel, Vec<crate::document::Token>)> {
        let Ok(m) = super::super::model() else {
            eprintln!("skipped: no parser model embedded");
            return None;
        };
        let text = "ראש הממשלה אמר אתמול בכנסת כי הממשלה תפעל נגד המחבלים, והשר הודיע שהוא מתנגד להצעה.";
        let opts = crate::pipeline::Options { parse: false, entities: false, ..Default::default() };
        Some((m, crate::pipeline::annotate(text, &opts).tokens))
    }

    /// The beam's final configurations, labelled with the label rows shared between them, get the
    /// same trees and tree scores as each labelled alone; and `label` picks the one with the best
    /// transition score + RERANK_WEIGHT × tree score.
    #[test]
    fn shared_label_rows_change_nothing() {
        let Some((m, tokens)) = model_and_sentence() else { return };
        let words = super::super::words_of(&tokens);
        let searched = m.search(&words);
        assert!(searched.finals.len() > 1);
        let mut fs = Vec::new();
        let mut shared = LabelRows::new(m);
        let mut best = None;
        for (state, score) in &searched.finals {
            let mut alone = LabelRows::new(m);
            let a = m.finish_scored(&mut state.clone(), &searched.nodes, &mut fs, &mut alone);
            let b = m.finish_scored(&mut state.clone(), &searched.nodes, &mut fs, &mut shared);
            assert_eq!(a, b);
            assert_one_tree(&a.0);
            if best.as_ref().map_or(true, |(t, _)| score + RERANK_WEIGHT * a.1 > *t) {
                best = Some((score + RERANK_WEIGHT * a.1, a.0));
            }
        }
        assert_eq!(m.label(searched), best.unwrap().1);
    }

    /// Two dependents of one head that both score best as subjects: the labels of the head's
    /// dependents are chosen together for the best sum with one subject and one object; a
    /// subject under another head is left alone.
    #[test]
    fn no_head_gets_two_subjects() {
        let labels = ["root", "nsubj", "obj", "amod", "nsubj:cop"];
        let kinds = [FREE, 0, 1, FREE, 0];
        // Words 0, 2 and 3 hang from 1; word 4 from 3.
        let head = [1, NONE, 1, 1, 3];
        #[rustfmt::skip]
        let scores = [
            0, 10, 8, 1, 9,   // word 0: nsubj, then nsubj:cop, obj
            0, 0, 0, 0, 0,    // the root
            0, 12, 3, 4, 11,  // word 2: nsubj, then nsubj:cop, amod
            0, 5, 9, 0, 0,    // word 3: obj, then nsubj
            0, 7, 0, 0, 0,    // word 4: nsubj, alone under its head
        ];
        let nl = labels.len();
        let mut chosen: Vec<usize> = (0..head.len()).map(|d| best_label(&scores[d * nl..(d + 1) * nl], 0, head[d] == NONE)).collect();
        assert_eq!(chosen, [1, 0, 1, 2, 1]);
        let at: Vec<usize> = (0..head.len()).map(|d| d * nl).collect();
        one_of_a_kind(&head, &scores, &at, nl, 0, &kinds, &mut chosen);
        // The best sum with at most one subject and one object under word 1: word 0 nsubj (10),
        // word 2 amod (4), word 3 obj (9), 23 in all; word 2 as the subject, which scores
        // higher alone, leaves word 0 amod (1): 22.
        let names: Vec<&str> = chosen.iter().map(|&l| labels[l]).collect();
        assert_eq!(names, ["nsubj", "root", "amod", "obj", "nsubj"]);
    }

    /// Exactly one root, heads inside the sentence, and following heads from any word reaches
    /// the root (no cycles).
    fn assert_one_tree(arcs: &[(usize, usize)]) {
        let n = arcs.len();
        assert_eq!(arcs.iter().filter(|a| a.0 == 0).count(), 1, "{arcs:?}");
        for start in 0..n {
            let (mut i, mut steps) = (start, 0);
            while arcs[i].0 != 0 {
                assert!(arcs[i].0 <= n, "{arcs:?}");
                i = arcs[i].0 - 1;
                steps += 1;
                assert!(steps <= n, "cycle in {arcs:?}");
            }
        }
    }

    /// Searching several analyses together (sharing the beam's first steps) gives each the
    /// same transitions and score as searching it alone: analyses that differ from the first at
    /// every word in turn, with a word more or a word fewer from every place on (another
    /// segmentation of a token), one with the last word cut, and one the same.
    #[test]
    fn search_all_is_search_of_each() {
        let Some((m, tokens)) = model_and_sentence() else { return };
        let words = super::super::words_of(&tokens);
        assert!(words.len() > 15);
        let mut analyses = vec![words.clone(), words.clone(), words[..words.len() - 1].to_vec()];
        for d in 0..words.len() {
            let mut w = words.clone();
            w[d].upos = if w[d].upos == "VERB" { "NOUN" } else { "VERB" };
            analyses.push(w.clone());
            w.insert(d, words[d]);
            analyses.push(w);
            let mut w = words.clone();
            w.remove(d);
            analyses.push(w);
        }
        let together = m.search_all(&analyses);
        assert_eq!(together.len(), analyses.len());
        for (k, (t, a)) in together.iter().zip(&analyses).enumerate() {
            let alone = m.search(a);
            assert_eq!(t.score, alone.score, "analysis {k}");
            let heads = |s: &Searched| s.finals.iter().map(|f| (f.0.head.clone(), f.1)).collect::<Vec<_>>();
            assert_eq!(heads(t), heads(&alone), "analysis {k}");
            assert_eq!(t.nodes, alone.nodes, "analysis {k}");
        }
    }

    #[test]
    fn model_file_round_trips_and_rejects_damage() {
        let m = tiny();
        let bytes = m.to_bytes();
        let back = ParserModel::from_bytes(&bytes).unwrap();
        assert_eq!(back, m);
        assert_eq!(back.to_bytes(), bytes);
        assert!(ParserModel::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(ParserModel::from_bytes(&crate::model::binio::header(&crate::model::binio::MORPH)).is_err());
        for cut in 0..bytes.len() {
            assert!(ParserModel::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert!(ParserModel::from_bytes(&[]).is_err());
    }

    #[test]
    fn any_model_gives_one_tree() {
        let m = tiny();
        let words: Vec<Word> = (0..7)
            .map(|i| Word { form: "בית", lemma: "בית", upos: if i == 3 { "VERB" } else { "NOUN" }, feats: "", token: i, index_in_token: 0, token_words: 1 })
            .collect();
        let arcs = m.parse(&words);
        assert_eq!(arcs.len(), 7);
        assert_one_tree(&arcs);
        assert_eq!(arcs.iter().find(|a| a.0 == 0).map(|a| a.1), Some(0));
        assert!(m.parse(&[]).is_empty());
    }

    #[test]
    fn table_scores_equal_the_full_feature_scores() {
        let mut m = tiny();
        m.bits = 10;
        m.weights = (0..4096).map(|i| ((i * 7919) % 201) as i16 - 100).collect();
        let words: Vec<Word> = (0..9)
            .map(|i| Word { form: ["בית", "של", "ה"][i % 3], lemma: "x", upos: ["NOUN", "ADP", "DET"][i % 3], feats: "", token: i / 2, index_in_token: i % 2, token_words: 2 })
            .collect();
        let nodes = nodes(&words);
        let mut fs = Vec::new();
        let mut table = m.role_table(&nodes, &mut fs);
        let mut st = State::new(nodes.len());
        let mut k = 0;
        while !st.done() {
            let mut all = Vec::new();
            super::super::features::transition_features(&st, &nodes, &mut all);
            for _ in 0..2 {
                assert_eq!(m.state_scores(&st, &nodes, &mut table, &mut fs), m.transition_scores(&all));
            }
            let a = [ACTIONS[k % 4], ACTIONS[0]].into_iter().find(|&a| st.valid(a)).unwrap();
            st.apply(a);
            k += 3;
        }
    }

    #[test]
    fn beam_and_greedy_give_trees_and_long_input_stays_fast() {
        let mut m = tiny();
        m.weights = (0..64).map(|i| ((i * 37) % 23) as i16 - 11).collect();
        for beam in [1, 2, 4, 8] {
            m.beam = beam;
            for n in [1, 2, 5, 40] {
                let words: Vec<Word> = (0..n)
                    .map(|i| Word { form: "בית", lemma: "בית", upos: ["NOUN", "VERB", "PUNCT"][i % 3], feats: "", token: i, index_in_token: 0, token_words: 1 })
                    .collect();
                let arcs = m.parse(&words);
                assert_eq!(arcs.len(), n, "beam {beam}");
                assert_one_tree(&arcs);
            }
        }
        // A 20,000-word sentence is parsed greedily (linear time) even with a beam.
        m.beam = BEAM;
        let words: Vec<Word> = (0..20_000)
            .map(|i| Word { form: "בית", lemma: "בית", upos: "NOUN", feats: "", token: i, index_in_token: 0, token_words: 1 })
            .collect();
        let t = std::time::Instant::now();
        assert_eq!(m.parse(&words).len(), 20_000);
        assert!(t.elapsed().as_secs_f64() < 5.0);
    }
}
