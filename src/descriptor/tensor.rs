//! The descriptor as BentoML's current service API (1.2+) uses it: a typed tensor field
//! (`Annotated[np.ndarray, Shape(shape), DType(dtype)]`, BentoML's `TensorSchema`), its JSON
//! schema in `/schema.json`, and its validation rule.

use serde_json::{Map, Value, json};

use super::NumpyNdarray;
use crate::array::DynArray;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::shape::ShapeSpec;

impl NumpyNdarray {
    /// BentoML's current-API validation of a tensor field whose JSON value is `value`:
    /// `arr = np.array(value, dtype=dtype)`, then `arr.reshape(shape)` when the descriptor has
    /// a shape. Nothing else.
    ///
    /// How this differs from [`NumpyNdarray::validate`] (the legacy descriptor's
    /// `validate_array` after `from_http_request`):
    ///
    /// - the value is converted to the dtype element by element, as `np.array(value, dtype=)`
    ///   does (floats truncate into integer dtypes, numeric strings parse, anything is a
    ///   `bool`); a conversion `ValueError` is an error, where the legacy reading retries
    ///   without the dtype and then applies the `same_kind` rule;
    /// - there is no `same_kind` step and the `enforce_dtype` / `enforce_shape` flags are
    ///   ignored: the shape is always applied with `reshape`, whatever the received rank
    ///   (`[1, 2, 3, 4]` and `[[[1, 2, 3, 4]]]` both become `(1, 4)` for `(-1, 4)`), and a
    ///   failed reshape is an error, never a log line.
    ///
    /// ```
    /// use ndarray_descriptor::{DType, Limits, NumpyNdarray};
    /// let desc = NumpyNdarray::builder().dtype(DType::FLOAT32).shape([-1, 4]).build()?;
    /// let arr = desc.validate_tensor_json(b"[1, 2, 3, 4]", &Limits::default())?;
    /// assert_eq!((arr.dtype(), arr.shape()), (DType::FLOAT32, &[1usize, 4][..]));
    /// let err = desc.validate_tensor_json(b"[1, 2, 3]", &Limits::default()).unwrap_err();
    /// assert_eq!(err.message(), "cannot reshape array of size 3 into shape (4)");
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    ///
    /// # Errors
    /// Bad input with numpy's message (`could not convert string to float: 'a'`, `cannot
    /// reshape array of size 3 into shape (4)`, ...); where numpy raises `OverflowError` /
    /// `TypeError` or would make an object array, bad input with the crate's message for it.
    /// Limit exceeded when `value` passes `limits`.
    pub fn validate_tensor_json(&self, value: &[u8], limits: &Limits) -> Result<DynArray> {
        let arr =
            crate::json::object::tensor_value(value, self.dtype, self.shape.as_ref(), limits)?;
        match &self.shape {
            None => Ok(arr),
            Some(shape) => {
                let target = shape.reshape_target(arr.len())?;
                arr.into_shape(&target)
            }
        }
    }

    /// The tensor field's JSON schema in BentoML's `/schema.json` (`TensorSchema`, keys
    /// sorted): `{"dim"?, "dtype"?, "format": "numpy-array", "shape"?, "title"?, "type":
    /// "tensor"}`. `dim` is the product of the shape, `-1` included (`(-1, 4)` → `-4`).
    /// With `title: None` it is an output schema (no title, no shape, no dim).
    ///
    /// ```
    /// use ndarray_descriptor::{DType, NumpyNdarray};
    /// let desc = NumpyNdarray::builder().dtype(DType::FLOAT32).shape([-1, 4]).build()?;
    /// assert_eq!(
    ///     desc.tensor_schema(Some("Input")).to_string(),
    ///     r#"{"dim":-4,"dtype":"float32","format":"numpy-array","shape":[-1,4],"title":"Input","type":"tensor"}"#
    /// );
    /// assert_eq!(NumpyNdarray::from_tensor_schema(&desc.tensor_schema(Some("Input")))?, desc);
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    pub fn tensor_schema(&self, title: Option<&str>) -> Value {
        let mut m = Map::new();
        if let Some(d) = self.dtype {
            m.insert("dtype".into(), json!(d.name()));
        }
        m.insert("format".into(), json!("numpy-array"));
        m.insert("type".into(), json!("tensor"));
        if let Some(title) = title {
            m.insert("title".into(), json!(title));
            if let Some(shape) = &self.shape {
                let dim = shape
                    .dims()
                    .iter()
                    .try_fold(1i64, |acc, &d| acc.checked_mul(d));
                if let Some(dim) = dim {
                    m.insert("dim".into(), json!(dim));
                }
                m.insert("shape".into(), json!(shape.dims()));
            }
        }
        Value::Object(m)
    }

    /// The descriptor a `/schema.json` tensor schema describes (what
    /// [`tensor_schema`](Self::tensor_schema) writes, or BentoML's): its `dtype` and `shape`,
    /// no enforce flags.
    ///
    /// # Errors
    /// Invalid argument when `schema` is not an object with `"type": "tensor"` and `"format":
    /// "numpy-array"`, or its shape is not a list of integers; the dtype errors of
    /// [`NumpyNdarrayBuilder::build`](crate::NumpyNdarrayBuilder::build).
    pub fn from_tensor_schema(schema: &Value) -> Result<NumpyNdarray> {
        let bad = |why: &str| Error::invalid_argument(format!("not a tensor schema: {why}"));
        let obj = schema.as_object().ok_or_else(|| bad("not an object"))?;
        if obj.get("type").and_then(Value::as_str) != Some("tensor") {
            return Err(bad("\"type\" is not \"tensor\""));
        }
        if obj.get("format").and_then(Value::as_str) != Some("numpy-array") {
            return Err(bad("\"format\" is not \"numpy-array\""));
        }
        let mut b = NumpyNdarray::builder();
        match obj.get("dtype") {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => b = b.dtype_str(s.clone()),
            Some(_) => return Err(bad("\"dtype\" is not a string")),
        }
        match obj.get("shape") {
            None | Some(Value::Null) => {}
            Some(Value::Array(dims)) => {
                let dims = dims
                    .iter()
                    .map(|d| {
                        d.as_i64()
                            .ok_or_else(|| bad("a dimension is not an integer"))
                    })
                    .collect::<Result<Vec<i64>>>()?;
                b = b.shape(ShapeSpec::new(dims));
            }
            Some(_) => return Err(bad("\"shape\" is not a list")),
        }
        b.build()
    }
}
