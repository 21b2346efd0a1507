//! Replays the committed fuzz seeds (fuzz/seeds/<target>/) through the fuzz targets' bodies
//! (`dikduk::invariants::check_*_bytes`) on stable Rust, so CI checks them even without nightly
//! and cargo-fuzz. Any crash input saved under fuzz/artifacts/<target>/ is replayed too (that
//! folder is gitignored: it holds what a local `scripts/fuzz.sh` run found).

use dikduk::invariants::{check_annotate_bytes, check_conllu_bytes, check_eval_bytes};
use std::path::Path;

fn replay(target: &str, check: fn(&[u8]) -> Result<(), String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["seeds", "artifacts"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else { continue };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
        paths.sort();
        for p in paths {
            let data = std::fs::read(&p).expect("readable seed");
            if let Err(e) = check(&data) {
                panic!("{}: {e}", p.display());
            }
            n += 1;
        }
    }
    eprintln!("{target}: {n} inputs replayed");
    assert!(n > 0, "no seeds for {target} in fuzz/seeds/{target}");
}

#[test]
fn annotate_seeds() {
    replay("annotate", check_annotate_bytes);
}

#[test]
fn conllu_seeds() {
    replay("conllu", check_conllu_bytes);
}

#[test]
fn eval_seeds() {
    replay("eval", check_eval_bytes);
}
