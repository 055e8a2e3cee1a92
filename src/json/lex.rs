//! The JSON lexer: CPython's `json` scanner grammar for numbers, strings and literals, and
//! its `JSONDecodeError` messages. Numbers become [`Num`] tokens (digits accumulated with the
//! SWAR helpers of [`super::swar`]); strings are validated as strictly as Python's.

use std::borrow::Cow;

use crate::error::Error;
use crate::number::POW10_U64;

use super::num::Num;
use super::swar::{convert_eight, digit_run, digits_acc, leading_digits, non_digits};
use crate::python::text::INT_MAX_STR_DIGITS;

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

pub(super) const EXPECTING_VALUE: &str = "Expecting value";

impl<'a> Lexer<'a> {
    #[inline]
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
        let i = self.plain_run(open, start)?;
        if b[i] == b'"' {
            let s = std::str::from_utf8(&b[start..i]).map_err(|_| StrError::Utf8)?;
            self.pos = i + 1;
            return Ok(Cow::Borrowed(s));
        }
        // With escapes: build an owned string (its bytes checked as UTF-8 once, at the end).
        let mut out = Vec::with_capacity(i - start + 16);
        self.escaped(open, start, i, &mut out)?;
        String::from_utf8(out)
            .map(Cow::Owned)
            .map_err(|_| StrError::Utf8)
    }

    /// [`Lexer::string`] appended to `out` (a string array's shared buffer): the same rules,
    /// and the same `lone_surrogate` report, except that the text is not checked as UTF-8
    /// here (the caller checks the whole buffer once); on error `out` may hold part of the
    /// string.
    #[inline]
    pub fn string_into(&mut self, out: &mut Vec<u8>) -> Result<(), StrError> {
        self.lone_surrogate = None;
        let b = self.b;
        let open = self.pos;
        let start = open + 1;
        let i = self.plain_run(open, start)?;
        if b[i] == b'"' {
            out.extend_from_slice(&b[start..i]);
            self.pos = i + 1;
            return Ok(());
        }
        self.escaped(open, start, i, out)
    }

    /// The index of the first `"` or `\\` from `i` on, through bytes a string may hold as they
    /// are (a raw control character is an error). Eight bytes at a time while eight remain.
    #[inline(always)]
    fn plain_run(&self, open: usize, mut i: usize) -> Result<usize, StrError> {
        let b = self.b;
        while let Some(w) = b.get(i..i + 8) {
            let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
            match special_byte(w) {
                0 => i += 8,
                m => {
                    // The lowest flagged byte is exact; the byte loop below reads it.
                    i += (m.trailing_zeros() / 8) as usize;
                    break;
                }
            }
        }
        loop {
            match b.get(i) {
                None => return Err(StrError::Syntax(self.err(UNTERMINATED, open))),
                Some(b'"' | b'\\') => return Ok(i),
                Some(&c) if c < 0x20 => {
                    return Err(StrError::Syntax(self.err(CONTROL_CHAR, i)));
                }
                Some(_) => i += 1,
            }
        }
    }

    /// The rest of a string that has an escape at `i` (its text from `seg` not yet copied),
    /// appended to `out` (not checked as UTF-8: the caller does); the lexer then stands after
    /// the closing quote.
    fn escaped(
        &mut self,
        open: usize,
        mut seg: usize,
        mut i: usize,
        out: &mut Vec<u8>,
    ) -> Result<(), StrError> {
        let b = self.b;
        loop {
            match b.get(i) {
                None => return Err(StrError::Syntax(self.err(UNTERMINATED, open))),
                Some(b'"') => {
                    out.extend_from_slice(&b[seg..i]);
                    self.pos = i + 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    out.extend_from_slice(&b[seg..i]);
                    let esc = i;
                    let Some(&e) = b.get(i + 1) else {
                        return Err(StrError::Syntax(self.err(UNTERMINATED, open)));
                    };
                    i += 2;
                    match e {
                        b'"' => out.push(b'"'),
                        b'\\' => out.push(b'\\'),
                        b'/' => out.push(b'/'),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0c),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
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
                            let c = char::from_u32(c).unwrap_or_else(|| {
                                self.lone_surrogate.get_or_insert(esc);
                                char::REPLACEMENT_CHARACTER
                            });
                            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
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

/// A mask with the high bit of each byte of `w` that is `"`, `\\` or a control character
/// (below 0x20) set; exact for the lowest flagged byte (higher ones may be false positives).
#[inline(always)]
fn special_byte(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let quote = has_zero(w ^ (ONES * u64::from(b'"')));
    let backslash = has_zero(w ^ (ONES * u64::from(b'\\')));
    let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    quote | backslash | control
}

#[inline]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::xorshift as rng;

    fn lex(s: &str) -> Num {
        Lexer::new(s.as_bytes()).number().unwrap().unwrap()
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
}
