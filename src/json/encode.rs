//! The JSON writer: a [`DynArray`] into the bytes of BentoML's `json.dumps(arr.tolist())`, in one
//! pass over the contiguous elements into one pre-sized buffer.
//!
//! Text rules of the reference style (CPython's `json` module on `tolist()` output):
//! - lists are `[a, b]` (`", "` between items), nested by dimension; a 0-d array is a bare
//!   scalar (`tolist()` of a 0-d array is a Python scalar);
//! - floats are Python's `float.__repr__` of the value widened to f64 (float32 `0.1` is
//!   `0.10000000149011612`, `1e+16`, `1e-05`, `1000000000000000.0`) and the non-finite values
//!   are `NaN`, `Infinity`, `-Infinity`;
//! - integers exact, bools `true` / `false`;
//! - strings with `ensure_ascii` escaping: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other
//!   characters below U+0020 and U+007F as `\u00XX`, every non-ASCII character as `\uXXXX`
//!   (lowercase hex, a surrogate pair beyond the BMP). numpy drops trailing NULs of elements.

use ndarray::ArrayD;

use crate::array::{ArrayData, DynArray};
use crate::error::{Error, Result};
use crate::number;

use super::stage::{self, RowScratch};

/// numpy's `NPY_MAXDIMS`. The writer recurses once per dimension, so this also bounds its
/// stack use.
const MAX_DIMS: usize = crate::limits::NPY_MAXDIMS;

/// The text layout [`encode_using`](super::encode_using) writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
#[non_exhaustive]
pub enum JsonStyle {
    /// Byte-identical to the reference: `", "` separators, floats as Python's `repr` of the
    /// value widened to f64, `ensure_ascii` strings.
    #[default]
    Reference,
    /// No spaces (`[1,2]`), floats with the shortest digits at the array's own precision
    /// (float32 `0.1` is `0.1`, not `0.10000000149011612`), strings escaped only where JSON
    /// requires it (`"`, `\`, control characters), other characters as UTF-8. Parsing it back
    /// with the array's dtype as the hint gives the same values.
    Compact,
}

/// What the writer does with NaN and ±infinity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
#[non_exhaustive]
pub enum NonFinite {
    /// `NaN`, `Infinity`, `-Infinity`, as Python's `json.dumps` writes them (not strict JSON,
    /// but what BentoML sends, and what Python's `json.loads` and this crate's decoder read).
    #[default]
    Tokens,
    /// Strict JSON: a non-finite element is an error (Python's `allow_nan=False`).
    Error,
    /// Strict JSON: a non-finite element is written `null` (which decodes as NaN into a float
    /// dtype, so infinities do not survive the round trip).
    Null,
}

/// Options for [`encode_using`](super::encode_using): the [`JsonStyle`] and the [`NonFinite`]
/// policy. The default is the reference's output.
///
/// ```
/// use ndarray_descriptor::json::{EncodeOptions, JsonStyle, NonFinite};
/// let opts = EncodeOptions::new()
///     .with_style(JsonStyle::Compact)
///     .with_non_finite(NonFinite::Error);
/// assert_eq!(opts.style(), JsonStyle::Compact);
/// assert_eq!(EncodeOptions::default().non_finite(), NonFinite::Tokens);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
#[non_exhaustive]
pub struct EncodeOptions {
    style: JsonStyle,
    non_finite: NonFinite,
}

impl EncodeOptions {
    /// The reference's output: [`JsonStyle::Reference`], [`NonFinite::Tokens`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Use `style`.
    pub fn with_style(mut self, style: JsonStyle) -> Self {
        self.style = style;
        self
    }

    /// Use `policy` for NaN and ±infinity.
    pub fn with_non_finite(mut self, policy: NonFinite) -> Self {
        self.non_finite = policy;
        self
    }

    /// The text layout.
    pub fn style(&self) -> JsonStyle {
        self.style
    }

    /// The NaN / infinity policy.
    pub fn non_finite(&self) -> NonFinite {
        self.non_finite
    }
}

/// Append the JSON text of `arr` to `out`. On error `out` is left as it was.
pub(crate) fn encode_into(arr: &DynArray, opts: &EncodeOptions, out: &mut Vec<u8>) -> Result<()> {
    let start = out.len();
    let r = write_array(arr, opts, out);
    if r.is_err() {
        out.truncate(start);
    }
    r
}

fn write_array(arr: &DynArray, opts: &EncodeOptions, out: &mut Vec<u8>) -> Result<()> {
    let shape = arr.shape();
    if shape.len() > MAX_DIMS {
        return Err(Error::limit_exceeded(format!(
            "maximum supported dimension for an ndarray is currently {MAX_DIMS}, found {}",
            shape.len()
        )));
    }
    let lists = list_count(shape)?;
    let compact = opts.style == JsonStyle::Compact;
    let nf = opts.non_finite;
    // Typical widths of one element plus its separator, so one reservation covers the body
    // (measured: float32 widened to f64 averages ~20 bytes in the reference style).
    let width = match arr.data() {
        ArrayData::Bool(_) => 6,
        ArrayData::Int8(_) | ArrayData::UInt8(_) => 5,
        ArrayData::Int16(_) | ArrayData::UInt16(_) => 7,
        ArrayData::Int32(_) | ArrayData::UInt32(_) => 12,
        ArrayData::Int64(_) | ArrayData::UInt64(_) => 21,
        ArrayData::Float16(_) => 12,
        ArrayData::Float32(_) if compact => 12,
        ArrayData::Float32(_) | ArrayData::Float64(_) => 21,
        ArrayData::Str(_) => 0,
    };
    let body = match arr.data() {
        // Quotes and separator per string; escapes only add to that.
        ArrayData::Str(a) => a.values().len().saturating_add(a.len().saturating_mul(4)),
        _ => arr.len().saturating_mul(width),
    };
    let estimate = body.saturating_add(lists.saturating_mul(4));
    // An overestimate only costs address space; if even the brackets alone (a lower bound of
    // the text) cannot be reserved, the text cannot be built.
    if out.try_reserve(estimate).is_err() {
        out.try_reserve(lists.saturating_mul(2))
            .map_err(|_| too_big())?;
    }
    if compact {
        elements::<true>(arr, shape, nf, out)
    } else {
        elements::<false>(arr, shape, nf, out)
    }
}

/// The element writers, one monomorphic copy per style so the separator is a constant (a
/// two-byte store, not a `memcpy` call, in the per-element loop).
fn elements<const COMPACT: bool>(
    arr: &DynArray,
    shape: &[usize],
    nf: NonFinite,
    out: &mut Vec<u8>,
) -> Result<()> {
    let sep: &'static [u8] = if COMPACT { b"," } else { b", " };
    match arr.data() {
        ArrayData::Bool(a) => nested(out, shape, a, sep, |o, more, &v| {
            if more {
                o.extend_from_slice(sep);
            }
            o.extend_from_slice(if v { b"true" } else { b"false" });
            Ok(())
        }),
        ArrayData::Int8(a) => nested(out, shape, a, sep, |o, more, v| int(o, more, sep, v)),
        ArrayData::Int16(a) => nested(out, shape, a, sep, |o, more, v| int(o, more, sep, v)),
        ArrayData::Int32(a) => nested(out, shape, a, sep, |o, more, v| int(o, more, sep, v)),
        ArrayData::Int64(a) => nested(out, shape, a, sep, |o, more, v| int(o, more, sep, v)),
        ArrayData::UInt8(a) => nested(out, shape, a, sep, |o, more, v| int(o, more, sep, v)),
        ArrayData::UInt16(a) => nested(out, shape, a, sep, |o, more, v| int(o, more, sep, v)),
        ArrayData::UInt32(a) => nested(out, shape, a, sep, |o, more, v| int(o, more, sep, v)),
        ArrayData::UInt64(a) => nested(out, shape, a, sep, |o, more, v| int(o, more, sep, v)),
        ArrayData::Float16(a) if !COMPACT => {
            // A float16 widens to f64 through float32 exactly: the float32 row writer.
            let mut scratch = RowScratch::new();
            let mut wide = [0f32; 128];
            nested_rows(out, shape, a, sep, |o, row| {
                for (i, part) in row.chunks(wide.len()).enumerate() {
                    if i > 0 {
                        o.extend_from_slice(sep);
                    }
                    let wide = wide.get_mut(..part.len()).unwrap_or(&mut []);
                    for (w, h) in wide.iter_mut().zip(part) {
                        *w = f32::from(*h);
                    }
                    stage::write_row::<f32, false>(o, wide, nf, &mut scratch)?;
                }
                Ok(())
            })
        }
        ArrayData::Float16(a) => nested(out, shape, a, sep, |o, more, &v| {
            if more {
                o.extend_from_slice(sep);
            }
            float(o, v.is_finite(), v.is_nan(), nf, |o| {
                number::write_shortest_f16(o, v)
            })
        }),
        ArrayData::Float32(a) => {
            let mut scratch = RowScratch::new();
            nested_rows(out, shape, a, sep, |o, row| {
                stage::write_row::<f32, COMPACT>(o, row, nf, &mut scratch)
            })
        }
        // For f64 the shortest digits are Python's repr in both styles.
        ArrayData::Float64(a) => {
            let mut scratch = RowScratch::new();
            nested_rows(out, shape, a, sep, |o, row| {
                stage::write_row::<f64, COMPACT>(o, row, nf, &mut scratch)
            })
        }
        ArrayData::Str(a) => {
            if shape.is_empty() {
                let one = a
                    .get(0)
                    .ok_or_else(|| Error::internal("0-d array without an element"))?;
                string(out, one, !COMPACT);
                return Ok(());
            }
            string_level(out, shape, a, 0, a.len(), sep, !COMPACT);
            Ok(())
        }
    }
}

/// How many `[...]` lists the text has: `Σ_k Π shape[..k]` (`[[], []]` for `(2, 0)` has 3).
/// An array without elements can still claim a huge skeleton (`(2**40, 0)`); the count is
/// checked so the reservation and the loop stay within what a `Vec` can hold.
fn list_count(shape: &[usize]) -> Result<usize> {
    let mut total: usize = 0;
    let mut level: usize = 1;
    for &d in shape {
        total = total.checked_add(level).ok_or_else(too_big)?;
        level = level.checked_mul(d).ok_or_else(too_big)?;
        if level == 0 {
            break;
        }
    }
    if total > isize::MAX as usize / 4 {
        return Err(too_big());
    }
    Ok(total)
}

#[cold]
pub(super) fn too_big() -> Error {
    Error::limit_exceeded("the JSON text of this array would exceed the addressable memory")
}

/// Write `a` (C order) as nested lists; a 0-d array is its one element.
#[inline]
fn nested<T: Clone, F>(
    out: &mut Vec<u8>,
    shape: &[usize],
    a: &ArrayD<T>,
    sep: &[u8],
    mut elem: F,
) -> Result<()>
where
    F: FnMut(&mut Vec<u8>, bool, &T) -> Result<()>,
{
    nested_rows(out, shape, a, sep, |out, row| {
        let mut it = row.iter();
        if let Some(first) = it.next() {
            elem(out, false, first)?;
            for v in it {
                elem(out, true, v)?;
            }
        }
        Ok(())
    })
}

/// [`nested`] with a writer per innermost row (its elements and the separators between
/// them, no brackets); a 0-d array is a row of one.
#[inline]
fn nested_rows<T: Clone, F>(
    out: &mut Vec<u8>,
    shape: &[usize],
    a: &ArrayD<T>,
    sep: &[u8],
    mut row: F,
) -> Result<()>
where
    F: FnMut(&mut Vec<u8>, &[T]) -> Result<()>,
{
    // `DynArray` keeps its storage in standard layout, so this borrows; the copy is a guard.
    let standard = a.as_standard_layout();
    let Some(data) = standard.as_slice() else {
        return Err(Error::internal("array storage is not contiguous"));
    };
    if shape.is_empty() {
        return match data.get(..1) {
            Some(one) if !one.is_empty() => row(out, one),
            _ => Err(Error::internal("0-d array without an element")),
        };
    }
    level(out, shape, data, sep, &mut row)
}

/// One dimension: `[` + the sub-lists (or, at the last dimension, the row) + `]`.
fn level<T, F>(
    out: &mut Vec<u8>,
    shape: &[usize],
    data: &[T],
    sep: &[u8],
    row: &mut F,
) -> Result<()>
where
    F: FnMut(&mut Vec<u8>, &[T]) -> Result<()>,
{
    out.push(b'[');
    match shape {
        [] | [_] => row(out, data)?,
        [n, inner @ ..] => {
            let step = data.len().checked_div(*n).unwrap_or(0);
            for i in 0..*n {
                if i > 0 {
                    out.extend_from_slice(sep);
                }
                let from = i.saturating_mul(step);
                let part = data.get(from..from.saturating_add(step)).unwrap_or(&[]);
                level(out, inner, part, sep, row)?;
            }
        }
    }
    out.push(b']');
    Ok(())
}

/// [`level`] for a string array: elements `from..from + len` of `a` (C order) as the nested
/// lists of `shape`.
fn string_level(
    out: &mut Vec<u8>,
    shape: &[usize],
    a: &crate::StrArray,
    from: usize,
    len: usize,
    sep: &[u8],
    ascii: bool,
) {
    out.push(b'[');
    match shape {
        [] | [_] => {
            for (i, s) in a.iter().skip(from).take(len).enumerate() {
                if i > 0 {
                    out.extend_from_slice(sep);
                }
                string(out, s, ascii);
            }
        }
        [n, inner @ ..] => {
            let step = len.checked_div(*n).unwrap_or(0);
            for i in 0..*n {
                if i > 0 {
                    out.extend_from_slice(sep);
                }
                string_level(out, inner, a, from + i * step, step, sep, ascii);
            }
        }
    }
    out.push(b']');
}

#[inline]
fn int<T: itoa::Integer + Copy>(out: &mut Vec<u8>, more: bool, sep: &[u8], v: &T) -> Result<()> {
    if more {
        out.extend_from_slice(sep);
    }
    let mut buf = itoa::Buffer::new();
    out.extend_from_slice(buf.format(*v).as_bytes());
    Ok(())
}

/// A float element: `write` for finite values (and for all values under
/// [`NonFinite::Tokens`], where the number writers spell `NaN` / `Infinity` themselves).
#[inline(always)]
pub(super) fn float(
    out: &mut Vec<u8>,
    finite: bool,
    nan: bool,
    policy: NonFinite,
    write: impl FnOnce(&mut Vec<u8>),
) -> Result<()> {
    if finite || policy == NonFinite::Tokens {
        write(out);
        return Ok(());
    }
    match policy {
        NonFinite::Null => {
            out.extend_from_slice(b"null");
            Ok(())
        }
        _ => Err(non_finite_error(nan)),
    }
}

#[cold]
pub(super) fn non_finite_error(nan: bool) -> Error {
    // Python's `json.dumps(..., allow_nan=False)` raises ValueError with this text.
    Error::invalid_argument(format!(
        "Out of range float values are not JSON compliant: {}",
        if nan { "NaN" } else { "infinity" }
    ))
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A JSON string. `ascii`: Python's `ensure_ascii` (everything outside U+0020..U+007E, and
/// `"` and `\`, escaped); otherwise only what JSON requires (`"`, `\`, below U+0020).
fn string(out: &mut Vec<u8>, s: &str, ascii: bool) {
    // numpy's fixed-width unicode cannot hold trailing NULs: `tolist()` drops them.
    let s = s.trim_end_matches('\0');
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let plain = if ascii {
            (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\'
        } else {
            b >= 0x20 && b != b'"' && b != b'\\'
        };
        if plain {
            i += 1;
            continue;
        }
        out.extend_from_slice(bytes.get(run..i).unwrap_or_default());
        if b < 0x80 {
            escape_ascii(out, b);
            i += 1;
        } else {
            // A non-ASCII character under ensure_ascii: `\uXXXX`, or a surrogate pair.
            let c = s
                .get(i..)
                .and_then(|t| t.chars().next())
                .unwrap_or('\u{fffd}');
            let mut units = [0u16; 2];
            for &u in c.encode_utf16(&mut units).iter() {
                escape_u(out, u);
            }
            i += c.len_utf8();
        }
        run = i;
    }
    out.extend_from_slice(bytes.get(run..).unwrap_or_default());
    out.push(b'"');
}

#[inline]
fn escape_ascii(out: &mut Vec<u8>, b: u8) {
    match b {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x0c => out.extend_from_slice(b"\\f"),
        _ => escape_u(out, u16::from(b)),
    }
}

#[inline]
fn escape_u(out: &mut Vec<u8>, u: u16) {
    let h = |shift: u16| HEX[usize::from((u >> shift) & 0xf)];
    out.extend_from_slice(&[b'\\', b'u', h(12), h(8), h(4), h(0)]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{IxDyn, arr0, arr1, arr2};

    fn enc(a: DynArray) -> String {
        enc_with(a, EncodeOptions::default())
    }

    fn enc_with(a: DynArray, o: EncodeOptions) -> String {
        let mut out = Vec::new();
        encode_into(&a, &o, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn compact() -> EncodeOptions {
        EncodeOptions::new().with_style(JsonStyle::Compact)
    }

    #[test]
    fn nested_lists_and_scalars() {
        let a = DynArray::from(arr2(&[[1i64, 2], [3, 4]]).into_dyn());
        assert_eq!(enc(a.clone()), "[[1, 2], [3, 4]]");
        assert_eq!(enc_with(a, compact()), "[[1,2],[3,4]]");
        assert_eq!(enc(DynArray::from(arr0(5i64).into_dyn())), "5");
        assert_eq!(enc(DynArray::from(arr0(true).into_dyn())), "true");
        assert_eq!(enc(DynArray::from(arr0(2.5f64).into_dyn())), "2.5");
    }

    #[test]
    fn empty_shapes() {
        let e = |shape: &[usize]| {
            enc(DynArray::from(
                ArrayD::<f64>::from_shape_vec(IxDyn(shape), vec![]).unwrap(),
            ))
        };
        assert_eq!(e(&[0]), "[]");
        assert_eq!(e(&[2, 0]), "[[], []]");
        assert_eq!(e(&[0, 3]), "[]");
        assert_eq!(e(&[2, 1, 0]), "[[[]], [[]]]");
    }

    #[test]
    fn huge_empty_skeleton_is_an_error() {
        let a = ArrayD::<f64>::from_shape_vec(IxDyn(&[1 << 31, 1 << 31, 0]), vec![]).unwrap();
        let mut out = b"keep".to_vec();
        let err = encode_into(&DynArray::from(a), &EncodeOptions::default(), &mut out);
        assert_eq!(
            err.unwrap_err().kind(),
            crate::error::ErrorKind::LimitExceeded
        );
        assert_eq!(out, b"keep");
    }

    #[test]
    fn floats_python_repr() {
        let a = DynArray::from(
            arr1(&[0.1f32, 1e16, 16777216.0, f32::NAN, f32::NEG_INFINITY]).into_dyn(),
        );
        assert_eq!(
            enc(a.clone()),
            "[0.10000000149011612, 1.0000000272564224e+16, 16777216.0, NaN, -Infinity]"
        );
        assert_eq!(
            enc_with(a, compact()),
            "[0.1,1e+16,16777216.0,NaN,-Infinity]"
        );
        let a = DynArray::from(arr1(&[1e-5f64, 1e15, -0.0, 5e-324]).into_dyn());
        assert_eq!(enc(a), "[1e-05, 1000000000000000.0, -0.0, 5e-324]");
        let h = DynArray::from(arr1(&[half::f16::from_f64(0.1), half::f16::MAX]).into_dyn());
        assert_eq!(enc(h.clone()), "[0.0999755859375, 65504.0]");
        assert_eq!(enc_with(h, compact()), "[0.1,65500.0]");
    }

    #[test]
    fn non_finite_policies() {
        let a = DynArray::from(arr1(&[1.0f64, f64::INFINITY]).into_dyn());
        let null = EncodeOptions::new().with_non_finite(NonFinite::Null);
        assert_eq!(enc_with(a.clone(), null), "[1.0, null]");
        let strict = EncodeOptions::new().with_non_finite(NonFinite::Error);
        let mut out = Vec::new();
        let err = encode_into(&a, &strict, &mut out).unwrap_err();
        assert_eq!(err.kind(), crate::error::ErrorKind::InvalidArgument);
        assert!(out.is_empty());
        let fine = DynArray::from(arr1(&[1.5f32]).into_dyn());
        assert_eq!(enc_with(fine, strict), "[1.5]");
    }

    #[test]
    fn integers_at_their_extremes() {
        let a = DynArray::from(arr1(&[i64::MIN, i64::MAX, 0]).into_dyn());
        assert_eq!(enc(a), "[-9223372036854775808, 9223372036854775807, 0]");
        let a = DynArray::from(arr1(&[u64::MAX]).into_dyn());
        assert_eq!(enc(a), "[18446744073709551615]");
        let a = DynArray::from(arr1(&[-128i8, 127]).into_dyn());
        assert_eq!(enc(a), "[-128, 127]");
    }

    #[test]
    fn strings_ensure_ascii() {
        let s = |v: &[&str]| {
            DynArray::from(arr1(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>()).into_dyn())
        };
        let a = s(&[
            "wörld",
            "say \"hi\"",
            "a\\b",
            "t\tn\nr\rb\u{8}f\u{c}",
            "\u{1}\u{7f}",
            "😀",
            "/",
        ]);
        assert_eq!(
            enc(a.clone()),
            r#"["w\u00f6rld", "say \"hi\"", "a\\b", "t\tn\nr\rb\bf\f", "\u0001\u007f", "\ud83d\ude00", "/"]"#
        );
        assert_eq!(
            enc_with(a, compact()),
            "[\"wörld\",\"say \\\"hi\\\"\",\"a\\\\b\",\"t\\tn\\nr\\rb\\bf\\f\",\"\\u0001\u{7f}\",\"😀\",\"/\"]"
        );
        assert_eq!(enc(s(&["a\0", "\0", "a\0b"])), r#"["a", "", "a\u0000b"]"#);
    }
}
