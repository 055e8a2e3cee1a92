//! CPython's and numpy's text semantics, one implementation each, as CPython 3.11 and numpy 2.4.6
//! define them:
//!
//! * [`text`] — `str.isspace()`, the Unicode decimal digits, `int(str)` and `float(str)`, which
//!   `astype` from a `str` array and the JSON path (numpy's per-element `int()` / `float()`)
//!   both call;
//! * [`repr`] — `repr(str)` and `repr(float)`, for numpy's messages, `str(x)` of decoded JSON
//!   values, the `.npy` header and the spec dict;
//! * [`literal`] — `ast.literal_eval` of the `.npy` header dict and of a comma-string dtype's
//!   repeat counts;
//! * [`object`] — the Python objects `json.loads` makes (the JSON path's scalars and nested
//!   values, the spec dict in BentoML's messages), with their `bool()`, `repr()` and type name.
//!
//! The functions return Python's result (a value, or which exception); each caller words its
//! own error message. The tables they are tested against were written by CPython and numpy
//! (`tests/fixtures/python/gen_text_cases.py`).

pub(crate) mod literal;
pub(crate) mod object;
pub(crate) mod repr;
pub(crate) mod text;

#[cfg(test)]
mod tests;
