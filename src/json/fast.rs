//! The fast readers: a rectangular nest of JSON numbers straight into a typed `Vec<T>` (a
//! numeric or bool dtype hint, [`with_hint`]) or into numpy's int64 / float64 / bool inference
//! (no hint, [`without_hint`]), and a nest of JSON strings straight into one string buffer
//! (a string hint, or no hint and a string first), with shape discovery on the fly. Anything
//! they do not handle (a mix of strings and other scalars, `null`, an object, a conversion numpy
//! would reject, a lone surrogate, a syntax error, raggedness) makes them give up with `None`,
//! and the general reader ([`super::tree`]) runs.

use ndarray::{ArrayD, IxDyn};

use crate::array::DynArray;
use crate::dtype::{DType, ScalarType};
use crate::element::Element;
use crate::limits::Limits;
use crate::number::f64_to_f16;
use crate::strings::Utf8Builder;

use super::lex::Lexer;
use super::num::Num;
use super::shape::ShapeTracker;

/// An element type the fast reader fills directly from JSON numbers, with numpy's unsafe
/// per-element conversion; `None` means "not the simple case" (numpy would raise, or the
/// conversion needs the general rules), and the general reader takes over.
pub(crate) trait FastElem: Copy {
    /// Whether `NaN` / `Infinity` literals convert without error.
    const NONFINITE_OK: bool;
    /// Whether float tokens are the expected elements (try [`Lexer::short_float`] first).
    const FLOATS: bool = false;
    /// A JSON integer token.
    fn from_int(n: &Num, text: &[u8]) -> Option<Self>;
    /// A JSON float token's value (or a `NaN`/`Infinity` literal).
    fn from_float(x: f64) -> Option<Self>;
    /// `true` / `false` (Python `int(True)` is 1, `float(True)` 1.0).
    fn from_bool(b: bool) -> Self;
    /// A JSON float token: its correctly rounded double, converted.
    #[inline(always)]
    fn from_float_token(n: Num, text: &[u8]) -> Option<Self> {
        Self::from_float(n.value_f64(text))
    }
}

macro_rules! fast_int {
    ($($t:ty),*) => {$(
        impl FastElem for $t {
            const NONFINITE_OK: bool = false;
            #[inline]
            fn from_int(n: &Num, text: &[u8]) -> Option<Self> {
                let m = i128::from(n.int_mag(text)?);
                <$t>::try_from(if n.neg { -m } else { m }).ok()
            }
            #[inline]
            fn from_bool(b: bool) -> Self {
                <$t>::from(b)
            }
            #[inline]
            fn from_float(x: f64) -> Option<Self> {
                // Python int(x) truncates toward zero; NaN / inf / out of range raise.
                let t = x.trunc();
                if t.is_finite() && t.abs() < 1.0e30 {
                    <$t>::try_from(t as i128).ok()
                } else {
                    None
                }
            }
        }
    )*};
}
fast_int!(i8, i16, i32, i64, u8, u16, u32, u64);

impl FastElem for f64 {
    const NONFINITE_OK: bool = true;
    const FLOATS: bool = true;
    #[inline]
    fn from_bool(b: bool) -> Self {
        f64::from(u8::from(b))
    }
    #[inline]
    fn from_int(n: &Num, text: &[u8]) -> Option<Self> {
        // Python float(int) raises OverflowError beyond the double range.
        Some(n.value_f64(text)).filter(|x| x.is_finite())
    }
    #[inline]
    fn from_float(x: f64) -> Option<Self> {
        Some(x)
    }
}

impl FastElem for f32 {
    const NONFINITE_OK: bool = true;
    const FLOATS: bool = true;
    #[inline]
    fn from_bool(b: bool) -> Self {
        f32::from(u8::from(b))
    }
    #[inline]
    fn from_int(n: &Num, text: &[u8]) -> Option<Self> {
        // Through the double first, as numpy does (double rounding is the reference).
        f64::from_int(n, text).map(|x| x as f32)
    }
    #[inline]
    fn from_float(x: f64) -> Option<Self> {
        Some(x as f32)
    }
    #[inline(always)]
    fn from_float_token(n: Num, text: &[u8]) -> Option<Self> {
        Some(match n.narrow_bracket(|x| x as f32) {
            Some(v) => v,
            None => n.value_f64(text) as f32,
        })
    }
}

impl FastElem for half::f16 {
    const NONFINITE_OK: bool = true;
    const FLOATS: bool = true;
    #[inline]
    fn from_bool(b: bool) -> Self {
        if b { half::f16::ONE } else { half::f16::ZERO }
    }
    #[inline]
    fn from_int(n: &Num, text: &[u8]) -> Option<Self> {
        // numpy converts the double straight to half (npy_double_to_half), not via float32.
        f64::from_int(n, text).map(f64_to_f16)
    }
    #[inline]
    fn from_float(x: f64) -> Option<Self> {
        Some(f64_to_f16(x))
    }
    #[inline(always)]
    fn from_float_token(n: Num, text: &[u8]) -> Option<Self> {
        Some(match n.narrow_bracket(f64_to_f16) {
            Some(v) => v,
            None => f64_to_f16(n.value_f64(text)),
        })
    }
}

impl FastElem for bool {
    const NONFINITE_OK: bool = true;
    #[inline]
    fn from_bool(b: bool) -> Self {
        b
    }
    #[inline]
    fn from_int(n: &Num, text: &[u8]) -> Option<Self> {
        Some(n.int_mag(text).is_none_or(|m| m != 0))
    }
    #[inline]
    fn from_float(x: f64) -> Option<Self> {
        Some(x != 0.0)
    }
}

/// The fast reader: a nest of JSON numbers into `Vec<T>` and its shape, or `None` when the
/// body needs the general reader (which then also produces any error).
pub(crate) fn read<T: FastElem>(text: &[u8], limits: &Limits) -> Option<(Vec<usize>, Vec<T>)> {
    let cap = estimate_elements(text.len(), limits);
    let (shape, Typed(out)) = fast_read(text, limits, Typed(Vec::with_capacity(cap)))?;
    Some((shape, out))
}

/// Where the fast reader puts scalars.
pub(crate) trait Sink {
    /// Scalars so far.
    fn count(&self) -> usize;
    /// Read one scalar at the lexer's position; `None` gives up.
    fn scalar(&mut self, lx: &mut Lexer<'_>) -> Option<()>;
    /// Read a run of scalars separated by commas (one row of the array; `nested`: inside a
    /// list, else a lone top-level scalar) while there are fewer than `max` scalars in all,
    /// and stop at what follows the last one. Returns how many it read; `None` gives up.
    #[inline(always)]
    fn row(&mut self, lx: &mut Lexer<'_>, nested: bool, max: usize) -> Option<usize> {
        let first = self.count();
        loop {
            if self.count() >= max {
                return None;
            }
            self.scalar(lx)?;
            if !lx.row_separator(nested) {
                return Some(self.count() - first);
            }
        }
    }
}

/// Scalars converted to `T` (the dtype hint).
pub(crate) struct Typed<T>(Vec<T>);

impl<T: FastElem> Sink for Typed<T> {
    #[inline(always)]
    fn count(&self) -> usize {
        self.0.len()
    }
    #[inline(always)]
    fn scalar(&mut self, lx: &mut Lexer<'_>) -> Option<()> {
        let v = fast_scalar::<T>(lx)?;
        self.0.push(v);
        Some(())
    }
    /// The hot loop, with the `Vec` at hand and the count taken from its length. For float
    /// dtypes a `d.ddd, ` element takes [`Lexer::short_float`] (token and separator at once).
    #[inline(always)]
    fn row(&mut self, lx: &mut Lexer<'_>, nested: bool, max: usize) -> Option<usize> {
        let v = &mut self.0;
        let first = v.len();
        loop {
            if v.len() >= max {
                return None;
            }
            let short = if T::FLOATS && nested {
                lx.short_float()
            } else {
                None
            };
            match short {
                Some((n, sep)) => {
                    v.push(T::from_float_token(n, lx.b)?);
                    if sep {
                        continue;
                    }
                }
                None => {
                    // (Only after a `", "` short_float consumed can whitespace be here.)
                    if T::FLOATS {
                        lx.skip_ws();
                    }
                    v.push(fast_scalar::<T>(lx)?);
                }
            }
            if !lx.row_separator(nested) {
                return Some(v.len() - first);
            }
        }
    }
}

/// Scalars for `np.array(obj)` without a dtype, while numpy's inference is bool, int64 (ints
/// in the int64 range, maybe bools) or float64 (with floats). numpy promotes bool < int64 <
/// float64 and fills the result with `int(x)` / `float(x)` of each scalar, which is what the
/// conversions here do. Anything else (uint64-range ints, strings, null, objects) gives up:
/// the general reader decides.
#[derive(Debug)]
pub(crate) enum Inferred {
    Bool(Vec<bool>),
    Int(Vec<i64>),
    Float(Vec<f64>),
}

impl Inferred {
    #[inline(always)]
    fn push_int(&mut self, x: i64) {
        match self {
            Inferred::Int(v) => v.push(x),
            Inferred::Float(v) => v.push(x as f64),
            Inferred::Bool(bools) => {
                let mut v: Vec<i64> = Vec::with_capacity(bools.capacity().max(bools.len() + 1));
                v.extend(bools.iter().map(|&b| i64::from(b)));
                v.push(x);
                *self = Inferred::Int(v);
            }
        }
    }

    #[inline(always)]
    fn push_float(&mut self, x: f64) {
        let promoted: Vec<f64> = match self {
            Inferred::Float(v) => {
                v.push(x);
                return;
            }
            // float(int) is correctly rounded, as `as` rounds.
            Inferred::Int(v) => v.iter().map(|&i| i as f64).collect(),
            Inferred::Bool(v) => v.iter().map(|&b| f64::from(u8::from(b))).collect(),
        };
        let mut f = promoted;
        f.push(x);
        *self = Inferred::Float(f);
    }

    #[inline(always)]
    fn push_bool(&mut self, b: bool) {
        match self {
            Inferred::Bool(v) => v.push(b),
            Inferred::Int(v) => v.push(i64::from(b)),
            Inferred::Float(v) => v.push(f64::from(u8::from(b))),
        }
    }
}

impl Sink for Inferred {
    #[inline(always)]
    fn count(&self) -> usize {
        match self {
            Inferred::Bool(v) => v.len(),
            Inferred::Int(v) => v.len(),
            Inferred::Float(v) => v.len(),
        }
    }
    #[inline(always)]
    fn scalar(&mut self, lx: &mut Lexer<'_>) -> Option<()> {
        let x = match lx.peek()? {
            b'-' | b'0'..=b'9' => match lx.number().ok()? {
                Some(n) if n.is_int => {
                    let m = i128::from(n.int_mag(lx.b)?);
                    self.push_int(i64::try_from(if n.neg { -m } else { m }).ok()?);
                    return Some(());
                }
                Some(n) => n.value_f64(lx.b),
                None => f64::NEG_INFINITY,
            },
            b'N' if lx.eat(b"NaN") => f64::NAN,
            b'I' if lx.eat(b"Infinity") => f64::INFINITY,
            b't' if lx.eat(b"true") => {
                self.push_bool(true);
                return Some(());
            }
            b'f' if lx.eat(b"false") => {
                self.push_bool(false);
                return Some(());
            }
            _ => return None,
        };
        self.push_float(x);
        Some(())
    }
}

/// JSON strings, each decoded (escapes included) straight into the array's one text buffer.
pub(crate) struct Strings(Utf8Builder);

impl Sink for Strings {
    #[inline(always)]
    fn count(&self) -> usize {
        self.0.len()
    }
    #[inline(always)]
    fn scalar(&mut self, lx: &mut Lexer<'_>) -> Option<()> {
        if lx.peek()? != b'"' {
            return None;
        }
        lx.string_into(&mut self.0.bytes).ok()?;
        // A lone surrogate escape cannot be stored: the general reader reports it.
        if lx.lone_surrogate.is_some() {
            return None;
        }
        self.0.end();
        Some(())
    }
}

/// A nest of JSON strings into one buffer (checked as UTF-8 once) and its shape; `None` when
/// the general reader must decide. The text is no longer than the body, which is what the
/// buffer reserves.
fn read_strings(text: &[u8], limits: &Limits) -> Option<crate::strings::StrArray> {
    // Each string takes at least `"",` (3 bytes); the offsets grow beyond this if needed.
    let cap = (text.len() / 4).min(limits.max_elements).min(1 << 20);
    let sink = Strings(Utf8Builder::with_capacity(cap, text.len()));
    let (shape, Strings(mut b)) = fast_read(text, limits, sink)?;
    // The reservation was the whole body; give back what the strings did not use.
    if b.bytes.len() < b.bytes.capacity() / 2 {
        b.bytes.shrink_to_fit();
    }
    b.finish(&shape)
}

/// `np.array(obj, dtype=<str dtype>)` for a nest of JSON strings.
fn strings_with_hint(text: &[u8], dtype: DType, limits: &Limits) -> Option<DynArray> {
    let arr = read_strings(text, limits)?;
    DynArray::with_dtype(crate::array::ArrayData::Str(arr), dtype).ok()
}

/// `np.array(obj)` for a nest of JSON strings: `U` as wide as the longest, at least 1.
fn strings_inferred(text: &[u8], limits: &Limits) -> Option<DynArray> {
    Some(DynArray::from(read_strings(text, limits)?))
}

/// Whether the first scalar of the nest is a string (so the string reader is the one to try).
fn first_scalar_is_string(text: &[u8]) -> bool {
    text.iter()
        .find(|&&c| !matches!(c, b'[' | b' ' | b'\t' | b'\n' | b'\r'))
        == Some(&b'"')
}

/// `np.array(obj)` for a nest of JSON numbers that numpy makes int64 or float64 (the common
/// request without a dtype); `None` when the general reader must decide.
fn read_inferred(text: &[u8], limits: &Limits) -> Option<(Vec<usize>, Inferred)> {
    let cap = estimate_elements(text.len(), limits);
    // The first promotion (to int64 or float64) keeps this capacity.
    fast_read(text, limits, Inferred::Bool(Vec::with_capacity(cap)))
}

/// The fast reader's loop: shape discovery on the fly, scalars into `sink`.
#[inline(always)]
fn fast_read<S: Sink>(text: &[u8], limits: &Limits, mut out: S) -> Option<(Vec<usize>, S)> {
    let mut lx = Lexer::new(text);
    let mut tr = ShapeTracker::new();
    let max_ndim = limits.max_ndim.min(limits.max_depth);
    lx.skip_ws();
    loop {
        // A value is expected.
        match lx.peek()? {
            b'[' => {
                tr.open(max_ndim).ok()?;
                lx.pos += 1;
                lx.skip_ws();
                if lx.peek() == Some(b']') {
                    lx.pos += 1;
                    tr.close().ok()?;
                } else {
                    continue;
                }
            }
            _ => {
                // A run of scalars separated by commas: the hot loop (one row of the array).
                // (A list after a scalar is ragged: the sink gives up on it.)
                let count = out.row(&mut lx, tr.level != 0, limits.max_elements)?;
                tr.scalars(count).ok()?;
            }
        }
        // After a value: `,` or `]`, or the end at the top level.
        loop {
            lx.skip_ws();
            if tr.level == 0 {
                return (lx.pos == text.len()).then(|| (tr.shape(), out));
            }
            match lx.peek()? {
                b',' => {
                    lx.pos += 1;
                    lx.skip_ws();
                    break;
                }
                b']' => {
                    lx.pos += 1;
                    tr.close().ok()?;
                }
                _ => return None,
            }
        }
    }
}

/// One scalar for the fast reader: a number, or `NaN` / `Infinity` for dtypes that take them.
#[inline(always)]
fn fast_scalar<T: FastElem>(lx: &mut Lexer<'_>) -> Option<T> {
    match lx.peek()? {
        b'-' | b'0'..=b'9' => match lx.number().ok()? {
            Some(n) if n.is_int => T::from_int(&n, lx.b),
            Some(n) => T::from_float_token(n, lx.b),
            None if T::NONFINITE_OK => T::from_float(f64::NEG_INFINITY),
            None => None,
        },
        b't' if lx.eat(b"true") => Some(T::from_bool(true)),
        b'f' if lx.eat(b"false") => Some(T::from_bool(false)),
        b'N' if T::NONFINITE_OK && lx.eat(b"NaN") => T::from_float(f64::NAN),
        b'I' if T::NONFINITE_OK && lx.eat(b"Infinity") => T::from_float(f64::INFINITY),
        _ => None,
    }
}

/// A first guess of the element count from the body size (JSON numbers take at least two
/// bytes each with their separator), capped so a hostile body cannot make it allocate much
/// more than its own size.
fn estimate_elements(body_len: usize, limits: &Limits) -> usize {
    (body_len / 8).min(limits.max_elements).min(1 << 20)
}

/// [`read`] into an array of `dtype` (whose scalar type is `T`).
fn typed<T: FastElem + Element>(text: &[u8], dtype: DType, limits: &Limits) -> Option<DynArray> {
    let (shape, data) = read::<T>(text, limits)?;
    let a = ArrayD::from_shape_vec(IxDyn(&shape), data).ok()?;
    DynArray::with_dtype(T::wrap(a), dtype).ok()
}

/// The fast reader without a hint: a nest of numbers numpy makes int64 or float64 (`[]` and
/// other nests without scalars are float64).
pub(super) fn without_hint(text: &[u8], limits: &Limits) -> Option<DynArray> {
    if first_scalar_is_string(text) {
        return strings_inferred(text, limits);
    }
    let (shape, inferred) = read_inferred(text, limits)?;
    fn build<T: Element>(shape: &[usize], v: Vec<T>) -> Option<DynArray> {
        Some(DynArray::from(
            ArrayD::from_shape_vec(IxDyn(shape), v).ok()?,
        ))
    }
    let arr = match inferred {
        // `np.array([])` (no scalars at all) is float64.
        Inferred::Bool(v) if v.is_empty() => build::<f64>(&shape, Vec::new())?,
        Inferred::Bool(v) => build(&shape, v)?,
        Inferred::Int(v) => build(&shape, v)?,
        Inferred::Float(v) => build(&shape, v)?,
    };
    Some(arr)
}

/// The fast reader for a hint; `None` when the body needs the general reader.
pub(super) fn with_hint(text: &[u8], dtype: DType, limits: &Limits) -> Option<DynArray> {
    use ScalarType::*;
    match dtype.scalar() {
        Bool => typed::<bool>(text, dtype, limits),
        Int8 => typed::<i8>(text, dtype, limits),
        Int16 => typed::<i16>(text, dtype, limits),
        Int32 => typed::<i32>(text, dtype, limits),
        Int64 => typed::<i64>(text, dtype, limits),
        UInt8 => typed::<u8>(text, dtype, limits),
        UInt16 => typed::<u16>(text, dtype, limits),
        UInt32 => typed::<u32>(text, dtype, limits),
        UInt64 => typed::<u64>(text, dtype, limits),
        Float16 => typed::<half::f16>(text, dtype, limits),
        Float32 => typed::<f32>(text, dtype, limits),
        Float64 => typed::<f64>(text, dtype, limits),
        Str => strings_with_hint(text, dtype, limits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Error, Result};
    use crate::json::convert::{self, Fail};
    use crate::json::tree;
    use crate::number::xorshift as rng;

    fn general_only(body: &[u8], dtype: DType) -> Result<DynArray> {
        let limits = Limits::default();
        let parsed = tree::parse(body, &limits).map_err(|_| Error::bad_input("parse"))?;
        match convert::with_hint(&parsed, body, dtype) {
            Ok(a) => Ok(a),
            Err(Fail::Value) => convert::infer(parsed, body),
            Err(Fail::Other(e)) => Err(e),
        }
    }

    #[test]
    fn fast_and_general_readers_agree() {
        let bodies = [
            "[[1, 2.5], [-3, 4e2]]",
            "[0.26978665590286255, -0.0, 1e400, -1e-400, 3.5e38, 65520.0, 2049.0000000000005]",
            "[NaN, Infinity, -Infinity]",
            "[9223372036854775807, -9223372036854775808, 18446744073709551615]",
            "[[[]], [[]]]",
            "7",
            "[1.9, -1.9, 255.9, -128.9, 0]",
            "[300, -1, 1e10]",
            "[[1], [2, 3]]",
            "[1, 2,]",
            " \n[ 1 ,\t2 ]\r\n",
            "[[true, false], [false, 1]]",
            "[true, 2.5, NaN]",
        ];
        for dt in ScalarType::ALL {
            if dt == ScalarType::Str {
                continue;
            }
            let dtype = DType::from(dt);
            for body in bodies {
                let fast = with_hint(body.as_bytes(), dtype, &Limits::default());
                let general = general_only(body.as_bytes(), dtype);
                if let Some(f) = fast {
                    let g = general.unwrap_or_else(|e| panic!("{body} {dt:?}: {}", e.message()));
                    assert_eq!(f.dtype(), g.dtype(), "{body} {dt:?}");
                    assert_eq!(f.shape(), g.shape(), "{body} {dt:?}");
                    // NaN-aware: compare the debug text.
                    assert_eq!(
                        format!("{:?}", f.data()),
                        format!("{:?}", g.data()),
                        "{body}"
                    );
                }
            }
        }
    }

    /// The string reader against the general reader with `np.array(obj, dtype=U)` and
    /// `np.array(obj)`: same dtype, shape and elements whenever it answers, and it answers the
    /// common bodies (it must not silently give up on them).
    #[test]
    fn fast_strings_agree_with_general() {
        let bodies: &[(&str, bool)] = &[
            (r#"["ab", "c", ""]"#, true),
            (
                r#"[["héllo", "😀"], ["x\u00e9\n", "\ud83d\ude00\"\\/"]]"#,
                true,
            ),
            (r#"["ab\u0000", "\u0000", "a\u0000b"]"#, true),
            (r#"  [ "a" ,"b",	"c" ]  "#, true),
            (r#"[[["a"]], [["b"]]]"#, true),
            (r#""alone""#, true),
            (r#"["abcdefghijk", "x"]"#, true),
            (r#"["a", 1]"#, false),
            (r#"["a", null]"#, false),
            (r#"[["a"], "b"]"#, false),
            (r#"[["a"], ["b", "c"]]"#, false),
            (r#"["\ud800"]"#, false),
            (r#"["a",]"#, false),
            (r#"["a" "b"]"#, false),
            ("[\"a\nb\"]", false),
            (r#"["\x"]"#, false),
            (r#"["a"] x"#, false),
        ];
        let limits = Limits::default();
        for &(body, common) in bodies {
            for dtype in [DType::STR, DType::string(3), DType::string(12)] {
                let fast = with_hint(body.as_bytes(), dtype, &limits);
                assert_eq!(fast.is_some(), common, "{body} {dtype}");
                let parsed = tree::parse(body.as_bytes(), &limits);
                let general = parsed
                    .map_err(|_| Error::bad_input("parse"))
                    .and_then(|p| convert::strings(p, body.as_bytes(), dtype));
                if let Some(f) = fast {
                    let g = general.unwrap_or_else(|e| panic!("{body}: {}", e.message()));
                    assert_eq!(f, g, "{body} {dtype}");
                }
            }
            let fast = without_hint(body.as_bytes(), &limits);
            assert_eq!(fast.is_some(), common, "{body}");
            if let Some(f) = fast {
                let p = tree::parse(body.as_bytes(), &limits).unwrap();
                let g = convert::infer(p, body.as_bytes()).unwrap();
                assert_eq!(f, g, "{body}");
            }
        }
        // The escapes decode into the shared buffer.
        let a = with_hint(br#"["x\u00e9\n", "\ud83d\ude00"]"#, DType::STR, &limits).unwrap();
        assert_eq!(a.as_strings().unwrap().values(), "xé\n😀");
        assert_eq!(a.dtype(), DType::string(3));
    }

    #[test]
    fn fast_inference_agrees_with_general() {
        let bodies = [
            "[[1, 2], [3, 4]]",
            "[1, 2.5, -0, -0.0]",
            "[2.5, 9223372036854775807, -9223372036854775808]",
            "[9007199254740993, 0.5]",
            "[NaN, 1, -Infinity]",
            "[]",
            "[[], []]",
            "5",
            "-0.0",
            "[9223372036854775808]",
            "[true, 1]",
            "[true, false]",
            "[[true, 2.5], [1, false]]",
            "[false, 9223372036854775807]",
            "[1, null]",
        ];
        for body in bodies {
            let fast = without_hint(body.as_bytes(), &Limits::default());
            let general = tree::parse(body.as_bytes(), &Limits::default())
                .ok()
                .map(|p| convert::infer(p, body.as_bytes()));
            if let Some(f) = fast {
                let g = general.unwrap().unwrap();
                assert_eq!(f.dtype(), g.dtype(), "{body}");
                assert_eq!(f.shape(), g.shape(), "{body}");
                assert_eq!(
                    format!("{:?}", f.data()),
                    format!("{:?}", g.data()),
                    "{body}"
                );
            }
        }
        assert!(without_hint(b"[9223372036854775808]", &Limits::default()).is_none());
        assert!(without_hint(b"[true, \"a\"]", &Limits::default()).is_none());
    }

    /// The fast reader's hot loop against plain parsing, over the spacings json.loads accepts
    /// and the element limit at and across row ends.
    #[test]
    fn fast_rows_match_parsing() {
        let mut seed = 0x5151_2024_abcd_0001u64;
        let mut tokens = Vec::new();
        for i in 0..600 {
            let r = rng(&mut seed);
            let f = f64::from(f32::from_bits((r >> 40) as u32 & 0x3f7f_ffff));
            tokens.push(match i % 7 {
                0 => format!("-{f}"),
                1 => format!("{}", (r % 2000) as i64 - 1000),
                2 => format!("{:e}", f),
                3 => format!("{}", (r % 1000) as f64 / 8.0),
                _ => format!("{f}"),
            });
        }
        let (rows, cols) = (20, 30);
        for sep in [", ", ",", " , ", ",\n    ", ",  ", ", \t"] {
            let body = format!(
                "[{}]",
                (0..rows)
                    .map(|i| format!("[{}]", tokens[i * cols..(i + 1) * cols].join(sep)))
                    .collect::<Vec<_>>()
                    .join(sep)
            );
            let want: Vec<f64> = tokens.iter().map(|t| t.parse().unwrap()).collect();
            let t = body.as_bytes();
            let (shape, got) = read::<f32>(t, &Limits::default()).unwrap();
            assert_eq!(shape, [rows, cols]);
            let w32: Vec<u32> = want.iter().map(|&x| (x as f32).to_bits()).collect();
            assert_eq!(
                got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                w32,
                "{sep:?}"
            );
            let (_, got) = read::<f64>(t, &Limits::default()).unwrap();
            let w64: Vec<u64> = want.iter().map(|x| x.to_bits()).collect();
            assert_eq!(
                got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                w64,
                "{sep:?}"
            );
            let (_, got) = read::<half::f16>(t, &Limits::default()).unwrap();
            let w16: Vec<u16> = want.iter().map(|&x| f64_to_f16(x).to_bits()).collect();
            assert_eq!(
                got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                w16,
                "{sep:?}"
            );
            for max in [rows * cols, rows * cols - 1, cols, cols + 1, 2 * cols - 1] {
                let limits = Limits::default().with_max_elements(max);
                assert_eq!(
                    read::<f32>(t, &limits).is_some(),
                    max >= rows * cols,
                    "{max} {sep:?}"
                );
            }
        }
        // A top-level scalar is never followed by more.
        assert!(
            read::<f32>(
                b"0.12345678901234567, 0.5, 0.5, 0.5, 0.5",
                &Limits::default()
            )
            .is_none()
        );
    }
}
