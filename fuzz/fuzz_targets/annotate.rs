//! Fuzz target: `dikduk::annotate` on any bytes (lossy UTF-8, first byte < 0x10 picks the options): every document invariant.
//! The body is `dikduk::invariants::check_annotate_bytes`, which tests/fuzz_seeds.rs also runs on the seeds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = dikduk::invariants::check_annotate_bytes(data) {
        panic!("{e}");
    }
});
