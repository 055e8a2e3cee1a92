//! The `NDArray` message read off the wire: every field as upb would hold it after parsing,
//! within [`Limits`], then BentoML's `from_proto` on it ([`decode`]).
//!
//! The reader does not go through prost: it accepts and rejects exactly what the reference's
//! protobuf runtime (upb, protobuf 4.25) does, copies a packed `float`/`double` payload into
//! the array in one pass, decodes packed varints in one tight loop, and sizes every
//! allocation by the bytes actually present, never by a length or shape the message claims.

use super::from_proto::{Decoded, from_fields, ndarray_fields};
use super::tables::{
    DTYPE_FIELD_NUMBER, SHAPE_FIELD_NUMBER, ValuesField, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN,
    WIRE_VARINT,
};
use super::wire::{
    packed_fixed, packed_varints, parse_error, push_one, read_fixed, read_len, read_tag,
    read_varint, skip_field,
};
use crate::array::DynArray;
use crate::error::Result;
use crate::limits::Limits;

const FLOAT: u32 = ValuesField::Float.field_number();
const DOUBLE: u32 = ValuesField::Double.field_number();
const STRING: u32 = ValuesField::String.field_number();
const BOOL: u32 = ValuesField::Bool.field_number();
const INT32: u32 = ValuesField::Int32.field_number();
const INT64: u32 = ValuesField::Int64.field_number();
const UINT32: u32 = ValuesField::Uint32.field_number();
const UINT64: u32 = ValuesField::Uint64.field_number();

/// Every field of an `NDArray`, as upb would hold it after parsing.
#[derive(Debug, Default)]
struct WireMessage<'a> {
    dtype: i32,
    shape: Vec<i32>,
    float: Vec<f32>,
    double: Vec<f64>,
    string: Vec<&'a str>,
    boolean: Vec<bool>,
    int32: Vec<i32>,
    int64: Vec<i64>,
    uint32: Vec<u32>,
    uint64: Vec<u64>,
}

// int32, uint32 and enum varints keep their low 32 bits (upb's `_upb_Decoder_Munge`).
fn low_i32(v: u64) -> i32 {
    v as u32 as i32
}
fn low_u32(v: u64) -> u32 {
    v as u32
}
fn as_i64(v: u64) -> i64 {
    v as i64
}
fn same_u64(v: u64) -> u64 {
    v
}
fn nonzero(v: u64) -> bool {
    v != 0
}

/// The reader's place in the message.
struct Reader<'a, 'l> {
    buf: &'a [u8],
    pos: usize,
    limits: &'l Limits,
}

impl Reader<'_, '_> {
    /// One record of a repeated varint field (tag at `at`): a single value (`WIRE_VARINT`) or
    /// a packed run (`WIRE_LEN`), appended to `out`.
    #[inline]
    fn varints<T: Copy + Default>(
        &mut self,
        wire: u32,
        at: usize,
        out: &mut Vec<T>,
        conv: impl Fn(u64) -> T + Copy,
        field: &str,
    ) -> Result<()> {
        if wire == WIRE_LEN {
            let p = read_len(self.buf, &mut self.pos)?;
            packed_varints(p, out, conv, self.limits, field, at)
        } else {
            let v = conv(read_varint(self.buf, &mut self.pos)?);
            push_one(out, v, self.limits, field)
        }
    }

    /// One record of a repeated fixed-width field: a single `N`-byte value (`WIRE_FIXED32` or
    /// `WIRE_FIXED64`) or a packed run (`WIRE_LEN`), appended to `out`.
    #[inline]
    fn fixed<T, const N: usize>(
        &mut self,
        wire: u32,
        at: usize,
        out: &mut Vec<T>,
        from_le: impl Fn([u8; N]) -> T,
        field: &str,
    ) -> Result<()> {
        if wire == WIRE_LEN {
            let p = read_len(self.buf, &mut self.pos)?;
            packed_fixed(p, out, from_le, self.limits, field, at)
        } else {
            let v = from_le(read_fixed::<N>(self.buf, &mut self.pos)?);
            push_one(out, v, self.limits, field)
        }
    }
}

impl<'a> WireMessage<'a> {
    /// Parse `buf` as upb parses an `NDArray`: packed, unpacked and chunked repeated fields
    /// concatenate, the last `dtype` wins, unknown fields (and known ones with the wrong wire
    /// type) are skipped.
    fn parse(buf: &'a [u8], limits: &Limits) -> Result<WireMessage<'a>> {
        let mut m = WireMessage::default();
        let mut r = Reader {
            buf,
            pos: 0,
            limits,
        };
        while r.pos < buf.len() {
            let at = r.pos;
            let (field, wire) = read_tag(buf, &mut r.pos)?;
            match (field, wire) {
                (DTYPE_FIELD_NUMBER, WIRE_VARINT) => {
                    m.dtype = low_i32(read_varint(buf, &mut r.pos)?);
                }
                (SHAPE_FIELD_NUMBER, WIRE_VARINT | WIRE_LEN) => {
                    r.varints(wire, at, &mut m.shape, low_i32, "shape")?;
                }
                (FLOAT, WIRE_FIXED32 | WIRE_LEN) => {
                    let name = ValuesField::Float.field_name();
                    r.fixed(wire, at, &mut m.float, f32::from_le_bytes, name)?;
                }
                (DOUBLE, WIRE_FIXED64 | WIRE_LEN) => {
                    let name = ValuesField::Double.field_name();
                    r.fixed(wire, at, &mut m.double, f64::from_le_bytes, name)?;
                }
                (STRING, WIRE_LEN) => {
                    let p = read_len(buf, &mut r.pos)?;
                    // upb checks UTF-8 on proto3 strings (surrogates and overlong forms fail
                    // too), exactly what `str::from_utf8` checks.
                    let s = std::str::from_utf8(p)
                        .map_err(|_| parse_error("string_values is not valid UTF-8", at))?;
                    push_one(&mut m.string, s, limits, ValuesField::String.field_name())?;
                }
                (BOOL, WIRE_VARINT | WIRE_LEN) => {
                    let name = ValuesField::Bool.field_name();
                    r.varints(wire, at, &mut m.boolean, nonzero, name)?;
                }
                (INT32, WIRE_VARINT | WIRE_LEN) => {
                    let name = ValuesField::Int32.field_name();
                    r.varints(wire, at, &mut m.int32, low_i32, name)?;
                }
                (INT64, WIRE_VARINT | WIRE_LEN) => {
                    let name = ValuesField::Int64.field_name();
                    r.varints(wire, at, &mut m.int64, as_i64, name)?;
                }
                (UINT32, WIRE_VARINT | WIRE_LEN) => {
                    let name = ValuesField::Uint32.field_name();
                    r.varints(wire, at, &mut m.uint32, low_u32, name)?;
                }
                (UINT64, WIRE_VARINT | WIRE_LEN) => {
                    let name = ValuesField::Uint64.field_name();
                    r.varints(wire, at, &mut m.uint64, same_u64, name)?;
                }
                (f, w) => skip_field(buf, &mut r.pos, f, w, at)?,
            }
        }
        Ok(m)
    }
}

ndarray_fields!(WireMessage<'_>);

/// [`decode`], telling a message with values from the reference's `np.empty(shape)` early
/// return.
pub(crate) fn decode_wire(bytes: &[u8], limits: &Limits) -> Result<Decoded> {
    limits.check_body(bytes.len())?;
    from_fields(WireMessage::parse(bytes, limits)?, limits)
}

/// Decode a serialized `bentoml.grpc.v1.NDArray` (or `v1alpha1`, the same bytes) the way
/// BentoML's `NumpyNdarray.from_proto` does, without applying a descriptor.
///
/// The bytes are parsed with the reference protobuf runtime's (upb's) rules; then, as the
/// reference: a non-zero `dtype` picks its value field (other fields are ignored), otherwise
/// the one non-empty value field gives the dtype; the array is reshaped to the message's
/// `shape` when one is given. A message with no dtype and no values gives numpy's
/// `np.empty(shape)` — float64, here zero-filled. String values become a `<U n` array.
///
/// ```
/// use ndarray_descriptor::{DType, Limits, proto};
/// // dtype DTYPE_FLOAT, shape [2], float_values [1.0, 2.5]
/// let bytes = [0x08, 0x01, 0x12, 0x01, 0x02, 0x1a, 0x08, 0, 0, 0x80, 0x3f, 0, 0, 0x20, 0x40];
/// let arr = proto::decode(&bytes, &Limits::default())?;
/// assert_eq!(arr.dtype(), DType::FLOAT32);
/// assert_eq!(arr.as_array::<f32>().unwrap().as_slice(), Some(&[1.0, 2.5][..]));
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) for bytes the protobuf runtime rejects
/// (`Error parsing message: ...`), for BentoML's own errors (`"<n> is invalid."`, `"Array
/// contents can only be one of given values key. ..."`) and for numpy's (a failed reshape,
/// negative dimensions); [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded) when
/// the body, the element count (values present, or what `np.empty` would allocate) or the
/// number of dimensions is over `limits`.
pub fn decode(bytes: &[u8], limits: &Limits) -> Result<DynArray> {
    decode_wire(bytes, limits).map(Decoded::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::DType;
    use crate::error::ErrorKind;
    use crate::proto::wire::tests::unhex;

    fn dec(h: &str) -> Result<DynArray> {
        decode(&unhex(h), &Limits::default())
    }

    fn i32s(a: &DynArray) -> Vec<i32> {
        a.as_array::<i32>().unwrap().iter().copied().collect()
    }

    #[test]
    fn wire_rules() {
        // packed, unpacked and mixed chunks concatenate
        assert_eq!(i32s(&dec("3a0201023803").unwrap()), [1, 2, 3]);
        // last dtype wins, explicit 0 included
        let a = dec("080108004a0109").unwrap();
        assert_eq!(a.dtype(), DType::UINT32);
        // dtype sent length-delimited is an unknown field
        assert_eq!(i32s(&dec("0a01013a0101").unwrap()), [1]);
        // float_values sent as a varint is unknown too: no values → np.empty(0)
        let a = dec("1801").unwrap();
        assert_eq!((a.dtype(), a.shape()), (DType::FLOAT64, &[0usize][..]));
        // enum and int32 keep the low 32 bits
        assert_eq!(dec("088180808010").unwrap().dtype(), DType::FLOAT32);
        assert_eq!(i32s(&dec("3a05ffffffff0f").unwrap()), [-1]);
        // unknown fields of every wire type, a nested group
        assert_eq!(
            i32s(&dec("7801a201026869ad0101020304b10100010203040506073a0105").unwrap()),
            [5]
        );
        assert_eq!(i32s(&dec("7b0b08010c7c3a0107").unwrap()), [7]);
        // bools: any non-zero varint, incl. a ten-byte one
        let b = dec("320402ff0100").unwrap();
        assert_eq!(
            b.as_array::<bool>()
                .unwrap()
                .iter()
                .copied()
                .collect::<Vec<_>>(),
            [true, true, false]
        );
    }

    #[test]
    fn rejections_are_bad_input() {
        for h in [
            "08ff",                     // truncated varint
            "1a08000000",               // length past the end
            "0001",                     // field number 0
            "0e01",                     // wire type 6
            "0f01",                     // wire type 7
            "0c",                       // end group without start
            "7b",                       // group never closed
            "7b0801",                   // group never closed
            "7b84",                     // truncated tag inside a group
            "7b0bc402",                 // end group closing another group
            "2a02fffe",                 // invalid UTF-8
            "2a03eda080",               // UTF-8 surrogate
            "2a02c0af",                 // overlong
            "1a03000000",               // packed float not a multiple of 4
            "220700000000000000",       // packed double not a multiple of 8
            "08ffffffffffffffffffff01", // eleven-byte varint
            "3a0180",                   // truncated varint inside a packed field
            "1d0000",                   // truncated fixed32
            "88808080800001",           // six-byte tag
        ] {
            let e = dec(h).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::BadInput, "{h}: {}", e.message());
            assert!(e.message().starts_with("Error parsing message"), "{h}");
        }
    }

    #[test]
    fn group_depth_follows_upb() {
        let nest = |n: usize| {
            let mut v = vec![0x7b; n];
            v.extend(std::iter::repeat_n(0x7c, n));
            v
        };
        assert!(decode(&nest(100), &Limits::default()).is_ok());
        let e = decode(&nest(101), &Limits::default()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput);
    }
}
