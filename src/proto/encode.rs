//! The encoder: BentoML's `to_proto` for an array, as bytes ([`encode`], [`encode_into`]) or
//! as a prost message for tonic ([`to_message`], [`to_message_v1alpha1`]). Both give the same
//! bytes: `dtype`, then `shape` (absent for a 0-d array), then the one packed value field
//! (absent when empty).

use ndarray::ArrayD;

use super::tables::{DTYPE_FIELD_NUMBER, SHAPE_FIELD_NUMBER, ValuesField, WIRE_VARINT};
use super::wire::{put_packed_fixed, put_packed_varints, put_tag, put_varint};
use super::{v1, v1alpha1};
use crate::array::{ArrayData, DynArray};
use crate::dtype::{DType, ScalarType};
use crate::error::{Error, Result};

/// The value field for an array's dtype, looked up exactly as the reference's
/// `npdtype_to_fieldpb_map()[obj.dtype]`: native byte order only, and no string dtype ever
/// matches (the table's key is the unsized `<U0`, which no array has).
fn response_field(dtype: DType) -> Result<ValuesField> {
    let field = match dtype.scalar() {
        _ if !dtype.is_native() => None,
        ScalarType::Float32 => Some(ValuesField::Float),
        ScalarType::Float64 => Some(ValuesField::Double),
        ScalarType::Bool => Some(ValuesField::Bool),
        ScalarType::Int32 => Some(ValuesField::Int32),
        ScalarType::Int64 => Some(ValuesField::Int64),
        ScalarType::UInt32 => Some(ValuesField::Uint32),
        ScalarType::UInt64 => Some(ValuesField::Uint64),
        _ => None,
    };
    field.ok_or_else(|| {
        Error::bad_input(format!("Unsupported dtype '{dtype}' for response message."))
    })
}

/// The message shape: `int32` on the wire. A dimension past `i32::MAX` makes protobuf's
/// Python runtime raise `ValueError: Value out of range` (an escaped error in the reference).
fn message_shape(shape: &[usize]) -> Result<Vec<i32>> {
    shape
        .iter()
        .map(|&d| {
            i32::try_from(d).map_err(|_| {
                Error::bad_input(format!("Value out of range: {d} (NDArray.shape is int32)"))
            })
        })
        .collect()
}

/// The elements in C order as a slice (every [`DynArray`] is C-contiguous), or a copy.
fn flat<T: Clone>(a: &ArrayD<T>) -> std::borrow::Cow<'_, [T]> {
    match a.as_slice() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(a.iter().cloned().collect()),
    }
}

/// [`encode`] appending to `out` (e.g. a reused buffer); `out` is left unchanged on
/// error.
///
/// # Errors
/// As [`encode`].
pub fn encode_into(arr: &DynArray, out: &mut Vec<u8>) -> Result<()> {
    let field = response_field(arr.dtype())?;
    let shape = message_shape(arr.shape())?;
    put_tag(out, DTYPE_FIELD_NUMBER, WIRE_VARINT);
    put_varint(out, field.dtype_enum() as u64);
    if !shape.is_empty() {
        // int32 on the wire: sign-extended to 64 bits (never negative here).
        let dims = shape.iter().map(|&d| d as i64 as u64);
        put_packed_varints(out, SHAPE_FIELD_NUMBER, dims);
    }
    if arr.is_empty() {
        return Ok(());
    }
    let number = field.field_number();
    match arr.data() {
        ArrayData::Float32(a) => put_packed_fixed(out, number, &flat(a), f32::to_le_bytes),
        ArrayData::Float64(a) => put_packed_fixed(out, number, &flat(a), f64::to_le_bytes),
        ArrayData::Bool(a) => put_packed_fixed(out, number, &flat(a), |b: bool| [u8::from(b)]),
        // A negative int32 is written sign-extended: ten bytes, as every protobuf runtime does.
        ArrayData::Int32(a) => {
            put_packed_varints(out, number, flat(a).iter().map(|&v| i64::from(v) as u64))
        }
        ArrayData::Int64(a) => put_packed_varints(out, number, flat(a).iter().map(|&v| v as u64)),
        ArrayData::UInt32(a) => {
            put_packed_varints(out, number, flat(a).iter().map(|&v| u64::from(v)))
        }
        ArrayData::UInt64(a) => put_packed_varints(out, number, flat(a).iter().copied()),
        _ => {
            return Err(Error::internal(
                "response_field accepted an unsupported dtype",
            ));
        }
    }
    Ok(())
}

/// Encode an array as a serialized `bentoml.grpc.v1.NDArray` (the same bytes are a valid
/// `v1alpha1.NDArray`), byte for byte what BentoML's `to_proto` serializes: `dtype`, then
/// `shape` (absent for a 0-d array), then the one packed value field (absent when empty).
///
/// ```
/// use ndarray::{ArrayD, IxDyn};
/// use ndarray_descriptor::{DynArray, proto};
/// let arr = DynArray::from(ArrayD::from_shape_vec(IxDyn(&[2]), vec![1.0f32, 2.5])?);
/// let bytes = proto::encode(&arr)?;
/// assert_eq!(bytes, [0x08, 0x01, 0x12, 0x01, 0x02, 0x1a, 0x08, 0, 0, 0x80, 0x3f, 0, 0, 0x20, 0x40]);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) with BentoML's `Unsupported dtype
/// '<dtype>' for response message.` for every dtype outside the message's table: strings of
/// any width, big-endian data, int8/int16/uint8/uint16 and float16.
pub fn encode(arr: &DynArray) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    encode_into(arr, &mut out)?;
    Ok(out)
}

macro_rules! to_message_impl {
    ($name:ident, $module:ident, $doc:literal) => {
        #[doc = $doc]
        ///
        /// # Errors
        /// As [`encode`].
        pub fn $name(arr: &DynArray) -> Result<$module::NdArray> {
            let field = response_field(arr.dtype())?;
            let mut msg = $module::NdArray {
                dtype: field.dtype_enum(),
                shape: message_shape(arr.shape())?,
                ..Default::default()
            };
            match arr.data() {
                ArrayData::Float32(a) => msg.float_values = flat(a).into_owned(),
                ArrayData::Float64(a) => msg.double_values = flat(a).into_owned(),
                ArrayData::Bool(a) => msg.bool_values = flat(a).into_owned(),
                ArrayData::Int32(a) => msg.int32_values = flat(a).into_owned(),
                ArrayData::Int64(a) => msg.int64_values = flat(a).into_owned(),
                ArrayData::UInt32(a) => msg.uint32_values = flat(a).into_owned(),
                ArrayData::UInt64(a) => msg.uint64_values = flat(a).into_owned(),
                _ => {
                    return Err(Error::internal(
                        "response_field accepted an unsupported dtype",
                    ))
                }
            }
            Ok(msg)
        }
    };
}

to_message_impl!(
    to_message,
    v1,
    "Build a prost `bentoml.grpc.v1.NDArray` from an array (for tonic handlers), with the \
     same fields and the same dtype table as [`encode`]; prost serializes it to the \
     same bytes."
);
to_message_impl!(
    to_message_v1alpha1,
    v1alpha1,
    "[`to_message`] for `bentoml.grpc.v1alpha1.NDArray`."
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;
    use crate::proto::decode;
    use crate::proto::wire::tests::hex;
    use ndarray::IxDyn;

    #[test]
    fn encode_matches_reference_bytes() {
        let a = DynArray::from(
            ArrayD::from_shape_vec(IxDyn(&[4]), vec![0i32, -1, i32::MAX, i32::MIN]).unwrap(),
        );
        assert_eq!(
            hex(&encode(&a).unwrap()),
            "08041201043a1a00ffffffffffffffffff01ffffffff0780808080f8ffffffff01"
        );
        let zero_d = DynArray::from(ArrayD::from_elem(IxDyn(&[]), 1.5f64));
        assert_eq!(hex(&encode(&zero_d).unwrap()), "08022208000000000000f83f");
        let empty = DynArray::from(ArrayD::<u64>::zeros(IxDyn(&[0, 3])));
        assert_eq!(hex(&encode(&empty).unwrap()), "080712020003");
        let s = DynArray::from(ArrayD::from_elem(IxDyn(&[1]), "ab".to_string()));
        let mut out = vec![9];
        let e = encode_into(&s, &mut out).unwrap_err();
        assert_eq!(e.message(), "Unsupported dtype '<U2' for response message.");
        assert_eq!(out, [9]);
        let be = DynArray::from(ArrayD::<f32>::zeros(IxDyn(&[1])))
            .with_byteorder(crate::dtype::ByteOrder::Big);
        assert_eq!(
            encode(&be).unwrap_err().message(),
            "Unsupported dtype '>f4' for response message."
        );
    }

    #[test]
    fn round_trip_and_prost_agree() {
        use prost::Message;
        let a = DynArray::from(
            ArrayD::from_shape_vec(IxDyn(&[2, 3]), vec![1.5f32, -2.0, 0.0, 3.25, f32::MAX, 7.0])
                .unwrap(),
        );
        let bytes = encode(&a).unwrap();
        assert_eq!(decode(&bytes, &Limits::default()).unwrap(), a);
        let msg = to_message(&a).unwrap();
        assert_eq!(msg.encode_to_vec(), bytes);
        assert_eq!(DynArray::try_from(&msg).unwrap(), a);
        let alpha = to_message_v1alpha1(&a).unwrap();
        assert_eq!(alpha.encode_to_vec(), bytes);
        assert_eq!(DynArray::try_from(&alpha).unwrap(), a);
        let ints =
            DynArray::from(ArrayD::from_shape_vec(IxDyn(&[3]), vec![-5i64, 0, i64::MAX]).unwrap());
        let bytes = encode(&ints).unwrap();
        assert_eq!(to_message(&ints).unwrap().encode_to_vec(), bytes);
        assert_eq!(decode(&bytes, &Limits::default()).unwrap(), ints);
    }
}
