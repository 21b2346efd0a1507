//! Named-entity evaluation: entity-level exact match (span and type), overall and per type, at
//! two levels, from BIOSE `NER=` labels in the MISC column of every syntactic word.
//!
//! * **Morpheme level**: an entity is a contiguous run of words within a sentence (`B-X I-X* E-X`
//!   or `S-X`). Gold and system may segment differently, so words are matched through the
//!   official CoNLL 2018 word alignment ([`super::align_words`]): a system entity equals a gold
//!   entity when the types are equal, its first word is aligned to the gold entity's first word
//!   and its last word to the gold entity's last word. With identical segmentation this is plain
//!   span equality.
//! * **Token level** (NEMO's token-single view): each entity is mapped to the surface tokens it
//!   touches, i.e. the character span from the start of its first token to the end of its last
//!   token. Tokens are character spans of the shared (whitespace-free) text, exactly as in the
//!   Tokens metric, so gold and system entities are equal when these character spans and types are.
//!   Two entities touching the same token span count as two (multiset matching).
//!
//! Labels are read leniently, like `conlleval`: `I-X`/`E-X` without an open `X` entity starts a
//! new one, an entity still open at `O`, at a different type or at the sentence end is closed
//! there. Both texts must have the same characters (same error as the CoNLL 2018 evaluation).

use super::{align_words, check_characters, load_conllu, EvalError, UdDocument};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// An entity as a run of words `[first, last]` (indices into [`UdDocument::words`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordEntity {
    /// Entity type (PER, ORG, GPE...).
    pub label: String,
    /// Index of the first word.
    pub first: usize,
    /// Index of the last word (inclusive).
    pub last: usize,
}

/// Precision, recall and F1 of entity matching.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    /// Entities matched exactly.
    pub correct: usize,
    /// Gold entities.
    pub gold: usize,
    /// System entities.
    pub system: usize,
    /// `correct / system` (0 when there are none).
    pub precision: f64,
    /// `correct / gold` (0 when there are none).
    pub recall: f64,
    /// `2 * correct / (gold + system)` (0 when there are none).
    pub f1: f64,
}

impl Prf {
    /// Computes the ratios from counts.
    pub fn new(correct: usize, gold: usize, system: usize) -> Prf {
        let c = correct as f64;
        Prf {
            correct,
            gold,
            system,
            precision: if system > 0 { c / system as f64 } else { 0.0 },
            recall: if gold > 0 { c / gold as f64 } else { 0.0 },
            f1: if gold + system > 0 {
                2.0 * c / (gold + system) as f64
            } else {
                0.0
            },
        }
    }
}

/// Scores at one level: overall and per entity type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NerLevel {
    /// All types together.
    pub overall: Prf,
    /// Each type seen in gold or system, sorted by name.
    pub per_type: BTreeMap<String, Prf>,
}

/// Entity scores at token and morpheme level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NerScores {
    /// Entities as the surface tokens they touch.
    pub token: NerLevel,
    /// Entities as runs of syntactic words.
    pub morpheme: NerLevel,
}

impl NerScores {
    /// A plain-text table: one row per level and type, with precision, recall and F1 in percent.
    pub fn table(&self) -> String {
        let mut s = String::from(
            "Level     | Type  | Precision |    Recall |  F1 Score |  Gold | System\n",
        );
        s.push_str("----------+-------+-----------+-----------+-----------+-------+-------\n");
        for (level, l) in [("token", &self.token), ("morpheme", &self.morpheme)] {
            let rows = std::iter::once(("ALL", &l.overall))
                .chain(l.per_type.iter().map(|(k, v)| (k.as_str(), v)));
            for (t, p) in rows {
                s.push_str(&format!(
                    "{:10}| {:6}|{:10.2} |{:10.2} |{:10.2} |{:6} |{:6}\n",
                    level,
                    t,
                    100.0 * p.precision,
                    100.0 * p.recall,
                    100.0 * p.f1,
                    p.gold,
                    p.system
                ));
            }
        }
        s
    }
}

/// Reads the entities of a document from the `NER=` BIOSE (or BIO) labels of its words.
pub fn entities(doc: &UdDocument) -> Vec<WordEntity> {
    let mut out = Vec::new();
    let mut open: Option<WordEntity> = None;
    let mut prev_sentence = usize::MAX;
    for (i, w) in doc.words.iter().enumerate() {
        if w.sentence != prev_sentence {
            out.extend(open.take());
            prev_sentence = w.sentence;
        }
        let label = crate::conllu::misc_get(&w.misc, "NER").unwrap_or("O");
        let (tag, ty) = match label.split_once('-') {
            Some((t, ty)) if matches!(t, "B" | "I" | "E" | "S") && !ty.is_empty() => (t, ty),
            _ => {
                out.extend(open.take());
                continue;
            }
        };
        let continues = matches!(tag, "I" | "E") && open.as_ref().is_some_and(|e| e.label == ty);
        if continues {
            if let Some(e) = open.as_mut() {
                e.last = i;
            }
        } else {
            out.extend(open.take());
            open = Some(WordEntity {
                label: ty.to_string(),
                first: i,
                last: i,
            });
        }
        if matches!(tag, "E" | "S") {
            out.extend(open.take());
        }
    }
    out.extend(open);
    out
}

fn level<K: std::hash::Hash + Eq + Clone>(
    gold: &[(K, String)],
    system: &[(K, String)],
) -> NerLevel {
    let mut bag: HashMap<(K, String), usize> = HashMap::new();
    for g in gold {
        *bag.entry(g.clone()).or_default() += 1;
    }
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for (_, t) in gold {
        counts.entry(t.clone()).or_default().1 += 1;
    }
    for s in system {
        let c = counts.entry(s.1.clone()).or_default();
        c.2 += 1;
        if let Some(n) = bag.get_mut(s) {
            if *n > 0 {
                *n -= 1;
                c.0 += 1;
            }
        }
    }
    let (mut c, mut g, mut s) = (0, 0, 0);
    let per_type = counts
        .into_iter()
        .map(|(t, (ci, gi, si))| {
            c += ci;
            g += gi;
            s += si;
            (t, Prf::new(ci, gi, si))
        })
        .collect();
    NerLevel {
        overall: Prf::new(c, g, s),
        per_type,
    }
}

/// Evaluates system entities against gold entities (see the module docs for the matching rules).
pub fn evaluate_ner(gold: &UdDocument, system: &UdDocument) -> Result<NerScores, EvalError> {
    check_characters(gold, system)?;
    let (ge, se) = (entities(gold), entities(system));
    let al = align_words(&gold.words, &system.words);
    let char_span = |d: &UdDocument, e: &WordEntity| {
        (
            (d.words[e.first].span.start, d.words[e.last].span.end),
            e.label.clone(),
        )
    };
    let token = level(
        &ge.iter().map(|e| char_span(gold, e)).collect::<Vec<_>>(),
        &se.iter().map(|e| char_span(system, e)).collect::<Vec<_>>(),
    );
    // Morpheme level: system word indices are mapped to gold word indices; an unaligned boundary
    // word gets a key no gold entity has.
    let gold_keys: Vec<_> = ge
        .iter()
        .map(|e| ((Some(e.first), Some(e.last)), e.label.clone()))
        .collect();
    let sys_keys: Vec<_> = se
        .iter()
        .map(|e| {
            let f = al.system_to_gold.get(&e.first).copied();
            let l = al.system_to_gold.get(&e.last).copied();
            let key = if f.is_some() && l.is_some() {
                (f, l)
            } else {
                (None, None)
            };
            (key, e.label.clone())
        })
        .collect();
    let morpheme = level(&gold_keys, &sys_keys);
    Ok(NerScores { token, morpheme })
}

/// Loads both CoNLL-U texts (as the CoNLL 2018 evaluation does) and evaluates their entities.
pub fn evaluate_ner_str(gold: &str, system: &str) -> Result<NerScores, EvalError> {
    evaluate_ner(&load_conllu(gold)?, &load_conllu(system)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(labels: &[&[&str]]) -> String {
        let mut s = String::new();
        for sent in labels {
            for (i, l) in sent.iter().enumerate() {
                s.push_str(&format!(
                    "{}\tw{}\t_\t_\t_\t_\t{}\t_\t_\tNER={l}\n",
                    i + 1,
                    i,
                    usize::from(i > 0)
                ));
            }
            s.push('\n');
        }
        s
    }

    #[test]
    fn reads_biose_leniently() {
        let d = load_conllu(&doc(&[
            &["B-PER", "E-PER", "O", "S-GPE", "I-ORG", "O", "B-LOC"],
            &["E-LOC"],
        ]))
        .unwrap();
        let e: Vec<_> = entities(&d)
            .into_iter()
            .map(|e| (e.label, e.first, e.last))
            .collect();
        assert_eq!(
            e,
            vec![
                ("PER".into(), 0, 1),
                ("GPE".into(), 3, 3),
                ("ORG".into(), 4, 4),
                ("LOC".into(), 6, 6),
                ("LOC".into(), 7, 7)
            ]
        );
    }
}
