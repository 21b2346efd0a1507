//! CoNLL 2018 shared-task evaluation: a faithful port of the official `conll18_ud_eval.py`
//! (version 1.2, UFAL), plus named-entity evaluation in [`ner`].
//!
//! Everything follows the official script, including its quirks: lines split on `\n`, `\r\n` and
//! `\r` (Python's universal newlines), comments are only allowed before a sentence's first word
//! line, spaces (Unicode category Zs) are removed from token FORMs, gold and system must have the
//! same concatenation of token characters, tokens and sentences are compared as character spans,
//! words inside multiword tokens are aligned by an LCS over lower-cased FORMs within each minimal
//! "multiword span", UFeats keeps only the universal features, DEPREL subtypes are ignored, and a
//! gold lemma `_` matches any system lemma. Errors are [`EvalError`] values with the official
//! messages.

pub mod ner;

use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// Dependency relations counted as content relations by CLAS, MLAS and BLEX.
pub const CONTENT_DEPRELS: &[&str] = &[
    "nsubj",
    "obj",
    "iobj",
    "csubj",
    "ccomp",
    "xcomp",
    "obl",
    "vocative",
    "expl",
    "dislocated",
    "advcl",
    "advmod",
    "discourse",
    "nmod",
    "appos",
    "nummod",
    "acl",
    "amod",
    "conj",
    "fixed",
    "flat",
    "compound",
    "list",
    "parataxis",
    "orphan",
    "goeswith",
    "reparandum",
    "root",
    "dep",
];

/// Dependency relations of the functional children that MLAS compares.
pub const FUNCTIONAL_DEPRELS: &[&str] = &["aux", "cop", "mark", "det", "clf", "case", "cc"];

/// Features that UFeats compares (all others are dropped before comparison).
pub const UNIVERSAL_FEATURES: &[&str] = &[
    "PronType", "NumType", "Poss", "Reflex", "Foreign", "Abbr", "Gender", "Animacy", "Number",
    "Case", "Definite", "Degree", "VerbForm", "Mood", "Tense", "Aspect", "Voice", "Evident",
    "Polarity", "Person", "Polite",
];

/// An evaluation failure (the official script's `UDError`), with its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError {
    /// Human-readable message, worded as in the official script.
    pub message: String,
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EvalError {}

fn fail<T>(message: impl Into<String>) -> Result<T, EvalError> {
    Err(EvalError {
        message: message.into(),
    })
}

/// A half-open span `[start, end)` of indices into [`UdDocument::characters`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CharSpan {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// One syntactic word as the evaluation sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UdWord {
    /// Span of the word, or of its whole multiword token when `is_multiword`.
    pub span: CharSpan,
    /// FORM as written (spaces removed only for plain word lines).
    pub form: String,
    /// LEMMA column.
    pub lemma: String,
    /// UPOS column.
    pub upos: String,
    /// XPOS column.
    pub xpos: String,
    /// Universal features only, sorted and `|`-joined (empty when none).
    pub feats: String,
    /// HEAD column as written.
    pub head: String,
    /// DEPREL without its subtype (`nmod:poss` → `nmod`).
    pub deprel: String,
    /// MISC column as written.
    pub misc: String,
    /// True when the word belongs to a multiword token.
    pub is_multiword: bool,
    /// Index in [`UdDocument::words`] of the head word; `None` for the root.
    pub parent: Option<usize>,
    /// Indices of the children attached with a functional relation, in order.
    pub functional_children: Vec<usize>,
    /// Index of the sentence (in [`UdDocument::sentences`]) the word belongs to.
    pub sentence: usize,
}

impl UdWord {
    fn is_content_deprel(&self) -> bool {
        CONTENT_DEPRELS.contains(&self.deprel.as_str())
    }
    fn is_functional_deprel(&self) -> bool {
        FUNCTIONAL_DEPRELS.contains(&self.deprel.as_str())
    }
}

/// A CoNLL-U file loaded for evaluation (the official script's `UDRepresentation`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UdDocument {
    /// Characters of all tokens of the file, without whitespace.
    pub characters: Vec<char>,
    /// Token spans (one per multiword token or plain word line).
    pub tokens: Vec<CharSpan>,
    /// All syntactic words.
    pub words: Vec<UdWord>,
    /// Sentence spans.
    pub sentences: Vec<CharSpan>,
}

/// Unicode general category Zs (space separators), which the official script strips from FORMs.
pub fn is_zs(c: char) -> bool {
    matches!(
        c,
        '\u{20}' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Python's `int()` on a string: surrounding whitespace, an optional sign, ASCII digits with
/// single underscores between them.
fn py_int(s: &str) -> Option<i64> {
    let t = s.trim();
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if !clean.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: i64 = clean.parse().ok()?;
    Some(if neg { -v } else { v })
}

/// Splits like Python's universal-newline `readline`, returning lines without their terminator.
fn py_lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push(&text[start..i]);
                i += 1;
                start = i;
            }
            b'\r' => {
                out.push(&text[start..i]);
                i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < b.len() {
        out.push(&text[start..]);
    }
    out
}

fn make_word(span: CharSpan, cols: &[&str], is_multiword: bool, sentence: usize) -> UdWord {
    let mut feats: Vec<&str> = cols[5]
        .split('|')
        .filter(|f| UNIVERSAL_FEATURES.contains(&f.split('=').next().unwrap_or("")))
        .collect();
    feats.sort_unstable();
    UdWord {
        span,
        form: cols[1].to_string(),
        lemma: cols[2].to_string(),
        upos: cols[3].to_string(),
        xpos: cols[4].to_string(),
        feats: feats.join("|"),
        head: cols[6].to_string(),
        deprel: cols[7].split(':').next().unwrap_or("").to_string(),
        misc: cols[9].to_string(),
        is_multiword,
        parent: None,
        functional_children: Vec::new(),
        sentence,
    }
}

/// Resolves HEADs of the words from `start` on, checking ranges, cycles and the single root.
fn finish_sentence(ud: &mut UdDocument, start: usize) -> Result<(), EvalError> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Unset,
        Remapping,
        Parent(usize),
    }
    let n = ud.words.len() - start;
    let mut state = vec![State::Unset; n];
    for i in 0..n {
        let mut path = Vec::new();
        let mut cur = i;
        loop {
            match state[cur] {
                State::Remapping => return fail("There is a cycle in a sentence"),
                State::Parent(_) => break,
                State::Unset => {
                    let raw = &ud.words[start + cur].head;
                    let Some(head) = py_int(raw) else {
                        return fail(format!("Cannot parse HEAD '{raw}'"));
                    };
                    if head < 0 || head as usize > n {
                        return fail(format!("HEAD '{raw}' points outside of the sentence"));
                    }
                    if head == 0 {
                        break;
                    }
                    state[cur] = State::Remapping;
                    path.push((cur, head as usize - 1));
                    cur = head as usize - 1;
                }
            }
        }
        for &(w, p) in path.iter().rev() {
            state[w] = State::Parent(p);
        }
    }
    let mut roots = 0;
    for (i, s) in state.iter().enumerate() {
        match *s {
            State::Parent(p) => ud.words[start + i].parent = Some(start + p),
            _ => roots += 1,
        }
    }
    for i in start..ud.words.len() {
        if let Some(p) = ud.words[i].parent {
            if ud.words[i].is_functional_deprel() {
                ud.words[p].functional_children.push(i);
            }
        }
    }
    if roots != 1 {
        return fail("There are multiple roots in a sentence");
    }
    Ok(())
}

/// Loads CoNLL-U text exactly as the official `load_conllu` does (same checks, same messages).
pub fn load_conllu(text: &str) -> Result<UdDocument, EvalError> {
    let mut ud = UdDocument::default();
    let lines = py_lines(text);
    let mut li = 0;
    let mut index = 0;
    let mut sentence_start: Option<usize> = None;
    let cols_err = |l: &str| {
        fail(format!(
            "The CoNLL-U line does not contain 10 tab-separated columns: '{l}'"
        ))
    };
    while li < lines.len() {
        let line = lines[li];
        li += 1;
        let sstart = match sentence_start {
            Some(s) => s,
            None => {
                if line.starts_with('#') {
                    continue;
                }
                ud.sentences.push(CharSpan {
                    start: index,
                    end: 0,
                });
                sentence_start = Some(ud.words.len());
                ud.words.len()
            }
        };
        if line.is_empty() {
            finish_sentence(&mut ud, sstart)?;
            if let Some(s) = ud.sentences.last_mut() {
                s.end = index;
            }
            sentence_start = None;
            continue;
        }
        let mut cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return cols_err(line);
        }
        if cols[0].contains('.') {
            continue;
        }
        let form: String = cols[1].chars().filter(|&c| !is_zs(c)).collect();
        if form.is_empty() {
            return fail("There is an empty FORM in the CoNLL-U file");
        }
        let len = form.chars().count();
        ud.characters.extend(form.chars());
        let span = CharSpan {
            start: index,
            end: index + len,
        };
        ud.tokens.push(span);
        index += len;
        let sentence = ud.sentences.len() - 1;

        if cols[0].contains('-') {
            let parts: Vec<Option<i64>> = cols[0].split('-').map(py_int).collect();
            let (start, end) = match parts.as_slice() {
                [Some(a), Some(b)] => (*a, *b),
                _ => return fail(format!("Cannot parse multi-word token ID '{}'", cols[0])),
            };
            for _ in start..=end {
                let wl = lines.get(li).copied().unwrap_or("");
                li += 1;
                let wc: Vec<&str> = wl.split('\t').collect();
                if wc.len() != 10 {
                    return cols_err(wl);
                }
                ud.words.push(make_word(span, &wc, true, sentence));
            }
        } else {
            let Some(word_id) = py_int(cols[0]) else {
                return fail(format!("Cannot parse word ID '{}'", cols[0]));
            };
            let expected = ud.words.len() - sstart + 1;
            if word_id != expected as i64 {
                return fail(format!(
                    "Incorrect word ID '{}' for word '{}', expected '{}'",
                    cols[0], form, expected
                ));
            }
            match py_int(cols[6]) {
                None => return fail(format!("Cannot parse HEAD '{}'", cols[6])),
                Some(h) if h < 0 => return fail("HEAD cannot be negative"),
                _ => {}
            }
            cols[1] = &form;
            ud.words.push(make_word(span, &cols, false, sentence));
        }
    }
    if sentence_start.is_some() {
        return fail("The CoNLL-U file does not end with empty line");
    }
    Ok(ud)
}

/// One metric: counts, precision, recall, F1 and (for tag metrics) accuracy on aligned words.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    /// Correct items.
    pub correct: usize,
    /// Items in the gold file.
    pub gold_total: usize,
    /// Items in the system file.
    pub system_total: usize,
    /// Aligned words considered (`None` for Tokens, Sentences and Words).
    pub aligned_total: Option<usize>,
    /// `correct / system_total` (0 when there are none).
    pub precision: f64,
    /// `correct / gold_total` (0 when there are none).
    pub recall: f64,
    /// `2 * correct / (system_total + gold_total)` (0 when there are none).
    pub f1: f64,
    /// `correct / aligned_total` (0 when it is 0, `None` when `aligned_total` is `None`).
    pub aligned_accuracy: Option<f64>,
}

impl Score {
    /// Computes the ratios from counts, as the official `Score` class does.
    pub fn new(
        gold_total: usize,
        system_total: usize,
        correct: usize,
        aligned_total: Option<usize>,
    ) -> Score {
        let c = correct as f64;
        Score {
            correct,
            gold_total,
            system_total,
            aligned_total,
            precision: if system_total > 0 {
                c / system_total as f64
            } else {
                0.0
            },
            recall: if gold_total > 0 {
                c / gold_total as f64
            } else {
                0.0
            },
            f1: if system_total + gold_total > 0 {
                2.0 * c / (system_total + gold_total) as f64
            } else {
                0.0
            },
            aligned_accuracy: aligned_total.map(|a| if a > 0 { c / a as f64 } else { 0.0 }),
        }
    }
}

/// All CoNLL 2018 metrics. Serialises with the official metric names as keys.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct Scores {
    #[serde(rename = "Tokens")]
    pub tokens: Score,
    #[serde(rename = "Sentences")]
    pub sentences: Score,
    #[serde(rename = "Words")]
    pub words: Score,
    #[serde(rename = "UPOS")]
    pub upos: Score,
    #[serde(rename = "XPOS")]
    pub xpos: Score,
    #[serde(rename = "UFeats")]
    pub ufeats: Score,
    #[serde(rename = "AllTags")]
    pub alltags: Score,
    #[serde(rename = "Lemmas")]
    pub lemmas: Score,
    #[serde(rename = "UAS")]
    pub uas: Score,
    #[serde(rename = "LAS")]
    pub las: Score,
    #[serde(rename = "CLAS")]
    pub clas: Score,
    #[serde(rename = "MLAS")]
    pub mlas: Score,
    #[serde(rename = "BLEX")]
    pub blex: Score,
}

impl Scores {
    /// The metrics in the official order, with their official names.
    pub fn metrics(&self) -> [(&'static str, &Score); 13] {
        [
            ("Tokens", &self.tokens),
            ("Sentences", &self.sentences),
            ("Words", &self.words),
            ("UPOS", &self.upos),
            ("XPOS", &self.xpos),
            ("UFeats", &self.ufeats),
            ("AllTags", &self.alltags),
            ("Lemmas", &self.lemmas),
            ("UAS", &self.uas),
            ("LAS", &self.las),
            ("CLAS", &self.clas),
            ("MLAS", &self.mlas),
            ("BLEX", &self.blex),
        ]
    }

    /// The table the official script prints with `--verbose`.
    pub fn verbose_table(&self) -> String {
        let mut s = String::from("Metric     | Precision |    Recall |  F1 Score | AligndAcc\n");
        s.push_str("-----------+-----------+-----------+-----------+-----------\n");
        for (name, m) in self.metrics() {
            s.push_str(&format!(
                "{:11}|{:10.2} |{:10.2} |{:10.2} |{}\n",
                name,
                100.0 * m.precision,
                100.0 * m.recall,
                100.0 * m.f1,
                m.aligned_accuracy
                    .map(|a| format!("{:10.2}", 100.0 * a))
                    .unwrap_or_default()
            ));
        }
        s
    }

    /// The three lines the official script prints without `--verbose`.
    pub fn summary(&self) -> String {
        format!(
            "LAS F1 Score: {:.2}\nMLAS Score: {:.2}\nBLEX Score: {:.2}\n",
            100.0 * self.las.f1,
            100.0 * self.mlas.f1,
            100.0 * self.blex.f1
        )
    }
}

/// Gold–system word alignment: pairs of indices into the two documents' `words`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alignment {
    /// Aligned `(gold word, system word)` pairs, in order.
    pub matched: Vec<(usize, usize)>,
    /// For each system word, the gold word it is aligned to.
    pub system_to_gold: HashMap<usize, usize>,
}

fn spans_score(gold: &[CharSpan], system: &[CharSpan]) -> Score {
    let (mut correct, mut gi, mut si) = (0, 0, 0);
    while gi < gold.len() && si < system.len() {
        if system[si].start < gold[gi].start {
            si += 1;
        } else if gold[gi].start < system[si].start {
            gi += 1;
        } else {
            correct += usize::from(gold[gi].end == system[si].end);
            si += 1;
            gi += 1;
        }
    }
    Score::new(gold.len(), system.len(), correct, None)
}

fn beyond_end(words: &[UdWord], i: usize, end: usize) -> bool {
    match words.get(i) {
        None => true,
        Some(w) if w.is_multiword => w.span.start >= end,
        Some(w) => w.span.end > end,
    }
}

fn extend_end(word: &UdWord, end: usize) -> usize {
    if word.is_multiword && word.span.end > end {
        word.span.end
    } else {
        end
    }
}

fn find_multiword_span(
    g: &[UdWord],
    s: &[UdWord],
    mut gi: usize,
    mut si: usize,
) -> (usize, usize, usize, usize) {
    let mut end;
    if g[gi].is_multiword {
        end = g[gi].span.end;
        if !s[si].is_multiword && s[si].span.start < g[gi].span.start {
            si += 1;
        }
    } else {
        end = s[si].span.end;
        if !g[gi].is_multiword && g[gi].span.start < s[si].span.start {
            gi += 1;
        }
    }
    let (gs, ss) = (gi, si);
    while !beyond_end(g, gi, end) || !beyond_end(s, si, end) {
        if gi < g.len() && (si >= s.len() || g[gi].span.start <= s[si].span.start) {
            end = extend_end(&g[gi], end);
            gi += 1;
        } else {
            end = extend_end(&s[si], end);
            si += 1;
        }
    }
    (gs, ss, gi, si)
}

/// Aligns gold and system words as the official `align_words` does.
pub fn align_words(gold: &[UdWord], system: &[UdWord]) -> Alignment {
    let mut al = Alignment::default();
    let push = |al: &mut Alignment, g: usize, s: usize| {
        al.matched.push((g, s));
        al.system_to_gold.insert(s, g);
    };
    let lower = |w: &UdWord| w.form.to_lowercase();
    let (mut gi, mut si) = (0, 0);
    while gi < gold.len() && si < system.len() {
        if gold[gi].is_multiword || system[si].is_multiword {
            let (gs, ss, ge, se) = find_multiword_span(gold, system, gi, si);
            gi = ge;
            si = se;
            if se > ss && ge > gs {
                let (ng, ns) = (ge - gs, se - ss);
                let gl: Vec<String> = gold[gs..ge].iter().map(lower).collect();
                let sl: Vec<String> = system[ss..se].iter().map(lower).collect();
                let mut lcs = vec![vec![0usize; ns]; ng];
                for g in (0..ng).rev() {
                    for s in (0..ns).rev() {
                        if gl[g] == sl[s] {
                            lcs[g][s] = 1 + if g + 1 < ng && s + 1 < ns {
                                lcs[g + 1][s + 1]
                            } else {
                                0
                            };
                        }
                        if g + 1 < ng {
                            lcs[g][s] = lcs[g][s].max(lcs[g + 1][s]);
                        }
                        if s + 1 < ns {
                            lcs[g][s] = lcs[g][s].max(lcs[g][s + 1]);
                        }
                    }
                }
                let (mut g, mut s) = (0, 0);
                while g < ng && s < ns {
                    if gl[g] == sl[s] {
                        push(&mut al, gs + g, ss + s);
                        g += 1;
                        s += 1;
                    } else if lcs[g][s] == if g + 1 < ng { lcs[g + 1][s] } else { 0 } {
                        g += 1;
                    } else {
                        s += 1;
                    }
                }
            }
        } else if gold[gi].span == system[si].span {
            push(&mut al, gi, si);
            gi += 1;
            si += 1;
        } else if gold[gi].span.start <= system[si].span.start {
            gi += 1;
        } else {
            si += 1;
        }
    }
    al
}

/// What a HEAD (or functional child) maps to on the gold side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ref {
    Root,
    Gold(usize),
    NotAligned,
}

struct Scorer<'a> {
    gold: &'a UdDocument,
    system: &'a UdDocument,
    al: &'a Alignment,
}

/// A metric's key: (word, its "gold-aligned" mapper, the gold word of the pair) → comparable value.
type KeyFn<'a, K> = &'a dyn Fn(&UdWord, &dyn Fn(Option<usize>) -> Ref, &UdWord) -> K;

/// A gold word's HEAD on the gold side.
fn gold_ref(x: Option<usize>) -> Ref {
    x.map_or(Ref::Root, Ref::Gold)
}

impl Scorer<'_> {
    /// A system word's HEAD on the gold side: the gold word it is aligned to, if any.
    fn system_ref(&self, x: Option<usize>) -> Ref {
        match x {
            None => Ref::Root,
            Some(i) => self.al.system_to_gold.get(&i).map_or(Ref::NotAligned, |&j| Ref::Gold(j)),
        }
    }

    /// Gold words, system words and aligned pairs that pass `filter` (judged on the gold word).
    fn counts(&self, filter: &dyn Fn(&UdWord) -> bool) -> (usize, usize, usize) {
        let (g, s) = (&self.gold.words, &self.system.words);
        (
            g.iter().filter(|x| filter(x)).count(),
            s.iter().filter(|x| filter(x)).count(),
            self.al.matched.iter().filter(|(gi, _)| filter(&g[*gi])).count(),
        )
    }

    fn score<K: PartialEq>(
        &self,
        key: Option<KeyFn<'_, K>>,
        filter: Option<&dyn Fn(&UdWord) -> bool>,
    ) -> Score {
        let (g, s, w) = (&self.gold.words, &self.system.words, &self.al.matched);
        let (gold, system, aligned) = self.counts(filter.unwrap_or(&|_| true));
        let Some(key) = key else {
            return Score::new(gold, system, aligned, None);
        };
        let ga_gold = gold_ref;
        let ga_sys = |x: Option<usize>| self.system_ref(x);
        let mut correct = 0;
        for &(gi, si) in w {
            if filter.map_or(true, |f| f(&g[gi])) {
                // The "gold word of" a word, needed for the lemma rule, is the gold word itself.
                if key(&g[gi], &ga_gold, &g[gi]) == key(&s[si], &ga_sys, &g[gi]) {
                    correct += 1;
                }
            }
        }
        Score::new(gold, system, correct, Some(aligned))
    }
}

/// Compares the character sequences; on mismatch, the official error message.
fn check_characters(gold: &UdDocument, system: &UdDocument) -> Result<(), EvalError> {
    if gold.characters == system.characters {
        return Ok(());
    }
    let (g, s) = (&gold.characters, &system.characters);
    let mut i = 0;
    while i < g.len() && i < s.len() && g[i] == s[i] {
        i += 1;
    }
    let take = |v: &[char]| v.iter().skip(i).take(20).collect::<String>();
    fail(format!(
        "The concatenation of tokens in gold file and in system file differ!\n\
         First 20 differing characters in gold file: '{}' and system file: '{}'",
        take(g),
        take(s)
    ))
}

/// Evaluates loaded gold and system documents (the official `evaluate`).
pub fn evaluate(gold: &UdDocument, system: &UdDocument) -> Result<Scores, EvalError> {
    check_characters(gold, system)?;
    let al = align_words(&gold.words, &system.words);
    let sc = Scorer {
        gold,
        system,
        al: &al,
    };
    type Ga<'a> = &'a dyn Fn(Option<usize>) -> Ref;
    let content = |w: &UdWord| w.is_content_deprel();
    let content: &dyn Fn(&UdWord) -> bool = &content;
    let lemma = |w: &UdWord, g: &UdWord| {
        if g.lemma != "_" {
            w.lemma.clone()
        } else {
            "_".to_string()
        }
    };
    Ok(Scores {
        tokens: spans_score(&gold.tokens, &system.tokens),
        sentences: spans_score(&gold.sentences, &system.sentences),
        words: sc.score::<()>(None, None),
        upos: sc.score(Some(&|w: &UdWord, _: Ga, _: &UdWord| w.upos.clone()), None),
        xpos: sc.score(Some(&|w: &UdWord, _: Ga, _: &UdWord| w.xpos.clone()), None),
        ufeats: sc.score(Some(&|w: &UdWord, _: Ga, _: &UdWord| w.feats.clone()), None),
        alltags: sc.score(
            Some(&|w: &UdWord, _: Ga, _: &UdWord| {
                (w.upos.clone(), w.xpos.clone(), w.feats.clone())
            }),
            None,
        ),
        lemmas: sc.score(Some(&|w: &UdWord, _: Ga, g: &UdWord| lemma(w, g)), None),
        uas: sc.score(Some(&|w: &UdWord, ga: Ga, _: &UdWord| ga(w.parent)), None),
        las: sc.score(
            Some(&|w: &UdWord, ga: Ga, _: &UdWord| (ga(w.parent), w.deprel.clone())),
            None,
        ),
        clas: sc.score(
            Some(&|w: &UdWord, ga: Ga, _: &UdWord| (ga(w.parent), w.deprel.clone())),
            Some(content),
        ),
        mlas: sc.score_mlas(content),
        blex: sc.score(
            Some(&|w: &UdWord, ga: Ga, g: &UdWord| (ga(w.parent), w.deprel.clone(), lemma(w, g))),
            Some(content),
        ),
    })
}

impl Scorer<'_> {
    /// MLAS needs the functional children, which live in the word's own document.
    fn score_mlas(&self, content: &dyn Fn(&UdWord) -> bool) -> Score {
        type Key = (
            Ref,
            String,
            String,
            String,
            Vec<(Ref, String, String, String)>,
        );
        let key = |doc: &UdDocument, w: &UdWord, ga: &dyn Fn(Option<usize>) -> Ref| -> Key {
            (
                ga(w.parent),
                w.deprel.clone(),
                w.upos.clone(),
                w.feats.clone(),
                w.functional_children
                    .iter()
                    .map(|&c| {
                        let c_w = &doc.words[c];
                        (
                            ga(Some(c)),
                            c_w.deprel.clone(),
                            c_w.upos.clone(),
                            c_w.feats.clone(),
                        )
                    })
                    .collect(),
            )
        };
        let (g, s) = (&self.gold.words, &self.system.words);
        let (gold, system, aligned) = self.counts(&content);
        let ga_gold = gold_ref;
        let ga_sys = |x: Option<usize>| self.system_ref(x);
        let correct = self
            .al
            .matched
            .iter()
            .filter(|(gi, si)| {
                content(&g[*gi])
                    && key(self.gold, &g[*gi], &ga_gold) == key(self.system, &s[*si], &ga_sys)
            })
            .count();
        Score::new(gold, system, correct, Some(aligned))
    }
}

/// Loads both texts and evaluates them.
pub fn evaluate_str(gold: &str, system: &str) -> Result<Scores, EvalError> {
    evaluate(&load_conllu(gold)?, &load_conllu(system)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The official script's own unit tests (`TestAlignment`).
    fn load_words(words: &[&str]) -> UdDocument {
        let mut lines = Vec::new();
        let mut n = 0;
        for w in words {
            let parts: Vec<&str> = w.split(' ').collect();
            if parts.len() == 1 {
                n += 1;
                lines.push(format!(
                    "{n}\t{}\t_\t_\t_\t_\t{}\t_\t_\t_",
                    parts[0],
                    i32::from(n > 1)
                ));
            } else {
                lines.push(format!(
                    "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t_",
                    n + 1,
                    n + parts.len() - 1,
                    parts[0]
                ));
                for p in &parts[1..] {
                    n += 1;
                    lines.push(format!(
                        "{n}\t{p}\t_\t_\t_\t_\t{}\t_\t_\t_",
                        i32::from(n > 1)
                    ));
                }
            }
        }
        lines.push("\n".into());
        load_conllu(&lines.join("\n")).unwrap()
    }

    fn ok(gold: &[&str], system: &[&str], correct: usize) {
        let m = evaluate(&load_words(gold), &load_words(system)).unwrap();
        let count = |ws: &[&str]| {
            ws.iter()
                .map(|w| w.split(' ').count().max(2) - 1)
                .sum::<usize>()
        };
        let (gw, sw) = (count(gold) as f64, count(system) as f64);
        let c = correct as f64;
        assert_eq!(
            (m.words.precision, m.words.recall, m.words.f1),
            (c / sw, c / gw, 2.0 * c / (gw + sw)),
            "{gold:?} {system:?}"
        );
    }

    #[test]
    fn official_unit_tests() {
        assert!(evaluate(&load_words(&["a"]), &load_words(&["b"])).is_err());
        ok(&["a"], &["a"], 1);
        ok(&["a", "b", "c"], &["a", "b", "c"], 3);
        ok(&["abc a b c"], &["a", "b", "c"], 3);
        ok(&["a", "bc b c", "d"], &["a", "b", "c", "d"], 4);
        ok(&["abcd a b c d"], &["ab a b", "cd c d"], 4);
        ok(&["abc a b c", "de d e"], &["a", "bcd b c d", "e"], 5);
        ok(&["abcd"], &["a", "b", "c", "d"], 0);
        ok(&["abc", "d"], &["a", "b", "c", "d"], 1);
        ok(&["a", "bc", "d"], &["a", "b", "c", "d"], 2);
        ok(&["a", "bc b c", "d"], &["a", "b", "cd"], 2);
        ok(
            &["abc a BX c", "def d EX f"],
            &["ab a b", "cd c d", "ef e f"],
            4,
        );
        ok(&["ab a b", "cd bc d"], &["a", "bc", "d"], 2);
        ok(&["a", "bc b c", "d"], &["ab AX BX", "cd CX a"], 1);
    }

    #[test]
    fn loader_errors() {
        let e = |t: &str| load_conllu(t).unwrap_err().message;
        assert!(e("1\ta\n").contains("10 tab-separated"));
        assert!(e("1\ta\t_\t_\t_\t_\t0\t_\t_\t_\n").contains("does not end with empty line"));
        assert!(
            e("1\ta\t_\t_\t_\t_\t0\t_\t_\t_\n2\tb\t_\t_\t_\t_\t0\t_\t_\t_\n\n")
                .contains("multiple roots")
        );
        assert!(
            e("1\ta\t_\t_\t_\t_\t2\t_\t_\t_\n2\tb\t_\t_\t_\t_\t1\t_\t_\t_\n\n").contains("cycle")
        );
        assert!(e("1\ta\t_\t_\t_\t_\t5\t_\t_\t_\n\n").contains("outside"));
        assert!(e("2\ta\t_\t_\t_\t_\t0\t_\t_\t_\n\n").contains("Incorrect word ID"));
        assert!(
            e("1-2\tab\t_\t_\t_\t_\t_\t_\t_\t_\n1\ta\t_\t_\t_\t_\t0\t_\t_\t_\n")
                .contains("10 tab-separated")
        );
        assert_eq!(py_lines("a\r\nb\rc\n\nd"), vec!["a", "b", "c", "", "d"]);
        assert_eq!(py_int(" +1_0 "), Some(10));
        assert_eq!(py_int("_"), None);
    }
}
