//! Runs the `dikduk` binary on real Hebrew. Tests check structure and behaviour, not tag values
//! (the text and morphology layers are still being replaced).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const TEXT: &str = "עשרות אנשים מגיעים מתאילנד לישראל כשהם נרשמים כמתנדבים, אך למעשה משמשים עובדים שכירים זולים.\nמשה כהן אמר: \"זה <לא> יקרה & זהו\".\n";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dikduk"))
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut c = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    c.stdin.take().unwrap().write_all(stdin).unwrap();
    c.wait_with_output().unwrap()
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn non_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn json_from_stdin() {
    let out = ok(&run(&["annotate"], TEXT.as_bytes()));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema"], "dikduk/1");
    let toks: String = v["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert_eq!(toks, non_space(TEXT));
    let pretty = ok(&run(&["annotate", "--pretty", "-"], TEXT.as_bytes()));
    assert!(pretty.lines().count() > 10);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&pretty).unwrap(),
        v
    );
}

#[test]
fn conllu_text_html() {
    let conllu = ok(&run(&["annotate", "--format", "conllu"], TEXT.as_bytes()));
    let sents = dikduk::conllu::parse(&conllu).unwrap();
    let forms: String = sents
        .iter()
        .flat_map(|s| s.tokens.iter().map(|t| t.form.clone()))
        .collect();
    assert_eq!(forms, non_space(TEXT));
    assert!(conllu.starts_with("# sent_id = stdin-1\n# text = "));

    let text = ok(&run(&["annotate", "--format", "text"], TEXT.as_bytes()));
    assert!(text.contains("# sentence 1") && text.contains("מתאילנד\t"));

    let html = ok(&run(&["annotate", "--format", "html"], TEXT.as_bytes()));
    assert!(
        html.starts_with("<!DOCTYPE html>")
            && html.contains("dir=\"rtl\"")
            && html.ends_with("</html>\n")
    );
    // Tokens are wrapped one by one, so `<`, `לא` and `>` are escaped in separate spans.
    assert!(html.contains("&lt;") && html.contains("&gt;") && html.contains("&amp;") && html.contains("&quot;"));
    assert!(!html.contains("<לא>"));
}

#[test]
fn many_files_to_out_dir() {
    let d = tmp("out");
    let (a, b) = (d.join("a.txt"), d.join("b.txt"));
    std::fs::write(&a, TEXT).unwrap();
    std::fs::write(&b, "שלום עולם").unwrap();
    let out_dir = d.join("res");
    let o = run(
        &[
            "annotate",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--format",
            "conllu",
            "--out",
            out_dir.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(ok(&o), "");
    let a_out = std::fs::read_to_string(out_dir.join("a.conllu")).unwrap();
    let b_out = std::fs::read_to_string(out_dir.join("b.conllu")).unwrap();
    assert!(a_out.contains("# sent_id = a-1") && b_out.contains("# sent_id = b-1"));
    assert!(b_out.contains("\tעולם\t"));
}

#[test]
fn jsonl_in_order() {
    let mut input = String::new();
    for i in 0..50 {
        input.push_str(
            &serde_json::json!({"id": format!("d{i}"), "text": format!("משפט מספר {i} בתל אביב.")})
                .to_string(),
        );
        input.push('\n');
    }
    let out = ok(&run(&["annotate", "--jsonl"], input.as_bytes()));
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 50);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["id"], format!("d{i}"));
        assert_eq!(l["document"]["schema"], "dikduk/1");
    }
    let bad = run(
        &["annotate", "--jsonl"],
        b"{\"id\":1,\"text\":\"\xd7\xa9\"}\n{\"id\":2}\n",
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("line 2"));
}

#[test]
fn invalid_utf8_names_the_byte() {
    let mut bytes = "שלום\nעולם ".as_bytes().to_vec();
    let at = bytes.len();
    bytes.extend_from_slice(b"\xff\xfe rest");
    let o = run(&["annotate"], &bytes);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("byte offset {at}")), "{err}");
    assert!(err.contains("line 2, column 6"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn missing_file_fails() {
    let o = run(&["annotate", "/nonexistent/dikduk-input.txt"], b"");
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/dikduk-input.txt"));
}

#[test]
fn eval_fixtures_table_json_ner() {
    let f = |n: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/eval")
            .join(n)
            .to_string_lossy()
            .into_owned()
    };
    let (g, s) = (f("gold.conllu"), f("system.conllu"));
    let out = ok(&run(&["eval", "--gold", &g, "--system", &s], b""));
    assert!(out.starts_with("Metric     | Precision |    Recall |  F1 Score | AligndAcc\n"));
    assert!(out.contains("LAS        |     80.00 |     72.73 |     76.19 |     85.71\n"));
    let out = ok(&run(&["eval", "--gold", &g, "--system", &s, "--ner"], b""));
    assert!(
        out.contains("token     | ALL   |     57.14 |     66.67 |     61.54 |     6 |     7"),
        "{out}"
    );
    let out = ok(&run(
        &["eval", "--gold", &g, "--system", &s, "--ner", "--json"],
        b"",
    ));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["conll18"]["UAS"]["correct"], 24);
    assert_eq!(v["ner"]["morpheme"]["overall"]["gold"], 6);
    let bad = run(
        &[
            "eval",
            "--gold",
            &g,
            "--system",
            &f("system_textdiff.conllu"),
        ],
        b"",
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr)
        .contains("The concatenation of tokens in gold file and in system file differ!"));
}

#[test]
fn eval_htb_dev_end_to_end() {
    let gold = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/htb-nemo/he_htb-nemo-dev.conllu");
    let Ok(text) = std::fs::read_to_string(&gold) else {
        eprintln!("skipping: {} not found", gold.display());
        return;
    };
    let raw: String = text
        .lines()
        .filter_map(|l| l.strip_prefix("# text = "))
        .map(|l| format!("{l}\n"))
        .collect();
    let d = tmp("dev");
    let sys_path = d.join("dev.conllu");
    let conllu = ok(&run(&["annotate", "--format", "conllu"], raw.as_bytes()));
    std::fs::write(&sys_path, conllu).unwrap();
    let out = ok(&run(
        &[
            "eval",
            "--gold",
            gold.to_str().unwrap(),
            "--system",
            sys_path.to_str().unwrap(),
            "--ner",
        ],
        b"",
    ));
    assert!(
        out.contains("Tokens     |")
            && out.contains("LAS        |")
            && out.contains("morpheme  | ALL"),
        "{out}"
    );
}
