//! Fuzz target `oip`: see `tests/harness/mod.rs` (`harness::oip`) for the input layout and
//! the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ndarray_descriptor_fuzz::harness::oip(data));
