//! prost messages: [`from_message`] reads a `bentoml.grpc.{v1,v1alpha1}.NDArray` that prost
//! has already decoded (e.g. a tonic request's `ndarray`) with the same `from_proto`
//! semantics as the wire reader, and `TryFrom<&NdArray> for DynArray` does so with default
//! [`Limits`].

use super::from_proto::{Decoded, NdArrayFields, from_fields, ndarray_fields};
use super::tables::ValuesField;
use super::wire::check_count;
use super::{v1, v1alpha1};
use crate::array::DynArray;
use crate::error::{Error, Result};
use crate::limits::Limits;

/// Borrowed fields of a prost `NdArray` (either schema version).
struct MessageFields<'a> {
    dtype: i32,
    shape: &'a [i32],
    float: &'a [f32],
    double: &'a [f64],
    string: &'a [String],
    boolean: &'a [bool],
    int32: &'a [i32],
    int64: &'a [i64],
    uint32: &'a [u32],
    uint64: &'a [u64],
}

ndarray_fields!(MessageFields<'_>);

/// The same `NdArray` message in each schema version: its fields, borrowed, and
/// `TryFrom<&NdArray> for DynArray` through `$from`.
macro_rules! prost_ndarray {
    ($($module:ident => $from:ident),+) => {$(
        impl<'a> From<&'a $module::NdArray> for MessageFields<'a> {
            fn from(m: &'a $module::NdArray) -> Self {
                MessageFields {
                    dtype: m.dtype,
                    shape: &m.shape,
                    float: &m.float_values,
                    double: &m.double_values,
                    string: &m.string_values,
                    boolean: &m.bool_values,
                    int32: &m.int32_values,
                    int64: &m.int64_values,
                    uint32: &m.uint32_values,
                    uint64: &m.uint64_values,
                }
            }
        }

        impl TryFrom<&$module::NdArray> for DynArray {
            type Error = Error;
            #[doc = concat!("[`", stringify!($from), "`] with default [`Limits`].")]
            fn try_from(msg: &$module::NdArray) -> Result<DynArray> {
                $from(msg, &Limits::default())
            }
        }
    )+};
}

prost_ndarray!(v1 => from_message, v1alpha1 => from_message_v1alpha1);

/// The element limit the wire reader applies while parsing, for a message parsed elsewhere,
/// then `from_proto`.
fn decode_fields(m: MessageFields<'_>, limits: &Limits) -> Result<Decoded> {
    check_count(0, m.shape.len(), limits, "shape")?;
    for field in ValuesField::ALL {
        check_count(0, m.count(field), limits, field.field_name())?;
    }
    from_fields(m, limits)
}

/// [`decode`](super::decode) for a message already decoded by prost (e.g. a tonic request's
/// `ndarray`): the same `from_proto` semantics, without a descriptor. Only the selected
/// value field is copied.
///
/// ```
/// use ndarray_descriptor::{Limits, proto::{self, v1}};
/// let msg = v1::NdArray { int64_values: vec![1, 2, 3, 4], shape: vec![2, -1], ..Default::default() };
/// let arr = proto::from_message(&msg, &Limits::default())?;
/// assert_eq!(arr.shape(), &[2, 2]);
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
///
/// # Errors
/// As [`decode`](super::decode), without the parse errors.
pub fn from_message(msg: &v1::NdArray, limits: &Limits) -> Result<DynArray> {
    decode_message(msg, limits).map(Decoded::into_inner)
}

/// [`from_message`], telling a message with values from the reference's `np.empty(shape)`
/// early return.
pub(crate) fn decode_message(msg: &v1::NdArray, limits: &Limits) -> Result<Decoded> {
    decode_fields(msg.into(), limits)
}

/// [`from_message`] for a `bentoml.grpc.v1alpha1.NDArray`.
///
/// # Errors
/// As [`from_message`].
pub fn from_message_v1alpha1(msg: &v1alpha1::NdArray, limits: &Limits) -> Result<DynArray> {
    decode_fields(msg.into(), limits).map(Decoded::into_inner)
}
