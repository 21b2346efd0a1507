//! Candidate analyses of each token of a sentence, their features, and Viterbi decoding.

use crate::model::hash::{hash_prefix, hash_str, hash_suffix, mix};
use super::model::{Dicts, Model, WordInfo};
use super::tags::{self, normalize};
use crate::document::TokenKind;
use crate::model::hash::FastMap;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::rc::Rc;

/// Marks a word reference as pointing into [`Lattice::local`] rather than [`Model::words`].
pub const LOCAL: u32 = 1 << 31;

/// Where a candidate analysis came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Source {
    /// The whole token was seen in training.
    Token = 0,
    /// No prefix; the token was seen as a remainder after prefixes.
    Base = 1,
    /// Prefix letters plus a remainder seen in training.
    PrefixBase = 2,
    /// Remainder found in the lexicon.
    Lexicon = 3,
    /// Remainder guessed from its suffix.
    Guess = 4,
    /// Deterministic analysis of a number, punctuation mark, URL...
    Fixed = 5,
    /// Noun with a possessive suffix (משימתם → משימה_ של הם), host validated by the lexicon.
    Possessive = 6,
}

/// One candidate analysis of a token.
#[derive(Debug, Clone)]
pub struct Cand {
    /// Word references (global ids, or [`LOCAL`] | index into the lattice's local words).
    pub words: Vec<u32>,
    /// How many leading words are prefix morphemes.
    pub npfx: u8,
    /// Provenance.
    pub src: Source,
    /// log2(1 + training count) of this analysis for its surface string.
    pub freq: u8,
    /// Content signature (identical analyses from different sources share it).
    pub sig: u64,
    /// Lexicon tags of the host word's form (bit i = UPOS i).
    pub lexmask: u32,
    /// Which rule built a generated candidate (possessive lemma rules); 0 otherwise.
    pub rule: u8,
}

/// Per-token observations used by context features.
#[derive(Debug, Clone, Copy)]
pub struct TokCtx {
    /// Normalised token text.
    pub form: u64,
    /// Last two characters.
    pub suf2: u64,
    /// First two characters.
    pub pre2: u64,
    /// First character.
    pub pre1: u64,
    /// Length bucket (characters, capped).
    pub len: u64,
}

/// The candidate analyses of one token and the words made for them. They depend only on the
/// token's text and kind (and the dictionaries), so a document's repeated tokens share one set
/// (see [`Cache`]).
#[derive(Debug, Clone)]
pub struct TokenCands {
    /// Candidates, best source first.
    pub cands: Vec<Cand>,
    /// Words made for these candidates (lexicon readings, guesses, numbers...), referred to as
    /// [`LOCAL`] | index.
    pub local: Vec<WordInfo>,
    /// The token's own observations.
    pub ctx: TokCtx,
    /// Lexicon tag masks of host forms already looked up (form hash, mask), while generating.
    masks: Vec<(u64, u32)>,
    /// The candidates' distinct pair keys and each candidate's class among them, on first use.
    classes: OnceCell<Classes>,
    /// Each candidate's summed weights of its static state features under the model's own
    /// weights ([`viterbi`] only: training scores with weights that change), on first use.
    statics: OnceCell<Vec<i64>>,
}

/// Distinct pair keys of a token's candidates, the index of each candidate's keys, and each
/// class's [`pair_prev`] halves (what the next token's transitions start from).
#[derive(Debug, Clone, Default)]
struct Classes {
    keys: Vec<Keys>,
    class: Vec<u32>,
    halves: Vec<[u64; 8]>,
}

/// All candidates of one sentence.
#[derive(Debug, Default)]
pub struct Lattice {
    /// Candidates of each token.
    pub toks: Vec<Rc<TokenCands>>,
}

/// The candidate sets of the tokens of a document seen so far, by kind and text, so that a token
/// that comes back costs a lookup instead of a new set (and its static scores are summed once).
/// Outputs are the same with or without it; it is emptied when it is full (by default at
/// [`Cache::CAPACITY`] sets), so its memory stays bounded on long texts.
#[derive(Debug)]
pub struct Cache {
    sets: Vec<(TokenKind, TokenSets)>,
    len: usize,
    capacity: usize,
}

/// A cache's candidate sets of the tokens of one kind, by text.
type TokenSets = FastMap<Box<str>, Rc<TokenCands>>;

impl Default for Cache {
    fn default() -> Self {
        Cache::with_capacity(Cache::CAPACITY)
    }
}

impl Cache {
    /// Distinct tokens held at most by default (a few MB).
    pub const CAPACITY: usize = 2048;

    /// An empty cache that holds at most `capacity` distinct tokens before it starts again.
    pub fn with_capacity(capacity: usize) -> Cache {
        Cache { sets: Vec::new(), len: 0, capacity }
    }

    fn get_or_make(&mut self, text: &str, kind: TokenKind, make: impl FnOnce() -> TokenCands) -> Rc<TokenCands> {
        let mut at = self.sets.iter().position(|(k, _)| *k == kind);
        if let Some(t) = at.and_then(|a| self.sets[a].1.get(text)) {
            return Rc::clone(t);
        }
        if self.len >= self.capacity {
            self.sets.clear();
            self.len = 0;
            at = None;
        }
        let t = Rc::new(make());
        let at = at.unwrap_or_else(|| {
            self.sets.push((kind, FastMap::default()));
            self.sets.len() - 1
        });
        self.sets[at].1.insert(text.into(), Rc::clone(&t));
        self.len += 1;
        t
    }
}

const BOS: u64 = 0xB05;
const EOS: u64 = 0xE05;
const MAX_CANDS: usize = 48;
/// A remainder seen at most this many times in training also gets lexicon readings (or guesses).
const RARE_REMAINDER: u32 = 5;

impl Lattice {
    /// Builds the candidates of every token of a sentence.
    pub fn build(model: &Model, dicts: &Dicts, tokens: &[(&str, TokenKind)]) -> Lattice {
        Lattice { toks: tokens.iter().map(|&(text, kind)| Rc::new(TokenCands::generate(model, dicts, text, kind))).collect() }
    }

    /// [`Lattice::build`] with the candidate sets of tokens seen before taken from `cache`
    /// (which must have been filled with the same model and dictionaries).
    pub fn build_cached(model: &Model, dicts: &Dicts, tokens: &[(&str, TokenKind)], cache: &mut Cache) -> Lattice {
        let toks = tokens
            .iter()
            .map(|&(text, kind)| cache.get_or_make(text, kind, || TokenCands::generate(model, dicts, text, kind)))
            .collect();
        Lattice { toks }
    }

    /// The number of tokens.
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// True for a sentence without tokens.
    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    /// The word behind a reference of token `i`'s candidates.
    #[inline]
    pub fn word<'a>(&'a self, model: &'a Model, i: usize, r: u32) -> &'a WordInfo {
        self.toks[i].word(model, r)
    }

    /// Adds `words` as a candidate of token `i` unless an identical one exists; returns its index
    /// (training: the gold analysis must be on the lattice).
    #[cfg(dikduk_train)]
    pub fn ensure(&mut self, model: &Model, i: usize, words: Vec<u32>, npfx: u8) -> usize {
        let t = Rc::make_mut(&mut self.toks[i]);
        let sig = t.signature(model, &words);
        if let Some(k) = t.cands.iter().position(|c| c.sig == sig) {
            return k;
        }
        let lexmask = t.host_mask(model, &words, npfx);
        t.cands.push(Cand { words, npfx, src: Source::Guess, freq: 0, sig, lexmask, rule: 0 });
        t.classes = OnceCell::new();
        t.statics = OnceCell::new();
        t.cands.len() - 1
    }

    /// Appends the hashes of the state features of candidate `c` of token `i` to `out`: the
    /// static ones (of the token and the candidate alone), then those of its neighbours.
    pub fn state_features(&self, model: &Model, i: usize, c: &Cand, out: &mut Vec<u64>) {
        self.toks[i].static_features(model, c, out);
        self.context_features(model, i, c, out);
    }

    /// The state features of candidate `c` of token `i` that look at the neighbouring tokens.
    fn context_features(&self, model: &Model, i: usize, c: &Cand, out: &mut Vec<u64>) {
        let t = &self.toks[i];
        let host = t.host(model, c);
        let (h, hu) = (host.key(), host.upos as u64);
        let first = t.word(model, c.words[0]).upos as u64;
        let last = t.word(model, *c.words.last().unwrap_or(&c.words[0])).upos as u64;
        let useq = t.upos_seq(model, c);
        let prev = if i > 0 { self.toks[i - 1].ctx.form } else { BOS };
        let next_ctx = self.toks.get(i + 1).map(|x| x.ctx);
        let next = next_ctx.map_or(EOS, |x| x.form);
        let f = |t: u64, a: u64, b: u64| mix(mix(t, a), b);
        out.extend_from_slice(&[
            f(20, prev, first),
            f(21, next, last),
            f(22, prev, useq),
            f(23, next, useq),
            f(24, mix(prev, h.form), hu),
            f(26, next, h.defn),
            f(27, next_ctx.map_or(EOS, |x| x.pre1), h.feats),
            f(28, next_ctx.map_or(EOS, |x| x.pre2), h.defn),
            f(29, prev, h.feats),
        ]);
    }
}

impl TokenCands {
    /// The word behind a reference of this token's candidates.
    #[inline]
    pub fn word<'a>(&'a self, model: &'a Model, r: u32) -> &'a WordInfo {
        if r & LOCAL != 0 {
            &self.local[(r & !LOCAL) as usize]
        } else {
            &model.words[r as usize]
        }
    }

    /// Content signature of a word sequence.
    pub fn signature(&self, model: &Model, words: &[u32]) -> u64 {
        words.iter().fold(0x51, |h, &w| mix(h, self.word(model, w).key().all))
    }

    /// The host word of a candidate (the first after its prefix morphemes).
    #[inline]
    fn host<'a>(&'a self, model: &'a Model, c: &Cand) -> &'a WordInfo {
        self.word(model, c.words[(c.npfx as usize).min(c.words.len() - 1)])
    }

    /// Hash of the UPOS sequence of a candidate's words.
    fn upos_seq(&self, model: &Model, c: &Cand) -> u64 {
        c.words.iter().fold(7u64, |a, &w| mix(a, self.word(model, w).upos as u64))
    }

    fn push_local(&mut self, w: WordInfo) -> u32 {
        self.local.push(w);
        LOCAL | (self.local.len() as u32 - 1)
    }

    fn push_cand(&mut self, model: &Model, words: Vec<u32>, npfx: u8, src: Source, count: u32) {
        if self.cands.len() >= MAX_CANDS || words.is_empty() {
            return;
        }
        let sig = self.signature(model, &words);
        if self.cands.iter().any(|c| c.sig == sig) {
            return;
        }
        let freq = (32 - count.leading_zeros()) as u8;
        let lexmask = self.host_mask(model, &words, npfx);
        self.cands.push(Cand { words, npfx, src, freq, sig, lexmask, rule: 0 });
    }

    fn host_mask(&mut self, model: &Model, words: &[u32], npfx: u8) -> u32 {
        let host = self.word(model, words[(npfx as usize).min(words.len() - 1)]);
        let key = host.key().form;
        if let Some(&(_, m)) = self.masks.iter().find(|(k, _)| *k == key) {
            return m;
        }
        let m = model.lexicon.tag_mask(host.form.trim_matches('_'));
        self.masks.push((key, m));
        m
    }

    /// The candidates of one token.
    pub fn generate(model: &Model, dicts: &Dicts, text: &str, kind: TokenKind) -> TokenCands {
        // Most tokens (ASCII and Hebrew letters) are their own normal form: no copy for them.
        let plain = |c: char| (c.is_ascii() && c != '`') || ('\u{05D0}'..='\u{05EA}').contains(&c);
        let norm: Cow<str> = if text.chars().all(plain) {
            Cow::Borrowed(text)
        } else {
            let n = normalize(text);
            Cow::Owned(if n.is_empty() { text.to_string() } else { n })
        };
        let ctx = TokCtx {
            form: hash_str(&norm),
            suf2: hash_suffix(&norm, 2),
            pre2: hash_prefix(&norm, 2),
            pre1: hash_prefix(&norm, 1),
            len: norm.chars().count().min(12) as u64,
        };
        let mut t = TokenCands {
            cands: Vec::new(),
            local: Vec::new(),
            ctx,
            masks: Vec::new(),
            classes: OnceCell::new(),
            statics: OnceCell::new(),
        };
        t.fill(model, dicts, &norm, kind);
        t.masks = Vec::new();
        t
    }

    fn fill(&mut self, model: &Model, dicts: &Dicts, norm: &str, kind: TokenKind) {
        for &(a, c) in dicts.tokens.get(norm).iter().take(12) {
            let npfx = prefix_len(model, &model.analyses[a as usize]);
            self.push_cand(model, model.analyses[a as usize].clone(), npfx, Source::Token, c);
        }
        if kind != TokenKind::Word {
            if self.cands.is_empty() {
                let upos = tags::upos_for_kind(kind);
                let r = self.push_local(WordInfo::new(norm, upos, "", norm));
                self.push_cand(model, vec![r], 0, Source::Fixed, 0);
            }
            return;
        }
        let mut bounds = [0usize; 6];
        let mut nb = 0;
        for (i, _) in norm.char_indices().skip(1).take(6) {
            bounds[nb] = i;
            nb += 1;
        }
        let bounds = &bounds[..nb];
        let nchars = norm.chars().count();
        for p in 0..=bounds.len() {
            let split = if p == 0 { 0 } else { bounds[p - 1] };
            let (pfx, rest) = norm.split_at(split);
            let pas: &[(u32, u32)] = if p == 0 {
                &[(u32::MAX, 0)]
            } else {
                let all = model.prefixes.get(pfx);
                &all[..all.len().min(6)]
            };
            if pas.is_empty() {
                continue;
            }
            // Prefix letters before a number (ב1978 → ב + 1978).
            if p > 0 && rest.starts_with(|c: char| c.is_ascii_digit()) {
                let r = self.push_local(WordInfo::new(rest, tags::upos_for_kind(TokenKind::Number), "", rest));
                for &(pa, pc) in pas.iter().take(3) {
                    let (words, npfx) = prefixed(model, pa, &[r]);
                    self.push_cand(model, words, npfx, Source::Fixed, pc.min(1));
                }
                continue;
            }
            let bases = dicts.bases.get(rest);
            if bases.iter().map(|b| b.1).sum::<u32>() <= 2 {
                for (base, rule) in self.possessives(model, dicts, rest) {
                    for &(pa, pc) in pas.iter().take(3) {
                        let (words, npfx) = prefixed(model, pa, &base);
                        let n = self.cands.len();
                        self.push_cand(model, words, npfx, Source::Possessive, pc.min(1));
                        if let Some(c) = self.cands.get_mut(n) {
                            c.rule = rule;
                        }
                    }
                }
            }
            if !bases.is_empty() {
                let src = if p == 0 { Source::Base } else { Source::PrefixBase };
                for &(pa, pc) in pas {
                    for &(ba, bc) in bases.iter().take(8) {
                        let (words, npfx) = prefixed(model, pa, &model.analyses[ba as usize]);
                        self.push_cand(model, words, npfx, src, bc.min(pc.max(1)));
                    }
                }
                // A rare remainder also gets the lexicon's readings (מצביעים: seen as VERB,
                // the lexicon adds NOUN), and guesses when the lexicon has none.
                if bases.iter().map(|b| b.1).sum::<u32>() > RARE_REMAINDER {
                    continue;
                }
            }
            // Unseen (or rare) remainder: lexicon readings, else guesses from its suffix.
            let mut readings: Vec<(u8, String)> = model
                .lexicon
                .lookup(rest)
                .into_iter()
                .filter(|e| e.upos != tags::X && e.upos != tags::UNKNOWN)
                .map(|e| (e.upos, e.lemma))
                .collect();
            let src = if readings.is_empty() { Source::Guess } else { Source::Lexicon };
            if readings.is_empty() && nchars - p >= 2 {
                let guesses = model.guess_upos.get(0, rest).map_or(&[][..], |v| v.as_slice());
                let k = if p == 0 { 4 } else { 2 };
                readings = guesses.iter().take(k).map(|&u| (u, model.lemma_for(u, rest))).collect();
            }
            for (upos, lemma) in readings {
                let feats = model.feats_for(upos, rest);
                let r = self.push_local(WordInfo::new(rest, upos, feats, &lemma));
                for &(pa, pc) in pas.iter().take(if src == Source::Guess { 3 } else { 6 }) {
                    let (words, npfx) = prefixed(model, pa, &[r]);
                    self.push_cand(model, words, npfx, src, pc.min(1));
                }
            }
        }
        if self.cands.is_empty() {
            let r = self.push_local(WordInfo::new(norm, tags::PROPN, "", norm));
            self.push_cand(model, vec![r], 0, Source::Guess, 0);
        }
    }

    /// Readings of `rest` as a known noun plus a possessive suffix (host, `_של_`, pronoun), with
    /// the rule that found the host's lemma (0: the lexicon's lemma of the stem; 1..: rewrites).
    fn possessives(&mut self, model: &Model, dicts: &Dicts, rest: &str) -> Vec<(Vec<u32>, u8)> {
        let mut out = Vec::new();
        let ends: Vec<usize> = rest.char_indices().map(|(i, _)| i).collect();
        let mut seen: Vec<String> = Vec::new();
        // Longest suffix first: מצבנו is מצב + נו (אנחנו), not מצבנ + ו.
        for k in (1..=3usize.min(ends.len().saturating_sub(2))).rev() {
            let cut = ends[ends.len() - k];
            let (stem, ending) = rest.split_at(cut);
            if !POSSESSIVE_SUFFIXES.contains(&ending) {
                continue;
            }
            let Some((shel, pron, feats)) = model.possessives.get(ending) else { continue };
            // The treebank writes the host as its lemma (משימתם → משימה_): the lexicon knows the
            // lemma of most possessive stems (משימת → משימה, קצינ → קצין); else rewrite the stem.
            let mut lemmas: Vec<(String, u8)> = model
                .lexicon
                .lookup(stem)
                .into_iter()
                .filter(|e| e.upos == tags::NOUN)
                .map(|e| (e.lemma, 0))
                .collect();
            let noun = 1u32 << tags::NOUN;
            let known = |l: &str| {
                model.lexicon.tag_mask(l) & noun != 0
                    || dicts.bases.get(l).iter().any(|&(a, _)| {
                        model.analyses[a as usize].len() == 1 && model.words[model.analyses[a as usize][0] as usize].upos == tags::NOUN
                    })
            };
            let mut rewrites = vec![(final_form(stem), 1)];
            if let Some(s) = stem.strip_suffix('ת') {
                rewrites.push((format!("{s}ה"), 2));
            }
            if let Some(s) = stem.strip_suffix("ות") {
                rewrites.push((format!("{s}ה"), 3));
                rewrites.push((final_form(s), 4));
            }
            if let Some(s) = stem.strip_suffix('י') {
                rewrites.push((final_form(s), 5));
                rewrites.push((format!("{s}ה"), 6));
            }
            lemmas.extend(rewrites.into_iter().filter(|(l, _)| known(l)));
            for (lemma, rule) in lemmas {
                if seen.len() >= 3 || lemma.chars().count() < 2 || seen.contains(&lemma) {
                    continue;
                }
                let host = self.push_local(WordInfo::new(&format!("{lemma}_"), tags::NOUN, feats, &lemma));
                out.push((vec![host, *shel, *pron], rule));
                seen.push(lemma);
            }
        }
        out
    }

    /// Appends the hashes of candidate `c`'s state features that look at this token alone.
    pub fn static_features(&self, model: &Model, c: &Cand, out: &mut Vec<u64>) {
        let ctx = &self.ctx;
        let host_ix = (c.npfx as usize).min(c.words.len() - 1);
        let host = self.host(model, c);
        let (h, hu) = (host.key(), host.upos as u64);
        let useq = self.upos_seq(model, c);
        let pseq = c.words[..host_ix].iter().fold(11u64, |a, &w| mix(a, self.word(model, w).key().all));
        let lexmask = c.lexmask as u64;
        let f = |t: u64, a: u64, b: u64| mix(mix(t, a), b);
        out.extend_from_slice(&[
            f(1, ctx.form, c.sig),
            f(2, c.sig, 0),
            f(3, useq, 0),
            f(4, pseq, hu),
            f(5, h.form, hu),
            f(6, mix(h.form, hu), h.feats),
            f(7, h.lemma, hu),
            f(8, h.suf2, hu),
            f(9, h.suf3, hu),
            f(10, mix(h.suf2, hu), h.feats),
            f(11, c.src as u64, c.npfx as u64),
            f(12, lexmask, hu),
            f(13, h.pre2, hu),
            f(14, hu, h.feats),
            f(15, c.freq as u64, c.src as u64),
            f(16, ctx.suf2, useq),
            f(17, ctx.pre2, useq),
            f(18, c.words.len() as u64, ctx.len),
            f(25, lexmask, mix(c.src as u64, hu)),
            f(36, c.rule as u64, mix(c.src as u64, lexmask)),
            // Affixes of the host beyond suf2/suf3/pre2 (unseen words), and how its lemma is made.
            f(40, h.suf1, hu),
            f(41, h.suf4, hu),
            f(42, mix(h.pre1, h.suf1), hu),
            f(43, mix(h.pre1, h.suf2), hu),
            f(44, mix(h.pre2, h.suf2), hu),
            f(45, h.len, hu),
            f(46, h.pre3, hu),
            f(60, h.rule, hu),
            f(61, mix(h.rule, h.suf2), hu),
        ]);
    }

    /// Each candidate's static state-feature weights summed under `weights` (the model's own:
    /// they are computed once per token set and kept).
    fn static_scores(&self, model: &Model, weights: &impl Fn(u64) -> i64) -> &[i64] {
        self.statics.get_or_init(|| {
            let mut feats = Vec::with_capacity(32);
            self.cands
                .iter()
                .map(|c| {
                    feats.clear();
                    self.static_features(model, c, &mut feats);
                    feats.iter().map(|&f| weights(f)).sum::<i64>()
                })
                .collect()
        })
    }

    /// Keys of a candidate that transition features combine with the previous token's.
    pub fn pair_keys(&self, model: &Model, c: &Cand) -> Keys {
        let host = self.host(model, c);
        let first = self.word(model, c.words[0]).upos as u64;
        let last = self.word(model, *c.words.last().unwrap_or(&c.words[0]));
        let useq = self.upos_seq(model, c);
        let lex = mix(host.key().lemma, host.upos as u64);
        [mix(first, 1), mix(last.upos as u64, 2), host.key().agree, useq, host.key().defn, lex]
    }

    /// The candidates' distinct pair keys (transitions are scored once per pair of classes) and
    /// each candidate's class.
    fn classes(&self, model: &Model) -> &Classes {
        self.classes.get_or_init(|| {
            let mut cl = Classes::default();
            for c in &self.cands {
                let k = self.pair_keys(model, c);
                let id = cl.keys.iter().position(|x| *x == k).unwrap_or_else(|| {
                    cl.keys.push(k);
                    cl.keys.len() - 1
                });
                cl.class.push(id as u32);
            }
            cl.halves = cl.keys.iter().map(pair_prev).collect();
            cl
        })
    }
}

/// Number of leading prefix morphemes of a training analysis (ו, ה, ב, כ, ל, מ, ש, כש and ה_).
pub fn prefix_len(model: &Model, words: &[u32]) -> u8 {
    let mut n = 0;
    for &w in words.iter().take(words.len().saturating_sub(1)) {
        if is_prefix_form(&model.words[w as usize].form) {
            n += 1;
        } else {
            break;
        }
    }
    n
}

/// The pronominal suffixes of nouns (ספרו, ספריו, ספרינו...): a possessive reading splits only these.
const POSSESSIVE_SUFFIXES: [&str; 19] =
    ["י", "ך", "ו", "ה", "נו", "כם", "כן", "ם", "ן", "יי", "יך", "ייך", "יו", "יה", "ינו", "יכם", "יכן", "יהם", "יהן"];

/// The noun suffixes that stand for a pronoun in treebank notation (`_הוא` → ו, יו), from which
/// training learns the possessive table.
#[cfg(dikduk_train)]
pub fn possessive_suffixes(pronoun: &str) -> &'static [&'static str] {
    match pronoun {
        "_אני" => &["י", "יי"],
        "_אתה" => &["ך", "יך"],
        "_את" => &["ך", "ייך"],
        "_הוא" => &["ו", "יו"],
        "_היא" => &["ה", "יה"],
        "_אנחנו" => &["נו", "ינו"],
        "_אתם" => &["כם", "יכם"],
        "_אתן" => &["כן", "יכן"],
        "_הם" => &["ם", "יהם"],
        "_הן" => &["ן", "יהן"],
        _ => &[],
    }
}

/// The words of prefix analysis `pa` (none for `u32::MAX`, no prefix) followed by `rest`, and how
/// many of them are prefix morphemes.
fn prefixed(model: &Model, pa: u32, rest: &[u32]) -> (Vec<u32>, u8) {
    let pfx: &[u32] = if pa == u32::MAX { &[] } else { &model.analyses[pa as usize] };
    let mut words = Vec::with_capacity(pfx.len() + rest.len());
    words.extend_from_slice(pfx);
    words.extend_from_slice(rest);
    (words, pfx.len() as u8)
}

/// `stem` with its last letter in final form (קצינ → קצין), as a lemma is written.
fn final_form(stem: &str) -> String {
    let mut s = stem.to_string();
    let fin = match s.chars().last() {
        Some('כ') => 'ך',
        Some('מ') => 'ם',
        Some('נ') => 'ן',
        Some('פ') => 'ף',
        Some('צ') => 'ץ',
        _ => return s,
    };
    s.pop();
    s.push(fin);
    s
}

/// True for the forms of prefix morphemes.
pub fn is_prefix_form(form: &str) -> bool {
    matches!(form, "ו" | "ה" | "ה_" | "ב" | "כ" | "ל" | "מ" | "ש" | "כש" | "לכש" | "מש")
}

/// Hashes of the transition features between two candidates' pair keys.
#[inline]
pub fn pair_features(prev: &Keys, cur: &Keys) -> [u64; 8] {
    pair_finish(&pair_prev(prev), cur)
}

/// The part of each transition feature's hash that depends on the previous candidate alone
/// (computed once per candidate class, not once per pair of classes).
#[inline]
fn pair_prev(prev: &Keys) -> [u64; 8] {
    [
        mix(30, prev[1]),
        mix(31, prev[2]),
        mix(32, prev[3]),
        mix(33, prev[1]),
        mix(34, prev[4]),
        mix(35, prev[3]),
        // The host's lemma and UPOS next to the neighbour's UPOS (participles: VERB, NOUN or ADJ).
        mix(37, prev[1]),
        mix(38, prev[5]),
    ]
}

/// The transition features' hashes from [`pair_prev`] of the previous candidate and the current
/// candidate's keys.
#[inline]
fn pair_finish(p: &[u64; 8], cur: &Keys) -> [u64; 8] {
    [
        mix(p[0], cur[0]),
        mix(p[1], cur[2]),
        mix(p[2], cur[3]),
        mix(p[3], cur[3]),
        mix(p[4], cur[3]),
        mix(p[5], cur[4]),
        mix(p[6], cur[5]),
        mix(p[7], cur[0]),
    ]
}

/// Pair keys of the sentence boundary.
pub const BOUNDARY_KEYS: Keys = [BOS; 6];

/// Keys of a candidate that transition features look at.
pub type Keys = [u64; 6];

/// Finds the best candidate index of every token (first-order Viterbi) under the model's own
/// weights.
///
/// Transition scores depend only on the candidates' pair keys, and many candidates of a token share
/// them, so each token's distinct keys form classes and a transition is scored once per pair of
/// classes. A token's static state features are summed once per candidate set and kept with it
/// (repeated tokens of a [`Cache`] share them). Ties go to the lowest candidate index, as in a
/// plain candidate-by-candidate loop.
pub fn viterbi(model: &Model, lat: &Lattice) -> Vec<usize> {
    best_path(model, lat, |h| model.weight(h), |_, _| 0, true, None)
}

/// [`viterbi`] with other weights, and `cost(i, k)` added to the score of candidate `k` of token
/// `i` (for cost-augmented decoding while training: wrong candidates must win by a margin).
#[cfg(dikduk_train)]
pub fn viterbi_with_cost(
    model: &Model,
    lat: &Lattice,
    weights: impl Fn(u64) -> i64,
    cost: impl Fn(usize, usize) -> i64,
) -> Vec<usize> {
    best_path(model, lat, weights, cost, false, None)
}

/// What the forward pass of [`best_path`] computed, kept for [`close_alternatives`]: per
/// candidate (flat, `start[i]..`) its best prefix score and its own state score, and per token
/// after the first the transition score of each (current class, previous class) pair.
#[derive(Debug, Default)]
struct Trellis {
    start: Vec<usize>,
    score: Vec<i64>,
    back: Vec<u32>,
    state: Vec<i64>,
    /// `trans[tstart[i] + k * prev_classes + pc]` for token `i >= 1`.
    trans: Vec<i64>,
    tstart: Vec<usize>,
    /// Transition of each class of the last token to the sentence end.
    end: Vec<i64>,
}

/// The decoder behind [`viterbi`] and, with a cost, `viterbi_with_cost`; `keep_statics` when
/// `weights` are the model's own, so that each token set's static scores can be kept; `keep`
/// receives the forward pass's scores.
fn best_path(
    model: &Model,
    lat: &Lattice,
    weights: impl Fn(u64) -> i64,
    cost: impl Fn(usize, usize) -> i64,
    keep_statics: bool,
    keep: Option<&mut Trellis>,
) -> Vec<usize> {
    let n = lat.len();
    if n == 0 {
        return Vec::new();
    }
    let trans = |a: &[u64; 8], b: &Keys| pair_finish(a, b).iter().map(|&f| weights(f)).sum::<i64>();
    let boundary = pair_prev(&BOUNDARY_KEYS);
    let mut feats = Vec::with_capacity(48);
    // Per token: score of each candidate and its back pointer (flat, `start[i]..`).
    let mut score: Vec<i64> = Vec::new();
    let mut back: Vec<u32> = Vec::new();
    let mut start: Vec<usize> = Vec::with_capacity(n + 1);
    let mut best_of_class: Vec<(i64, u32)> = Vec::new();
    let mut t_prev: Vec<i64> = Vec::new();
    let recording = keep.is_some();
    let (mut states, mut transs, mut tstart) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..n {
        let t = &lat.toks[i];
        let cl = t.classes(model);
        best_of_class.clear();
        let prev = if i > 0 { Some(lat.toks[i - 1].classes(model)) } else { None };
        tstart.push(transs.len());
        for k in &cl.keys {
            let Some(prev) = prev else {
                best_of_class.push((trans(&boundary, k), 0));
                continue;
            };
            t_prev.clear();
            t_prev.extend(prev.halves.iter().map(|ph| trans(ph, k)));
            if recording {
                transs.extend_from_slice(&t_prev);
            }
            let prev_scores = &score[start[i - 1]..];
            let mut best = (i64::MIN, 0u32);
            for (j, (&s, &pc)) in prev_scores.iter().zip(&prev.class).enumerate() {
                let v = s + t_prev[pc as usize];
                if v > best.0 {
                    best = (v, j as u32);
                }
            }
            best_of_class.push(best);
        }
        start.push(score.len());
        let statics = if keep_statics { Some(t.static_scores(model, &weights)) } else { None };
        for (k, (c, &id)) in t.cands.iter().zip(&cl.class).enumerate() {
            feats.clear();
            let fixed = match statics {
                Some(st) => st[k],
                None => {
                    t.static_features(model, c, &mut feats);
                    0
                }
            };
            lat.context_features(model, i, c, &mut feats);
            let s: i64 = fixed + feats.iter().map(|&f| weights(f)).sum::<i64>() + cost(i, k);
            let (best, arg) = best_of_class[id as usize];
            score.push(s + best);
            back.push(arg);
            if recording {
                states.push(s);
            }
        }
    }
    start.push(score.len());
    let last = lat.toks[n - 1].classes(model);
    let t_end: Vec<i64> = last.halves.iter().map(|ph| trans(ph, &BOUNDARY_KEYS)).collect();
    let mut best = (i64::MIN, 0);
    for (j, (&s, &pc)) in score[start[n - 1]..].iter().zip(&last.class).enumerate() {
        let v = s + t_end[pc as usize];
        if v > best.0 {
            best = (v, j);
        }
    }
    let mut path = vec![0; n];
    path[n - 1] = best.1;
    for i in (1..n).rev() {
        path[i - 1] = back[start[i] + path[i]] as usize;
    }
    if let Some(k) = keep {
        *k = Trellis { start, score, back, state: states, trans: transs, tstart, end: t_end };
    }
    path
}

/// Another analysis of a sentence whose score is close to the best one's (see
/// [`close_alternatives`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative {
    /// The token whose analysis differs from the best path's.
    pub token: usize,
    /// What differs in that token.
    pub change: Change,
    /// How far the path's score is below the best path's (0 or more).
    pub margin: i64,
    /// The candidate index of every token.
    pub path: Vec<usize>,
}

/// What an [`Alternative`] changes in its token's analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Other word forms (another segmentation: ובכן as one word, not ו + ב + כן).
    Split,
    /// The same word forms with other UPOS (a participle as VERB, not NOUN).
    Tags,
}

/// How far below the best path an alternative of each [`Change`] may score and be offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// For another segmentation of a token.
    pub split: i64,
    /// For other tags of the same segmentation.
    pub tags: i64,
}

/// Whether candidates `a` and `b` of token `i` split it into the same word forms.
fn same_split(model: &Model, lat: &Lattice, i: usize, a: usize, b: usize) -> bool {
    let t = &lat.toks[i];
    let (wa, wb) = (&t.cands[a].words, &t.cands[b].words);
    wa.len() == wb.len() && wa.iter().zip(wb).all(|(&x, &y)| x == y || lat.word(model, i, x).form == lat.word(model, i, y).form)
}

/// What candidate `c` of token `i` changes against candidate `b` (the best path's): `None` when
/// it has the same word forms and UPOS.
fn change(model: &Model, lat: &Lattice, i: usize, c: usize, b: usize) -> Option<Change> {
    if !same_split(model, lat, i, c, b) {
        return Some(Change::Split);
    }
    let t = &lat.toks[i];
    let tags = |k: usize| t.cands[k].words.iter().map(move |&w| lat.word(model, i, w).upos);
    (!tags(c).eq(tags(b))).then_some(Change::Tags)
}

/// The best path (as [`viterbi`]) and, for each token, the best path through a candidate that
/// splits the token differently and the best through one that splits it the same way with other
/// UPOS, each offered when its score is at most its [`Limits`] below the best (a forward and a
/// backward max-product pass: the max-marginal of every candidate).
pub fn close_alternatives(model: &Model, lat: &Lattice, limits: Limits) -> (Vec<usize>, Vec<Alternative>) {
    let mut tr = Trellis::default();
    let path = best_path(model, lat, |h| model.weight(h), |_, _| 0, true, Some(&mut tr));
    let n = path.len();
    if n == 0 {
        return (path, Vec::new());
    }
    let st = &tr.start;
    // beta: best score of the rest of the sentence after each candidate; next: its successor.
    let mut beta = vec![0i64; tr.score.len()];
    let mut next = vec![0u32; tr.score.len()];
    let last = lat.toks[n - 1].classes(model);
    for (c, &id) in last.class.iter().enumerate() {
        beta[st[n - 1] + c] = tr.end.get(id as usize).copied().unwrap_or(0);
    }
    let mut best_in_class: Vec<(i64, u32)> = Vec::new();
    for i in (0..n - 1).rev() {
        let (cl, cn) = (lat.toks[i].classes(model), lat.toks[i + 1].classes(model));
        best_in_class.clear();
        best_in_class.resize(cn.keys.len(), (i64::MIN, 0));
        for (c, &id) in cn.class.iter().enumerate() {
            let v = tr.state[st[i + 1] + c] + beta[st[i + 1] + c];
            let b = &mut best_in_class[id as usize];
            if v > b.0 {
                *b = (v, c as u32);
            }
        }
        let np = cl.keys.len();
        let base = tr.tstart[i + 1];
        for (c, &pc) in cl.class.iter().enumerate() {
            let mut best = (i64::MIN, 0u32);
            for (k, &(v, arg)) in best_in_class.iter().enumerate() {
                let t = tr.trans[base + k * np + pc as usize];
                if v != i64::MIN && v + t > best.0 {
                    best = (v + t, arg);
                }
            }
            beta[st[i] + c] = best.0;
            next[st[i] + c] = best.1;
        }
    }
    let total = tr.score[st[n - 1] + path[n - 1]] + beta[st[n - 1] + path[n - 1]];
    let mut alts = Vec::new();
    for i in 0..n {
        // The best candidate of each kind of change: (max-marginal, candidate).
        let mut split: Option<(i64, usize)> = None;
        let mut tags: Option<(i64, usize)> = None;
        for c in 0..lat.toks[i].cands.len() {
            let m = tr.score[st[i] + c].saturating_add(beta[st[i] + c]);
            let best = match change(model, lat, i, c, path[i]) {
                Some(Change::Split) => &mut split,
                Some(Change::Tags) => &mut tags,
                None => continue,
            };
            if best.map_or(true, |b| m > b.0) {
                *best = Some((m, c));
            }
        }
        for (kind, best, limit) in [(Change::Split, split, limits.split), (Change::Tags, tags, limits.tags)] {
            let Some((m, c)) = best else { continue };
            if total - m > limit {
                continue;
            }
            let mut p = vec![0usize; n];
            p[i] = c;
            for j in (1..=i).rev() {
                p[j - 1] = tr.back[st[j] + p[j]] as usize;
            }
            for j in i..n - 1 {
                p[j + 1] = next[st[j] + p[j]] as usize;
            }
            alts.push(Alternative { token: i, change: kind, margin: total - m, path: p });
        }
    }
    (path, alts)
}

/// Hashes of every feature of a path (state and transitions), for perceptron updates.
#[cfg(dikduk_train)]
pub fn path_features(model: &Model, lat: &Lattice, path: &[usize], out: &mut Vec<u64>) {
    let mut prev = BOUNDARY_KEYS;
    for (i, &k) in path.iter().enumerate() {
        let c = &lat.toks[i].cands[k];
        lat.state_features(model, i, c, out);
        let keys = lat.toks[i].pair_keys(model, c);
        out.extend_from_slice(&pair_features(&prev, &keys));
        prev = keys;
    }
    if !path.is_empty() {
        out.extend_from_slice(&pair_features(&prev, &BOUNDARY_KEYS));
    }
}

#[cfg(all(test, dikduk_train))]
mod tests {
    use super::*;

    fn path_score(model: &Model, lat: &Lattice, path: &[usize]) -> i64 {
        let mut fs = Vec::new();
        path_features(model, lat, path, &mut fs);
        fs.iter().map(|&f| model.weight(f)).sum()
    }

    /// Every alternative is the best path through another segmentation of its token, scoring its
    /// margin below the best path, and no other token has one within the limit (checked against a
    /// Viterbi forced off the best segmentation of each token in turn).
    #[test]
    fn close_alternatives_are_the_forced_best_paths() {
        let Ok(model) = crate::morph::model() else {
            eprintln!("skipped: no morphology model embedded");
            return;
        };
        let text = "ובבית הספר שמן הוא לימד את הארקין ושידו נשברה. הוא עבר בוועדת הכספים ובכן לידי הגדר. \
                    מגיעים לישראל כמתנדבים ועובדים בשכירים זולים.";
        let seg = crate::text::segment(text);
        let mut seen = [0; 2];
        for s in &seg.sentences {
            let toks: Vec<(&str, crate::document::TokenKind)> =
                seg.tokens[s.tokens.clone()].iter().map(|t| (&text[t.range.clone()], t.kind)).collect();
            let lat = Lattice::build(model, &model.dicts, &toks);
            let weights = |h: u64| model.weight(h);
            for delta in [0, 2000, 40_000] {
                for kind in [Change::Split, Change::Tags] {
                    let limits = match kind {
                        Change::Split => Limits { split: delta, tags: -1 },
                        Change::Tags => Limits { split: -1, tags: delta },
                    };
                    let (best, alts) = close_alternatives(model, &lat, limits);
                    assert_eq!(best, viterbi(model, &lat));
                    assert!(alts.iter().all(|a| a.change == kind));
                    let top = path_score(model, &lat, &best);
                    for i in 0..lat.len() {
                        let other: Vec<bool> =
                            (0..lat.toks[i].cands.len()).map(|k| change(model, &lat, i, k, best[i]) == Some(kind)).collect();
                        let alt = alts.iter().find(|a| a.token == i);
                        if !other.contains(&true) {
                            assert!(alt.is_none());
                            continue;
                        }
                        let forced =
                            viterbi_with_cost(model, &lat, weights, |t, k| if t == i && !other[k] { -(1 << 50) } else { 0 });
                        let margin = top - path_score(model, &lat, &forced);
                        match alt {
                            Some(a) => {
                                seen[kind as usize] += 1;
                                assert_eq!(a.margin, margin, "token {i}");
                                assert!(a.margin <= delta);
                                assert!(other[a.path[i]]);
                                assert_eq!(path_score(model, &lat, &a.path), top - a.margin);
                            }
                            None => assert!(margin > delta, "token {i}: margin {margin} within {delta} but not offered"),
                        }
                    }
                }
            }
        }
        assert!(seen[0] > 0 && seen[1] > 0, "no alternative of some kind: {seen:?}");
    }
}
