//! BentoML's current service API (1.2+) on the same routes: an [`Api`] that declares named
//! [`TensorField`]s takes JSON object bodies `{"input": [[...]]}` validated field by field as
//! BentoML validates `Annotated[np.ndarray, Shape(..), DType(..)]` (see
//! [`NumpyNdarray::validate_tensor_json`]), answers pydantic-shaped validation errors, and is
//! listed in `/schema.json`, which `bentoml.SyncHTTPClient` reads.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::respond::content_type;
use super::{Api, JSON, LOG_TARGET};
use crate::array::DynArray;
use crate::descriptor::NumpyNdarray;
use crate::error::{Error, Result};
use crate::json::object::{ObjectError, is_json, scan_object};
use crate::json::{EncodeOptions, NonFinite};

/// One named input field of a current-style API: `name: Annotated[np.ndarray, Shape(shape),
/// DType(dtype)]`, described by a [`NumpyNdarray`] (its dtype and shape; its enforce flags
/// and sample are not used by this validation).
#[derive(Debug, Clone, PartialEq)]
pub struct TensorField {
    name: String,
    descriptor: NumpyNdarray,
}

impl TensorField {
    /// A field `name` described by `descriptor`.
    pub fn new(name: impl Into<String>, descriptor: NumpyNdarray) -> TensorField {
        TensorField {
            name: name.into(),
            descriptor,
        }
    }

    /// The field name (the JSON key and the client's keyword argument).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The field's descriptor.
    pub fn descriptor(&self) -> &NumpyNdarray {
        &self.descriptor
    }

    /// pydantic's default title: `_` as spaces, then Python's `str.title()`.
    pub(super) fn title(&self) -> String {
        let mut out = String::with_capacity(self.name.len());
        let mut prev_cased = false;
        for c in self.name.chars() {
            let c = if c == '_' { ' ' } else { c };
            if c.is_alphabetic() {
                if prev_cased {
                    out.extend(c.to_lowercase());
                } else {
                    out.extend(c.to_uppercase());
                }
                prev_cased = true;
            } else {
                out.push(c);
                prev_cased = false;
            }
        }
        out
    }
}

/// The validated fields of one current-style request, in the API's field order.
#[derive(Debug, Clone, Default)]
pub struct Tensors {
    fields: Vec<(String, DynArray)>,
}

impl Tensors {
    /// Fields from `(name, array)` pairs.
    pub fn new(fields: impl IntoIterator<Item = (String, DynArray)>) -> Tensors {
        Tensors {
            fields: fields.into_iter().collect(),
        }
    }

    /// The array of field `name`.
    pub fn get(&self, name: &str) -> Option<&DynArray> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, a)| a)
    }

    /// Take the array of field `name` out (a second take gives `None`).
    pub fn take(&mut self, name: &str) -> Option<DynArray> {
        let i = self.fields.iter().position(|(n, _)| n == name)?;
        Some(self.fields.remove(i).1)
    }

    /// The field names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|(n, _)| n.as_str())
    }

    /// How many fields.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    pub(super) fn fields_ref(&self) -> &[(String, DynArray)] {
        &self.fields
    }

    /// The `(name, array)` pairs.
    pub fn into_vec(self) -> Vec<(String, DynArray)> {
        self.fields
    }
}

/// One entry of a pydantic validation error (`detail[]` in the 400 body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationDetail {
    /// pydantic's error type: `json_invalid`, `model_type`, `missing` or `value_error`.
    pub kind: &'static str,
    /// The field, or `None` for the body as a whole (`loc: []`).
    pub loc: Option<String>,
    /// pydantic's message (`Value error, cannot reshape array of size 3 into shape (4)`).
    pub msg: String,
}

/// Why a current-style request body was refused: pydantic's list of errors, answered as
/// BentoML answers them (400, `{"error":"<N> validation error for Input","detail":[...]}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    details: Vec<ValidationDetail>,
}

impl ValidationError {
    /// The entries, in pydantic's order (the body's, or the fields').
    pub fn details(&self) -> &[ValidationDetail] {
        &self.details
    }

    /// The 400 body, byte for byte BentoML's (compact JSON, non-ASCII kept; `N validation
    /// error` even for several).
    pub fn body(&self) -> String {
        let s = |t: &str| serde_json::to_string(t).unwrap_or_else(|_| "\"\"".to_string());
        let mut out = format!(
            "{{\"error\":\"{} validation error for Input\",\"detail\":[",
            self.details.len()
        );
        for (i, d) in self.details.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let loc = d.loc.as_deref().map(s).unwrap_or_default();
            out.push_str(&format!(
                "{{\"type\":\"{}\",\"loc\":[{loc}],\"msg\":{},\"url\":\"{PYDANTIC_URL}{}\"}}",
                d.kind,
                s(&d.msg),
                d.kind
            ));
        }
        out.push_str("]}");
        out
    }

    fn whole(kind: &'static str, msg: String) -> ValidationError {
        ValidationError {
            details: vec![ValidationDetail {
                kind,
                loc: None,
                msg,
            }],
        }
    }
}

/// pydantic's error documentation, the `url` of each entry.
const PYDANTIC_URL: &str = "https://errors.pydantic.dev/2.14/v/";

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} validation error for Input", self.details.len())?;
        for d in &self.details {
            write!(f, "\n{}\n  {}", d.loc.as_deref().unwrap_or(""), d.msg)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Error {
        Error::bad_input(e.to_string())
    }
}

impl IntoResponse for ValidationError {
    fn into_response(self) -> Response {
        tracing::info!(target: LOG_TARGET, status = 400, "{self}");
        (StatusCode::BAD_REQUEST, content_type(JSON), self.body()).into_response()
    }
}

impl Api {
    /// An API in BentoML's current style only: its input is `fields` (one or several named
    /// tensors), its output a tensor described by `output`. Every request body is read as the
    /// JSON object of the fields (as BentoML reads every body, whatever its `Content-Type`), and
    /// `/docs.json` shows it as BentoML's current services do.
    pub fn tensors(
        name: impl Into<String>,
        fields: impl IntoIterator<Item = TensorField>,
        output: NumpyNdarray,
    ) -> Api {
        Api::new(name, NumpyNdarray::new(), output)
            .with_tensor_fields(fields)
            .edit(|a| a.legacy = false)
    }

    /// Also serve this API in BentoML's current style: a body whose first non-whitespace byte
    /// is `{` is the JSON object of `fields`, validated field by field; any other body (a JSON
    /// array or scalar, `.npy`, octet-stream) is read by the legacy descriptor exactly as
    /// before. An empty `fields` leaves the API legacy only.
    pub fn with_tensor_fields(self, fields: impl IntoIterator<Item = TensorField>) -> Api {
        let fields: Vec<TensorField> = fields.into_iter().collect();
        self.edit(|a| a.tensor_fields = fields.into())
    }

    /// Mark the API `batchable` in `/schema.json` (BentoML's `@bentoml.api(batchable=True)`;
    /// nothing else changes for a single request).
    pub fn with_batchable(self, batchable: bool) -> Api {
        self.edit(|a| a.batchable = batchable)
    }

    /// The declared tensor fields (empty for a legacy-only API).
    pub fn tensor_fields(&self) -> &[TensorField] {
        &self.inner.tensor_fields
    }

    /// Whether the API reads legacy bodies with its input descriptor (every API but those
    /// made by [`Api::tensors`]).
    pub fn has_legacy(&self) -> bool {
        self.inner.legacy
    }

    /// Validate a current-style request body: pydantic's `model_validate_json` of the model of
    /// the tensor fields (an empty body is `{}`), then each field by
    /// [`NumpyNdarray::validate_tensor_json`] under the API's limits.
    ///
    /// # Errors
    /// A [`ValidationError`] with pydantic's entries: `json_invalid` (jiter's message, line and
    /// column), `model_type` (not an object), `missing` per absent field, `value_error` per
    /// failing field (numpy's message), all failing fields in field order.
    pub fn decode_tensors(&self, body: &[u8]) -> std::result::Result<Tensors, ValidationError> {
        let limits = self.limits();
        let found = if body.is_empty() {
            Vec::new()
        } else {
            match scan_object(body, limits) {
                Ok(f) => f,
                Err(ObjectError::Invalid { msg, line, column }) => {
                    return Err(ValidationError::whole(
                        "json_invalid",
                        format!("Invalid JSON: {msg} at line {line} column {column}"),
                    ));
                }
                Err(ObjectError::NotObject) => {
                    return Err(ValidationError::whole(
                        "model_type",
                        "Input should be an object".into(),
                    ));
                }
                Err(ObjectError::Limit(m)) => {
                    return Err(ValidationError::whole(
                        "json_invalid",
                        format!("Invalid JSON: {m}"),
                    ));
                }
            }
        };
        // A duplicated key keeps its last value.
        self.validate_fields(|name| {
            let (_, span) = found.iter().rev().find(|(k, _)| k == name)?;
            Some(body.get(span.clone()).unwrap_or_default().into())
        })
    }

    /// Validate a current-style `application/x-www-form-urlencoded` body as BentoML's
    /// `MultipartSerde` reads one: each field's value (the last one when a name repeats) is
    /// `json.loads(value)` when that succeeds and the text itself otherwise, then
    /// `np.array(value, dtype)` and the reshape, as for a JSON body (`input=[[5.1,3.5,1.4,0.2]]`
    /// is one row; `input=1` a 0-d array numpy cannot reshape into `(-1, 4)`).
    ///
    /// # Errors
    /// As [`Api::decode_tensors`]: `missing` per absent field, `value_error` per failing one.
    pub fn decode_tensor_form(&self, body: &[u8]) -> std::result::Result<Tensors, ValidationError> {
        let limits = self.limits();
        let pairs = form_pairs(body);
        self.validate_fields(|name| {
            let (_, text) = pairs.iter().rev().find(|(k, _)| k == name)?;
            Some(if is_json(text.as_bytes(), limits) {
                text.as_bytes().into()
            } else {
                // Not JSON: the field holds the text itself, a Python str.
                Value::String(text.clone()).to_string().into_bytes().into()
            })
        })
    }

    /// Each tensor field's JSON value (`None`: absent) through
    /// [`NumpyNdarray::validate_tensor_json`]: pydantic's `missing` and `value_error` entries,
    /// every failing field in field order.
    fn validate_fields<'b>(
        &self,
        value_of: impl Fn(&str) -> Option<Cow<'b, [u8]>>,
    ) -> std::result::Result<Tensors, ValidationError> {
        let mut details = Vec::new();
        let mut out = Vec::with_capacity(self.tensor_fields().len());
        for field in self.tensor_fields() {
            let loc = Some(field.name().to_string());
            let Some(value) = value_of(field.name()) else {
                details.push(ValidationDetail {
                    kind: "missing",
                    loc,
                    msg: "Field required".into(),
                });
                continue;
            };
            match field
                .descriptor()
                .validate_tensor_json(&value, self.limits())
            {
                Ok(arr) => out.push((field.name().to_string(), arr)),
                Err(e) => details.push(ValidationDetail {
                    kind: "value_error",
                    loc,
                    msg: format!("Value error, {}", e.message()),
                }),
            }
        }
        if details.is_empty() {
            Ok(Tensors { fields: out })
        } else {
            Err(ValidationError { details })
        }
    }

    /// A current-style answer's body: `json.dumps(arr.tolist())` as BentoML writes it after
    /// pydantic's JSON-mode dump (`", "` separators, floats as Python's `repr` widened to f64,
    /// NaN and ±inf as `null`). The output descriptor is not applied: the array goes out as it
    /// is, as BentoML does.
    ///
    /// # Errors
    /// As [`json::encode`](crate::json::encode).
    pub fn encode_tensors_output(&self, arr: &DynArray) -> Result<Vec<u8>> {
        crate::json::encode_using(arr, &EncodeOptions::new().with_non_finite(NonFinite::Null))
    }
}

/// A handler of named fields, as a [`Service`](super::Service) holds it.
pub(super) type TensorsFn =
    Arc<dyn Fn(Tensors) -> Pin<Box<dyn Future<Output = Result<DynArray>> + Send>> + Send + Sync>;

/// The form media type BentoML's current server reads as a form, not as JSON.
const FORM: &str = "application/x-www-form-urlencoded";

/// Whether the request's body is a URL-encoded form.
pub(super) fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|ct| ct.split(';').next().unwrap_or("").trim())
        .is_some_and(|m| m.eq_ignore_ascii_case(FORM))
}

/// `name=value` pairs of a URL-encoded form, in order: `&`-separated, `+` a space, `%XX` a
/// byte (a `%` not followed by two hex digits stays as it is), text decoded as UTF-8 with
/// replacement, as Starlette's form parser does.
fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    fn unquote(part: &[u8]) -> String {
        let mut out = Vec::with_capacity(part.len());
        let mut i = 0;
        while i < part.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            match part[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    match (
                        part.get(i + 1).and_then(|&b| hex(b)),
                        part.get(i + 2).and_then(|&b| hex(b)),
                    ) {
                        (Some(h), Some(l)) => {
                            out.push((h * 16 + l) as u8);
                            i += 2;
                        }
                        _ => out.push(b'%'),
                    }
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    body.split(|&b| b == b'&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.iter().position(|&b| b == b'=') {
            Some(at) => (unquote(&p[..at]), unquote(&p[at + 1..])),
            None => (unquote(p), String::new()),
        })
        .collect()
}

/// The pickle media type BentoML's main server refuses.
const PICKLE: &str = "application/vnd.bentoml+pickle";

/// Whether the request says it is a pickle (415 on the current path, as BentoML).
pub(super) fn refuses_pickle(headers: &HeaderMap) -> Option<Response> {
    let ct = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let media = ct.split(';').next().unwrap_or("").trim();
    media.eq_ignore_ascii_case(PICKLE).then(|| {
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            content_type(JSON),
            format!("[{{\"error\":\"{PICKLE} is not allowed in main server\"}}]"),
        )
            .into_response()
    })
}

/// A failure after validation on the current path, as BentoML's current server answers it: a
/// client error with its status and `[{"error": message}]` (BentoML wraps a 4xx
/// `BentoMLException` in a list), anything else a 500 with BentoML's fixed body.
pub(super) fn current_error(e: Error) -> Response {
    let status = StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (code, kind, message) = (status.as_u16(), e.kind(), e.message());
    let resp = if status.is_client_error() || e.is_retryable() {
        tracing::info!(target: LOG_TARGET, status = code, kind = %kind, "{message}");
        let body = json!([{ "error": message }]).to_string();
        (status, content_type(JSON), body).into_response()
    } else {
        tracing::error!(target: LOG_TARGET, status = code, kind = %kind, "{message}");
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            content_type(JSON),
            "{\"error\":\"An unexpected error has occurred, please check the server log.\"}",
        )
            .into_response()
    };
    if e.is_retryable() {
        super::respond::with_retry_after(resp)
    } else {
        resp
    }
}

/// BentoML's `/schema.json` of service `name` listing `apis` (those with tensor fields),
/// sorted by name: compact JSON in BentoML's key order.
pub(super) fn schema_json<'a>(name: &str, apis: impl Iterator<Item = &'a Api>) -> String {
    let s = |t: &str| serde_json::to_string(t).unwrap_or_else(|_| "\"\"".to_string());
    let mut apis: Vec<&Api> = apis.filter(|a| !a.tensor_fields().is_empty()).collect();
    apis.sort_by(|a, b| a.name().cmp(b.name()));
    let routes: Vec<String> = apis
        .iter()
        .map(|a| {
            let props: Vec<String> = a
                .tensor_fields()
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}",
                        s(f.name()),
                        f.descriptor().tensor_schema(Some(&f.title()))
                    )
                })
                .collect();
            let required: Vec<String> = a.tensor_fields().iter().map(|f| s(f.name())).collect();
            format!(
                "{{\"name\":{},\"route\":{},\"batchable\":{},\"input\":{{\"properties\":{{{}}},\
                 \"required\":[{}],\"title\":\"Input\",\"type\":\"object\"}},\"output\":{},\
                 \"is_task\":false}}",
                s(a.name()),
                s(a.route()),
                a.inner.batchable,
                props.join(","),
                required.join(","),
                a.output().tensor_schema(None),
            )
        })
        .collect();
    let paths: Vec<String> = apis
        .iter()
        .map(|a| format!("{}:{{\"mounted\":false}}", s(a.route())))
        .collect();
    format!(
        "{{\"name\":{},\"type\":\"service\",\"routes\":[{}],\"paths\":{{{}}}}}",
        s(name),
        routes.join(","),
        paths.join(",")
    )
}

/// The OpenAPI schema of a field as BentoML's current `/docs.json` writes it in a request
/// body: nested arrays of numbers to the depth of the declared rank (1 without a shape).
fn field_openapi(field: &TensorField) -> Value {
    let rank = field.descriptor().shape().map_or(1, |s| s.ndim());
    let mut v = json!({"type": "number"});
    for _ in 0..rank {
        v = json!({"type": "array", "items": v});
    }
    if let Value::Object(m) = &mut v {
        m.insert("title".into(), json!(field.title()));
    }
    v
}

/// The current-style `/docs.json` operation of a tensor-only API: `(path item, component)`
/// where the component is `<api>__Input`.
pub(super) fn docs_entry(api: &Api, service: &str, errors: Value) -> (Value, Value) {
    let required: Vec<&str> = api.tensor_fields().iter().map(|f| f.name()).collect();
    let props: serde_json::Map<String, Value> = api
        .tensor_fields()
        .iter()
        .map(|f| (f.name().to_string(), field_openapi(f)))
        .collect();
    let component_props: serde_json::Map<String, Value> = api
        .tensor_fields()
        .iter()
        .map(|f| {
            (
                f.name().to_string(),
                f.descriptor().tensor_schema(Some(&f.title())),
            )
        })
        .collect();
    let mut responses = serde_json::Map::new();
    responses.insert(
        "200".into(),
        json!({"description": "Successful Response", "content": {JSON: {"schema":
            {"type": "array", "items": {"type": "number"}}}}}),
    );
    if let Value::Object(errs) = errors {
        responses.extend(errs);
    }
    let op = json!({"post": {
        "responses": responses,
        "tags": ["Service APIs"],
        "x-bentoml-name": api.name(),
        "description": api.inner.doc,
        "requestBody": {"content": {JSON: {"schema": {
            "type": "object", "title": "Input", "required": required, "properties": props}}}},
        "operationId": format!("{service}__{}", api.name()),
    }});
    let component = json!({
        "type": "object",
        "title": format!("{}__Input", api.name()),
        "required": required,
        "properties": component_props,
    });
    (op, component)
}

/// BentoML's `TaskStatusResponse` component, listed beside current-style APIs.
pub(super) fn task_status_component() -> Value {
    json!({
        "type": "object",
        "title": "TaskStatusResponse",
        "required": ["task_id", "status", "created_at", "executed_at"],
        "properties": {
            "task_id": {"title": "Task Id", "type": "string"},
            "status": {"enum": ["in_progress", "success", "failure", "cancelled"],
                       "title": "Status", "type": "string"},
            "created_at": {"title": "Created At", "type": "string"},
            "executed_at": {"anyOf": [{"type": "string"}, {"type": "null"}],
                            "title": "Executed At"},
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DType;

    fn f32x4() -> NumpyNdarray {
        NumpyNdarray::builder()
            .dtype(DType::FLOAT32)
            .shape([-1, 4])
            .build()
            .unwrap()
    }

    #[test]
    fn pydantic_bodies() {
        let api = Api::tensors(
            "classify",
            [TensorField::new("input", f32x4())],
            NumpyNdarray::new(),
        );
        let err = api
            .decode_tensors(br#"{"input":[[1.0,2.0,3.0]]}"#)
            .unwrap_err();
        assert_eq!(
            err.body(),
            r#"{"error":"1 validation error for Input","detail":[{"type":"value_error","loc":["input"],"msg":"Value error, cannot reshape array of size 3 into shape (4)","url":"https://errors.pydantic.dev/2.14/v/value_error"}]}"#
        );
        let err = api.decode_tensors(b"").unwrap_err();
        assert_eq!(err.details()[0].kind, "missing");
        let ok = api.decode_tensors(br#"{"input":[1,2,3,4],"input":[5,6,7,8,1,2,3,4]}"#);
        assert_eq!(ok.unwrap().get("input").unwrap().shape(), &[2, 4]);
        assert_eq!(TensorField::new("task_id", f32x4()).title(), "Task Id");
    }

    #[test]
    fn form_bodies_are_read_as_bentoml_reads_them() {
        assert_eq!(
            form_pairs(b"a=1&b=x+y%21&c&d=%zz&a=2"),
            [
                ("a".into(), "1".into()),
                ("b".into(), "x y!".into()),
                ("c".into(), String::new()),
                ("d".into(), "%zz".into()),
                ("a".into(), "2".into()),
            ]
        );
        let api = Api::tensors(
            "classify",
            [TensorField::new("input", f32x4())],
            NumpyNdarray::new(),
        );
        // A JSON value is json.loads'ed; the last of a repeated name wins.
        let ok = api
            .decode_tensor_form(b"input=9&input=%5B%5B5.1%2C3.5%2C1.4%2C0.2%5D%5D")
            .unwrap();
        assert_eq!(ok.get("input").unwrap().shape(), &[1, 4]);
        // Not JSON: the text itself, as numpy converts a str.
        let err = api.decode_tensor_form(b"input=abc").unwrap_err();
        assert_eq!(
            err.details()[0].msg,
            "Value error, could not convert string to float: 'abc'"
        );
        let err = api.decode_tensor_form(b"input=1").unwrap_err();
        assert_eq!(
            err.details()[0].msg,
            "Value error, cannot reshape array of size 1 into shape (4)"
        );
        assert_eq!(
            api.decode_tensor_form(b"other=1").unwrap_err().details()[0].kind,
            "missing"
        );
    }
}
