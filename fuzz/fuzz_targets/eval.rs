//! Fuzz target: the CoNLL 2018 and NER evaluation on two CoNLL-U files (split at the first NUL): no panic, scores in [0, 1].
//! The body is `dikduk::invariants::check_eval_bytes`, which tests/fuzz_seeds.rs also runs on the seeds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = dikduk::invariants::check_eval_bytes(data) {
        panic!("{e}");
    }
});
