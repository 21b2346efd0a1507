//! `dikduk annotate`: files or stdin in; JSON, CoNLL-U, plain text or HTML out.
//!
//! Many files are spread over all cores with rayon (`--out DIR` writes `DIR/<stem>.<ext>`).
//! `--jsonl` reads JSON Lines from stdin, one `{"id": ..., "text": "..."}` per line, and writes
//! one `{"id": ..., "document": {...}}` per line, in input order.

use dikduk::{annotate, Document, Options};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Output format.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The dikduk/1 document as JSON.
    Json,
    /// UD CoNLL-U with MWT lines and NER= in MISC.
    Conllu,
    /// Human-readable: one block per sentence, a line per token.
    Text,
    /// A standalone HTML page with sentences, entity highlights and tooltips.
    Html,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Conllu => "conllu",
            Format::Text => "txt",
            Format::Html => "html",
        }
    }
}

/// Arguments of `dikduk annotate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Input files; none or `-` reads stdin.
    files: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Pretty-print JSON.
    #[arg(long)]
    pretty: bool,
    /// Write one output file per input, `DIR/<stem>.<ext>` (stdin is named `stdin`).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// JSON Lines on stdin (`{"id","text"}` per line) → `{"id","document"}` per line on stdout.
    #[arg(long, conflicts_with_all = ["files", "out"])]
    jsonl: bool,
    /// Layers to leave out, comma-separated: morphology, entities, values, quotes, parse
    /// (`--no parse` skips the dependency parse; without morphology there is no parse or entities).
    #[arg(long = "no", value_name = "LAYERS", value_delimiter = ',')]
    no: Vec<Layer>,
    /// How morphemes are written: htb (UD_Hebrew-HTB: בבית = ב + ה_ + בית, יומו = יום_ _של_ _הוא)
    /// or iahlt (UD_Hebrew-IAHLTwiki/knesset: בבית = ב + בית with Definite=Def, יומו = יומ + ו).
    #[arg(long, value_name = "htb|iahlt", default_value = "htb")]
    conventions: dikduk::morph::conventions::Conventions,
}

/// A layer that `--no` can leave out.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    /// Prefix segmentation, UPOS, lemmas and features.
    Morphology,
    /// Named entities and their groups.
    Entities,
    /// Dates, times, numbers, money.
    Values,
    /// Quotations and speakers.
    Quotes,
    /// The dependency parse (HEAD and DEPREL).
    Parse,
}

impl Args {
    /// The annotation options these arguments ask for.
    fn options(&self) -> Options {
        let on = |l: Layer| !self.no.contains(&l);
        Options {
            morphology: on(Layer::Morphology),
            entities: on(Layer::Entities),
            values: on(Layer::Values),
            quotes: on(Layer::Quotes),
            parse: on(Layer::Parse),
            conventions: self.conventions,
        }
    }
}

fn progress(n: usize) -> ProgressBar {
    if std::io::stderr().is_terminal() && n > 1 {
        let pb = ProgressBar::new(n as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {elapsed_precise}") {
            pb.set_style(style);
        }
        pb
    } else {
        ProgressBar::hidden()
    }
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), String> {
    if args.jsonl {
        return run_jsonl(&args);
    }
    let files = if args.files.is_empty() {
        vec!["-".to_string()]
    } else {
        args.files.clone()
    };
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let pb = progress(files.len());
    let results: Vec<Result<String, String>> = files
        .par_iter()
        .map(|f| {
            let r = (|| {
                let text = crate::read_utf8(f)?;
                let doc = annotate(&text, &args.options());
                let out = render(&doc, args.format, args.pretty, &stem(f))?;
                match &args.out {
                    Some(dir) => {
                        let p = dir.join(format!("{}.{}", stem(f), args.format.extension()));
                        std::fs::write(&p, &out)
                            .map_err(|e| format!("cannot write {}: {e}", p.display()))?;
                        Ok(String::new())
                    }
                    None => Ok(out),
                }
            })();
            pb.inc(1);
            r
        })
        .collect();
    pb.finish_and_clear();
    let mut stdout = std::io::stdout().lock();
    for r in results {
        let out = r?;
        stdout
            .write_all(out.as_bytes())
            .map_err(|e| format!("cannot write stdout: {e}"))?;
    }
    Ok(())
}

fn stem(path: &str) -> String {
    if path == "-" {
        return "stdin".to_string();
    }
    Path::new(path)
        .file_stem()
        .map_or_else(|| "out".to_string(), |s| s.to_string_lossy().into_owned())
}

/// Renders a document in the chosen format (`name` is the CoNLL-U sent_id prefix and HTML title).
pub fn render(doc: &Document, format: Format, pretty: bool, name: &str) -> Result<String, String> {
    Ok(match format {
        Format::Json => {
            let s = if pretty {
                serde_json::to_string_pretty(doc)
            } else {
                serde_json::to_string(doc)
            };
            s.map_err(|e| e.to_string())? + "\n"
        }
        Format::Conllu => dikduk::conllu::write_document(doc, name),
        Format::Text => render_text(doc),
        Format::Html => render_html(doc, name),
    })
}

fn join<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    parts
        .map(|p| if p.is_empty() { "_" } else { p })
        .collect::<Vec<_>>()
        .join("+")
}

/// One block per sentence; per token: text, morphemes `ו+ה+בית`, UPOS and lemmas the same way.
fn render_text(doc: &Document) -> String {
    let mut s = String::new();
    for (n, sent) in doc.sentences.iter().enumerate() {
        s.push_str(&format!("# sentence {}\n", n + 1));
        for t in doc
            .tokens
            .get(sent.token_start..sent.token_end)
            .unwrap_or(&[])
        {
            let m = &t.morphemes;
            s.push_str(&format!(
                "{}\t{}\t{}\t{}\n",
                t.text,
                join(m.iter().map(|m| m.form.as_str())),
                join(m.iter().map(|m| m.upos.as_str())),
                join(m.iter().map(|m| m.lemma.as_str()))
            ));
        }
        s.push('\n');
    }
    s
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

const STYLE: &str = "body{font-family:sans-serif;line-height:2;max-width:50em;margin:2em auto}\
.s{border-bottom:1px dotted #999;margin-left:.2em}\
mark{border-radius:.3em;padding:0 .2em}mark::after{content:attr(data-label);font-size:.6em;margin-right:.3em;color:#555}";

/// A standalone right-to-left page: sentences as spans, entities as `<mark data-label>`, and a
/// tooltip (`title`) per token with its morphemes, tags and lemmas. All text is escaped.
fn render_html(doc: &Document, name: &str) -> String {
    let mut h = format!(
        "<!DOCTYPE html>\n<html lang=\"he\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(name)
    );
    // Entities by token range; an entity opens at its first token and closes after its last.
    let mut opens: Vec<Vec<usize>> = vec![Vec::new(); doc.tokens.len()];
    let mut closes = vec![0usize; doc.tokens.len()];
    for (i, e) in doc.entities.iter().enumerate() {
        if e.token_start < e.token_end && e.token_end <= doc.tokens.len() {
            opens[e.token_start].push(i);
            closes[e.token_end - 1] += 1;
        }
    }
    for sent in &doc.sentences {
        h.push_str("<p><span class=\"s\">");
        let mut open = 0usize;
        for ti in sent.token_start..sent.token_end.min(doc.tokens.len()) {
            let t = &doc.tokens[ti];
            if ti > sent.token_start && t.start > doc.tokens[ti - 1].end {
                h.push(' ');
            }
            for &e in &opens[ti] {
                let e = &doc.entities[e];
                h.push_str(&format!(
                    "<mark data-label=\"{0}\" title=\"{0}: {1}\">",
                    escape(&e.label),
                    escape(&e.text)
                ));
                open += 1;
            }
            let tip = t
                .morphemes
                .iter()
                .map(|m| {
                    format!("{} {} {} {}", m.form, m.upos, m.lemma, m.feats)
                        .trim_end()
                        .to_string()
                })
                .collect::<Vec<_>>()
                .join(" + ");
            h.push_str(&format!(
                "<span title=\"{}\">{}</span>",
                escape(&tip),
                escape(&t.text)
            ));
            let c = closes[ti].min(open);
            for _ in 0..c {
                h.push_str("</mark>");
            }
            open -= c;
        }
        for _ in 0..open {
            h.push_str("</mark>");
        }
        h.push_str("</span></p>\n");
    }
    h.push_str("</body>\n</html>\n");
    h
}

/// One JSON Lines input record.
#[derive(serde::Deserialize)]
struct Record {
    id: serde_json::Value,
    text: String,
}

fn run_jsonl(args: &Args) -> Result<(), String> {
    if args.format != Format::Json {
        return Err("--jsonl always writes JSON; drop --format".to_string());
    }
    let input = crate::read_utf8("-")?;
    let options = args.options();
    let lines: Vec<(usize, &str)> = input
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let pb = progress(lines.len());
    let out: Vec<Result<String, String>> = lines
        .par_iter()
        .map(|&(n, line)| {
            let r = serde_json::from_str::<Record>(line)
                .map_err(|e| {
                    format!("stdin line {n}: expected {{\"id\": ..., \"text\": \"...\"}}: {e}")
                })
                .and_then(|rec| {
                    let doc = annotate(&rec.text, &options);
                    let v = serde_json::json!({ "id": rec.id, "document": doc });
                    serde_json::to_string(&v).map_err(|e| e.to_string())
                });
            pb.inc(1);
            r
        })
        .collect();
    pb.finish_and_clear();
    let mut stdout = std::io::stdout().lock();
    // Validate everything first so a bad line produces no partial output.
    let out: Vec<String> = out.into_iter().collect::<Result<_, _>>()?;
    for l in out {
        writeln!(stdout, "{l}").map_err(|e| format!("cannot write stdout: {e}"))?;
    }
    Ok(())
}
