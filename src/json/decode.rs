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
use crate::number::{POW10_U64, f64_to_f16};

use super::python::{INT_MAX_STR_DIGITS, PyObj};

/// numpy's `NPY_MAXDIMS`: `np.array` of a deeper nest raises `ValueError`.
pub(crate) use crate::limits::NPY_MAXDIMS;

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

/// `10^-k` correctly rounded, `k <= 22`.
const NEG_POW10: [f64; 23] = [
    1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14,
    1e-15, 1e-16, 1e-17, 1e-18, 1e-19, 1e-20, 1e-21, 1e-22,
];

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

    /// The narrowed value (`narrow` = the f64 → f32 or f16 rounding) without computing the
    /// correctly rounded double, when that cannot matter: the double approximation
    /// `m · 10^-k` (three roundings) is within 3 ulp of the exact decimal value, so the
    /// correctly rounded double lies within 4 ulp of it (a step of the bit pattern is at least
    /// an ulp there, on either side of a power of two); between the approximation ± 8 steps,
    /// if both ends narrow to the same value, so does it (rounding is monotonic). For decimal reprs of float32 values (the usual body)
    /// this always holds. `None` when it does not, or the digits do not allow it.
    #[inline(always)]
    pub fn narrow_bracket<T: PartialEq + std::ops::Neg<Output = T>>(
        self,
        narrow: impl Fn(f64) -> T,
    ) -> Option<T> {
        if self.dropped || self.m == 0 || !(-22..=22).contains(&self.exp10) {
            return None;
        }
        // The signed conversion is one instruction (the unsigned one about six); m < 10^19
        // may exceed i64::MAX, and such a token takes the general path.
        let v = i64::try_from(self.m).ok()? as f64;
        let k = self.exp10.unsigned_abs() as usize;
        // A multiplication by the rounded 10^-k, not a division by 10^k: three roundings of
        // half an ulp each (m, 10^-k, the product), so x is within 3 ulp of the exact value.
        let x = if self.exp10 < 0 {
            v * NEG_POW10[k]
        } else {
            v * POW10[k]
        };
        let bits = x.to_bits();
        let lo = narrow(f64::from_bits(bits - 8));
        let hi = narrow(f64::from_bits(bits + 8));
        if lo != hi {
            return None;
        }
        Some(if self.neg { -lo } else { lo })
    }

    /// The value as Python's `float()` gives it: correctly rounded to the nearest double (an
    /// integer token `-0` is `0.0`, as `float(int("-0"))` is).
    #[inline(always)]
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
                return with_sign(v, self.neg);
            }
            if self.exp10 == 0 {
                // `u64 as f64` rounds to nearest, ties to even, like Python's int → float.
                let v = self.m as f64;
                return with_sign(v, self.neg);
            }
            let v = if self.exp10 > 0 {
                // An exact integer when it fits in 128 bits; `u128 as f64` rounds correctly.
                POW10_U128
                    .get(self.exp10 as usize)
                    .and_then(|p| u128::from(self.m).checked_mul(*p))
                    .map(|v| v as f64)
            } else {
                div_pow10_exact(self.m, (-self.exp10) as usize)
            };
            if let Some(v) = v {
                return with_sign(v, self.neg);
            }
        }
        parse_f64_slow(text, self.start, self.end)
    }
}

/// `v` (positive) negated when `neg`, by setting the sign bit: the sign of a random-signed
/// float column is unpredictable, and a branch on it mispredicts every other element.
#[inline(always)]
fn with_sign(v: f64, neg: bool) -> f64 {
    f64::from_bits(v.to_bits() | (u64::from(neg) << 63))
}

/// The general case: the standard library's parser is correctly rounded for any number of
/// digits. The token is ASCII, so the UTF-8 check cannot fail.
#[cold]
#[inline(never)]
fn parse_f64_slow(text: &[u8], start: usize, end: usize) -> f64 {
    text.get(start..end)
        .and_then(|t| std::str::from_utf8(t).ok())
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(f64::NAN)
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
    /// Offset of a lone surrogate escape in the last string lexed (a valid Python `str` that
    /// no Rust string can hold; it stood in as U+FFFD).
    pub lone_surrogate: Option<usize>,
}

const EXPECTING_VALUE: &str = "Expecting value";

impl<'a> Lexer<'a> {
    pub fn new(b: &'a [u8]) -> Self {
        Lexer {
            b,
            pos: 0,
            lone_surrogate: None,
        }
    }

    #[inline]
    pub fn skip_ws(&mut self) {
        while let Some(&c) = self.b.get(self.pos) {
            if c > b' ' || !(c == b' ' || c == b'\n' || c == b'\r' || c == b'\t') {
                break;
            }
            self.pos += 1;
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
    #[inline(always)]
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
        // Integer part: `0`, or a run of digits not starting with 0. The significant digits
        // (the integer part unless it is the lone `0`, then the fraction) are accumulated
        // while scanning; up to 19 of them fit in a u64 exactly.
        let int_start = i;
        let (mut m, mut nd) = (0u64, 0usize);
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => (i, m, nd) = digits_acc(b, i, 0, 0),
            _ => return Err(self.err(EXPECTING_VALUE, start)),
        }
        let int_len = i - int_start;
        let mut is_int = true;
        let mut frac_len = 0usize;
        if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            is_int = false;
            let nd0 = nd;
            (i, m, nd) = digits_acc(b, i + 1, m, nd);
            frac_len = nd - nd0;
        }
        let mut exp: i64 = 0;
        if let Some(b'e' | b'E') = b.get(i) {
            let mut j = i + 1;
            let eneg = b.get(j) == Some(&b'-');
            if matches!(b.get(j), Some(b'+' | b'-')) {
                j += 1;
            }
            if b.get(j).is_some_and(u8::is_ascii_digit) {
                is_int = false;
                while let Some(&c) = b.get(j) {
                    if !c.is_ascii_digit() {
                        break;
                    }
                    // Saturate: beyond this every value is 0 or inf anyway.
                    if exp < 1_000_000_000 {
                        exp = exp * 10 + i64::from(c - b'0');
                    }
                    j += 1;
                }
                if eneg {
                    exp = -exp;
                }
                i = j;
            }
        }
        if is_int && int_len > INT_MAX_STR_DIGITS {
            // CPython's int() digit limit: a ValueError out of json.loads itself.
            return Err(self.err(INT_DIGITS_MSG, start));
        }
        let dropped = nd > 19;
        let exp10 = exp - frac_len as i64;
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

    /// After a scalar in a row: consume `,` and the whitespace around it and return `true`
    /// when another scalar of the row should follow (`nested`: inside a list); else stop at the
    /// next non-whitespace byte. json.dumps's `", "` takes one two-byte compare.
    #[inline(always)]
    pub fn row_separator(&mut self, nested: bool) -> bool {
        if nested && self.b.get(self.pos..).is_some_and(|r| r.starts_with(b", ")) {
            self.pos += 2;
            if self.peek().is_some_and(|c| c <= b' ') {
                self.skip_ws();
            }
            return true;
        }
        self.skip_ws();
        if !nested || self.peek() != Some(b',') {
            return false;
        }
        self.pos += 1;
        self.skip_ws();
        true
    }

    /// The common float token `-?D.DDD…` (one integer digit, 1 to 22 fraction digits, no
    /// exponent: Python's repr of any float in [1e-4, 10), so of nearly every element of a
    /// float32 or normalised float64 request) lexed with three unconditional 8-byte chunks
    /// instead of a loop, and whether json.dumps's `", "` follows it (then also consumed).
    /// `None` when the token is anything else (or lies within 26 bytes of the end): then
    /// [`Lexer::number`] lexes it; whatever this accepts, it lexes the same.
    #[inline(always)]
    pub fn short_float(&mut self) -> Option<(Num, bool)> {
        let b = self.b;
        let start = self.pos;
        let neg = b.get(start) == Some(&b'-');
        let q = start + usize::from(neg);
        let w: &[u8; 26] = b.get(q..q + 26)?.try_into().ok()?;
        let d0 = w[0].wrapping_sub(b'0');
        if d0 > 9 || w[1] != b'.' {
            return None;
        }
        let chunk = |i: usize| {
            let mut a = [0u8; 8];
            a.copy_from_slice(&w[i..i + 8]);
            u64::from_le_bytes(a)
        };
        let (c1, c2) = (chunk(2), chunk(10));
        let d17 = w[18].wrapping_sub(b'0');
        // An 18th digit (`&`, not `&&`: whether a 17th is there is random).
        let longer = (d17 <= 9) & w[19].is_ascii_digit();
        let (m, nf) = if non_digits(c1) | non_digits(c2) == 0 && !longer {
            // 16 or 17 fraction digits (every float32 repr in [0.1, 1) and most others), with
            // one digit test for both chunks and the 17th digit, if any, applied without a
            // branch (16 and 17 alternate at random); hi < 10^17, so nothing overflows.
            let hi = (u64::from(d0) * 100_000_000 + u64::from(convert_eight(c1))) * 100_000_000
                + u64::from(convert_eight(c2));
            let has17 = d17 <= 9;
            let (mul, add) = std::hint::select_unpredictable(has17, (10, u64::from(d17)), (1, 0));
            (hi * mul + add, 16 + usize::from(has17))
        } else {
            self.short_float_digits(w, d0)?
        };
        // The token's end lies inside the window (nf <= 22). json.dumps's `", "` after it (then
        // consumed too) rules out an exponent with the same compare.
        let end = q + 2 + nf;
        let after = w.get(2 + nf..4 + nf)?;
        let sep = after == b", ";
        if !sep && after[0] | 0x20 == b'e' {
            return None;
        }
        self.pos = if sep { end + 2 } else { end };
        Some((
            Num {
                start,
                end,
                neg,
                is_int: false,
                m,
                exp10: -(nf as i64),
                dropped: false,
            },
            sep,
        ))
    }

    /// [`Lexer::short_float`]'s digits for any fraction length: `(m, fraction digits)`, or
    /// `None` for a token it leaves to [`Lexer::number`].
    #[inline(always)]
    fn short_float_digits(&self, w: &[u8; 26], d0: u8) -> Option<(u64, usize)> {
        let chunk = |i: usize| {
            let mut a = [0u8; 8];
            a.copy_from_slice(&w[i..i + 8]);
            u64::from_le_bytes(a)
        };
        let (c1, c2, c3) = (chunk(2), chunk(10), chunk(18));
        let (n1, n2, n3) = (digit_run(c1), digit_run(c2), digit_run(c3));
        Some(if n1 < 8 {
            // No digit after the point is not a fraction (CPython ends the number at `.`).
            if n1 == 0 {
                return None;
            }
            (
                u64::from(d0) * POW10_U64[n1] + u64::from(leading_digits(c1, n1)),
                n1,
            )
        } else if n2 < 8 {
            let hi = u64::from(d0) * 100_000_000 + u64::from(convert_eight(c1));
            (
                hi * POW10_U64[n2] + u64::from(leading_digits(c2, n2)),
                8 + n2,
            )
        } else {
            // 16 fraction digits or more (float32 reprs have 16 or 17 after `0.`).
            let hi = (u64::from(d0) * 100_000_000 + u64::from(convert_eight(c1))) * 100_000_000
                + u64::from(convert_eight(c2));
            if n3 <= 1 {
                // The 17th digit, if any, without a branch (16 and 17 alternate at random);
                // hi < 10^17, so nothing overflows.
                let d = (c3 as u8).wrapping_sub(b'0');
                let (mul, add) = if n3 == 1 { (10, u64::from(d)) } else { (1, 0) };
                (hi * mul + add, 16 + n3)
            } else {
                if n3 > 6 {
                    return None;
                }
                let lo = leading_digits(c3, n3);
                (
                    hi.checked_mul(POW10_U64[n3])?.checked_add(u64::from(lo))?,
                    16 + n3,
                )
            }
        })
    }

    /// Lex a string at its opening quote, as CPython's strict scanner does.
    pub fn string(&mut self) -> Result<Cow<'a, str>, StrError> {
        self.lone_surrogate = None;
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
                            out.push(char::from_u32(c).unwrap_or_else(|| {
                                self.lone_surrogate.get_or_insert(esc);
                                char::REPLACEMENT_CHARACTER
                            }));
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

#[cfg(test)]
/// The value of the eight ASCII digits at `b[i..i + 8]`, if they are all digits (SWAR, as in
/// simdjson / fast_float).
#[inline]
fn eight_digits(b: &[u8], i: usize) -> Option<u32> {
    let chunk: [u8; 8] = b.get(i..i + 8)?.try_into().ok()?;
    let v = u64::from_le_bytes(chunk);
    let all_digits = ((v & 0xF0F0_F0F0_F0F0_F0F0)
        | ((v.wrapping_add(0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4))
        == 0x3333_3333_3333_3333;
    if !all_digits {
        return None;
    }
    Some(convert_eight(v))
}

/// `m / 10^k` correctly rounded, for a positive `m` and `1 <= k <= 22`, when an exact check
/// in 128-bit integers can decide it; `None` otherwise (the caller then uses the standard
/// library's parser).
///
/// The double division `x = (m as f64) / 10^k` is within about one ulp of the exact quotient
/// `v`. With `x = mant·2^e`, `(v - x)·2^(1-e)·10^k = m·2^(1-e) - 2·mant·10^k`, and half an ulp
/// of `x` scales to `10^k`: comparing those integers says whether `x` is the nearest double,
/// a tie (then the even one wins), or its neighbour is.
#[inline]
fn div_pow10_exact(m: u64, k: usize) -> Option<f64> {
    use std::cmp::Ordering::{Equal, Greater, Less};
    let p10 = *POW10_U128.get(k)?;
    let x = m as f64 / *POW10.get(k)?;
    let bits = x.to_bits();
    let be = (bits >> 52) & 0x7ff;
    if be == 0 || be == 0x7ff {
        return None;
    }
    let mant = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    let shift = u32::try_from(1 - (be as i64 - 1075)).ok()?;
    let a = u128::from(m);
    if shift >= 128 || a.leading_zeros() < shift {
        return None;
    }
    let a = a << shift;
    // 2·mant < 2^54 and 10^k ≤ 10^22 < 2^74: the product fits (a plain multiplication; a
    // checked u128 one is a library call).
    let b = u128::from(mant << 1) * p10;
    let even = mant & 1 == 0;
    if a >= b {
        let d = a - b;
        match d.cmp(&p10) {
            Less => Some(x),
            Equal => Some(if even { x } else { f64::from_bits(bits + 1) }),
            // Between half an ulp and 1.5 ulp above: the next double up is the nearest.
            Greater if d < 3 * p10 => Some(f64::from_bits(bits + 1)),
            Greater => None,
        }
    } else {
        if mant == 1u64 << 52 {
            // The double below is half an ulp away: not worth a special case.
            return None;
        }
        let d = b - a;
        match d.cmp(&p10) {
            Less => Some(x),
            Equal => Some(if even { x } else { f64::from_bits(bits - 1) }),
            Greater if d < 3 * p10 => Some(f64::from_bits(bits - 1)),
            Greater => None,
        }
    }
}

const POW10_U128: [u128; 23] = {
    let mut t = [1u128; 23];
    let mut i = 1;
    while i < 23 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// Scan the run of ASCII digits at `i`, accumulating them into `m` (`nd` digits so far)
/// while the total stays within 19; returns the end, the value and the total digit count
/// (over 19: `m` is incomplete). Eight bytes at a time: a byte is a digit when neither
/// `c - 0x30` nor `c + 0x46` sets its top bit (carries and borrows only run towards later
/// bytes, so the first non-digit is found exactly); the digits of a chunk are shifted to its
/// top with `'0'` padding below and converted with the SWAR eight-digit trick.
#[inline(always)]
fn digits_acc(b: &[u8], mut i: usize, mut m: u64, mut nd: usize) -> (usize, u64, usize) {
    while let Some(chunk) = b.get(i..i + 8) {
        let mut a = [0u8; 8];
        a.copy_from_slice(chunk);
        let v = u64::from_le_bytes(a);
        let non_digit = (v.wrapping_sub(0x3030_3030_3030_3030)
            | v.wrapping_add(0x4646_4646_4646_4646))
            & 0x8080_8080_8080_8080;
        let n = if non_digit == 0 {
            8
        } else {
            (non_digit.trailing_zeros() / 8) as usize
        };
        if n > 0 && nd + n <= 19 {
            let v = if n == 8 {
                v
            } else {
                (v << (8 * (8 - n))) | (0x3030_3030_3030_3030u64 >> (8 * n))
            };
            m = m * POW10_U64[n] + u64::from(convert_eight(v));
        }
        nd += n;
        i += n;
        if n < 8 {
            return (i, m, nd);
        }
    }
    while let Some(&c) = b.get(i) {
        if !c.is_ascii_digit() {
            break;
        }
        if nd < 19 {
            m = m * 10 + u64::from(c - b'0');
        }
        nd += 1;
        i += 1;
    }
    (i, m, nd)
}

/// The value of eight ASCII digits packed little-endian in `v` (SWAR, as in fast_float).
#[inline(always)]
fn convert_eight(v: u64) -> u32 {
    const MASK: u64 = 0x0000_00FF_0000_00FF;
    const MUL1: u64 = 100 + (1_000_000 << 32);
    const MUL2: u64 = 1 + (10_000 << 32);
    let mut v = v.wrapping_sub(0x3030_3030_3030_3030);
    v = v.wrapping_mul(10).wrapping_add(v >> 8);
    v = ((v & MASK)
        .wrapping_mul(MUL1)
        .wrapping_add(((v >> 16) & MASK).wrapping_mul(MUL2)))
        >> 32;
    v as u32
}

/// How many of the eight bytes packed little-endian in `v` are ASCII digits before the first
/// non-digit (8 when all are), by the test [`digits_acc`] describes.
#[inline(always)]
fn digit_run(v: u64) -> usize {
    (non_digits(v).trailing_zeros() / 8) as usize
}

/// The top bit of each byte of `v` that is not an ASCII digit, for bytes up to and including
/// the first such byte (carries and borrows run only towards later bytes); 0 when all eight
/// are digits.
#[inline(always)]
fn non_digits(v: u64) -> u64 {
    (v.wrapping_sub(0x3030_3030_3030_3030) | v.wrapping_add(0x4646_4646_4646_4646))
        & 0x8080_8080_8080_8080
}

/// The value of the first `n` (0 to 8) ASCII digits packed little-endian in `v`: shifted to
/// the top of the word with `'0'` padding below, then converted as eight digits. No branch on
/// `n` (a shift by 64 is 0 here), so a varying digit count costs no misprediction.
#[inline(always)]
fn leading_digits(v: u64, n: usize) -> u32 {
    let k = 8 * (8 - n as u32);
    let top = v.checked_shl(k).unwrap_or(0);
    let pad = 0x3030_3030_3030_3030u64.checked_shr(64 - k).unwrap_or(0);
    convert_eight(top | pad)
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

    /// `n >= 1` scalars in a row at the current level.
    #[inline]
    pub fn scalars(&mut self, n: usize) -> Result<(), ShapeError> {
        self.scalar()?;
        if let Some(l) = self.level.checked_sub(1) {
            self.counts[l] += n - 1;
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
pub(crate) fn fast<T: FastElem>(text: &[u8], limits: &Limits) -> Option<(Vec<usize>, Vec<T>)> {
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

/// `np.array(obj)` for a nest of JSON numbers that numpy makes int64 or float64 (the common
/// request without a dtype); `None` when the general reader must decide.
pub(crate) fn fast_infer(text: &[u8], limits: &Limits) -> Option<(Vec<usize>, Inferred)> {
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

/// A scalar of the array nest, as the Python object `json.loads` made.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Leaf<'a> {
    /// A JSON integer (Python `int`): the token.
    Int(NumTok),
    /// A JSON float, `NaN` or `±Infinity` (Python `float`).
    Float(f64),
    Str(Cow<'a, str>),
    /// A string with a lone surrogate escape at this offset: true in `bool`, a `ValueError`
    /// for numbers, and a string no Rust array can hold.
    LoneSurrogate(usize),
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
            Some(b'"') => {
                let st = lx.string()?;
                Some(match lx.lone_surrogate {
                    Some(pos) => Leaf::LoneSurrogate(pos),
                    None => Leaf::Str(st),
                })
            }
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
            Some(b'"') => {
                let st = lx.string()?.into_owned();
                if let Some(pos) = lx.lone_surrogate {
                    return Err(StrError::Surrogate(pos).into());
                }
                PyObj::Str(st)
            }
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
    if let Some(pos) = lx.lone_surrogate {
        return Err(StrError::Surrogate(pos).into());
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(s: &str) -> Num {
        Lexer::new(s.as_bytes()).number().unwrap().unwrap()
    }

    /// Deterministic pseudo-random numbers (xorshift), no dependency.
    fn rng(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    #[test]
    fn floats_are_correctly_rounded() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut texts: Vec<String> = vec![
            "0.26978665590286255".into(),
            "0.8506242036819458".into(),
            "9007199254740993".into(),
            "9007199254740993.0".into(),
            "1e400".into(),
            "-1e-400".into(),
            "2.2250738585072014e-308".into(),
            "4.9e-324".into(),
            "1.7976931348623157e308".into(),
            "123456789012345678901234567890".into(),
            "0.000000000000000000000000000001".into(),
            "-0.0".into(),
            "18446744073709551615".into(),
            "18446744073709551616".into(),
            "1.00000000000000011102230246251565404236316680908203125".into(),
            "1.00000000000000011102230246251565404236316680908203124".into(),
            "7.3177701707893310e+15".into(),
            "1e000000000000000000001".into(),
            "0.00000000000000000000000000000000000001e38".into(),
            "123456789012345678.5".into(),
            "1.000000059604644775390625".into(),
            "1.0000000596046447753906250001".into(),
            "1.00000005960464477".into(),
            "1.00000005960464478".into(),
            "3.4028235677973366e38".into(),
            "3.4028235677973365e38".into(),
            "2049.0000000000005".into(),
            "2049.0000000000000".into(),
            "0.000030517578125".into(),
        ];
        for _ in 0..20000 {
            let r = rng(&mut seed);
            let x = f64::from_bits(r >> 2);
            let y = f64::from(f32::from_bits((r >> 33) as u32 & 0x3fff_ffff));
            texts.push(format!("{x:e}"));
            texts.push(format!("{y}"));
            texts.push(format!("{}", (r % 100_000_000_000_000_000) as f64 / 1e17));
            texts.push(format!("0.{:017}", r % 100_000_000_000_000_000));
            texts.push(format!("{}.{:05}e-3", r % 1_000_000_000_000, r % 99_999));
            // Near float32 / float16 rounding midpoints.
            let f = f32::from_bits((r >> 40) as u32 & 0x7f7f_ffff);
            let mid = (f64::from(f) + f64::from(f32::from_bits(f.to_bits() + 1))) / 2.0;
            texts.push(format!("{mid:e}"));
            texts.push(format!("{:.17e}", mid));
            let h = half::f16::from_bits((r >> 20) as u16 & 0x7bff).to_f64();
            texts.push(format!("{:.16e}", h + h * 2f64.powi(-11)));
        }
        // The same values negative (the narrowing brackets a signed double).
        let negated: Vec<String> = texts
            .iter()
            .filter(|t| !t.starts_with('-'))
            .map(|t| format!("-{t}"))
            .collect();
        texts.extend(negated);
        for t in &texts {
            let want: f64 = t.parse().unwrap();
            let n = lex(t);
            assert_eq!(n.end, t.len(), "{t}");
            let got = n.value_f64(t.as_bytes());
            let want = if n.is_int && want == 0.0 { 0.0 } else { want };
            assert_eq!(got.to_bits(), want.to_bits(), "{t}: {got:e} vs {want:e}");
            if let Some(f) = n.narrow_bracket(|x| x as f32) {
                assert_eq!(f.to_bits(), (want as f32).to_bits(), "{t} as f32");
            }
            if let Some(h) = n.narrow_bracket(f64_to_f16) {
                assert_eq!(h.to_bits(), f64_to_f16(want).to_bits(), "{t} as f16");
            }
        }
    }

    /// Whatever `short_float` accepts, it lexes exactly as `number` does.
    #[test]
    fn short_floats_lex_as_numbers() {
        let mut seed = 0x0bad_5eed_1234_5678u64;
        let mut toks: Vec<String> = [
            "0.5",
            "0.0",
            "-0.0",
            "9.999999999999999999",
            "9.9999999999999999999",
            "0.1e5",
            "1.5E-3",
            "1.",
            "1.x",
            "00.5",
            "-",
            "-1",
            "12.5",
            "1.5e",
            "0.00012345678901234567",
            "0.000123456789012345678",
            "0.12345678901234567890123",
            "9.223372036854775807",
            "9.223372036854775808",
            "1.8446744073709551615",
            "1.8446744073709551616",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        for _ in 0..20000 {
            let r = rng(&mut seed);
            let f = f32::from_bits((r >> 40) as u32 & 0x3fff_ffff);
            toks.push(format!("{}", f64::from(f)));
            toks.push(format!("-{}", f64::from(f) / 8.0));
            let digits = (r % 24) as usize;
            toks.push(format!(
                "{}.{:0>w$}",
                r % 10,
                (r >> 8) % 10u64.pow(digits.min(19) as u32),
                w = digits
            ));
        }
        let mut checked = 0;
        for t in &toks {
            for tail in [
                "",
                ", 0.5, 0.25, 0.125, 1.0]]",
                "]",
                "e5, 1.0, 2.0, 3.0, 4.0]",
                "E+1, 1.0, 2.0, 3.0]",
                "],[1.0, 2.0, 3.0, 4.0, 5.0]]",
                ",  0.5, 0.25, 0.125, 1.0]]",
                ",0.5, 0.25, 0.125, 1.0, 2.0]]",
                " , 0.5, 0.25, 0.125, 1.0]]",
            ] {
                let text = format!("{t}{tail}");
                let b = text.as_bytes();
                let mut lx = Lexer::new(b);
                let Some((s, sep)) = lx.short_float() else {
                    continue;
                };
                checked += 1;
                let n = Lexer::new(b).number().unwrap().unwrap();
                assert_eq!((s.start, s.end), (n.start, n.end), "{text}");
                assert_eq!(sep, tail.starts_with(", "), "{text}");
                assert_eq!(lx.pos, if sep { n.end + 2 } else { n.end }, "{text}");
                assert_eq!((s.neg, s.is_int), (n.neg, n.is_int), "{text}");
                assert_eq!(s.value_f64(b).to_bits(), n.value_f64(b).to_bits(), "{text}");
                let want = n.value_f64(b) as f32;
                if let Some(f) = s.narrow_bracket(|x| x as f32) {
                    assert_eq!(f.to_bits(), want.to_bits(), "{text}");
                }
            }
        }
        assert!(checked > 25_000, "{checked}");
        // Too close to the end, or not the short shape: left to `number`.
        for t in [
            "0.5",
            "0.5]",
            "12.5, 1.0, 2.0, 3.0, 4.0, 5.0]",
            "1.e5, 1.0, 2.0, 3.0, 4.0]",
        ] {
            assert!(Lexer::new(t.as_bytes()).short_float().is_none(), "{t}");
        }
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
            let (shape, got) = fast::<f32>(t, &Limits::default()).unwrap();
            assert_eq!(shape, [rows, cols]);
            let w32: Vec<u32> = want.iter().map(|&x| (x as f32).to_bits()).collect();
            assert_eq!(
                got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                w32,
                "{sep:?}"
            );
            let (_, got) = fast::<f64>(t, &Limits::default()).unwrap();
            let w64: Vec<u64> = want.iter().map(|x| x.to_bits()).collect();
            assert_eq!(
                got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                w64,
                "{sep:?}"
            );
            let (_, got) = fast::<half::f16>(t, &Limits::default()).unwrap();
            let w16: Vec<u16> = want.iter().map(|&x| f64_to_f16(x).to_bits()).collect();
            assert_eq!(
                got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                w16,
                "{sep:?}"
            );
            for max in [rows * cols, rows * cols - 1, cols, cols + 1, 2 * cols - 1] {
                let limits = Limits::default().with_max_elements(max);
                assert_eq!(
                    fast::<f32>(t, &limits).is_some(),
                    max >= rows * cols,
                    "{max} {sep:?}"
                );
            }
        }
        // A top-level scalar is never followed by more.
        assert!(
            fast::<f32>(
                b"0.12345678901234567, 0.5, 0.5, 0.5, 0.5",
                &Limits::default()
            )
            .is_none()
        );
    }

    #[test]
    fn eight_digit_chunks() {
        assert_eq!(eight_digits(b"12345678", 0), Some(12_345_678));
        assert_eq!(eight_digits(b"00000009x", 0), Some(9));
        assert_eq!(eight_digits(b"1234567a", 0), None);
        assert_eq!(eight_digits(b"1234/678", 0), None);
        assert_eq!(eight_digits(b"1234567", 0), None);
    }

    #[test]
    fn number_grammar_is_cpythons() {
        let n = lex("1.e5");
        assert_eq!((n.end, n.is_int), (1, true));
        let n = lex("1e+");
        assert_eq!((n.end, n.is_int), (1, true));
        let n = lex("-0.5E-2,");
        assert_eq!((n.end, n.is_int), (7, false));
        assert!(Lexer::new(b"-").number().is_err());
        assert!(Lexer::new(b"-x").number().is_err());
        assert!(Lexer::new(b"-Infinity").number().unwrap().is_none());
        let big = "9".repeat(4301);
        assert!(Lexer::new(big.as_bytes()).number().is_err());
        let ok = "9".repeat(4300);
        assert!(Lexer::new(ok.as_bytes()).number().is_ok());
    }

    #[test]
    fn shape_tracker_rules() {
        let run = |s: &str| {
            let mut tr = ShapeTracker::new();
            for c in s.chars() {
                let r = match c {
                    '[' => tr.open(64),
                    ']' => tr.close(),
                    _ => tr.scalar(),
                };
                if r.is_err() {
                    return None;
                }
            }
            Some(tr.shape())
        };
        assert_eq!(run("[[xx][xx]]"), Some(vec![2, 2]));
        assert_eq!(run("[[][]]"), Some(vec![2, 0]));
        assert_eq!(run("[[[]][[]]]"), Some(vec![2, 1, 0]));
        assert_eq!(run("[]"), Some(vec![0]));
        assert_eq!(run("x"), Some(vec![]));
        for ragged in [
            "[[x][xx]]",
            "[[xx]x]",
            "[x[x]]",
            "[[][x]]",
            "[[x][]]",
            "[[][[]]]",
            "[[]x]",
        ] {
            assert_eq!(run(ragged), None, "{ragged}");
        }
        let deep = format!("{}x{}", "[".repeat(65), "]".repeat(65));
        assert_eq!(run(&deep), None);
        let ok = format!("{}x{}", "[".repeat(64), "]".repeat(64));
        assert_eq!(run(&ok).map(|s| s.len()), Some(64));
    }
}
