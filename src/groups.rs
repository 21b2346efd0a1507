//! Groups mentions of one entity: טראמפ / דונלד טראמפ / הנשיא טראמפ.
//!
//! Mentions with the same label join when the words of the shorter are among the words of the
//! longer (PER: any subset, so a last name or a first name alone joins the full name; other labels:
//! a contiguous run, so ברית המועצות does not swallow every המועצות-less ORG). A name that fits
//! several groups joins the one mentioned most so far. Spelling variants of gershayim and geresh
//! (ג’פרי / ג'פרי) and nikud are ignored. Titles are read from the words right before each
//! PER mention, with their prefix letters and article dropped (לנשיא, הנשיא → נשיא); a title followed
//! by a GPE/ORG entity keeps it (נשיא ארה”ב דונלד טראמפ → נשיא ארה”ב). Where the parse is on, a
//! title is also the whole phrase a name stands in apposition to, before or after it (שר החוץ של
//! ונצואלה, ריינאלדו פיגוארדו; טדי קולק, ראש העיר), when that phrase is headed by a title word.

use crate::document::{Entity, EntityGroup, Sentence, Token};
use crate::scan::{normalize, prefix_splits, PieceKind, Scan};
use crate::tree::Words;
use std::collections::HashMap;
use std::ops::Range;

/// Groups `entities` (mentions in `text`, whose tokens are `tokens`, in `sentences`) into entity
/// groups, most mentioned first (ties: first mentioned first); never panics.
pub fn group_entities(text: &str, tokens: &[Token], sentences: &[Sentence], entities: &[Entity]) -> Vec<EntityGroup> {
    group_mentions(entities, &mention_titles(text, tokens, sentences, entities))
}

/// The title of each PER entity (`None` for other entities): from the parse, when the tokens
/// carry one, the phrase headed by a title word that the name stands in apposition to (before it,
/// with at most a comma or dash between, or right after it); else the title written right before
/// it (הנשיא before טראמפ). Either as it appears in `text`. Needs only the sentence around each
/// mention, so long documents get it block by block.
pub fn mention_titles(text: &str, tokens: &[Token], sentences: &[Sentence], entities: &[Entity]) -> Vec<Option<String>> {
    if !entities.iter().any(|e| e.label == "PER") {
        return vec![None; entities.len()];
    }
    let scan = Scan::new(text, tokens);
    let tree = Words::new(tokens, sentences).map(|words| {
        // Which words belong to a person's name (a title holds none).
        let mut person = vec![false; words.first(tokens.len())];
        for e in entities.iter().filter(|e| e.label == "PER") {
            if let Some(p) = person.get_mut(e.morpheme_start..e.morpheme_end) {
                p.fill(true);
            }
        }
        (words, person)
    });
    let mut by_end: Vec<usize> = (0..entities.len()).collect();
    by_end.sort_by_key(|&e| (entities[e].end, entities[e].start));
    entities
        .iter()
        .map(|e| {
            if e.label != "PER" {
                return None;
            }
            tree.as_ref()
                .and_then(|(words, person)| tree_title(&scan, tokens, words, person, e))
                .or_else(|| title_before(&scan, entities, &by_end, e.start))
        })
        .collect()
}

/// Groups `entities` given the title before each ([`mention_titles`]), most mentioned first
/// (ties: first mentioned first); never panics.
pub fn group_mentions(entities: &[Entity], titles_before: &[Option<String>]) -> Vec<EntityGroup> {
    let mut order: Vec<usize> = (0..entities.len()).collect();
    order.sort_by_key(|&e| (entities[e].start, entities[e].end));
    let mut grouper = Grouper::default();
    for e in order {
        grouper.add(e, &entities[e], titles_before.get(e).cloned().flatten());
    }
    grouper.finish()
}

/// A mention's place: (UTF-16 start, index in the document's entities).
type Pos = (usize, usize);

/// One distinct name (label + normalised words) and its mentions; kept small, since a long
/// document can have hundreds of thousands of names.
#[derive(Debug)]
struct Name {
    /// Index into [`Grouper::labels`].
    label: u8,
    /// Characters in the words.
    chars: u32,
    /// The first mention, and its text (trimmed) when that differs from the key.
    first: Pos,
    first_text: Option<Box<str>>,
    /// Mentions after the first.
    more: Vec<Pos>,
    /// Titles seen before mentions: (mention, surface).
    titles: Vec<(Pos, Box<str>)>,
}

impl Name {
    fn count(&self) -> usize {
        1 + self.more.len()
    }
}

/// Entity mentions taken one at a time (in text order), then grouped by [`Grouper::finish`]. Holds
/// one small record per distinct name rather than every mention's text, so a long document can be
/// fed block by block.
#[derive(Debug, Default)]
pub struct Grouper {
    labels: Vec<String>,
    names: Vec<Name>,
    /// (label index, words joined by spaces) → index into `names`.
    by_key: HashMap<(u8, Box<str>), u32>,
}

impl Grouper {
    /// Adds entity number `index` of the document, with the title written before it, if any.
    pub fn add(&mut self, index: usize, entity: &Entity, title: Option<String>) {
        let words = name_words(&entity.text);
        if words.is_empty() {
            return;
        }
        let label = match self.labels.iter().position(|l| *l == entity.label) {
            Some(l) => l,
            None if self.labels.len() < usize::from(u8::MAX) => {
                self.labels.push(entity.label.clone());
                self.labels.len() - 1
            }
            None => return,
        } as u8;
        let pos = (entity.start, index);
        let key = (label, words.join(" ").into_boxed_str());
        let name = match self.by_key.get(&key) {
            Some(&n) => {
                let name = &mut self.names[n as usize];
                name.more.push(pos);
                name
            }
            None => {
                let trimmed = entity.text.trim();
                let first_text = (trimmed != &*key.1).then(|| trimmed.into());
                self.by_key.insert(key, self.names.len() as u32);
                self.names.push(Name {
                    label,
                    chars: words.iter().map(|w| w.chars().count()).sum::<usize>() as u32,
                    first: pos,
                    first_text,
                    more: Vec::new(),
                    titles: Vec::new(),
                });
                let Some(name) = self.names.last_mut() else { return };
                name
            }
        };
        if let Some(t) = title {
            name.titles.push((pos, t.into()));
        }
    }

    /// The groups, most mentioned first (ties: first mentioned first).
    pub fn finish(self) -> Vec<EntityGroup> {
        let mut keys: Vec<Box<str>> = vec![Box::from(""); self.names.len()];
        for ((_, key), n) in self.by_key {
            if let Some(k) = keys.get_mut(n as usize) {
                *k = key;
            }
        }
        let (names, keys) = one_label_per_name(self.names, keys, &self.labels);
        let words: Vec<Vec<&str>> = keys.iter().map(|k| k.split(' ').collect()).collect();
        let mut sorted: Vec<usize> = (0..names.len()).collect();
        sorted.sort_by(|&a, &b| {
            let (x, y) = (&names[a], &names[b]);
            words[b].len().cmp(&words[a].len()).then(y.chars.cmp(&x.chars)).then(x.first.cmp(&y.first))
        });
        // Groups: (canonical name index, member name indices, mention count).
        let mut groups: Vec<(usize, Vec<usize>, usize)> = Vec::new();
        // Groups whose canonical name has a given (label, word). A group a name joins holds all of
        // the name's words, so only the groups listed under its least-shared word need checking;
        // scanning every group instead made thousands of distinct names quadratic.
        let mut by_word: HashMap<(u8, &str), Vec<usize>> = HashMap::new();
        for &n in &sorted {
            let name = &names[n];
            let label = name.label;
            let person = self.labels.get(usize::from(label)).is_some_and(|l| l == "PER");
            let candidates = words[n]
                .iter()
                .map(|&w| by_word.get(&(label, w)).map_or(&[][..], Vec::as_slice))
                .min_by_key(|c| c.len())
                .unwrap_or(&[]);
            let best = candidates
                .iter()
                .copied()
                .filter(|&g| joins(&words[n], &words[groups[g].0], person))
                .max_by(|&a, &b| {
                    let (a, b) = (&groups[a], &groups[b]);
                    a.2.cmp(&b.2).then(names[b.0].first.cmp(&names[a.0].first))
                });
            match best {
                Some(g) => {
                    groups[g].1.push(n);
                    groups[g].2 += name.count();
                }
                None => {
                    for &w in &words[n] {
                        let list = by_word.entry((label, w)).or_default();
                        if list.last() != Some(&groups.len()) {
                            list.push(groups.len());
                        }
                    }
                    groups.push((n, vec![n], name.count()));
                }
            }
        }
        drop(by_word);
        let mut out: Vec<(Pos, EntityGroup)> = groups
            .into_iter()
            .map(|(_, members, count)| {
                let mut mentions: Vec<Pos> = members
                    .iter()
                    .flat_map(|&m| std::iter::once(names[m].first).chain(names[m].more.iter().copied()))
                    .collect();
                mentions.sort_unstable();
                // Canonical: the longest surface, then the most frequent, then the first.
                let canon = members
                    .iter()
                    .copied()
                    .max_by(|&a, &b| {
                        let (x, y) = (&names[a], &names[b]);
                        (words[a].len(), x.chars, x.count())
                            .cmp(&(words[b].len(), y.chars, y.count()))
                            .then(y.first.cmp(&x.first))
                    })
                    .unwrap_or(members[0]);
                let c = &names[canon];
                let label = self.labels.get(usize::from(c.label)).cloned().unwrap_or_default();
                let titles = if label == "PER" {
                    let mut seen: Vec<&(Pos, Box<str>)> = members.iter().flat_map(|&m| &names[m].titles).collect();
                    seen.sort_unstable_by_key(|t| t.0);
                    titles(seen.into_iter().map(|t| &*t.1))
                } else {
                    Vec::new()
                };
                let group = EntityGroup {
                    name: c.first_text.as_deref().unwrap_or(&keys[canon]).to_string(),
                    label,
                    count,
                    mentions: mentions.iter().map(|p| p.1).collect(),
                    titles,
                };
                (mentions[0], group)
            })
            .collect();
        out.sort_by(|(fa, a), (fb, b)| b.count.cmp(&a.count).then(fa.cmp(fb)));
        out.into_iter().map(|(_, g)| g).collect()
    }
}

/// Gives every distinct name one label: mentions of the same words tagged with different labels
/// (ירושלים as GPE three times and as ORG once) all take the label most of them have; on a tie,
/// the one the name lists give the name ([`crate::ner::list_label`]), else the first mention's.
fn one_label_per_name(names: Vec<Name>, keys: Vec<Box<str>>, labels: &[String]) -> (Vec<Name>, Vec<Box<str>>) {
    let mut by_words: HashMap<&str, Vec<usize>> = HashMap::new();
    for (n, k) in keys.iter().enumerate() {
        by_words.entry(k).or_default().push(n);
    }
    if by_words.len() == names.len() {
        return (names, keys);
    }
    // Where each name goes: itself, or the name with the winning label.
    let mut into: Vec<usize> = (0..names.len()).collect();
    for same in by_words.values().filter(|v| v.len() > 1) {
        let listed = crate::ner::list_label(&keys[same[0]]);
        let label_of = |n: usize| labels.get(usize::from(names[n].label)).map(String::as_str);
        let Some(&winner) = same.iter().max_by(|&&a, &&b| {
            let (x, y) = (&names[a], &names[b]);
            x.count()
                .cmp(&y.count())
                .then((label_of(a) == listed && listed.is_some()).cmp(&(label_of(b) == listed && listed.is_some())))
                .then(y.first.cmp(&x.first))
        }) else {
            continue;
        };
        for &n in same {
            into[n] = winner;
        }
    }
    let mut slots: Vec<Option<Name>> = names.into_iter().map(Some).collect();
    for n in 0..slots.len() {
        let w = into[n];
        if w == n {
            continue;
        }
        let Some(moved) = slots[n].take() else { continue };
        let Some(target) = slots[w].as_mut() else { continue };
        let (first, first_text) = if moved.first < target.first {
            (moved.first, moved.first_text)
        } else {
            (target.first, target.first_text.take())
        };
        let mut more = std::mem::take(&mut target.more);
        more.push(moved.first);
        more.push(target.first);
        more.extend(moved.more);
        more.retain(|&p| p != first);
        more.sort_unstable();
        target.first = first;
        target.first_text = first_text;
        target.more = more;
        target.titles.extend(moved.titles);
    }
    slots.into_iter().zip(keys).filter_map(|(n, k)| n.map(|n| (n, k))).unzip()
}

/// Words of a mention for matching: normalised, split on spaces and hyphens, leading titles
/// dropped (when NER put הנשיא inside the entity).
fn name_words(s: &str) -> Vec<String> {
    let mut words: Vec<String> = normalize(s)
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '\u{05BE}' | '\u{2013}'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    while words.len() > 1 {
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        match (1..=2.min(words.len() - 1)).rev().find(|&n| title_words(&refs[..n])) {
            Some(n) => {
                words.drain(..n);
            }
            None => break,
        }
    }
    words
}

/// Whether `short` joins a group named `long`.
fn joins(short: &[&str], long: &[&str], subset: bool) -> bool {
    if short.len() > long.len() {
        return false;
    }
    if subset {
        short.iter().all(|w| long.contains(w))
    } else {
        long.windows(short.len()).any(|w| w == short)
    }
}

/// Titles, normalised, without prefix letters; the first word may carry prefixes when matched.
fn title_exact(words: &[&str]) -> bool {
    match words {
        [w] => matches!(
            *w,
            "נשיא"
                | "נשיאת"
                | "נשיאה"
                | "רה\"מ"
                | "ח\"כ"
                | "חה\"כ"
                | "שר"
                | "שרה"
                | "שרת"
                | "גנרל"
                | "אלוף"
                | "תא\"ל"
                | "אל\"ם"
                | "רמטכ\"ל"
                | "פרופ'"
                | "פרופסור"
                | "ד\"ר"
                | "דוקטור"
                | "מנכ\"ל"
                | "מנכ\"לית"
                | "יו\"ר"
                | "עו\"ד"
                | "מר"
                | "גב'"
                | "הגברת"
                | "רב"
                | "שופט"
                | "שופטת"
                | "קנצלר"
                | "קנצלרית"
                | "מלך"
                | "מלכת"
                | "מלכה"
                | "נסיך"
                | "נסיכה"
                | "שגריר"
                | "שגרירת"
                | "שגרירה"
                | "דובר"
                | "דוברת"
                | "מזכ\"ל"
                | "סגן"
                | "סגנית"
                | "ראש"
                | "ראשת"
                | "ח\"כים"
                | "סנאטור"
                | "סנטור"
                | "מושל"
                | "מושלת"
                | "אדמירל"
                | "קולונל"
                | "מזכיר"
                | "מזכירת"
                | "מזכירה"
                | "מאמן"
                | "מאמנת"
                | "עורך"
                | "עורכת"
                | "פרקליט"
                | "פרקליטת"
                | "נגיד"
                | "נגידת"
                | "מפכ\"ל"
                | "שחקן"
                | "שחקנית"
                | "עיתונאי"
                | "עיתונאית"
        ),
        [a, b] => matches!(
            (*a, *b),
            (
                "ראש",
                "הממשלה"
                    | "ממשלת"
                    | "העיר"
                    | "עיריית"
                    | "האופוזיציה"
                    | "המוסד"
                    | "השב\"כ"
                    | "הממשל"
            ) | ("ראשת", "הממשלה" | "העיר" | "ממשלת")
                | (
                    "שר",
                    "החוץ"
                        | "הביטחון"
                        | "האוצר"
                        | "המשפטים"
                        | "הפנים"
                        | "החינוך"
                        | "הבריאות"
                        | "ההגנה"
                        | "חוץ"
                )
                | (
                    "שרת",
                    "החוץ"
                        | "הביטחון"
                        | "האוצר"
                        | "המשפטים"
                        | "הפנים"
                        | "החינוך"
                        | "הבריאות"
                        | "ההגנה"
                        | "חוץ"
                )
                | ("חבר" | "חברת", "הכנסת" | "כנסת" | "הקונגרס" | "הסנאט")
                | ("מזכיר" | "מזכירת", "המדינה" | "ההגנה")
                | ("יושב" | "יושבת", "ראש")
                | ("נשיא" | "נשיאת", "המדינה" | "ארצות")
                | ("סגן" | "סגנית", "הנשיא" | "נשיא" | "ראש")
        ),
        _ => false,
    }
}

/// `words` form a title, allowing prefix letters (and the article) on the first word.
fn title_words(words: &[&str]) -> bool {
    title_len(words).is_some()
}

/// Prefix letters to strip from the first word for `words` to be a title.
fn title_len(words: &[&str]) -> Option<usize> {
    let (first, rest) = words.split_first()?;
    prefix_splits(first, true).find_map(|(k, r)| {
        let mut v = Vec::with_capacity(words.len());
        v.push(r);
        v.extend_from_slice(rest);
        title_exact(&v).then_some(k)
    })
}

/// The title right before the mention starting at UTF-16 offset `start` (surface text, prefix
/// letters dropped), looking past a GPE/ORG entity in between (נשיא ארה”ב דונלד טראמפ).
fn title_before(scan: &Scan, entities: &[Entity], by_end: &[usize], start: usize) -> Option<String> {
    let p = scan.piece_at(start);
    // Pieces wholly before the mention.
    let mut end = p;
    while end > 0 && scan.pieces[end - 1].u1 > start {
        end -= 1;
    }
    if let Some(t) = title_ending(scan, end, None) {
        return Some(t);
    }
    // Title + GPE/ORG entity + mention.
    let prev = end.checked_sub(1)?;
    let pend = scan.pieces[prev].u1;
    let k = by_end.partition_point(|&e| entities[e].end < pend);
    let f = by_end[k..].iter().copied().take_while(|&e| entities[e].end == pend).find(|&e| {
        matches!(entities[e].label.as_str(), "GPE" | "ORG")
            && entities[e].start < pend
            && entities[e].end <= start
    })?;
    let fp = scan.piece_at(entities[f].start);
    title_ending(scan, fp, Some(pend)).filter(|_| scan.pieces[fp].u0 == entities[f].start)
}

/// A title made of the letters pieces just before piece `end`; its surface runs to `to` (UTF-16)
/// when given, else to the end of the title.
fn title_ending(scan: &Scan, end: usize, to: Option<usize>) -> Option<String> {
    for n in [2usize, 1] {
        let Some(first) = end.checked_sub(n) else {
            continue;
        };
        let ps = &scan.pieces[first..end];
        if ps.iter().any(|p| p.kind != PieceKind::Letters) || ps.iter().skip(1).any(|p| p.glued) {
            continue;
        }
        let words: Vec<&str> = ps.iter().map(|p| p.norm.as_str()).collect();
        if let Some(k) = title_len(&words) {
            let (b0, _) = scan.after_letters(first, k);
            let b1 = match to {
                Some(u) => {
                    // Byte offset of UTF-16 offset `u`, which is a piece end.
                    let i = scan.piece_at(u.saturating_sub(1));
                    scan.pieces.get(i).filter(|p| p.u1 == u).map_or(ps[n - 1].b1, |p| p.b1)
                }
                None => ps[n - 1].b1,
            };
            return Some(scan.text[b0..b1].to_string());
        }
    }
    None
}

/// Relations by which a name hangs from the title noun before it: ראש עיריית ירושלים טדי קולק
/// (`appos`), הרב כהנא (`flat:name`), ד"ר עפיף ברברח (`dep`). A title after the name is its `appos`.
const TITLE_RELS: [&str; 3] = ["appos", "flat:name", "dep"];

/// Most words of a title phrase from the parse (HTB train: 96% of the appositions headed by a
/// title word have at most 8).
const TITLE_MAX_WORDS: usize = 8;

/// How far (in words) a title phrase is followed from the name: the cost per mention stays bounded.
const TITLE_SPAN: usize = 16;

/// Words that separate a name from its apposition: , - – (.
fn is_gap(w: &str) -> bool {
    matches!(w, "," | "-" | "\u{2013}" | "(")
}

/// The title of PER mention `e` from the parse: the phrase, headed by a title word
/// ([`title_len`]), that the name stands in apposition to, right before it (a comma or dash may
/// come between) or right after it; the phrase's leading prepositions and conjunctions dropped
/// (בין שר התעשייה → שר התעשייה) and, for one word, its article (הנשיא → נשיא).
fn tree_title(scan: &Scan, tokens: &[Token], words: &Words, person: &[bool], e: &Entity) -> Option<String> {
    let name = e.morpheme_start..e.morpheme_end;
    let sent = words.sentence(words.sentence_of_token(e.token_start));
    if name.is_empty() || name.start < sent.start || name.end > sent.end {
        return None;
    }
    // The one word of the name whose head is outside it.
    let mut top = None;
    for w in name.clone() {
        if !words.head(w, &sent).is_some_and(|h| name.contains(&h)) && top.replace(w).is_some() {
            return None;
        }
    }
    let top = top?;
    let near = name.start.saturating_sub(TITLE_SPAN).max(sent.start)..(name.end + TITLE_SPAN).min(sent.end);
    let under = |w: usize, head: usize| words.under(w, head, TITLE_SPAN, &sent);
    let form = |w: usize| words.word(w).map_or("", |m| m.form.as_str());
    // Before the name: the words under the title noun it hangs from, ending right before it.
    let before = || {
        let h = words.head(top, &sent).filter(|&h| h < name.start && h >= near.start)?;
        if words.upos(h) != "NOUN" || !TITLE_RELS.contains(&words.rel(top)) {
            return None;
        }
        let mut end = name.start;
        while end > near.start && name.start - end < 2 && is_gap(form(end - 1)) {
            end -= 1;
        }
        let mut start = end;
        while start > near.start && under(start - 1, h) {
            start -= 1;
        }
        (start < end && (start..end).contains(&h) && !(near.start..start).any(|w| under(w, h))).then_some((start..end, h))
    };
    // After the name: its first apposition, a noun, and the words under it.
    let after = || {
        let k = (name.end..near.end).find(|&w| words.head(w, &sent) == Some(top) && words.rel(w) == "appos")?;
        if words.upos(k) != "NOUN" {
            return None;
        }
        let mut start = name.end;
        while start < near.end && start - name.end < 2 && is_gap(form(start)) {
            start += 1;
        }
        let mut end = start;
        while end < near.end && under(end, k) {
            end += 1;
        }
        (start < end && (start..end).contains(&k) && !(end..near.end).any(|w| under(w, k))).then_some((start..end, k))
    };
    let phrase = before().or_else(after)?;
    let (Range { mut start, mut end }, head) = phrase;
    while start < head && matches!(words.upos(start), "ADP" | "CCONJ" | "SCONJ" | "PUNCT") {
        start += 1;
    }
    while end > head + 1 && words.upos(end - 1) == "PUNCT" {
        end -= 1;
    }
    // The title noun comes first, after its article at most; no name inside; and no second
    // title ends the phrase (יו"ר הבית היהודי השר נפתלי בנט: the nearer title is the name's).
    let last = form(end - 1).trim_matches('_');
    let names_a_person = person.get(start..end).map_or(true, |p| p.contains(&true));
    if (end - 1 != head && title_exact(&[last]))
        || end - start > TITLE_MAX_WORDS
        || (start..head).any(|w| words.upos(w) != "DET")
        || names_a_person
    {
        return None;
    }
    title_text(scan, tokens, words, start..end)
}

/// The text of words `range` (the first may follow prefix letters in its token; the last ends its
/// token), when it starts with a title word: one word without its prefix letters and article
/// (הנשיא → נשיא), more words with the article kept (היועץ המשפטי של ...).
fn title_text(scan: &Scan, tokens: &[Token], words: &Words, range: Range<usize>) -> Option<String> {
    let (t0, i0) = words.place(range.start)?;
    let (t1, i1) = words.place(range.end - 1)?;
    let (first, last) = (tokens.get(t0)?, tokens.get(t1)?);
    if i1 + 1 != last.morphemes.len() {
        return None;
    }
    let p0 = scan.piece_at(first.start);
    let p1 = scan.piece_at(last.end.saturating_sub(1));
    let (a, b) = (scan.pieces.get(p0)?, scan.pieces.get(p1)?);
    if a.u0 != first.start || b.u1 != last.end {
        return None;
    }
    let forms: Vec<&str> = first.morphemes.iter().map(|m| m.form.as_str()).collect();
    let skip = crate::ner::prefix_letters(&forms, i0).and_then(|p| crate::ner::prefix_bytes(&first.text, &p))?;
    let b0 = a.b0 + skip;
    let text = scan.text.get(b0..b.b1)?;
    if text.contains(['\n', '\r']) {
        return None;
    }
    if t0 == t1 && p0 == p1 {
        // One word: as a title written before the name (נשיא, without ה).
        let k = title_len(std::slice::from_ref(&a.norm.as_str()))?;
        let (b0, _) = scan.after_letters(p0, k);
        return scan.text.get(b0..b.b1).map(str::to_string);
    }
    let norm: Vec<String> = text.split_whitespace().take(2).map(normalize).collect();
    let norm: Vec<&str> = norm.iter().map(String::as_str).collect();
    (title_len(norm.get(..1)?).is_some() || title_len(&norm).is_some()).then(|| text.to_string())
}

/// A group's titles, most frequent first (ties: first seen first), from the titles of its
/// mentions in text order.
fn titles<'a>(seen_in_order: impl Iterator<Item = &'a str>) -> Vec<String> {
    // (normalised title, surface, count, first seen)
    let mut seen: Vec<(String, &str, usize, usize)> = Vec::new();
    for (i, t) in seen_in_order.enumerate() {
        let key = normalize(t);
        match seen.iter_mut().find(|s| s.0 == key) {
            Some(s) => s.2 += 1,
            None => seen.push((key, t, 1, i)),
        }
    }
    seen.sort_by(|a, b| b.2.cmp(&a.2).then(a.3.cmp(&b.3)));
    seen.into_iter().map(|s| s.1.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::testutil::{ent, fine_tokens, ws_tokens};

    fn groups(text: &str, ents: &[Entity]) -> Vec<EntityGroup> {
        let a = group_entities(text, &ws_tokens(text), &[], ents);
        let b = group_entities(text, &fine_tokens(text), &[], ents);
        assert_eq!(a, b, "tokenization changed the groups");
        a
    }

    #[test]
    fn trump_and_putin() {
        let t = "נפגשו נשיא ארה”ב דונלד טראמפ ונשיא רוסיה ולדימיר פוטין. נכנס הנשיא טראמפ לפני כחצי שנה. \
                 טראמפ החליט לכנס את הפסגה עם פוטין. היה הנשיא פוטין. סיכון לנשיא טראמפ.";
        let ents = vec![
            ent(t, "GPE", "ארה”ב", 0),
            ent(t, "PER", "דונלד טראמפ", 0),
            ent(t, "GPE", "רוסיה", 0),
            ent(t, "PER", "ולדימיר פוטין", 0),
            ent(t, "PER", "טראמפ", 1),
            ent(t, "PER", "טראמפ", 2),
            ent(t, "PER", "פוטין", 1),
            ent(t, "PER", "פוטין", 2),
            ent(t, "PER", "טראמפ", 3),
        ];
        let g = groups(t, &ents);
        assert_eq!(g.len(), 4, "{g:#?}");
        assert_eq!(g[0].name, "דונלד טראמפ");
        assert_eq!(g[0].label, "PER");
        assert_eq!(g[0].count, 4);
        assert_eq!(g[0].mentions, [1, 4, 5, 8]);
        assert_eq!(g[0].titles, ["נשיא", "נשיא ארה”ב"]);
        assert_eq!(g[1].name, "ולדימיר פוטין");
        assert_eq!(g[1].mentions, [3, 6, 7]);
        assert_eq!(g[1].titles, ["נשיא רוסיה", "נשיא"]);
        assert_eq!(g[2].name, "ארה”ב");
        assert_eq!(g[3].name, "רוסיה");
        assert!(g[2].titles.is_empty());
    }

    #[test]
    fn multiword_titles_and_prefixed_titles() {
        let t =
            "ראש הממשלה בנימין נתניהו נפגש עם שר החוץ גדעון סער. לרה\"מ נתניהו יש תוכנית, וח\"כ סער דיבר. \
                 ד\"ר ג’פרי אפשטיין ופרופ' כהן. אפשטיין ג'פרי";
        let ents = vec![
            ent(t, "PER", "בנימין נתניהו", 0),
            ent(t, "PER", "גדעון סער", 0),
            ent(t, "PER", "נתניהו", 1),
            ent(t, "PER", "סער", 1),
            ent(t, "PER", "ג’פרי אפשטיין", 0),
            ent(t, "PER", "כהן", 0),
            ent(t, "PER", "אפשטיין ג'פרי", 0),
        ];
        let g = groups(t, &ents);
        let find = |n: &str| g.iter().find(|g| g.name == n).unwrap_or_else(|| panic!("{n}: {g:#?}"));
        assert_eq!(find("בנימין נתניהו").titles, ["ראש הממשלה", "רה\"מ"]);
        assert_eq!(find("גדעון סער").titles, ["שר החוץ", "ח\"כ"]);
        let j = find("ג’פרי אפשטיין");
        assert_eq!(j.count, 2, "geresh variants and word order");
        assert_eq!(j.titles, ["ד\"ר"]);
        assert_eq!(find("כהן").titles, ["פרופ'"]);
    }

    #[test]
    fn labels_and_ambiguous_last_names() {
        let t = "דונלד טראמפ ואיוואנקה טראמפ. טראמפ אמר. דונלד טראמפ שוב. וושינגטון וושינגטון";
        let ents = vec![
            ent(t, "PER", "דונלד טראמפ", 0),
            ent(t, "PER", "איוואנקה טראמפ", 0),
            ent(t, "PER", "טראמפ", 2),
            ent(t, "PER", "דונלד טראמפ", 1),
            ent(t, "GPE", "וושינגטון", 0),
            ent(t, "PER", "וושינגטון", 1),
        ];
        let g = groups(t, &ents);
        assert_eq!(g[0].name, "דונלד טראמפ");
        assert_eq!(g[0].mentions, [0, 2, 3], "the bare last name joins the most mentioned");
        let w: Vec<_> = g.iter().filter(|g| g.name == "וושינגטון").collect();
        assert_eq!(w.len(), 1, "one name, one group: {w:#?}");
        assert_eq!((w[0].label.as_str(), w[0].count, &w[0].mentions[..]), ("GPE", 2, &[4, 5][..]), "a tie goes to the lists' type");
        assert_eq!(g.iter().filter(|g| g.name.contains("טראמפ")).count(), 2, "different names with the same label stay apart");
        // Sorted by count, then first appearance.
        assert!(g.windows(2).all(|w| w[0].count >= w[1].count));
    }

    /// Tokens of `text` (fine tokens, one word each) in one sentence, each word with its arc from
    /// `arcs`: "HEAD RELATION UPOS" per word (HEAD 1-based, 0 the root), separated by commas.
    fn parsed(text: &str, arcs: &str) -> (Vec<Token>, Vec<Sentence>) {
        let mut tokens = fine_tokens(text);
        let arcs: Vec<Vec<&str>> = arcs.split(',').map(|a| a.split_whitespace().collect()).collect();
        assert_eq!(tokens.len(), arcs.len(), "{tokens:?}");
        for (t, a) in tokens.iter_mut().zip(&arcs) {
            let m = &mut t.morphemes[0];
            (m.head, m.deprel, m.upos) = (a[0].parse().ok(), Some(a[1].into()), a[2].into());
        }
        let end = tokens.last().map_or(0, |t| t.end);
        let n = tokens.len();
        (tokens, vec![Sentence { start: 0, end, token_start: 0, token_end: n }])
    }

    /// A PER entity over tokens `a..b` (one word each).
    fn person(tokens: &[Token], a: usize, b: usize) -> Entity {
        let text = tokens[a..b].iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ");
        let (start, end) = (tokens[a].start, tokens[b - 1].end);
        Entity { label: "PER".into(), start, end, text, token_start: a, token_end: b, morpheme_start: a, morpheme_end: b }
    }

    #[test]
    fn titles_in_apposition_from_a_parse() {
        // Before the name, a comma between: שר המשפטים, אברהם שריר, הגיע.
        let t = "שר המשפטים , אברהם שריר , הגיע .";
        let (tokens, sentences) = parsed(
            t,
            "7 nsubj NOUN, 1 compound:smixut NOUN, 4 punct PUNCT, 1 appos PROPN, 4 flat:name PROPN, \
             4 punct PUNCT, 0 root VERB, 7 punct PUNCT",
        );
        let e = [person(&tokens, 3, 5)];
        assert_eq!(mention_titles(t, &tokens, &sentences, &e), [Some("שר המשפטים".to_string())]);
        // Without sentences (no parse to read), only a title written right before the name.
        assert_eq!(mention_titles(t, &tokens, &[], &e), [None]);

        // After the name: טדי קולק, ראש העיר, אמר.
        let after = "7 nsubj PROPN, 1 flat:name PROPN, 4 punct PUNCT, 1 appos NOUN, 4 compound:smixut NOUN, \
                     4 punct PUNCT, 0 root VERB, 7 punct PUNCT";
        let t = "טדי קולק , ראש העיר , אמר .";
        let (tokens, sentences) = parsed(t, after);
        let e = [person(&tokens, 0, 2)];
        assert_eq!(mention_titles(t, &tokens, &sentences, &e), [Some("ראש העיר".to_string())]);
        // A description that no title word heads is not a title: טדי קולק, תושב העיר, אמר.
        let t2 = "טדי קולק , תושב העיר , אמר .";
        let (tokens, sentences) = parsed(t2, after);
        assert_eq!(mention_titles(t2, &tokens, &sentences, &[person(&tokens, 0, 2)]), [None]);

        // Heads that make no tree (cycles, out of the sentence): no panic.
        for heads in [[2, 1, 99, 5, 4, 0, 3, 1000], [4, 4, 4, 1, 4, 4, 4, 4], [0; 8]] {
            let arcs: Vec<String> = heads.iter().map(|h| format!("{h} appos NOUN")).collect();
            let (tokens, sentences) = parsed(t, &arcs.join(","));
            for (a, b) in [(0, 2), (3, 5), (0, 8), (7, 8)] {
                let _ = mention_titles(t, &tokens, &sentences, &[person(&tokens, a, b)]);
            }
        }
    }

    #[test]
    fn title_inside_entity_and_odd_input() {
        let t = "הנשיא טראמפ ודונלד טראמפ";
        let ents = vec![ent(t, "PER", "הנשיא טראמפ", 0), ent(t, "PER", "דונלד טראמפ", 0)];
        let g = groups(t, &ents);
        assert_eq!(g.len(), 1);
        assert!(groups("", &[]).is_empty());
        let mut bad = ent(t, "PER", "טראמפ", 0);
        bad.start = 1000;
        bad.end = 2000;
        let _ = groups(t, &[bad.clone(), Entity { text: String::new(), ..bad }]);
    }
}
