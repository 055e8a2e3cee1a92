//! BentoML's descriptor spec: [`NumpyNdarray::to_spec`] / [`NumpyNdarray::from_spec`], the JSON
//! BentoML writes into `x-bentoml-io-descriptor` and reads back when it loads a service.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::descriptor::NumpyNdarray;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::python::object::PyObj;
use crate::shape::ShapeSpec;

/// The descriptor id BentoML writes into every spec of this descriptor.
pub const DESCRIPTOR_ID: &str = "bentoml.io.NumpyNdarray";

/// The argument names `NumpyNdarray.__init__` accepts, in BentoML's `to_spec` order.
const ARG_NAMES: [&str; 4] = ["dtype", "shape", "enforce_dtype", "enforce_shape"];

/// A descriptor spec, `{"id": "bentoml.io.NumpyNdarray", "args": {...}}`.
///
/// Fields serialise in BentoML's order, so `serde_json::to_string(&desc.spec())` writes the
/// same bytes as BentoML's `json.dumps(desc.to_spec())`.
///
/// ```
/// use ndarray_descriptor::{DType, NumpyNdarray};
/// let desc = NumpyNdarray::builder().dtype(DType::FLOAT32).shape([-1, 2]).build()?;
/// assert_eq!(
///     serde_json::to_string(&desc.spec()).unwrap(),
///     r#"{"id":"bentoml.io.NumpyNdarray","args":{"dtype":"float32","shape":[-1,2],"enforce_dtype":false,"enforce_shape":false}}"#
/// );
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spec {
    /// Always [`DESCRIPTOR_ID`] when written; ignored when read, as BentoML ignores it.
    pub id: String,
    /// The constructor arguments.
    pub args: SpecArgs,
}

/// The `args` of a [`Spec`]: `NumpyNdarray.__init__`'s keyword arguments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecArgs {
    /// numpy's `dtype.name` (`"float32"`, `"str256"` for `<U8`), which drops the byte order.
    #[serde(default)]
    pub dtype: Option<String>,
    /// The shape, `-1` for a wildcard dimension.
    #[serde(default)]
    pub shape: Option<ShapeSpec>,
    /// `enforce_dtype`.
    #[serde(default)]
    pub enforce_dtype: bool,
    /// `enforce_shape`.
    #[serde(default)]
    pub enforce_shape: bool,
}

impl NumpyNdarray {
    /// The typed spec, in BentoML's field order (see [`Spec`]).
    pub fn spec(&self) -> Spec {
        Spec {
            id: DESCRIPTOR_ID.to_string(),
            args: SpecArgs {
                dtype: self.dtype.map(DType::name),
                shape: self.shape.clone(),
                enforce_dtype: self.enforce_dtype,
                enforce_shape: self.enforce_shape,
            },
        }
    }

    /// BentoML's `to_spec()`: `{"id": "bentoml.io.NumpyNdarray", "args": {"dtype", "shape",
    /// "enforce_dtype", "enforce_shape"}}`.
    ///
    /// The dtype is numpy's `dtype.name`: it loses the byte order (`>f4` → `"float32"`) and
    /// writes string widths in bits (`<U8` → `"str256"`), which [`NumpyNdarray::from_spec`]
    /// cannot read back — exactly as in BentoML.
    ///
    /// ```
    /// use ndarray_descriptor::NumpyNdarray;
    /// let desc = NumpyNdarray::builder().dtype_str(">f4").enforce_dtype(true).build()?;
    /// assert_eq!(
    ///     desc.to_spec(),
    ///     serde_json::json!({"id": "bentoml.io.NumpyNdarray", "args": {
    ///         "dtype": "float32", "shape": null, "enforce_dtype": true, "enforce_shape": false}})
    /// );
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    pub fn to_spec(&self) -> Value {
        let args = self.spec().args;
        serde_json::json!({
            "id": DESCRIPTOR_ID,
            "args": {
                "dtype": args.dtype,
                "shape": args.shape.map(|s| s.dims().to_vec()),
                "enforce_dtype": args.enforce_dtype,
                "enforce_shape": args.enforce_shape,
            },
        })
    }

    /// BentoML's `NumpyNdarray.from_spec(spec)`: `id` is ignored and `args` are the constructor's
    /// keyword arguments (missing ones take their defaults).
    ///
    /// ```
    /// use ndarray_descriptor::{DType, ErrorKind, NumpyNdarray};
    /// let spec = serde_json::json!({"args": {"dtype": "int8", "shape": [-1]}});
    /// let desc = NumpyNdarray::from_spec(&spec)?;
    /// assert_eq!(desc.dtype(), Some(DType::INT8));
    /// assert_eq!(desc.to_spec()["args"]["shape"], serde_json::json!([-1]));
    ///
    /// let err = NumpyNdarray::from_spec(&serde_json::json!({"id": "x"})).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    ///
    /// # Errors
    /// - [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) without an `args`
    ///   key: BentoML's `Missing args key in NumpyNdarray spec: <spec>` (the spec printed as
    ///   Python prints a dict).
    /// - [`ErrorKind::Unprocessable`](crate::ErrorKind::Unprocessable) for a dtype numpy does
    ///   not understand (`Invalid dtype "str256": data type 'str256' not understood`, as
    ///   BentoML), and where BentoML would crash or store a value it fails on later: `args` not
    ///   an object, an unknown argument, a dtype that is not a string (or is `""`), a shape that
    ///   is not a list of integers, a flag that is not a bool.
    /// - [`ErrorKind::UnsupportedDtype`](crate::ErrorKind::UnsupportedDtype) for numpy dtypes
    ///   this crate does not carry.
    pub fn from_spec(spec: &Value) -> Result<NumpyNdarray> {
        let Some(args) = spec.as_object().and_then(|o| o.get("args")) else {
            return Err(Error::invalid_argument(format!(
                "Missing args key in NumpyNdarray spec: {}",
                python_repr(spec)
            )));
        };
        let Some(args) = args.as_object() else {
            return Err(Error::unprocessable(format!(
                "NumpyNdarray spec: args must be a mapping, not {}",
                python_repr(args)
            )));
        };
        from_args(args)
    }
}

impl TryFrom<&Spec> for NumpyNdarray {
    type Error = Error;

    /// Build the descriptor a typed spec describes (`id` is ignored, as in BentoML).
    ///
    /// # Errors
    /// As [`NumpyNdarray::from_spec`] for the dtype.
    fn try_from(spec: &Spec) -> Result<NumpyNdarray> {
        let mut b = NumpyNdarray::builder()
            .enforce_dtype(spec.args.enforce_dtype)
            .enforce_shape(spec.args.enforce_shape);
        if let Some(dt) = &spec.args.dtype {
            b = b.dtype_str(dt.as_str());
        }
        if let Some(shape) = &spec.args.shape {
            b = b.shape(shape.clone());
        }
        b.build()
    }
}

/// `NumpyNdarray(**args)` for a JSON object of arguments.
fn from_args(args: &Map<String, Value>) -> Result<NumpyNdarray> {
    // Python rejects an unknown keyword before the constructor body runs (a TypeError, a 500 in
    // BentoML); the descriptor cannot be built, so it is unprocessable here.
    if let Some(unknown) = args.keys().find(|k| !ARG_NAMES.contains(&k.as_str())) {
        return Err(Error::unprocessable(format!(
            "NumpyNdarray.__init__() got an unexpected keyword argument '{unknown}'"
        )));
    }
    let mut b = NumpyNdarray::builder();
    match args.get("dtype") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => b = b.dtype_str(s.as_str()),
        // numpy's `np.dtype(5)` raises TypeError (BentoML's 422); a falsy value (`0`, `false`,
        // `[]`) would be stored as is and fail at first use, which is refused here up front.
        Some(other) => {
            let r = python_repr(other);
            return Err(Error::unprocessable(format!(
                "Invalid dtype \"{r}\": Cannot interpret '{r}' as a data type"
            )));
        }
    }
    match args.get("shape") {
        None | Some(Value::Null) => {}
        Some(Value::Array(dims)) => {
            let dims = dims
                .iter()
                .map(Value::as_i64)
                .collect::<Option<Vec<i64>>>()
                .ok_or_else(|| {
                    Error::unprocessable(format!(
                        "NumpyNdarray spec: shape must be a list of integers, not {}",
                        python_repr(&args["shape"])
                    ))
                })?;
            b = b.shape(dims);
        }
        Some(other) => {
            return Err(Error::unprocessable(format!(
                "NumpyNdarray spec: shape must be a list of integers, not {}",
                python_repr(other)
            )));
        }
    }
    for name in ["enforce_dtype", "enforce_shape"] {
        let on = match args.get(name) {
            None => false,
            Some(Value::Bool(on)) => *on,
            // BentoML stores any value and tests its truthiness; the crate keeps flags typed.
            Some(other) => {
                return Err(Error::unprocessable(format!(
                    "NumpyNdarray spec: {name} must be a bool, not {}",
                    python_repr(other)
                )));
            }
        };
        b = if name == "enforce_dtype" {
            b.enforce_dtype(on)
        } else {
            b.enforce_shape(on)
        };
    }
    b.build()
}

/// Python's `repr` of the value `json.loads` gives for `v` (BentoML formats the spec dict into
/// its "Missing args key" message).
pub(crate) fn python_repr(v: &Value) -> String {
    PyObj::from(v).repr()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use serde_json::json;

    fn err(spec: Value) -> Error {
        NumpyNdarray::from_spec(&spec).unwrap_err()
    }

    #[test]
    fn missing_args_message_is_the_python_repr() {
        let e = err(json!({"id": "bentoml.io.NumpyNdarray"}));
        assert_eq!(e.kind(), ErrorKind::InvalidArgument);
        assert_eq!(
            e.message(),
            "Missing args key in NumpyNdarray spec: {'id': 'bentoml.io.NumpyNdarray'}"
        );
        assert_eq!(err(json!([1])).kind(), ErrorKind::InvalidArgument);
    }

    #[test]
    fn reprs() {
        assert_eq!(
            python_repr(&json!({"a": [null, true, 1.5, 1e16, 2.0, "it's"]})),
            r#"{'a': [None, True, 1.5, 1e+16, 2.0, "it's"]}"#
        );
        assert_eq!(python_repr(&json!(1e-5)), "1e-05");
        assert_eq!(python_repr(&json!("a\n'\"")), r#"'a\n\'"'"#);
    }

    #[test]
    fn args_are_checked() {
        let e = err(json!({"args": {"dtype": "float32", "foo": 1}}));
        assert_eq!(e.kind(), ErrorKind::Unprocessable);
        assert!(e.message().contains("'foo'"), "{}", e.message());
        assert_eq!(
            err(json!({"args": {"dtype": "str256"}})).message(),
            "Invalid dtype \"str256\": data type 'str256' not understood"
        );
        for bad in [
            json!({"args": []}),
            json!({"args": {"dtype": 5}}),
            json!({"args": {"dtype": ""}}),
            json!({"args": {"shape": [1.5]}}),
            json!({"args": {"shape": "2"}}),
            json!({"args": {"enforce_shape": 1}}),
        ] {
            assert_eq!(err(bad).kind(), ErrorKind::Unprocessable);
        }
        assert!(NumpyNdarray::from_spec(&json!({"args": {"dtype": "complex64"}})).is_err());
    }

    #[test]
    fn roundtrip_and_typed_spec() {
        let d = NumpyNdarray::builder()
            .dtype(DType::BOOL)
            .shape([2, -1])
            .enforce_dtype(true)
            .build()
            .unwrap();
        let back = NumpyNdarray::from_spec(&d.to_spec()).unwrap();
        assert_eq!(back, d);
        let typed = d.spec();
        assert_eq!(serde_json::to_value(&typed).unwrap(), d.to_spec());
        assert_eq!(NumpyNdarray::try_from(&typed).unwrap(), d);
        let parsed: Spec = serde_json::from_value(d.to_spec()).unwrap();
        assert_eq!(parsed, typed);
        // Missing arguments take the constructor's defaults; `id` is not checked.
        let d = NumpyNdarray::from_spec(&json!({"id": "bentoml.io.JSON", "args": {}})).unwrap();
        assert_eq!(d, NumpyNdarray::new());
    }
}
