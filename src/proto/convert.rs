//! `NDArray` ⇄ [`DynArray`]: a hand-written reader and writer for BentoML's
//! `bentoml.grpc.v1.NDArray` message (the same bytes in `v1alpha1`), and the
//! reference's `from_proto` / `to_proto` semantics on top of them.
//!
//! The reader does not go through prost: it accepts and rejects exactly what
//! the reference's protobuf runtime (upb, protobuf 4.25) does, copies a packed
//! `float`/`double` payload into the array in one pass, decodes packed varints
//! in one tight loop, and sizes every allocation by the bytes actually present,
//! never by a length or shape the message claims.

use ndarray::{ArrayD, IxDyn};

use super::tables::{DTYPE_UNSPECIFIED, ValuesField};
use super::{v1, v1alpha1};
use crate::array::{ArrayData, DynArray};
use crate::dtype::{DType, ScalarType};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::limits::NPY_MAXDIMS;

const WIRE_VARINT: u32 = 0;
const WIRE_FIXED64: u32 = 1;
const WIRE_LEN: u32 = 2;
const WIRE_START_GROUP: u32 = 3;
const WIRE_END_GROUP: u32 = 4;
const WIRE_FIXED32: u32 = 5;

/// upb's default recursion limit (`kUpb_WireFormat_DefaultDepthLimit`), the one Python's
/// protobuf passes: 100 nested groups parse, the 101st is an error.
const MAX_GROUP_DEPTH: usize = 100;

/// What the reference's protobuf runtime rejects. upb words every such error
/// `Error parsing message`; the detail after the colon is ours.
#[cold]
fn parse_error(what: &str, at: usize) -> Error {
    Error::bad_input(format!("Error parsing message: {what} at byte {at}"))
}

// ---------------------------------------------------------------------------------------------
// Wire primitives
// ---------------------------------------------------------------------------------------------

/// One varint, at most 10 bytes; bits past the 64th are dropped as upb drops them.
#[inline]
fn read_varint(buf: &[u8], pos: &mut usize) -> Result<u64> {
    let start = *pos;
    let mut value = 0u64;
    for i in 0..10 {
        let Some(&b) = buf.get(start + i) else {
            return Err(parse_error("truncated varint", start));
        };
        value |= u64::from(b & 0x7f) << (7 * i);
        if b < 0x80 {
            *pos = start + i + 1;
            return Ok(value);
        }
    }
    Err(parse_error("varint longer than 10 bytes", start))
}

/// Squeeze the 7-bit groups of up to eight varint bytes (little-endian in `x`) together.
#[inline(always)]
fn compact7(x: u64) -> u64 {
    let x = x & 0x7f7f_7f7f_7f7f_7f7f;
    let x = (x & 0x007f_007f_007f_007f) | ((x & 0x7f00_7f00_7f00_7f00) >> 1);
    let x = (x & 0x0000_3fff_0000_3fff) | ((x & 0x3fff_0000_3fff_0000) >> 2);
    (x & 0x0000_0000_0fff_ffff) | ((x & 0x0fff_ffff_0000_0000) >> 4)
}

/// One varint from ten readable bytes, for the packed loops: `(value, length)`, or `None`
/// for a varint longer than ten bytes.
///
/// The bytes are read as a 64-bit and a 16-bit word; the varint's last byte is the lowest
/// clear continuation bit, and the bytes past it are masked off with `x ^ (x - 1)` (all bits
/// up to the lowest set one). No branch depends on the length: in W3-like data 3- and
/// 10-byte varints alternate at random, which a byte loop or a per-length branch mispredicts.
#[inline(always)]
fn varint10(bytes: &[u8; 10]) -> Option<(u64, usize)> {
    let (head, tail) = bytes.split_at(8);
    let mut word = [0u8; 8];
    word.copy_from_slice(head);
    let lo = u64::from_le_bytes(word);
    let hi = u64::from(u16::from_le_bytes([tail[0], tail[1]]));
    let stops_lo = !lo & 0x8080_8080_8080_8080;
    let stops_hi = !hi & 0x8080;
    if (stops_lo | stops_hi) == 0 {
        return None;
    }
    // all ones when the varint runs past the first eight bytes
    let long = u64::from(stops_lo == 0).wrapping_neg();
    let kept_lo = lo & (stops_lo ^ stops_lo.wrapping_sub(1));
    let kept_hi = hi & (stops_hi ^ stops_hi.wrapping_sub(1)) & long;
    let bits = u64::from(stops_lo.trailing_zeros()) + (u64::from(stops_hi.trailing_zeros()) & long);
    let len = (bits / 8 + 1) as usize;
    // byte 9 contributes its lowest bit only: bits past the 64th are dropped, as upb does
    let value = compact7(kept_lo) | ((kept_hi & 0x7f) << 56) | ((kept_hi >> 8) << 63);
    Some((value, len))
}

/// A tag: upb reads it as a varint of at most 5 bytes whose value fits in 32 bits.
#[inline]
fn read_tag(buf: &[u8], pos: &mut usize) -> Result<(u32, u32)> {
    let start = *pos;
    if let Some(&b) = buf.get(start)
        && b < 0x80
    {
        *pos = start + 1;
        return Ok((u32::from(b >> 3), u32::from(b & 7)));
    }
    let v = read_varint(buf, pos)?;
    if *pos - start > 5 {
        return Err(parse_error("tag longer than 5 bytes", start));
    }
    let v = u32::try_from(v).map_err(|_| parse_error("tag above 32 bits", start))?;
    Ok((v >> 3, v & 7))
}

/// A length-delimited payload. upb refuses lengths of 2^31 - 1 and more, and any length that
/// runs past the end of the buffer.
#[inline]
fn read_len<'a>(buf: &'a [u8], pos: &mut usize) -> Result<&'a [u8]> {
    let start = *pos;
    let n = read_varint(buf, pos)?;
    let rest = buf.len() - *pos;
    if n >= i32::MAX as u64 || n > rest as u64 {
        return Err(parse_error("length past the end of the message", start));
    }
    let end = *pos + n as usize;
    let payload = buf
        .get(*pos..end)
        .ok_or_else(|| parse_error("length past the end of the message", start))?;
    *pos = end;
    Ok(payload)
}

#[inline]
fn read_fixed<const N: usize>(buf: &[u8], pos: &mut usize) -> Result<[u8; N]> {
    let bytes = buf
        .get(*pos..)
        .and_then(<[u8]>::first_chunk::<N>)
        .ok_or_else(|| parse_error("truncated fixed-width value", *pos))?;
    *pos += N;
    Ok(*bytes)
}

/// Skip the value of an unknown field (or of a known field sent with the wrong wire type,
/// which upb keeps as unknown). Groups are skipped without recursion.
fn skip_field(buf: &[u8], pos: &mut usize, field: u32, wire: u32, tag_at: usize) -> Result<()> {
    match wire {
        WIRE_VARINT => {
            read_varint(buf, pos)?;
        }
        WIRE_FIXED64 => {
            read_fixed::<8>(buf, pos)?;
        }
        WIRE_LEN => {
            read_len(buf, pos)?;
        }
        WIRE_FIXED32 => {
            read_fixed::<4>(buf, pos)?;
        }
        WIRE_START_GROUP => {
            if field == 0 {
                return Err(parse_error("field number 0", tag_at));
            }
            return skip_group(buf, pos, field, tag_at);
        }
        WIRE_END_GROUP => return Err(parse_error("end-group tag without a group", tag_at)),
        _ => return Err(parse_error("wire type 6 or 7", tag_at)),
    }
    if field == 0 {
        return Err(parse_error("field number 0", tag_at));
    }
    Ok(())
}

/// Skip a group opened with field number `field`: it must be closed by an end-group tag
/// with the same number (upb; protobuf's pure-Python parser is laxer), nested groups
/// included, at most [`MAX_GROUP_DEPTH`] deep.
fn skip_group(buf: &[u8], pos: &mut usize, field: u32, tag_at: usize) -> Result<()> {
    let mut open: Vec<u32> = vec![field];
    loop {
        if *pos >= buf.len() {
            return Err(parse_error("group never closed", tag_at));
        }
        let at = *pos;
        let (f, w) = read_tag(buf, pos)?;
        match w {
            WIRE_END_GROUP => {
                if open.pop() != Some(f) {
                    return Err(parse_error("end-group tag of another group", at));
                }
                if open.is_empty() {
                    return Ok(());
                }
            }
            WIRE_START_GROUP => {
                if f == 0 {
                    return Err(parse_error("field number 0", at));
                }
                if open.len() >= MAX_GROUP_DEPTH {
                    return Err(parse_error("groups nested more than 100 deep", at));
                }
                open.push(f);
            }
            _ => skip_field(buf, pos, f, w, at)?,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The NDArray message as read off the wire
// ---------------------------------------------------------------------------------------------

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

/// Refuse a repeated field growing past [`Limits::max_elements`] before it grows.
#[inline]
fn check_count(have: usize, more: usize, limits: &Limits, field: &str) -> Result<()> {
    match have.checked_add(more) {
        Some(n) if n <= limits.max_elements => Ok(()),
        _ => Err(Error::limit_exceeded(format!(
            "{field} holds more than the limit of {} elements",
            limits.max_elements
        ))),
    }
}

/// Append a packed varint payload to `out`, converting each value with `conv`.
///
/// The capacity is the number of varint-ending bytes in the payload, so it is bounded by the
/// bytes present. A payload of one-byte varints only (bools, small ints, most shapes) takes a
/// plain byte map.
#[inline]
fn packed_varints<T: Copy + Default>(
    payload: &[u8],
    out: &mut Vec<T>,
    conv: impl Fn(u64) -> T + Copy,
    limits: &Limits,
    field: &str,
    at: usize,
) -> Result<()> {
    if payload.last().is_some_and(|&b| b >= 0x80) {
        return Err(parse_error("truncated varint in a packed field", at));
    }
    // Every varint ends in exactly one byte below 0x80, and the byte after such a byte starts
    // a varint: split the payload there, near its middle, into two independent halves.
    let mid = payload.len() / 2;
    let split = payload[..mid]
        .iter()
        .rposition(|&b| b < 0x80)
        .map_or(0, |i| i + 1);
    let (front, back) = payload.split_at(split);
    let (n_front, n_back) = (count_varint_ends(front), count_varint_ends(back));
    let count = n_front + n_back;
    check_count(out.len(), count, limits, field)?;
    if count == payload.len() {
        out.reserve_exact(count);
        out.extend(payload.iter().map(|&b| conv(u64::from(b))));
        return Ok(());
    }
    let start = out.len();
    out.resize(start + count, T::default());
    let (slots_front, slots_back) = out[start..].split_at_mut(n_front);
    let too_long = || parse_error("varint longer than 10 bytes", at);
    // Decoding a varint depends on where the previous one ended; two halves decoded in
    // one loop give the CPU two independent chains to overlap.
    let (mut sf, mut sb) = (slots_front.iter_mut(), slots_back.iter_mut());
    let (mut pf, mut pb) = (0usize, 0usize);
    while let (Some(bf), Some(bb)) = (
        front.get(pf..).and_then(<[u8]>::first_chunk::<10>),
        back.get(pb..).and_then(<[u8]>::first_chunk::<10>),
    ) {
        let (Some(df), Some(db)) = (sf.next(), sb.next()) else {
            return Err(parse_error("malformed packed varints", at));
        };
        let (vf, lf) = varint10(bf).ok_or_else(too_long)?;
        let (vb, lb) = varint10(bb).ok_or_else(too_long)?;
        *df = conv(vf);
        *db = conv(vb);
        pf += lf;
        pb += lb;
    }
    for (half, slots, mut pos) in [(front, sf, pf), (back, sb, pb)] {
        let mut slots = slots;
        while let Some(bytes) = half.get(pos..).and_then(<[u8]>::first_chunk::<10>) {
            let Some(d) = slots.next() else { break };
            let (v, len) = varint10(bytes).ok_or_else(too_long)?;
            *d = conv(v);
            pos += len;
        }
        for d in slots {
            *d = conv(read_varint(half, &mut pos)?);
        }
        if pos != half.len() {
            return Err(parse_error("malformed packed varints", at));
        }
    }
    Ok(())
}

/// The number of bytes below 0x80, counted in blocks of 255 with byte-wide sums so that the
/// loop vectorizes to full-width compares.
fn count_varint_ends(payload: &[u8]) -> usize {
    payload
        .chunks(255)
        .map(|block| {
            block
                .iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(b < 0x80))) as usize
        })
        .sum()
}

/// Append a packed `float` payload: on little-endian hosts the per-element conversion is the
/// identity, so this compiles to one bulk copy.
#[inline]
fn packed_f32(payload: &[u8], out: &mut Vec<f32>, limits: &Limits, at: usize) -> Result<()> {
    let (chunks, rest) = payload.as_chunks::<4>();
    if !rest.is_empty() {
        return Err(parse_error(
            "packed float_values length is not a multiple of 4",
            at,
        ));
    }
    check_count(out.len(), chunks.len(), limits, "float_values")?;
    out.reserve_exact(chunks.len());
    out.extend(chunks.iter().map(|c| f32::from_le_bytes(*c)));
    Ok(())
}

/// [`packed_f32`] for `double`.
#[inline]
fn packed_f64(payload: &[u8], out: &mut Vec<f64>, limits: &Limits, at: usize) -> Result<()> {
    let (chunks, rest) = payload.as_chunks::<8>();
    if !rest.is_empty() {
        return Err(parse_error(
            "packed double_values length is not a multiple of 8",
            at,
        ));
    }
    check_count(out.len(), chunks.len(), limits, "double_values")?;
    out.reserve_exact(chunks.len());
    out.extend(chunks.iter().map(|c| f64::from_le_bytes(*c)));
    Ok(())
}

/// Push one unpacked value after checking the limit.
#[inline]
fn push_one<T>(out: &mut Vec<T>, v: T, limits: &Limits, field: &str) -> Result<()> {
    check_count(out.len(), 1, limits, field)?;
    out.push(v);
    Ok(())
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

impl<'a> WireMessage<'a> {
    /// Parse `buf` as upb parses an `NDArray`: packed, unpacked and chunked repeated fields
    /// concatenate, the last `dtype` wins, unknown fields (and known ones with the wrong wire
    /// type) are skipped.
    fn parse(buf: &'a [u8], limits: &Limits) -> Result<WireMessage<'a>> {
        let mut m = WireMessage::default();
        let mut pos = 0;
        while pos < buf.len() {
            let at = pos;
            let (field, wire) = read_tag(buf, &mut pos)?;
            match (field, wire) {
                (1, WIRE_VARINT) => m.dtype = low_i32(read_varint(buf, &mut pos)?),
                (2, WIRE_VARINT) => {
                    let v = low_i32(read_varint(buf, &mut pos)?);
                    push_one(&mut m.shape, v, limits, "shape")?;
                }
                (2, WIRE_LEN) => {
                    let p = read_len(buf, &mut pos)?;
                    packed_varints(p, &mut m.shape, low_i32, limits, "shape", at)?;
                }
                (3, WIRE_FIXED32) => {
                    let v = f32::from_le_bytes(read_fixed::<4>(buf, &mut pos)?);
                    push_one(&mut m.float, v, limits, "float_values")?;
                }
                (3, WIRE_LEN) => packed_f32(read_len(buf, &mut pos)?, &mut m.float, limits, at)?,
                (4, WIRE_FIXED64) => {
                    let v = f64::from_le_bytes(read_fixed::<8>(buf, &mut pos)?);
                    push_one(&mut m.double, v, limits, "double_values")?;
                }
                (4, WIRE_LEN) => packed_f64(read_len(buf, &mut pos)?, &mut m.double, limits, at)?,
                (5, WIRE_LEN) => {
                    let p = read_len(buf, &mut pos)?;
                    // upb checks UTF-8 on proto3 strings (surrogates and overlong forms fail
                    // too), exactly what `str::from_utf8` checks.
                    let s = std::str::from_utf8(p)
                        .map_err(|_| parse_error("string_values is not valid UTF-8", at))?;
                    push_one(&mut m.string, s, limits, "string_values")?;
                }
                (6, WIRE_VARINT) => {
                    let v = nonzero(read_varint(buf, &mut pos)?);
                    push_one(&mut m.boolean, v, limits, "bool_values")?;
                }
                (6, WIRE_LEN) => {
                    let p = read_len(buf, &mut pos)?;
                    packed_varints(p, &mut m.boolean, nonzero, limits, "bool_values", at)?;
                }
                (7, WIRE_VARINT) => {
                    let v = low_i32(read_varint(buf, &mut pos)?);
                    push_one(&mut m.int32, v, limits, "int32_values")?;
                }
                (7, WIRE_LEN) => {
                    let p = read_len(buf, &mut pos)?;
                    packed_varints(p, &mut m.int32, low_i32, limits, "int32_values", at)?;
                }
                (8, WIRE_VARINT) => {
                    let v = as_i64(read_varint(buf, &mut pos)?);
                    push_one(&mut m.int64, v, limits, "int64_values")?;
                }
                (8, WIRE_LEN) => {
                    let p = read_len(buf, &mut pos)?;
                    packed_varints(p, &mut m.int64, as_i64, limits, "int64_values", at)?;
                }
                (9, WIRE_VARINT) => {
                    let v = low_u32(read_varint(buf, &mut pos)?);
                    push_one(&mut m.uint32, v, limits, "uint32_values")?;
                }
                (9, WIRE_LEN) => {
                    let p = read_len(buf, &mut pos)?;
                    packed_varints(p, &mut m.uint32, low_u32, limits, "uint32_values", at)?;
                }
                (10, WIRE_VARINT) => {
                    let v = read_varint(buf, &mut pos)?;
                    push_one(&mut m.uint64, v, limits, "uint64_values")?;
                }
                (10, WIRE_LEN) => {
                    let p = read_len(buf, &mut pos)?;
                    packed_varints(p, &mut m.uint64, same_u64, limits, "uint64_values", at)?;
                }
                (f, w) => skip_field(buf, &mut pos, f, w, at)?,
            }
        }
        Ok(m)
    }
}

// ---------------------------------------------------------------------------------------------
// from_proto semantics
// ---------------------------------------------------------------------------------------------

/// What the reference's `from_proto` does with a parsed `NDArray`, independent of where the
/// fields come from (our wire reader or a prost message).
trait NdArrayFields {
    fn dtype(&self) -> i32;
    fn shape(&self) -> &[i32];
    fn is_present(&self, field: ValuesField) -> bool;
    /// The values of `field` as a 1-D array (numpy's `np.array(values, dtype)`).
    fn into_array(self, field: ValuesField) -> Result<DynArray>;
}

/// A decoded message: either an array built from a value field, or the reference's
/// `np.empty(shape)` early return, which skips the descriptor.
#[derive(Debug)]
pub(crate) enum Decoded {
    Values(DynArray),
    NoValues(DynArray),
}

impl Decoded {
    fn into_inner(self) -> DynArray {
        match self {
            Decoded::Values(a) | Decoded::NoValues(a) => a,
        }
    }
}

fn vector<T: crate::element::Element>(v: Vec<T>) -> Result<DynArray> {
    let n = v.len();
    ArrayD::from_shape_vec(IxDyn(&[n]), v)
        .map(DynArray::from)
        .map_err(|e| Error::internal(format!("building a 1-D array: {e}")))
}

/// numpy's `np.array(strings, dtype="<U")`: the width is the longest string in code points
/// (trailing NULs counted, at least 1), and reading an element back drops its trailing NULs.
fn string_vector<S: AsRef<str>>(items: &[S]) -> Result<DynArray> {
    let width = items
        .iter()
        .map(|s| s.as_ref().chars().count())
        .max()
        .unwrap_or(0)
        .max(1);
    let width = u32::try_from(width)
        .map_err(|_| Error::limit_exceeded("a string of more than 2^32 characters"))?;
    let strings: Vec<String> = items
        .iter()
        .map(|s| s.as_ref().trim_end_matches('\0').to_owned())
        .collect();
    let n = strings.len();
    let arr = ArrayD::from_shape_vec(IxDyn(&[n]), strings)
        .map_err(|e| Error::internal(format!("building a 1-D array: {e}")))?;
    Ok(DynArray::from_strings(arr, width))
}

/// numpy's limit on dimensions, then the configured one.
fn check_ndim(ndim: usize, limits: &Limits) -> Result<()> {
    if ndim > NPY_MAXDIMS {
        return Err(Error::bad_input(format!(
            "maximum supported dimension for an ndarray is currently {NPY_MAXDIMS}, found {ndim}"
        )));
    }
    if ndim > limits.max_ndim {
        return Err(Error::limit_exceeded(format!(
            "array has {ndim} dimensions, more than the limit of {}",
            limits.max_ndim
        )));
    }
    Ok(())
}

/// The reference's `np.empty(shape=field.shape or 0)` (float64): numpy's checks in numpy's
/// order (a negative dimension, then a byte size past `isize::MAX`, zeros skipped), then
/// [`Limits::max_elements`] on what numpy would allocate, then
/// [`Limits::max_unbacked_elements`]. Zero-filled, never uninitialised.
fn empty_array(shape: &[i32], limits: &Limits) -> Result<DynArray> {
    let dims: &[i32] = if shape.is_empty() { &[0] } else { shape };
    check_ndim(dims.len(), limits)?;
    let mut nbytes: isize = 8;
    let mut any_zero = false;
    for &d in dims {
        if d == 0 {
            any_zero = true;
            continue;
        }
        if d < 0 {
            return Err(Error::bad_input("negative dimensions are not allowed"));
        }
        nbytes = nbytes.checked_mul(d as isize).ok_or_else(|| {
            Error::bad_input(
                "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum \
                 possible size.",
            )
        })?;
    }
    let count = if any_zero { 0 } else { nbytes as usize / 8 };
    if count > limits.max_elements {
        return Err(Error::limit_exceeded(format!(
            "np.empty of {count} elements exceeds the limit of {} elements",
            limits.max_elements
        )));
    }
    // numpy's np.empty costs no memory until touched; zeros here do, and no byte of the
    // message backs them.
    limits.check_unbacked(count, "np.empty")?;
    let dims: Vec<usize> = dims.iter().map(|&d| d as usize).collect();
    // Fallible, so that even under `Limits::unlimited()` an 8 TB claim is an error, not an
    // abort.
    let mut zeros: Vec<f64> = Vec::new();
    zeros.try_reserve_exact(count).map_err(|_| {
        Error::limit_exceeded(format!("np.empty of {count} elements cannot be allocated"))
    })?;
    zeros.resize(count, 0.0);
    let arr = ArrayD::from_shape_vec(IxDyn(&dims), zeros)
        .map_err(|e| Error::internal(format!("np.empty: {e}")))?;
    Ok(DynArray::from(arr))
}

/// `np.reshape(array, field.shape)`: one negative entry (any negative value) is inferred;
/// a failure is numpy's `ValueError`, a bad input here.
fn reshape_to(arr: DynArray, shape: &[i32], limits: &Limits) -> Result<DynArray> {
    check_ndim(shape.len(), limits)?;
    let dims: Vec<i64> = shape.iter().map(|&d| i64::from(d)).collect();
    let target = crate::shape::reshape_target(&dims, arr.len())?;
    arr.into_shape(&target)
}

/// BentoML's `from_proto` for an `NDArray`, up to (not including) `validate_array`.
fn from_fields<F: NdArrayFields>(m: F, limits: &Limits) -> Result<Decoded> {
    let dtype = m.dtype();
    let field = if dtype == DTYPE_UNSPECIFIED {
        let present: Vec<ValuesField> = ValuesField::ALL
            .into_iter()
            .filter(|&f| m.is_present(f))
            .collect();
        match present.as_slice() {
            [] => return empty_array(m.shape(), limits).map(Decoded::NoValues),
            [one] => *one,
            many => {
                // Python's `f"...'{fieldpb}'..."` of a list: `'['a', 'b']'`.
                let names: Vec<String> = many
                    .iter()
                    .map(|f| format!("'{}'", f.field_name()))
                    .collect();
                return Err(Error::bad_input(format!(
                    "Array contents can only be one of given values key. Use one of '[{}]' \
                     instead.",
                    names.join(", ")
                )));
            }
        }
    } else {
        ValuesField::from_dtype_enum(dtype)
            .ok_or_else(|| Error::bad_input(format!("{dtype} is invalid.")))?
    };
    let shape = m.shape().to_vec();
    let arr = m.into_array(field)?;
    if shape.is_empty() {
        Ok(Decoded::Values(arr))
    } else {
        reshape_to(arr, &shape, limits).map(Decoded::Values)
    }
}

impl NdArrayFields for WireMessage<'_> {
    fn dtype(&self) -> i32 {
        self.dtype
    }
    fn shape(&self) -> &[i32] {
        &self.shape
    }
    fn is_present(&self, field: ValuesField) -> bool {
        match field {
            ValuesField::Float => !self.float.is_empty(),
            ValuesField::Double => !self.double.is_empty(),
            ValuesField::String => !self.string.is_empty(),
            ValuesField::Bool => !self.boolean.is_empty(),
            ValuesField::Int32 => !self.int32.is_empty(),
            ValuesField::Int64 => !self.int64.is_empty(),
            ValuesField::Uint32 => !self.uint32.is_empty(),
            ValuesField::Uint64 => !self.uint64.is_empty(),
        }
    }
    fn into_array(self, field: ValuesField) -> Result<DynArray> {
        match field {
            ValuesField::Float => vector(self.float),
            ValuesField::Double => vector(self.double),
            ValuesField::String => string_vector(&self.string),
            ValuesField::Bool => vector(self.boolean),
            ValuesField::Int32 => vector(self.int32),
            ValuesField::Int64 => vector(self.int64),
            ValuesField::Uint32 => vector(self.uint32),
            ValuesField::Uint64 => vector(self.uint64),
        }
    }
}

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
/// let arr = proto::decode_ndarray(&bytes, &Limits::default())?;
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
pub fn decode_ndarray(bytes: &[u8], limits: &Limits) -> Result<DynArray> {
    decode_wire(bytes, limits).map(Decoded::into_inner)
}

// ---------------------------------------------------------------------------------------------
// prost messages
// ---------------------------------------------------------------------------------------------

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

impl NdArrayFields for MessageFields<'_> {
    fn dtype(&self) -> i32 {
        self.dtype
    }
    fn shape(&self) -> &[i32] {
        self.shape
    }
    fn is_present(&self, field: ValuesField) -> bool {
        match field {
            ValuesField::Float => !self.float.is_empty(),
            ValuesField::Double => !self.double.is_empty(),
            ValuesField::String => !self.string.is_empty(),
            ValuesField::Bool => !self.boolean.is_empty(),
            ValuesField::Int32 => !self.int32.is_empty(),
            ValuesField::Int64 => !self.int64.is_empty(),
            ValuesField::Uint32 => !self.uint32.is_empty(),
            ValuesField::Uint64 => !self.uint64.is_empty(),
        }
    }
    fn into_array(self, field: ValuesField) -> Result<DynArray> {
        match field {
            ValuesField::Float => vector(self.float.to_vec()),
            ValuesField::Double => vector(self.double.to_vec()),
            ValuesField::String => string_vector(self.string),
            ValuesField::Bool => vector(self.boolean.to_vec()),
            ValuesField::Int32 => vector(self.int32.to_vec()),
            ValuesField::Int64 => vector(self.int64.to_vec()),
            ValuesField::Uint32 => vector(self.uint32.to_vec()),
            ValuesField::Uint64 => vector(self.uint64.to_vec()),
        }
    }
}

macro_rules! message_fields {
    ($msg:expr) => {{
        let m = $msg;
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
    }};
}

/// [`decode_ndarray`] for a message already decoded by prost (e.g. a tonic request's
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
/// As [`decode_ndarray`], without the parse errors.
pub fn from_message(msg: &v1::NdArray, limits: &Limits) -> Result<DynArray> {
    decode_message(msg, limits).map(Decoded::into_inner)
}

/// [`from_message`], telling a message with values from the reference's `np.empty(shape)`
/// early return.
pub(crate) fn decode_message(msg: &v1::NdArray, limits: &Limits) -> Result<Decoded> {
    check_message_counts(message_fields!(msg), limits)?;
    from_fields(message_fields!(msg), limits)
}

/// [`from_message`] for a `bentoml.grpc.v1alpha1.NDArray`.
///
/// # Errors
/// As [`from_message`].
pub fn from_message_v1alpha1(msg: &v1alpha1::NdArray, limits: &Limits) -> Result<DynArray> {
    check_message_counts(message_fields!(msg), limits)?;
    from_fields(message_fields!(msg), limits).map(Decoded::into_inner)
}

/// The element limit the wire reader applies while parsing, for a message parsed elsewhere.
fn check_message_counts(m: MessageFields<'_>, limits: &Limits) -> Result<()> {
    let lens = [
        (m.shape.len(), "shape"),
        (m.float.len(), "float_values"),
        (m.double.len(), "double_values"),
        (m.string.len(), "string_values"),
        (m.boolean.len(), "bool_values"),
        (m.int32.len(), "int32_values"),
        (m.int64.len(), "int64_values"),
        (m.uint32.len(), "uint32_values"),
        (m.uint64.len(), "uint64_values"),
    ];
    for (len, name) in lens {
        check_count(0, len, limits, name)?;
    }
    Ok(())
}

impl TryFrom<&v1::NdArray> for DynArray {
    type Error = Error;
    /// [`from_message`] with default [`Limits`].
    fn try_from(msg: &v1::NdArray) -> Result<DynArray> {
        from_message(msg, &Limits::default())
    }
}

impl TryFrom<&v1alpha1::NdArray> for DynArray {
    type Error = Error;
    /// [`from_message_v1alpha1`] with default [`Limits`].
    fn try_from(msg: &v1alpha1::NdArray) -> Result<DynArray> {
        from_message_v1alpha1(msg, &Limits::default())
    }
}

// ---------------------------------------------------------------------------------------------
// to_proto
// ---------------------------------------------------------------------------------------------

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

#[inline]
fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

#[inline]
fn varint_len(v: u64) -> usize {
    // ceil(significant bits / 7); `v | 1` so that 0 takes one byte.
    (64 - (v | 1).leading_zeros() as usize).div_ceil(7)
}

/// A packed varint field: tag, payload length, values.
fn put_packed_varints(out: &mut Vec<u8>, tag: u8, values: impl Iterator<Item = u64> + Clone) {
    let len: usize = values.clone().map(varint_len).sum();
    out.reserve(len + 11);
    out.push(tag);
    put_varint(out, len as u64);
    for v in values {
        put_varint(out, v);
    }
}

/// A packed fixed-width field whose payload is `n * W` little-endian bytes.
///
/// On little-endian hosts the payload is the elements' memory: one `memcpy` through
/// bytemuck's (safe) byte view. Big-endian hosts convert element by element.
fn put_packed_fixed<T: bytemuck::NoUninit, const W: usize>(
    out: &mut Vec<u8>,
    tag: u8,
    values: &[T],
    to_le: impl Fn(T) -> [u8; W],
) {
    let len = values.len() * W;
    out.reserve(len + 11);
    out.push(tag);
    put_varint(out, len as u64);
    if cfg!(target_endian = "little") && std::mem::size_of::<T>() == W {
        out.extend_from_slice(bytemuck::cast_slice(values));
        return;
    }
    let start = out.len();
    out.resize(start + len, 0);
    let (chunks, _) = out[start..].as_chunks_mut::<W>();
    for (dst, &v) in chunks.iter_mut().zip(values) {
        *dst = to_le(v);
    }
}

/// The elements in C order as a slice (every [`DynArray`] is C-contiguous), or a copy.
fn flat<T: Clone>(a: &ArrayD<T>) -> std::borrow::Cow<'_, [T]> {
    match a.as_slice() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(a.iter().cloned().collect()),
    }
}

/// [`encode_ndarray`] appending to `out` (e.g. a reused buffer); `out` is left unchanged on
/// error.
///
/// # Errors
/// As [`encode_ndarray`].
pub fn encode_ndarray_into(arr: &DynArray, out: &mut Vec<u8>) -> Result<()> {
    let field = response_field(arr.dtype())?;
    let shape = message_shape(arr.shape())?;
    out.push(0x08);
    put_varint(out, field.dtype_enum() as u64);
    if !shape.is_empty() {
        // int32 on the wire: sign-extended to 64 bits (never negative here).
        put_packed_varints(out, 0x12, shape.iter().map(|&d| d as i64 as u64));
    }
    if arr.is_empty() {
        return Ok(());
    }
    let tag = ((field.field_number() << 3) | WIRE_LEN) as u8;
    match arr.data() {
        ArrayData::Float32(a) => put_packed_fixed(out, tag, &flat(a), f32::to_le_bytes),
        ArrayData::Float64(a) => put_packed_fixed(out, tag, &flat(a), f64::to_le_bytes),
        ArrayData::Bool(a) => put_packed_fixed(out, tag, &flat(a), |b: bool| [u8::from(b)]),
        // A negative int32 is written sign-extended: ten bytes, as every protobuf runtime does.
        ArrayData::Int32(a) => {
            put_packed_varints(out, tag, flat(a).iter().map(|&v| i64::from(v) as u64))
        }
        ArrayData::Int64(a) => put_packed_varints(out, tag, flat(a).iter().map(|&v| v as u64)),
        ArrayData::UInt32(a) => put_packed_varints(out, tag, flat(a).iter().map(|&v| u64::from(v))),
        ArrayData::UInt64(a) => put_packed_varints(out, tag, flat(a).iter().copied()),
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
/// let bytes = proto::encode_ndarray(&arr)?;
/// assert_eq!(bytes, [0x08, 0x01, 0x12, 0x01, 0x02, 0x1a, 0x08, 0, 0, 0x80, 0x3f, 0, 0, 0x20, 0x40]);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) with BentoML's `Unsupported dtype
/// '<dtype>' for response message.` for every dtype outside the message's table: strings of
/// any width, big-endian data, int8/int16/uint8/uint16 and float16.
pub fn encode_ndarray(arr: &DynArray) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    encode_ndarray_into(arr, &mut out)?;
    Ok(out)
}

macro_rules! to_message_impl {
    ($name:ident, $module:ident, $doc:literal) => {
        #[doc = $doc]
        ///
        /// # Errors
        /// As [`encode_ndarray`].
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
     same fields and the same dtype table as [`encode_ndarray`]; prost serializes it to the \
     same bytes."
);
to_message_impl!(
    to_message_v1alpha1,
    v1alpha1,
    "[`to_message`] for `bentoml.grpc.v1alpha1.NDArray`."
);

// ---------------------------------------------------------------------------------------------
// The descriptor
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    fn dec(h: &str) -> Result<DynArray> {
        decode_ndarray(&unhex(h), &Limits::default())
    }

    fn i32s(a: &DynArray) -> Vec<i32> {
        a.as_array::<i32>().unwrap().iter().copied().collect()
    }

    #[test]
    fn varints_match_upb() {
        let mut pos = 0;
        assert_eq!(read_varint(&[0x81, 0x00], &mut pos).unwrap(), 1);
        // ten bytes, the last one's high bits dropped (mod 2^64) as upb drops them
        let ten = unhex("ffffffffffffffffff7f");
        pos = 0;
        assert_eq!(read_varint(&ten, &mut pos).unwrap(), u64::MAX);
        pos = 0;
        assert!(read_varint(&unhex("ffffffffffffffffffff01"), &mut pos).is_err());
        pos = 0;
        assert!(read_varint(&[0xff], &mut pos).is_err());
        // the word-at-a-time path agrees with the byte loop on every length
        for v in [
            0u64,
            1,
            127,
            128,
            300,
            1 << 35,
            (1 << 56) - 1,
            1 << 56,
            u64::MAX,
        ] {
            let mut buf = Vec::new();
            put_varint(&mut buf, v);
            assert_eq!(buf.len(), varint_len(v), "{v}");
            buf.extend_from_slice(&[0; 12]);
            let mut p = 0;
            assert_eq!(read_varint(&buf, &mut p).unwrap(), v);
            let ten = buf.first_chunk::<10>().unwrap();
            assert_eq!(varint10(ten), Some((v, p)));
        }
        assert_eq!(count_varint_ends(&[0x80; 1000]), 0);
        assert_eq!(count_varint_ends(&[0x7f; 1000]), 1000);
        // ten bytes whose last one carries bits past the 64th, and eleven bytes
        let wrap = unhex("ffffffffffffffffff7f");
        assert_eq!(varint10(wrap.first_chunk().unwrap()), Some((u64::MAX, 10)));
        let nine = unhex("ffffffffffffffff7f00");
        assert_eq!(
            varint10(nine.first_chunk().unwrap()),
            Some((u64::MAX >> 1, 9))
        );
        assert_eq!(varint10(&[0xff; 10]), None);
        // every length and every 10-byte window of a sample agrees with the byte loop
        let mut sample = Vec::new();
        for v in [5u64, 1 << 20, u64::MAX, 0, 1 << 62, 300, (-7i64) as u64] {
            put_varint(&mut sample, v);
        }
        sample.extend_from_slice(&[0; 10]);
        let mut p = 0;
        while p + 10 <= sample.len() {
            let mut q = p;
            let want = read_varint(&sample, &mut q).unwrap();
            assert_eq!(
                varint10(sample[p..].first_chunk().unwrap()),
                Some((want, q - p))
            );
            p = q;
        }
    }

    #[test]
    fn packed_varints_agree_with_the_byte_loop() {
        // mixed lengths (1 to 10 bytes) in every split position the two-chain loop can meet
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for n in [0usize, 1, 2, 3, 5, 9, 17, 40, 333, 5000] {
            let values: Vec<u64> = (0..n).map(|_| next() >> (next() % 64)).collect();
            let mut payload = Vec::new();
            for &v in &values {
                put_varint(&mut payload, v);
            }
            let mut got = Vec::new();
            packed_varints(&payload, &mut got, same_u64, &Limits::default(), "x", 0).unwrap();
            assert_eq!(got, values, "n = {n}");
            // appended to a field that already holds values (a second packed chunk)
            let mut twice = vec![7u64];
            packed_varints(&payload, &mut twice, same_u64, &Limits::default(), "x", 0).unwrap();
            assert_eq!(twice[1..], values[..]);
            // and every truncation of the payload is refused or decodes a prefix
            for cut in 0..payload.len().min(64) {
                let mut part = Vec::new();
                if packed_varints(
                    &payload[..cut],
                    &mut part,
                    same_u64,
                    &Limits::default(),
                    "x",
                    0,
                )
                .is_ok()
                {
                    assert_eq!(part[..], values[..part.len()]);
                }
            }
        }
        let arr = DynArray::from(
            ArrayD::from_shape_vec(
                IxDyn(&[1000]),
                (0..1000)
                    .map(|i| (next() as i64) >> (i % 64))
                    .collect::<Vec<i64>>(),
            )
            .unwrap(),
        );
        let bytes = encode_ndarray(&arr).unwrap();
        assert_eq!(decode_ndarray(&bytes, &Limits::default()).unwrap(), arr);
    }

    #[test]
    fn tags_longer_than_five_bytes_fail() {
        let mut pos = 0;
        assert_eq!(
            read_tag(&[0x88, 0x80, 0x80, 0x80, 0x00], &mut pos).unwrap(),
            (1, 0)
        );
        pos = 0;
        assert!(read_tag(&[0x88, 0x80, 0x80, 0x80, 0x80, 0x00], &mut pos).is_err());
        pos = 0;
        assert!(read_tag(&[0xff, 0xff, 0xff, 0xff, 0x1f], &mut pos).is_err());
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
        assert!(decode_ndarray(&nest(100), &Limits::default()).is_ok());
        let e = decode_ndarray(&nest(101), &Limits::default()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput);
    }

    #[test]
    fn reference_semantics() {
        let e = dec("087b2a0461736466").unwrap_err();
        assert_eq!(e.message(), "123 is invalid.");
        assert_eq!(
            dec("08ffffffffffffffffff01").unwrap_err().message(),
            "-1 is invalid."
        );
        let e = dec("220800000000000000402a0178320101").unwrap_err();
        assert_eq!(
            e.message(),
            "Array contents can only be one of given values key. Use one of \
             '['double_values', 'string_values', 'bool_values']' instead."
        );
        // dtype picks the field; values elsewhere are ignored → reshape of an empty array fails
        let e = dec("08021201021a080000803f00000040").unwrap_err();
        assert_eq!(
            e.message(),
            "cannot reshape array of size 0 into shape (2,)"
        );
        // strings: width counts trailing NULs, the values drop them
        let s = dec("2a0261002a0100").unwrap();
        assert_eq!(s.dtype().str(), "<U2");
        let v: Vec<&str> = s
            .as_array::<String>()
            .unwrap()
            .iter()
            .map(String::as_str)
            .collect();
        assert_eq!(v, ["a", ""]);
        assert_eq!(dec("0808").unwrap().dtype().str(), "<U1");
        // np.empty path
        let a = dec("12020003").unwrap();
        assert_eq!((a.dtype(), a.shape()), (DType::FLOAT64, &[0usize, 3][..]));
        let e = dec("120bffffffffffffffffff0102").unwrap_err();
        assert_eq!(e.message(), "negative dimensions are not allowed");
    }

    #[test]
    fn hostile_claims_do_not_allocate() {
        // shape [1000000, 1000000] claims 10^12 elements with no values
        let e = dec("1206c0843dc0843d").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
        // …and with 8 bytes of data, the reshape fails on the count actually present
        let e = dec("08021206c0843dc0843d22080000000000000000").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput);
        // a limit on elements applies while parsing
        let small = Limits::default().with_max_elements(2);
        let e = decode_ndarray(&unhex("3a03010203"), &small).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
        // 65 dimensions
        let mut m = vec![0x12, 65];
        m.extend([1u8; 65]);
        m.extend(unhex("3a0101"));
        assert_eq!(
            decode_ndarray(&m, &Limits::default()).unwrap_err().kind(),
            ErrorKind::BadInput
        );
    }

    #[test]
    fn encode_matches_reference_bytes() {
        let a = DynArray::from(
            ArrayD::from_shape_vec(IxDyn(&[4]), vec![0i32, -1, i32::MAX, i32::MIN]).unwrap(),
        );
        assert_eq!(
            hex(&encode_ndarray(&a).unwrap()),
            "08041201043a1a00ffffffffffffffffff01ffffffff0780808080f8ffffffff01"
        );
        let zero_d = DynArray::from(ArrayD::from_elem(IxDyn(&[]), 1.5f64));
        assert_eq!(
            hex(&encode_ndarray(&zero_d).unwrap()),
            "08022208000000000000f83f"
        );
        let empty = DynArray::from(ArrayD::<u64>::zeros(IxDyn(&[0, 3])));
        assert_eq!(hex(&encode_ndarray(&empty).unwrap()), "080712020003");
        let s = DynArray::from(ArrayD::from_elem(IxDyn(&[1]), "ab".to_string()));
        let mut out = vec![9];
        let e = encode_ndarray_into(&s, &mut out).unwrap_err();
        assert_eq!(e.message(), "Unsupported dtype '<U2' for response message.");
        assert_eq!(out, [9]);
        let be = DynArray::from(ArrayD::<f32>::zeros(IxDyn(&[1])))
            .with_byteorder(crate::dtype::ByteOrder::Big);
        assert_eq!(
            encode_ndarray(&be).unwrap_err().message(),
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
        let bytes = encode_ndarray(&a).unwrap();
        assert_eq!(decode_ndarray(&bytes, &Limits::default()).unwrap(), a);
        let msg = to_message(&a).unwrap();
        assert_eq!(msg.encode_to_vec(), bytes);
        assert_eq!(DynArray::try_from(&msg).unwrap(), a);
        let alpha = to_message_v1alpha1(&a).unwrap();
        assert_eq!(alpha.encode_to_vec(), bytes);
        assert_eq!(DynArray::try_from(&alpha).unwrap(), a);
        let ints =
            DynArray::from(ArrayD::from_shape_vec(IxDyn(&[3]), vec![-5i64, 0, i64::MAX]).unwrap());
        let bytes = encode_ndarray(&ints).unwrap();
        assert_eq!(to_message(&ints).unwrap().encode_to_vec(), bytes);
        assert_eq!(decode_ndarray(&bytes, &Limits::default()).unwrap(), ints);
    }
}
