//! Native throughput benchmark (prints numbers; asserts nothing).
//!
//! Run: `cargo bench --bench throughput [-- --quick] [-- --json FILE]`, or all benchmarks at once
//! with `scripts/bench.sh`. One thread throughout. For each input it times the stage functions
//! alone (text layer, morphology, grouping, values, quotes) and `annotate` with its layers
//! switched on one at a time up to the whole pipeline (differences give each layer's cost), on
//! the HTB test text (the `# text` lines joined by spaces), on the sample article and, without
//! `--quick`, on concatenations of 1, 3 and 10 MB to show that cost grows linearly. Peak memory is
//! the VmHWM of a child process (this binary re-run with `--peak FILE`) that loads the models and
//! annotates the input once. Inputs come from ../shared; missing ones are skipped with a message.
//! Allocations go through mimalloc, as in the CLI and the Python module. Model load is the best
//! of 5 fresh processes (this binary re-run with `--load`).
//! The timings of one input are interleaved (one run of each in turn, round after round, so a
//! change in machine load hits all alike); each is the median of its runs.

use dikduk::{annotate, groups, morph, quotes, text, values, Document, Options, TokenKind};
use serde_json::{json, Value as Json};
use std::time::{Duration, Instant};

/// The allocator of the CLI and the Python module, so that these figures are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Budgets from the issues (printed, never asserted): words/s, native, one thread.
const BUDGET_MORPHOLOGY_WPS: f64 = 200_000.0;
const BUDGET_PIPELINE_WPS: f64 = 150_000.0;
const BUDGET_PARSE_WPS: f64 = 300_000.0;
const BUDGET_PIPELINE_PARSE_WPS: f64 = 120_000.0;

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

/// The HTB test text: the `# text` lines of the gold file joined by single spaces.
fn htb_test_text() -> Option<String> {
    let gold = read("../shared/data/htb-nemo/he_htb-nemo-test.conllu")?;
    let lines: Vec<&str> = gold.lines().filter_map(|l| l.strip_prefix("# text = ")).collect();
    Some(lines.join(" "))
}

/// Runs `f` repeatedly for at least `min` (and at least `runs` times); the median of one run.
fn median(min: Duration, runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times = Vec::new();
    let start = Instant::now();
    while start.elapsed() < min || times.len() < runs {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

/// Only the given layers on.
fn layers(morphology: bool, parse: bool, entities: bool, values: bool, quotes: bool) -> Options {
    Options { morphology, entities, values, quotes, parse, ..Options::default() }
}

/// The dependency parse of every sentence alone, from the document's morphemes.
fn parse_only(doc: &Document) -> usize {
    let mut n = 0;
    for s in &doc.sentences {
        let toks = &doc.tokens[s.token_start..s.token_end];
        let words = dikduk::parse::words_of(toks);
        n += dikduk::parse::parse(&words).map_or(0, |a| a.len());
    }
    n
}

/// Morphological analysis of every sentence, as the pipeline calls it (text layer done before):
/// with one token cache for the document, made afresh on every run, or (`cached` false) every
/// sentence on its own (what a repeated token would cost without the cache).
fn morphology_only(input: &str, seg: &text::Segmented, cached: bool) -> usize {
    let mut n = 0;
    let mut cache = morph::Cache::default();
    for s in &seg.sentences {
        let words: Vec<(&str, TokenKind)> =
            seg.tokens[s.tokens.clone()].iter().map(|t| (&input[t.range.clone()], t.kind)).collect();
        n += if cached { morph::analyze_cached(&words, &mut cache) } else { morph::analyze(&words) }.len();
    }
    n
}

/// Words (syntactic words, i.e. morphemes) in a document.
fn word_count(doc: &Document) -> usize {
    doc.tokens.iter().map(|t| t.morphemes.len()).sum()
}

struct Timer {
    min: Duration,
    runs: usize,
}

impl Timer {
    fn time(&self, f: impl FnMut()) -> Duration {
        median(self.min, self.runs, f)
    }

    /// Runs the jobs in turn, round after round (so a change in machine load hits all of them
    /// alike), for at least `min` per job and `runs` rounds; the median time of each job.
    fn interleaved(&self, jobs: &mut [Box<dyn FnMut() + '_>]) -> Vec<Duration> {
        let mut times = vec![Vec::new(); jobs.len()];
        let start = Instant::now();
        let total = self.min * jobs.len() as u32;
        while start.elapsed() < total || times[0].len() < self.runs {
            for (job, t) in jobs.iter_mut().zip(&mut times) {
                let s = Instant::now();
                job();
                t.push(s.elapsed());
            }
        }
        times.into_iter().map(|mut t| {
            t.sort();
            t[t.len() / 2]
        }).collect()
    }
}

/// Times each stage and the whole pipeline on `input`; prints a table and returns it as JSON.
fn stages(name: &str, input: &str, timer: &Timer) -> Json {
    let full = annotate(input, &Options::default());
    let words = word_count(&full);
    let sentences = full.sentences.len();
    let tokens = full.tokens.len();
    let seg = text::segment(input);

    // Stage functions called alone, on the text layer's (or the full document's) output, and
    // the pipeline with its layers switched on one at a time: each difference is what that layer
    // costs inside `annotate` (NER has no public entry point of its own).
    let configs = [
        layers(false, false, false, false, false),
        layers(true, false, false, false, false),
        layers(true, true, false, false, false),
        layers(true, true, true, false, false),
        layers(true, true, true, true, false),
        Options::default(),
        layers(true, false, true, true, true),
    ];
    let mut jobs: Vec<Box<dyn FnMut() + '_>> = vec![
        Box::new(|| {
            std::hint::black_box(text::segment(input));
        }),
        Box::new(|| {
            std::hint::black_box(morphology_only(input, &seg, true));
        }),
        Box::new(|| {
            std::hint::black_box(groups::group_entities(input, &full.tokens, &full.sentences, &full.entities));
        }),
        Box::new(|| {
            std::hint::black_box(values::find_values(input, &full.tokens));
        }),
        Box::new(|| {
            std::hint::black_box(quotes::find_quotes(input, &full.tokens, &full.sentences, &full.entities));
        }),
        Box::new(|| {
            std::hint::black_box(parse_only(&full));
        }),
        Box::new(|| {
            std::hint::black_box(morphology_only(input, &seg, false));
        }),
    ];
    for opts in &configs {
        jobs.push(Box::new(move || {
            std::hint::black_box(annotate(input, opts));
        }));
    }
    let t = timer.interleaved(&mut jobs);
    drop(jobs);
    let (t_text, t_morph, t_groups, t_values, t_quotes, t_parse, t_morph_alone) =
        (t[0], t[1], t[2], t[3], t[4], t[5], t[6]);
    let cumulative = &t[7..];
    let delta = |i: usize| cumulative[i].saturating_sub(cumulative[i - 1]);

    let rows: Vec<(&str, &str, Duration)> = vec![
        ("text", "text layer alone: paragraphs, sentences, tokens (text::segment)", t_text),
        ("morphology", "morphology alone (morph::analyze_cached, every sentence)", t_morph),
        ("morphology:no-cache", "morphology alone, no token cache (morph::analyze)", t_morph_alone),
        ("groups", "entity grouping alone (groups::group_entities)", t_groups),
        ("values", "values alone (values::find_values)", t_values),
        ("quotes", "quotes alone (quotes::find_quotes)", t_quotes),
        ("parse", "parse alone (parse::parse, every sentence's morphemes)", t_parse),
        ("annotate:text", "annotate, every layer off (text layer + document)", cumulative[0]),
        ("annotate:+morphology", "annotate, + morphology", cumulative[1]),
        ("annotate:+parse", "annotate, + parse", cumulative[2]),
        ("annotate:+entities", "annotate, + entities (NER + grouping)", cumulative[3]),
        ("annotate:+values", "annotate, + values", cumulative[4]),
        ("pipeline", "annotate, + quotes = whole pipeline", cumulative[5]),
        ("pipeline:no-parse", "whole pipeline without the parse", cumulative[6]),
        ("delta:morphology", "difference: morphology inside annotate", delta(1)),
        ("delta:parse", "difference: parse inside annotate", delta(2)),
        ("delta:entities", "difference: entities (NER + grouping) inside annotate", delta(3)),
        ("delta:values", "difference: values inside annotate", delta(4)),
        ("delta:quotes", "difference: quotes inside annotate", delta(5)),
    ];
    println!(
        "\n{name}: {} bytes, {tokens} tokens, {words} words, {sentences} sentences, {} entities",
        input.len(),
        full.entities.len()
    );
    println!("  {:<62} {:>10} {:>12} {:>12}", "stage", "ms", "words/s", "sentences/s");
    let per_s = |n: usize, t: Duration| if t.is_zero() { f64::INFINITY } else { n as f64 / t.as_secs_f64() };
    let mut out = Vec::new();
    for (key, label, t) in &rows {
        let (w, s) = (per_s(words, *t), per_s(sentences, *t));
        println!("  {label:<62} {:>10.2} {w:>12.0} {s:>12.0}", t.as_secs_f64() * 1e3);
        out.push(json!({ "stage": key, "label": label, "ms": t.as_secs_f64() * 1e3,
                         "words_per_s": w, "sentences_per_s": s }));
    }
    json!({ "name": name, "bytes": input.len(), "tokens": tokens, "words": words,
            "sentences": sentences, "entities": full.entities.len(), "stages": out })
}

/// `units` repeated (separated by blank lines) until the text reaches `bytes`.
fn concatenation(units: &[&str], bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 100_000);
    for u in units.iter().cycle() {
        if s.len() >= bytes {
            break;
        }
        if !s.is_empty() {
            s.push_str("\n\n");
        }
        s.push_str(u);
    }
    s
}

/// Whole pipeline once per size, to show that time per word stays flat as input grows.
fn linearity(units: &[&str], sizes_mb: &[usize], timer: &Timer) -> Json {
    println!("\nlinearity: whole pipeline on concatenations of the HTB test text and the sample article");
    println!("  {:>8} {:>10} {:>10} {:>10} {:>12} {:>12} {:>10}", "MB", "words", "sentences", "s", "words/s", "sentences/s", "µs/word");
    let mut out = Vec::new();
    for &mb in sizes_mb {
        let input = concatenation(units, mb * 1_000_000);
        let mut doc = None;
        let t = timer.time(|| doc = Some(annotate(&input, &Options::default())));
        let doc = doc.expect("ran at least once");
        let (words, sentences) = (word_count(&doc), doc.sentences.len());
        drop(doc);
        let secs = t.as_secs_f64();
        println!(
            "  {:>8.2} {words:>10} {sentences:>10} {secs:>10.2} {:>12.0} {:>12.0} {:>10.3}",
            input.len() as f64 / 1e6,
            words as f64 / secs,
            sentences as f64 / secs,
            secs * 1e6 / words as f64
        );
        out.push(json!({ "bytes": input.len(), "words": words, "sentences": sentences, "s": secs,
                         "words_per_s": words as f64 / secs, "sentences_per_s": sentences as f64 / secs }));
    }
    Json::Array(out)
}

/// Peak resident memory (VmHWM) of this process in KiB, from /proc (Linux); None elsewhere.
fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Child mode (`--load`): loads the three models in turn and prints each load's milliseconds.
fn load_child() {
    let ms = |f: &dyn Fn() -> bool| {
        let t = Instant::now();
        f();
        t.elapsed().as_secs_f64() * 1e3
    };
    let m = ms(&|| morph::model().is_ok());
    let n = ms(&|| dikduk::ner::model().is_ok());
    let p = ms(&|| dikduk::parse::model().is_ok());
    println!("{m} {n} {p}");
}

/// Runs this binary as `--load` and reads its three load times (ms).
fn load_child_run() -> Option<[f64; 3]> {
    let exe = std::env::current_exe().ok()?;
    let out = std::process::Command::new(exe).arg("--load").output().ok()?;
    let v: Vec<f64> = String::from_utf8_lossy(&out.stdout).split_whitespace().filter_map(|x| x.parse().ok()).collect();
    (v.len() == 3).then(|| [v[0], v[1], v[2]])
}

/// Child mode (`--peak FILE`): loads the models, annotates FILE once, prints peak memory as JSON.
fn peak_child(path: &str) {
    let input = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(2)
    });
    let _ = morph::model();
    let _ = dikduk::ner::model();
    let loaded = vm_hwm_kib();
    let doc = annotate(&input, &Options::default());
    let after = vm_hwm_kib();
    println!(
        "{}",
        json!({ "bytes": input.len(), "words": word_count(&doc), "models_loaded_kib": loaded, "peak_kib": after })
    );
}

/// Runs this binary as `--peak FILE` for each input and collects the results.
fn peak_memory(inputs: &[(&str, &str)], dir: &std::path::Path) -> Json {
    println!("\npeak memory (VmHWM of a fresh process that loads the models and annotates the input once)");
    let Ok(exe) = std::env::current_exe() else { return Json::Null };
    let mut out = Vec::new();
    for (name, input) in inputs {
        let file = dir.join(format!("dikduk-peak-{}-{}.txt", std::process::id(), name.replace(' ', "-")));
        if std::fs::write(&file, input).is_err() {
            continue;
        }
        let res = std::process::Command::new(&exe).arg("--peak").arg(&file).output();
        let _ = std::fs::remove_file(&file);
        let Ok(res) = res else { continue };
        let Ok(v) = serde_json::from_slice::<Json>(&res.stdout) else {
            println!("  {name}: not available ({})", String::from_utf8_lossy(&res.stderr).trim());
            continue;
        };
        let mib = |k: &Json| k.as_f64().map_or("n/a".to_string(), |k| format!("{:.1} MiB", k / 1024.0));
        println!(
            "  {name:<28} {:>12} bytes: peak {} (models loaded, before annotating: {})",
            input.len(),
            mib(&v["peak_kib"]),
            mib(&v["models_loaded_kib"])
        );
        out.push(json!({ "name": name, "result": v }));
    }
    Json::Array(out)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--load") {
        load_child();
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--peak") {
        return peak_child(args.get(i + 1).map(String::as_str).unwrap_or("-"));
    }
    let quick = args.iter().any(|a| a == "--quick");
    let json_out = args.iter().position(|a| a == "--json").and_then(|i| args.get(i + 1)).cloned();
    let timer = if quick {
        Timer { min: Duration::from_millis(150), runs: 3 }
    } else {
        Timer { min: Duration::from_secs(2), runs: 5 }
    };

    // Model load: the best of 5 fresh processes (this binary re-run with `--load`), so that the
    // figure is the models' decoding, not the first run's page faults in a binary just built.
    let loads: Vec<[f64; 3]> = (0..5).filter_map(|_| load_child_run()).collect();
    let best = |k: usize| loads.iter().map(|l| l[k]).fold(f64::INFINITY, f64::min);
    let (morph_ok, ner_ok, parse_ok) = (morph::model().is_ok(), dikduk::ner::model().is_ok(), dikduk::parse::model().is_ok());
    let (t_morph_load, t_ner_load, t_parse_load) = (best(0), best(1), best(2));
    println!(
        "model load, native, best of {} fresh processes: morphology + lexicon {t_morph_load:.1} ms (embedded: {morph_ok}), NER {t_ner_load:.1} ms (embedded: {ner_ok}), parser {t_parse_load:.1} ms (embedded: {parse_ok})",
        loads.len()
    );

    let htb = htb_test_text();
    let sample = read("../shared/samples/news-trump-putin-alaska.txt");
    let mut inputs = Vec::new();
    if let Some(h) = &htb {
        inputs.push(stages("HTB test text", h, &timer));
    }
    if let Some(s) = &sample {
        inputs.push(stages("sample article", s, &timer));
    }

    println!("\nbudgets (printed, not asserted), HTB test text, native, one thread:");
    let wps = |stage: &str| {
        inputs.first().filter(|i| i["name"] == "HTB test text").and_then(|i| {
            i["stages"].as_array()?.iter().find(|s| s["stage"] == stage)?["words_per_s"].as_f64()
        })
    };
    let mut budgets = Vec::new();
    for (what, stage, budget) in [
        ("morphology (annotate with morphology only)", "annotate:+morphology", BUDGET_MORPHOLOGY_WPS),
        ("full pipeline without the parse", "pipeline:no-parse", BUDGET_PIPELINE_WPS),
        ("parser alone", "parse", BUDGET_PARSE_WPS),
        ("whole pipeline with the parse", "pipeline", BUDGET_PIPELINE_PARSE_WPS),
    ] {
        match wps(stage) {
            Some(v) => {
                let verdict = if v >= budget { "meets" } else { "BELOW" };
                println!("  {what:<52} budget ≥{budget:>9.0} words/s, actual {v:>9.0} words/s: {verdict}");
                budgets.push(json!({ "what": what, "budget_words_per_s": budget, "actual_words_per_s": v }));
            }
            None => println!("  {what:<52} not measured (HTB test text missing)"),
        }
    }

    let units: Vec<&str> = htb.iter().chain(sample.iter()).map(String::as_str).collect();
    let mut linear = Json::Null;
    let mut peak = Json::Null;
    if !quick && !units.is_empty() {
        let once = Timer { min: Duration::ZERO, runs: 1 };
        linear = linearity(&units, &[1, 3, 10], &once);
    }
    if !units.is_empty() {
        let dir = std::env::temp_dir();
        let mut peak_inputs: Vec<(&str, String)> = Vec::new();
        if let Some(h) = &htb {
            peak_inputs.push(("HTB test text", h.clone()));
        }
        if let Some(s) = &sample {
            peak_inputs.push(("sample article", s.clone()));
        }
        if !quick {
            peak_inputs.push(("10 MB concatenation", concatenation(&units, 10_000_000)));
        }
        let refs: Vec<(&str, &str)> = peak_inputs.iter().map(|(n, s)| (*n, s.as_str())).collect();
        peak = peak_memory(&refs, &dir);
    }

    if let Some(path) = json_out {
        let v = json!({
            "quick": quick,
            "model_load_ms": { "morphology_lexicon": t_morph_load, "ner": t_ner_load, "parse": t_parse_load },
            "models_embedded": { "morphology": morph_ok, "ner": ner_ok },
            "inputs": inputs, "budgets": budgets, "linearity": linear, "peak_memory": peak,
        });
        if let Err(e) = std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap_or_default()) {
            eprintln!("cannot write {path}: {e}");
        }
    }
}
