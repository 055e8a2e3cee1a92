//! The OpenAPI description BentoML generates for a [`NumpyNdarray`]: schema, example, request
//! body and `200` response, as BentoML writes them into the service's `/docs.json`.
//!
//! Keys are built in BentoML's order; the values compare equal to BentoML's whatever the map
//! type (serde_json writes them in that order only with its `preserve_order` feature).

use serde_json::{Map, Number, Value, json};

use crate::array::{ArrayData, DynArray};
use crate::descriptor::NumpyNdarray;
use crate::error::{Error, Result};

/// The media type of the JSON transport (`NumpyNdarray._mime_type`).
pub const MIME_TYPE: &str = "application/json";

/// BentoML's description of a successful response (`SUCCESS_DESCRIPTION`).
const SUCCESS_DESCRIPTION: &str = "Successful Response";

impl NumpyNdarray {
    /// BentoML's `_openapi_types()`: the OpenAPI item type, `"number"` for float dtypes and
    /// `"integer"` for everything else — bool, str and no dtype included (a BentoML quirk kept
    /// for byte-identical docs).
    pub fn openapi_types(&self) -> &'static str {
        match self.dtype {
            Some(d) if d.scalar().is_float() => "number",
            _ => "integer",
        }
    }

    /// BentoML's `openapi_schema()`: an array of [`openapi_types`](Self::openapi_types) items;
    /// a shape of rank above 1 adds exactly one nested `array` level, whatever the rank.
    ///
    /// ```
    /// use ndarray_descriptor::{DType, NumpyNdarray};
    /// let desc = NumpyNdarray::builder().dtype(DType::FLOAT32).shape([2, 2, 3]).build()?;
    /// assert_eq!(
    ///     desc.openapi_schema(),
    ///     serde_json::json!({"type": "array",
    ///                        "items": {"type": "array", "items": {"type": "number"}},
    ///                        "nullable": true})
    /// );
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    pub fn openapi_schema(&self) -> Value {
        let ty = self.openapi_types();
        let items = match &self.shape {
            Some(s) if s.ndim() > 1 => json!({"type": "array", "items": {"type": ty}}),
            _ => json!({"type": ty}),
        };
        json!({"type": "array", "items": items, "nullable": true})
    }

    /// BentoML's `openapi_example()`: the sample as nested JSON lists (`sample.tolist()`; a 0-d
    /// sample is a bare scalar), or `None` without a sample.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) when the sample holds
    /// NaN or an infinity: BentoML builds the example but its docs endpoint (starlette's
    /// `JSONResponse`) cannot serialise it.
    pub fn openapi_example(&self) -> Result<Option<Value>> {
        self.sample.as_ref().map(to_json_list).transpose()
    }

    /// BentoML's `openapi_components()`: always `None`.
    pub fn openapi_components(&self) -> Option<Value> {
        None
    }

    /// BentoML's `openapi_request_body()`: `{"content": {"application/json": {"schema",
    /// "example"?}}, "required": true, "x-bentoml-io-descriptor": to_spec()}`.
    ///
    /// ```
    /// use ndarray_descriptor::NumpyNdarray;
    /// let sample = ndarray::arr1(&[true, false]).into_dyn().into();
    /// let body = NumpyNdarray::from_sample(sample).openapi_request_body()?;
    /// assert_eq!(body["content"]["application/json"]["example"], serde_json::json!([true, false]));
    /// assert_eq!(body["required"], true);
    /// assert_eq!(body["x-bentoml-io-descriptor"]["args"]["dtype"], "bool");
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`openapi_example`](Self::openapi_example).
    pub fn openapi_request_body(&self) -> Result<Value> {
        let mut body = Map::new();
        body.insert("content".into(), self.openapi_content()?);
        body.insert("required".into(), Value::Bool(true));
        body.insert("x-bentoml-io-descriptor".into(), self.to_spec());
        Ok(Value::Object(body))
    }

    /// BentoML's `openapi_responses()`: `{"description": "Successful Response", "content":
    /// {...}, "x-bentoml-io-descriptor": to_spec()}`.
    ///
    /// # Errors
    /// As [`openapi_example`](Self::openapi_example).
    pub fn openapi_responses(&self) -> Result<Value> {
        let mut resp = Map::new();
        resp.insert("description".into(), SUCCESS_DESCRIPTION.into());
        resp.insert("content".into(), self.openapi_content()?);
        resp.insert("x-bentoml-io-descriptor".into(), self.to_spec());
        Ok(Value::Object(resp))
    }

    /// The media type of the JSON transport, `"application/json"`.
    pub fn mime_type(&self) -> &'static str {
        MIME_TYPE
    }

    /// `{"application/json": MediaType(schema, example)}`; BentoML's unstructuring drops the
    /// `example` key when it is `None`.
    fn openapi_content(&self) -> Result<Value> {
        let mut media = Map::new();
        media.insert("schema".into(), self.openapi_schema());
        if let Some(example) = self.openapi_example()? {
            media.insert("example".into(), example);
        }
        let mut content = Map::new();
        content.insert(MIME_TYPE.into(), Value::Object(media));
        Ok(Value::Object(content))
    }
}

/// numpy's `tolist()` as JSON: nested lists by shape, floats widened to f64.
fn to_json_list(arr: &DynArray) -> Result<Value> {
    let flat: Vec<Value> = match arr.data() {
        ArrayData::Bool(a) => a.iter().map(|&v| Value::Bool(v)).collect(),
        ArrayData::Int8(a) => a.iter().map(|&v| v.into()).collect(),
        ArrayData::Int16(a) => a.iter().map(|&v| v.into()).collect(),
        ArrayData::Int32(a) => a.iter().map(|&v| v.into()).collect(),
        ArrayData::Int64(a) => a.iter().map(|&v| v.into()).collect(),
        ArrayData::UInt8(a) => a.iter().map(|&v| v.into()).collect(),
        ArrayData::UInt16(a) => a.iter().map(|&v| v.into()).collect(),
        ArrayData::UInt32(a) => a.iter().map(|&v| v.into()).collect(),
        ArrayData::UInt64(a) => a.iter().map(|&v| v.into()).collect(),
        ArrayData::Float16(a) => a
            .iter()
            .map(|&v| float(v.to_f64()))
            .collect::<Result<_>>()?,
        ArrayData::Float32(a) => a
            .iter()
            .map(|&v| float(f64::from(v)))
            .collect::<Result<_>>()?,
        ArrayData::Float64(a) => a.iter().map(|&v| float(v)).collect::<Result<_>>()?,
        ArrayData::Str(a) => a.iter().map(|v| Value::String(v.to_owned())).collect(),
    };
    let mut items = flat.into_iter();
    Ok(nest(arr.shape(), &mut items))
}

fn float(v: f64) -> Result<Value> {
    Number::from_f64(v).map(Value::Number).ok_or_else(|| {
        // Python's json.dumps(allow_nan=False) message, which starlette's JSONResponse raises.
        Error::invalid_argument(format!(
            "Out of range float values are not JSON compliant: {}",
            if v.is_nan() {
                "nan"
            } else if v > 0.0 {
                "inf"
            } else {
                "-inf"
            }
        ))
    })
}

/// Rebuild the nesting of `shape` from C-order elements (a 0-d array is its one element).
fn nest(shape: &[usize], items: &mut impl Iterator<Item = Value>) -> Value {
    match shape.split_first() {
        None => items.next().unwrap_or(Value::Null),
        Some((&n, rest)) => Value::Array((0..n).map(|_| nest(rest, items)).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::DType;
    use crate::error::ErrorKind;
    use ndarray::{ArrayD, IxDyn};

    fn sample<T: crate::Element>(shape: &[usize], v: Vec<T>) -> DynArray {
        DynArray::from(ArrayD::from_shape_vec(IxDyn(shape), v).unwrap())
    }

    #[test]
    fn example_nests_by_shape() {
        let d = NumpyNdarray::from_sample(sample(&[2, 0], Vec::<f64>::new()));
        assert_eq!(d.openapi_example().unwrap(), Some(json!([[], []])));
        let d = NumpyNdarray::from_sample(sample(&[], vec![5i64]));
        assert_eq!(d.openapi_example().unwrap(), Some(json!(5)));
        let d = NumpyNdarray::from_sample(sample(&[2], vec![0.1f32, 2.0]));
        let ex = d.openapi_example().unwrap().unwrap();
        assert_eq!(ex, json!([0.10000000149011612, 2.0]));
        // 2.0 stays a float, as Python's `tolist()` gives a float.
        assert!(ex[1].is_f64());
        assert_eq!(NumpyNdarray::new().openapi_example().unwrap(), None);
    }

    #[test]
    fn nan_sample_cannot_be_described() {
        let d = NumpyNdarray::from_sample(sample(&[2], vec![1.0f64, f64::NAN]));
        assert_eq!(
            d.openapi_example().unwrap_err().kind(),
            ErrorKind::InvalidArgument
        );
        assert!(d.openapi_request_body().is_err());
        assert!(d.openapi_responses().is_err());
        assert_eq!(d.openapi_types(), "number");
        assert!(d.openapi_schema().is_object());
    }

    #[test]
    fn types_and_schema() {
        let b = |dt: DType, shape: &[i64]| {
            NumpyNdarray::builder()
                .dtype(dt)
                .shape(shape)
                .build()
                .unwrap()
        };
        assert_eq!(b(DType::FLOAT16, &[]).openapi_types(), "number");
        assert_eq!(b(DType::BOOL, &[]).openapi_types(), "integer");
        assert_eq!(b(DType::STR, &[]).openapi_types(), "integer");
        assert_eq!(NumpyNdarray::new().openapi_types(), "integer");
        assert_eq!(
            b(DType::INT8, &[1, 2, 3, 4]).openapi_schema()["items"],
            json!({"type": "array", "items": {"type": "integer"}})
        );
        assert_eq!(
            b(DType::INT8, &[4]).openapi_schema()["items"],
            json!({"type": "integer"})
        );
        let body = NumpyNdarray::new().openapi_responses().unwrap();
        assert_eq!(body["description"], "Successful Response");
        assert!(body["content"][MIME_TYPE].get("example").is_none());
        assert_eq!(NumpyNdarray::new().openapi_components(), None);
        assert_eq!(NumpyNdarray::new().mime_type(), "application/json");
    }
}
