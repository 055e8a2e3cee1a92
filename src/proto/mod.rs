//! BentoML's protobuf transport: generated message types, the
//! dtype ↔ value-field tables, and `NDArray` ⇄ [`DynArray`](crate::DynArray).
//!
//! The request path, in call order: [`decode`] (`reader.rs`) parses the bytes
//! as the reference's protobuf runtime does, with the primitives of `wire.rs`,
//! then `from_proto.rs` applies BentoML's `from_proto` to the parsed fields; a
//! message prost has already decoded enters `from_proto.rs` through
//! [`from_message`] (`messages.rs`) instead. The response goes back through
//! [`encode`] or [`to_message`] (`encode.rs`), again on `wire.rs`. Field
//! numbers and wire types come from [`tables`]; `generated.rs` holds prost's
//! types.

mod encode;
mod from_proto;
mod generated;
mod messages;
mod reader;
pub mod tables;
mod wire;

pub use encode::{encode, encode_into, to_message, to_message_v1alpha1};
pub(crate) use from_proto::Decoded;
pub use generated::{v1, v1alpha1};
pub(crate) use messages::decode_message;
pub use messages::{from_message, from_message_v1alpha1};
pub use reader::decode;
pub(crate) use reader::decode_wire;
