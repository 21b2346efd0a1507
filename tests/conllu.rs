//! Reads the real treebank files (skipped when ../shared/data is absent).

use std::path::Path;

#[test]
fn reads_shared_treebanks() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let files = [
        ("htb-nemo/he_htb-nemo-train.conllu", 5168),
        ("htb-nemo/he_htb-nemo-dev.conllu", 484),
        ("htb-nemo/he_htb-nemo-test.conllu", 491),
        ("iahlt/he_iahltwiki-ud-dev.conllu", 348),
        ("iahlt/he_iahltknesset-ud-dev.conllu", 253),
    ];
    for (f, n) in files {
        let p = dir.join(f);
        let Ok(text) = std::fs::read_to_string(&p) else {
            eprintln!("skipping: {} not found", p.display());
            continue;
        };
        let sents = dikduk::conllu::parse(&text).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert_eq!(sents.len(), n, "{f}");
        for s in &sents {
            assert!(s.sent_id.is_some() && s.text.is_some(), "{f}");
            for w in s.words() {
                if f.starts_with("htb") {
                    assert!(w.misc_get("NER").is_some(), "{f} {:?}", s.sent_id);
                }
            }
            if f.starts_with("htb") {
                // tokens + SpaceAfter rebuild the text
                assert_eq!(
                    s.text.as_deref().map(str::trim),
                    Some(s.reconstructed_text().as_str()),
                    "{f} {:?}",
                    s.sent_id
                );
            }
        }
    }
}

mod writer {
    use dikduk::conllu::{parse, write_document};
    use dikduk::eval::evaluate_str;
    use dikduk::{annotate, Document, Entity, Morpheme, Options};

    const TEXT: &str = "עשרות אנשים מגיעים מתאילנד לישראל, כשהם נרשמים כמתנדבים.\nמשה כהן אמר: \"זה לא יקרה\" (אתמול) בתל אביב!";

    fn non_space(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    fn check(doc: &Document) -> String {
        check_text(doc, TEXT)
    }

    /// Writer output parses, rebuilds the input's non-space characters and scores 100 on itself.
    fn check_text(doc: &Document, input: &str) -> String {
        let out = write_document(doc, "t");
        let sents = parse(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
        assert_eq!(sents.len(), doc.sentences.len());
        let forms: String = sents
            .iter()
            .flat_map(|s| s.tokens.iter().map(|t| t.form.as_str()))
            .collect();
        assert_eq!(forms, non_space(input));
        for (i, s) in sents.iter().enumerate() {
            assert_eq!(s.sent_id.as_deref(), Some(format!("t-{}", i + 1).as_str()));
            assert_eq!(
                s.text.as_deref(),
                Some(s.reconstructed_text().as_str()),
                "{out}"
            );
            assert_eq!(s.words().filter(|w| w.head == Some(0)).count(), 1);
            for w in s.words() {
                assert!(w.misc_get("NER").is_some());
            }
        }
        let scores = evaluate_str(&out, &out).unwrap_or_else(|e| panic!("{e}\n{out}"));
        for (name, m) in scores.metrics() {
            assert_eq!(m.f1, 1.0, "{name}");
        }
        out
    }

    #[test]
    fn annotate_output_round_trips() {
        check(&annotate(TEXT, &Options::default()));
        check(&annotate(
            TEXT,
            &Options {
                morphology: false,
                entities: false,
                ..Options::default()
            },
        ));
    }

    /// Builds a document by hand: `(token, morphemes, space before)` per sentence.
    fn build(sents: &[&[(&str, &[&str], bool)]]) -> (Document, String) {
        let mut doc = annotate("", &Options::default());
        let mut text = String::new();
        for sent in sents {
            let token_start = doc.tokens.len();
            for (i, (tok, parts, space)) in sent.iter().enumerate() {
                if !text.is_empty() && (*space || i == 0) {
                    text.push(if i == 0 { '\n' } else { ' ' });
                }
                let start = text.encode_utf16().count();
                text.push_str(tok);
                let parts: Vec<&str> = if parts.is_empty() {
                    vec![tok]
                } else {
                    parts.to_vec()
                };
                doc.tokens.push(dikduk::Token {
                    start,
                    end: text.encode_utf16().count(),
                    text: tok.to_string(),
                    kind: dikduk::TokenKind::Word,
                    morphemes: parts
                        .iter()
                        .map(|p| Morpheme {
                            form: p.to_string(),
                            upos: "X".into(),
                            lemma: String::new(),
                            ..Default::default()
                        })
                        .collect(),
                });
            }
            let (a, b) = (token_start, doc.tokens.len());
            doc.sentences.push(dikduk::Sentence {
                start: doc.tokens[a].start,
                end: doc.tokens[b - 1].end,
                token_start: a,
                token_end: b,
            });
        }
        doc.length = text.encode_utf16().count();
        (doc, text)
    }

    #[test]
    fn mwt_lines_space_after_and_biose() {
        let (mut doc, text) = build(&[
            &[
                ("עשרות", &[], true),
                ("מגיעים", &[], true),
                ("מתאילנד", &["מ", "תאילנד"], true),
                ("לישראל", &["ל", "ישראל"], true),
                (",", &[], false),
                ("כשהם", &["כש", "הם"], true),
                (".", &[], false),
            ],
            &[
                ("משה", &[], true),
                ("כהן", &[], true),
                ("בתל", &["ב", "תל"], true),
                ("אביב", &[], true),
                ("!", &[], false),
            ],
        ]);
        let ent = |label: &str, ms: usize, me: usize| Entity {
            label: label.into(),
            start: 0,
            end: 0,
            text: String::new(),
            token_start: 0,
            token_end: 0,
            morpheme_start: ms,
            morpheme_end: me,
        };
        // Morphemes: 0 עשרות 1 מגיעים 2 מ 3 תאילנד 4 ל 5 ישראל 6 , 7 כש 8 הם 9 . | 10 משה 11 כהן 12 ב 13 תל 14 אביב 15 !
        doc.entities = vec![ent("GPE", 3, 4), ent("PER", 10, 12), ent("GPE", 13, 15)];
        let out = check_text(&doc, &text);
        let expected = "# sent_id = t-1\n# text = עשרות מגיעים מתאילנד לישראל, כשהם.\n\
1\tעשרות\t_\tX\tX\t_\t0\troot\t_\tNER=O\n\
2\tמגיעים\t_\tX\tX\t_\t1\tdep\t_\tNER=O\n\
3-4\tמתאילנד\t_\t_\t_\t_\t_\t_\t_\t_\n\
3\tמ\t_\tX\tX\t_\t1\tdep\t_\tNER=O\n\
4\tתאילנד\t_\tX\tX\t_\t1\tdep\t_\tNER=S-GPE\n\
5-6\tלישראל\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\
5\tל\t_\tX\tX\t_\t1\tdep\t_\tNER=O\n\
6\tישראל\t_\tX\tX\t_\t1\tdep\t_\tNER=O\n\
7\t,\t_\tX\tX\t_\t1\tdep\t_\tNER=O\n\
8-9\tכשהם\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\
8\tכש\t_\tX\tX\t_\t1\tdep\t_\tNER=O\n\
9\tהם\t_\tX\tX\t_\t1\tdep\t_\tNER=O\n\
10\t.\t_\tX\tX\t_\t1\tdep\t_\tNER=O\n\
\n\
# sent_id = t-2\n# text = משה כהן בתל אביב!\n\
1\tמשה\t_\tX\tX\t_\t0\troot\t_\tNER=B-PER\n\
2\tכהן\t_\tX\tX\t_\t1\tdep\t_\tNER=E-PER\n\
3-4\tבתל\t_\t_\t_\t_\t_\t_\t_\t_\n\
3\tב\t_\tX\tX\t_\t1\tdep\t_\tNER=O\n\
4\tתל\t_\tX\tX\t_\t1\tdep\t_\tNER=B-GPE\n\
5\tאביב\t_\tX\tX\t_\t1\tdep\t_\tNER=E-GPE|SpaceAfter=No\n\
6\t!\t_\tX\tX\t_\t1\tdep\t_\tNER=O\n\
\n";
        assert_eq!(out, expected);
        let s = dikduk::eval::ner::evaluate_ner_str(&out, &out).unwrap();
        assert_eq!(s.morpheme.overall.gold, 3);
    }
}
