//! The `dikduk` command-line tool: `annotate` Hebrew text, `eval` CoNLL-U files, `train` the models
//! (with the default feature `train`).
//!
//! Native only: its dependencies (clap, rayon, indicatif) are not built for wasm32, where this
//! target compiles to an empty program so that `cargo test --target wasm32-unknown-unknown` works.

#[cfg(not(target_arch = "wasm32"))]
include!("app.rs");

#[cfg(target_arch = "wasm32")]
fn main() {}
