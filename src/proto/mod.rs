//! BentoML's protobuf transport: generated message types, the
//! dtype ↔ value-field tables, and `NDArray` ⇄ [`DynArray`](crate::DynArray).

mod convert;
mod generated;
pub mod tables;

pub(crate) use convert::{Decoded, decode_message, decode_wire};
pub use convert::{
    decode_ndarray, encode_ndarray, encode_ndarray_into, from_message, from_message_v1alpha1,
    to_message, to_message_v1alpha1,
};
pub use generated::{v1, v1alpha1};
