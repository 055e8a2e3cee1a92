//! Fuzz target `tensors`: see `tests/harness/mod.rs` (`harness::tensors`) for the input layout
//! and the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ndarray_descriptor_fuzz::harness::tensors(data));
