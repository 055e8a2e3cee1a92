//! numpy's dtype spellings → [`DType`], with numpy's accept/reject decisions and messages.
//!
//! This follows numpy 2.4's `np.dtype(str)` (`descriptor.c`: `_convert_from_str`,
//! `_check_for_commastring`, `_convert_from_commastring`, `_convert_from_tuple`,
//! `_convert_from_list`; `_internal._commastring`; `datetime.c` for `M8[..]`; the
//! `sctypeDict` names of `_type_aliases.py`) as seen on x86-64 Linux (`long` is 64 bits,
//! `longdouble` is 16 bytes). Every spelling ends in one of four outcomes:
//!
//! * a dtype this crate carries → `Ok`;
//! * a valid numpy dtype it does not carry (complex, object, bytes, void, structured,
//!   subarray, datetime, timedelta, longdouble, StringDType) → "unsupported dtype";
//! * a numpy `TypeError` → unprocessable, `Invalid dtype "<spelling>": <numpy message>` (what
//!   BentoML's constructor raises);
//! * a numpy `ValueError`/`SyntaxError` (malformed comma/subarray spellings), which escapes
//!   BentoML as a 500 → unprocessable as well, with numpy's message where it has one.

use crate::dtype::{ByteOrder, DType, ScalarType};
use crate::error::{Error, Result};
use crate::python::literal;
use crate::python::repr::py_repr;
use crate::python::text::{is_py_space, skip_space_and_sign};

/// numpy's `NPY_MAX_INT`: item sizes, widths and subarray sizes must fit a C `int`.
const INT_MAX: u64 = i32::MAX as u64;
/// Nesting guard for comma strings (`"()(2,)f4"`-style nesting is at most a few levels deep in
/// practice; this only bounds hostile input).
const MAX_DEPTH: usize = 32;

/// Parse a numpy dtype spelling (see [`DType::parse`]).
pub(crate) fn parse(spelling: &str) -> Result<DType> {
    match from_str(spelling, 0) {
        Ok(Descr::Carried(d)) => Ok(d),
        Ok(Descr::Other { family, .. }) => Err(Error::unsupported_dtype(format!(
            "Unsupported dtype \"{spelling}\": numpy {} dtypes are not carried by \
             ndarray-descriptor",
            family.describe()
        ))),
        Err(NpError::Type(msg)) | Err(NpError::Value(msg)) => Err(Error::unprocessable(format!(
            "Invalid dtype \"{spelling}\": {msg}"
        ))),
    }
}

/// A numpy descriptor as far as the parser needs to know it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Descr {
    Carried(DType),
    /// A valid numpy dtype outside the crate: its family, `itemsize` and whether it has fields
    /// (numpy's "unsized" test is `elsize == 0 && !fields`).
    Other {
        family: Family,
        elsize: u64,
        fields: bool,
    },
}

impl Descr {
    fn other(family: Family, elsize: u64) -> Descr {
        Descr::Other {
            family,
            elsize,
            fields: false,
        }
    }

    fn elsize(self) -> u64 {
        match self {
            Descr::Carried(d) => d.itemsize() as u64,
            Descr::Other { elsize, .. } => elsize,
        }
    }

    /// numpy's `PyDataType_ISUNSIZED`: `U0`, `S0`, `V0` (and zero-sized subarrays).
    fn is_unsized(self) -> bool {
        match self {
            Descr::Carried(_) => self.elsize() == 0,
            Descr::Other { elsize, fields, .. } => elsize == 0 && !fields,
        }
    }
}

/// Families of numpy dtypes this crate does not carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    LongDouble,
    Complex,
    Object,
    Bytes,
    Void,
    Structured,
    Subarray,
    Datetime,
    Timedelta,
    StringDType,
}

impl Family {
    fn describe(self) -> &'static str {
        match self {
            Family::LongDouble => "extended-precision float (longdouble, kind 'f', 16 bytes)",
            Family::Complex => "complex (kind 'c')",
            Family::Object => "object (kind 'O')",
            Family::Bytes => "byte string (kind 'S')",
            Family::Void => "void (kind 'V')",
            Family::Structured => "structured (kind 'V')",
            Family::Subarray => "subarray (kind 'V')",
            Family::Datetime => "datetime64 (kind 'M')",
            Family::Timedelta => "timedelta64 (kind 'm')",
            Family::StringDType => "variable-width string (StringDType, kind 'T')",
        }
    }
}

/// How numpy failed: a `TypeError` (BentoML turns it into `UnprocessableEntity` with the
/// message) or a `ValueError`/`SyntaxError`/`RuntimeError` (escapes BentoML as a 500).
#[derive(Debug, Clone, PartialEq)]
enum NpError {
    Type(String),
    Value(String),
}

fn not_understood(obj: &str) -> NpError {
    NpError::Type(format!("data type {} not understood", py_repr(obj)))
}

fn carried(scalar: ScalarType) -> Descr {
    Descr::Carried(DType::native(scalar))
}

/// `_convert_from_str`: one spelling (the whole string, or one item of a comma string).
fn from_str(obj: &str, depth: usize) -> Result<Descr, NpError> {
    let b = obj.as_bytes();
    if b.is_empty() {
        return Err(not_understood(obj));
    }
    if depth > MAX_DEPTH {
        return Err(NpError::Value(
            "dtype spelling nested too deeply".to_string(),
        ));
    }
    if is_commastring(b) {
        return from_commastring(obj, depth);
    }
    // One byte-order character; `|` means "not applicable" and is read as native.
    let (order, t) = match b[0] {
        b'<' => (ByteOrder::Little, &obj[1..]),
        b'>' => (ByteOrder::Big, &obj[1..]),
        b'=' | b'|' => (ByteOrder::NATIVE, &obj[1..]),
        _ => (ByteOrder::NATIVE, obj),
    };
    let tb = t.as_bytes();
    if tb.is_empty() {
        return Err(not_understood(obj));
    }
    if is_datetime_typestr(tb) {
        return parse_datetime(tb).map(|family| Descr::other(family, 8));
    }
    let found = if tb.len() == 1 {
        from_type_char(tb[0])
    } else {
        // Kind + size (`f8`, `U10`, `i 4`): numpy reads the size with C `strtol`, which skips
        // leading whitespace and takes a sign.
        let n = strtol(&tb[1..]);
        if n.value > INT_MAX as i64 || n.value < 0 {
            return Err(not_understood(obj));
        }
        let size = n.value as u64;
        if n.any_digits && n.end == tb.len() - 1 {
            from_kind_and_size(tb[0], size).map_err(|()| not_understood(obj))?
        } else if n.any_digits && n.stopped_at_nul {
            return Err(not_understood(obj));
        } else {
            None
        }
    };
    let descr = match found {
        Some(d) => d,
        // Names are looked up with the *whole* string, so `"<float32"` is not understood.
        None => match from_name(obj) {
            Some(d) => return Ok(d),
            None if REMOVED_ALIASES.contains(&t) => {
                return Err(NpError::Type(format!(
                    "Alias {} was removed in NumPy 2.0. Use a name without a digit at the end.",
                    py_repr(obj)
                )));
            }
            None => return Err(not_understood(obj)),
        },
    };
    Ok(match descr {
        Descr::Carried(d) => Descr::Carried(d.with_byteorder(order)),
        other => other,
    })
}

/// numpy 2.0 removed these sctypeDict names with a dedicated message.
const REMOVED_ALIASES: [&str; 7] = [
    "int0", "uint0", "void0", "object0", "str0", "bytes0", "bool8",
];

/// A one-character spelling: a type character (`"d"`), or — numpy reads the byte as a type
/// number when it is below 24 — a control character naming a builtin type.
fn from_type_char(c: u8) -> Option<Descr> {
    use ScalarType::*;
    const BY_NUMBER: [u8; 24] = [
        b'?', b'b', b'B', b'h', b'H', b'i', b'I', b'l', b'L', b'q', b'Q', b'f', b'd', b'g', b'F',
        b'D', b'G', b'O', b'S', b'U', b'V', b'M', b'm', b'e',
    ];
    let letter = if (c as usize) < BY_NUMBER.len() {
        BY_NUMBER[c as usize]
    } else {
        c
    };
    Some(match letter {
        b'?' => carried(Bool),
        b'b' => carried(Int8),
        b'B' => carried(UInt8),
        b'h' => carried(Int16),
        b'H' => carried(UInt16),
        b'i' => carried(Int32),
        b'I' => carried(UInt32),
        b'l' | b'q' | b'n' | b'p' => carried(Int64),
        b'L' | b'Q' | b'N' | b'P' => carried(UInt64),
        b'e' => carried(Float16),
        b'f' => carried(Float32),
        b'd' => carried(Float64),
        b'U' => carried(Str),
        b'g' => Descr::other(Family::LongDouble, 16),
        b'F' => Descr::other(Family::Complex, 8),
        b'D' => Descr::other(Family::Complex, 16),
        b'G' => Descr::other(Family::Complex, 32),
        b'O' => Descr::other(Family::Object, 8),
        b'S' => Descr::other(Family::Bytes, 0),
        // `c` is numpy's one-character byte string `S1`.
        b'c' => Descr::other(Family::Bytes, 1),
        b'V' => Descr::other(Family::Void, 0),
        b'M' => Descr::other(Family::Datetime, 8),
        b'm' => Descr::other(Family::Timedelta, 8),
        b'T' => Descr::other(Family::StringDType, 16),
        _ => return None,
    })
}

/// `kind` + item size in bytes (characters for `U`): `PyArray_TypestrConvert` plus the
/// flexible kinds. `Ok(None)` sends the spelling on to the name table (a size of 0 for a
/// numeric kind); `Err(())` is an outright rejection.
fn from_kind_and_size(kind: u8, size: u64) -> std::result::Result<Option<Descr>, ()> {
    use ScalarType::*;
    let numeric = |s: ScalarType| Ok(Some(carried(s)));
    match (kind, size) {
        (b'S', n) => Ok(Some(Descr::other(Family::Bytes, n))),
        // numpy 2.4 still reads the deprecated `a` as `S` (with a DeprecationWarning).
        (b'a', n) => Ok(Some(Descr::other(Family::Bytes, n))),
        (b'U', n) if n > INT_MAX / 4 => Err(()),
        (b'U', n) => Ok(Some(Descr::Carried(DType::string(n as u32)))),
        (b'V', n) => Ok(Some(Descr::other(Family::Void, n))),
        (_, 0) => Ok(None),
        (b'b', 1) => numeric(Bool),
        (b'i', 1) => numeric(Int8),
        (b'i', 2) => numeric(Int16),
        (b'i', 4) => numeric(Int32),
        (b'i', 8) => numeric(Int64),
        (b'u', 1) => numeric(UInt8),
        (b'u', 2) => numeric(UInt16),
        (b'u', 4) => numeric(UInt32),
        (b'u', 8) => numeric(UInt64),
        (b'f', 2) => numeric(Float16),
        (b'f', 4) => numeric(Float32),
        (b'f', 8) => numeric(Float64),
        (b'f', 16) => Ok(Some(Descr::other(Family::LongDouble, 16))),
        (b'c', n @ (8 | 16 | 32)) => Ok(Some(Descr::other(Family::Complex, n))),
        // `O4`/`O8` are both accepted (platform-specific, deprecated) as object.
        (b'O', 4 | 8) => Ok(Some(Descr::other(Family::Object, 8))),
        (b'M', 8) => Ok(Some(Descr::other(Family::Datetime, 8))),
        (b'm', 8) => Ok(Some(Descr::other(Family::Timedelta, 8))),
        _ => Ok(None),
    }
}

/// numpy 2.4's `sctypeDict` names (x86-64 Linux): scalar type names and aliases.
fn from_name(name: &str) -> Option<Descr> {
    use ScalarType::*;
    Some(match name {
        "bool" | "bool_" => carried(Bool),
        "int8" | "byte" => carried(Int8),
        "uint8" | "ubyte" => carried(UInt8),
        "int16" | "short" => carried(Int16),
        "uint16" | "ushort" => carried(UInt16),
        "int32" | "intc" => carried(Int32),
        "uint32" | "uintc" => carried(UInt32),
        "int64" | "long" | "longlong" | "intp" | "int_" | "int" => carried(Int64),
        "uint64" | "ulong" | "ulonglong" | "uintp" | "uint" => carried(UInt64),
        "float16" | "half" => carried(Float16),
        "float32" | "single" => carried(Float32),
        "float64" | "double" | "float" => carried(Float64),
        "str_" | "str" | "unicode" => carried(Str),
        "longdouble" | "float128" => Descr::other(Family::LongDouble, 16),
        "complex64" | "csingle" => Descr::other(Family::Complex, 8),
        "complex128" | "cdouble" | "complex" => Descr::other(Family::Complex, 16),
        "clongdouble" | "complex256" => Descr::other(Family::Complex, 32),
        "bytes_" | "bytes" | "a" => Descr::other(Family::Bytes, 0),
        "void" => Descr::other(Family::Void, 0),
        "object_" | "object" => Descr::other(Family::Object, 8),
        "datetime64" => Descr::other(Family::Datetime, 8),
        "timedelta64" => Descr::other(Family::Timedelta, 8),
        _ => return None,
    })
}

/// What C `strtol(s, &end, 10)` does with a byte string (read up to a NUL).
struct Strtol {
    /// The value, clamped to `i64` as `strtol` clamps to `LONG_MIN`/`LONG_MAX`.
    value: i64,
    /// Whether any digit was read (otherwise `end` is 0 and `value` 0).
    any_digits: bool,
    /// Index of the first unread byte.
    end: usize,
    /// Whether reading stopped at an embedded NUL (C sees the string end there).
    stopped_at_nul: bool,
}

fn strtol(s: &[u8]) -> Strtol {
    let (start, negative) = skip_space_and_sign(s);
    let mut i = start;
    let mut mag: u64 = 0;
    let mut overflow = false;
    while i < s.len() && s[i].is_ascii_digit() {
        mag = match mag
            .checked_mul(10)
            .and_then(|m| m.checked_add(u64::from(s[i] - b'0')))
        {
            Some(m) => m,
            None => {
                overflow = true;
                u64::MAX
            }
        };
        i += 1;
    }
    if i == start {
        return Strtol {
            value: 0,
            any_digits: false,
            end: 0,
            stopped_at_nul: s.first() == Some(&0),
        };
    }
    let value = if negative {
        if overflow || mag > i64::MAX as u64 + 1 {
            i64::MIN
        } else {
            (mag as i64).wrapping_neg()
        }
    } else if overflow || mag > i64::MAX as u64 {
        i64::MAX
    } else {
        mag as i64
    };
    Strtol {
        value,
        any_digits: true,
        end: i,
        stopped_at_nul: s.get(i) == Some(&0),
    }
}

/// `_check_for_commastring`: a leading digit (after an optional byte-order character), a
/// leading `()`, or a comma outside square brackets sends the spelling to `_commastring`.
fn is_commastring(b: &[u8]) -> bool {
    let is_order = |c: u8| matches!(c, b'<' | b'>' | b'|' | b'=');
    if b[0].is_ascii_digit() || (b.len() > 1 && is_order(b[0]) && b[1].is_ascii_digit()) {
        return true;
    }
    if (b.len() > 1 && b[0] == b'(' && b[1] == b')')
        || (b.len() > 3 && is_order(b[0]) && b[1] == b'(' && b[2] == b')')
    {
        return true;
    }
    let mut depth = 0i64;
    for &c in b {
        match c {
            b',' if depth == 0 => return true,
            b'[' => depth += 1,
            b']' => depth -= 1,
            _ => {}
        }
    }
    false
}

/// What `ast.literal_eval` of a comma-string repeat count can give.
#[derive(Debug, Clone, PartialEq)]
enum Lit {
    /// An integer (saturated: anything past `u64` fails the same checks as a huge value).
    Int(u64),
    Tuple(Vec<u64>),
}

/// One item of a parsed comma string: a spelling, or `(spelling, repeats)`.
#[derive(Debug, Clone, PartialEq)]
enum Item {
    Plain(String),
    Repeated(String, Lit),
}

/// `_internal._commastring` followed by `_convert_from_commastring`.
fn from_commastring(astr: &str, depth: usize) -> Result<Descr, NpError> {
    let (items, is_list) = split_commastring(astr)?;
    if is_list {
        return from_list(&items, depth);
    }
    match items.into_iter().next() {
        Some(Item::Repeated(dtype, lit)) => from_tuple(&dtype, &lit, depth),
        // numpy raises RuntimeError here ("_commastring should return a tuple with len == 2,
        // or a list with len >= 1").
        _ => Err(NpError::Value(
            "_commastring should return a tuple with len == 2, or a list with len >= 1".to_string(),
        )),
    }
}

/// `_commastring`: repeatedly match
/// `[<>|=]? ( *[(]?[ ,0-9]*[)]? *) [<>|=]? ([A-Za-z0-9.?]*(?:\[[a-zA-Z0-9,.]+\])?)`, separated by
/// `\s*,\s*`; trailing whitespace ends the string.
fn split_commastring(astr: &str) -> Result<(Vec<Item>, bool), NpError> {
    let chars: Vec<char> = astr.chars().collect();
    let n = chars.len();
    let not_recognized = |count: usize| {
        NpError::Value(format!(
            "format number {} of \"{astr}\" is not recognized",
            count + 1
        ))
    };
    let is_order = |c: char| matches!(c, '<' | '>' | '|' | '=');
    let mut pos = 0;
    let mut items = Vec::new();
    let mut is_list = false;
    while pos < n {
        let take_order = |pos: &mut usize| -> Option<char> {
            let c = chars.get(*pos).copied().filter(|&c| is_order(c))?;
            *pos += 1;
            Some(c)
        };
        let order1 = take_order(&mut pos);
        let rep_start = pos;
        while chars.get(pos) == Some(&' ') {
            pos += 1;
        }
        if chars.get(pos) == Some(&'(') {
            pos += 1;
        }
        while chars
            .get(pos)
            .is_some_and(|&c| c == ' ' || c == ',' || c.is_ascii_digit())
        {
            pos += 1;
        }
        if chars.get(pos) == Some(&')') {
            pos += 1;
        }
        while chars.get(pos) == Some(&' ') {
            pos += 1;
        }
        let repeats: String = chars[rep_start..pos].iter().collect();
        let order2 = take_order(&mut pos);
        let dt_start = pos;
        while chars
            .get(pos)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || c == '.' || c == '?')
        {
            pos += 1;
        }
        if chars.get(pos) == Some(&'[') {
            let mut j = pos + 1;
            while chars
                .get(j)
                .is_some_and(|&c| c.is_ascii_alphanumeric() || c == ',' || c == '.')
            {
                j += 1;
            }
            if j > pos + 1 && chars.get(j) == Some(&']') {
                pos = j + 1;
            }
        }
        let dtype: String = chars[dt_start..pos].iter().collect();
        if pos < n {
            if chars[pos..].iter().all(|&c| is_py_space(c)) {
                pos = n;
            } else {
                let mut j = pos;
                while j < n && is_py_space(chars[j]) {
                    j += 1;
                }
                if chars.get(j) != Some(&',') {
                    return Err(not_recognized(items.len()));
                }
                j += 1;
                while j < n && is_py_space(chars[j]) {
                    j += 1;
                }
                pos = j;
                is_list = true;
            }
        }
        let order = match (order1, order2) {
            (o, None) => o,
            (None, o) => o,
            (Some(a), Some(b)) => {
                // `=` means native (`<` here) when both are given.
                let native = |c: char| if c == '=' { '<' } else { c };
                if native(a) != native(b) {
                    return Err(NpError::Value(format!(
                        "inconsistent byte-order specification {} and {}",
                        native(a),
                        native(b)
                    )));
                }
                Some(native(a))
            }
        };
        let dtype = match order {
            Some('>') => format!(">{dtype}"),
            _ => dtype,
        };
        items.push(if repeats.is_empty() {
            Item::Plain(dtype)
        } else {
            Item::Repeated(dtype, literal_eval(&repeats)?)
        });
    }
    Ok((items, is_list))
}

/// `ast.literal_eval` of a repeat count (only spaces, digits, commas and one pair of outer
/// parentheses can occur): an int, a tuple of ints, or a `SyntaxError`. Ints beyond `u64` are
/// saturated (they fail the same checks as any huge value).
fn literal_eval(src: &str) -> Result<Lit, NpError> {
    let syntax = || NpError::Value(format!("invalid syntax in repeat count {src:?}"));
    let int = |lit: &literal::Lit| match lit {
        literal::Lit::Int(v) => Ok(u64::try_from(*v).unwrap_or(u64::MAX)),
        literal::Lit::BigInt { .. } => Ok(u64::MAX),
        _ => Err(syntax()),
    };
    match literal::literal_eval(src, false).map_err(|_| syntax())? {
        literal::Lit::Tuple(items) => items
            .iter()
            .map(int)
            .collect::<Result<_, _>>()
            .map(Lit::Tuple),
        other => int(&other).map(Lit::Int),
    }
}

/// `_convert_from_list`: a structured dtype with fields `f0, f1, ...`.
fn from_list(items: &[Item], depth: usize) -> Result<Descr, NpError> {
    let mut n = items.len();
    if matches!(items.last(), Some(Item::Plain(s)) if s.is_empty()) {
        n -= 1;
    }
    if n == 0 {
        return Err(NpError::Value(
            "Expected at least one field name".to_string(),
        ));
    }
    let mut total: u64 = 0;
    for item in &items[..n] {
        let d = match item {
            Item::Plain(s) => from_str(s, depth + 1)?,
            Item::Repeated(s, lit) => from_tuple(s, lit, depth + 1)?,
        };
        total = total.saturating_add(d.elsize());
    }
    Ok(Descr::Other {
        family: Family::Structured,
        elsize: total,
        fields: true,
    })
}

/// `_convert_from_tuple` for `(spelling, repeats)`: an unsized flexible type takes the number as
/// its size (`"3U"` is `<U3`); otherwise it is a subarray shape, and an empty shape `()` gives
/// the base type itself (`"()f4"` is `float32`).
fn from_tuple(dtype: &str, lit: &Lit, depth: usize) -> Result<Descr, NpError> {
    let base = from_str(dtype, depth + 1)?;
    if base.is_unsized() {
        let size = match lit {
            Lit::Int(v) if *v <= INT_MAX => *v,
            _ => {
                return Err(NpError::Value(
                    "invalid itemsize in generic type tuple".to_string(),
                ));
            }
        };
        return Ok(match base {
            Descr::Carried(d) => {
                if size > INT_MAX / 4 {
                    return Err(NpError::Value(
                        "invalid itemsize in generic type tuple".to_string(),
                    ));
                }
                Descr::Carried(d.with_width(size as u32))
            }
            Descr::Other { family, fields, .. } => Descr::Other {
                family,
                elsize: size,
                fields,
            },
        });
    }
    let shape: &[u64] = match lit {
        Lit::Int(v) => std::slice::from_ref(v),
        Lit::Tuple(t) if t.is_empty() => return Ok(base),
        Lit::Tuple(t) => t,
    };
    if shape.len() > crate::limits::NPY_MAXDIMS {
        return Err(NpError::Value(
            "invalid shape in fixed-type tuple.".to_string(),
        ));
    }
    if shape.iter().any(|&d| d > INT_MAX) {
        return Err(NpError::Value(
            "invalid shape in fixed-type tuple: dimension does not fit into a C int.".to_string(),
        ));
    }
    let nbytes = shape
        .iter()
        .try_fold(1u64, |acc, &d| acc.checked_mul(d).filter(|&p| p <= INT_MAX))
        .and_then(|items| items.checked_mul(base.elsize()))
        .filter(|&b| b <= INT_MAX)
        .ok_or_else(|| {
            NpError::Value(
                "invalid shape in fixed-type tuple: dtype size in bytes must fit into a C int."
                    .to_string(),
            )
        })?;
    Ok(Descr::other(Family::Subarray, nbytes))
}

/// `is_datetime_typestr`: `M8...`, `m8...`, `datetime64...`, `timedelta64...`.
fn is_datetime_typestr(t: &[u8]) -> bool {
    (t.len() >= 2 && t[1] == b'8' && (t[0] == b'M' || t[0] == b'm'))
        || t.starts_with(b"datetime64")
        || t.starts_with(b"timedelta64")
}

/// The text C's `%s` prints for a byte string: up to the first NUL.
fn c_str(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..end]).into_owned()
}

/// `parse_dtype_from_datetime_typestr`: the root, then `[<num><unit>/<den>]` metadata, with
/// numpy's `TypeError` messages (positions are byte offsets into the metadata string).
fn parse_datetime(t: &[u8]) -> Result<Family, NpError> {
    let (family, meta) = if t.len() >= 2 && t[1] == b'8' && t[0] == b'm' {
        (Family::Timedelta, &t[2..])
    } else if t.len() >= 2 && t[1] == b'8' && t[0] == b'M' {
        (Family::Datetime, &t[2..])
    } else if t.starts_with(b"timedelta64") {
        (Family::Timedelta, &t[11..])
    } else {
        (Family::Datetime, &t[10..])
    };
    let len = meta.len();
    if len == 0 {
        return Ok(family);
    }
    let bad = |at: Option<usize>| {
        NpError::Type(match at {
            Some(p) => format!(
                "Invalid datetime metadata string \"{}\" at position {p}",
                c_str(meta)
            ),
            None => format!("Invalid datetime metadata string \"{}\"", c_str(meta)),
        })
    };
    if len < 3 {
        return Err(bad(None));
    }
    if meta[0] != b'[' {
        return Err(bad(Some(1)));
    }
    let close = match meta[1..].iter().position(|&c| c == b']') {
        Some(0) => return Err(bad(Some(1))),
        Some(i) => i + 1,
        None => return Err(bad(Some(len))),
    };
    let inner = &meta[1..close];
    // Optional multiplier.
    let num = strtol(inner);
    let unit_start = if num.any_digits {
        if num.value > INT_MAX as i64 || num.value < 0 {
            return Err(bad(Some(1)));
        }
        num.end
    } else {
        0
    };
    let unit_end = inner[unit_start..]
        .iter()
        .position(|&c| c == b'/')
        .map_or(inner.len(), |i| unit_start + i);
    if unit_end == unit_start {
        return Err(bad(Some(1 + unit_start)));
    }
    let unit = datetime_unit(&inner[unit_start..unit_end]).ok_or_else(|| {
        NpError::Type(format!(
            "Invalid datetime unit in metadata string \"{}\"",
            c_str(meta)
        ))
    })?;
    if unit_end < inner.len() {
        // `/den]`: C's strtol reads on from after the slash; a `]` must follow the digits.
        let den_start = 1 + unit_end + 1;
        let den = strtol(&meta[den_start..]);
        if !den.any_digits || meta.get(den_start + den.end) != Some(&b']') {
            return Err(bad(Some(den_start)));
        }
        // numpy stores the denominator in a C int.
        let den = den.value as i32;
        if den != 1 && !divisor_ok(unit, den) {
            return Err(NpError::Value(format!(
                "divisor ({den}) is not a multiple of a lower-unit in datetime metadata \"{}\"",
                c_str(meta)
            )));
        }
    }
    if close + 1 != len {
        return Err(bad(Some(close + 1)));
    }
    Ok(family)
}

/// numpy's datetime unit codes, in `NPY_DATETIMEUNIT` order (3 was business days).
fn datetime_unit(s: &[u8]) -> Option<u8> {
    Some(match s {
        b"Y" => 0,
        b"M" => 1,
        b"W" => 2,
        b"D" => 4,
        b"h" => 5,
        b"m" => 6,
        b"s" => 7,
        b"ms" => 8,
        b"us" | b"\xce\xbcs" => 9,
        b"ns" => 10,
        b"ps" => 11,
        b"fs" => 12,
        b"as" => 13,
        b"generic" => 14,
        _ => return None,
    })
}

/// `convert_datetime_divisor_to_multiple`: whether `[unit/den]` names a smaller unit.
fn divisor_ok(unit: u8, den: i32) -> bool {
    if den == 0 {
        // numpy divides by zero here; treat it as the ValueError it should be.
        return false;
    }
    let tries: &[i32] = match unit {
        0 => &[12, 52, 365],
        1 => &[4, 30, 720],
        // numpy's table has a fourth, zero entry for weeks, so any divisor "works".
        2 => &[7, 168, 10080, 0],
        4 => &[24, 1440, 86400],
        5 => &[60, 3600],
        6 => &[60, 60000],
        7..=11 => &[1000, 1_000_000],
        12 => &[1000],
        _ => &[],
    };
    tries.iter().any(|t| t % den == 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn ok(s: &str) -> String {
        match parse(s) {
            Ok(d) => d.str(),
            Err(e) => panic!("{s:?}: {:?} {}", e.kind(), e.message()),
        }
    }

    fn kind(s: &str) -> ErrorKind {
        match parse(s) {
            Ok(d) => panic!("{s:?} parsed as {d}"),
            Err(e) => e.kind(),
        }
    }

    fn message(s: &str) -> String {
        parse(s).map(|d| d.str()).unwrap_err().message().to_string()
    }

    #[test]
    fn names_chars_and_sizes() {
        for (s, want) in [
            ("double", "<f8"),
            ("single", "<f4"),
            ("half", "<f2"),
            ("uint", "<u8"),
            ("ulong", "<u8"),
            ("intc", "<i4"),
            ("short", "<i2"),
            ("byte", "|i1"),
            ("longlong", "<i8"),
            ("intp", "<i8"),
            ("int_", "<i8"),
            ("bool_", "|b1"),
            ("str_", "<U0"),
            ("unicode", "<U0"),
            ("p", "<i8"),
            ("N", "<u8"),
            ("?", "|b1"),
            ("b1", "|b1"),
            ("i4", "<i4"),
            ("f2", "<f2"),
            ("U8", "<U8"),
            ("<U0", "<U0"),
            (">U8", ">U8"),
            (">f4", ">f4"),
            ("|f8", "<f8"),
            ("=i2", "<i2"),
            (">i1", "|i1"),
            (">?", "|b1"),
            // strtol skips blanks and takes a sign.
            ("i 4", "<i4"),
            ("U+3", "<U3"),
            // numpy reads control bytes below 24 as type numbers.
            ("\u{7}", "<i8"),
            // Comma strings that come back as a plain dtype.
            ("()f4", "<f4"),
            (">()f4", ">f4"),
            ("() >i8", ">i8"),
            ("3U", "<U3"),
            ("()U5", "<U5"),
            ("2>U", ">U2"),
        ] {
            assert_eq!(ok(s), want, "{s:?}");
        }
    }

    #[test]
    fn uncarried_dtypes() {
        for s in [
            "complex64",
            "c8",
            "F",
            "D",
            "G",
            "O",
            "O8",
            "object",
            "S",
            "S4",
            "a",
            "a5",
            "c",
            "bytes",
            "bytes_",
            "M8[ns]",
            "<M8[5us]",
            "datetime64",
            "m8",
            "timedelta64[D/2]",
            "M",
            "M08",
            "V8",
            "void",
            "(2,)f4",
            "2i4",
            "f4,i4",
            "f4,",
            "i4, (2,3)f8",
            "float128",
            "longdouble",
            "g",
            "f16",
            "T",
            "clongdouble",
            "M8[W/7]",
        ] {
            assert_eq!(kind(s), ErrorKind::UnsupportedDtype, "{s:?}");
        }
        assert!(message("complex64").contains("not carried by ndarray-descriptor"));
    }

    #[test]
    fn numpy_type_errors() {
        for (s, msg) in [
            ("asdf", "data type 'asdf' not understood"),
            ("float33", "data type 'float33' not understood"),
            ("i3", "data type 'i3' not understood"),
            ("i0", "data type 'i0' not understood"),
            ("<float32", "data type '<float32' not understood"),
            ("Float32", "data type 'Float32' not understood"),
            (" float32", "data type ' float32' not understood"),
            ("float32 ", "data type 'float32 ' not understood"),
            ("str256", "data type 'str256' not understood"),
            ("float_", "data type 'float_' not understood"),
            ("<", "data type '<' not understood"),
            ("U5 ", "data type 'U5 ' not understood"),
            ("U-1", "data type 'U-1' not understood"),
            ("U536870912", "data type 'U536870912' not understood"),
            ("it's", "data type \"it's\" not understood"),
            ("a\nb", "data type 'a\\nb' not understood"),
            ("f4,xyz", "data type 'xyz' not understood"),
            ("2", "data type '' not understood"),
            ("(2)>", "data type '(2)>' not understood"),
            ("(2,)>", "data type '>' not understood"),
            ("(3)U", "data type '(3)U' not understood"),
            (
                "int0",
                "Alias 'int0' was removed in NumPy 2.0. Use a name without a digit at the end.",
            ),
            (
                "<bool8",
                "Alias '<bool8' was removed in NumPy 2.0. Use a name without a digit at the end.",
            ),
            (
                "M8[xx]",
                "Invalid datetime unit in metadata string \"[xx]\"",
            ),
            ("M8x", "Invalid datetime metadata string \"x\""),
            (
                "M8[ns",
                "Invalid datetime metadata string \"[ns\" at position 3",
            ),
            (
                "M8(ns)",
                "Invalid datetime metadata string \"(ns)\" at position 1",
            ),
            (
                "M8[ns]x",
                "Invalid datetime metadata string \"[ns]x\" at position 4",
            ),
            (
                "M8[10]",
                "Invalid datetime metadata string \"[10]\" at position 3",
            ),
            (
                "M8[s/x]",
                "Invalid datetime metadata string \"[s/x]\" at position 3",
            ),
        ] {
            assert_eq!(kind(s), ErrorKind::Unprocessable, "{s:?}");
            assert_eq!(message(s), format!("Invalid dtype \"{s}\": {msg}"), "{s:?}");
        }
    }

    #[test]
    fn numpy_value_errors_are_unprocessable() {
        for s in [
            ",",
            "f4,(2",
            "f4,,i4",
            "(2,f4",
            "2 3f4",
            "01f4",
            "(,)f4",
            "<2>f4",
            "|2<f4",
            "()U",
            "(2,)U",
            "99999999999f4",
            "(65536,65536)f4",
            "f4 ; i4,",
            "M8[s/7]",
            "M8[generic/2]",
            "i4,f4 x",
        ] {
            assert_eq!(kind(s), ErrorKind::Unprocessable, "{s:?}");
        }
    }

    #[test]
    fn literal_eval_repeat_counts() {
        assert_eq!(literal_eval("2"), Ok(Lit::Int(2)));
        assert_eq!(literal_eval(" 00 "), Ok(Lit::Int(0)));
        assert_eq!(literal_eval("(2)"), Ok(Lit::Int(2)));
        assert_eq!(literal_eval("()"), Ok(Lit::Tuple(vec![])));
        assert_eq!(literal_eval("( )"), Ok(Lit::Tuple(vec![])));
        assert_eq!(literal_eval("2,"), Ok(Lit::Tuple(vec![2])));
        assert_eq!(literal_eval("(2, 3)"), Ok(Lit::Tuple(vec![2, 3])));
        assert!(literal_eval("2 3").is_err());
        assert!(literal_eval("(2").is_err());
        assert!(literal_eval("2,,3").is_err());
        assert!(literal_eval(",").is_err());
        assert!(literal_eval("  ").is_err());
    }
}
