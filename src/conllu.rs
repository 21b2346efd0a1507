//! CoNLL-U reading ([`parse`]) and writing ([`write_document`]).
//!
//! The reader groups syntactic words under their surface tokens: a multiword-token line
//! (`4-5 מתאילנד`) and the word lines it covers become one [`SurfaceToken`] with several
//! [`Word`]s; a plain word line becomes a [`SurfaceToken`] with one word. Empty nodes (`8.1`) are
//! skipped. Malformed input gives a [`ParseError`] with the line number; the reader never panics.

use std::fmt;

/// One sentence of a CoNLL-U file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Every comment line before the sentence, without the leading `#` and one following space.
    pub comments: Vec<String>,
    /// Value of the `# sent_id = ...` comment, if any.
    pub sent_id: Option<String>,
    /// Value of the `# text = ...` comment, if any.
    pub text: Option<String>,
    /// Surface tokens, in order.
    pub tokens: Vec<SurfaceToken>,
}

impl Sentence {
    /// All syntactic words of the sentence, in order.
    pub fn words(&self) -> impl Iterator<Item = &Word> {
        self.tokens.iter().flat_map(|t| t.words.iter())
    }

    /// The sentence's text rebuilt from token forms and `SpaceAfter=No` (no trailing space).
    pub fn reconstructed_text(&self) -> String {
        let mut s = String::new();
        for (i, t) in self.tokens.iter().enumerate() {
            s.push_str(&t.form);
            if t.space_after && i + 1 < self.tokens.len() {
                s.push(' ');
            }
        }
        s
    }
}

/// A surface token: an MWT line with its words, or a single word line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurfaceToken {
    /// Surface form (FORM of the MWT line, or of the single word).
    pub form: String,
    /// False when the token's MISC (MWT line or single word line) has `SpaceAfter=No`.
    pub space_after: bool,
    /// MISC of the MWT line; for a single-word token, the same as the word's MISC.
    pub misc: String,
    /// The syntactic words of the token (one for a plain word line).
    pub words: Vec<Word>,
    /// The `(first, last)` word IDs of the multiword-token line; `None` for a plain word line.
    pub range: Option<(usize, usize)>,
}

impl SurfaceToken {
    /// True when the token came from a multiword-token range line.
    pub fn is_multiword(&self) -> bool {
        self.range.is_some()
    }
}

/// One syntactic word (a CoNLL-U word line). Columns are kept as written (`_` stays `_`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// 1-based word index within the sentence.
    pub id: usize,
    /// FORM column.
    pub form: String,
    /// LEMMA column.
    pub lemma: String,
    /// UPOS column.
    pub upos: String,
    /// XPOS column.
    pub xpos: String,
    /// FEATS column.
    pub feats: String,
    /// HEAD column: `Some(0)` for the root, `None` when it is `_`.
    pub head: Option<usize>,
    /// DEPREL column.
    pub deprel: String,
    /// DEPS column.
    pub deps: String,
    /// MISC column.
    pub misc: String,
}

impl Word {
    /// Value of `key=value` in MISC (e.g. `misc_get("NER")` → `Some("B-PER")`).
    pub fn misc_get(&self, key: &str) -> Option<&str> {
        misc_get(&self.misc, key)
    }

    /// Value of a feature in FEATS (e.g. `feat("Gender")` → `Some("Masc")`).
    pub fn feat(&self, key: &str) -> Option<&str> {
        misc_get(&self.feats, key)
    }
}

/// Value of `key=value` in a `|`-separated attribute list such as MISC or FEATS.
pub fn misc_get<'a>(list: &'a str, key: &str) -> Option<&'a str> {
    if list == "_" {
        return None;
    }
    list.split('|')
        .find_map(|kv| kv.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
}

/// A CoNLL-U syntax error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number of the offending line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

fn err<T>(line: usize, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError {
        line,
        message: message.into(),
    })
}

/// Parses a CoNLL-U document into sentences. A missing final blank line is accepted.
pub fn parse(text: &str) -> Result<Vec<Sentence>, ParseError> {
    let mut sentences = Vec::new();
    let mut cur = Sentence::default();
    // (first id, last id, line number) of the multiword token still waiting for its words.
    let mut pending: Option<(usize, usize, usize)> = None;
    let mut n_words = 0usize;
    let mut last_line = 0;

    for (i, raw) in text.split('\n').enumerate() {
        let ln = i + 1;
        last_line = ln;
        // CRLF line ends; a CR can be no part of a field, so every trailing one goes (a field
        // that kept some would lose one on each write-and-read round trip).
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.tokens.is_empty() || !cur.comments.is_empty() {
                if let Some((a, b, l)) = pending {
                    return err(
                        l,
                        format!("multiword token {a}-{b} is missing some of its words"),
                    );
                }
                if cur.tokens.is_empty() {
                    return err(ln, "sentence has comments but no words");
                }
                sentences.push(std::mem::take(&mut cur));
                n_words = 0;
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            if !cur.tokens.is_empty() {
                return err(ln, "comment line inside a sentence");
            }
            let c = c.strip_prefix(' ').unwrap_or(c);
            if let Some(v) = c.strip_prefix("sent_id") {
                if let Some(v) = v.trim_start().strip_prefix('=') {
                    cur.sent_id = Some(v.trim().to_string());
                }
            } else if let Some(v) = c.strip_prefix("text") {
                if let Some(v) = v.trim_start().strip_prefix('=') {
                    cur.text = Some(v.strip_prefix(' ').unwrap_or(v).to_string());
                }
            }
            cur.comments.push(c.to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return err(
                ln,
                format!("expected 10 tab-separated columns, found {}", cols.len()),
            );
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node
        }
        if cols[1].is_empty() {
            return err(ln, "empty FORM");
        }
        if let Some((a, b)) = id.split_once('-') {
            let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) else {
                return err(ln, format!("cannot parse multiword token ID '{id}'"));
            };
            if let Some((pa, pb, _)) = pending {
                return err(
                    ln,
                    format!("multiword token {pa}-{pb} is missing some of its words"),
                );
            }
            if a != n_words + 1 || b < a {
                return err(
                    ln,
                    format!(
                        "bad multiword token range '{id}', expected it to start at {}",
                        n_words + 1
                    ),
                );
            }
            pending = Some((a, b, ln));
            cur.tokens.push(SurfaceToken {
                form: cols[1].to_string(),
                space_after: misc_get(cols[9], "SpaceAfter") != Some("No"),
                misc: cols[9].to_string(),
                words: Vec::new(),
                range: Some((a, b)),
            });
            continue;
        }
        let Ok(wid) = id.parse::<usize>() else {
            return err(ln, format!("cannot parse word ID '{id}'"));
        };
        if wid != n_words + 1 {
            return err(
                ln,
                format!("incorrect word ID '{id}', expected '{}'", n_words + 1),
            );
        }
        let head = match cols[6] {
            "_" => None,
            h => match h.parse::<usize>() {
                Ok(h) => Some(h),
                Err(_) => return err(ln, format!("cannot parse HEAD '{h}'")),
            },
        };
        let word = Word {
            id: wid,
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            deps: cols[8].to_string(),
            misc: cols[9].to_string(),
        };
        n_words += 1;
        match pending {
            Some((_, b, _)) => {
                // `cur.tokens` is non-empty: the pending MWT was pushed.
                if let Some(t) = cur.tokens.last_mut() {
                    t.words.push(word);
                }
                if wid == b {
                    pending = None;
                }
            }
            None => cur.tokens.push(SurfaceToken {
                form: word.form.clone(),
                space_after: misc_get(&word.misc, "SpaceAfter") != Some("No"),
                misc: word.misc.clone(),
                words: vec![word],
                range: None,
            }),
        }
    }
    if let Some((a, b, l)) = pending {
        return err(
            l,
            format!("multiword token {a}-{b} is missing some of its words"),
        );
    }
    if !cur.tokens.is_empty() {
        sentences.push(cur);
    } else if !cur.comments.is_empty() {
        return err(last_line, "sentence has comments but no words");
    }
    Ok(sentences)
}

/// Writes sentences back as CoNLL-U: comments, then MWT lines (with the token's MISC) and word
/// lines; a blank line ends each sentence. `parse(&write_sentences(&s)) == Ok(s)` for parsed input.
pub fn write_sentences(sentences: &[Sentence]) -> String {
    let mut out = String::new();
    for s in sentences {
        for c in &s.comments {
            out.push_str("# ");
            out.push_str(c);
            out.push('\n');
        }
        for t in &s.tokens {
            if let Some((a, b)) = t.range {
                out.push_str(&format!(
                    "{a}-{b}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}\n",
                    t.form, t.misc
                ));
            }
            for w in &t.words {
                let head = w.head.map_or_else(|| "_".to_string(), |h| h.to_string());
                out.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                    w.id, w.form, w.lemma, w.upos, w.xpos, w.feats, head, w.deprel, w.deps, w.misc
                ));
            }
        }
        out.push('\n');
    }
    out
}

/// BIOSE `NER` label of every morpheme of `doc` (global morpheme order), `O` outside entities.
pub fn biose_labels(doc: &crate::Document) -> Vec<String> {
    let n: usize = doc.tokens.iter().map(|t| t.morphemes.len()).sum();
    let mut labels = vec!["O".to_string(); n];
    for e in &doc.entities {
        let (a, b) = (e.morpheme_start.min(n), e.morpheme_end.min(n));
        for (i, l) in labels.iter_mut().enumerate().take(b).skip(a) {
            let tag = match (i == a, i + 1 == b) {
                (true, true) => "S",
                (true, false) => "B",
                (false, true) => "E",
                (false, false) => "I",
            };
            *l = format!("{tag}-{}", e.label);
        }
    }
    labels
}

/// Replaces tabs and line breaks (which would break the format) with spaces; `_` when empty.
fn field(s: &str) -> String {
    if s.is_empty() {
        return "_".to_string();
    }
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Writes a [`crate::Document`] as UD CoNLL-U, one sentence per `# sent_id = {prefix}-{n}`.
///
/// `# text` is rebuilt from the tokens (one space wherever the input had whitespace). A token with
/// several morphemes becomes an MWT line and its word lines; a token with one (or no) morpheme is
/// a single word line whose FORM is the token's text. `SpaceAfter=No` (on the MWT or single word
/// line) marks a token directly followed by the next one. XPOS repeats UPOS (the HTB convention),
/// every word gets `NER=` (BIOSE) in MISC, and HEAD and DEPREL are the parse's. A sentence
/// without a parse (the `parse` option off) gets a trivial tree: the first word is the root and
/// every other word depends on it with `dep`.
pub fn write_document(doc: &crate::Document, sent_id_prefix: &str) -> String {
    let labels = biose_labels(doc);
    // Global index of each token's first morpheme.
    let mut first_morpheme = Vec::with_capacity(doc.tokens.len());
    let mut m = 0;
    for t in &doc.tokens {
        first_morpheme.push(m);
        m += t.morphemes.len();
    }
    let mut out = String::new();
    let mut n = 0;
    for s in &doc.sentences {
        let range = s.token_start.min(doc.tokens.len())..s.token_end.min(doc.tokens.len());
        if range.is_empty() {
            continue;
        }
        n += 1;
        let toks = &doc.tokens[range.clone()];
        let mut text = String::new();
        for (i, t) in toks.iter().enumerate() {
            if i > 0 && t.start > toks[i - 1].end {
                text.push(' ');
            }
            text.push_str(&t.text);
        }
        out.push_str(&format!(
            "# sent_id = {sent_id_prefix}-{n}\n# text = {}\n",
            field(&text)
        ));
        // The parse is used when every word of the sentence has one (one word line each).
        let parsed = toks.iter().all(|t| !t.morphemes.is_empty() && t.morphemes.iter().all(|m| m.head.is_some() && m.deprel.is_some()));
        let mut id = 0;
        for ti in range {
            let t = &doc.tokens[ti];
            let glued = doc
                .tokens
                .get(ti + 1)
                .is_some_and(|next| next.start == t.end);
            let space = if glued { "SpaceAfter=No" } else { "" };
            let word = |id: usize, form: &str, mo: Option<&crate::Morpheme>, ner: &str, extra: &str| {
                let (head, deprel) = match mo.and_then(|m| Some((m.head?, m.deprel.as_deref()?))) {
                    Some((h, d)) if parsed => (h, d),
                    _ if id == 1 => (0, "root"),
                    _ => (1, "dep"),
                };
                let upos = field(mo.map_or("", |m| m.upos.as_str()));
                let misc = if extra.is_empty() {
                    format!("NER={ner}")
                } else {
                    format!("NER={ner}|{extra}")
                };
                format!(
                    "{id}\t{}\t{}\t{upos}\t{upos}\t{}\t{head}\t{deprel}\t_\t{misc}\n",
                    field(form),
                    field(mo.map_or("", |m| m.lemma.as_str())),
                    field(mo.map_or("", |m| m.feats.as_str())),
                )
            };
            let label = |k: usize| {
                labels
                    .get(first_morpheme[ti] + k)
                    .map_or("O", String::as_str)
            };
            if t.morphemes.len() > 1 {
                let first = id + 1;
                let last = id + t.morphemes.len();
                out.push_str(&format!(
                    "{first}-{last}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}\n",
                    field(&t.text),
                    field(space)
                ));
                for (k, mo) in t.morphemes.iter().enumerate() {
                    id += 1;
                    let line = word(id, &mo.form, Some(mo), label(k), "");
                    out.push_str(&line);
                }
            } else {
                id += 1;
                let line = word(
                    id,
                    &t.text,
                    t.morphemes.first(),
                    if t.morphemes.is_empty() {
                        "O"
                    } else {
                        label(0)
                    },
                    space,
                );
                out.push_str(&line);
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = x-1\n# text = הלכתי לישראל.\n\
1\tהלכתי\tהלך\tVERB\tVERB\t_\t0\troot\t_\tNER=O\n\
2-3\tלישראל\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\
2\tל\tל\tADP\tADP\t_\t3\tcase\t_\tNER=O\n\
3\tישראל\tישראל\tPROPN\tPROPN\t_\t1\tobl\t_\tNER=S-GPE\n\
4\t.\t.\tPUNCT\tPUNCT\t_\t1\tpunct\t_\tNER=O\n\n";

    #[test]
    fn parses_mwt_and_comments() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(s.len(), 1);
        let s = &s[0];
        assert_eq!(s.sent_id.as_deref(), Some("x-1"));
        assert_eq!(s.text.as_deref(), Some("הלכתי לישראל."));
        assert_eq!(s.tokens.len(), 3);
        assert_eq!(s.tokens[1].words.len(), 2);
        assert!(!s.tokens[1].space_after);
        assert!(s.tokens[1].is_multiword());
        assert!(!s.tokens[0].is_multiword());
        assert_eq!(s.words().count(), 4);
        assert_eq!(s.tokens[1].words[1].misc_get("NER"), Some("S-GPE"));
        assert_eq!(s.tokens[1].words[1].head, Some(1));
        assert_eq!(s.reconstructed_text(), "הלכתי לישראל.");
    }

    #[test]
    fn errors_have_line_numbers() {
        let e = parse("1\ta\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e =
            parse("1\ta\t_\t_\t_\t_\t0\troot\t_\t_\n3\tb\t_\t_\t_\t_\t1\tdep\t_\t_\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("1-2\tab\t_\t_\t_\t_\t_\t_\t_\t_\n1\ta\t_\t_\t_\t_\t0\troot\t_\t_\n\n")
            .unwrap_err();
        assert_eq!(e.line, 1);
        assert!(parse("1\ta\t_\t_\t_\t_\tX\troot\t_\t_\n").is_err());
        assert!(parse("1-x\ta\t_\t_\t_\t_\t_\t_\t_\t_\n").is_err());
        assert!(parse("").unwrap().is_empty());
    }

    #[test]
    fn write_sentences_round_trips() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(write_sentences(&s), SAMPLE);
    }

    #[test]
    fn missing_final_blank_line_is_accepted() {
        let s = parse(SAMPLE.trim_end()).unwrap();
        assert_eq!(s[0].tokens.len(), 3);
    }
}
