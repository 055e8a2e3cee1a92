//! BentoML's protobuf transport: generated message types and the
//! dtype ↔ value-field tables.

mod generated;
pub mod tables;

pub use generated::{v1, v1alpha1};
