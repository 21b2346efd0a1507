//! The `conventions` option: the same analysis written in UD_Hebrew-IAHLT conventions. On the
//! sample article: the document keeps its invariants (every token's text, offsets, entities inside
//! their tokens' morphemes), every sentence is still one tree over the words written, no input
//! letter is lost from the morphemes, and only the conventions' differences remain (no `ה_`,
//! `_של_` or `_הוא`). Tests that read ../shared skip with a message when it is absent.

use dikduk::invariants::{check_document, check_tree};
use dikduk::morph::conventions::Conventions;
use dikduk::{annotate, api, conllu, Document, Options};
mod common;
use common::shared;


fn iahlt() -> Options {
    Options { conventions: Conventions::Iahlt, ..Options::default() }
}

/// The letters of a text (what morpheme forms should spell), without the HTB's underscores.
fn letters(s: &str) -> String {
    dikduk::morph::tags::normalize(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

fn check(text: &str, doc: &Document) {
    check_document(text, doc).unwrap();
    for (i, s) in doc.sentences.iter().enumerate() {
        check_tree(doc, i, s.token_start..s.token_end).unwrap();
    }
    for t in &doc.tokens {
        let spelt: String = t.morphemes.iter().map(|m| letters(&m.form)).collect();
        assert_eq!(spelt, letters(&t.text), "the morphemes of {:?} spell {spelt:?}: {:?}", t.text, t.morphemes);
        assert!(t.morphemes.iter().all(|m| !m.form.contains('_')), "{:?}", t.morphemes);
    }
}

#[test]
fn sample_article_in_iahlt_conventions() {
    let Some(text) = shared("samples/news-trump-putin-alaska.txt") else { return };
    let htb = annotate(&text, &Options::default());
    let doc = annotate(&text, &iahlt());
    check(&text, &doc);
    // Same tokens, sentences, entities (by span) and values: only the morphemes differ.
    assert_eq!(doc.tokens.len(), htb.tokens.len());
    assert!(doc.tokens.iter().zip(&htb.tokens).all(|(a, b)| (a.start, a.end, &a.text) == (b.start, b.end, &b.text)));
    assert_eq!(doc.sentences, htb.sentences);
    let spans = |d: &Document| d.entities.iter().map(|e| (e.start, e.end, e.label.clone())).collect::<Vec<_>>();
    assert_eq!(spans(&doc), spans(&htb));
    assert_eq!(doc.values, htb.values);
    let n = |d: &Document| d.tokens.iter().map(|t| t.morphemes.len()).sum::<usize>();
    assert!(n(&doc) < n(&htb), "IAHLT writes fewer words ({} vs {})", n(&doc), n(&htb));
    // The CoNLL-U reads back with one root per sentence.
    let sents = conllu::parse(&conllu::write_document(&doc, "t")).unwrap();
    assert_eq!(sents.len(), doc.sentences.len());
    for s in &sents {
        assert_eq!(s.words().filter(|w| w.head == Some(0)).count(), 1, "{:?}", s.sent_id);
    }
}

#[test]
fn known_words_in_both_conventions() {
    let forms = |d: &Document| -> Vec<String> {
        d.tokens.iter().map(|t| t.morphemes.iter().map(|m| m.form.as_str()).collect::<Vec<_>>().join("+")).collect()
    };
    let text = "הם ישבו בבית ובו ספריו.";
    let htb = annotate(text, &Options::default());
    let doc = annotate(text, &iahlt());
    check(text, &doc);
    let (h, i) = (forms(&htb), forms(&doc));
    assert_eq!(h[2], "ב+ה_+בית", "{h:?}");
    assert_eq!(i[2], "ב+בית", "{i:?}");
    assert_eq!(i[3], "ו+ב+ו", "{i:?}");
    let b = &doc.tokens[2].morphemes[0];
    assert!(b.feats.contains("Definite=Def") && b.feats.contains("PronType=Art"), "{b:?}");
}

#[test]
fn the_option_reads_from_json_and_rejects_other_values() {
    let o = api::parse_options(&serde_json::json!({"conventions": "iahlt"})).unwrap();
    assert_eq!(o.conventions, Conventions::Iahlt);
    assert_eq!(api::parse_options(&serde_json::json!({})).unwrap().conventions, Conventions::Htb);
    let e = api::parse_options(&serde_json::json!({"conventions": "ud"})).unwrap_err();
    assert!(e.message().contains("htb") && e.message().contains("iahlt"), "{e}");
    let e = api::parse_options(&serde_json::json!({"conventions": true})).unwrap_err();
    assert!(e.message().contains("must be a string"), "{e}");
    assert!(api::option_names().contains(&"conventions".to_string()));
}

#[test]
fn morphology_off_ignores_the_conventions() {
    let text = "בבית הספר.";
    let a = annotate(text, &Options { morphology: false, ..Options::default() });
    let b = annotate(text, &Options { morphology: false, ..iahlt() });
    assert_eq!(a, b);
}
