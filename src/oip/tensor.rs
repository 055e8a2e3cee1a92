//! One tensor's data on the wire: binary tensor data (the REST binary extension's bytes and
//! gRPC's `raw_input_contents` / `raw_output_contents`) and JSON `data`, each into and out of a
//! [`DynArray`]. Like every transport these take bytes, what the bytes cannot say (the datatype
//! and shape) and [`Limits`]; they validate nothing a descriptor decides.

use ndarray::{ArrayD, IxDyn};

use super::Datatype;
use crate::array::{ArrayData, DynArray};
use crate::dtype::{ByteOrder, DType};
use crate::error::{Error, Result};
use crate::json::{EncodeOptions, JsonStyle};
use crate::limits::Limits;

/// Binary tensor data as the protocol lays it out: little-endian, row-major, no padding;
/// `BOOL` one byte per element (any non-zero byte is true, as numpy reads it); `BYTES` each
/// element a 4-byte little-endian length and then its bytes (which must be UTF-8: the crate
/// carries text, numpy's `str`); `BF16` two bytes per element, widened exactly to float32.
///
/// Fixed-size datatypes decode with one bulk copy, as [`raw::decode`](crate::raw::decode) does.
///
/// ```
/// use ndarray_descriptor::{DType, Limits, oip::{Datatype, decode_binary}};
/// let bytes: Vec<u8> = [1.5f32, -2.0].iter().flat_map(|v| v.to_le_bytes()).collect();
/// let arr = decode_binary(&bytes, Datatype::Fp32, &[1, 2], &Limits::default())?;
/// assert_eq!((arr.dtype(), arr.shape()), (DType::FLOAT32, &[1usize, 2][..]));
/// let words = decode_binary(b"\x02\0\0\0hi\0\0\0\0", Datatype::Bytes, &[2], &Limits::default())?;
/// assert_eq!(words.dtype().str(), "<U2");
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) when the bytes do not hold the shape's
/// elements exactly (a fixed-size datatype of the wrong length; a `BYTES` length prefix past the
/// end, fewer elements than the shape, or bytes left over; an element that is not UTF-8);
/// [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded) when the shape overflows or
/// passes [`Limits::max_elements`] / [`Limits::max_ndim`], or the bytes pass
/// [`Limits::max_body_bytes`], before anything is allocated.
pub fn decode_binary(
    bytes: &[u8],
    datatype: Datatype,
    shape: &[usize],
    limits: &Limits,
) -> Result<DynArray> {
    limits.check_body(bytes.len())?;
    let n = limits.check_shape(shape)?;
    let Some(size) = datatype.itemsize() else {
        return decode_bytes(bytes, shape, n);
    };
    // `n` is bounded by `max_elements`, so this cannot overflow; checked anyway.
    let want = n.checked_mul(size);
    if want != Some(bytes.len()) {
        return Err(Error::bad_input(format!(
            "{} bytes of {datatype} data do not hold shape {shape:?} ({} bytes expected)",
            bytes.len(),
            want.map_or_else(|| "more than usize".to_string(), |w| w.to_string())
        )));
    }
    if datatype == Datatype::Bf16 {
        let values = bytes
            .chunks_exact(2)
            .map(|c| f32::from_bits(u32::from(u16::from_le_bytes([c[0], c[1]])) << 16))
            .collect();
        return Ok(DynArray::from_data(ArrayData::Float32(shaped(
            values, shape,
        )?)));
    }
    let dtype = DType::native(datatype.dtype().scalar()).with_byteorder(ByteOrder::Little);
    Ok(crate::raw::decode_shaped(bytes, dtype, shape, false)?.with_byteorder(ByteOrder::NATIVE))
}

/// `BYTES` elements: `n` length-prefixed UTF-8 strings filling `bytes` exactly.
fn decode_bytes(bytes: &[u8], shape: &[usize], n: usize) -> Result<DynArray> {
    // Every element takes at least its 4-byte prefix: a shape claiming more elements than that
    // is refused before the element list is allocated.
    if n > bytes.len() / 4 {
        return Err(Error::bad_input(format!(
            "{} bytes of BYTES data cannot hold shape {shape:?} ({n} elements of at least 4 bytes)",
            bytes.len()
        )));
    }
    // The text is at most the bytes received.
    let mut out = crate::strings::StrBuilder::with_capacity(n, bytes.len() - 4 * n);
    let mut pos = 0usize;
    for i in 0..n {
        let Some(prefix) = bytes.get(pos..pos + 4) else {
            return Err(Error::bad_input(format!(
                "BYTES element {i}: its 4-byte length prefix is past the end of the {} bytes",
                bytes.len()
            )));
        };
        let len = u32::from_le_bytes([prefix[0], prefix[1], prefix[2], prefix[3]]) as usize;
        pos += 4;
        let Some(text) = bytes.get(pos..).and_then(|rest| rest.get(..len)) else {
            return Err(Error::bad_input(format!(
                "BYTES element {i}: its length {len} is past the end of the data ({} bytes left)",
                bytes.len() - pos
            )));
        };
        let text = std::str::from_utf8(text).map_err(|e| {
            Error::bad_input(format!(
                "BYTES element {i} is not UTF-8 text (invalid byte at offset {})",
                e.valid_up_to()
            ))
        })?;
        out.push(text);
        pos += len;
    }
    if pos != bytes.len() {
        return Err(Error::bad_input(format!(
            "{} bytes of BYTES data left after the {n} elements of shape {shape:?}",
            bytes.len() - pos
        )));
    }
    let out = out
        .finish(shape)
        .map_err(|e| Error::internal(format!("OIP tensor of shape {shape:?}: {}", e.message())))?;
    Ok(DynArray::from_data(ArrayData::Str(out)))
}

fn shaped<T>(values: Vec<T>, shape: &[usize]) -> Result<ArrayD<T>> {
    ArrayD::from_shape_vec(IxDyn(shape), values)
        .map_err(|e| Error::internal(format!("OIP tensor of shape {shape:?}: {e}")))
}

/// A tensor's JSON `data` (the bytes of its value, flat or nested): numpy's `np.array(data,
/// dtype)` with the datatype's dtype (numbers convert as numpy converts them, numeric strings
/// parse, `BYTES` elements are strings), then reshaped to `shape`, whose element count it must
/// have. `BF16` has no JSON form.
///
/// ```
/// use ndarray_descriptor::{DType, Limits, oip::{Datatype, decode_json}};
/// let flat = decode_json(b"[1, 2, 3, 4]", Datatype::Int32, &[2, 2], &Limits::default())?;
/// let nested = decode_json(b"[[1, 2], [3, 4]]", Datatype::Int32, &[2, 2], &Limits::default())?;
/// assert_eq!(flat, nested);
/// assert_eq!(flat.dtype(), DType::INT32);
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
///
/// # Errors
/// Bad input for JSON that is not an array numpy can build with that dtype (numpy's messages),
/// `BF16` data, or an element count other than the shape's; limit exceeded as
/// [`json::decode`](crate::json::decode) and for the shape.
pub fn decode_json(
    data: &[u8],
    datatype: Datatype,
    shape: &[usize],
    limits: &Limits,
) -> Result<DynArray> {
    if datatype == Datatype::Bf16 {
        return Err(Error::bad_input(
            "BF16 data can only be sent as binary data (binary_data_size)",
        ));
    }
    let n = limits.check_shape(shape)?;
    let arr = crate::json::object::tensor_value(data, Some(datatype.dtype()), None, limits)?;
    if arr.shape() == shape {
        return Ok(arr);
    }
    if arr.len() != n {
        return Err(Error::bad_input(format!(
            "{datatype} data of {} elements does not match shape {shape:?} ({n} elements)",
            arr.len()
        )));
    }
    arr.into_shape(shape)
}

/// Append `arr` as binary tensor data (little-endian, row-major; `BYTES` length-prefixed UTF-8)
/// to `out`, and give its datatype.
///
/// # Errors
/// [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded) for a `BYTES` element of 4 GiB
/// or more (its length does not fit the prefix).
pub fn encode_binary(arr: &DynArray, out: &mut Vec<u8>) -> Result<Datatype> {
    let datatype = datatype_of(arr)?;
    match arr.data() {
        ArrayData::Str(a) => {
            let total = a.values().len().saturating_add(a.len().saturating_mul(4));
            out.reserve(total);
            for s in a.iter() {
                let len = u32::try_from(s.len()).map_err(|_| {
                    Error::limit_exceeded("a BYTES element of 4 GiB or more has no length prefix")
                })?;
                out.extend_from_slice(&len.to_le_bytes());
                out.extend_from_slice(s.as_bytes());
            }
        }
        _ => crate::raw::encode_into(arr, ByteOrder::Little, out)?,
    }
    Ok(datatype)
}

/// Append `arr`'s elements as a flat JSON array (the protocol's row-major `data`; floats with
/// the shortest digits that read back to the same value at the array's precision, `NaN` /
/// `Infinity` as Python writes them, strings as JSON strings) to `out`, and give its datatype.
///
/// # Errors
/// As [`json::encode_into_using`](crate::json::encode_into_using).
pub fn encode_json(arr: DynArray, out: &mut Vec<u8>) -> Result<Datatype> {
    let datatype = datatype_of(&arr)?;
    let n = arr.len();
    let flat = if arr.ndim() == 1 {
        arr
    } else {
        arr.into_shape(&[n])?
    };
    let options = EncodeOptions::new().with_style(JsonStyle::Compact);
    crate::json::encode_into_using(&flat, &options, out)?;
    Ok(datatype)
}

fn datatype_of(arr: &DynArray) -> Result<Datatype> {
    Datatype::of(arr.dtype()).ok_or_else(|| {
        Error::unsupported_dtype(format!("dtype '{}' has no OIP datatype", arr.dtype()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn lim() -> Limits {
        Limits::default()
    }

    /// One array per datatype (BF16 aside), with values at the type's edges.
    fn samples() -> Vec<(Datatype, DynArray)> {
        let d = |v: ArrayData| DynArray::from_data(v);
        let s = |v: Vec<i64>| ArrayD::from_shape_vec(IxDyn(&[2, 2]), v).unwrap();
        vec![
            (
                Datatype::Bool,
                d(ArrayData::Bool(s(vec![1, 0, 0, 1]).mapv(|v| v != 0))),
            ),
            (
                Datatype::Uint8,
                d(ArrayData::UInt8(s(vec![0, 1, 254, 255]).mapv(|v| v as u8))),
            ),
            (
                Datatype::Uint16,
                d(ArrayData::UInt16(
                    s(vec![0, 1, 2, 65535]).mapv(|v| v as u16),
                )),
            ),
            (
                Datatype::Uint32,
                d(ArrayData::UInt32(
                    s(vec![0, 1, 2, 4294967295]).mapv(|v| v as u32),
                )),
            ),
            (
                Datatype::Uint64,
                d(ArrayData::UInt64(
                    s(vec![0, 1, 2, 3]).mapv(|v| v as u64 * (u64::MAX / 3)),
                )),
            ),
            (
                Datatype::Int8,
                d(ArrayData::Int8(s(vec![-128, -1, 0, 127]).mapv(|v| v as i8))),
            ),
            (
                Datatype::Int16,
                d(ArrayData::Int16(
                    s(vec![-32768, -1, 0, 32767]).mapv(|v| v as i16),
                )),
            ),
            (
                Datatype::Int32,
                d(ArrayData::Int32(
                    s(vec![i32::MIN as i64, -1, 0, i32::MAX as i64]).mapv(|v| v as i32),
                )),
            ),
            (
                Datatype::Int64,
                d(ArrayData::Int64(s(vec![i64::MIN, -1, 0, i64::MAX]))),
            ),
            (
                Datatype::Fp16,
                d(ArrayData::Float16(
                    s(vec![1, -2, 3, 65504]).mapv(|v| half::f16::from_f64(v as f64 / 2.0)),
                )),
            ),
            (
                Datatype::Fp32,
                d(ArrayData::Float32(
                    s(vec![1, -2, 3, 4]).mapv(|v| v as f32 * 0.1),
                )),
            ),
            (
                Datatype::Fp64,
                d(ArrayData::Float64(
                    s(vec![1, -2, 3, 4]).mapv(|v| v as f64 * 0.1),
                )),
            ),
            (
                Datatype::Bytes,
                d(ArrayData::Str(
                    crate::StrArray::from_shape_iter(&[2, 2], ["", "a", "héllo", "\"[]\\"])
                        .unwrap(),
                )),
            ),
        ]
    }

    #[test]
    fn every_datatype_round_trips_in_binary() {
        for (dt, arr) in samples() {
            let mut bytes = Vec::new();
            assert_eq!(encode_binary(&arr, &mut bytes).unwrap(), dt);
            if let Some(size) = dt.itemsize() {
                assert_eq!(bytes.len(), 4 * size, "{dt}");
            }
            let back = decode_binary(&bytes, dt, &[2, 2], &lim()).unwrap();
            assert_eq!(back, arr, "{dt}");
        }
    }

    #[test]
    fn every_datatype_round_trips_in_json_flat_and_nested() {
        for (dt, arr) in samples() {
            let mut text = Vec::new();
            assert_eq!(encode_json(arr.clone(), &mut text).unwrap(), dt);
            let back = decode_json(&text, dt, &[2, 2], &lim()).unwrap();
            assert_eq!(back, arr, "{dt}: {}", String::from_utf8_lossy(&text));
            // The same elements nested as the shape.
            let nested = crate::json::encode(&arr).unwrap();
            let back = decode_json(&nested, dt, &[2, 2], &lim()).unwrap();
            assert_eq!(back, arr, "{dt} nested");
        }
    }

    #[test]
    fn binary_is_little_endian_and_bool_bytes_are_numpys() {
        let a = decode_binary(&[1, 0, 0, 1], Datatype::Int16, &[2], &lim()).unwrap();
        assert_eq!(
            a.as_array::<i16>().unwrap().as_slice(),
            Some(&[1i16, 256][..])
        );
        let b = decode_binary(&[0, 1, 2], Datatype::Bool, &[3], &lim()).unwrap();
        assert_eq!(
            b.as_array::<bool>().unwrap().as_slice(),
            Some(&[false, true, true][..])
        );
    }

    #[test]
    fn bf16_is_widened_to_float32_and_binary_only() {
        // 1.5 is 0x3fc0 in bfloat16, -2 is 0xc000.
        let a = decode_binary(&[0xc0, 0x3f, 0x00, 0xc0], Datatype::Bf16, &[2], &lim()).unwrap();
        assert_eq!(
            a.as_array::<f32>().unwrap().as_slice(),
            Some(&[1.5f32, -2.0][..])
        );
        let e = decode_json(b"[1.5]", Datatype::Bf16, &[1], &lim()).unwrap_err();
        assert_eq!(
            e.message(),
            "BF16 data can only be sent as binary data (binary_data_size)"
        );
    }

    #[test]
    fn fp16_json_numbers_round_as_numpy() {
        // np.array([0.1, 70000], dtype=float16) is [0.0999755859375, inf].
        let a = decode_json(b"[0.1, 70000]", Datatype::Fp16, &[2], &lim()).unwrap();
        let v = a.as_array::<half::f16>().unwrap();
        assert_eq!(v[[0]].to_bits(), 0x2e66);
        assert!(v[[1]].is_infinite());
    }

    #[test]
    fn wrong_sizes_are_clear_errors() {
        let e = decode_binary(&[0; 12], Datatype::Fp32, &[2, 2], &lim()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput);
        assert_eq!(
            e.message(),
            "12 bytes of FP32 data do not hold shape [2, 2] (16 bytes expected)"
        );
        let e = decode_json(b"[1, 2, 3]", Datatype::Fp32, &[2, 2], &lim()).unwrap_err();
        assert_eq!(
            e.message(),
            "FP32 data of 3 elements does not match shape [2, 2] (4 elements)"
        );
        let e = decode_binary(&[0; 8], Datatype::Fp32, &[usize::MAX, 2], &lim()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
        let e = decode_json(b"[1]", Datatype::Fp32, &[1 << 40], &lim()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
    }

    #[test]
    fn bytes_framing_errors() {
        let lim = lim();
        let cases: [(&[u8], &[usize], &str); 5] = [
            (
                b"\x05\0\0\0abc",
                &[1],
                "BYTES element 0: its length 5 is past the end of the data (3 bytes left)",
            ),
            (
                b"\x01\0\0\0a\x01\0\0",
                &[2],
                "BYTES element 1: its 4-byte length prefix is past the end of the 8 bytes",
            ),
            (
                b"\x01\0\0\0ab",
                &[1],
                "1 bytes of BYTES data left after the 1 elements of shape [1]",
            ),
            (
                b"\xff\xff\xff\xff",
                &[1],
                "BYTES element 0: its length 4294967295 is past the end of the data (0 bytes left)",
            ),
            (
                b"\0\0\0\0",
                &[1000],
                "4 bytes of BYTES data cannot hold shape [1000] (1000 elements of at least 4 bytes)",
            ),
        ];
        for (bytes, shape, msg) in cases {
            let e = decode_binary(bytes, Datatype::Bytes, shape, &lim).unwrap_err();
            assert_eq!((e.kind(), e.message()), (ErrorKind::BadInput, msg));
        }
        let e = decode_binary(b"\x01\0\0\0\xff", Datatype::Bytes, &[1], &lim).unwrap_err();
        assert_eq!(
            e.message(),
            "BYTES element 0 is not UTF-8 text (invalid byte at offset 0)"
        );
        let ok = decode_binary(b"", Datatype::Bytes, &[0, 3], &lim).unwrap();
        assert_eq!(ok.shape(), &[0, 3]);
    }
}
