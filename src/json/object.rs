//! JSON object request bodies, as BentoML's current service API reads them: pydantic parses the
//! body with jiter into the request model (`{"field": value, ...}`), and each tensor field's value
//! becomes `np.array(value, dtype=dtype)`.
//!
//! [`scan_object`] is a structural pass over the whole body: it checks the JSON syntax as jiter
//! does (with jiter's messages and its line / column), and finds the byte span of each top-level
//! field's value without building a tree. [`tensor_value`] then runs the typed one-pass decoder on
//! one span, with numpy's semantics and messages for `np.array(value, dtype=dtype)` (no retry
//! without the dtype, unlike the legacy descriptor's reading).

// The body scanner serves the `http` module's current-style routes; without `axum` only
// `tensor_value` (the descriptor's `validate_tensor_json`) is used.
#![cfg_attr(not(feature = "axum"), allow(dead_code))]

use std::borrow::Cow;
use std::ops::Range;

use crate::array::DynArray;
use crate::dtype::{DType, ScalarType};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::python::repr::py_repr;
use crate::python::text::{py_float_from_str, py_int_from_str};
use crate::shape::ShapeSpec;

use super::convert::{self, Fail};
use super::lex::json_error;
use super::tree::{self, Leaf, ParseError, Parsed};

/// Why a body is not a JSON object pydantic accepts as a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ObjectError {
    /// jiter's `json_invalid`: its message, line and column.
    Invalid {
        /// jiter's message (`EOF while parsing a value`, `trailing comma`, ...).
        msg: &'static str,
        /// 1-based line.
        line: usize,
        /// jiter's column.
        column: usize,
    },
    /// Valid JSON, but not an object (`model_type`).
    NotObject,
    /// A limit of [`Limits`] was passed (nesting depth).
    Limit(String),
}

/// The top-level fields of a JSON object body: `(key, value span)` in body order, duplicates
/// included (the last one wins, as pydantic keeps the last).
pub(crate) type Fields<'a> = Vec<(Cow<'a, str>, Range<usize>)>;

/// jiter's position of byte `index` in `data` (`LinePosition::find`).
fn position(data: &[u8], index: usize) -> (usize, usize) {
    let mut line = 1;
    let mut line_start = 0;
    for (i, &b) in data.iter().enumerate() {
        if b == b'\n' {
            line += 1;
            line_start = i + 1;
        }
        if i == index {
            return (line, index + 1 - line_start);
        }
    }
    (line, data.len().saturating_sub(line_start))
}

struct Scanner<'a> {
    b: &'a [u8],
    pos: usize,
    max_depth: usize,
}

/// A syntax error at a byte offset, before it is located.
struct At(&'static str, usize);

enum Fail2 {
    Syntax(At),
    Limit(String),
}

impl From<At> for Fail2 {
    fn from(a: At) -> Self {
        Fail2::Syntax(a)
    }
}

const EOF_VALUE: &str = "EOF while parsing a value";
const EOF_LIST: &str = "EOF while parsing a list";
const EOF_OBJECT: &str = "EOF while parsing an object";
const EOF_STRING: &str = "EOF while parsing a string";

impl<'a> Scanner<'a> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    /// A string at `pos` (on its opening quote): its decoded text.
    fn string(&mut self) -> std::result::Result<Cow<'a, str>, At> {
        let start = self.pos + 1;
        let mut i = start;
        let mut escaped = false;
        loop {
            let Some(&c) = self.b.get(i) else {
                return Err(At(EOF_STRING, self.b.len()));
            };
            match c {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    match self.b.get(i + 1) {
                        None => return Err(At(EOF_STRING, self.b.len())),
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                        Some(b'u') => {
                            let hex = self.b.get(i + 2..i + 6);
                            match hex {
                                Some(h) if h.iter().all(u8::is_ascii_hexdigit) => i += 6,
                                Some(_) => return Err(At("invalid escape", i + 2)),
                                None => return Err(At(EOF_STRING, self.b.len())),
                            }
                        }
                        Some(_) => return Err(At("invalid escape", i + 1)),
                    }
                }
                0..=0x1f => {
                    return Err(At(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                        i,
                    ));
                }
                0x80.. => {
                    let rest = &self.b[i..];
                    let len = match std::str::from_utf8(&rest[..rest.len().min(4)]) {
                        Ok(s) => s.chars().next().map_or(1, char::len_utf8),
                        Err(e) if e.valid_up_to() > 0 => {
                            std::str::from_utf8(&rest[..e.valid_up_to()])
                                .ok()
                                .and_then(|s| s.chars().next())
                                .map_or(1, char::len_utf8)
                        }
                        Err(_) => return Err(At("invalid unicode code point", i)),
                    };
                    i += len;
                }
                _ => i += 1,
            }
        }
        self.pos = i + 1;
        // The bytes were checked above: UTF-8, and escapes well formed.
        let raw = std::str::from_utf8(&self.b[start..i])
            .map_err(|e| At("invalid unicode code point", start + e.valid_up_to()))?;
        if !escaped {
            return Ok(Cow::Borrowed(raw));
        }
        Ok(Cow::Owned(unescape(raw)))
    }

    fn number(&mut self) -> std::result::Result<(), At> {
        let b = self.b;
        let mut i = self.pos;
        if b.get(i) == Some(&b'-') {
            i += 1;
            if b.get(i..i + 8) == Some(b"Infinity") {
                self.pos = i + 8;
                return Ok(());
            }
        }
        let digits = |i: &mut usize| {
            let s = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i - s
        };
        match b.get(i) {
            None => return Err(At(EOF_VALUE, b.len())),
            Some(b'0') => {
                i += 1;
                if b.get(i).is_some_and(u8::is_ascii_digit) {
                    return Err(At("invalid number", i));
                }
            }
            Some(b'1'..=b'9') => {
                digits(&mut i);
            }
            Some(_) => return Err(At("invalid number", i)),
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if digits(&mut i) == 0 {
                return Err(match b.get(i) {
                    None => At(EOF_VALUE, b.len()),
                    Some(_) => At("invalid number", i),
                });
            }
        }
        if let Some(b'e' | b'E') = b.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = b.get(i) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                return Err(match b.get(i) {
                    None => At(EOF_VALUE, b.len()),
                    Some(_) => At("invalid number", i),
                });
            }
        }
        self.pos = i;
        Ok(())
    }

    fn ident(&mut self, word: &[u8]) -> std::result::Result<(), At> {
        let end = self.pos + word.len();
        match self.b.get(self.pos..end) {
            Some(w) if w == word => {
                self.pos = end;
                Ok(())
            }
            Some(_) => Err(At("expected ident", self.pos)),
            None => {
                let have = &self.b[self.pos..];
                if word.starts_with(have) {
                    Err(At(EOF_VALUE, self.b.len()))
                } else {
                    Err(At("expected ident", self.pos))
                }
            }
        }
    }

    /// One JSON value at `pos` (after whitespace), nested containers included, iteratively.
    fn value(&mut self) -> std::result::Result<(), Fail2> {
        // Open containers: true for an object.
        let mut stack: Vec<bool> = Vec::new();
        loop {
            // A value.
            self.ws();
            match self.peek() {
                None => return Err(At(EOF_VALUE, self.b.len()).into()),
                Some(b'[') => {
                    self.pos += 1;
                    self.ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                    } else {
                        if stack.len() >= self.max_depth {
                            return Err(self.too_deep());
                        }
                        stack.push(false);
                        continue;
                    }
                }
                Some(b'{') => {
                    self.pos += 1;
                    self.ws();
                    match self.peek() {
                        Some(b'}') => self.pos += 1,
                        Some(b'"') => {
                            if stack.len() >= self.max_depth {
                                return Err(self.too_deep());
                            }
                            stack.push(true);
                            self.string()?;
                            self.colon()?;
                            continue;
                        }
                        None => return Err(At(EOF_OBJECT, self.b.len()).into()),
                        Some(_) => return Err(At("key must be a string", self.pos).into()),
                    }
                }
                Some(b'"') => {
                    self.string()?;
                }
                Some(b't') => self.ident(b"true")?,
                Some(b'f') => self.ident(b"false")?,
                Some(b'n') => self.ident(b"null")?,
                Some(b'N') => self.ident(b"NaN")?,
                Some(b'I') => self.ident(b"Infinity")?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(_) => return Err(At("expected value", self.pos).into()),
            }
            // After a value: close what ends here, or go on to the next item.
            loop {
                let Some(&obj) = stack.last() else {
                    return Ok(());
                };
                self.ws();
                match (self.peek(), obj) {
                    (Some(b','), _) => {
                        self.pos += 1;
                        self.ws();
                        match (self.peek(), obj) {
                            (Some(b']'), false) | (Some(b'}'), true) => {
                                return Err(At("trailing comma", self.pos).into());
                            }
                            (_, false) => break,
                            (Some(b'"'), true) => {
                                self.string()?;
                                self.colon()?;
                                break;
                            }
                            (None, true) => return Err(At(EOF_OBJECT, self.b.len()).into()),
                            (Some(_), true) => {
                                return Err(At("key must be a string", self.pos).into());
                            }
                        }
                    }
                    (Some(b']'), false) | (Some(b'}'), true) => {
                        self.pos += 1;
                        stack.pop();
                    }
                    (None, false) => return Err(At(EOF_LIST, self.b.len()).into()),
                    (None, true) => return Err(At(EOF_OBJECT, self.b.len()).into()),
                    (Some(_), false) => return Err(At("expected `,` or `]`", self.pos).into()),
                    (Some(_), true) => return Err(At("expected `,` or `}`", self.pos).into()),
                }
            }
        }
    }

    fn colon(&mut self) -> std::result::Result<(), At> {
        self.ws();
        match self.peek() {
            Some(b':') => {
                self.pos += 1;
                Ok(())
            }
            None => Err(At(EOF_OBJECT, self.b.len())),
            Some(_) => Err(At("expected `:`", self.pos)),
        }
    }

    fn too_deep(&self) -> Fail2 {
        Fail2::Limit(format!(
            "JSON nesting deeper than the limit of {} at byte offset {}",
            self.max_depth, self.pos
        ))
    }
}

/// The text of a JSON string body whose escapes are known to be well formed. A lone surrogate
/// escape becomes U+FFFD (a Rust string cannot hold one).
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex4 = |chars: &mut std::str::Chars<'_>| {
            let h: String = chars.by_ref().take(4).collect();
            u32::from_str_radix(&h, 16).unwrap_or(0xfffd)
        };
        match chars.next() {
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hi = hex4(&mut chars);
                let code = if (0xd800..0xdc00).contains(&hi) && chars.as_str().starts_with("\\u") {
                    let mut ahead = chars.clone();
                    ahead.next();
                    ahead.next();
                    let lo = hex4(&mut ahead);
                    if (0xdc00..0xe000).contains(&lo) {
                        chars = ahead;
                        0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                    } else {
                        0xfffd
                    }
                } else {
                    hi
                };
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Scan `body` as pydantic's `model_validate_json` reads a model: the whole body must be one JSON
/// value (whitespace around it allowed), and an object; its top-level fields come back with the
/// span of each value. Nothing is built but the list of fields.
pub(crate) fn scan_object<'a>(
    body: &'a [u8],
    limits: &Limits,
) -> std::result::Result<Fields<'a>, ObjectError> {
    let mut sc = Scanner {
        b: body,
        pos: 0,
        max_depth: limits.max_depth,
    };
    let located = |At(msg, at): At| {
        let (line, column) = position(body, at);
        ObjectError::Invalid { msg, line, column }
    };
    let fail = |f: Fail2| match f {
        Fail2::Syntax(a) => located(a),
        Fail2::Limit(m) => ObjectError::Limit(m),
    };
    sc.ws();
    let mut fields = Fields::new();
    if sc.peek() == Some(b'{') {
        sc.pos += 1;
        sc.ws();
        match sc.peek() {
            Some(b'}') => sc.pos += 1,
            None => return Err(located(At(EOF_OBJECT, body.len()))),
            Some(b'"') => loop {
                let key = sc.string().map_err(located)?;
                sc.colon().map_err(located)?;
                sc.ws();
                let start = sc.pos;
                sc.value().map_err(fail)?;
                fields.push((key, start..sc.pos));
                sc.ws();
                match sc.peek() {
                    Some(b'}') => {
                        sc.pos += 1;
                        break;
                    }
                    Some(b',') => {
                        sc.pos += 1;
                        sc.ws();
                        match sc.peek() {
                            Some(b'"') => {}
                            Some(b'}') => return Err(located(At("trailing comma", sc.pos))),
                            None => return Err(located(At(EOF_OBJECT, body.len()))),
                            Some(_) => return Err(located(At("key must be a string", sc.pos))),
                        }
                    }
                    None => return Err(located(At(EOF_OBJECT, body.len()))),
                    Some(_) => return Err(located(At("expected `,` or `}`", sc.pos))),
                }
            },
            Some(_) => return Err(located(At("key must be a string", sc.pos))),
        }
    } else {
        sc.value().map_err(fail)?;
        sc.ws();
        if sc.pos < body.len() {
            return Err(located(At("trailing characters", sc.pos)));
        }
        return Err(ObjectError::NotObject);
    }
    sc.ws();
    if sc.pos < body.len() {
        return Err(located(At("trailing characters", sc.pos)));
    }
    Ok(fields)
}

/// Whether `text` is one JSON document as Python's `json.loads` reads it (what BentoML tries
/// first on a form field's value).
pub(crate) fn is_json(text: &[u8], limits: &Limits) -> bool {
    tree::parse(text, limits).is_ok()
}

/// `np.array(value, dtype=dtype)` of one field's JSON `value` (a span [`scan_object`] found), with
/// numpy's messages: a conversion `ValueError` is reported, not retried without the dtype.
///
/// Errors are bad input (or limit exceeded) carrying numpy's message: `could not convert string
/// to float: 'a'`, `invalid literal for int() with base 10: 'x'`, `cannot convert float NaN to
/// integer`, `setting an array element with a sequence. ...`; where numpy raises
/// `OverflowError` / `TypeError` or makes an object array, the crate's message for it.
///
/// Without a dtype, a value numpy would store in an object array (which this crate does not
/// carry) is refused, but only after `shape` (when given) has been checked against its element
/// count, as numpy's reshape of that object array would fail first.
pub(crate) fn tensor_value(
    value: &[u8],
    dtype: Option<DType>,
    shape: Option<&ShapeSpec>,
    limits: &Limits,
) -> Result<DynArray> {
    // The fast one-pass reader answers every value that converts under the hint; its retry
    // without the hint (the legacy reading) shows as another dtype, and is redone below.
    if let Ok(arr) = super::decode(value, dtype, limits) {
        match dtype {
            None => return Ok(arr),
            Some(d) if d.scalar() == ScalarType::Str || arr.dtype() == d => return Ok(arr),
            Some(_) => {}
        }
    }
    let parsed = tree::parse(value, limits).map_err(|e| parse_error(value, e))?;
    match dtype {
        None => {
            let size = parsed
                .shape
                .iter()
                .try_fold(1usize, |a, &d| a.checked_mul(d));
            convert::infer(parsed, value).map_err(|e| {
                // The object array numpy made would have failed its reshape first.
                match (shape, size) {
                    (Some(s), Some(n)) if e.message().starts_with(OBJECT_ARRAY) => {
                        s.reshape_target(n).err().unwrap_or(e)
                    }
                    _ => e,
                }
            })
        }
        Some(d) if d.scalar() == ScalarType::Str => convert::strings(parsed, value, d),
        Some(d) => match convert::with_hint(&parsed, value, d) {
            Ok(arr) => Ok(arr),
            Err(Fail::Other(e)) => Err(e),
            Err(Fail::Value) => Err(value_error(&parsed, d)),
        },
    }
}

/// How the crate's refusal of an object array begins (`convert::infer`).
const OBJECT_ARRAY: &str = "the JSON input holds ";

/// The general reader's failure with numpy's message: a ragged nest gets numpy's full text
/// with the detected shape.
fn parse_error(value: &[u8], e: ParseError) -> Error {
    let e = match e {
        ParseError::Syntax(s) => json_error(value, s),
        ParseError::Utf8 => Error::bad_input("invalid UTF-8 in a JSON string"),
        ParseError::Other(e) => e,
    };
    const RAGGED: &str = "setting an array element with a sequence. The requested array has an \
                          inhomogeneous shape after ";
    let Some(rest) = e.message().strip_prefix(RAGGED) else {
        return e;
    };
    let Some(after) = rest.split(' ').next().and_then(|n| n.parse::<usize>().ok()) else {
        return e;
    };
    let dims = first_path_dims(value, after);
    Error::bad_input(format!(
        "{RAGGED}{after} dimensions. The detected shape was {} + inhomogeneous part.",
        crate::shape::format_tuple(dims.into_iter().map(|d| d as i64))
    ))
}

/// The lengths of the first `n` nested lists along the first element of each (numpy's detected
/// shape before an inhomogeneous dimension). `value` is valid JSON.
fn first_path_dims(value: &[u8], n: usize) -> Vec<usize> {
    let mut dims = Vec::new();
    let mut sc = Scanner {
        b: value,
        pos: 0,
        max_depth: usize::MAX,
    };
    while dims.len() < n {
        sc.ws();
        if sc.peek() != Some(b'[') {
            break;
        }
        sc.pos += 1;
        let first = sc.pos;
        // Count the items of this list, then come back to its first item.
        let mut count = 0;
        sc.ws();
        if sc.peek() != Some(b']') {
            loop {
                count += 1;
                if sc.value().is_err() {
                    return dims;
                }
                sc.ws();
                if sc.peek() == Some(b',') {
                    sc.pos += 1;
                } else {
                    break;
                }
            }
        }
        dims.push(count);
        sc.pos = first;
    }
    dims
}

/// numpy's `ValueError` for the first element `with_hint` could not convert.
fn value_error(parsed: &Parsed<'_>, dtype: DType) -> Error {
    let float = matches!(
        dtype.scalar(),
        ScalarType::Float16 | ScalarType::Float32 | ScalarType::Float64
    );
    for leaf in &parsed.leaves {
        let msg = match leaf {
            Leaf::Str(s) if float && py_float_from_str(s).is_none() => {
                format!("could not convert string to float: {}", py_repr(s))
            }
            Leaf::Str(s) if !float && py_int_from_str(s).is_err() => {
                format!("invalid literal for int() with base 10: {}", py_repr(s))
            }
            Leaf::LoneSurrogate(_) if float => {
                "could not convert string to float: '\u{fffd}'".to_string()
            }
            Leaf::LoneSurrogate(_) => "invalid literal for int() with base 10: '\u{fffd}'".into(),
            Leaf::Float(x) if !float && x.is_nan() => "cannot convert float NaN to integer".into(),
            _ => continue,
        };
        return Error::bad_input(msg);
    }
    Error::bad_input(format!("cannot convert the value to {}", dtype.name()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid(body: &str) -> (String, usize, usize) {
        match scan_object(body.as_bytes(), &Limits::default()) {
            Err(ObjectError::Invalid { msg, line, column }) => (msg.to_string(), line, column),
            other => panic!("{body}: {other:?}"),
        }
    }

    #[test]
    fn object_fields_and_spans() {
        let body = br#" {"input": [[1, 2]], "x" : {"a": [1, {}]}, "k\u00e9": "v"} "#;
        let f = scan_object(body, &Limits::default()).unwrap();
        let got: Vec<(&str, &[u8])> = f.iter().map(|(k, r)| (&**k, &body[r.clone()])).collect();
        assert_eq!(
            got,
            vec![
                ("input", &b"[[1, 2]]"[..]),
                ("x", &br#"{"a": [1, {}]}"#[..]),
                ("k\u{e9}", &br#""v""#[..])
            ]
        );
    }

    #[test]
    fn jiter_messages_and_positions() {
        assert_eq!(invalid(r#"{"input":[[5.1,"#), (EOF_VALUE.into(), 1, 15));
        assert_eq!(
            invalid(r#"{"input":[[5.1,3.5,1.4,0.2],]}"#),
            ("trailing comma".into(), 1, 29)
        );
        assert_eq!(
            invalid("{'input':[[5.1,3.5,1.4,0.2]]}"),
            ("key must be a string".into(), 1, 2)
        );
        assert_eq!(
            invalid(r#"{"input":[[5.1,3.5,1.4,0.2]]} x"#),
            ("trailing characters".into(), 1, 31)
        );
        assert_eq!(invalid("\u{feff}{}"), ("expected value".into(), 1, 1));
        let mut bad = br#"{"input":[[5.1,3.5,1.4,0.2]],"x":""#.to_vec();
        bad.extend_from_slice(b"\xff\"}");
        match scan_object(&bad, &Limits::default()) {
            Err(ObjectError::Invalid { msg, column, .. }) => {
                assert_eq!((msg, column), ("invalid unicode code point", 35));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            scan_object(b"[1]", &Limits::default()),
            Err(ObjectError::NotObject)
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("{{\"x\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(matches!(
            scan_object(deep.as_bytes(), &Limits::default()),
            Err(ObjectError::Limit(_))
        ));
    }

    #[test]
    fn numpy_messages() {
        let l = Limits::default();
        let msg = |v: &str, d: Option<DType>| {
            tensor_value(v.as_bytes(), d, None, &l)
                .unwrap_err()
                .message()
                .to_string()
        };
        assert_eq!(
            msg(r#"["a"]"#, Some(DType::FLOAT32)),
            "could not convert string to float: 'a'"
        );
        assert_eq!(
            msg(r#"[["1", "2"], ["x", "4"]]"#, Some(DType::INT32)),
            "invalid literal for int() with base 10: 'x'"
        );
        assert_eq!(
            msg("[NaN, 1]", Some(DType::INT64)),
            "cannot convert float NaN to integer"
        );
        assert_eq!(
            msg("[[1, 2], [3]]", None),
            "setting an array element with a sequence. The requested array has an \
             inhomogeneous shape after 1 dimensions. The detected shape was (2,) + \
             inhomogeneous part."
        );
    }
}
