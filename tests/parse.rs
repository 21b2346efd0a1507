//! The dependency parse on real Hebrew: known trees for simple sentences, and one well-formed tree
//! per sentence (exactly one root, no cycles, heads inside the sentence) in the document and in the
//! CoNLL-U output of the sample article and the HTB dev text. Tests that read ../shared skip with a
//! message when it is absent.

use dikduk::invariants::{check_document, check_tree};
use dikduk::{annotate, conllu, Document, Options};
mod common;
use common::shared;


/// `form/HEAD/DEPREL` of every word of the document's first sentence.
fn arcs(doc: &Document) -> Vec<String> {
    let s = &doc.sentences[0];
    doc.tokens[s.token_start..s.token_end]
        .iter()
        .flat_map(|t| &t.morphemes)
        .map(|m| format!("{}/{}/{}", m.form, m.head.map_or("-".into(), |h| h.to_string()), m.deprel.as_deref().unwrap_or("-")))
        .collect()
}

#[test]
fn simple_sentences_get_their_trees() {
    if dikduk::parse::model().is_err() {
        eprintln!("SKIP: no parser model embedded");
        return;
    }
    let doc = annotate("טראמפ ופוטין נפגשו באלסקה.", &Options::default());
    assert_eq!(
        arcs(&doc),
        ["טראמפ/4/nsubj", "ו/3/cc", "פוטין/1/conj", "נפגשו/0/root", "ב/6/case", "אלסקה/4/obl", "./4/punct"]
    );
    let doc = annotate("הילד הגדול אכל את התפוח.", &Options::default());
    let a = arcs(&doc);
    for want in ["ילד/5/nsubj", "גדול/2/amod", "אכל/0/root", "את/8/case:acc", "תפוח/5/obj", "./5/punct"] {
        assert!(a.iter().any(|x| x == want), "{want} missing in {a:?}");
    }
}

#[test]
fn parse_off_leaves_no_syntax_and_a_flat_conllu_tree() {
    let text = "ראש הממשלה נפגש בירושלים עם שר החוץ.";
    let doc = annotate(text, &Options { parse: false, ..Options::default() });
    assert!(doc.tokens.iter().flat_map(|t| &t.morphemes).all(|m| m.head.is_none() && m.deprel.is_none()));
    let json = serde_json::to_string(&doc).unwrap();
    assert!(!json.contains("\"head\"") && !json.contains("\"deprel\""));
    let conll = conllu::write_document(&doc, "t");
    let s = &conllu::parse(&conll).unwrap()[0];
    assert!(s.words().skip(1).all(|w| w.head == Some(1) && w.deprel == "dep"));
    // Morphology off: no parse either, whatever `parse` says.
    let doc = annotate(text, &Options { morphology: false, ..Options::default() });
    assert!(doc.tokens.iter().flat_map(|t| &t.morphemes).all(|m| m.head.is_none()));
}

/// Every sentence of `text` is one tree, in the document and in its CoNLL-U.
fn every_sentence_is_one_tree(text: &str) {
    let doc = annotate(text, &Options::default());
    check_document(text, &doc).unwrap();
    for (i, s) in doc.sentences.iter().enumerate() {
        check_tree(&doc, i, s.token_start..s.token_end).unwrap();
        assert!(doc.tokens[s.token_start..s.token_end].iter().flat_map(|t| &t.morphemes).all(|m| m.head.is_some()), "sentence {i} has no parse");
    }
    let conll = conllu::write_document(&doc, "t");
    let sents = conllu::parse(&conll).unwrap();
    assert_eq!(sents.len(), doc.sentences.len());
    for s in &sents {
        let heads: Vec<usize> = s.words().map(|w| w.head.expect("a head")).collect();
        assert_eq!(heads.iter().filter(|&&h| h == 0).count(), 1, "{:?}", s.sent_id);
        assert!(heads.iter().all(|&h| h <= heads.len()));
        assert!(s.words().all(|w| !w.deprel.is_empty() && w.deprel != "_" && (w.deprel == "root") == (w.head == Some(0))));
        // UD's validator (level 3) rejects a predicate with two subjects or two objects.
        for kind in [&["nsubj", "csubj"][..], &["obj"]] {
            let of_kind = |w: &&dikduk::conllu::Word| kind.contains(&w.deprel.split(':').next().unwrap_or("")) && !w.deprel.ends_with(":outer");
            let mut heads: Vec<usize> = s.words().filter(of_kind).filter_map(|w| w.head).collect();
            let n = heads.len();
            heads.sort_unstable();
            heads.dedup();
            assert_eq!(heads.len(), n, "two of {kind:?} under one head in {:?}", s.sent_id);
        }
    }
}

#[test]
fn sample_article_is_one_tree_per_sentence() {
    let Some(text) = shared("samples/news-trump-putin-alaska.txt") else { return };
    if dikduk::parse::model().is_err() {
        eprintln!("SKIP: no parser model embedded");
        return;
    }
    every_sentence_is_one_tree(&text);
}

#[test]
fn htb_dev_text_is_one_tree_per_sentence() {
    let Some(gold) = shared("data/htb-nemo/he_htb-nemo-dev.conllu") else { return };
    if dikduk::parse::model().is_err() {
        eprintln!("SKIP: no parser model embedded");
        return;
    }
    let text: Vec<&str> = gold.lines().filter_map(|l| l.strip_prefix("# text = ")).collect();
    every_sentence_is_one_tree(&text.join(" "));
}

/// The morphemes of every token as `form/UPOS/lemma/feats`, without the syntax.
fn morphology(doc: &Document) -> Vec<Vec<String>> {
    doc.tokens
        .iter()
        .map(|t| t.morphemes.iter().map(|m| format!("{}/{}/{}/{}", m.form, m.upos, m.lemma, m.feats)).collect())
        .collect()
}

/// The morphology's own analysis of every token of `text` (one run, no parse); `None`, with a
/// note, when the parser or the morphology model is not embedded.
fn morphology_alone(text: &str) -> Option<Vec<Vec<dikduk::Morpheme>>> {
    if dikduk::parse::model().is_err() || dikduk::morph::model().is_err() {
        eprintln!("SKIP: no parser or morphology model embedded");
        return None;
    }
    let seg = dikduk::text::segment(text);
    let toks: Vec<(&str, dikduk::TokenKind)> = seg.tokens.iter().map(|t| (&text[t.range.clone()], t.kind)).collect();
    Some(dikduk::morph::analyze(&toks))
}

/// Where the morphology's best tagging of a token's words is only just ahead of another, the parser
/// decides as well (docs/DESIGN.md): הודהדה ("echoed", from the page's sample article) is the verb
/// of its sentence, where the morphology alone reads a proper noun.
#[test]
fn the_parser_settles_close_taggings() {
    let text = "גם בעולם הפסגה הודהדה כהזדמנות להישגים דרמטיים בין שני המנהיגים.";
    let Some(alone) = morphology_alone(text) else { return };
    assert_eq!(alone[3].iter().map(|m| (m.form.as_str(), m.upos.as_str())).collect::<Vec<_>>(), [("הודהדה", "PROPN")]);
    let doc = annotate(text, &Options::default());
    let verb = &doc.tokens[3].morphemes;
    assert_eq!((verb.len(), verb[0].upos.as_str(), verb[0].lemma.as_str()), (1, "VERB", "הודהד"), "{verb:?}");
    assert_eq!(verb[0].deprel.as_deref(), Some("root"), "{verb:?}");
    let without_parse = annotate(text, &Options { parse: false, ..Options::default() });
    assert_eq!(morphology(&without_parse), morphology(&doc));
}

/// Where the morphology's best segmentation of a token is only just ahead of another, the parser's
/// score decides between the two (docs/DESIGN.md): ובכן ("well then") at the head of a sentence
/// is one adverb, where the morphology alone reads ו + ב + כן. The morphology is the same whether
/// or not the parse layer is asked for.
#[test]
fn the_parser_settles_close_segmentations() {
    let text = "ובכן, התברר שבעלי הרעיונות המעניינים היו אנשים כמו רוברט בורק.";
    let Some(alone) = morphology_alone(text) else { return };
    assert_eq!(alone[0].iter().map(|m| m.form.as_str()).collect::<Vec<_>>(), ["ו", "ב", "כן"]);
    let doc = annotate(text, &Options::default());
    let first = &doc.tokens[0].morphemes;
    assert_eq!((first.len(), first[0].form.as_str(), first[0].upos.as_str()), (1, "ובכן", "ADV"), "{first:?}");
    let without_parse = annotate(text, &Options { parse: false, ..Options::default() });
    assert_eq!(morphology(&without_parse), morphology(&doc));
    if let Some(g) = shared("data/htb-nemo/he_htb-nemo-dev.conllu") {
        let dev: Vec<&str> = g.lines().filter_map(|l| l.strip_prefix("# text = ")).collect();
        let dev = dev.join(" ");
        let a = annotate(&dev, &Options::default());
        let b = annotate(&dev, &Options { parse: false, entities: false, ..Options::default() });
        assert_eq!(morphology(&a), morphology(&b), "HTB dev: the parse layer changed the morphology");
    }
}

/// The titles of people from the parse (issue 14: where the tree makes another layer better): the
/// phrase a name stands in apposition to, before it (with a comma between) or after it, when a
/// title word heads it. Without the parse only a title written right before the name is found.
#[test]
fn titles_in_apposition_come_from_the_parse() {
    if dikduk::parse::model().is_err() || dikduk::ner::model().is_err() {
        eprintln!("SKIP: no parser or NER model embedded");
        return;
    }
    let text = "ביום שלישי הגיש שר המשפטים, אברהם שריר, לכנסת הצעה חדשה. \
                טדי קולק, ראש עיריית ירושלים, אמר אתמול כי העירייה תפעל. \
                את הדברים אמר משה כהן, מנכ\"ל החברה, בכנס בתל אביב. \
                לדברי יועצו המשפטי של הארגון, עו\"ד דני לוי, ההחלטה שגויה.";
    let titles = |options: &Options| {
        let doc = annotate(text, options);
        let mut t: Vec<(String, Vec<String>)> =
            doc.entity_groups.iter().filter(|g| g.label == "PER").map(|g| (g.name.clone(), g.titles.clone())).collect();
        t.sort();
        t
    };
    let with_parse = titles(&Options::default());
    let want = [
        ("אברהם שריר", &["שר המשפטים"][..]),
        ("דני לוי", &["עו\"ד"][..]),
        ("טדי קולק", &["ראש עיריית ירושלים"][..]),
        ("משה כהן", &["מנכ\"ל החברה"][..]),
    ];
    let want: Vec<(String, Vec<String>)> =
        want.iter().map(|(n, t)| (n.to_string(), t.iter().map(|s| s.to_string()).collect())).collect();
    assert_eq!(with_parse, want);
    // Without the parse: the title right before a name only.
    let without = titles(&Options { parse: false, ..Options::default() });
    let found: Vec<&str> = without.iter().flat_map(|(_, t)| t).map(String::as_str).collect();
    assert_eq!(found, ["עו\"ד"], "{without:?}");
}
