//! numpy's conversion of the decoded JSON scalars: `np.array(obj, dtype=hint)` element by
//! element with Python's `int()` / `float()` / `bool()` / `str()` (the unsafe per-element
//! conversion), and `np.array(obj)`'s dtype inference when there is no hint.

use ndarray::{ArrayD, IxDyn};

use crate::array::{ArrayData, DynArray};
use crate::dtype::{DType, ScalarType};
use crate::element::Element;
use crate::error::{Error, Result};
use crate::number::f64_to_f16;
use crate::strings::StrBuilder;

use super::tree::{Leaf, Parsed};
use crate::python::repr::float_repr;
use crate::python::text::{PyIntParse, py_float_from_str, py_int_from_str};

/// Why `np.array(obj, dtype=hint)` failed.
#[derive(Debug)]
pub(crate) enum Fail {
    /// A `ValueError`: the reference retries with `np.array(obj)` (no dtype).
    Value,
    /// `OverflowError` / `TypeError`: escapes the reference (500); a bad-input error here.
    Other(Error),
}

fn overflow(what: impl std::fmt::Display, target: ScalarType) -> Fail {
    Fail::Other(Error::bad_input(format!(
        "Python integer {what} out of bounds for {}",
        target.name()
    )))
}

fn type_error(func: &str, leaf: &Leaf<'_>) -> Fail {
    let ty = match leaf {
        Leaf::Null => "NoneType",
        Leaf::Obj(o) => o.type_name(),
        _ => "object",
    };
    let accepts = if func == "int" {
        "a string, a bytes-like object or a real number"
    } else {
        "a string or a real number"
    };
    Fail::Other(Error::bad_input(format!(
        "{func}() argument must be {accepts}, not '{ty}'"
    )))
}

/// `int(x)` then numpy's bounds check for an integer dtype.
fn to_int<T: TryFrom<i128>>(leaf: &Leaf<'_>, text: &[u8], target: ScalarType) -> Result<T, Fail> {
    let v: i128 = match leaf {
        Leaf::Int(t) => match t.as_i128() {
            Some(v) => v,
            None => {
                return Err(overflow(t.py_str(text), target));
            }
        },
        Leaf::Float(x) => {
            if x.is_nan() {
                return Err(Fail::Value);
            }
            if x.is_infinite() {
                return Err(Fail::Other(Error::bad_input(
                    "cannot convert float infinity to integer",
                )));
            }
            let t = x.trunc();
            if t.abs() >= 1.0e30 {
                return Err(overflow(float_repr(t), target));
            }
            t as i128
        }
        Leaf::LoneSurrogate(_) => return Err(Fail::Value),
        Leaf::Str(s) => match py_int_from_str(s).ok() {
            None => return Err(Fail::Value),
            Some(PyIntParse::Small(v)) => v,
            Some(PyIntParse::Big) => return Err(overflow(s, target)),
        },
        Leaf::Bool(b) => i128::from(*b),
        Leaf::Null | Leaf::Obj(_) => return Err(type_error("int", leaf)),
    };
    T::try_from(v).map_err(|_| overflow(v, target))
}

/// `float(x)` (`None` is NaN for numpy's float dtypes).
fn to_f64(leaf: &Leaf<'_>, text: &[u8]) -> Result<f64, Fail> {
    match leaf {
        Leaf::Int(t) => match t.mag {
            Some(0) => Ok(0.0),
            Some(m) => Ok(if t.neg { -(m as f64) } else { m as f64 }),
            None => {
                let v: f64 = t.py_str(text).parse().unwrap_or(f64::INFINITY);
                if v.is_finite() {
                    Ok(v)
                } else {
                    Err(Fail::Other(Error::bad_input(
                        "int too large to convert to float",
                    )))
                }
            }
        },
        Leaf::Float(x) => Ok(*x),
        Leaf::Str(s) => py_float_from_str(s).ok_or(Fail::Value),
        Leaf::LoneSurrogate(_) => Err(Fail::Value),
        Leaf::Bool(b) => Ok(if *b { 1.0 } else { 0.0 }),
        Leaf::Null => Ok(f64::NAN),
        Leaf::Obj(_) => Err(type_error("float", leaf)),
    }
}

/// `bool(x)`.
fn to_bool(leaf: &Leaf<'_>) -> bool {
    match leaf {
        Leaf::Int(t) => t.mag != Some(0),
        Leaf::Float(x) => *x != 0.0,
        Leaf::Str(s) => !s.is_empty(),
        Leaf::LoneSurrogate(_) => true,
        Leaf::Bool(b) => *b,
        Leaf::Null => false,
        Leaf::Obj(o) => o.truthy(),
    }
}

/// `str(x)`, appended to `out`.
fn to_str(leaf: &Leaf<'_>, text: &[u8], out: &mut String) {
    match leaf {
        Leaf::Int(t) => out.push_str(t.py_str(text)),
        Leaf::Float(x) => out.push_str(&float_repr(*x)),
        Leaf::Str(s) => out.push_str(s),
        Leaf::LoneSurrogate(_) => out.push(char::REPLACEMENT_CHARACTER),
        Leaf::Bool(true) => out.push_str("True"),
        Leaf::Bool(false) => out.push_str("False"),
        Leaf::Null => out.push_str("None"),
        Leaf::Obj(o) => out.push_str(&o.repr()),
    }
}

/// `str(x)` of every scalar, into one string array of `dtype`.
fn str_array(parsed: &Parsed<'_>, text: &[u8], dtype: DType) -> Result<DynArray> {
    // The text of the strings is no longer than the body; numbers print at most a few times
    // their token's length: this is a first reservation, sized by the input.
    let mut b = StrBuilder::with_capacity(parsed.leaves.len(), text.len());
    for l in &parsed.leaves {
        to_str(l, text, &mut b.values);
        b.end();
    }
    DynArray::with_dtype(ArrayData::Str(b.finish(&parsed.shape)?), dtype)
}

fn build<T: Element>(shape: &[usize], data: Vec<T>, dtype: DType) -> Result<DynArray> {
    let a = ArrayD::from_shape_vec(IxDyn(shape), data)
        .map_err(|e| Error::internal(format!("decoded element count does not fit: {e}")))?;
    DynArray::with_dtype(T::wrap(a), dtype)
}

fn collect<T: Element>(
    parsed: &Parsed<'_>,
    dtype: DType,
    f: impl Fn(&Leaf<'_>) -> Result<T, Fail>,
) -> Result<DynArray, Fail> {
    let data = parsed
        .leaves
        .iter()
        .map(f)
        .collect::<Result<Vec<T>, Fail>>()?;
    build(&parsed.shape, data, dtype).map_err(Fail::Other)
}

/// `np.array(obj, dtype=dtype)` for a numeric or bool dtype: the first element that fails
/// decides the error (numpy fills in C order).
pub(crate) fn with_hint(parsed: &Parsed<'_>, text: &[u8], dtype: DType) -> Result<DynArray, Fail> {
    use ScalarType::*;
    let s = dtype.scalar();
    match s {
        Bool => collect(parsed, dtype, |l| Ok(to_bool(l))),
        Int8 => collect(parsed, dtype, |l| to_int::<i8>(l, text, s)),
        Int16 => collect(parsed, dtype, |l| to_int::<i16>(l, text, s)),
        Int32 => collect(parsed, dtype, |l| to_int::<i32>(l, text, s)),
        Int64 => collect(parsed, dtype, |l| to_int::<i64>(l, text, s)),
        UInt8 => collect(parsed, dtype, |l| to_int::<u8>(l, text, s)),
        UInt16 => collect(parsed, dtype, |l| to_int::<u16>(l, text, s)),
        UInt32 => collect(parsed, dtype, |l| to_int::<u32>(l, text, s)),
        UInt64 => collect(parsed, dtype, |l| to_int::<u64>(l, text, s)),
        // numpy narrows the double: float32 by a C cast, float16 by npy_double_to_half
        // (straight from the double, not via float32).
        Float16 => collect(parsed, dtype, |l| to_f64(l, text).map(f64_to_f16)),
        Float32 => collect(parsed, dtype, |l| to_f64(l, text).map(|x| x as f32)),
        Float64 => collect(parsed, dtype, |l| to_f64(l, text)),
        Str => {
            check_representable(parsed).map_err(Fail::Other)?;
            str_array(parsed, text, dtype).map_err(Fail::Other)
        }
    }
}

/// `np.array(obj, dtype=<str dtype>)`, consuming the scalars: `str(x)` of each, cut to a fixed
/// width, or the longest (at least 1) for the unsized `str`.
pub(crate) fn strings(parsed: Parsed<'_>, text: &[u8], dtype: DType) -> Result<DynArray> {
    check_representable(&parsed)?;
    str_array(&parsed, text, dtype)
}

/// What numpy discovers for one scalar, or the running result of promoting them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Disc {
    Bool,
    I64,
    U64,
    F64,
    /// A unicode string of this many characters.
    Str(usize),
}

impl Disc {
    /// numpy's default string width for a number of this kind (`np.promote_types(t, "U")`).
    fn str_width(self) -> usize {
        match self {
            Disc::Bool => 5,
            Disc::I64 => 21,
            Disc::U64 => 20,
            Disc::F64 => 32,
            Disc::Str(n) => n,
        }
    }

    /// `np.promote_types(self, other)`.
    fn promote(self, other: Disc) -> Disc {
        use Disc::*;
        match (self, other) {
            (Str(_), _) | (_, Str(_)) => Str(self.str_width().max(other.str_width())),
            (a, b) if a == b => a,
            (F64, _) | (_, F64) | (I64, U64) | (U64, I64) => F64,
            (U64, Bool) | (Bool, U64) => U64,
            _ => I64,
        }
    }
}

/// `np.array(obj)` without a dtype: numpy's inference. Each scalar is discovered (a JSON int
/// as int64 if it fits, else uint64, else object; bool; float64; `U<len>` for a string) and
/// the dtypes are promoted pairwise in C order, so the order matters: uint64 then int64 is
/// float64 (and then with a string `U32`), while a string then int64 then uint64 is `U21`.
/// `null` or an object (or a too-large int) makes an object array, which the crate refuses.
pub(crate) fn infer(parsed: Parsed<'_>, text: &[u8]) -> Result<DynArray> {
    let mut acc: Option<Disc> = None;
    for leaf in &parsed.leaves {
        let d = match leaf {
            Leaf::Bool(_) => Disc::Bool,
            Leaf::Int(t) => match t.as_i128() {
                Some(v) if i64::try_from(v).is_ok() => Disc::I64,
                Some(v) if u64::try_from(v).is_ok() => Disc::U64,
                _ => return Err(object_array("an integer outside the int64/uint64 range")),
            },
            Leaf::Float(_) => Disc::F64,
            Leaf::Str(x) => Disc::Str(x.chars().count()),
            Leaf::LoneSurrogate(pos) => return Err(lone_surrogate(*pos)),
            Leaf::Null => return Err(object_array("null")),
            Leaf::Obj(_) => return Err(object_array("a JSON object")),
        };
        acc = Some(acc.map_or(d, |a| a.promote(d)));
    }
    let dtype = match acc {
        // `np.array([])` is float64.
        None | Some(Disc::F64) => DType::FLOAT64,
        Some(Disc::Bool) => DType::BOOL,
        Some(Disc::I64) => DType::INT64,
        Some(Disc::U64) => DType::UINT64,
        Some(Disc::Str(n)) => {
            let width = u32::try_from(n.max(1)).unwrap_or(u32::MAX);
            return strings(parsed, text, DType::string(width));
        }
    };
    with_hint(&parsed, text, dtype).map_err(|e| match e {
        Fail::Other(e) => e,
        Fail::Value => Error::internal("numpy's inferred dtype rejected an element"),
    })
}

/// A string element with a lone surrogate cannot be stored (Python's `str` can hold one, a
/// Rust `String` cannot).
fn check_representable(parsed: &Parsed<'_>) -> Result<()> {
    match parsed.leaves.iter().find_map(|l| match l {
        Leaf::LoneSurrogate(pos) => Some(*pos),
        _ => None,
    }) {
        Some(pos) => Err(lone_surrogate(pos)),
        None => Ok(()),
    }
}

fn lone_surrogate(pos: usize) -> Error {
    Error::bad_input(format!(
        "a lone UTF-16 surrogate escape at JSON byte offset {pos} cannot be represented in a \
         string element"
    ))
}

fn object_array(what: &str) -> Error {
    Error::bad_input(format!(
        "the JSON input holds {what}, which numpy can only store in an object array \
         (dtype=object); object arrays are not supported"
    ))
}
