//! The Python objects `json.loads` makes of the JSON values that are not part of the array
//! structure, with the Python built-ins numpy calls on them per element (`bool(x)`, `repr(x)`,
//! the type name in a `TypeError`); `int(str)`, `float(str)` and `repr` of `str` and `float` are
//! `crate::python`'s.
//!
//! [`PyObj`] is not the `ast.literal_eval` model of the `.npy` header and the dtype parser
//! (`crate::python::literal`): `json.loads` never makes a tuple, its dict keys are always `str`,
//! its floats are values (the literal model keeps a float's text, which only ever appears in
//! an error message), and its ints have no size limit.

use super::repr::{float_repr_into, str_repr_into};

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
    /// parser's nesting limit (at most [`crate::json::tree::PY_MAX_NESTING`]).
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

impl From<&serde_json::Value> for PyObj {
    /// The object `json.loads` makes of a value serde_json has already parsed (integers keep
    /// their digits; any other number is a float).
    fn from(v: &serde_json::Value) -> PyObj {
        use serde_json::Value;
        match v {
            Value::Null => PyObj::None,
            Value::Bool(b) => PyObj::Bool(*b),
            Value::Number(n) if n.is_i64() || n.is_u64() => PyObj::Int(n.to_string()),
            Value::Number(n) => PyObj::Float(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => PyObj::Str(s.clone()),
            Value::Array(items) => PyObj::List(items.iter().map(PyObj::from).collect()),
            Value::Object(map) => PyObj::Dict(
                map.iter()
                    .map(|(k, v)| (k.clone(), PyObj::from(v)))
                    .collect(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
