//! The raw `serialized_bytes` transport: numpy's `frombuffer` and `tobytes`.
//!
//! BentoML's `NumpyNdarray.from_proto` reads the protobuf `serialized_bytes` field with
//! `np.frombuffer(bytes, dtype=descriptor_dtype)`: a flat array of the descriptor's dtype in the
//! dtype's byte order, which `validate` then reshapes. [`decode`] is that `frombuffer`,
//! [`encode`] is `arr.tobytes()` in a chosen byte order, and
//! [`NumpyNdarray::from_serialized_bytes`] is the whole reference path.
//!
//! Numeric payloads decode in one pass over the bytes that compiles to a bulk copy (a bulk byte
//! swap for the other byte order), and native-order arrays encode with one `memcpy`:
//! `benches/raw.rs` measured both at `memcpy` speed on the W1 payload (3,136,000 bytes of
//! float32). [`view`] borrows an aligned native-order payload without copying at all.
//!
//! ```
//! use ndarray_descriptor::{raw, ByteOrder, DType, Limits};
//! let be = DType::parse(">f4")?;
//! let arr = raw::decode(&[0x3f, 0xc0, 0, 0], be, &Limits::default())?;
//! assert_eq!(arr.dtype().str(), ">f4"); // numpy keeps the byte order label
//! assert_eq!(arr.as_array::<f32>().unwrap()[[0]], 1.5); // the value is native
//! assert_eq!(raw::encode(&arr, ByteOrder::Little)?, 1.5f32.to_le_bytes());
//! # Ok::<_, ndarray_descriptor::Error>(())
//! ```
//!
//! [`NumpyNdarray::from_serialized_bytes`]: crate::NumpyNdarray::from_serialized_bytes

use half::f16;
use ndarray::{ArrayD, ArrayView1, IxDyn, ShapeBuilder};

use crate::array::{ArrayData, DynArray};
use crate::dtype::{ByteOrder, DType, ScalarType};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::strings::{StrArray, StrBuilder};

/// The media type BentoML-style HTTP layers use for raw element bytes (numpy `tobytes()`).
pub const MEDIA_TYPE: &str = "application/octet-stream";

/// numpy `frombuffer(bytes, dtype)`: the payload as a flat 1-D array of `dtype`.
///
/// The dtype's byte order is honoured: a `>f4` payload is byte-swapped into native values and
/// the array keeps the `>f4` label (numpy does the same: `frombuffer(b, '>f4').dtype` is
/// `>f4`). Bool bytes other than `0`/`1` read as `true`; unicode (`<U n`) elements are UCS-4
/// code units with trailing NULs dropped, as numpy drops them when it reads an element.
///
/// # Errors
/// - [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) `buffer size must be a multiple of
///   element size` when the length does not divide by the item size. The reference lets numpy's
///   `ValueError` escape there (HTTP 500); here it is a 400, as the client sent it.
/// - bad input `itemsize cannot be zero in type` for the unsized `str` dtype (numpy's message).
/// - bad input for a unicode code unit that is not a Unicode scalar value (above `0x10FFFF`, or
///   a surrogate). numpy decodes those and fails only when the element is read (WIRE §5.9).
/// - [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded) when the payload is over
///   [`Limits::max_body_bytes`] or the element count over [`Limits::max_elements`], checked
///   before anything is allocated.
pub fn decode(bytes: &[u8], dtype: DType, limits: &Limits) -> Result<DynArray> {
    limits.check_body(bytes.len())?;
    let itemsize = dtype.itemsize();
    if itemsize == 0 {
        return Err(Error::bad_input("itemsize cannot be zero in type"));
    }
    if !bytes.len().is_multiple_of(itemsize) {
        return Err(Error::bad_input(
            "buffer size must be a multiple of element size",
        ));
    }
    let n = bytes.len() / itemsize;
    limits.check_shape(&[n])?;
    decode_shaped(bytes, dtype, &[n], false)
}

/// Decode `bytes`, which must hold exactly `product(shape) * dtype.itemsize()` bytes, into an
/// array of `shape`; `fortran` says the bytes are in Fortran (column-major) order, and the result
/// is made C order. Shared by the `.npy` reader, whose payload is this same layout.
pub(crate) fn decode_shaped(
    bytes: &[u8],
    dtype: DType,
    shape: &[usize],
    fortran: bool,
) -> Result<DynArray> {
    let order = dtype.order();
    let data = match dtype.scalar() {
        // numpy reads any non-zero byte as True.
        ScalarType::Bool => ArrayData::Bool(shaped(
            bytes.iter().map(|&b| b != 0).collect(),
            shape,
            fortran,
        )?),
        ScalarType::Int8 => ArrayData::Int8(shaped(
            bytes.iter().map(|&b| i8::from_ne_bytes([b])).collect(),
            shape,
            fortran,
        )?),
        ScalarType::UInt8 => ArrayData::UInt8(shaped(bytes.to_vec(), shape, fortran)?),
        ScalarType::Int16 => ArrayData::Int16(shaped(
            numbers(bytes, order, i16::from_le_bytes, i16::from_be_bytes),
            shape,
            fortran,
        )?),
        ScalarType::Int32 => ArrayData::Int32(shaped(
            numbers(bytes, order, i32::from_le_bytes, i32::from_be_bytes),
            shape,
            fortran,
        )?),
        ScalarType::Int64 => ArrayData::Int64(shaped(
            numbers(bytes, order, i64::from_le_bytes, i64::from_be_bytes),
            shape,
            fortran,
        )?),
        ScalarType::UInt16 => ArrayData::UInt16(shaped(
            numbers(bytes, order, u16::from_le_bytes, u16::from_be_bytes),
            shape,
            fortran,
        )?),
        ScalarType::UInt32 => ArrayData::UInt32(shaped(
            numbers(bytes, order, u32::from_le_bytes, u32::from_be_bytes),
            shape,
            fortran,
        )?),
        ScalarType::UInt64 => ArrayData::UInt64(shaped(
            numbers(bytes, order, u64::from_le_bytes, u64::from_be_bytes),
            shape,
            fortran,
        )?),
        ScalarType::Float16 => ArrayData::Float16(shaped(
            numbers(bytes, order, f16::from_le_bytes, f16::from_be_bytes),
            shape,
            fortran,
        )?),
        ScalarType::Float32 => ArrayData::Float32(shaped(
            numbers(bytes, order, f32::from_le_bytes, f32::from_be_bytes),
            shape,
            fortran,
        )?),
        ScalarType::Float64 => ArrayData::Float64(shaped(
            numbers(bytes, order, f64::from_le_bytes, f64::from_be_bytes),
            shape,
            fortran,
        )?),
        ScalarType::Str => {
            let s = strings(bytes, order, dtype.width() as usize)?.finish(shape)?;
            ArrayData::Str(if fortran { s.fortran_to_c()? } else { s })
        }
    };
    Ok(DynArray::with_dtype(data, dtype)?.with_byteorder(order))
}

/// One pass of fixed-size conversions. `as_chunks` hands out `[u8; N]` by value, so the loop
/// has no bounds checks or length checks left and LLVM turns the native-order case into a
/// `memcpy`-speed copy (and the swapped case into vector byte shuffles).
#[inline]
fn numbers<T, const N: usize>(
    bytes: &[u8],
    order: ByteOrder,
    le: impl Fn([u8; N]) -> T,
    be: impl Fn([u8; N]) -> T,
) -> Vec<T> {
    let (chunks, _) = bytes.as_chunks::<N>();
    match order {
        ByteOrder::Little => chunks.iter().map(|&c| le(c)).collect(),
        ByteOrder::Big => chunks.iter().map(|&c| be(c)).collect(),
    }
}

/// UCS-4 elements of `width` code units each. numpy drops trailing NULs when it reads an
/// element but keeps inner ones (`"a\0b"`).
/// UCS-4 elements of `width` code units into one UTF-8 buffer, trailing NULs dropped. The
/// text is at most the bytes' size (4 bytes per code unit, at most 4 of UTF-8 per char).
fn strings(bytes: &[u8], order: ByteOrder, width: usize) -> Result<StrBuilder> {
    let itemsize = width.saturating_mul(4);
    if itemsize == 0 {
        return Err(Error::bad_input("itemsize cannot be zero in type"));
    }
    let n = bytes.len() / itemsize;
    // One byte per code unit (ASCII) is the usual text; it grows from there if needed.
    let mut out = StrBuilder::with_capacity(n, bytes.len() / 4);
    let unit = |u: [u8; 4]| match order {
        ByteOrder::Little => u32::from_le_bytes(u),
        ByteOrder::Big => u32::from_be_bytes(u),
    };
    for (i, elem) in bytes.chunks_exact(itemsize).enumerate() {
        let (units, _) = elem.as_chunks::<4>();
        let end = units
            .iter()
            .rposition(|&u| u != [0; 4])
            .map_or(0, |p| p + 1);
        for &u in &units[..end] {
            let u = unit(u);
            let c = char::from_u32(u).ok_or_else(|| {
                Error::bad_input(format!(
                    "unicode element {i} holds code unit 0x{u:X}, which is not a \
                     Unicode scalar value"
                ))
            })?;
            out.values.push(c);
        }
        out.end();
    }
    Ok(out)
}

fn shaped<T>(v: Vec<T>, shape: &[usize], fortran: bool) -> Result<ArrayD<T>> {
    let len = v.len();
    let r = if fortran {
        ArrayD::from_shape_vec(IxDyn(shape).f(), v)
    } else {
        ArrayD::from_shape_vec(IxDyn(shape), v)
    };
    r.map_err(|e| Error::internal(format!("{len} elements do not fill shape {shape:?}: {e}")))
}

/// Element types that can be viewed in place over a byte buffer: the numeric types, whose
/// every bit pattern is a valid value. `bool` is not one (a byte `2` is not a Rust `bool`; numpy
/// reads it as `True`, so bool payloads must be decoded), nor `String`.
///
/// Sealed; the cast is `bytemuck`'s checked one, so no `unsafe` is involved.
pub trait Plain: crate::Element + Copy + plain::Sealed {}

mod plain {
    /// Seals [`Plain`](super::Plain) and keeps `bytemuck` out of the public API.
    pub trait Sealed: Sized {
        fn cast(bytes: &[u8]) -> Option<&[Self]>;
        fn as_bytes(values: &[Self]) -> &[u8];
    }
}

macro_rules! plain {
    ($($t:ty),*) => {$(
        impl plain::Sealed for $t {
            #[inline]
            fn cast(bytes: &[u8]) -> Option<&[Self]> {
                bytemuck::try_cast_slice(bytes).ok()
            }
            #[inline]
            fn as_bytes(values: &[Self]) -> &[u8] {
                bytemuck::cast_slice(values)
            }
        }
        impl Plain for $t {}
    )*};
}
plain!(i8, i16, i32, i64, u8, u16, u32, u64, f16, f32, f64);

/// A zero-copy 1-D view of `bytes` as `dtype` elements, when that is possible without a copy:
/// `T` is `dtype`'s element type, `dtype` is in the host's byte order, `bytes` is aligned for
/// `T` and its length a multiple of the item size. `None` otherwise — then [`decode`] copies
/// (at `memcpy` speed for native-order payloads).
///
/// Unlike [`decode`] this borrows the request buffer, so a handler that only reads the input
/// never copies it.
///
/// ```
/// use ndarray_descriptor::{raw, DType};
/// let values = [1.5f32, -2.0, 0.25];
/// let bytes: Vec<u8> = values.iter().flat_map(|x| x.to_ne_bytes()).collect();
/// // A Vec<u8> is not guaranteed 4-byte aligned, so the view may be refused; decode never is.
/// if let Some(v) = raw::view::<f32>(&bytes, DType::FLOAT32) {
///     assert_eq!(v.as_slice().unwrap(), &values);
/// }
/// assert!(raw::view::<f64>(&bytes, DType::FLOAT32).is_none()); // wrong element type
/// ```
pub fn view<T: Plain>(bytes: &[u8], dtype: DType) -> Option<ArrayView1<'_, T>> {
    if dtype.scalar() != T::SCALAR || !dtype.is_native() {
        return None;
    }
    T::cast(bytes).map(ArrayView1::from)
}

/// numpy `arr.astype(arr.dtype.newbyteorder(order)).tobytes()`: the elements in C order, each
/// in `order`; strings as UCS-4 code units of the array's width, NUL-padded.
///
/// # Errors
/// [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded) if the byte length overflows
/// `usize` (only possible for absurdly wide string arrays).
pub fn encode(arr: &DynArray, order: ByteOrder) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    encode_into(arr, order, &mut out)?;
    Ok(out)
}

/// [`encode`], appending to `out` (reuse one buffer across calls to skip the allocation).
///
/// # Errors
/// As [`encode`].
pub fn encode_into(arr: &DynArray, order: ByteOrder, out: &mut Vec<u8>) -> Result<()> {
    match arr.data() {
        ArrayData::Bool(a) => put(out, a, |b| [u8::from(b)]),
        ArrayData::Int8(a) => put_plain(out, a, order, i8::to_le_bytes, i8::to_be_bytes),
        ArrayData::UInt8(a) => put_plain(out, a, order, u8::to_le_bytes, u8::to_be_bytes),
        ArrayData::Int16(a) => put_plain(out, a, order, i16::to_le_bytes, i16::to_be_bytes),
        ArrayData::Int32(a) => put_plain(out, a, order, i32::to_le_bytes, i32::to_be_bytes),
        ArrayData::Int64(a) => put_plain(out, a, order, i64::to_le_bytes, i64::to_be_bytes),
        ArrayData::UInt16(a) => put_plain(out, a, order, u16::to_le_bytes, u16::to_be_bytes),
        ArrayData::UInt32(a) => put_plain(out, a, order, u32::to_le_bytes, u32::to_be_bytes),
        ArrayData::UInt64(a) => put_plain(out, a, order, u64::to_le_bytes, u64::to_be_bytes),
        ArrayData::Float16(a) => put_plain(out, a, order, f16::to_le_bytes, f16::to_be_bytes),
        ArrayData::Float32(a) => put_plain(out, a, order, f32::to_le_bytes, f32::to_be_bytes),
        ArrayData::Float64(a) => put_plain(out, a, order, f64::to_le_bytes, f64::to_be_bytes),
        // A DynArray's width is at least 1; `max` keeps the bytes in step with the `<U1` that
        // numpy (and the npy header) would name a zero width.
        ArrayData::Str(a) => {
            return put_strings(out, a, arr.dtype().width().max(1) as usize, order);
        }
    }
    Ok(())
}

/// Native byte order and C-contiguous storage: the bytes are the elements' memory, appended
/// with one `memcpy` (bytemuck's checked cast, no `unsafe`). Otherwise convert element-wise.
#[inline]
fn put_plain<T: Plain, const N: usize>(
    out: &mut Vec<u8>,
    a: &ArrayD<T>,
    order: ByteOrder,
    le: impl Fn(T) -> [u8; N],
    be: impl Fn(T) -> [u8; N],
) {
    match (order.is_native(), a.as_slice()) {
        (true, Some(s)) => out.extend_from_slice(T::as_bytes(s)),
        _ if order == ByteOrder::Little => put(out, a, le),
        _ => put(out, a, be),
    }
}

/// Convert through a small stack block that stays in L1 and append each block with one
/// `extend_from_slice`: no per-element capacity checks and no zero-fill of the output (a
/// resize-then-fill version measured about half as fast in `benches/raw.rs`, the zeroing pass
/// costing as much as the copy).
#[inline]
fn put<T: Copy, const N: usize>(out: &mut Vec<u8>, a: &ArrayD<T>, f: impl Fn(T) -> [u8; N]) {
    const BLOCK: usize = 1024;
    out.reserve(a.len() * N);
    match a.as_slice() {
        Some(s) => {
            let mut buf = [[0u8; N]; BLOCK];
            for chunk in s.chunks(BLOCK) {
                let dst = &mut buf[..chunk.len()];
                dst.iter_mut().zip(chunk).for_each(|(d, &x)| *d = f(x));
                out.extend_from_slice(dst.as_flattened());
            }
        }
        // DynArray keeps C order, so this is only a fallback.
        None => a.iter().for_each(|&x| out.extend_from_slice(&f(x))),
    }
}

fn put_strings(out: &mut Vec<u8>, a: &StrArray, width: usize, order: ByteOrder) -> Result<()> {
    let total = a
        .len()
        .checked_mul(width)
        .and_then(|n| n.checked_mul(4))
        .ok_or_else(|| {
            Error::limit_exceeded(format!(
                "{} strings of width {width} overflow the byte count",
                a.len()
            ))
        })?;
    out.reserve(total);
    for s in a.iter() {
        let mut used = 0;
        // A DynArray's strings never exceed its width; `take` keeps that true for any caller.
        for c in s.chars().take(width) {
            let u = u32::from(c);
            out.extend_from_slice(&match order {
                ByteOrder::Little => u.to_le_bytes(),
                ByteOrder::Big => u.to_be_bytes(),
            });
            used += 1;
        }
        out.resize(out.len() + (width - used) * 4, 0);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn dt(s: &str) -> DType {
        DType::parse(s).unwrap()
    }

    fn dec(bytes: &[u8], s: &str) -> Result<DynArray> {
        decode(bytes, dt(s), &Limits::default())
    }

    #[test]
    fn byte_orders() {
        let be = dec(&[0x3f, 0xc0, 0, 0, 0xc0, 0, 0, 0], ">f4").unwrap();
        assert_eq!(be.dtype().str(), ">f4");
        assert_eq!(
            be.as_array::<f32>().unwrap().as_slice().unwrap(),
            &[1.5, -2.0]
        );
        let le = dec(&[0, 0, 0xc0, 0x3f], "<f4").unwrap();
        assert_eq!(le.dtype().str(), "<f4");
        assert_eq!(le.as_array::<f32>().unwrap()[[0]], 1.5);
        let u = dec(&[0, 1, 1, 2], ">u2").unwrap();
        assert_eq!(u.as_array::<u16>().unwrap().as_slice().unwrap(), &[1, 258]);
        // `>i1` is plain int8 in numpy.
        assert_eq!(dec(&[0xff], ">i1").unwrap().dtype().str(), "|i1");
        assert_eq!(
            encode(&be, ByteOrder::Big).unwrap(),
            [0x3f, 0xc0, 0, 0, 0xc0, 0, 0, 0]
        );
        assert_eq!(
            encode(&be, ByteOrder::Little).unwrap(),
            [0, 0, 0xc0, 0x3f, 0, 0, 0, 0xc0]
        );
    }

    #[test]
    fn bools_and_halves() {
        let b = dec(&[0, 1, 2, 0xff, 0x80], "bool").unwrap();
        assert_eq!(
            b.as_array::<bool>().unwrap().as_slice().unwrap(),
            &[false, true, true, true, true]
        );
        assert_eq!(encode(&b, ByteOrder::Little).unwrap(), [0, 1, 1, 1, 1]);
        let h = dec(&[0x00, 0x3e, 0x00, 0xc0], "float16").unwrap();
        let v: Vec<f32> = h
            .as_array::<f16>()
            .unwrap()
            .iter()
            .map(|x| x.to_f32())
            .collect();
        assert_eq!(v, [1.5, -2.0]);
        let hb = dec(&[0x3e, 0x00], ">f2").unwrap();
        assert_eq!(hb.as_array::<f16>().unwrap()[[0]].to_f32(), 1.5);
    }

    #[test]
    fn bad_lengths_and_unsized_str() {
        let e = dec(&[0; 5], "float32").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput);
        assert_eq!(
            e.message(),
            "buffer size must be a multiple of element size"
        );
        let e = dec(&[0x61, 0, 0, 0], "str").unwrap_err();
        assert_eq!(e.message(), "itemsize cannot be zero in type");
        // numpy fails on itemsize 0 whatever the length, empty included.
        assert!(dec(&[], "str").is_err());
        assert_eq!(dec(&[], "float32").unwrap().shape(), &[0]);
    }

    #[test]
    fn limits_checked_before_allocating() {
        let limits = Limits::default().with_max_elements(3);
        let e = decode(&[0; 16], DType::FLOAT32, &limits).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
        assert!(decode(&[0; 12], DType::FLOAT32, &limits).is_ok());
    }

    #[test]
    fn unicode_elements() {
        let a = dec(
            &[0x68, 0, 0, 0, 0xe9, 0, 0, 0, 0x61, 0, 0, 0, 0, 0, 0, 0],
            "<U2",
        )
        .unwrap();
        assert_eq!(a.dtype().str(), "<U2");
        let s = a.as_strings().unwrap();
        assert_eq!(s.iter().collect::<Vec<_>>(), ["hé", "a"]);
        assert_eq!(
            encode(&a, ByteOrder::Little).unwrap(),
            [0x68, 0, 0, 0, 0xe9, 0, 0, 0, 0x61, 0, 0, 0, 0, 0, 0, 0]
        );
        // Inner NULs stay, trailing ones go.
        let n = dec(&[0x61, 0, 0, 0, 0, 0, 0, 0, 0x62, 0, 0, 0], "<U3").unwrap();
        assert_eq!(&n.as_strings().unwrap()[[0]], "a\0b");
        let t = dec(&[0, 0, 0, 0x61, 0, 0, 0, 0], ">U2").unwrap();
        assert_eq!(&t.as_strings().unwrap()[[0]], "a");
        assert_eq!(t.dtype().str(), ">U2");
        for bad in [[0x00, 0x00, 0x11, 0x00], [0x00, 0xd8, 0x00, 0x00]] {
            let e = dec(&bad, "<U1").unwrap_err();
            assert_eq!(e.kind(), ErrorKind::BadInput, "{}", e.message());
        }
    }

    #[test]
    fn views_borrow_aligned_native_buffers() {
        let backing: Vec<u32> = vec![0x3fc0_0000, 0xc000_0000, 0];
        // u32-backed storage is 4-byte aligned.
        let aligned: &[u8] = bytemuck::cast_slice(&backing);
        let copy = dec(aligned, "float32").unwrap();
        let v = view::<f32>(aligned, DType::FLOAT32).unwrap();
        assert_eq!(v.into_dyn(), copy.as_array::<f32>().unwrap().view());
        assert!(view::<f32>(&aligned[1..], DType::FLOAT32).is_none()); // misaligned
        assert!(view::<f32>(aligned, DType::FLOAT32.with_byteorder(ByteOrder::Big)).is_none());
        assert!(view::<i32>(aligned, DType::FLOAT32).is_none());
        assert!(view::<f32>(&aligned[..5], DType::FLOAT32).is_none());
        let u = view::<u8>(&aligned[1..4], DType::UINT8).unwrap();
        assert_eq!(u.len(), 3);
    }

    #[test]
    fn fortran_order_is_made_c_order() {
        let bytes: Vec<u8> = (0u8..6).collect();
        let a = decode_shaped(&bytes, DType::UINT8, &[2, 3], true).unwrap();
        let v: Vec<u8> = a.as_array::<u8>().unwrap().iter().copied().collect();
        assert_eq!(v, [0, 2, 4, 1, 3, 5]);
        assert!(a.as_array::<u8>().unwrap().is_standard_layout());
    }

    #[test]
    fn every_dtype_round_trips_in_both_orders() {
        let bytes: Vec<u8> = (0u8..48).map(|b| b.wrapping_mul(37)).collect();
        for s in ScalarType::ALL {
            if s == ScalarType::Str || s == ScalarType::Bool {
                continue;
            }
            for order in [ByteOrder::Little, ByteOrder::Big] {
                let d = DType::new(s, order, 0);
                let a = decode(&bytes, d, &Limits::default()).unwrap();
                assert_eq!(a.dtype(), d);
                assert_eq!(encode(&a, order).unwrap(), bytes, "{d}");
            }
        }
    }
}
