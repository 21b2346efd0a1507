//! The morphology's document cache (`morph::analyze_cached`) is only a speed-up: every sentence
//! gets exactly the analysis `morph::analyze` gives it alone, whatever the cache held before and
//! however often it starts again when full.

mod common;

use dikduk::{morph, text, TokenKind};

fn check_same(id: &str, input: &str) {
    let seg = text::segment(input);
    let mut caches = [morph::Cache::default(), morph::Cache::with_capacity(7), morph::Cache::with_capacity(1)];
    let mut sentences = 0;
    for s in &seg.sentences {
        let toks: Vec<(&str, TokenKind)> =
            seg.tokens[s.tokens.clone()].iter().map(|t| (&input[t.range.clone()], t.kind)).collect();
        let alone = morph::analyze(&toks);
        assert_eq!(alone.len(), toks.len(), "{id}");
        for cache in &mut caches {
            assert_eq!(morph::analyze_cached(&toks, cache), alone, "{id}: sentence {:?}", &input[s.range.clone()]);
        }
        sentences += 1;
    }
    assert!(sentences > 0 || input.trim().is_empty(), "{id}: no sentence");
}

#[test]
fn cached_analysis_is_the_analysis_alone_on_generated_news() {
    check_same("generated", &common::hebrew(40_000, 7));
}

#[test]
fn cached_analysis_is_the_analysis_alone_on_odd_inputs() {
    for (i, s) in common::ODD_INPUTS.iter().enumerate() {
        check_same(&format!("odd input {i}"), s);
    }
}

#[test]
fn cached_analysis_is_the_analysis_alone_on_the_sample_article_and_htb_dev() {
    if let Some(s) = common::shared("samples/news-trump-putin-alaska.txt") {
        check_same("sample article", &s);
    }
    if let Some(g) = common::shared("data/htb-nemo/he_htb-nemo-dev.conllu") {
        let dev: Vec<&str> = g.lines().filter_map(|l| l.strip_prefix("# text = ")).collect();
        check_same("HTB dev", &dev.join(" "));
    }
}
