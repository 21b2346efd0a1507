//! Tells the crate which trained models exist under `models/`, so a checkout without them (for
//! example while the first model is being trained) still builds, with the fallback analysis; and
//! sets `dikduk_train` when the trainers are compiled in.
use std::path::Path;

fn main() {
    // The trainers (feature `train`, on by default) are native only: on wasm32 the feature is
    // ignored, so the .wasm never carries training code and the WASM build commands need no
    // `--no-default-features`. Training-only code is gated by this one cfg.
    println!("cargo::rustc-check-cfg=cfg(dikduk_train)");
    let train = std::env::var_os("CARGO_FEATURE_TRAIN").is_some();
    if train && std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() != Ok("wasm32") {
        println!("cargo::rustc-cfg=dikduk_train");
    }
    for (file, cfg) in [
        ("models/morph.bin", "dikduk_morph_model"), ("models/lexicon.bin", "dikduk_lexicon"),
        ("models/ner.bin", "dikduk_ner_model"), ("models/parse.bin", "dikduk_parse_model"),
        ("models/conventions.bin", "dikduk_conventions"),
    ] {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        println!("cargo::rerun-if-changed={file}");
        if Path::new(file).exists() {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}
