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
//!
//! # A tour
//!
//! **The descriptor.** Build one as BentoML's `NumpyNdarray(dtype=..., shape=..., ...)` is
//! written, or read the spec BentoML stores for it:
//!
//! ```
//! use ndarray_descriptor::{DType, NumpyNdarray};
//! let input = NumpyNdarray::builder()
//!     .dtype(DType::FLOAT32)
//!     .shape([-1, 4])
//!     .enforce_shape(true)
//!     .build()?;
//! let same = NumpyNdarray::from_spec(&serde_json::json!({
//!     "id": "bentoml.io.NumpyNdarray",
//!     "args": {"dtype": "float32", "shape": [-1, 4], "enforce_dtype": false, "enforce_shape": true}
//! }))?;
//! assert_eq!(input, same);
//! # Ok::<_, ndarray_descriptor::Error>(())
//! ```
//!
//! **A request, decoded and validated.** Each transport has a `from_*` method on the
//! descriptor: the bytes become a [`DynArray`] (any carried dtype), validation casts and
//! reshapes it, and `try_into` gives the handler a typed `ndarray::ArrayD<T>`:
//!
//! ```
//! # use ndarray_descriptor::{DType, NumpyNdarray};
//! # let input = NumpyNdarray::builder().dtype(DType::FLOAT32).shape([-1, 4]).enforce_shape(true).build()?;
//! let x: ndarray::ArrayD<f32> = input.from_json(b"[[5.1, 3.5, 1.4, 0.2]]")?.try_into()?;
//! assert_eq!(x.shape(), &[1, 4]);
//! // int64 JSON numbers are cast to float32 (same_kind allows it); a wrong shape is refused
//! assert_eq!(input.from_json(b"[[1, 2, 3, 4]]")?.dtype(), DType::FLOAT32);
//! let err = input.from_json(b"[1, 2, 3]").unwrap_err();
//! assert_eq!(err.http_status(), 400);
//! # Ok::<_, ndarray_descriptor::Error>(())
//! ```
//!
//! **A response, validated and encoded** with the bytes BentoML writes:
//!
//! ```
//! use ndarray_descriptor::{DType, DynArray, NumpyNdarray};
//! let output = NumpyNdarray::builder().dtype(DType::INT64).build()?;
//! let y = DynArray::from(ndarray::arr1(&[0i64, 2]).into_dyn());
//! assert_eq!(output.to_json(y.clone())?, b"[0, 2]");
//! let message = output.to_proto(y)?; // a bentoml.grpc.v1 NDArray
//! assert_eq!(output.from_proto(&message)?.shape(), &[2]);
//! # Ok::<_, ndarray_descriptor::Error>(())
//! ```
//!
//! **Where things are.**
//!
//! | module | what it holds |
//! |---|---|
//! | [`NumpyNdarray`] (`src/descriptor/`) | the descriptor, its builder, `validate`, every `from_*` / `to_*`, `to_spec` / `from_spec`, the OpenAPI and Spark schemas |
//! | [`DType`], [`can_cast`], [`astype`], [`ShapeSpec`] | numpy's dtypes and spellings, its casting table and conversions, `-1` reshaping |
//! | [`DynArray`], [`StrArray`] (`src/array.rs`, `src/strings.rs`) | an array of any carried dtype; string arrays as one UTF-8 buffer and offsets, each element a `&str` |
//! | [`json`], [`proto`], [`raw`], [`npy`], `arrow` | the transports: bytes, a dtype hint where the bytes need one, and [`Limits`] in; a [`DynArray`] out (and back) |
//! | `http` (feature `axum`), `grpc` (feature `grpc`) | BentoML-compatible endpoints for axum and tonic |
//! | `client` (feature `client`) | a client of BentoML-compatible services over HTTP and gRPC, errors typed |
//! | `serve`, `guard`, `metrics` (features `serve`, `axum`/`grpc`, `metrics`) | a server that stays up under hostile load, and `GET /metrics` |
//! | `batch` (features `axum`/`grpc`) | adaptive batching: concurrent requests merged into one model call |
//! | `oip` (feature `oip`) | the Open Inference Protocol (KServe v2 / Triton): REST under `/v2` and `GRPCInferenceService` for the same APIs |
//!
//! Every decoder is bounded by [`Limits`] (checked before anything sized by the input is
//! allocated), and bad input is an [`Error`] with an [`ErrorKind`], an HTTP status and a gRPC
//! code, never a panic. Methods and functions ending in `_with` take explicit [`Limits`]; the
//! ones without use [`Limits::default()`].
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod array;
#[cfg(feature = "arrow")]
#[cfg_attr(docsrs, doc(cfg(feature = "arrow")))]
pub mod arrow;
#[cfg(any(feature = "axum", feature = "grpc"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "axum", feature = "grpc"))))]
pub mod batch;
mod cast;
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub mod client;
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
#[cfg(feature = "oip")]
#[cfg_attr(docsrs, doc(cfg(feature = "oip")))]
pub mod oip;
// Numpy-exact number text; `astype` uses the `str()` writers, the JSON encoder the rest.
// Written against numpy 2.4.6 and CPython 3.11 outputs (tests embed the cases; the generator is
// tests/fixtures/number/number_cases.py).
#[allow(clippy::collapsible_if)]
mod number;
pub mod proto;
mod python;
pub mod raw;
#[cfg(feature = "serve")]
#[cfg_attr(docsrs, doc(cfg(feature = "serve")))]
pub mod serve;
mod shape;
mod strings;

pub use array::{ArrayData, DynArray};
pub use cast::{Casting, astype, can_cast};
pub use descriptor::MIME_TYPE;
pub use descriptor::{DESCRIPTOR_ID, SparkSchema, SparkType, Spec, SpecArgs};
pub use descriptor::{NumpyNdarray, NumpyNdarrayBuilder};
pub use dtype::{ByteOrder, DType, ScalarType};
pub use element::Element;
pub use error::{Error, ErrorKind, Result};
pub use limits::{Limits, checked_product};
pub use shape::{ShapeSpec, format_tuple};
pub use strings::{StrArray, StrIter};
