//! The Open Inference Protocol (KServe v2, Triton's HTTP/REST and gRPC protocol) for
//! [`NumpyNdarray`] APIs: the same descriptors served to `tritonclient`, the `kserve` SDK and
//! MLServer's clients.
//!
//! Each API is a model named after it, with one input tensor (the API's tensor field name, or
//! `input`) and one output tensor, `output`; their metadata's `datatype` and `shape` (`-1` for
//! a variable dimension) come from the descriptors. A request tensor is decoded by its own
//! datatype and shape ([`decode_json`] for JSON `data`, flat or nested; [`decode_binary`] for
//! binary tensor data), then validated by the input descriptor exactly as the BentoML routes
//! validate ([`NumpyNdarray::validate`]: a `same_kind` cast, a `-1` reshape, the enforce flags,
//! and BentoML's messages); the handler's array is validated by the output descriptor and
//! answered as an output tensor.
//!
//! - REST: [`http::Service::with_oip`](crate::http::Service::with_oip) adds the `/v2` routes
//!   to the service's router: `GET /v2` (server metadata), `/v2/health/live`,
//!   `/v2/health/ready`, `GET /v2/models/{name}[/versions/{v}]` (model metadata),
//!   `.../ready`, `POST .../infer`. The body is read by [`decode_request`] and answered by
//!   [`encode_response`], with the binary tensor data extension (`Inference-Header-Content-Length`,
//!   per-input `binary_data_size`, per-output `binary_data`, request-level
//!   `binary_data_output`).
//! - gRPC: [`grpc::Servicer::with_oip`](crate::grpc::Servicer::with_oip) serves
//!   `inference.GRPCInferenceService` (ServerLive, ServerReady, ModelReady, ServerMetadata,
//!   ModelMetadata, ModelInfer) beside `BentoService` on the same server; inputs come in
//!   `raw_input_contents` or typed `contents`, outputs go out in `raw_output_contents` (what
//!   `tritonclient.grpc`'s `as_numpy` reads).
//!
//! Both go through the same serving layer as the BentoML routes: the body and message limits,
//! the in-flight budget, the model-call gate, adaptive batching ([`Api::with_batching`]: OIP
//! requests join the same batches), metrics and the drain.
//!
//! # Datatypes
//!
//! See [`Datatype`] for the table. `FP16` is read from JSON numbers too (rounded as numpy
//! rounds); `BF16` has no numpy dtype and is read, from binary data only, as float32; `BYTES`
//! elements must be UTF-8 (the crate carries numpy `str`) and a `str` array is answered as
//! `BYTES`.
//!
//! # Errors
//!
//! Over REST a failure is its status with the body `{"error": "<message>"}`: 400 for bad input
//! (the message the BentoML routes give for the same array: dtype, shape, enforce), 404 for an
//! unknown model, 503 / 408 for the serving guards' refusals. Over gRPC the same message with
//! `INVALID_ARGUMENT`, `NOT_FOUND`, `RESOURCE_EXHAUSTED` / `UNAVAILABLE` /
//! `DEADLINE_EXCEEDED`. A body that breaks the binary framing (a header length past the body,
//! sizes that do not add up, a `BYTES` length prefix past the end, a shape whose element count
//! overflows or does not match the data) is a 400 naming what is wrong, found before anything
//! is allocated from the claim.
//!
//! [`NumpyNdarray`]: crate::NumpyNdarray
//! [`NumpyNdarray::validate`]: crate::NumpyNdarray::validate
//! [`Api::with_batching`]: crate::http::Api::with_batching

mod datatype;
pub(crate) mod generated;
mod grpc;
mod rest;
mod skim;
mod tensor;

pub use datatype::Datatype;
pub use generated::inference;
pub use grpc::{InferenceServer, decode_infer_request};
pub use rest::{EncodedResponse, HEADER_LENGTH, decode_request, encode_response, error_body};
pub use tensor::{decode_binary, decode_json, encode_binary, encode_json};

use serde_json::{Map, Value};

use crate::array::DynArray;
use crate::descriptor::NumpyNdarray;
use crate::error::{Error, Result};

/// The name of every model's output tensor.
pub const OUTPUT_NAME: &str = "output";

/// The name of a model's input tensor when its API names none.
pub const INPUT_NAME: &str = "input";

/// The protocol extensions the server reports in its metadata.
pub const EXTENSIONS: [&str; 1] = ["binary_tensor_data"];

/// The `platform` reported in model metadata.
pub const PLATFORM: &str = "ndarray_descriptor";

/// An inference request, decoded from REST ([`decode_request`]) or gRPC
/// ([`decode_infer_request`]).
#[derive(Debug, Clone, PartialEq)]
pub struct InferRequest {
    /// The request's `id`, echoed in the response.
    pub id: Option<String>,
    /// The request's parameters (strings, numbers and booleans).
    pub parameters: Map<String, Value>,
    /// The input tensors, in request order.
    pub inputs: Vec<InferInput>,
    /// The outputs asked for (`None`: every output, with the request's default encoding).
    pub outputs: Option<Vec<RequestedOutput>>,
}

impl InferRequest {
    /// The request-level `binary_data_output` parameter (default false): whether outputs not
    /// naming `binary_data` themselves are answered as binary data.
    ///
    /// # Errors
    /// Bad input when the parameter is not a boolean.
    pub fn binary_data_output(&self) -> Result<bool> {
        match self.parameters.get("binary_data_output") {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(v) => Err(Error::bad_input(format!(
                "binary_data_output must be a boolean, got {v}"
            ))),
        }
    }
}

/// One input tensor of a request, its data decoded into an array of its datatype and shape
/// (not yet validated by a descriptor).
#[derive(Debug, Clone, PartialEq)]
pub struct InferInput {
    /// The tensor's name.
    pub name: String,
    /// The datatype it was sent as.
    pub datatype: Datatype,
    /// Its parameters.
    pub parameters: Map<String, Value>,
    /// Its elements, in its shape.
    pub data: DynArray,
}

/// An output a request asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestedOutput {
    /// The output's name.
    pub name: String,
    /// Its `binary_data` parameter, if given (REST only).
    pub binary_data: Option<bool>,
    /// Its parameters.
    pub parameters: Map<String, Value>,
}

/// An output tensor of a response.
#[derive(Debug, Clone, PartialEq)]
pub struct InferOutput {
    /// The tensor's name.
    pub name: String,
    /// Its elements (the datatype is the array's).
    pub data: DynArray,
    /// Whether it is answered as binary data (REST; gRPC answers are always raw contents).
    pub binary: bool,
}

impl InferOutput {
    /// An output named `name` holding `data`, binary or JSON.
    pub fn new(name: impl Into<String>, data: DynArray, binary: bool) -> InferOutput {
        InferOutput {
            name: name.into(),
            data,
            binary,
        }
    }
}

/// A tensor in model metadata.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TensorMetadata {
    /// The tensor's name.
    pub name: String,
    /// Its datatype; empty when the descriptor has no dtype (any is accepted).
    pub datatype: String,
    /// Its shape, `-1` for a variable dimension; `[-1]` when the descriptor has no shape.
    pub shape: Vec<i64>,
}

impl TensorMetadata {
    /// The metadata of a tensor `name` described by `desc`.
    pub fn of(name: &str, desc: &NumpyNdarray) -> TensorMetadata {
        TensorMetadata {
            name: name.to_string(),
            datatype: desc
                .dtype()
                .and_then(Datatype::of)
                .map_or("", Datatype::as_str)
                .to_string(),
            shape: desc.shape().map_or_else(|| vec![-1], |s| s.dims().to_vec()),
        }
    }
}

/// A model's metadata: `GET /v2/models/{name}` and `ModelMetadata`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ModelMetadata {
    /// The model (API) name.
    pub name: String,
    /// Always [`PLATFORM`].
    pub platform: String,
    /// The input tensor.
    pub inputs: Vec<TensorMetadata>,
    /// The output tensor.
    pub outputs: Vec<TensorMetadata>,
}

/// One API as a model: what the REST and gRPC sides need to answer for it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Model<'a> {
    pub name: &'a str,
    pub input_name: &'a str,
    pub input: &'a NumpyNdarray,
    pub output: &'a NumpyNdarray,
}

impl Model<'_> {
    /// The request's one input, validated by the input descriptor.
    pub(crate) fn take_input(&self, req: &mut InferRequest) -> Result<DynArray> {
        if req.inputs.len() != 1 {
            return Err(Error::bad_input(format!(
                "model '{}' takes 1 input ('{}'), the request has {}",
                self.name,
                self.input_name,
                req.inputs.len()
            )));
        }
        let input = req.inputs.pop().expect("one input, checked above");
        if input.name != self.input_name {
            return Err(Error::bad_input(format!(
                "unexpected inference input '{}' for model '{}' (its input is '{}')",
                input.name, self.name, self.input_name
            )));
        }
        self.input.validate(input.data)
    }

    /// The handler's array `y`, validated by the output descriptor, as the outputs `req` asks
    /// for.
    pub(crate) fn answer(
        &self,
        y: DynArray,
        requested: Option<&[RequestedOutput]>,
        binary_default: bool,
    ) -> Result<Vec<InferOutput>> {
        let y = self.output.validate(y)?;
        let requested = match requested {
            None | Some([]) => return Ok(vec![InferOutput::new(OUTPUT_NAME, y, binary_default)]),
            Some(r) => r,
        };
        for (i, r) in requested.iter().enumerate() {
            self.check_output(&r.name)?;
            if requested[..i].iter().any(|o| o.name == r.name) {
                return Err(Error::bad_input(format!(
                    "output '{}' is requested more than once",
                    r.name
                )));
            }
        }
        // The one output there is, asked for once.
        let binary = requested[0].binary_data.unwrap_or(binary_default);
        Ok(vec![InferOutput::new(OUTPUT_NAME, y, binary)])
    }

    fn check_output(&self, name: &str) -> Result<()> {
        if name == OUTPUT_NAME {
            return Ok(());
        }
        Err(Error::bad_input(format!(
            "unexpected inference output '{name}' for model '{}' (its output is '{OUTPUT_NAME}')",
            self.name
        )))
    }

    /// The model's metadata.
    pub(crate) fn metadata(&self) -> ModelMetadata {
        ModelMetadata {
            name: self.name.to_string(),
            platform: PLATFORM.to_string(),
            inputs: vec![TensorMetadata::of(self.input_name, self.input)],
            outputs: vec![TensorMetadata::of(OUTPUT_NAME, self.output)],
        }
    }
}

/// The error of a request for a model that is not served (Triton's wording).
pub(crate) fn unknown_model(name: &str) -> Error {
    let shown: String = name.chars().take(200).collect();
    Error::not_found(format!("Request for unknown model: '{shown}' is not found"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::DType;
    use crate::error::ErrorKind;

    /// The model `classify` with its input `input` described by `i`, its output by `o`.
    fn classify<'a>(i: &'a NumpyNdarray, o: &'a NumpyNdarray) -> Model<'a> {
        Model {
            name: "classify",
            input_name: "input",
            input: i,
            output: o,
        }
    }

    fn model_descs() -> (NumpyNdarray, NumpyNdarray) {
        let input = NumpyNdarray::builder()
            .dtype(DType::FLOAT32)
            .shape([-1, 4])
            .enforce_dtype(true)
            .build()
            .unwrap();
        let output = NumpyNdarray::builder()
            .dtype(DType::INT64)
            .shape([-1])
            .build()
            .unwrap();
        (input, output)
    }

    fn request(name: &str, data: DynArray) -> InferRequest {
        InferRequest {
            id: None,
            parameters: Map::new(),
            inputs: vec![InferInput {
                name: name.into(),
                datatype: Datatype::of(data.dtype()).unwrap(),
                parameters: Map::new(),
                data,
            }],
            outputs: None,
        }
    }

    #[test]
    fn inputs_are_validated_by_the_descriptor_with_bentomls_messages() {
        let (i, o) = model_descs();
        let m = classify(&i, &o);
        // float64 → float32 is a same_kind cast, which enforce_dtype allows (as BentoML's).
        let f64s = DynArray::from(ndarray::arr2(&[[1.0f64, 2.0, 3.0, 4.0]]).into_dyn());
        let x = m.take_input(&mut request("input", f64s)).unwrap();
        assert_eq!(x.dtype(), DType::FLOAT32);
        let strs = DynArray::from(ndarray::arr1(&["1".to_string()]).into_dyn());
        let e = m.take_input(&mut request("input", strs)).unwrap_err();
        assert_eq!(
            e.message(),
            r#"NumpyNdarray: Expecting ndarray of dtype "float32", but "<U1" was received."#
        );
        let f32s = DynArray::from(ndarray::arr1(&[1.0f32; 8]).into_dyn());
        let x = m.take_input(&mut request("input", f32s.clone())).unwrap();
        assert_eq!(x.shape(), &[2, 4], "reshaped to (-1, 4)");
        let e = m.take_input(&mut request("x", f32s)).unwrap_err();
        assert_eq!(
            e.message(),
            "unexpected inference input 'x' for model 'classify' (its input is 'input')"
        );
        let mut two = request("input", DynArray::from(ndarray::arr1(&[1.0f32]).into_dyn()));
        two.inputs.push(two.inputs[0].clone());
        assert_eq!(
            m.take_input(&mut two).unwrap_err().message(),
            "model 'classify' takes 1 input ('input'), the request has 2"
        );
    }

    #[test]
    fn requested_outputs_are_honoured() {
        let (i, o) = model_descs();
        let m = classify(&i, &o);
        let y = DynArray::from(ndarray::arr1(&[1i32, 2]).into_dyn());
        let out = m.answer(y.clone(), None, true).unwrap();
        assert_eq!((out.len(), out[0].binary), (1, true));
        assert_eq!(
            out[0].data.dtype(),
            DType::INT64,
            "validated: cast to int64"
        );
        let ask = |name: &str, binary| RequestedOutput {
            name: name.into(),
            binary_data: binary,
            parameters: Map::new(),
        };
        let out = m
            .answer(y.clone(), Some(&[ask("output", Some(false))]), true)
            .unwrap();
        assert!(!out[0].binary);
        let out = m
            .answer(y.clone(), Some(&[ask("output", None)]), true)
            .unwrap();
        assert!(out[0].binary, "the request default applies");
        let e = m
            .answer(y.clone(), Some(&[ask("probs", None)]), false)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput);
        assert_eq!(
            e.message(),
            "unexpected inference output 'probs' for model 'classify' (its output is 'output')"
        );
        let e = m
            .answer(y, Some(&[ask("output", None), ask("output", None)]), false)
            .unwrap_err();
        assert_eq!(e.message(), "output 'output' is requested more than once");
    }

    #[test]
    fn metadata_comes_from_the_descriptors() {
        let (i, o) = model_descs();
        let m = classify(&i, &o);
        let md = serde_json::to_value(m.metadata()).unwrap();
        assert_eq!(
            md,
            serde_json::json!({
                "name": "classify",
                "platform": "ndarray_descriptor",
                "inputs": [{"name": "input", "datatype": "FP32", "shape": [-1, 4]}],
                "outputs": [{"name": "output", "datatype": "INT64", "shape": [-1]}],
            })
        );
        let any = TensorMetadata::of("x", &NumpyNdarray::new());
        assert_eq!((any.datatype.as_str(), any.shape), ("", vec![-1]));
    }
}
