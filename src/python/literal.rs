//! `ast.literal_eval` for the subset of Python literals numpy reads from text: the `.npy`
//! header dict (`{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`) and the repeat
//! counts of a comma-string dtype (`"(2, 3)f4"`).
//!
//! Strings with either quote and their escapes, ints (PEP 515 underscores, no leading zeros),
//! `True` / `False` / `None`, tuples (a bare `1, 2` at the top level too), lists and dicts. The
//! reader is recursive descent with a nesting cap; what it refuses is Python's `SyntaxError`
//! (or a non-literal `ast.literal_eval` refuses), and each caller words that error.

use crate::python::repr::py_repr;

/// Python literal nesting deeper than this is refused: a `.npy` header has depth 2 (a dict
/// holding a tuple), a structured descr a few more; the cap keeps recursion bounded on hostile
/// input.
const MAX_NESTING: usize = 32;

/// Why the text is not a literal: what was expected, and the byte offset where reading stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LiteralError {
    /// What was wrong (`expected ':'`, `unterminated string`, ...).
    pub(crate) why: &'static str,
    /// The byte offset in the text.
    pub(crate) pos: usize,
}

/// `ast.literal_eval(text)`. `python2_ints` accepts Python 2's `L` suffix on integers (numpy
/// filters it out of version 1.0 and 2.0 `.npy` headers).
pub(crate) fn literal_eval(text: &str, python2_ints: bool) -> Result<Lit, LiteralError> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        pos: 0,
        python2_ints,
    };
    p.skip_ws();
    let first = p.value(0)?;
    // `1, 2` and `1,` are tuples at the top level.
    let value = if p.eat(b',') {
        let mut items = vec![first];
        loop {
            p.skip_ws();
            if p.pos == p.s.len() {
                break;
            }
            items.push(p.value(1)?);
            if !p.eat(b',') {
                break;
            }
        }
        Lit::Tuple(items)
    } else {
        first
    };
    p.skip_ws();
    if p.pos != p.s.len() {
        return Err(p.error("unexpected text after the value"));
    }
    Ok(value)
}

/// A Python literal value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Lit {
    /// A `str` (either quote style, escapes decoded).
    Str(String),
    /// An `int` that fits in an `i128`.
    Int(i128),
    /// An `int` beyond `i128`: its sign and its digits as written (underscores kept).
    BigInt {
        /// Whether a `-` came first.
        negative: bool,
        /// The digits as written.
        digits: String,
    },
    /// `True` / `False`.
    Bool(bool),
    /// `None`.
    None,
    /// A float, complex or non-decimal int literal, kept as written: no caller takes one as a
    /// value, they only quote it.
    Float(String),
    /// A `tuple`.
    Tuple(Vec<Lit>),
    /// A `list`.
    List(Vec<Lit>),
    /// A `dict`, in the order written (repeated keys included).
    Dict(Vec<(Lit, Lit)>),
}

impl Lit {
    /// Python's `repr`, for error messages.
    pub(crate) fn repr(&self) -> String {
        fn seq(items: &[Lit]) -> String {
            items.iter().map(Lit::repr).collect::<Vec<_>>().join(", ")
        }
        match self {
            Lit::Str(s) => py_repr(s),
            Lit::Int(i) => i.to_string(),
            Lit::BigInt { negative, digits } => {
                let sign = if *negative { "-" } else { "" };
                format!("{sign}{}", digits.replace('_', ""))
            }
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

    /// The first integer beyond `i128` in the order written, as written.
    pub(crate) fn first_big_int(&self) -> Option<&str> {
        match self {
            Lit::BigInt { digits, .. } => Some(digits),
            Lit::Tuple(items) | Lit::List(items) => items.iter().find_map(Lit::first_big_int),
            Lit::Dict(d) => d
                .iter()
                .find_map(|(k, v)| k.first_big_int().or_else(|| v.first_big_int())),
            _ => None,
        }
    }
}

/// The reader: a byte cursor over the text.
struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    pos: usize,
    python2_ints: bool,
}

impl Parser<'_> {
    fn error(&self, why: &'static str) -> LiteralError {
        LiteralError { why, pos: self.pos }
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

    fn value(&mut self, depth: usize) -> Result<Lit, LiteralError> {
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
    fn sequence(&mut self, close: u8, depth: usize) -> Result<(Vec<Lit>, bool), LiteralError> {
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

    fn string(&mut self, quote: u8) -> Result<Lit, LiteralError> {
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

    fn hex_escape(&mut self, n: usize) -> Result<char, LiteralError> {
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

    fn number(&mut self) -> Result<Lit, LiteralError> {
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
        Ok(match clean.parse::<i128>() {
            Ok(magnitude) => Lit::Int(if negative { -magnitude } else { magnitude }),
            Err(_) => Lit::BigInt {
                negative,
                digits: digits.to_string(),
            },
        })
    }
}
