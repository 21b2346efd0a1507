//! Tells the crate which trained models exist under `models/`, so a checkout without them (for
//! example while the first model is being trained) still builds, with the fallback analysis.
use std::path::Path;

fn main() {
    for (file, cfg) in [
        ("models/morph.bin", "dikduk_morph_model"), ("models/lexicon.bin", "dikduk_lexicon"),
        ("models/ner.bin", "dikduk_ner_model"), ("models/parse.bin", "dikduk_parse_model"),
    ] {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        println!("cargo::rerun-if-changed={file}");
        if Path::new(file).exists() {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}
