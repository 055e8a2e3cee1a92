//! The Python built-ins numpy calls per element while it fills an array from Python objects:
//! `int(str)`, `float(str)`, `str(x)` / `repr(x)`, as CPython 3.11 defines them.
//!
//! The reference decodes JSON with `json.loads` and then runs `np.array(obj, dtype=...)`; for
//! each element numpy's `setitem` calls `int(x)`, `float(x)`, `bool(x)` or `str(x)`. Only the
//! parts JSON values can reach are here (str, int, float, bool, None, dict, list).

use crate::pyrepr::is_py_space;
use crate::pyrepr::str_repr_into;

/// A JSON value as the Python object `json.loads` made of it, for the values that are not part
/// of the array structure (objects, and everything nested inside them).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PyObj {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// A Python `int`, kept as its decimal text (JSON integers have no size limit).
    Int(String),
    /// A Python `float`.
    Float(f64),
    /// A Python `str`.
    Str(String),
    /// A Python `list`.
    List(Vec<PyObj>),
    /// A Python `dict` with string keys, in insertion order, keys unique (last value wins, first
    /// position kept, as `dict(pairs)` does).
    Dict(Vec<(String, PyObj)>),
}

impl PyObj {
    /// Python truthiness (`bool(x)`).
    pub(crate) fn truthy(&self) -> bool {
        match self {
            PyObj::None => false,
            PyObj::Bool(b) => *b,
            PyObj::Int(t) => t.bytes().any(|c| c.is_ascii_digit() && c != b'0'),
            PyObj::Float(x) => *x != 0.0,
            PyObj::Str(s) => !s.is_empty(),
            PyObj::List(v) => !v.is_empty(),
            PyObj::Dict(v) => !v.is_empty(),
        }
    }

    /// Python's type name, for `TypeError` messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            PyObj::None => "NoneType",
            PyObj::Bool(_) => "bool",
            PyObj::Int(_) => "int",
            PyObj::Float(_) => "float",
            PyObj::Str(_) => "str",
            PyObj::List(_) => "list",
            PyObj::Dict(_) => "dict",
        }
    }

    /// `repr(x)` (which is also `str(x)` for containers). Recursion depth is bounded by the
    /// parser's nesting limit (at most [`crate::json::decode::PY_MAX_NESTING`]).
    pub(crate) fn repr_into(&self, out: &mut String) {
        match self {
            PyObj::None => out.push_str("None"),
            PyObj::Bool(true) => out.push_str("True"),
            PyObj::Bool(false) => out.push_str("False"),
            PyObj::Int(t) => out.push_str(t),
            PyObj::Float(x) => float_repr_into(*x, out),
            PyObj::Str(s) => str_repr_into(s, out),
            PyObj::List(v) => {
                out.push('[');
                for (i, x) in v.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    x.repr_into(out);
                }
                out.push(']');
            }
            PyObj::Dict(v) => {
                out.push('{');
                for (i, (k, x)) in v.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    str_repr_into(k, out);
                    out.push_str(": ");
                    x.repr_into(out);
                }
                out.push('}');
            }
        }
    }

    /// `repr(x)` as a new string.
    pub(crate) fn repr(&self) -> String {
        let mut s = String::new();
        self.repr_into(&mut s);
        s
    }
}

/// Python's `repr(float)` (= `str(float)`): the shortest text that round-trips, in fixed
/// notation when the decimal exponent is in `-4..16`, else `1e+16` / `1.5e-05` style; `.0` is
/// appended to integral fixed values; `nan`, `inf`, `-inf`.
pub(crate) fn float_repr_into(x: f64, out: &mut String) {
    let mut text = Vec::with_capacity(32);
    crate::number::write_py_str_f64(&mut text, x);
    // The text is ASCII, so each byte is one char.
    out.extend(text.iter().map(|&b| char::from(b)));
}

/// `repr(float)` as a new string.
pub(crate) fn float_repr(x: f64) -> String {
    let mut s = String::new();
    float_repr_into(x, &mut s);
    s
}

/// The zero of every run of ten Unicode decimal digits (category Nd) in Python 3.11's Unicode
/// 14.0 database; `int()` and `float()` accept any of them as digits.
const DECIMAL_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

fn decimal_value(c: char) -> Option<u8> {
    let v = c as u32;
    // The table is sorted: find the last zero ≤ v.
    let i = DECIMAL_ZEROS.partition_point(|&z| z <= v);
    let z = *DECIMAL_ZEROS.get(i.checked_sub(1)?)?;
    (v - z < 10).then(|| (v - z) as u8)
}

/// CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII` then strip: Unicode digits become
/// ASCII digits, Unicode spaces become spaces, anything else non-ASCII makes the text invalid;
/// leading and trailing spaces are removed. `None` if a non-ASCII character is left.
fn to_ascii_number_text(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            // ASCII is kept as it is (so U+001C..U+001F stay and make the text invalid).
            out.push(c);
        } else if is_py_space(c) {
            out.push(' ');
        } else {
            out.push(char::from(b'0' + decimal_value(c)?));
        }
    }
    // C `isspace` in the "C" locale: space, \t, \n, \v, \f, \r.
    Some(
        out.trim_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r'])
            .to_string(),
    )
}

/// Whether every `_` in `s` sits between two ASCII digits (PEP 515).
fn underscores_ok(s: &[u8]) -> bool {
    s.iter().enumerate().all(|(i, &c)| {
        c != b'_'
            || (i > 0
                && s[i - 1].is_ascii_digit()
                && s.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
    })
}

/// CPython's limit on the digits of an `int` parsed from decimal text
/// (`sys.get_int_max_str_digits()`, default 4300).
pub(crate) const INT_MAX_STR_DIGITS: usize = 4300;

/// The result of Python's `int(s)` for a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PyIntParse {
    /// The value, when it fits in an `i128`.
    Small(i128),
    /// A valid integer too large for `i128` (it overflows every numpy integer type).
    Big,
}

/// Python's `int(s)` (base 10) for a `str`: surrounding whitespace, a sign, Unicode digits and
/// single underscores between digits. `None` is Python's `ValueError` (including more than
/// 4300 digits).
pub(crate) fn py_int_from_str(s: &str) -> Option<PyIntParse> {
    let t = to_ascii_number_text(s)?;
    let b = t.as_bytes();
    let (neg, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty()
        || !digits.iter().all(|c| c.is_ascii_digit() || *c == b'_')
        || !underscores_ok(digits)
    {
        return None;
    }
    let count = digits.iter().filter(|c| c.is_ascii_digit()).count();
    if count > INT_MAX_STR_DIGITS {
        return None;
    }
    let mut v: i128 = 0;
    for &c in digits.iter().filter(|c| c.is_ascii_digit()) {
        let d = i128::from(c - b'0');
        match v.checked_mul(10).and_then(|v| v.checked_add(d)) {
            Some(n) => v = n,
            None => return Some(PyIntParse::Big),
        }
    }
    Some(PyIntParse::Small(if neg { -v } else { v }))
}

/// Python's `float(s)` for a `str`: surrounding whitespace, Unicode digits, PEP 515
/// underscores, `inf`/`infinity`/`nan` in any case with an optional sign; decimal text is
/// rounded correctly (out-of-range magnitudes give ±inf or ±0). `None` is Python's
/// `ValueError`.
pub(crate) fn py_float_from_str(s: &str) -> Option<f64> {
    let t = to_ascii_number_text(s)?;
    let b = t.as_bytes();
    let (neg, body) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
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
    let text = std::str::from_utf8(&clean).ok()?;
    let v: f64 = text.parse().ok()?;
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_repr_matches_python() {
        for (x, want) in [
            (1e16, "1e+16"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1e15, "1000000000000000.0"),
            (1.2345678901234568e20, "1.2345678901234568e+20"),
            (2.5, "2.5"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (10000000000.0, "10000000000.0"),
            (1.5e300, "1.5e+300"),
            (1e-300, "1e-300"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::from(0.1f32), "0.10000000149011612"),
            (123.0, "123.0"),
            (0.5, "0.5"),
        ] {
            assert_eq!(float_repr(x), want, "{x:e}");
        }
    }

    #[test]
    fn str_repr_quotes_like_python() {
        let r = |s: &str| {
            let mut o = String::new();
            str_repr_into(s, &mut o);
            o
        };
        assert_eq!(r("it's"), "\"it's\"");
        assert_eq!(r("say \"hi\""), "'say \"hi\"'");
        assert_eq!(r("both ' \""), "'both \\' \"'");
        assert_eq!(r("é\u{a0}\n\t\u{1}\u{7f}"), "'é\\xa0\\n\\t\\x01\\x7f'");
        assert_eq!(r("😀\u{2028}"), "'😀\\u2028'");
    }

    #[test]
    fn dict_repr() {
        let d = PyObj::Dict(vec![
            ("a".into(), PyObj::Float(1.0)),
            ("b".into(), PyObj::None),
            ("c".into(), PyObj::Bool(true)),
            (
                "d".into(),
                PyObj::List(vec![PyObj::Int("1".into()), PyObj::Str("x".into())]),
            ),
        ]);
        assert_eq!(d.repr(), "{'a': 1.0, 'b': None, 'c': True, 'd': [1, 'x']}");
        assert!(d.truthy());
        assert!(!PyObj::Dict(vec![]).truthy());
        assert!(!PyObj::Int("-0".into()).truthy());
    }

    #[test]
    fn int_parsing_like_python() {
        use PyIntParse::*;
        assert_eq!(py_int_from_str(" 12 "), Some(Small(12)));
        assert_eq!(py_int_from_str("+5"), Some(Small(5)));
        assert_eq!(py_int_from_str("-0"), Some(Small(0)));
        assert_eq!(py_int_from_str("1_000"), Some(Small(1000)));
        assert_eq!(py_int_from_str("007"), Some(Small(7)));
        assert_eq!(py_int_from_str("\u{661}\u{662}"), Some(Small(12)));
        assert_eq!(py_int_from_str("\u{2003}3\u{a0}"), Some(Small(3)));
        assert_eq!(py_int_from_str("１２"), Some(Small(12)));
        assert_eq!(py_int_from_str(&"9".repeat(50)), Some(Big));
        assert_eq!(py_int_from_str(&"9".repeat(4301)), None);
        for bad in [
            "", "-", "1.5", "1e3", "nan", "1__0", "_1", "1_", "0x10", "1 2", "²",
        ] {
            assert_eq!(py_int_from_str(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn float_parsing_like_python() {
        assert_eq!(py_float_from_str(" 1_0.5 "), Some(10.5));
        assert_eq!(py_float_from_str("\u{661}.5"), Some(1.5));
        assert_eq!(py_float_from_str("-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(py_float_from_str("Infinity"), Some(f64::INFINITY));
        assert!(py_float_from_str("-NaN").is_some_and(f64::is_nan));
        assert_eq!(py_float_from_str(".5"), Some(0.5));
        assert_eq!(py_float_from_str("5."), Some(5.0));
        assert_eq!(py_float_from_str("4e2"), Some(400.0));
        assert_eq!(py_float_from_str("1e1_0"), Some(1e10));
        assert_eq!(py_float_from_str("1e400"), Some(f64::INFINITY));
        for bad in [
            "", ".", "e5", "1__0", "0x10", "infinit", "1e", "1._5", "in f", "abc", "1,5",
        ] {
            assert_eq!(py_float_from_str(bad), None, "{bad:?}");
        }
    }
}
