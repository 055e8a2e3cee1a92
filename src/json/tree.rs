//! The general reader: any JSON body into the array nest's shape and its scalars in C order
//! ([`Leaf`]s, objects as Python [`PyObj`]s), with Python's syntax errors and nesting limit.
//! numpy's conversion rules (`convert`) then run on the result. It does not recurse on the
//! input: nesting is an explicit counter / stack, checked against the depth limit.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::error::Error;
use crate::limits::Limits;

use super::lex::{EXPECTING_VALUE, Lexer, StrError, SyntaxError};
use super::shape::{ShapeError, ShapeTracker, shape_error};
use crate::python::object::PyObj;

/// Nesting beyond which CPython's JSON decoder raises `RecursionError` (its default recursion
/// limit); applied whatever the configured [`Limits::max_depth`], so no input can nest deeper
/// than this anywhere in the crate.
pub(crate) const PY_MAX_NESTING: usize = 1000;

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

/// CPython's `JSONDecodeError` `msg` at byte `pos`.
#[cold]
fn syntax(msg: &'static str, pos: usize) -> ParseError {
    ParseError::Syntax(SyntaxError { msg, pos })
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
                    return Err(syntax("Extra data", lx.pos));
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
                    return Err(syntax("Expecting ',' delimiter", lx.pos));
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
        Err(syntax(EXPECTING_VALUE, at))
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
                        return Err(syntax(
                            "Expecting property name enclosed in double quotes",
                            lx.pos,
                        ));
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
                            return Err(syntax("Expecting ',' delimiter", lx.pos));
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
                                return Err(syntax(
                                    "Expecting property name enclosed in double quotes",
                                    lx.pos,
                                ));
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
                            return Err(syntax("Expecting ',' delimiter", lx.pos));
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
        return Err(syntax("Expecting ':' delimiter", lx.pos));
    }
    lx.pos += 1;
    lx.skip_ws();
    Ok(key)
}
