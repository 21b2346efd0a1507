//! Invariants every [`Document`] must satisfy, checked by the fuzz targets (`fuzz/`), the
//! adversarial tests (native and WASM) and the replay of the committed fuzz seeds.
//!
//! [`check_document`] states them exactly: every span is in bounds, on UTF-16 character
//! boundaries (never between the two halves of a surrogate pair) and slices the input to the text
//! it records; tokens are in order, non-empty, non-overlapping, free of whitespace, and cover every
//! character that is neither Unicode White_Space nor an invisible format mark
//! ([`crate::text::chars::is_format`]: bidi marks and isolates, zero-width space, word joiner, BOM,
//! soft hyphen); sentences partition the tokens and lie in paragraphs; entities lie inside their
//! tokens' spans and morphemes; indices into other lists are in range; the JSON round-trips.
//! The `check_*_bytes` functions are the fuzz targets' bodies, shared with the seed replay test.

use crate::document::Document;
use crate::text::chars;

/// Entity labels a document may contain.
pub const ENTITY_LABELS: &[&str] = &["PER", "ORG", "GPE", "LOC", "FAC", "EVE", "WOA", "DUC", "ANG"];

/// Value kinds a document may contain.
pub const VALUE_KINDS: &[&str] = &["date", "time", "duration", "number", "percent", "money"];

/// Maps UTF-16 offsets of one text to byte offsets; `None` inside a character.
struct Utf16Map {
    /// `byte[u]` = byte offset of UTF-16 offset `u`, `usize::MAX` between two surrogate halves.
    byte: Vec<usize>,
}

impl Utf16Map {
    fn new(text: &str) -> Self {
        let mut byte = Vec::with_capacity(text.len() + 1);
        for (i, c) in text.char_indices() {
            byte.push(i);
            if c.len_utf16() == 2 {
                byte.push(usize::MAX);
            }
        }
        byte.push(text.len());
        Utf16Map { byte }
    }

    /// Length in UTF-16 code units.
    fn len(&self) -> usize {
        self.byte.len() - 1
    }

    /// Byte offset of UTF-16 offset `u`, if it is a character boundary inside the text.
    fn at(&self, u: usize) -> Option<usize> {
        self.byte.get(u).copied().filter(|&b| b != usize::MAX)
    }

    /// The byte range of `[start, end)`, checked: in bounds, ordered, on character boundaries.
    fn span(&self, what: &str, start: usize, end: usize) -> Result<std::ops::Range<usize>, String> {
        if start > end || end > self.len() {
            return Err(format!("{what} {start}..{end} is out of bounds (length {})", self.len()));
        }
        match (self.at(start), self.at(end)) {
            (Some(a), Some(b)) => Ok(a..b),
            _ => Err(format!("{what} {start}..{end} splits a surrogate pair")),
        }
    }
}

/// Checks every invariant of `doc` as the annotation of `text` (see the module docs); the error
/// says which one fails and where.
pub fn check_document(text: &str, doc: &Document) -> Result<(), String> {
    let map = Utf16Map::new(text);
    if doc.schema != crate::SCHEMA {
        return Err(format!("schema is {:?}", doc.schema));
    }
    if doc.length != map.len() {
        return Err(format!("length {} but the text has {} UTF-16 units", doc.length, map.len()));
    }
    // Tokens: ordered, non-empty, non-overlapping, exact text, no whitespace, covering the text.
    let mut covered_to = 0usize; // byte offset up to which the text is accounted for
    let mut prev_end = 0usize;
    for (i, t) in doc.tokens.iter().enumerate() {
        let what = format!("token {i}");
        let r = map.span(&what, t.start, t.end)?;
        if t.start >= t.end {
            return Err(format!("{what} {}..{} is empty", t.start, t.end));
        }
        if t.start < prev_end {
            return Err(format!("{what} {}..{} overlaps or precedes the previous one", t.start, t.end));
        }
        let s = &text[r.clone()];
        if t.text != s {
            return Err(format!("{what} text {:?} but the span holds {s:?}", t.text));
        }
        if let Some(c) = s.chars().find(|c| c.is_whitespace()) {
            return Err(format!("{what} {s:?} contains whitespace {c:?}"));
        }
        uncovered(text, covered_to, r.start)?;
        covered_to = r.end;
        prev_end = t.end;
    }
    uncovered(text, covered_to, text.len())?;
    let n_tokens = doc.tokens.len();
    let mut first_morpheme = Vec::with_capacity(n_tokens + 1);
    let mut n_morphemes = 0usize;
    for t in &doc.tokens {
        first_morpheme.push(n_morphemes);
        n_morphemes += t.morphemes.len();
    }
    first_morpheme.push(n_morphemes);
    // Paragraphs and sentences.
    let mut prev_end = 0usize;
    for (i, p) in doc.paragraphs.iter().enumerate() {
        map.span(&format!("paragraph {i}"), p.start, p.end)?;
        if p.start >= p.end || p.start < prev_end {
            return Err(format!("paragraph {i} {}..{} is empty, or out of order", p.start, p.end));
        }
        prev_end = p.end;
    }
    let mut next_token = 0usize;
    let mut para = 0usize; // sentences and paragraphs are both in order: one pass
    for (i, s) in doc.sentences.iter().enumerate() {
        map.span(&format!("sentence {i}"), s.start, s.end)?;
        if s.token_start != next_token || s.token_end <= s.token_start || s.token_end > n_tokens {
            return Err(format!(
                "sentence {i} holds tokens {}..{}; sentences must partition the {n_tokens} tokens",
                s.token_start, s.token_end
            ));
        }
        let (a, b) = (&doc.tokens[s.token_start], &doc.tokens[s.token_end - 1]);
        if (s.start, s.end) != (a.start, b.end) {
            return Err(format!("sentence {i} {}..{} does not match its tokens {}..{}", s.start, s.end, a.start, b.end));
        }
        while doc.paragraphs.get(para).is_some_and(|p| p.end < s.end) {
            para += 1;
        }
        if !doc.paragraphs.get(para).is_some_and(|p| p.start <= s.start && s.end <= p.end) {
            return Err(format!("sentence {i} {}..{} lies in no paragraph", s.start, s.end));
        }
        check_tree(doc, i, s.token_start..s.token_end)?;
        next_token = s.token_end;
    }
    if next_token != n_tokens {
        return Err(format!("sentences cover {next_token} of {n_tokens} tokens"));
    }
    // Entities: inside their tokens' spans and morphemes, in order.
    let mut prev_start = 0usize;
    for (i, e) in doc.entities.iter().enumerate() {
        let what = format!("entity {i}");
        let r = map.span(&what, e.start, e.end)?;
        if e.start >= e.end || e.start < prev_start {
            return Err(format!("{what} {}..{} is empty or out of order", e.start, e.end));
        }
        prev_start = e.start;
        if text[r.clone()] != e.text {
            return Err(format!("{what} text {:?} but the span holds {:?}", e.text, &text[r]));
        }
        if !ENTITY_LABELS.contains(&e.label.as_str()) {
            return Err(format!("{what} has label {:?}", e.label));
        }
        if e.token_start >= e.token_end || e.token_end > n_tokens {
            return Err(format!("{what} has tokens {}..{} of {n_tokens}", e.token_start, e.token_end));
        }
        let (ta, tb) = (&doc.tokens[e.token_start], &doc.tokens[e.token_end - 1]);
        if e.start < ta.start || e.start >= ta.end || e.end != tb.end {
            return Err(format!(
                "{what} {}..{} is not inside its tokens {}..{}",
                e.start, e.end, ta.start, tb.end
            ));
        }
        let (ma, mb) = (first_morpheme[e.token_start], first_morpheme[e.token_end]);
        if e.morpheme_start >= e.morpheme_end
            || e.morpheme_start < ma
            || e.morpheme_start >= first_morpheme[e.token_start + 1]
            || e.morpheme_end > mb
            || e.morpheme_end <= first_morpheme[e.token_end - 1]
        {
            return Err(format!(
                "{what} has morphemes {}..{}, its tokens hold {ma}..{mb}",
                e.morpheme_start, e.morpheme_end
            ));
        }
    }
    // Values and quotes: spans that slice the text; speakers index the entities.
    for (i, v) in doc.values.iter().enumerate() {
        let r = map.span(&format!("value {i}"), v.start, v.end)?;
        if v.start >= v.end || text[r.clone()] != v.text || !VALUE_KINDS.contains(&v.kind.as_str()) {
            return Err(format!("value {i} {:?} {}..{} {:?} is empty, has another text or kind", v.kind, v.start, v.end, v.text));
        }
    }
    for (i, q) in doc.quotes.iter().enumerate() {
        let r = map.span(&format!("quote {i}"), q.start, q.end)?;
        if q.start >= q.end || text[r.clone()] != q.text {
            return Err(format!("quote {i} {}..{} {:?} is empty or has another text", q.start, q.end, q.text));
        }
        if q.speaker.is_some_and(|s| s >= doc.entities.len()) {
            return Err(format!("quote {i} has speaker {:?} of {} entities", q.speaker, doc.entities.len()));
        }
    }
    for (i, g) in doc.entity_groups.iter().enumerate() {
        if g.count != g.mentions.len() || g.mentions.is_empty() {
            return Err(format!("entity group {i} has count {} and {} mentions", g.count, g.mentions.len()));
        }
        // The group's label is the label of most of its mentions, so at least one has it.
        let mut labelled = false;
        for &m in &g.mentions {
            match doc.entities.get(m) {
                Some(e) => labelled |= e.label == g.label,
                None => return Err(format!("entity group {i} ({}) names mention {m} of {}", g.label, doc.entities.len())),
            }
        }
        if !labelled {
            return Err(format!("entity group {i} ({}): no mention has its label", g.label));
        }
    }
    check_json_round_trip(doc)
}

/// Errors unless sentence `i`'s morphemes (tokens `toks`) have no syntax at all, or form one
/// tree: each has a head and a relation, heads lie inside the sentence, exactly one word is the
/// root (relation `root`), and following heads from any word reaches it (no cycles).
pub fn check_tree(doc: &Document, i: usize, toks: std::ops::Range<usize>) -> Result<(), String> {
    let words: Vec<&crate::Morpheme> = doc.tokens[toks].iter().flat_map(|t| &t.morphemes).collect();
    let parsed = words.iter().filter(|m| m.head.is_some() || m.deprel.is_some()).count();
    if parsed == 0 {
        return Ok(());
    }
    let n = words.len();
    if parsed != n {
        return Err(format!("sentence {i}: {parsed} of its {n} words have syntax"));
    }
    let heads: Vec<usize> = words.iter().map(|m| m.head.unwrap_or(0)).collect();
    if let Some(k) = heads.iter().position(|&h| h > n) {
        return Err(format!("sentence {i}: word {} has head {} outside the sentence", k + 1, heads[k]));
    }
    let roots: Vec<usize> = (0..n).filter(|&k| heads[k] == 0).collect();
    if roots.len() != 1 || words[roots[0]].deprel.as_deref() != Some("root") {
        return Err(format!("sentence {i}: roots {roots:?} (must be exactly one, with relation root)"));
    }
    if let Some(k) = (0..n).find(|&k| words[k].deprel.as_deref().map_or(true, |d| d.is_empty() || (d == "root") != (heads[k] == 0))) {
        return Err(format!("sentence {i}: word {} has relation {:?} with head {}", k + 1, words[k].deprel, heads[k]));
    }
    // 0: not seen, 1: on the path being followed, 2: reaches the root. Linear in n.
    let mut state = vec![0u8; n];
    let mut path = Vec::new();
    for start in 0..n {
        let mut k = start;
        path.clear();
        while state[k] == 0 {
            state[k] = 1;
            path.push(k);
            if heads[k] == 0 {
                break;
            }
            k = heads[k] - 1;
        }
        if state[k] == 1 && heads[k] != 0 {
            return Err(format!("sentence {i}: word {} is in a cycle", k + 1));
        }
        path.iter().for_each(|&p| state[p] = 2);
    }
    Ok(())
}

/// Errors unless every character of `text[from..to]` is whitespace or an invisible format mark.
fn uncovered(text: &str, from: usize, to: usize) -> Result<(), String> {
    match text.get(from..to) {
        None => Err(format!("bytes {from}..{to} are not a character range")),
        Some(gap) => match gap.char_indices().find(|&(_, c)| !c.is_whitespace() && !chars::is_format(c)) {
            Some((i, c)) => Err(format!("character {c:?} at byte {} is in no token", from + i)),
            None => Ok(()),
        },
    }
}

/// Errors unless `doc` → JSON → `Document` gives `doc` back and the same JSON again.
pub fn check_json_round_trip(doc: &Document) -> Result<(), String> {
    let json = serde_json::to_string(doc).map_err(|e| format!("cannot serialize: {e}"))?;
    let back: Document = serde_json::from_str(&json).map_err(|e| format!("JSON does not parse back: {e}"))?;
    if &back != doc {
        return Err("the document differs after a JSON round trip".into());
    }
    let again = serde_json::to_string(&back).map_err(|e| format!("cannot serialize: {e}"))?;
    if again != json {
        return Err("the JSON differs after a round trip".into());
    }
    Ok(())
}

/// Fuzz target body for `annotate`: input bytes as (lossy) UTF-8, annotated with every option
/// combination picked by the first byte, then [`check_document`] (with morphology, in both
/// conventions).
pub fn check_annotate_bytes(data: &[u8]) -> Result<(), String> {
    let (flags, rest) = match data.split_first() {
        Some((&f, rest)) if f < 0x10 => (f, rest),
        _ => (0x0F, data),
    };
    let text = String::from_utf8_lossy(rest);
    let options = crate::Options {
        morphology: flags & 1 != 0,
        entities: flags & 2 != 0,
        values: flags & 4 != 0,
        quotes: flags & 8 != 0,
        parse: flags & 1 != 0,
        conventions: crate::morph::conventions::Conventions::Htb,
    };
    let doc = crate::annotate(&text, &options);
    check_document(&text, &doc)?;
    // The same in IAHLT conventions (only the morphemes and the entities' morpheme indices differ).
    if options.morphology {
        let options = crate::Options { conventions: crate::morph::conventions::Conventions::Iahlt, ..options };
        check_document(&text, &crate::annotate(&text, &options))?;
    }
    Ok(())
}

/// Fuzz target body for the CoNLL-U reader: parse never panics, and what it reads writes back to
/// text that parses to the same sentences.
pub fn check_conllu_bytes(data: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(data);
    let Ok(sentences) = crate::conllu::parse(&text) else { return Ok(()) };
    let written = crate::conllu::write_sentences(&sentences);
    match crate::conllu::parse(&written) {
        Ok(again) if again == sentences => Ok(()),
        Ok(_) => Err("CoNLL-U written back parses to other sentences".into()),
        Err(e) => Err(format!("CoNLL-U written back does not parse: {e}")),
    }
}

/// Fuzz target body for the evaluation: the input, split at its first NUL byte (or in half), is
/// gold and system CoNLL-U; loading and scoring never panic and every score lies in `[0, 1]`.
/// Also evaluates a file against itself, which must score 1 wherever there is anything to score.
pub fn check_eval_bytes(data: &[u8]) -> Result<(), String> {
    let cut = data.iter().position(|&b| b == 0).unwrap_or(data.len() / 2);
    let gold = String::from_utf8_lossy(&data[..cut]);
    let system = String::from_utf8_lossy(data.get(cut + 1..).unwrap_or(&[]));
    for (g, s) in [(&gold, &system), (&gold, &gold)] {
        if let Ok(scores) = crate::eval::evaluate_str(g, s) {
            for (name, m) in scores.metrics() {
                let ok = |x: f64| (0.0..=1.0).contains(&x);
                if !ok(m.precision) || !ok(m.recall) || !ok(m.f1) || !m.aligned_accuracy.map_or(true, ok) {
                    return Err(format!("{name} score out of range: {m:?}"));
                }
                if std::ptr::eq(g, s) && m.gold_total > 0 && m.f1 != 1.0 {
                    return Err(format!("{name} of a file against itself is {m:?}"));
                }
            }
        }
        if let Ok(ner) = crate::eval::ner::evaluate_ner_str(g, s) {
            let _ = ner.table();
        }
    }
    Ok(())
}
