//! Quotations and who said them.
//!
//! A quotation opens and closes with “ ”, or with the same mark on both sides (" ", ״ ״, ” ”),
//! within one line. A mark between letters is gershayim (ארה”ב, צה"ל) unless the letters before
//! it are prefix letters and at least two letters follow (ה”דוב הרוסי”: the quote starts at the
//! mark, without the ה), or the tokenizer made the mark a token of its own.
//!
//! The speaker is the PER or ORG entity the text names with a speech verb (אמר, הודה, טען,
//! לדבריו...): after the quote (“...” הודה טראמפ / “...” טראמפ אמר) or before it (אמר טראמפ:
//! “...” / טראמפ אמר: “...” / headline style טראמפ: “...”). לדבריו/לדבריה take the last PER
//! entity earlier on the same line.

use crate::document::{Entity, Quote, Sentence, Token, TokenKind};
use crate::scan::{is_letter, is_prefix_letter, PieceKind, Scan};
use crate::tree::Words;

/// Finds quoted spans in `text` and attributes a speaker (an index into `entities`) when the
/// text names one; linear in the text length, never panics. `sentences` (may be empty) and the
/// tokens' parse, when there is one, find speakers that the word patterns miss (see
/// [`Tree::speaker`]).
pub fn find_quotes(text: &str, tokens: &[Token], sentences: &[Sentence], entities: &[Entity]) -> Vec<Quote> {
    let spans = quote_spans(text, tokens);
    if spans.is_empty() {
        return Vec::new();
    }
    let scan = Scan::new(text, tokens);
    let mut order: Vec<usize> =
        (0..entities.len()).filter(|&e| is_speaker_label(&entities[e].label)).collect();
    order.sort_by_key(|&e| (entities[e].start, entities[e].end));
    let ctx = Ctx { scan: &scan, tokens, entities, order: &order };
    let tree = Tree::new(tokens, sentences);
    spans
        .into_iter()
        .map(|(b0, b1, u0, u1)| Quote {
            start: u0,
            end: u1,
            text: text[b0..b1].to_string(),
            // A speaker is named outside the quote, never inside it, and a name in quotation
            // marks (an organisation, a book) is not something said.
            speaker: if ctx.is_name(u0, u1) {
                None
            } else {
                ctx.speaker_after(u1)
                    .or_else(|| ctx.speaker_before(u0))
                    .or_else(|| tree.speaker(&ctx, u0, u1))
                    .filter(|&e| entities[e].end <= u0 || entities[e].start >= u1)
            },
        })
        .collect()
}

/// The dependency parse of the document's words, for speakers that are the subject of a speech
/// verb whose clause holds the quote (אורה נמיר טענה כי “...”; “...”, אמר שר החוץ, ריינאלדו
/// פיגוארדו).
struct Tree<'a> {
    tokens: &'a [Token],
    sentences: &'a [Sentence],
    /// Made on the first quote that asks the parse (most quotes never do); `None` when the
    /// tokens carry no parse.
    words: std::cell::OnceCell<Option<Words<'a>>>,
}

/// Fewest words of a quote that gets a speaker from the parse: shorter quotes are mostly a
/// term or a name in quotation marks, not something said.
const TREE_MIN_WORDS: usize = 3;

/// How far up the tree a speech verb is looked for, from the quote's words.
const TREE_MAX_UP: usize = 4;

/// How deep under the verb's subject a speaker is looked for.
const TREE_MAX_DOWN: usize = 8;

/// How far (in words) from the verb its subject, and from the subject the words under it, are
/// looked for: the cost per quote stays bounded in a sentence of any length.
const TREE_SPAN: usize = 64;

/// The tokens inside the quote at UTF-16 `u0..u1` (its marks included when they are tokens).
fn quote_tokens(tokens: &[Token], u0: usize, u1: usize) -> std::ops::Range<usize> {
    tokens.partition_point(|t| t.start < u0)..tokens.partition_point(|t| t.end <= u1)
}

impl<'a> Tree<'a> {
    fn new(tokens: &'a [Token], sentences: &'a [Sentence]) -> Tree<'a> {
        Tree { tokens, sentences, words: std::cell::OnceCell::new() }
    }

    fn words(&self) -> Option<&Words<'a>> {
        self.words.get_or_init(|| Words::new(self.tokens, self.sentences)).as_ref()
    }

    /// The speaker of the quote at UTF-16 `u0..u1` by the parse: in the sentence of its first
    /// word (or else its last), the nearest speech verb outside the quote above one of its words
    /// (not through its subject), then the PER/ORG entity on that verb's subject, or the first
    /// one inside the subject, a person before an organisation (שר החוץ של ונצואלה, ריינאלדו
    /// פיגוארדו). Quotes of fewer than [`TREE_MIN_WORDS`] words get none.
    fn speaker(&self, ctx: &Ctx, u0: usize, u1: usize) -> Option<usize> {
        let quote = quote_tokens(self.tokens, u0, u1);
        let inner = self.tokens.get(quote.clone())?;
        if inner.iter().filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Latin | TokenKind::Number)).count() < TREE_MIN_WORDS {
            return None;
        }
        let words = self.words()?;
        let (k0, k1) = (quote.start, quote.end);
        let mut tried = None;
        for s in [words.sentence_of_token(k0), words.sentence_of_token(k1 - 1)] {
            if tried == Some(s) {
                continue;
            }
            tried = Some(s);
            let sent = words.sentence(s);
            if sent.is_empty() {
                continue;
            }
            let (g0, g1) = (sent.start, sent.end);
            let inside = |w: usize| (words.first(k0)..words.first(k1)).contains(&w);
            let head = |w: usize| words.head(w, &sent);
            let Some(verb) = (words.first(k0).max(g0)..words.first(k1).min(g1)).find_map(|w| {
                // The quote is what the verb says, not part of its subject (a book's title).
                let (mut child, mut x) = (w, head(w)?);
                for _ in 0..TREE_MAX_UP {
                    if !inside(x) && words.word(x).is_some_and(|m| m.upos == "VERB" && is_speech_lemma(&m.lemma)) {
                        return (!words.rel(child).starts_with("nsubj")).then_some(x);
                    }
                    (child, x) = (x, head(x)?);
                }
                None
            }) else {
                continue;
            };
            let near = |w: usize| w.saturating_sub(TREE_SPAN).max(g0)..(w + TREE_SPAN + 1).min(g1);
            let subj = near(verb).find(|&w| {
                !inside(w) && head(w) == Some(verb) && words.rel(w).starts_with("nsubj")
            })?;
            // The entity on word `w` (`order` is sorted by position, and entities do not overlap).
            let on = |w: usize| {
                let k = ctx.order.partition_point(|&e| ctx.entities[e].morpheme_start <= w);
                k.checked_sub(1).map(|k| ctx.order[k]).filter(|&e| w < ctx.entities[e].morpheme_end)
            };
            if let Some(e) = on(subj) {
                return Some(e);
            }
            // Inside the subject: words whose way up reaches it. A person first (מאמן מכבי תל
            // אביב צבי שרף: צבי שרף), else an organisation.
            let named: Vec<usize> =
                near(subj).filter(|&w| !inside(w) && words.under(w, subj, TREE_MAX_DOWN, &sent)).filter_map(on).collect();
            return named.iter().copied().find(|&e| ctx.entities[e].label == "PER").or_else(|| named.first().copied());
        }
        None
    }
}

fn is_speaker_label(l: &str) -> bool {
    matches!(l, "PER" | "ORG")
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '\u{05F4}' | '\u{201C}' | '\u{201D}')
}

/// Whether a quote opened with `open` may close with `close`.
fn closes(open: char, close: char) -> bool {
    match open {
        '\u{201C}' => close == '\u{201D}',
        _ => close == open,
    }
}

/// Characters that may stand right before an opening mark.
fn before_open(c: Option<char>) -> bool {
    c.map_or(true, |c| {
        c.is_whitespace() || matches!(c, '(' | '[' | '{' | '<' | '-' | '\u{2013}' | '\u{2014}' | '\u{05BE}')
    })
}

/// Characters that may stand right after a closing mark.
fn after_close(c: Option<char>) -> bool {
    c.map_or(true, |c| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | ','
                    | ';'
                    | ':'
                    | '!'
                    | '?'
                    | ')'
                    | ']'
                    | '}'
                    | '>'
                    | '-'
                    | '\u{2013}'
                    | '\u{2014}'
                    | '\u{2026}'
                    | '\''
            )
            || is_open_quote(c)
            || c == '\u{2019}'
    })
}

/// Quote spans as (byte start, byte end, UTF-16 start, UTF-16 end), marks included.
fn quote_spans(text: &str, tokens: &[Token]) -> Vec<(usize, usize, usize, usize)> {
    // UTF-16 offsets of marks that are tokens of their own.
    let own: Vec<usize> = tokens
        .iter()
        .filter(|t| t.end == t.start + 1 && t.text.chars().next().is_some_and(is_open_quote))
        .map(|t| t.start)
        .collect();
    let mut out = Vec::new();
    let mut open: Option<(char, usize, usize)> = None; // (mark, byte, utf16)
    let mut content = false; // a letter or digit since the opening mark
    let mut prev: Option<char> = None;
    let mut run_len = 0usize; // letters in the current run
    let mut run_prefix = true; // ...all of them prefix letters
    let mut u = 0usize;
    let mut it = text.char_indices().peekable();
    while let Some((b, c)) = it.next() {
        let width = c.len_utf16();
        if c == '\n' || c == '\r' {
            open = None;
        }
        if is_open_quote(c) {
            let next = it.peek().map(|&(_, n)| n);
            let own_token = own.binary_search(&u).is_ok();
            let inside = prev.is_some_and(is_letter) && next.is_some_and(char::is_alphanumeric);
            let (mut can_open, mut can_close) = if inside {
                // Between letters: a quote after prefix letters (ה”דוב), else gershayim.
                let after = text[b + c.len_utf8()..].chars().take(2).filter(|&x| is_letter(x)).count();
                let prefixed = run_prefix && (1..=3).contains(&run_len) && (after >= 2 || own_token);
                (prefixed, false)
            } else {
                let o = before_open(prev) && next.is_some_and(|n| !n.is_whitespace());
                let cl = prev.is_some_and(|p| !p.is_whitespace()) && after_close(next);
                let both_space =
                    prev.map_or(true, char::is_whitespace) && next.map_or(true, char::is_whitespace);
                (o || both_space, cl || both_space)
            };
            if c == '\u{201C}' {
                can_close = false;
            }
            // A mark the tokenizer split off (but not gershayim between letters) is a quotation mark.
            if own_token && !inside && !can_open && !can_close {
                can_open = open.is_none();
                can_close = open.is_some();
            }
            match open {
                Some((m, ob, ou)) if can_close && closes(m, c) && content => {
                    let end = b + c.len_utf8();
                    out.push((ob, end, ou, u + width));
                    open = None;
                }
                _ if can_open => {
                    open = Some((c, b, u));
                    content = false;
                }
                _ => {}
            }
        } else if matches!(c, 'א'..='ת') || (if c.is_ascii() { c.is_ascii_alphanumeric() } else { c.is_alphanumeric() }) {
            content = true;
        }
        if is_letter(c) {
            run_len += 1;
            run_prefix &= is_prefix_letter(c);
        } else if !crate::scan::is_point(c) {
            run_len = 0;
            run_prefix = true;
        }
        prev = Some(c);
        u += width;
    }
    out
}

/// Speech verbs, normalised; a ו prefix is stripped before lookup.
fn is_speech_verb(w: &str) -> bool {
    let w = if w.chars().count() > 3 { w.strip_prefix('ו').unwrap_or(w) } else { w };
    matches!(
        w,
        "אמר"
            | "אמרה"
            | "אמרו"
            | "אומר"
            | "אומרת"
            | "אומרים"
            | "הודה"
            | "הודתה"
            | "הודו"
            | "הוסיף"
            | "הוסיפה"
            | "הוסיפו"
            | "טען"
            | "טענה"
            | "טענו"
            | "טוען"
            | "טוענת"
            | "הבהיר"
            | "הבהירה"
            | "הבהירו"
            | "ציין"
            | "ציינה"
            | "ציינו"
            | "הצהיר"
            | "הצהירה"
            | "הצהירו"
            | "כתב"
            | "כתבה"
            | "כתבו"
            | "מסר"
            | "מסרה"
            | "מסרו"
            | "השיב"
            | "השיבה"
            | "השיבו"
            | "הגיב"
            | "הגיבה"
            | "הגיבו"
            | "סיפר"
            | "סיפרה"
            | "סיפרו"
            | "הדגיש"
            | "הדגישה"
            | "הדגישו"
            | "צייץ"
            | "צייצה"
            | "צייצו"
            | "הסביר"
            | "הסבירה"
            | "הסבירו"
            | "הזהיר"
            | "הזהירה"
            | "הזהירו"
            | "הכריז"
            | "הכריזה"
            | "הכריזו"
            | "הודיע"
            | "הודיעה"
            | "הודיעו"
            | "שאל"
            | "שאלה"
            | "שאלו"
            | "ענה"
            | "ענתה"
            | "ענו"
            | "צעק"
            | "צעקה"
            | "צעקו"
            | "קרא"
            | "קראה"
            | "קראו"
            | "התריע"
            | "התריעה"
            | "איים"
            | "איימה"
            | "פסק"
            | "פסקה"
            | "לדברי"
    )
}

/// Lemmas of speech verbs, for tokens the morphology tagged as VERB.
fn is_speech_lemma(l: &str) -> bool {
    matches!(
        l,
        "אמר"
            | "התבטא"
            | "הודה"
            | "הוסיף"
            | "טען"
            | "הבהיר"
            | "ציין"
            | "הצהיר"
            | "כתב"
            | "מסר"
            | "השיב"
            | "הגיב"
            | "סיפר"
            | "הדגיש"
            | "צייץ"
            | "הסביר"
            | "הזהיר"
            | "הכריז"
            | "הודיע"
            | "שאל"
            | "ענה"
            | "צעק"
    )
}

fn is_anaphoric(w: &str) -> bool {
    matches!(w, "לדבריו" | "לדבריה" | "לדבריהם" | "לדבריהן" | "ולדבריו" | "ולדבריה")
}

struct Ctx<'a> {
    scan: &'a Scan<'a>,
    tokens: &'a [Token],
    entities: &'a [Entity],
    /// PER/ORG entity indices sorted by start.
    order: &'a [usize],
}

impl Ctx<'_> {
    /// Whether entities (of any type) make up at least half the tokens inside the quote at
    /// UTF-16 `u0..u1` (its marks left out).
    fn is_name(&self, u0: usize, u1: usize) -> bool {
        let quote = quote_tokens(self.tokens, u0, u1);
        let (k0, k1) = (quote.start, quote.end);
        let inner = self.tokens.get(quote).map_or(0, |t| t.iter().filter(|t| t.kind != TokenKind::Punct).count());
        let named: usize = self
            .entities
            .iter()
            .filter(|e| e.start >= u0 && e.end <= u1)
            .map(|e| e.token_end.min(k1).saturating_sub(e.token_start.max(k0)))
            .sum();
        named > 0 && 2 * named >= inner
    }

    fn verb_at(&self, i: usize) -> bool {
        let Some(p) = self.scan.get(i) else {
            return false;
        };
        if p.kind != PieceKind::Letters {
            return false;
        }
        if is_speech_verb(&p.norm) {
            return true;
        }
        // Tagged as a speech verb by the morphology (ואמרה → ו + אמר), but not after ה: a relative
        // participle or a noun (הטענה, "the claim") does not introduce a speaker.
        p.token.and_then(|t| self.tokens.get(t)).is_some_and(|t| {
            t.morphemes
                .iter()
                .enumerate()
                .any(|(k, m)| m.upos == "VERB" && is_speech_lemma(&m.lemma) && !t.morphemes[..k].iter().any(|x| x.form == "ה"))
        })
    }

    /// First PER/ORG entity starting in `[from, to)`.
    fn first_in(&self, from: usize, to: usize) -> Option<usize> {
        let k = self.order.partition_point(|&e| self.entities[e].start < from);
        self.order.get(k).copied().filter(|&e| self.entities[e].start < to)
    }

    /// Last PER/ORG entity ending at or before `to` and starting at or after `from`.
    fn last_in(&self, from: usize, to: usize) -> Option<usize> {
        let k = self.order.partition_point(|&e| self.entities[e].start < to);
        self.order[..k]
            .iter()
            .rev()
            .copied()
            .take_while(|&e| self.entities[e].start >= from)
            .find(|&e| self.entities[e].end <= to)
    }

    /// Piece `i`, or an end-of-text sentinel offset.
    fn start_of(&self, i: usize) -> usize {
        self.scan.get(i).map_or(usize::MAX, |p| p.u0)
    }

    fn is_stop(&self, i: usize) -> bool {
        self.scan.get(i).map_or(true, |p| {
            p.nl_before
                || (p.kind == PieceKind::Mark
                    && matches!(p.norm.as_str(), "." | "!" | "?" | "\"" | "“" | "”" | "״"))
        })
    }

    /// “...” הודה טראמפ / “...” טראמפ אמר.
    fn speaker_after(&self, end: usize) -> Option<usize> {
        let mut j = self.scan.piece_at(end);
        let mut skipped = 0;
        while let Some(p) = self.scan.get(j) {
            if p.nl_before {
                return None;
            }
            if p.kind == PieceKind::Mark
                && matches!(p.norm.as_str(), "," | "-" | "–" | "—" | ":")
                && skipped < 2
            {
                j += 1;
                skipped += 1;
            } else {
                break;
            }
        }
        if self.verb_at(j) {
            // The first entity within the next few words.
            let mut lim = j + 1;
            while lim < j + 5 && !self.is_stop(lim) {
                lim += 1;
            }
            return self.first_in(self.scan.get(j)?.u1, self.start_of(lim));
        }
        // Entity right after the quote, then a speech verb.
        let e = self.first_in(self.scan.get(j)?.u0, self.scan.get(j)?.u1)?;
        let after = self.scan.piece_at(self.entities[e].end);
        let after =
            if self.scan.get(after).is_some_and(|p| p.u0 < self.entities[e].end) { after + 1 } else { after };
        self.verb_at(after).then_some(e)
    }

    /// אמר טראמפ: “...” / טראמפ אמר: “...” / טראמפ: “...” / לדבריו, “...”.
    fn speaker_before(&self, start: usize) -> Option<usize> {
        let first = self.scan.piece_at(start);
        // Pieces that end at or before the quote.
        let mut k = first;
        while k > 0 && self.scan.pieces[k - 1].u1 > start {
            k -= 1;
        }
        let mut i = k.checked_sub(1)?;
        let mut colon = false;
        let mut skipped = 0;
        while skipped < 2 && self.scan.pieces[i].kind == PieceKind::Mark {
            let m = self.scan.pieces[i].norm.as_str();
            if !matches!(m, ":" | "," | "-" | "–" | "—") {
                break;
            }
            colon |= m == ":";
            i = i.checked_sub(1)?;
            skipped += 1;
        }
        if self.scan.pieces[k].nl_before && skipped == 0 {
            return None;
        }
        // Walk back over a few words looking for a speech verb.
        let mut v = i;
        for _ in 0..6 {
            let p = &self.scan.pieces[v];
            if p.kind == PieceKind::Letters && is_anaphoric(&p.norm) {
                return self.anaphor(p.u0);
            }
            if self.verb_at(v) {
                // אמר טראמפ: — an entity between the verb and the quote.
                if let Some(e) = self.first_in(p.u1, start) {
                    return Some(e);
                }
                // טראמפ אמר: — the nearest entity just before the verb.
                let from = self.scan.pieces[v.saturating_sub(4)].u0;
                return self.last_in(from, p.u0);
            }
            if v == 0 || self.is_stop(v) || p.nl_before {
                break;
            }
            v -= 1;
        }
        if colon {
            // Headline style: טראמפ: “...”
            let p = &self.scan.pieces[i];
            let from = self.scan.pieces[i.saturating_sub(8)].u0;
            return self.last_in(from, p.u1).filter(|&e| self.entities[e].end == p.u1);
        }
        None
    }

    /// The last PER entity before `at` on the same line.
    fn anaphor(&self, at: usize) -> Option<usize> {
        let k = self.order.partition_point(|&e| self.entities[e].start < at);
        let e = self.order[..k].iter().rev().copied().take(20).find(|&e| self.entities[e].label == "PER")?;
        // Same line: no line break between the entity and `at`.
        let from = self.scan.piece_at(self.entities[e].end);
        let to = self.scan.piece_at(at);
        (from..=to.min(self.scan.len().saturating_sub(1)))
            .skip(1)
            .all(|i| !self.scan.pieces[i].nl_before)
            .then_some(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::testutil::{ent, fine_tokens, span16, ws_tokens};

    /// Quotes under both tokenizations (they must agree).
    fn quotes(text: &str, ents: &[Entity]) -> Vec<Quote> {
        let a = find_quotes(text, &ws_tokens(text), &[], ents);
        let b = find_quotes(text, &fine_tokens(text), &[], ents);
        assert_eq!(a, b, "tokenization changed the quotes of {text:?}");
        a
    }

    fn texts(qs: &[Quote]) -> Vec<&str> {
        qs.iter().map(|q| q.text.as_str()).collect()
    }

    #[test]
    fn speaker_after_quote() {
        let t = "שני המנהיגים יצאו ללא הסכמות. “אין הסכם עד שאין הסכם” הודה טראמפ, כמעט בתבוסה, בפני הכתבים.";
        let ents = [ent(t, "PER", "טראמפ", 0)];
        let q = quotes(t, &ents);
        assert_eq!(texts(&q), ["“אין הסכם עד שאין הסכם”"]);
        assert_eq!(q[0].speaker, Some(0));
        let (s, e) = span16(t, "“אין הסכם עד שאין הסכם”", 0);
        assert_eq!((q[0].start, q[0].end), (s, e));
        // Entity then verb.
        let t = "“לא נוותר” נתניהו אמר אתמול.";
        let q = quotes(t, &[ent(t, "PER", "נתניהו", 0)]);
        assert_eq!(q[0].speaker, Some(0));
    }

    #[test]
    fn speaker_before_quote() {
        let t = "אמר טראמפ לכתבים: \"אין הסכם עד שאין הסכם\".";
        let q = quotes(t, &[ent(t, "PER", "טראמפ", 0)]);
        assert_eq!(texts(&q), ["\"אין הסכם עד שאין הסכם\""]);
        assert_eq!(q[0].speaker, Some(0));
        let t = "פוטין אמר: ״אנחנו מוכנים״ ויצא.";
        let q = quotes(t, &[ent(t, "PER", "פוטין", 0)]);
        assert_eq!(texts(&q), ["״אנחנו מוכנים״"]);
        assert_eq!(q[0].speaker, Some(0));
        let t = "הבית הלבן מסר: ”הפגישה הייתה פורה” הערב.";
        let q = quotes(t, &[ent(t, "ORG", "הבית הלבן", 0)]);
        assert_eq!(q[0].speaker, Some(0));
        let t = "הבית הלבן: “לא נוותר”";
        let q = quotes(t, &[ent(t, "ORG", "הבית הלבן", 0)]);
        assert_eq!(q[0].speaker, Some(0));
        let t = "נתניהו: “לא נוותר”";
        let q = quotes(t, &[ent(t, "PER", "נתניהו", 0)]);
        assert_eq!(q[0].speaker, Some(0));
        let t = "זלנסקי נאם בכנס. לדבריו, “המלחמה תימשך”.";
        let q = quotes(t, &[ent(t, "PER", "זלנסקי", 0)]);
        assert_eq!(q[0].speaker, Some(0));
        // A GPE is never a speaker.
        let t = "רוסיה אמרה: “לא”";
        let q = quotes(t, &[ent(t, "GPE", "רוסיה", 0)]);
        assert_eq!(q[0].speaker, None);
    }

    #[test]
    fn terms_without_speech_verb() {
        let t =
            "טראמפ פעל להציג עצמו כנשיא “משכין שלום”. הוא ניסה לשלול מהנשיא הרוסי “תמונת ניצחון”, לא סתם.";
        let ents = [ent(t, "PER", "טראמפ", 0)];
        let q = quotes(t, &ents);
        assert_eq!(texts(&q), ["“משכין שלום”", "“תמונת ניצחון”"]);
        assert!(q.iter().all(|q| q.speaker.is_none()));
    }

    #[test]
    fn gershayim_are_not_quotes() {
        let t = "נשיא ארה”ב דונלד טראמפ וצה\"ל ויו״ר הכנסת נחתו בארה”ב. “צעק” לפוטין.";
        assert_eq!(texts(&quotes(t, &[])), ["“צעק”"]);
        assert!(quotes("ארה”ב וצה\"ל ורה״מ", &[]).is_empty());
    }

    #[test]
    fn quote_after_prefix_letter() {
        let t = "ולחזור לרוסיה בתור ה”דוב הרוסי” הגדול, שהצליח לעמוד בפרץ.";
        let q = quotes(t, &[]);
        assert_eq!(texts(&q), ["”דוב הרוסי”"]);
        let (s, _) = span16(t, "”דוב", 0);
        assert_eq!(q[0].start, s);
        let t = "מה שנקרא ב\"תמונת ניצחון\" של פוטין";
        assert_eq!(texts(&quotes(t, &[])), ["\"תמונת ניצחון\""]);
    }

    #[test]
    fn sample_paragraph_quotes() {
        let t = "קבעו הנשיא וסביבתו כי תושג הפסקת אש בין הצדדים “תוך 24 שעות”. כמובן שהיה מדובר בהקצנה מכוונת אך טראמפ פעל ופועל להציג עצמו כנשיא “משכין שלום”.\nסביב “תיק ג’פרי אפשטיין”, הטענה כי";
        let q = quotes(t, &[]);
        assert_eq!(texts(&q), ["“תוך 24 שעות”", "“משכין שלום”", "“תיק ג’פרי אפשטיין”"]);
    }

    #[test]
    fn acronyms_inside_quotes() {
        let t = "אמר: “ארה”ב תנצח” וגם \"צה\"ל ינצח\" ו״יו״ר הכנסת״.";
        assert_eq!(texts(&quotes(t, &[])), ["“ארה”ב תנצח”", "\"צה\"ל ינצח\"", "״יו״ר הכנסת״"]);
    }

    #[test]
    fn gershayim_split_off_by_a_tokenizer_stay_gershayim() {
        // A tokenizer that made the gershayim of ארה”ב a token of its own.
        let t = "נשיא ארה”ב אמר “שלום”";
        let mut toks = fine_tokens(t);
        let at = toks.iter().position(|x| x.text == "ארה”ב").unwrap();
        let w = toks.remove(at);
        let (s, e) = (w.start, w.end);
        let mk = |a: usize, b: usize, txt: &str| crate::document::Token {
            start: a,
            end: b,
            text: txt.into(),
            kind: crate::document::TokenKind::Word,
            morphemes: vec![],
        };
        toks.insert(at, mk(e - 1, e, "ב"));
        toks.insert(at, mk(e - 2, e - 1, "”"));
        toks.insert(at, mk(s, e - 2, "ארה"));
        assert_eq!(texts(&find_quotes(t, &toks, &[], &[])), ["“שלום”"]);
    }

    #[test]
    fn speech_verb_from_morphology_lemma() {
        let t = "“נמשיך” התבטאה זלנסקי";
        let mut toks = fine_tokens(t);
        for tok in &mut toks {
            if tok.text == "התבטאה" {
                tok.morphemes = vec![crate::document::Morpheme {
                    form: "התבטאה".into(),
                    upos: "VERB".into(),
                    lemma: "התבטא".into(),
                    ..Default::default()
                }];
            }
        }
        let ents = [ent(t, "PER", "זלנסקי", 0)];
        assert_eq!(find_quotes(t, &toks, &[], &ents)[0].speaker, Some(0));
        assert_eq!(find_quotes(t, &fine_tokens(t), &[], &ents)[0].speaker, None, "surface form unknown");
    }

    #[test]
    fn unclosed_and_odd_input() {
        assert!(quotes("“לא נסגר\nבשורה הבאה”", &[]).is_empty());
        for t in ["", "\"", "“”", "\" \"", "ה”", "”ה", "a\"b\"c", "““””"] {
            let _ = quotes(t, &[]);
        }
        assert!(quotes("“”", &[]).is_empty());
    }
}
