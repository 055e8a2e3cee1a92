//! Protobuf wire primitives, nothing `NDArray`-specific: varints, tags, length-delimited
//! payloads, fixed-width values, skipping unknown fields and groups, and packed runs, read
//! with the reference protobuf runtime's (upb's) rules and written as every runtime writes
//! them. Repeated fields are checked against [`Limits::max_elements`] before they grow.

use super::tables::{
    WIRE_END_GROUP, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_START_GROUP, WIRE_VARINT,
};
use crate::error::{Error, Result};
use crate::limits::Limits;

/// upb's default recursion limit (`kUpb_WireFormat_DefaultDepthLimit`), the one Python's
/// protobuf passes: 100 nested groups parse, the 101st is an error.
const MAX_GROUP_DEPTH: usize = 100;

/// What the reference's protobuf runtime rejects. upb words every such error
/// `Error parsing message`; the detail after the colon is ours.
#[cold]
pub(super) fn parse_error(what: &str, at: usize) -> Error {
    Error::bad_input(format!("Error parsing message: {what} at byte {at}"))
}

/// One varint, at most 10 bytes; bits past the 64th are dropped as upb drops them.
#[inline]
pub(super) fn read_varint(buf: &[u8], pos: &mut usize) -> Result<u64> {
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
pub(super) fn read_tag(buf: &[u8], pos: &mut usize) -> Result<(u32, u32)> {
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
pub(super) fn read_len<'a>(buf: &'a [u8], pos: &mut usize) -> Result<&'a [u8]> {
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
pub(super) fn read_fixed<const N: usize>(buf: &[u8], pos: &mut usize) -> Result<[u8; N]> {
    let bytes = buf
        .get(*pos..)
        .and_then(<[u8]>::first_chunk::<N>)
        .ok_or_else(|| parse_error("truncated fixed-width value", *pos))?;
    *pos += N;
    Ok(*bytes)
}

/// Skip the value of an unknown field (or of a known field sent with the wrong wire type,
/// which upb keeps as unknown). Groups are skipped without recursion.
pub(super) fn skip_field(
    buf: &[u8],
    pos: &mut usize,
    field: u32,
    wire: u32,
    tag_at: usize,
) -> Result<()> {
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

/// Refuse a repeated field growing past [`Limits::max_elements`] before it grows.
#[inline]
pub(super) fn check_count(have: usize, more: usize, limits: &Limits, field: &str) -> Result<()> {
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
pub(super) fn packed_varints<T: Copy + Default>(
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

/// Append a packed fixed-width payload of `N`-byte little-endian elements (`float` with
/// `N = 4`, `double` with `N = 8`): on little-endian hosts the per-element conversion is the
/// identity, so this compiles to one bulk copy.
#[inline]
pub(super) fn packed_fixed<T, const N: usize>(
    payload: &[u8],
    out: &mut Vec<T>,
    from_le: impl Fn([u8; N]) -> T,
    limits: &Limits,
    field: &str,
    at: usize,
) -> Result<()> {
    let (chunks, rest) = payload.as_chunks::<N>();
    if !rest.is_empty() {
        return Err(parse_error(
            &format!("packed {field} length is not a multiple of {N}"),
            at,
        ));
    }
    check_count(out.len(), chunks.len(), limits, field)?;
    out.reserve_exact(chunks.len());
    out.extend(chunks.iter().map(|c| from_le(*c)));
    Ok(())
}

/// Push one unpacked value after checking the limit.
#[inline]
pub(super) fn push_one<T>(out: &mut Vec<T>, v: T, limits: &Limits, field: &str) -> Result<()> {
    check_count(out.len(), 1, limits, field)?;
    out.push(v);
    Ok(())
}

#[inline]
pub(super) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
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

/// A tag: the field number and the wire type, one varint.
#[inline]
pub(super) fn put_tag(out: &mut Vec<u8>, field: u32, wire: u32) {
    put_varint(out, u64::from((field << 3) | wire));
}

/// A packed varint field: tag, payload length, values.
pub(super) fn put_packed_varints(
    out: &mut Vec<u8>,
    field: u32,
    values: impl Iterator<Item = u64> + Clone,
) {
    let len: usize = values.clone().map(varint_len).sum();
    out.reserve(len + 11);
    put_tag(out, field, WIRE_LEN);
    put_varint(out, len as u64);
    for v in values {
        put_varint(out, v);
    }
}

/// A packed fixed-width field whose payload is `n * W` little-endian bytes.
///
/// On little-endian hosts the payload is the elements' memory: one `memcpy` through
/// bytemuck's (safe) byte view. Big-endian hosts convert element by element.
pub(super) fn put_packed_fixed<T: bytemuck::NoUninit, const W: usize>(
    out: &mut Vec<u8>,
    field: u32,
    values: &[T],
    to_le: impl Fn(T) -> [u8; W],
) {
    let len = values.len() * W;
    out.reserve(len + 11);
    put_tag(out, field, WIRE_LEN);
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::array::DynArray;
    use ndarray::{ArrayD, IxDyn};
    use std::convert::identity;

    pub(in crate::proto) fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    pub(in crate::proto) fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
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
            packed_varints(&payload, &mut got, identity, &Limits::default(), "x", 0).unwrap();
            assert_eq!(got, values, "n = {n}");
            // appended to a field that already holds values (a second packed chunk)
            let mut twice = vec![7u64];
            packed_varints(&payload, &mut twice, identity, &Limits::default(), "x", 0).unwrap();
            assert_eq!(twice[1..], values[..]);
            // and every truncation of the payload is refused or decodes a prefix
            for cut in 0..payload.len().min(64) {
                let mut part = Vec::new();
                if packed_varints(
                    &payload[..cut],
                    &mut part,
                    identity,
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
        let bytes = crate::proto::encode(&arr).unwrap();
        assert_eq!(
            crate::proto::decode(&bytes, &Limits::default()).unwrap(),
            arr
        );
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
}
