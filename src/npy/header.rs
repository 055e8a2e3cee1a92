//! The `.npy` header: the Python-literal dict numpy writes and reads with `ast.literal_eval`
//! (`{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`).
//!
//! [`parse`] is a small recursive-descent reader for the subset of Python literals a header can
//! hold (dicts, tuples, lists, strings, ints, `True`/`False`/`None`), followed by numpy's own
//! checks in numpy's order and with numpy's messages (`numpy/lib/_format_impl.py`,
//! `_read_array_header`). [`format`] writes the dict byte for byte as `np.save` does.

use crate::dtype::{DType, ScalarType};
use crate::error::{Error, Result};

/// The three keys of a header, decoded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Header {
    /// The array dtype (`descr`).
    pub(crate) dtype: DType,
    /// Whether the data is in Fortran (column-major) order.
    pub(crate) fortran_order: bool,
    /// The shape; every dimension checked non-negative.
    pub(crate) shape: Vec<usize>,
}

/// Python literal nesting deeper than this is refused: a header has depth 2 (a dict holding a
/// tuple), a structured descr a few more; the cap keeps recursion bounded on hostile input.
const MAX_NESTING: usize = 32;

/// numpy's `GROWTH_AXIS_MAX_DIGITS`: `np.save` pads the header with spaces so that the growth
/// axis could be rewritten in place with up to 21 digits.
const GROWTH_AXIS_MAX_DIGITS: usize = 21;

/// A Python literal value.
#[derive(Debug, Clone, PartialEq)]
enum Lit {
    Str(String),
    Int(i128),
    Bool(bool),
    None,
    Float(String),
    Tuple(Vec<Lit>),
    List(Vec<Lit>),
    Dict(Vec<(Lit, Lit)>),
}

impl Lit {
    /// Python's `repr`, for error messages.
    fn repr(&self) -> String {
        fn seq(items: &[Lit]) -> String {
            items.iter().map(Lit::repr).collect::<Vec<_>>().join(", ")
        }
        match self {
            Lit::Str(s) => py_str_repr(s),
            Lit::Int(i) => i.to_string(),
            Lit::Bool(true) => "True".into(),
            Lit::Bool(false) => "False".into(),
            Lit::None => "None".into(),
            Lit::Float(f) => f.clone(),
            Lit::Tuple(t) if t.len() == 1 => format!("({},)", t[0].repr()),
            Lit::Tuple(t) => format!("({})", seq(t)),
            Lit::List(l) => format!("[{}]", seq(l)),
            Lit::Dict(d) => format!(
                "{{{}}}",
                d.iter()
                    .map(|(k, v)| format!("{}: {}", k.repr(), v.repr()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

fn py_str_repr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Parse header text (already decoded from latin-1 or UTF-8) into a [`Header`].
///
/// `python2_ints` accepts Python 2's `L` suffix on integers, which numpy filters out of
/// version 1.0 and 2.0 headers.
///
/// # Errors
/// Bad input with numpy's messages (`Cannot parse header: ...`, `Header is not a dictionary`,
/// `Header does not contain the correct keys: [...]`, `shape is not valid: ...`,
/// `fortran_order is not a valid bool: ...`, `descr is not a valid dtype descriptor: ...`),
/// `negative dimensions are not allowed`; unsupported dtype for a valid numpy descr this crate
/// does not carry (`|O`, `<c8`, structured dtypes).
pub(crate) fn parse(text: &str, python2_ints: bool) -> Result<Header> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        pos: 0,
        python2_ints,
    };
    p.skip_ws();
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos != p.s.len() {
        return Err(p.error("unexpected text after the dict"));
    }
    let Lit::Dict(items) = value else {
        return Err(Error::bad_input(format!(
            "Header is not a dictionary: {}",
            value.repr()
        )));
    };
    // Python dicts keep the last of repeated keys.
    let mut keys: Vec<&Lit> = Vec::new();
    let (mut descr, mut fortran, mut shape) = (None, None, None);
    for (k, v) in &items {
        if !keys.contains(&k) {
            keys.push(k);
        }
        match k {
            Lit::Str(s) if s == "descr" => descr = Some(v),
            Lit::Str(s) if s == "fortran_order" => fortran = Some(v),
            Lit::Str(s) if s == "shape" => shape = Some(v),
            _ => {}
        }
    }
    let (Some(descr), Some(fortran), Some(shape)) = (descr, fortran, shape) else {
        return Err(wrong_keys(&keys));
    };
    if keys.len() != 3 {
        return Err(wrong_keys(&keys));
    }
    let shape = match shape {
        // `isinstance(True, int)` holds in Python, so numpy takes bools as 0/1 dimensions.
        Lit::Tuple(dims) if dims.iter().all(|d| matches!(d, Lit::Int(_) | Lit::Bool(_))) => dims
            .iter()
            .map(|d| match d {
                Lit::Int(i) if *i < 0 => {
                    Err(Error::bad_input("negative dimensions are not allowed"))
                }
                Lit::Int(i) => usize::try_from(*i).map_err(|_| {
                    Error::limit_exceeded(format!("dimension {i} is larger than the address space"))
                }),
                Lit::Bool(b) => Ok(usize::from(*b)),
                _ => Err(Error::internal("checked above")),
            })
            .collect::<Result<Vec<usize>>>()?,
        other => {
            return Err(Error::bad_input(format!(
                "shape is not valid: {}",
                other.repr()
            )));
        }
    };
    let fortran_order = match fortran {
        Lit::Bool(b) => *b,
        other => {
            return Err(Error::bad_input(format!(
                "fortran_order is not a valid bool: {}",
                other.repr()
            )));
        }
    };
    let dtype = descr_dtype(descr)?;
    Ok(Header {
        dtype,
        fortran_order,
        shape,
    })
}

fn wrong_keys(keys: &[&Lit]) -> Error {
    let mut reprs: Vec<String> = keys.iter().map(|k| k.repr()).collect();
    reprs.sort();
    Error::bad_input(format!(
        "Header does not contain the correct keys: [{}]",
        reprs.join(", ")
    ))
}

/// numpy's `descr_to_dtype` for the descrs this crate carries.
fn descr_dtype(descr: &Lit) -> Result<DType> {
    let s = match descr {
        Lit::Str(s) => s,
        // A list is a structured dtype, a tuple a subarray dtype: valid numpy, not carried.
        Lit::List(_) | Lit::Tuple(_) => {
            return Err(Error::unsupported_dtype(format!(
                "Unsupported dtype {} in .npy header: structured and subarray dtypes are not \
                 supported",
                descr.repr()
            )));
        }
        other => {
            return Err(Error::bad_input(format!(
                "descr is not a valid dtype descriptor: {}",
                other.repr()
            )));
        }
    };
    match DType::parse(s) {
        Ok(d) => Ok(d),
        Err(e) if e.kind() == crate::ErrorKind::UnsupportedDtype => Err(e),
        Err(_) if is_uncarried_numpy_type(s) => Err(Error::unsupported_dtype(format!(
            "Unsupported dtype '{s}' in .npy header"
        ))),
        Err(_) => Err(Error::bad_input(format!(
            "descr is not a valid dtype descriptor: {}",
            py_str_repr(s)
        ))),
    }
}

/// Whether `s` is a numpy type string of a kind numpy knows but this crate does not carry:
/// objects, complex, bytes, void, datetimes, or a float width other than 2, 4 and 8
/// (`<f16` is longdouble).
fn is_uncarried_numpy_type(s: &str) -> bool {
    let body = s.trim_start_matches(['<', '>', '=', '|']);
    let mut chars = body.chars();
    let Some(kind) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    let digits = rest.is_empty() || rest.bytes().all(|b| b.is_ascii_digit());
    match kind {
        'O' | 'c' | 'S' | 'a' | 'V' | 'G' | 'g' | 'D' | 'F' => digits,
        'M' | 'm' => rest.is_empty() || rest.starts_with('8'),
        'f' => matches!(rest, "12" | "16"),
        _ => matches!(
            body,
            "object" | "complex" | "complex64" | "complex128" | "bytes" | "void" | "longdouble"
        ),
    }
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    pos: usize,
    python2_ints: bool,
}

impl Parser<'_> {
    fn error(&self, why: &str) -> Error {
        // numpy quotes the whole header; a hostile one can be long, so cut it.
        let shown: String = self.text.chars().take(200).collect();
        Error::bad_input(format!(
            "Cannot parse header: {} ({why} at byte {})",
            py_str_repr(&shown),
            self.pos
        ))
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.skip_ws();
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Lit> {
        if depth > MAX_NESTING {
            return Err(self.error("nesting too deep"));
        }
        self.skip_ws();
        match self.peek() {
            Some(b'{') => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    if self.eat(b'}') {
                        return Ok(Lit::Dict(items));
                    }
                    let k = self.value(depth + 1)?;
                    if !self.eat(b':') {
                        return Err(self.error("expected ':'"));
                    }
                    let v = self.value(depth + 1)?;
                    items.push((k, v));
                    if !self.eat(b',') {
                        if self.eat(b'}') {
                            return Ok(Lit::Dict(items));
                        }
                        return Err(self.error("expected ',' or '}'"));
                    }
                }
            }
            Some(b'(') => {
                self.pos += 1;
                let (items, trailing_comma) = self.sequence(b')', depth)?;
                // `(x)` is just x in Python; `(x,)` is a tuple.
                if items.len() == 1 && !trailing_comma {
                    return items
                        .into_iter()
                        .next()
                        .ok_or_else(|| self.error("empty parentheses"));
                }
                Ok(Lit::Tuple(items))
            }
            Some(b'[') => {
                self.pos += 1;
                Ok(Lit::List(self.sequence(b']', depth)?.0))
            }
            Some(q @ (b'\'' | b'"')) => self.string(q),
            Some(b'-' | b'+' | b'0'..=b'9' | b'.') => self.number(),
            Some(b'A'..=b'Z' | b'a'..=b'z' | b'_') => {
                let start = self.pos;
                while let Some(b'A'..=b'Z' | b'a'..=b'z' | b'_' | b'0'..=b'9') = self.peek() {
                    self.pos += 1;
                }
                match &self.text[start..self.pos] {
                    "True" => Ok(Lit::Bool(true)),
                    "False" => Ok(Lit::Bool(false)),
                    "None" => Ok(Lit::None),
                    _ => {
                        self.pos = start;
                        Err(self.error("not a literal"))
                    }
                }
            }
            _ => Err(self.error("expected a value")),
        }
    }

    /// Items up to `close`, and whether a comma came last.
    fn sequence(&mut self, close: u8, depth: usize) -> Result<(Vec<Lit>, bool)> {
        let mut items = Vec::new();
        let mut trailing = false;
        loop {
            if self.eat(close) {
                return Ok((items, trailing));
            }
            items.push(self.value(depth + 1)?);
            trailing = self.eat(b',');
            if !trailing {
                if self.eat(close) {
                    return Ok((items, false));
                }
                return Err(self.error("expected ',' or a closing bracket"));
            }
        }
    }

    fn string(&mut self, quote: u8) -> Result<Lit> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let mut chars = rest.chars();
            let Some(c) = chars.next() else {
                return Err(self.error("unterminated string"));
            };
            self.pos += c.len_utf8();
            match c {
                c if c as u32 == u32::from(quote) => return Ok(Lit::Str(out)),
                '\n' => return Err(self.error("newline in string")),
                '\\' => {
                    let Some(e) = self.text[self.pos..].chars().next() else {
                        return Err(self.error("unterminated string"));
                    };
                    self.pos += e.len_utf8();
                    match e {
                        '\\' => out.push('\\'),
                        '\'' => out.push('\''),
                        '"' => out.push('"'),
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        '0' => out.push('\0'),
                        'x' => out.push(self.hex_escape(2)?),
                        'u' => out.push(self.hex_escape(4)?),
                        'U' => out.push(self.hex_escape(8)?),
                        other => {
                            // Python keeps unknown escapes as written.
                            out.push('\\');
                            out.push(other);
                        }
                    }
                }
                c => out.push(c),
            }
        }
    }

    fn hex_escape(&mut self, n: usize) -> Result<char> {
        let digits = self
            .text
            .get(self.pos..self.pos + n)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("truncated escape"))?;
        self.pos += n;
        u32::from_str_radix(digits, 16)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(|| self.error("escape is not a character"))
    }

    fn number(&mut self) -> Result<Lit> {
        let start = self.pos;
        let mut negative = false;
        if let Some(sign @ (b'-' | b'+')) = self.peek() {
            negative = sign == b'-';
            self.pos += 1;
            self.skip_ws();
        }
        let digits_start = self.pos;
        while let Some(b'0'..=b'9' | b'_') = self.peek() {
            self.pos += 1;
        }
        let digits = &self.text[digits_start..self.pos];
        if let Some(b'.' | b'e' | b'E' | b'j' | b'J' | b'x' | b'X' | b'o' | b'O' | b'b' | b'B') =
            self.peek()
        {
            // Floats, complex and non-decimal ints never make a valid header value; keep them
            // as opaque text so the key checks can name them.
            while let Some(b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'.' | b'_' | b'+' | b'-') =
                self.peek()
            {
                self.pos += 1;
            }
            return Ok(Lit::Float(self.text[start..self.pos].to_string()));
        }
        if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') {
            return Err(self.error("malformed number"));
        }
        let clean: String = digits.chars().filter(|&c| c != '_').collect();
        if clean.len() > 1 && clean.starts_with('0') && clean.bytes().any(|b| b != b'0') {
            // Python 3 rejects leading zeros (`007`).
            return Err(self.error("leading zeros in an integer"));
        }
        if self.python2_ints && matches!(self.peek(), Some(b'L' | b'l')) {
            self.pos += 1;
        }
        let magnitude: i128 = clean.parse().map_err(|_| {
            Error::limit_exceeded(format!("integer {digits} in the .npy header is too large"))
        })?;
        Ok(Lit::Int(if negative { -magnitude } else { magnitude }))
    }
}

/// The header dict exactly as `np.save` writes it for a C-order array of `dtype` and `shape`,
/// growth padding included but without the alignment padding and final newline.
pub(crate) fn format(dtype: DType, shape: &[usize]) -> String {
    let shape_repr = match shape {
        [] => "()".to_string(),
        [d] => format!("({d},)"),
        dims => format!(
            "({})",
            dims.iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let descr = match dtype.scalar() {
        // numpy names an unsized str array's dtype by its width; ours is at least 1.
        ScalarType::Str if dtype.width() == 0 => dtype.with_width(1).str(),
        _ => dtype.str(),
    };
    let mut h = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape_repr}, }}");
    if let Some(first) = shape.first() {
        let digits = first.to_string().len();
        h.push_str(&" ".repeat(GROWTH_AXIS_MAX_DIGITS.saturating_sub(digits)));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::dtype::ByteOrder;

    fn ok(s: &str) -> Header {
        parse(s, false).unwrap_or_else(|e| panic!("{s}: {}", e.message()))
    }

    fn err(s: &str) -> Error {
        parse(s, false).expect_err(s)
    }

    #[test]
    fn numpy_headers() {
        let h = ok("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }          \n");
        assert_eq!(h.dtype, DType::FLOAT32.with_byteorder(ByteOrder::Little));
        assert!(!h.fortran_order);
        assert_eq!(h.shape, vec![2, 3]);
        let h = ok("{\"shape\": (), \"fortran_order\": True, \"descr\": \">U3\"}");
        assert_eq!(h.dtype.str(), ">U3");
        assert!(h.fortran_order);
        assert!(h.shape.is_empty());
        assert_eq!(
            ok("{'descr':'|b1','fortran_order':False,'shape':(5,)}").shape,
            [5]
        );
        assert_eq!(
            ok("{'descr': 'float64', 'fortran_order': False, 'shape': (0, 3)}").shape,
            [0, 3]
        );
        // numpy's literal_eval takes `(True, 2)` as a shape, bools being ints.
        assert_eq!(
            ok("{'descr': '<i4', 'fortran_order': False, 'shape': (True, 2)}").shape,
            [1, 2]
        );
        assert_eq!(
            ok("{'descr': '<i4', 'fortran_order': False, 'shape': (1_0,)}").shape,
            [10]
        );
        // Duplicate keys: the last wins, as in a Python dict.
        assert_eq!(
            ok("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), 'shape': (2,)}").shape,
            [2]
        );
    }

    #[test]
    fn python2_long_suffix_only_when_allowed() {
        assert_eq!(
            parse(
                "{'descr': '<i4', 'fortran_order': False, 'shape': (3L,)}",
                true
            )
            .unwrap()
            .shape,
            [3]
        );
        assert!(
            parse(
                "{'descr': '<i4', 'fortran_order': False, 'shape': (3L,)}",
                false
            )
            .is_err()
        );
    }

    #[test]
    fn numpy_messages() {
        assert_eq!(
            err("{'descr': '<i4', 'shape': (3,)}").message(),
            "Header does not contain the correct keys: ['descr', 'shape']"
        );
        assert_eq!(
            err("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), 'x': 1}").message(),
            "Header does not contain the correct keys: ['descr', 'fortran_order', 'shape', 'x']"
        );
        assert_eq!(
            err("{'descr': '<i4', 'fortran_order': False, 'shape': [3]}").message(),
            "shape is not valid: [3]"
        );
        assert_eq!(
            err("{'descr': '<i4', 'fortran_order': False, 'shape': (3.0,)}").message(),
            "shape is not valid: (3.0,)"
        );
        assert_eq!(
            err("{'descr': '<i4', 'fortran_order': 0, 'shape': (3,)}").message(),
            "fortran_order is not a valid bool: 0"
        );
        assert_eq!(
            err("{'descr': 'nope', 'fortran_order': False, 'shape': (3,)}").message(),
            "descr is not a valid dtype descriptor: 'nope'"
        );
        assert_eq!(
            err("[1, 2]").message(),
            "Header is not a dictionary: [1, 2]"
        );
        assert_eq!(
            err("{'descr': '<i4', 'fortran_order': False, 'shape': (-1, 3)}").message(),
            "negative dimensions are not allowed"
        );
    }

    #[test]
    fn uncarried_dtypes() {
        for descr in [
            "'|O'",
            "'<c8'",
            "'|S3'",
            "'<M8[ns]'",
            "'<f16'",
            "[('a', '<f4')]",
        ] {
            let e = err(&format!(
                "{{'descr': {descr}, 'fortran_order': False, 'shape': (1,)}}"
            ));
            assert_eq!(
                e.kind(),
                ErrorKind::UnsupportedDtype,
                "{descr}: {}",
                e.message()
            );
        }
    }

    #[test]
    fn hostile_text() {
        for bad in [
            "",
            "{",
            "{'descr': '<i4', 'fortran_order': False, 'shape': (3,)",
            "{'descr': '<i4' 'fortran_order': False}",
            "{'descr': '<i4', 'fortran_order': False, 'shape': (3,)} trailing",
            "{'descr: 1}",
            "{'descr': '\\x4', 'fortran_order': False, 'shape': (3,)}",
            "{'shape': (007,), 'descr': '<i4', 'fortran_order': False}",
            "{'shape': (__import__('os'),)}",
        ] {
            assert_eq!(err(bad).kind(), ErrorKind::BadInput, "{bad:?}");
        }
        let deep = format!("{}{}", "(".repeat(10_000), ")".repeat(10_000));
        assert_eq!(err(&deep).kind(), ErrorKind::BadInput);
        let huge = "{'descr': '<i4', 'fortran_order': False, 'shape': (99999999999999999999999999999999999999999,)}";
        assert_eq!(err(huge).kind(), ErrorKind::LimitExceeded);
        let big = "{'descr': '<i4', 'fortran_order': False, 'shape': (99999999999999999999999,)}";
        assert_eq!(err(big).kind(), ErrorKind::LimitExceeded);
    }

    #[test]
    fn format_matches_np_save() {
        assert_eq!(
            format(DType::FLOAT32.with_byteorder(ByteOrder::Little), &[2, 3]),
            format!(
                "{{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}{}",
                " ".repeat(20)
            )
        );
        assert_eq!(
            format(DType::BOOL, &[]),
            "{'descr': '|b1', 'fortran_order': False, 'shape': (), }"
        );
        assert_eq!(
            format(DType::string(5).with_byteorder(ByteOrder::Big), &[10]),
            format!(
                "{{'descr': '>U5', 'fortran_order': False, 'shape': (10,), }}{}",
                " ".repeat(19)
            )
        );
        let h = format(DType::INT64, &[7, 1]);
        assert_eq!(parse(&h, false).unwrap().shape, [7, 1]);
    }
}
