//! The fuzz targets' bodies. They live in the main crate's `tests/harness/mod.rs` so that
//! `tests/regression.rs` replays saved inputs through exactly the code that found them.

#[path = "../../tests/harness/mod.rs"]
pub mod harness;
