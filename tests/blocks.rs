//! Long texts are annotated block by block (`pipeline::BLOCK_BYTES`). These tests annotate real
//! Hebrew with tiny blocks and check that cutting after line breaks changes no token, sentence,
//! morpheme, paragraph or value, that quotes keep their spans, and that the document is valid.
//! Entities may differ near a cut: the entity model's document memory does not cross one.

mod common;

use dikduk::invariants::check_document;
use dikduk::pipeline::{annotate_in_blocks, Part};
use dikduk::{annotate, Document, Options};
use std::path::PathBuf;

fn shared(path: &str) -> Option<String> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared").join(path);
    std::fs::read_to_string(&p).map_err(|_| eprintln!("SKIP part: {} not found", p.display())).ok()
}

/// The document `annotate` would make, built from blocks of `size` bytes; also returns how many
/// blocks were handed out.
fn in_blocks(text: &str, size: usize) -> (Document, usize) {
    let mut parts: Vec<Part> = Vec::new();
    let mut doc = annotate_in_blocks(text, &Options::default(), size, &mut |_, _| {}, &mut |p| parts.push(p));
    let blocks = parts.len();
    for p in parts {
        p.append_to(&mut doc);
    }
    (doc, blocks)
}

fn check_same_analysis(id: &str, text: &str, size: usize) {
    let whole = annotate(text, &Options::default());
    let (cut, blocks) = in_blocks(text, size);
    assert!(blocks > 3, "{id}: only {blocks} blocks");
    check_document(text, &cut).unwrap_or_else(|e| panic!("{id}: {e}"));
    assert_eq!(cut.length, whole.length, "{id}");
    assert_eq!(cut.paragraphs, whole.paragraphs, "{id}: paragraphs");
    assert_eq!(cut.sentences, whole.sentences, "{id}: sentences");
    if let Some(i) = (0..whole.tokens.len()).find(|&i| cut.tokens.get(i) != whole.tokens.get(i)) {
        panic!("{id}: token {i} differs: {:?} vs {:?}", cut.tokens.get(i), whole.tokens.get(i));
    }
    assert_eq!(cut.tokens.len(), whole.tokens.len(), "{id}");
    assert_eq!(cut.values, whole.values, "{id}: values");
    let spans = |d: &Document| d.quotes.iter().map(|q| (q.start, q.end)).collect::<Vec<_>>();
    assert_eq!(spans(&cut), spans(&whole), "{id}: quote spans");
    // Entities: the same wherever the model's document memory saw the same sentences. The blocks
    // here are tiny (a cut every 10 sentences of the sample article), so a few differ.
    let same = cut.entities.iter().filter(|e| whole.entities.contains(e)).count();
    assert!(same * 20 >= whole.entities.len() * 17, "{id}: {same} of {} entities kept", whole.entities.len());
    eprintln!("{id}: {blocks} blocks, {} tokens, {same}/{} entities as in one block", whole.tokens.len(), whole.entities.len());
}

#[test]
fn generated_news_cut_into_blocks() {
    check_same_analysis("generated news", &common::hebrew(80_000, 5), 12_000);
}

#[test]
fn sample_article_cut_into_blocks() {
    let Some(text) = shared("samples/news-trump-putin-alaska.txt") else { return };
    check_same_analysis("sample article", &format!("{text}\n").repeat(3), 1_500);
}

#[test]
fn htb_dev_lines_cut_into_blocks() {
    let Some(gold) = shared("data/htb-nemo/he_htb-nemo-dev.conllu") else { return };
    let lines: Vec<&str> = gold.lines().filter_map(|l| l.strip_prefix("# text = ")).collect();
    check_same_analysis("HTB dev, one sentence a line", &lines.join("\n"), 8_000);
}

#[test]
fn a_line_longer_than_a_block_is_cut_and_still_valid() {
    // One line, no newline to cut at: blocks end after a sentence and a space.
    let text = common::hebrew(30_000, 9).replace('\n', " ");
    let (doc, blocks) = in_blocks(&text, 2_000);
    assert!(blocks > 3);
    check_document(&text, &doc).unwrap();
    // No space at all: cut after punctuation, or between letters.
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let (doc, blocks) = in_blocks(&squeezed, 2_000);
    assert!(blocks > 3);
    check_document(&squeezed, &doc).unwrap();
}
