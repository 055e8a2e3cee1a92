//! The one-pass JSON scanner: Python `json.loads` acceptance, numpy shape discovery on the fly.
//!
//! Two readers share the lexer and the shape tracker:
//! - [`fast`]: a numeric dtype hint and a body that is a rectangular nest of JSON numbers (the
//!   common request). Numbers go straight from the bytes into a typed `Vec<T>`; nothing else is
//!   allocated. Anything it does not handle (a string, `null`, an object, a conversion numpy
//!   would reject, a syntax error, raggedness) makes it give up, and the general reader runs.
//! - [`parse`]: any JSON. Scalars become [`Leaf`]s in C order plus the discovered shape; the
//!   numpy conversion rules (`convert`) then run on them.
//!
//! Neither recurses on the input: nesting is an explicit counter / stack, checked against the
//! depth limit.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::limits::Limits;

use super::python::{INT_MAX_STR_DIGITS, PyObj};

/// numpy's `NPY_MAXDIMS`: `np.array` of a deeper nest raises `ValueError`.
pub(crate) const NPY_MAXDIMS: usize = 64;

/// Nesting beyond which CPython's JSON decoder raises `RecursionError` (its default recursion
/// limit); applied whatever the configured [`Limits::max_depth`], so no input can nest deeper
/// than this anywhere in the crate.
pub(crate) const PY_MAX_NESTING: usize = 1000;

/// A JSON number token: its span and its decimal digits as far as the fast conversions need.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Num {
    pub start: usize,
    pub end: usize,
    pub neg: bool,
    /// No fraction and no exponent: a Python `int`.
    pub is_int: bool,
    /// The first (up to) 19 significant digits.
    m: u64,
    /// Decimal exponent applying to `m`.
    exp10: i64,
    /// Some significant digit did not fit in `m`.
    dropped: bool,
}

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

impl Num {
    /// The magnitude of an integer token when it fits in a `u64`.
    #[inline]
    pub fn int_mag(&self, text: &[u8]) -> Option<u64> {
        if !self.dropped {
            return Some(self.m);
        }
        let digits = text.get(self.start + usize::from(self.neg)..self.end)?;
        digits.iter().try_fold(0u64, |acc, &c| {
            acc.checked_mul(10)?.checked_add(u64::from(c - b'0'))
        })
    }

    /// The value as Python's `float()` gives it: correctly rounded to the nearest double (an
    /// integer token `-0` is `0.0`, as `float(int("-0"))` is).
    #[inline]
    pub fn value_f64(self, text: &[u8]) -> f64 {
        if !self.dropped {
            if self.m == 0 {
                return if self.neg && !self.is_int { -0.0 } else { 0.0 };
            }
            // Clinger's fast path: both the digits and the power of ten are exact doubles, so
            // one IEEE multiplication or division is correctly rounded.
            if self.m <= (1u64 << 53) && (-22..=22).contains(&self.exp10) {
                let v = self.m as f64;
                let v = if self.exp10 < 0 {
                    v / POW10[(-self.exp10) as usize]
                } else {
                    v * POW10[self.exp10 as usize]
                };
                return if self.neg { -v } else { v };
            }
            if self.exp10 == 0 {
                // `u64 as f64` rounds to nearest, ties to even, like Python's int → float.
                let v = self.m as f64;
                return if self.neg { -v } else { v };
            }
        }
        // The general case: the standard library's parser is correctly rounded for any
        // number of digits. The token is ASCII, so the UTF-8 check cannot fail.
        text.get(self.start..self.end)
            .and_then(|t| std::str::from_utf8(t).ok())
            .and_then(|s| s.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    }
}

/// A JSON syntax error, located at a byte offset of the decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub msg: &'static str,
    pub pos: usize,
}

/// Format a syntax error as Python's `JSONDecodeError` does: `msg: line L column C (char N)`,
/// positions in characters of the decoded text.
pub(crate) fn json_error(text: &[u8], e: SyntaxError) -> Error {
    let pos = e.pos.min(text.len());
    let before = &text[..pos];
    let chars = String::from_utf8_lossy(before);
    let char_pos = chars.chars().count();
    let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
    let col = match chars.rfind('\n') {
        Some(i) => chars[i + 1..].chars().count() + 1,
        None => char_pos + 1,
    };
    Error::bad_input(format!(
        "{}: line {line} column {col} (char {char_pos})",
        e.msg
    ))
}

pub(crate) struct Lexer<'a> {
    pub b: &'a [u8],
    pub pos: usize,
}

const EXPECTING_VALUE: &str = "Expecting value";

impl<'a> Lexer<'a> {
    pub fn new(b: &'a [u8]) -> Self {
        Lexer { b, pos: 0 }
    }

    #[inline]
    pub fn skip_ws(&mut self) {
        while let Some(&c) = self.b.get(self.pos) {
            if c == b' ' || c == b'\n' || c == b'\r' || c == b'\t' {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    #[inline]
    pub fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    #[inline]
    fn err(&self, msg: &'static str, pos: usize) -> SyntaxError {
        SyntaxError { msg, pos }
    }

    /// Consume `word` if the text continues with it.
    #[inline]
    pub fn eat(&mut self, word: &[u8]) -> bool {
        if self.b.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    /// Lex a number at `-` or a digit, as CPython's scanner does: `-?(0|[1-9][0-9]*)`, then a
    /// fraction only if `.` is followed by a digit, then an exponent only if `e`/`E` is followed
    /// by digits (else the number ends before it). `Ok(None)` for `-Infinity`.
    #[inline]
    pub fn number(&mut self) -> Result<Option<Num>, SyntaxError> {
        let b = self.b;
        let start = self.pos;
        let mut i = start;
        let neg = b.get(i) == Some(&b'-');
        if neg {
            i += 1;
            if b.get(i) == Some(&b'I') {
                self.pos = i;
                if self.eat(b"Infinity") {
                    return Ok(None);
                }
                return Err(self.err(EXPECTING_VALUE, start));
            }
        }
        let mut m: u64 = 0;
        let mut nd: u32 = 0;
        let mut dropped = false;
        let mut exp10: i64 = 0;
        let int_start = i;
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while let Some(&c) = b.get(i) {
                    if !c.is_ascii_digit() {
                        break;
                    }
                    if nd < 19 {
                        m = m * 10 + u64::from(c - b'0');
                        nd += 1;
                    } else {
                        dropped = true;
                        exp10 += 1;
                    }
                    i += 1;
                }
            }
            _ => return Err(self.err(EXPECTING_VALUE, start)),
        }
        let int_digits = i - int_start;
        let mut is_int = true;
        if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            is_int = false;
            i += 1;
            while let Some(&c) = b.get(i) {
                if !c.is_ascii_digit() {
                    break;
                }
                if nd < 19 {
                    m = m * 10 + u64::from(c - b'0');
                    // Leading zeros of the fraction are not significant.
                    nd += u32::from(m != 0);
                    exp10 -= 1;
                } else {
                    dropped = true;
                }
                i += 1;
            }
        }
        if let Some(b'e' | b'E') = b.get(i) {
            let mut j = i + 1;
            let eneg = b.get(j) == Some(&b'-');
            if matches!(b.get(j), Some(b'+' | b'-')) {
                j += 1;
            }
            if b.get(j).is_some_and(u8::is_ascii_digit) {
                is_int = false;
                let mut e: i64 = 0;
                while let Some(&c) = b.get(j) {
                    if !c.is_ascii_digit() {
                        break;
                    }
                    // Saturate: beyond this every value is 0 or inf anyway.
                    if e < 1_000_000_000 {
                        e = e * 10 + i64::from(c - b'0');
                    }
                    j += 1;
                }
                exp10 += if eneg { -e } else { e };
                i = j;
            }
        }
        if is_int && int_digits > INT_MAX_STR_DIGITS {
            // CPython's int() digit limit: a ValueError out of json.loads itself.
            return Err(self.err(INT_DIGITS_MSG, start));
        }
        self.pos = i;
        Ok(Some(Num {
            start,
            end: i,
            neg,
            is_int,
            m,
            exp10,
            dropped,
        }))
    }

    /// Lex a string at its opening quote, as CPython's strict scanner does.
    pub fn string(&mut self) -> Result<Cow<'a, str>, StrError> {
        let b = self.b;
        let open = self.pos;
        let start = open + 1;
        let mut i = start;
        loop {
            match b.get(i) {
                None => return Err(StrError::Syntax(self.err(UNTERMINATED, open))),
                Some(b'"') => {
                    let s = std::str::from_utf8(&b[start..i]).map_err(|_| StrError::Utf8)?;
                    self.pos = i + 1;
                    return Ok(Cow::Borrowed(s));
                }
                Some(b'\\') => break,
                Some(&c) if c < 0x20 => {
                    return Err(StrError::Syntax(self.err(CONTROL_CHAR, i)));
                }
                Some(_) => i += 1,
            }
        }
        // With escapes: build an owned string.
        let mut out = String::with_capacity(i - start + 16);
        let mut seg = start;
        loop {
            match b.get(i) {
                None => return Err(StrError::Syntax(self.err(UNTERMINATED, open))),
                Some(b'"') => {
                    out.push_str(std::str::from_utf8(&b[seg..i]).map_err(|_| StrError::Utf8)?);
                    self.pos = i + 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    out.push_str(std::str::from_utf8(&b[seg..i]).map_err(|_| StrError::Utf8)?);
                    let esc = i;
                    let Some(&e) = b.get(i + 1) else {
                        return Err(StrError::Syntax(self.err(UNTERMINATED, open)));
                    };
                    i += 2;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = hex4(b, i).ok_or(StrError::Syntax(self.err(BAD_U, esc)))?;
                            i += 4;
                            let c = if (0xd800..0xdc00).contains(&hi)
                                && b.get(i) == Some(&b'\\')
                                && b.get(i + 1) == Some(&b'u')
                            {
                                let lo =
                                    hex4(b, i + 2).ok_or(StrError::Syntax(self.err(BAD_U, i)))?;
                                if (0xdc00..0xe000).contains(&lo) {
                                    i += 6;
                                    0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                                } else {
                                    hi
                                }
                            } else {
                                hi
                            };
                            // A lone surrogate is a valid Python str but no Rust string.
                            out.push(char::from_u32(c).ok_or(StrError::Surrogate(esc))?);
                        }
                        _ => return Err(StrError::Syntax(self.err(BAD_ESCAPE, esc))),
                    }
                    seg = i;
                }
                Some(&c) if c < 0x20 => {
                    return Err(StrError::Syntax(self.err(CONTROL_CHAR, i)));
                }
                Some(_) => i += 1,
            }
        }
    }
}

fn hex4(b: &[u8], i: usize) -> Option<u32> {
    let h = b.get(i..i + 4)?;
    h.iter()
        .try_fold(0u32, |acc, &c| Some(acc * 16 + char::from(c).to_digit(16)?))
}

const UNTERMINATED: &str = "Unterminated string starting at";
const CONTROL_CHAR: &str = "Invalid control character at";
const BAD_U: &str = "Invalid \\uXXXX escape";
const BAD_ESCAPE: &str = "Invalid \\escape";
const INT_DIGITS_MSG: &str = "Exceeds the limit (4300 digits) for integer string conversion";

/// Why a string could not be lexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StrError {
    Syntax(SyntaxError),
    /// Invalid UTF-8 inside the string (the body is not UTF-8).
    Utf8,
    /// A `\uD800`-style lone surrogate escape at this offset.
    Surrogate(usize),
}

/// Shape discovery as `np.array` does it, one event at a time: the first array at each level
/// fixes that level's length, the first scalar (or the first empty array) fixes the number of
/// dimensions, and anything else is an inhomogeneous ("ragged") nest.
pub(crate) struct ShapeTracker {
    /// Open arrays.
    pub level: usize,
    /// Number of dimensions once known, else `usize::MAX`.
    ndim: usize,
    dims: [usize; NPY_MAXDIMS],
    known: [bool; NPY_MAXDIMS],
    counts: [usize; NPY_MAXDIMS],
}

/// A nest numpy cannot turn into an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ShapeError {
    /// Inhomogeneous after this many dimensions.
    Ragged(usize),
    /// More than 64 dimensions.
    TooDeep,
    /// More than `Limits::max_ndim` dimensions (but at most 64).
    NdimLimit,
}

impl ShapeTracker {
    pub fn new() -> Self {
        ShapeTracker {
            level: 0,
            ndim: usize::MAX,
            dims: [0; NPY_MAXDIMS],
            known: [false; NPY_MAXDIMS],
            counts: [0; NPY_MAXDIMS],
        }
    }

    #[inline]
    pub fn open(&mut self, max_ndim: usize) -> Result<(), ShapeError> {
        let l = self.level;
        if l >= self.ndim {
            return Err(ShapeError::Ragged(self.ndim));
        }
        if l >= NPY_MAXDIMS {
            return Err(ShapeError::TooDeep);
        }
        if l >= max_ndim {
            return Err(ShapeError::NdimLimit);
        }
        if l > 0 {
            self.counts[l - 1] += 1;
        }
        self.counts[l] = 0;
        self.level = l + 1;
        Ok(())
    }

    #[inline]
    pub fn scalar(&mut self) -> Result<(), ShapeError> {
        let l = self.level;
        if l != self.ndim {
            if self.ndim != usize::MAX {
                return Err(ShapeError::Ragged(l.min(self.ndim)));
            }
            self.ndim = l;
        }
        if l > 0 {
            self.counts[l - 1] += 1;
        }
        Ok(())
    }

    #[inline]
    pub fn close(&mut self) -> Result<(), ShapeError> {
        let l = self.level - 1;
        let n = self.counts[l];
        if n == 0 {
            // An empty array: its elements would be the innermost level.
            if self.ndim == usize::MAX {
                self.ndim = l + 1;
            } else if self.ndim != l + 1 {
                return Err(ShapeError::Ragged(l.min(self.ndim)));
            }
        }
        if self.known[l] {
            if self.dims[l] != n {
                return Err(ShapeError::Ragged(l));
            }
        } else {
            self.dims[l] = n;
            self.known[l] = true;
        }
        self.level = l;
        Ok(())
    }

    /// The discovered shape (call when the top level is complete).
    pub fn shape(&self) -> Vec<usize> {
        let nd = if self.ndim == usize::MAX {
            0
        } else {
            self.ndim
        };
        self.dims[..nd.min(NPY_MAXDIMS)].to_vec()
    }
}

/// The numpy message for a nest `np.array` cannot shape, plus where it was found.
pub(crate) fn shape_error(e: ShapeError, pos: usize, limits: &Limits) -> Error {
    match e {
        ShapeError::Ragged(after) => Error::bad_input(format!(
            "setting an array element with a sequence. The requested array has an \
             inhomogeneous shape after {after} dimensions (JSON byte offset {pos})"
        )),
        ShapeError::TooDeep => Error::bad_input(format!(
            "setting an array element with a sequence. The requested array would exceed the \
             maximum number of dimension of {NPY_MAXDIMS} (JSON byte offset {pos})"
        )),
        ShapeError::NdimLimit => Error::limit_exceeded(format!(
            "array has more than {} dimensions (the limit), at JSON byte offset {pos}",
            limits.max_ndim
        )),
    }
}

/// An element type the fast reader fills directly from JSON numbers, with numpy's unsafe
/// per-element conversion; `None` means "not the simple case" (numpy would raise, or the
/// conversion needs the general rules), and the general reader takes over.
pub(crate) trait FastElem: Copy {
    /// Whether `NaN` / `Infinity` literals convert without error.
    const NONFINITE_OK: bool;
    /// A JSON integer token.
    fn from_int(n: &Num, text: &[u8]) -> Option<Self>;
    /// A JSON float token's value (or a `NaN`/`Infinity` literal).
    fn from_float(x: f64) -> Option<Self>;
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
    #[inline]
    fn from_int(n: &Num, text: &[u8]) -> Option<Self> {
        // Through the double first, as numpy does (double rounding is the reference).
        f64::from_int(n, text).map(|x| x as f32)
    }
    #[inline]
    fn from_float(x: f64) -> Option<Self> {
        Some(x as f32)
    }
}

impl FastElem for half::f16 {
    const NONFINITE_OK: bool = true;
    #[inline]
    fn from_int(n: &Num, text: &[u8]) -> Option<Self> {
        // numpy converts the double straight to half (npy_double_to_half), not via float32.
        f64::from_int(n, text).map(half::f16::from_f64)
    }
    #[inline]
    fn from_float(x: f64) -> Option<Self> {
        Some(half::f16::from_f64(x))
    }
}

impl FastElem for bool {
    const NONFINITE_OK: bool = true;
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
pub(crate) fn fast<T: FastElem>(text: &[u8], limits: &Limits) -> Option<(Vec<usize>, Vec<T>)> {
    let mut lx = Lexer::new(text);
    let mut tr = ShapeTracker::new();
    let max_ndim = limits.max_ndim.min(limits.max_depth);
    let mut out: Vec<T> = Vec::new();
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
            b'-' | b'0'..=b'9' => {
                let num = lx.number().ok()?;
                tr.scalar().ok()?;
                let v = match num {
                    Some(n) if n.is_int => T::from_int(&n, text)?,
                    Some(n) => T::from_float(n.value_f64(text))?,
                    None if T::NONFINITE_OK => T::from_float(f64::NEG_INFINITY)?,
                    None => return None,
                };
                if out.len() >= limits.max_elements {
                    return None;
                }
                if out.is_empty() {
                    out.reserve(estimate_elements(text.len(), limits));
                }
                out.push(v);
            }
            b'N' if T::NONFINITE_OK && lx.eat(b"NaN") => {
                tr.scalar().ok()?;
                if out.len() >= limits.max_elements {
                    return None;
                }
                out.push(T::from_float(f64::NAN)?);
            }
            b'I' if T::NONFINITE_OK && lx.eat(b"Infinity") => {
                tr.scalar().ok()?;
                if out.len() >= limits.max_elements {
                    return None;
                }
                out.push(T::from_float(f64::INFINITY)?);
            }
            _ => return None,
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

/// A first guess of the element count from the body size (JSON numbers take at least two
/// bytes each with their separator), capped so a hostile body cannot make it allocate much
/// more than its own size.
fn estimate_elements(body_len: usize, limits: &Limits) -> usize {
    (body_len / 8).min(limits.max_elements).min(1 << 20)
}

/// A scalar of the array nest, as the Python object `json.loads` made.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Leaf<'a> {
    /// A JSON integer (Python `int`): the token.
    Int(NumTok),
    /// A JSON float, `NaN` or `±Infinity` (Python `float`).
    Float(f64),
    Str(Cow<'a, str>),
    Bool(bool),
    Null,
    /// A JSON object (Python `dict`), with everything inside it.
    Obj(Box<PyObj>),
}

/// An integer token: span, sign and magnitude when it fits a `u64`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NumTok {
    pub start: usize,
    pub end: usize,
    pub neg: bool,
    pub mag: Option<u64>,
}

impl NumTok {
    /// The value if it fits an `i128`.
    pub fn as_i128(&self) -> Option<i128> {
        let m = i128::from(self.mag?);
        Some(if self.neg { -m } else { m })
    }

    /// `str(int)`: the token, with `-0` as `0`.
    pub fn py_str<'t>(&self, text: &'t [u8]) -> &'t str {
        let t = text
            .get(self.start..self.end)
            .and_then(|t| std::str::from_utf8(t).ok())
            .unwrap_or("0");
        if t == "-0" { "0" } else { t }
    }
}

/// The general reader's result: the shape and the scalars in C order.
#[derive(Debug)]
pub(crate) struct Parsed<'a> {
    pub shape: Vec<usize>,
    pub leaves: Vec<Leaf<'a>>,
}

/// Why the general reader failed.
#[derive(Debug)]
pub(crate) enum ParseError {
    /// `json.loads` itself fails (or the text is not UTF-8).
    Syntax(SyntaxError),
    Utf8,
    /// Any other error, final.
    Other(Error),
}

impl From<SyntaxError> for ParseError {
    fn from(e: SyntaxError) -> Self {
        ParseError::Syntax(e)
    }
}

impl From<StrError> for ParseError {
    fn from(e: StrError) -> Self {
        match e {
            StrError::Syntax(s) => ParseError::Syntax(s),
            StrError::Utf8 => ParseError::Utf8,
            StrError::Surrogate(pos) => ParseError::Other(Error::bad_input(format!(
                "a lone UTF-16 surrogate escape at JSON byte offset {pos} cannot be represented \
                 in a string element"
            ))),
        }
    }
}

fn depth_error(limits: &Limits, pos: usize) -> ParseError {
    if limits.max_depth >= PY_MAX_NESTING {
        ParseError::Other(Error::bad_input(format!(
            "maximum recursion depth exceeded while decoding a JSON array from a unicode string \
             (nesting deeper than {PY_MAX_NESTING} at JSON byte offset {pos})"
        )))
    } else {
        ParseError::Other(Error::limit_exceeded(format!(
            "JSON nesting deeper than the limit of {} at byte offset {pos}",
            limits.max_depth
        )))
    }
}

/// The general reader: any JSON body into the array nest's shape and scalars. JSON syntax
/// errors win over shape errors (json.loads runs before np.array), so a shape error is kept
/// until the whole body has been read.
pub(crate) fn parse<'a>(text: &'a [u8], limits: &Limits) -> Result<Parsed<'a>, ParseError> {
    let max_depth = limits.max_depth.min(PY_MAX_NESTING);
    let max_ndim = limits.max_ndim.min(max_depth);
    let mut lx = Lexer::new(text);
    let mut tr = ShapeTracker::new();
    // Open arrays while the shape is broken (the tracker stops at the first shape error).
    let mut broken: Option<(ShapeError, usize)> = None;
    let mut depth = 0usize;
    let mut leaves: Vec<Leaf<'a>> = Vec::new();
    lx.skip_ws();
    loop {
        let at = lx.pos;
        let leaf = match lx.peek() {
            Some(b'[') => {
                depth += 1;
                if depth > max_depth {
                    return Err(depth_error(limits, at));
                }
                if broken.is_none()
                    && let Err(e) = tr.open(max_ndim)
                {
                    broken = Some((e, at));
                }
                lx.pos += 1;
                lx.skip_ws();
                if lx.peek() == Some(b']') {
                    lx.pos += 1;
                    depth -= 1;
                    if broken.is_none()
                        && let Err(e) = tr.close()
                    {
                        broken = Some((e, at));
                    }
                    None
                } else {
                    continue;
                }
            }
            Some(b'{') => Some(Leaf::Obj(Box::new(parse_object(&mut lx, depth, limits)?))),
            Some(b'"') => Some(Leaf::Str(lx.string()?)),
            Some(b'-' | b'0'..=b'9') => Some(match lx.number()? {
                Some(n) if n.is_int => Leaf::Int(NumTok {
                    start: n.start,
                    end: n.end,
                    neg: n.neg,
                    mag: n.int_mag(text),
                }),
                Some(n) => Leaf::Float(n.value_f64(text)),
                None => Leaf::Float(f64::NEG_INFINITY),
            }),
            _ => Some(literal(&mut lx)?),
        };
        if let Some(leaf) = leaf
            && broken.is_none()
        {
            match tr.scalar() {
                Err(e) => broken = Some((e, at)),
                Ok(()) => {
                    if leaves.len() >= limits.max_elements {
                        return Err(ParseError::Other(Error::limit_exceeded(format!(
                            "JSON array has more than the limit of {} elements",
                            limits.max_elements
                        ))));
                    }
                    leaves.push(leaf);
                }
            }
        }
        loop {
            lx.skip_ws();
            if depth == 0 {
                if lx.pos != text.len() {
                    return Err(ParseError::Syntax(SyntaxError {
                        msg: "Extra data",
                        pos: lx.pos,
                    }));
                }
                if let Some((e, pos)) = broken {
                    return Err(ParseError::Other(shape_error(e, pos, limits)));
                }
                return Ok(Parsed {
                    shape: tr.shape(),
                    leaves,
                });
            }
            match lx.peek() {
                Some(b',') => {
                    lx.pos += 1;
                    lx.skip_ws();
                    break;
                }
                Some(b']') => {
                    let at = lx.pos;
                    lx.pos += 1;
                    depth -= 1;
                    if broken.is_none()
                        && let Err(e) = tr.close()
                    {
                        broken = Some((e, at));
                    }
                }
                _ => {
                    return Err(ParseError::Syntax(SyntaxError {
                        msg: "Expecting ',' delimiter",
                        pos: lx.pos,
                    }));
                }
            }
        }
    }
}

/// `null`, `true`, `false`, `NaN`, `Infinity`, or "Expecting value".
fn literal<'a>(lx: &mut Lexer<'_>) -> Result<Leaf<'a>, ParseError> {
    let at = lx.pos;
    if lx.eat(b"null") {
        Ok(Leaf::Null)
    } else if lx.eat(b"true") {
        Ok(Leaf::Bool(true))
    } else if lx.eat(b"false") {
        Ok(Leaf::Bool(false))
    } else if lx.eat(b"NaN") {
        Ok(Leaf::Float(f64::NAN))
    } else if lx.eat(b"Infinity") {
        Ok(Leaf::Float(f64::INFINITY))
    } else {
        Err(ParseError::Syntax(SyntaxError {
            msg: EXPECTING_VALUE,
            pos: at,
        }))
    }
}

/// A container being built inside an object.
enum Frame {
    List(Vec<PyObj>),
    /// Items so far, the key awaiting its value, and each key's position in the items (a
    /// linear search would make an object of n distinct keys cost n² comparisons).
    Dict(Vec<(String, PyObj)>, String, HashMap<String, usize>),
}

/// Read a JSON object (at `{`) and everything inside it into a [`PyObj`], with an explicit
/// stack. `outer` is the nesting depth around it.
fn parse_object(lx: &mut Lexer<'_>, outer: usize, limits: &Limits) -> Result<PyObj, ParseError> {
    let max_depth = limits.max_depth.min(PY_MAX_NESTING);
    let text = lx.b;
    let mut stack: Vec<Frame> = Vec::new();
    loop {
        // A value is expected (or, right after `{`/`[`, possibly its end).
        let at = lx.pos;
        let mut value = match lx.peek() {
            Some(b'{') => {
                if outer + stack.len() + 1 > max_depth {
                    return Err(depth_error(limits, at));
                }
                lx.pos += 1;
                lx.skip_ws();
                match lx.peek() {
                    Some(b'}') => {
                        lx.pos += 1;
                        PyObj::Dict(Vec::new())
                    }
                    Some(b'"') => {
                        let key = read_key(lx)?;
                        stack.push(Frame::Dict(Vec::new(), key, HashMap::new()));
                        continue;
                    }
                    _ => {
                        return Err(ParseError::Syntax(SyntaxError {
                            msg: "Expecting property name enclosed in double quotes",
                            pos: lx.pos,
                        }));
                    }
                }
            }
            Some(b'[') => {
                if outer + stack.len() + 1 > max_depth {
                    return Err(depth_error(limits, at));
                }
                lx.pos += 1;
                lx.skip_ws();
                if lx.peek() == Some(b']') {
                    lx.pos += 1;
                    PyObj::List(Vec::new())
                } else {
                    stack.push(Frame::List(Vec::new()));
                    continue;
                }
            }
            Some(b'"') => PyObj::Str(lx.string()?.into_owned()),
            Some(b'-' | b'0'..=b'9') => match lx.number()? {
                Some(n) if n.is_int => {
                    let tok = NumTok {
                        start: n.start,
                        end: n.end,
                        neg: n.neg,
                        mag: None,
                    };
                    PyObj::Int(tok.py_str(text).to_string())
                }
                Some(n) => PyObj::Float(n.value_f64(text)),
                None => PyObj::Float(f64::NEG_INFINITY),
            },
            _ => match literal(lx)? {
                Leaf::Null => PyObj::None,
                Leaf::Bool(b) => PyObj::Bool(b),
                Leaf::Float(x) => PyObj::Float(x),
                _ => PyObj::None,
            },
        };
        // Attach the value to its container; close containers that end here.
        loop {
            let Some(top) = stack.last_mut() else {
                return Ok(value);
            };
            lx.skip_ws();
            match top {
                Frame::List(items) => {
                    items.push(value);
                    match lx.peek() {
                        Some(b',') => {
                            lx.pos += 1;
                            lx.skip_ws();
                            break;
                        }
                        Some(b']') => {
                            lx.pos += 1;
                            let Some(Frame::List(items)) = stack.pop() else {
                                return Ok(PyObj::None);
                            };
                            value = PyObj::List(items);
                        }
                        _ => {
                            return Err(ParseError::Syntax(SyntaxError {
                                msg: "Expecting ',' delimiter",
                                pos: lx.pos,
                            }));
                        }
                    }
                }
                Frame::Dict(items, pending, index) => {
                    let key = std::mem::take(pending);
                    // Duplicate keys: the last value wins, in the first key's place.
                    match index.get(&key).and_then(|&i| items.get_mut(i)) {
                        Some(slot) => slot.1 = value,
                        None => {
                            index.insert(key.clone(), items.len());
                            items.push((key, value));
                        }
                    }
                    match lx.peek() {
                        Some(b',') => {
                            lx.pos += 1;
                            lx.skip_ws();
                            if lx.peek() != Some(b'"') {
                                return Err(ParseError::Syntax(SyntaxError {
                                    msg: "Expecting property name enclosed in double quotes",
                                    pos: lx.pos,
                                }));
                            }
                            *pending = read_key(lx)?;
                            break;
                        }
                        Some(b'}') => {
                            lx.pos += 1;
                            let Some(Frame::Dict(items, _, _)) = stack.pop() else {
                                return Ok(PyObj::None);
                            };
                            value = PyObj::Dict(items);
                        }
                        _ => {
                            return Err(ParseError::Syntax(SyntaxError {
                                msg: "Expecting ',' delimiter",
                                pos: lx.pos,
                            }));
                        }
                    }
                }
            }
        }
    }
}

/// Read `"key"`, whitespace, `:` and whitespace.
fn read_key(lx: &mut Lexer<'_>) -> Result<String, ParseError> {
    let key = lx.string()?.into_owned();
    lx.skip_ws();
    if lx.peek() != Some(b':') {
        return Err(ParseError::Syntax(SyntaxError {
            msg: "Expecting ':' delimiter",
            pos: lx.pos,
        }));
    }
    lx.pos += 1;
    lx.skip_ws();
    Ok(key)
}
