//! CPython's rules for reading numbers from text: `str.isspace()`, the Unicode decimal digits,
//! `int(str)` (base 10) and `float(str)`.
//!
//! Both readers start as CPython does (`Objects/unicodeobject.c`,
//! `_PyUnicode_TransformDecimalAndSpaceToASCII`): ASCII is kept, Unicode whitespace becomes a
//! space, Unicode decimal digits become ASCII digits, and the first other character ends the
//! text (CPython writes a `?` there, which no grammar accepts). The ASCII text is then read with
//! the C locale's whitespace only (`Py_ISSPACE`: space, `\t`, `\n`, `\v`, `\f`, `\r`), so the
//! ASCII separators U+001C..U+001F, which `str.isspace()` counts, are not stripped.
//!
//! The functions say what Python's result is; each caller words the error as its reference
//! does (`astype` quotes `np.str_(...)`, the JSON path turns a `ValueError` into a retry).

/// Python's `str.isspace()` (what `\s` matches in a `str` pattern): Unicode White_Space plus
/// the ASCII separators U+001C..U+001F.
pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The zero of every run of ten Unicode decimal digits (category Nd) in Python 3.11's Unicode
/// 14.0 database, ASCII included; `int()` and `float()` accept any of them as digits.
pub(super) const DECIMAL_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The value of a Unicode decimal digit (`unicodedata.decimal(c)`).
fn decimal_value(c: char) -> Option<u8> {
    let v = c as u32;
    // The table is sorted: find the last zero ≤ v.
    let i = DECIMAL_ZEROS.partition_point(|&z| z <= v);
    let z = *DECIMAL_ZEROS.get(i.checked_sub(1)?)?;
    (v - z < 10).then(|| (v - z) as u8)
}

/// `_PyUnicode_TransformDecimalAndSpaceToASCII`: ASCII kept, Unicode spaces → `' '`, Unicode
/// decimal digits → ASCII digits; the first other character becomes `?` and ends the text.
fn to_ascii(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c as u8);
        } else if is_py_space(c) {
            out.push(b' ');
        } else if let Some(d) = decimal_value(c) {
            out.push(b'0' + d);
        } else {
            out.push(b'?');
            break;
        }
    }
    out
}

/// `Py_ISSPACE`: C `isspace` in the "C" locale.
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// Where the number in `b` starts after C `strtol`'s prefix (leading [`is_c_space`] bytes and
/// one `+` or `-`), and whether the sign was `-`.
pub(crate) fn skip_space_and_sign(b: &[u8]) -> (usize, bool) {
    let i = b.iter().position(|&c| !is_c_space(c)).unwrap_or(b.len());
    match b.get(i) {
        Some(b'-') => (i + 1, true),
        Some(b'+') => (i + 1, false),
        _ => (i, false),
    }
}

/// `b` without leading and trailing [`is_c_space`] bytes.
fn trim_c_space(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|&c| !is_c_space(c)).unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|&c| !is_c_space(c))
        .map_or(start, |i| i + 1);
    &b[start..end]
}

/// CPython's limit on the digits of an `int` parsed from decimal text
/// (`sys.get_int_max_str_digits()`, default 4300).
pub(crate) const INT_MAX_STR_DIGITS: usize = 4300;

/// The value of Python's `int(s)` for a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PyIntParse {
    /// The value, when it fits in an `i128`.
    Small(i128),
    /// A valid integer too large for `i128` (it overflows every numpy integer type).
    Big,
}

/// Why Python's `int(s)` raises `ValueError`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IntTextError {
    /// `invalid literal for int() with base 10: ...`.
    Invalid,
    /// `Exceeds the limit (4300 digits) for integer string conversion: value has N digits; ...`
    /// (CPython counts the leading run of digits before it looks at what follows).
    TooManyDigits(usize),
}

/// Python's `int(s)` (base 10) for a `str` (`PyLong_FromUnicodeObject`): surrounding
/// whitespace, one sign, Unicode digits, single underscores between digits, at most
/// [`INT_MAX_STR_DIGITS`] digits.
pub(crate) fn py_int_from_str(s: &str) -> Result<PyIntParse, IntTextError> {
    let ascii = to_ascii(s);
    let b = ascii.as_slice();
    let (start, neg) = skip_space_and_sign(b);
    let mut i = start;
    // `PyLong_FromString`: the run of digits and single underscores (none leading, none
    // trailing), then the digit limit, then only whitespace may follow.
    let (mut digits, mut prev) = (0usize, None);
    while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit() || **c == b'_') {
        if c == b'_' && prev.is_none_or(|p| p == b'_') {
            return Err(IntTextError::Invalid);
        }
        digits += usize::from(c != b'_');
        prev = Some(c);
        i += 1;
    }
    if prev == Some(b'_') {
        return Err(IntTextError::Invalid);
    }
    if digits > INT_MAX_STR_DIGITS {
        return Err(IntTextError::TooManyDigits(digits));
    }
    if digits == 0 || !b[i..].iter().all(|&c| is_c_space(c)) {
        return Err(IntTextError::Invalid);
    }
    let mut v: i128 = 0;
    for &c in b[start..i].iter().filter(|c| c.is_ascii_digit()) {
        let d = i128::from(c - b'0');
        match v.checked_mul(10).and_then(|v| v.checked_add(d)) {
            Some(n) => v = n,
            None => return Ok(PyIntParse::Big),
        }
    }
    Ok(PyIntParse::Small(if neg { -v } else { v }))
}

/// Whether every `_` in `s` sits between two ASCII digits (PEP 515,
/// `_Py_string_to_number_with_underscores`).
fn underscores_ok(s: &[u8]) -> bool {
    s.iter().enumerate().all(|(i, &c)| {
        c != b'_'
            || (i > 0
                && s[i - 1].is_ascii_digit()
                && s.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
    })
}

/// Python's `float(s)` for a `str`: surrounding whitespace, Unicode digits, PEP 515
/// underscores, `inf`/`infinity`/`nan` in any case with an optional sign; decimal text is
/// rounded correctly (out-of-range magnitudes give ±inf or ±0). `None` is Python's
/// `ValueError`.
pub(crate) fn py_float_from_str(s: &str) -> Option<f64> {
    let ascii = to_ascii(s);
    let t = trim_c_space(&ascii);
    let (start, neg) = skip_space_and_sign(t);
    let body = &t[start..];
    let lower = body.to_ascii_lowercase();
    let special = match lower.as_slice() {
        b"inf" | b"infinity" => Some(f64::INFINITY),
        b"nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(v) = special {
        return Some(if neg { -v } else { v });
    }
    if !underscores_ok(body) {
        return None;
    }
    let clean: Vec<u8> = body.iter().copied().filter(|&c| c != b'_').collect();
    // Grammar: digits ["." [digits]] | "." digits, then [eE] [sign] digits.
    let mut i = 0;
    let int_digits = clean.iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if clean.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = clean[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    if matches!(clean.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(clean.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let e = clean[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if e == 0 {
            return None;
        }
        i += e;
    }
    if i != clean.len() {
        return None;
    }
    // The text now follows Python's grammar, which Rust's reads with the same correct rounding.
    let v: f64 = std::str::from_utf8(&clean).ok()?.parse().ok()?;
    Some(if neg { -v } else { v })
}
