//! The CoNLL 2018 evaluation port, pinned against the official `conll18_ud_eval.py`.
//!
//! The fixture numbers below were produced by the official script (v1.2, from the HebPipe 4.0.2.0
//! sdist) on `tests/fixtures/eval/{gold,system}.conllu`. When `python3` and the script are
//! available (env `CONLL18_EVAL`, or `target/conll18_ud_eval.py`), the HTB dev file is also
//! compared against perturbed versions of itself, metric by metric, bit for bit.

use dikduk::conllu::{self, Sentence, SurfaceToken, Word};
use dikduk::eval::{evaluate_str, Score, Scores};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/eval")
        .join(name);
    std::fs::read_to_string(p).unwrap()
}

/// (metric, correct, gold, system, aligned) as printed by `conll18_ud_eval.py --counts`.
const PINNED_COUNTS: &[(&str, usize, usize, usize, Option<usize>)] = &[
    ("Tokens", 21, 23, 22, None),
    ("Sentences", 2, 3, 4, None),
    ("Words", 28, 33, 30, None),
    ("UPOS", 27, 33, 30, Some(28)),
    ("XPOS", 27, 33, 30, Some(28)),
    ("UFeats", 27, 33, 30, Some(28)),
    ("AllTags", 26, 33, 30, Some(28)),
    ("Lemmas", 27, 33, 30, Some(28)),
    ("UAS", 24, 33, 30, Some(28)),
    ("LAS", 24, 33, 30, Some(28)),
    ("CLAS", 14, 19, 19, Some(17)),
    ("MLAS", 12, 19, 19, Some(17)),
    ("BLEX", 14, 19, 19, Some(17)),
];

/// F1 and aligned accuracy as computed by the official script (Python floats, printed with repr).
const PINNED_F1: &[(&str, f64, Option<f64>)] = &[
    ("Tokens", 0.9333333333333333, None),
    ("Sentences", 0.5714285714285714, None),
    ("Words", 0.8888888888888888, None),
    ("UPOS", 0.8571428571428571, Some(0.9642857142857143)),
    ("AllTags", 0.8253968253968254, Some(0.9285714285714286)),
    ("UAS", 0.7619047619047619, Some(0.8571428571428571)),
    ("CLAS", 0.7368421052631579, Some(0.8235294117647058)),
    ("MLAS", 0.631578947368421, Some(0.7058823529411765)),
];

/// The official script's `--verbose` output on the fixtures, verbatim.
const PINNED_TABLE: &str = "\
Metric     | Precision |    Recall |  F1 Score | AligndAcc
-----------+-----------+-----------+-----------+-----------
Tokens     |     95.45 |     91.30 |     93.33 |
Sentences  |     50.00 |     66.67 |     57.14 |
Words      |     93.33 |     84.85 |     88.89 |
UPOS       |     90.00 |     81.82 |     85.71 |     96.43
XPOS       |     90.00 |     81.82 |     85.71 |     96.43
UFeats     |     90.00 |     81.82 |     85.71 |     96.43
AllTags    |     86.67 |     78.79 |     82.54 |     92.86
Lemmas     |     90.00 |     81.82 |     85.71 |     96.43
UAS        |     80.00 |     72.73 |     76.19 |     85.71
LAS        |     80.00 |     72.73 |     76.19 |     85.71
CLAS       |     73.68 |     73.68 |     73.68 |     82.35
MLAS       |     63.16 |     63.16 |     63.16 |     70.59
BLEX       |     73.68 |     73.68 |     73.68 |     82.35
";

fn get<'a>(s: &'a Scores, name: &str) -> &'a Score {
    s.metrics().into_iter().find(|(n, _)| *n == name).unwrap().1
}

#[test]
fn fixtures_match_official_script() {
    let s = evaluate_str(&fixture("gold.conllu"), &fixture("system.conllu")).unwrap();
    for &(name, c, g, sy, a) in PINNED_COUNTS {
        let m = get(&s, name);
        assert_eq!(
            (m.correct, m.gold_total, m.system_total, m.aligned_total),
            (c, g, sy, a),
            "{name}"
        );
        assert!((m.precision - c as f64 / sy as f64).abs() < 1e-12, "{name}");
        assert!((m.recall - c as f64 / g as f64).abs() < 1e-12, "{name}");
    }
    for &(name, f1, acc) in PINNED_F1 {
        let m = get(&s, name);
        assert!((m.f1 - f1).abs() < 1e-9, "{name}");
        match (m.aligned_accuracy, acc) {
            (Some(x), Some(y)) => assert!((x - y).abs() < 1e-9, "{name}"),
            (None, None) => {}
            other => panic!("{name}: {other:?}"),
        }
    }
    assert_eq!(s.verbose_table(), PINNED_TABLE);
    assert_eq!(
        s.summary(),
        "LAS F1 Score: 76.19\nMLAS Score: 63.16\nBLEX Score: 73.68\n"
    );
}

#[test]
fn differing_text_is_an_error_with_official_message() {
    let e = evaluate_str(&fixture("gold.conllu"), &fixture("system_textdiff.conllu")).unwrap_err();
    assert_eq!(
        e.message,
        "The concatenation of tokens in gold file and in system file differ!\n\
         First 20 differing characters in gold file: 'ולביתהספרבתלאביב.משה' and system file: 'הלביתהספרבתלאביב.משה'"
    );
}

#[test]
fn fixture_against_itself_is_perfect() {
    let g = fixture("gold.conllu");
    let s = evaluate_str(&g, &g).unwrap();
    for (name, m) in s.metrics() {
        assert_eq!(m.f1, 1.0, "{name}");
    }
}

fn dev_gold() -> Option<String> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/htb-nemo/he_htb-nemo-dev.conllu");
    match std::fs::read_to_string(&p) {
        Ok(t) => Some(t),
        Err(_) => {
            eprintln!("skipping: {} not found", p.display());
            None
        }
    }
}

/// Renumbers words 1..n, keeps MWT ranges consistent and gives the sentence a trivial tree
/// (first word root, every other word attached to it).
fn renumber_trivial(s: &mut Sentence) {
    let mut n = 0;
    for t in &mut s.tokens {
        let first = n + 1;
        for w in &mut t.words {
            n += 1;
            w.id = n;
            (w.head, w.deprel) = if n == 1 {
                (Some(0), "root".into())
            } else {
                (Some(1), "dep".into())
            };
        }
        if t.range.is_some() {
            t.range = Some((first, n));
        }
    }
}

fn single(form: &str, misc: &str, template: &Word) -> SurfaceToken {
    let w = Word {
        form: form.to_string(),
        misc: misc.to_string(),
        ..template.clone()
    };
    SurfaceToken {
        form: form.to_string(),
        space_after: true,
        misc: misc.to_string(),
        words: vec![w],
        range: None,
    }
}

/// A deterministic mix of tag, lemma, head, segmentation, tokenization and sentence errors.
fn perturb(gold: &[Sentence], resegment_only: bool) -> Vec<Sentence> {
    let mut out: Vec<Sentence> = Vec::new();
    let mut k = 0usize;
    for (si, s) in gold.iter().enumerate() {
        let mut s = s.clone();
        if !resegment_only {
            let root = s.words().find(|w| w.head == Some(0)).map(|w| w.id);
            for t in &mut s.tokens {
                for w in &mut t.words {
                    k += 1;
                    if k % 7 == 0 {
                        w.upos = "X".into();
                    }
                    if k % 11 == 0 {
                        w.lemma.push('א');
                    }
                    if k % 13 == 0 {
                        w.feats = "_".into();
                    }
                    if k % 17 == 0 {
                        w.deprel = "dep".into();
                    }
                    if k % 19 == 0 && w.head != Some(0) {
                        w.head = root;
                    }
                }
            }
        }
        if si % 4 == 1 {
            // Segmentation and tokenization errors.
            let mut toks = Vec::new();
            let mut i = 0;
            while i < s.tokens.len() {
                let t = &s.tokens[i];
                if !resegment_only && t.range.is_some() && i % 2 == 0 {
                    toks.push(single(&t.form, &t.misc, &t.words[0])); // MWT not split
                } else if !resegment_only
                    && t.range.is_none()
                    && t.form.chars().count() >= 4
                    && i % 3 == 0
                {
                    let chars: Vec<char> = t.form.chars().collect();
                    let (a, b): (String, String) =
                        (chars[..2].iter().collect(), chars[2..].iter().collect());
                    let w = &t.words[0];
                    toks.push(SurfaceToken {
                        form: t.form.clone(),
                        space_after: t.space_after,
                        misc: t.misc.clone(),
                        words: vec![
                            Word {
                                form: a,
                                ..w.clone()
                            },
                            Word {
                                form: b,
                                ..w.clone()
                            },
                        ],
                        range: Some((0, 0)),
                    }); // spurious split
                } else if !resegment_only
                    && !t.space_after
                    && i + 1 < s.tokens.len()
                    && t.range.is_none()
                    && s.tokens[i + 1].range.is_none()
                {
                    let form = format!("{}{}", t.form, s.tokens[i + 1].form);
                    toks.push(single(&form, &s.tokens[i + 1].misc, &t.words[0])); // tokens merged
                    i += 1;
                } else {
                    toks.push(t.clone());
                }
                i += 1;
            }
            s.tokens = toks;
            renumber_trivial(&mut s);
        }
        if si % 10 == 3 && s.tokens.len() > 3 {
            // Split the sentence in two.
            let mut b = s.clone();
            let mid = s.tokens.len() / 2;
            b.tokens = s.tokens.split_off(mid);
            renumber_trivial(&mut s);
            renumber_trivial(&mut b);
            out.push(s);
            out.push(b);
        } else if si % 10 == 6 && !out.is_empty() {
            // Merge with the previous sentence.
            let prev = out.last_mut().unwrap();
            prev.tokens.extend(s.tokens);
            renumber_trivial(prev);
        } else {
            out.push(s);
        }
    }
    out
}

#[test]
fn dev_against_itself_is_perfect() {
    let Some(g) = dev_gold() else { return };
    let s = evaluate_str(&g, &g).unwrap();
    for (name, m) in s.metrics() {
        assert_eq!(m.f1, 1.0, "{name}");
        assert_eq!(m.precision, 1.0, "{name}");
    }
    assert_eq!(s.sentences.gold_total, 484);
}

#[test]
fn dev_resegmented_sentences() {
    let Some(g) = dev_gold() else { return };
    let sys = conllu::write_sentences(&perturb(&conllu::parse(&g).unwrap(), true));
    let s = evaluate_str(&g, &sys).unwrap();
    assert_eq!(s.tokens.f1, 1.0);
    assert!(
        s.sentences.f1 < 1.0 && s.sentences.f1 > 0.6,
        "{}",
        s.sentences.f1
    );
    assert_eq!(s.words.f1, 1.0);
    assert_eq!(s.upos.f1, s.words.f1);
    compare_with_official(&g, &sys, "resegmented");
}

#[test]
fn dev_perturbed_matches_official_script() {
    let Some(g) = dev_gold() else { return };
    let sys = conllu::write_sentences(&perturb(&conllu::parse(&g).unwrap(), false));
    let s = evaluate_str(&g, &sys).unwrap();
    assert!(s.words.f1 < 1.0 && s.words.f1 > 0.8, "{}", s.words.f1);
    assert!(s.tokens.f1 < 1.0);
    compare_with_official(&g, &sys, "perturbed");
}

fn official_script() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("CONLL18_EVAL").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/conll18_ud_eval.py")),
    ];
    let script = candidates.into_iter().flatten().find(|p| p.is_file());
    if script.is_none() {
        eprintln!("skipping the official-script comparison: set CONLL18_EVAL or put conll18_ud_eval.py in target/");
    }
    script
}

const DRIVER: &str = r#"
import sys, json, importlib.util
spec = importlib.util.spec_from_file_location("conll18", sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
r = m.evaluate(m.load_conllu_file(sys.argv[2]), m.load_conllu_file(sys.argv[3]))
f = lambda x: None if x is None else repr(float(x))
print(json.dumps({k: [v.correct, v.gold_total, v.system_total, v.aligned_total, f(v.precision), f(v.recall), f(v.f1), f(v.aligned_accuracy)] for k, v in r.items()}))
"#;

/// Runs the official script on (gold, system) and checks every count and ratio is identical.
fn compare_with_official(gold: &str, system: &str, tag: &str) {
    let Some(script) = official_script() else {
        return;
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("eval-{tag}"));
    std::fs::create_dir_all(&dir).unwrap();
    let (gp, sp) = (dir.join("gold.conllu"), dir.join("system.conllu"));
    std::fs::write(&gp, gold).unwrap();
    std::fs::write(&sp, system).unwrap();
    let out = match Command::new("python3")
        .arg("-c")
        .arg(DRIVER)
        .arg(&script)
        .arg(&gp)
        .arg(&sp)
        .output()
    {
        Ok(o) if o.status.success() => o,
        Ok(o) => panic!(
            "official script failed: {}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => {
            eprintln!("skipping the official-script comparison: python3: {e}");
            return;
        }
    };
    let official: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ours = evaluate_str(gold, system).unwrap();
    // Floats travel as Python repr strings, parsed exactly by Rust (serde_json's parser may be
    // off by one ulp), so the comparison is bit for bit.
    let float = |v: &serde_json::Value| v.as_str().map(|x| x.parse::<f64>().unwrap());
    for (name, m) in ours.metrics() {
        let o = &official[name];
        let counts = (o[0].as_u64(), o[1].as_u64(), o[2].as_u64(), o[3].as_u64());
        let ours_counts = (
            Some(m.correct as u64),
            Some(m.gold_total as u64),
            Some(m.system_total as u64),
            m.aligned_total.map(|a| a as u64),
        );
        assert_eq!(ours_counts, counts, "{tag} {name} counts");
        assert_eq!(Some(m.precision), float(&o[4]), "{tag} {name} precision");
        assert_eq!(Some(m.recall), float(&o[5]), "{tag} {name} recall");
        assert_eq!(Some(m.f1), float(&o[6]), "{tag} {name} f1");
        assert_eq!(
            m.aligned_accuracy,
            float(&o[7]),
            "{tag} {name} aligned accuracy"
        );
    }
}

mod ner {
    use super::fixture;
    use dikduk::eval::ner::{evaluate_ner_str, Prf};

    fn counts(p: &Prf) -> (usize, usize, usize) {
        (p.correct, p.gold, p.system)
    }

    /// Gold: תל אביב GPE, משה כהן PER, (ש+ה+)ממשלה ORG, (ה+)ממשלה ORG, ארצות הברית GPE,
    /// (ב+)וושינגטון GPE. System: משה and כהן as two PER, וושינגטון as LOC, the rest right.
    #[test]
    fn fixture_entities() {
        let s = evaluate_ner_str(&fixture("gold.conllu"), &fixture("system.conllu")).unwrap();
        for l in [&s.token, &s.morpheme] {
            assert_eq!(counts(&l.overall), (4, 6, 7));
            assert_eq!(
                (l.overall.precision, l.overall.recall, l.overall.f1),
                (4.0 / 7.0, 4.0 / 6.0, 8.0 / 13.0)
            );
            let t = |k: &str| counts(&l.per_type[k]);
            assert_eq!(
                (t("GPE"), t("ORG"), t("PER"), t("LOC")),
                ((2, 3, 2), (2, 2, 2), (0, 1, 2), (0, 0, 1))
            );
        }
        assert!(s.table().contains("morpheme  | GPE   |"));
    }

    /// The system includes the prefix ב in וושינגטון and leaves שהממשלה unsegmented: both are
    /// right at token level and wrong at morpheme level.
    #[test]
    fn token_level_forgives_prefixes_and_segmentation() {
        let s = evaluate_ner_str(&fixture("gold.conllu"), &fixture("system_ner.conllu")).unwrap();
        assert_eq!(counts(&s.token.overall), (6, 6, 6));
        assert_eq!(counts(&s.morpheme.overall), (4, 6, 6));
        assert_eq!(counts(&s.morpheme.per_type["GPE"]), (2, 3, 3));
        assert_eq!(counts(&s.morpheme.per_type["ORG"]), (1, 2, 2));
    }

    #[test]
    fn differing_text_is_an_error() {
        assert!(
            evaluate_ner_str(&fixture("gold.conllu"), &fixture("system_textdiff.conllu")).is_err()
        );
    }

    #[test]
    fn dev_against_itself() {
        let Some(g) = super::dev_gold() else { return };
        let s = evaluate_ner_str(&g, &g).unwrap();
        assert_eq!((s.token.overall.gold, s.morpheme.overall.gold), (489, 489));
        assert_eq!(s.token.overall.f1, 1.0);
        assert_eq!(s.morpheme.overall.f1, 1.0);
    }
}
