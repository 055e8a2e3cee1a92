//! BentoML's `NumpyNdarray` IO descriptor for Rust model servers and clients.
//!
//! A [`NumpyNdarray`] describes an API's array input or output the way BentoML (Python) does:
//! an optional [`DType`] and [`ShapeSpec`] (with `-1` wildcards) plus `enforce_dtype` /
//! `enforce_shape`. Incoming arrays are validated exactly as the reference validates them: a
//! dtype mismatch is cast when numpy's `same_kind` rule allows it, a shape mismatch is reshaped,
//! and with an enforce flag a mismatch is a bad-input [`Error`].
//!
//! Data flows one way:
//!
//! ```text
//! bytes ─► transport decode ─► DynArray ─► NumpyNdarray::validate ─► DynArray ─► ArrayD<T>
//! bytes ◄─ transport encode ◄─ DynArray ◄─ From<ArrayD<T>> ◄──────────────────── handler
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod array;
#[cfg(feature = "arrow")]
#[cfg_attr(docsrs, doc(cfg(feature = "arrow")))]
pub mod arrow;
mod cast;
mod descriptor;
mod dtype;
mod dtype_parse;
mod element;
mod error;
#[cfg(feature = "grpc")]
#[cfg_attr(docsrs, doc(cfg(feature = "grpc")))]
pub mod grpc;
#[cfg(any(feature = "axum", feature = "grpc"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "axum", feature = "grpc"))))]
pub mod guard;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod http;
#[cfg(feature = "metrics")]
mod http_metrics;
pub mod json;
mod limits;
#[cfg(feature = "metrics")]
#[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
pub mod metrics;
pub mod npy;
// Numpy-exact number text; `astype` uses the `str()` writers, the JSON encoder the rest.
// Written against numpy 2.4.6 and CPython 3.11 outputs (tests embed the cases; the generator is
// tests/fixtures/number/number_cases.py).
#[allow(clippy::collapsible_if)]
mod number;
mod openapi;
pub mod proto;
mod python;
pub mod raw;
#[cfg(feature = "serve")]
#[cfg_attr(docsrs, doc(cfg(feature = "serve")))]
pub mod serve;
mod shape;
mod spark;
mod spec;

pub use array::{ArrayData, DynArray};
pub use cast::{Casting, astype, can_cast};
pub use descriptor::{NumpyNdarray, NumpyNdarrayBuilder};
pub use dtype::{ByteOrder, DType, ScalarType};
pub use element::Element;
pub use error::{Error, ErrorKind, Result};
pub use limits::{Limits, checked_product};
pub use openapi::MIME_TYPE;
pub use shape::{ShapeSpec, format_tuple};
pub use spark::{SparkSchema, SparkType};
pub use spec::{DESCRIPTOR_ID, Spec, SpecArgs};
