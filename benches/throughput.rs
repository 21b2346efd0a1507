//! Throughput benchmark (prints numbers; asserts nothing). Run: `cargo bench --bench throughput`.
//!
//! Times model loading apart from annotation, then single-threaded throughput of the text layer
//! alone and of the whole pipeline on the HTB test text (the `# text` lines joined by spaces) and
//! on the sample article. Inputs come from ../shared; missing ones are skipped with a message.

use dikduk::{annotate, text, Options};
use std::time::{Duration, Instant};

fn read(rel: &str) -> Option<String> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    match std::fs::read_to_string(&p) {
        Ok(s) => Some(s),
        Err(_) => {
            eprintln!("skip: {} not found", p.display());
            None
        }
    }
}

/// Runs `f` repeatedly for at least `min` and returns the median time of one run.
fn median(min: Duration, mut f: impl FnMut()) -> Duration {
    let mut times = Vec::new();
    let start = Instant::now();
    while start.elapsed() < min || times.len() < 5 {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

fn report(name: &str, input: &str) {
    let opts = Options::default();
    let doc = annotate(input, &opts);
    let words: usize = doc.tokens.iter().map(|t| t.morphemes.len()).sum();
    let sentences = doc.sentences.len();
    let t_text = median(Duration::from_secs(2), || {
        std::hint::black_box(text::segment(input));
    });
    let t_all = median(Duration::from_secs(3), || {
        std::hint::black_box(annotate(input, &opts));
    });
    let per_s = |n: usize, t: Duration| n as f64 / t.as_secs_f64();
    println!(
        "{name}: {} tokens, {words} words, {sentences} sentences | text layer {:.0} tokens/s | full pipeline {:.2} ms = {:.0} words/s, {:.0} sentences/s",
        doc.tokens.len(),
        per_s(doc.tokens.len(), t_text),
        t_all.as_secs_f64() * 1e3,
        per_s(words, t_all),
        per_s(sentences, t_all),
    );
}

fn main() {
    let t = Instant::now();
    let loaded = dikduk::morph::model().is_ok();
    println!("model load (morphology + lexicon): {:.1} ms (embedded model present: {loaded})", t.elapsed().as_secs_f64() * 1e3);
    if let Some(gold) = read("../shared/data/htb-nemo/he_htb-nemo-test.conllu") {
        let text: Vec<&str> = gold.lines().filter_map(|l| l.strip_prefix("# text = ")).collect();
        report("HTB test text", &text.join(" "));
    }
    if let Some(sample) = read("../shared/samples/news-trump-putin-alaska.txt") {
        report("sample article", &sample);
    }
}
