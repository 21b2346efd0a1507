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
