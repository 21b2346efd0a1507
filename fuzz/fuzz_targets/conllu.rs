//! Fuzz target: the CoNLL-U reader: never panics, and what it reads writes back and reads again the same.
//! The body is `dikduk::invariants::check_conllu_bytes`, which tests/fuzz_seeds.rs also runs on the seeds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = dikduk::invariants::check_conllu_bytes(data) {
        panic!("{e}");
    }
});
