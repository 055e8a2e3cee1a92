//! Shared helpers for the integration tests: vector arrays ⇄ `DynArray`, and the comparison
//! rules of tests/conformance/vectors/README.md ("How a case is judged").
#![allow(dead_code)]

use half::f16;
use ndarray::{ArrayD, IxDyn};
use ndarray_descriptor::{ArrayData, DType, DynArray, Error, ErrorKind, NumpyNdarray, ScalarType};
use serde_json::Value;

/// The outcome of one case: `Ok` passes, `Err` says why it failed.
pub type Outcome = Result<(), String>;

/// numpy dtype kinds the crate does not carry (complex, object, bytes, datetime, void,
/// StringDType `T`).
pub fn is_uncarried_kind(c: char) -> bool {
    matches!(c, 'c' | 'O' | 'S' | 'M' | 'm' | 'V' | 'a' | 'T')
}

/// The numpy kind character of a vector array's `dtype_str` (`"<f4"` → `f`).
pub fn dtype_str_kind(dtype_str: &str) -> Option<char> {
    dtype_str
        .trim_start_matches(['<', '>', '=', '|'])
        .chars()
        .next()
}

/// Parse a vector float value: a JSON number or `"NaN"`/`"Infinity"`/`"-Infinity"`/`"-0.0"`.
pub fn vec_f64(v: &Value) -> Result<f64, String> {
    match v {
        Value::Number(n) => n.as_f64().ok_or_else(|| format!("not a float: {n}")),
        Value::String(s) => match s.as_str() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            "-0.0" => Ok(-0.0),
            other => Err(format!("not a float: {other:?}")),
        },
        other => Err(format!("not a float: {other}")),
    }
}

fn vec_i128(v: &Value) -> Result<i128, String> {
    match v {
        Value::Number(n) => n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
            .ok_or_else(|| format!("not an integer: {n}")),
        Value::Bool(b) => Ok(i128::from(*b)),
        other => Err(format!("not an integer: {other}")),
    }
}

fn collect<T>(data: &[Value], f: impl Fn(&Value) -> Result<T, String>) -> Result<Vec<T>, String> {
    data.iter().map(f).collect()
}

fn int<T: TryFrom<i128>>(v: &Value) -> Result<T, String> {
    let i = vec_i128(v)?;
    T::try_from(i).map_err(|_| format!("integer {i} out of range"))
}

/// Build a `DynArray` from a vector array `{"dtype", "dtype_str", "shape", "data"}`.
///
/// Errors with a message when the dtype is not one the crate carries or the data does not fit.
pub fn vec_array(v: &Value) -> Result<DynArray, String> {
    let dtype_str = v["dtype_str"].as_str().ok_or("array without dtype_str")?;
    let dtype =
        DType::parse(dtype_str).map_err(|e| format!("dtype {dtype_str}: {}", e.message()))?;
    let shape: Vec<usize> = v["shape"]
        .as_array()
        .ok_or("array without shape")?
        .iter()
        .map(|d| d.as_u64().map(|d| d as usize).ok_or("bad dim"))
        .collect::<Result<_, _>>()?;
    let empty = Vec::new();
    let data = v["data"].as_array().unwrap_or(&empty);
    fn arr<T>(shape: &[usize], v: Vec<T>) -> Result<ArrayD<T>, String> {
        ArrayD::from_shape_vec(IxDyn(shape), v).map_err(|e| e.to_string())
    }
    let data = match dtype.scalar() {
        ScalarType::Bool => ArrayData::Bool(arr(
            &shape,
            collect(data, |x| x.as_bool().ok_or(format!("not a bool: {x}")))?,
        )?),
        ScalarType::Int8 => ArrayData::Int8(arr(&shape, collect(data, int)?)?),
        ScalarType::Int16 => ArrayData::Int16(arr(&shape, collect(data, int)?)?),
        ScalarType::Int32 => ArrayData::Int32(arr(&shape, collect(data, int)?)?),
        ScalarType::Int64 => ArrayData::Int64(arr(&shape, collect(data, int)?)?),
        ScalarType::UInt8 => ArrayData::UInt8(arr(&shape, collect(data, int)?)?),
        ScalarType::UInt16 => ArrayData::UInt16(arr(&shape, collect(data, int)?)?),
        ScalarType::UInt32 => ArrayData::UInt32(arr(&shape, collect(data, int)?)?),
        ScalarType::UInt64 => ArrayData::UInt64(arr(&shape, collect(data, int)?)?),
        ScalarType::Float16 => ArrayData::Float16(arr(
            &shape,
            collect(data, |x| vec_f64(x).map(f16::from_f64))?,
        )?),
        ScalarType::Float32 => ArrayData::Float32(arr(
            &shape,
            collect(data, |x| vec_f64(x).map(|f| f as f32))?,
        )?),
        ScalarType::Float64 => ArrayData::Float64(arr(&shape, collect(data, vec_f64)?)?),
        ScalarType::Str => ArrayData::Str(
            arr(
                &shape,
                collect(data, |x| {
                    x.as_str()
                        .map(str::to_string)
                        .ok_or(format!("not a string: {x}"))
                })?,
            )?
            .into(),
        ),
        other => return Err(format!("no vector reader for scalar type {other:?}")),
    };
    DynArray::with_dtype(data, dtype).map_err(|e| e.message().to_string())
}

/// Compare an expected vector array with what the crate produced (rules 3 and 4).
pub fn check_array(expected: &Value, got: &DynArray) -> Outcome {
    let exp_dtype = expected["dtype"].as_str().unwrap_or("");
    if exp_dtype == "object" {
        return Err(format!(
            "reference gave an object array; the crate must give bad input (or a str array of \
             all-string elements), got array {}",
            describe(got)
        ));
    }
    let exp_shape: Vec<u64> = expected["shape"]
        .as_array()
        .map(|s| s.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    let got_shape: Vec<u64> = got.shape().iter().map(|&d| d as u64).collect();
    let exp_str = expected["dtype_str"].as_str().unwrap_or("");
    if got.dtype().str() != exp_str || got_shape != exp_shape {
        return Err(format!(
            "expected {exp_str} {exp_shape:?}, got {}",
            describe(got)
        ));
    }
    if expected["data_unspecified"].as_bool() == Some(true) {
        return Ok(());
    }
    let want = vec_array(expected)?;
    if !same_elements(&want, got) {
        return Err(format!(
            "data differs: expected {}, got {}",
            preview(&want),
            preview(got)
        ));
    }
    Ok(())
}

/// Judge an expected array when the reference handed the handler a Python-object array (rule 3).
pub fn check_object_expect(expected: &Value, got: &Result<DynArray, Error>) -> Outcome {
    let data = expected["data"].as_array().cloned().unwrap_or_default();
    let all_strings = data.iter().all(Value::is_string);
    match got {
        Ok(arr) if all_strings => {
            let width = data
                .iter()
                .filter_map(Value::as_str)
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
                .max(1);
            let mut want = expected.clone();
            want["dtype"] = Value::from("str");
            want["dtype_str"] = Value::from(format!("<U{width}"));
            check_array(&want, arr)
        }
        Ok(arr) => Err(format!(
            "reference gave an object array; expected bad input, got array {}",
            describe(arr)
        )),
        Err(e) if all_strings => Err(format!(
            "object array of strings: expected a str array, got error {:?}: {}",
            e.kind(),
            e.message()
        )),
        Err(e) if e.http_status() == 400 => Ok(()),
        Err(e) => Err(format!(
            "object array: expected bad input (400), got {:?} ({}): {}",
            e.kind(),
            e.http_status(),
            e.message()
        )),
    }
}

/// Element-wise equality: floats bit for bit except that any NaN equals any NaN.
pub fn same_elements(a: &DynArray, b: &DynArray) -> bool {
    fn f<T: Copy>(a: &ArrayD<T>, b: &ArrayD<T>, eq: impl Fn(T, T) -> bool) -> bool {
        a.len() == b.len() && a.iter().zip(b.iter()).all(|(&x, &y)| eq(x, y))
    }
    match (a.data(), b.data()) {
        (ArrayData::Float16(x), ArrayData::Float16(y)) => f(x, y, |p, q| {
            p.to_bits() == q.to_bits() || (p.is_nan() && q.is_nan())
        }),
        (ArrayData::Float32(x), ArrayData::Float32(y)) => f(x, y, |p, q| {
            p.to_bits() == q.to_bits() || (p.is_nan() && q.is_nan())
        }),
        (ArrayData::Float64(x), ArrayData::Float64(y)) => f(x, y, |p, q| {
            p.to_bits() == q.to_bits() || (p.is_nan() && q.is_nan())
        }),
        (x, y) => x == y,
    }
}

/// `<f4 [2, 2]` style description.
pub fn describe(a: &DynArray) -> String {
    format!("{} {:?}", a.dtype().str(), a.shape())
}

fn preview(a: &DynArray) -> String {
    let s = format!("{:?}", a.data());
    if s.chars().count() > 300 {
        format!("{}…", s.chars().take(300).collect::<String>())
    } else {
        s
    }
}

/// What the crate must answer where the reference let a library error escape (rule 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escaped {
    /// A request path: bad input (400).
    BadInput,
    /// The descriptor cannot be built: unprocessable (422).
    Unprocessable,
}

/// Compare an expected error object with the crate's error (rules 5 and 6).
///
/// `escaped` says what an error that escaped the reference (`bentoml: false`) must become here.
pub fn check_error(expected: &Value, got: &Error, escaped: Escaped) -> Outcome {
    let bentoml = expected["bentoml"].as_bool().unwrap_or(false);
    if !bentoml {
        let ok = match escaped {
            Escaped::BadInput => got.http_status() == 400,
            Escaped::Unprocessable => got.kind() == ErrorKind::Unprocessable,
        };
        return if ok {
            Ok(())
        } else {
            Err(format!(
                "reference crashed ({}: {}); expected {escaped:?}, got {:?} ({}): {}",
                expected["class"],
                expected["message"],
                got.kind(),
                got.http_status(),
                got.message()
            ))
        };
    }
    let class = expected["class"].as_str().unwrap_or("");
    let want_kind = match class {
        "BadInput" => ErrorKind::BadInput,
        "InvalidArgument" => ErrorKind::InvalidArgument,
        "UnprocessableEntity" => ErrorKind::Unprocessable,
        other => return Err(format!("unknown BentoML error class {other}")),
    };
    let status = expected["http_status"].as_u64().unwrap_or(0);
    if got.kind() != want_kind || u64::from(got.http_status()) != status {
        return Err(format!(
            "expected {class} ({status}): {}, got {:?} ({}): {}",
            expected["message"],
            got.kind(),
            got.http_status(),
            got.message()
        ));
    }
    let want = expected["message"].as_str().unwrap_or("");
    if want.starts_with("Missing args key in NumpyNdarray spec:")
        || (want.starts_with("Given sample (") && want.ends_with("is not a numpy ND-array"))
    {
        return Ok(());
    }
    if got.message() == want || list_shapes_as_tuples(want) == got.message() {
        return Ok(());
    }
    Err(format!(
        "message differs:\n  expected {want:?}\n  got      {:?}",
        got.message()
    ))
}

/// Rewrite `[2, 2]`-style shape lists inside a message as Python tuples `(2, 2)` / `(4,)`.
fn list_shapes_as_tuples(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(start) = rest.find('[') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find(']') {
            Some(end)
                if after[..end]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '-' || c == ',' || c == ' ') =>
            {
                let inner = &after[..end];
                let n = inner.split(',').filter(|s| !s.trim().is_empty()).count();
                if n == 1 {
                    out.push_str(&format!("({},)", inner.trim()));
                } else {
                    out.push_str(&format!("({inner})"));
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Build the descriptor of a case's `{"dtype", "shape", "enforce_dtype", "enforce_shape"}`.
pub fn descriptor(d: &Value) -> Result<NumpyNdarray, Error> {
    let mut b = NumpyNdarray::builder();
    if let Some(dt) = d["dtype"].as_str() {
        b = b.dtype_str(dt);
    }
    if let Some(shape) = d["shape"].as_array() {
        b = b.shape(shape.iter().filter_map(Value::as_i64).collect::<Vec<_>>());
    }
    b.enforce_dtype(d["enforce_dtype"].as_bool().unwrap_or(false))
        .enforce_shape(d["enforce_shape"].as_bool().unwrap_or(false))
        .build()
}

/// The descriptor of a case that the reference built without error; a build error here is a
/// failure of the case.
pub fn built_descriptor(case: &Value) -> Result<NumpyNdarray, String> {
    descriptor(&case["descriptor"]).map_err(|e| {
        format!(
            "descriptor: expected it to build, got {:?}: {}",
            e.kind(),
            e.message()
        )
    })
}

/// Rules 1 and 2, which decide a case before its file's own logic: a descriptor dtype `""`
/// must fail to build with unprocessable; a descriptor or input dtype the crate does not carry
/// must give "unsupported dtype" when parsed. `None` when neither applies.
pub fn prejudge(case: &Value) -> Option<Outcome> {
    if let Some(dt) = case["descriptor"]["dtype"].as_str() {
        if dt.is_empty() {
            return Some(match descriptor(&case["descriptor"]) {
                Err(e) if e.kind() == ErrorKind::Unprocessable => Ok(()),
                Err(e) => Err(format!(
                    "dtype \"\": expected unprocessable, got {:?}: {}",
                    e.kind(),
                    e.message()
                )),
                Ok(_) => Err("dtype \"\": expected unprocessable, descriptor was built".into()),
            });
        }
        if let Err(e) = DType::parse(dt)
            && e.kind() == ErrorKind::UnsupportedDtype
        {
            return Some(Ok(()));
        }
    }
    for key in ["input", "sample"] {
        if let Some(ds) = case[key]["dtype_str"].as_str()
            && dtype_str_kind(ds).is_some_and(is_uncarried_kind)
        {
            return Some(match DType::parse(ds) {
                Err(e) if e.kind() == ErrorKind::UnsupportedDtype => Ok(()),
                Err(e) => Err(format!(
                    "{ds}: expected unsupported dtype, got {:?}: {}",
                    e.kind(),
                    e.message()
                )),
                Ok(d) => Err(format!("{ds}: expected unsupported dtype, parsed as {d}")),
            });
        }
    }
    None
}

/// Judge a call that returns an array against a case's `expect` (array) or `error`.
pub fn check_array_outcome(
    case: &Value,
    got: Result<DynArray, Error>,
    escaped: Escaped,
) -> Outcome {
    if let Some(err) = case.get("error") {
        return match got {
            Err(e) => check_error(err, &e, escaped),
            Ok(a) => Err(format!(
                "expected error {}: {}, got array {}",
                err["class"],
                err["message"],
                describe(&a)
            )),
        };
    }
    let expect = case
        .get("expect")
        .ok_or("case has neither expect nor error")?;
    if expect["dtype"].as_str() == Some("object") {
        return check_object_expect(expect, &got);
    }
    match got {
        Ok(a) => check_array(expect, &a),
        Err(e) => Err(format!(
            "expected array {} {}, got error {:?}: {}",
            expect["dtype_str"],
            expect["shape"],
            e.kind(),
            e.message()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_lists_become_tuples() {
        assert_eq!(
            list_shapes_as_tuples("shape \"[2, 2]\", but \"[4]\""),
            "shape \"(2, 2)\", but \"(4,)\""
        );
        assert_eq!(list_shapes_as_tuples("no [list here"), "no [list here");
    }
}
