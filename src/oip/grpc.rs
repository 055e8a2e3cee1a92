//! `inference.GRPCInferenceService` for a [`Servicer`]'s APIs: [`decode_infer_request`] reads a
//! `ModelInferRequest` (raw or typed contents), and [`InferenceServer`] is the tonic service,
//! served beside `BentoService` over the same APIs, limits, guards and batchers.

use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;
use prost::Message;
use serde_json::{Map, Value};
use tonic::codegen::{Context, Poll, Service, StdError, http};
use tonic::server::NamedService;
use tonic::{Request, Response, Status};

use super::inference::grpc_inference_service_server::{
    GrpcInferenceService, GrpcInferenceServiceServer,
};
use super::inference::infer_parameter::ParameterChoice;
use super::inference::model_infer_response::InferOutputTensor;
use super::inference::model_metadata_response::TensorMetadata as TensorMessage;
use super::inference::*;
use super::rest::check_extensions;
use super::tensor::{decode_binary, encode_binary};
use super::{Datatype, InferInput, InferRequest, RequestedOutput, unknown_model};
use crate::array::{ArrayData, DynArray};
use crate::error::{Error, Result};
use crate::grpc::{BudgetBody, Servicer, status};
use crate::limits::Limits;

/// Decode a `ModelInferRequest`: each input's data from `raw_input_contents` at its index (as
/// [`decode_binary`] reads binary data) or from its typed `contents` (`bool_contents`,
/// `int_contents` for INT8–INT32, `int64_contents`, `uint_contents` for UINT8–UINT32,
/// `uint64_contents`, `fp32_contents`, `fp64_contents`, `bytes_contents`; FP16 and BF16 have no
/// typed field), in the input's datatype and shape. The parameters become JSON values.
///
/// # Errors
/// Bad input for: raw contents whose count is not the inputs' count, an input with both raw and
/// typed contents, typed contents in another field than the datatype's, a value out of the
/// datatype's range (`300` in `int_contents` for `INT8`), an element count other than the
/// shape's, a negative dimension, a parameter of an extension the crate does not serve; the
/// binary decoder's errors. Limit exceeded for shapes past [`Limits`].
pub fn decode_infer_request(req: &ModelInferRequest, limits: &Limits) -> Result<InferRequest> {
    let raw = &req.raw_input_contents;
    if !raw.is_empty() && raw.len() != req.inputs.len() {
        return Err(Error::bad_input(format!(
            "the request has {} raw_input_contents for {} inputs",
            raw.len(),
            req.inputs.len()
        )));
    }
    let mut inputs = Vec::with_capacity(req.inputs.len());
    for (i, t) in req.inputs.iter().enumerate() {
        let name = &t.name;
        let in_context =
            |e: Error| Error::new(e.kind(), format!("input '{name}': {}", e.message()));
        let datatype = Datatype::parse(&t.datatype).map_err(in_context)?;
        let shape = t
            .shape
            .iter()
            .map(|&d| usize::try_from(d))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|_| {
                Error::bad_input(format!(
                    "input '{name}': shape {:?} has a negative dimension",
                    t.shape
                ))
            })?;
        let parameters = parameters(&t.parameters);
        check_extensions(&parameters, &format!("input '{name}'"))?;
        let data = match (raw.get(i), &t.contents) {
            (Some(_), Some(c)) if !is_empty(c) => {
                return Err(Error::bad_input(format!(
                    "input '{name}' has both raw_input_contents and contents"
                )));
            }
            (Some(bytes), _) => {
                decode_binary(bytes, datatype, &shape, limits).map_err(in_context)?
            }
            (None, contents) => {
                let empty = InferTensorContents::default();
                typed(
                    contents.as_ref().unwrap_or(&empty),
                    datatype,
                    &shape,
                    limits,
                )
                .map_err(in_context)?
            }
        };
        inputs.push(InferInput {
            name: name.clone(),
            datatype,
            parameters,
            data,
        });
    }
    let outputs = req
        .outputs
        .iter()
        .map(|o| {
            let parameters = parameters(&o.parameters);
            check_extensions(&parameters, &format!("output '{}'", o.name))?;
            Ok(RequestedOutput {
                name: o.name.clone(),
                binary_data: None,
                parameters,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let parameters = parameters(&req.parameters);
    check_extensions(&parameters, "the request")?;
    Ok(InferRequest {
        id: (!req.id.is_empty()).then(|| req.id.clone()),
        parameters,
        inputs,
        outputs: (!outputs.is_empty()).then_some(outputs),
    })
}

fn is_empty(c: &InferTensorContents) -> bool {
    c.bool_contents.is_empty()
        && c.int_contents.is_empty()
        && c.int64_contents.is_empty()
        && c.uint_contents.is_empty()
        && c.uint64_contents.is_empty()
        && c.fp32_contents.is_empty()
        && c.fp64_contents.is_empty()
        && c.bytes_contents.is_empty()
}

/// The element counts of each typed field, by name.
fn counts(c: &InferTensorContents) -> [(&'static str, usize); 8] {
    [
        ("bool_contents", c.bool_contents.len()),
        ("int_contents", c.int_contents.len()),
        ("int64_contents", c.int64_contents.len()),
        ("uint_contents", c.uint_contents.len()),
        ("uint64_contents", c.uint64_contents.len()),
        ("fp32_contents", c.fp32_contents.len()),
        ("fp64_contents", c.fp64_contents.len()),
        ("bytes_contents", c.bytes_contents.len()),
    ]
}

/// The typed field a datatype's elements go in.
fn field_of(datatype: Datatype) -> Option<&'static str> {
    Some(match datatype {
        Datatype::Bool => "bool_contents",
        Datatype::Int8 | Datatype::Int16 | Datatype::Int32 => "int_contents",
        Datatype::Int64 => "int64_contents",
        Datatype::Uint8 | Datatype::Uint16 | Datatype::Uint32 => "uint_contents",
        Datatype::Uint64 => "uint64_contents",
        Datatype::Fp32 => "fp32_contents",
        Datatype::Fp64 => "fp64_contents",
        Datatype::Bytes => "bytes_contents",
        Datatype::Fp16 | Datatype::Bf16 => return None,
    })
}

/// Typed `contents` into an array of `datatype` and `shape`.
fn typed(
    c: &InferTensorContents,
    datatype: Datatype,
    shape: &[usize],
    limits: &Limits,
) -> Result<DynArray> {
    let n = limits.check_shape(shape)?;
    let Some(field) = field_of(datatype) else {
        if is_empty(c) && n == 0 {
            return decode_binary(&[], datatype, shape, limits);
        }
        return Err(Error::bad_input(format!(
            "{datatype} has no typed contents field: send it in raw_input_contents"
        )));
    };
    for (name, count) in counts(c) {
        if name != field && count > 0 {
            return Err(Error::bad_input(format!(
                "{datatype} data must be in {field}, not {name}"
            )));
        }
    }
    for (name, count) in counts(c) {
        if name == field && count != n {
            return Err(Error::bad_input(format!(
                "{count} elements in {field} do not match shape {shape:?} ({n} elements)"
            )));
        }
    }
    fn narrow<S: Copy + std::fmt::Display, T: TryFrom<S>>(
        values: &[S],
        datatype: Datatype,
    ) -> Result<Vec<T>> {
        values
            .iter()
            .map(|&v| {
                T::try_from(v).map_err(|_| {
                    Error::bad_input(format!("value {v} is out of range for {datatype}"))
                })
            })
            .collect()
    }
    let data = match datatype {
        Datatype::Bool => ArrayData::Bool(shaped(c.bool_contents.clone(), shape)?),
        Datatype::Int8 => ArrayData::Int8(shaped(narrow(&c.int_contents, datatype)?, shape)?),
        Datatype::Int16 => ArrayData::Int16(shaped(narrow(&c.int_contents, datatype)?, shape)?),
        Datatype::Int32 => ArrayData::Int32(shaped(c.int_contents.clone(), shape)?),
        Datatype::Int64 => ArrayData::Int64(shaped(c.int64_contents.clone(), shape)?),
        Datatype::Uint8 => ArrayData::UInt8(shaped(narrow(&c.uint_contents, datatype)?, shape)?),
        Datatype::Uint16 => ArrayData::UInt16(shaped(narrow(&c.uint_contents, datatype)?, shape)?),
        Datatype::Uint32 => ArrayData::UInt32(shaped(c.uint_contents.clone(), shape)?),
        Datatype::Uint64 => ArrayData::UInt64(shaped(c.uint64_contents.clone(), shape)?),
        Datatype::Fp32 => ArrayData::Float32(shaped(c.fp32_contents.clone(), shape)?),
        Datatype::Fp64 => ArrayData::Float64(shaped(c.fp64_contents.clone(), shape)?),
        Datatype::Bytes => {
            let total = c.bytes_contents.iter().map(|b| b.len()).sum();
            let mut strings =
                crate::strings::StrBuilder::with_capacity(c.bytes_contents.len(), total);
            for (i, b) in c.bytes_contents.iter().enumerate() {
                let text = std::str::from_utf8(b).map_err(|e| {
                    Error::bad_input(format!(
                        "BYTES element {i} is not UTF-8 text (invalid byte at offset {})",
                        e.valid_up_to()
                    ))
                })?;
                strings.push(text);
            }
            ArrayData::Str(strings.finish(shape).map_err(|e| {
                Error::internal(format!("OIP tensor of shape {shape:?}: {}", e.message()))
            })?)
        }
        Datatype::Fp16 | Datatype::Bf16 => unreachable!("no typed field, handled above"),
    };
    Ok(DynArray::from_data(data))
}

fn shaped<T>(values: Vec<T>, shape: &[usize]) -> Result<ndarray::ArrayD<T>> {
    ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(shape), values)
        .map_err(|e| Error::internal(format!("OIP tensor of shape {shape:?}: {e}")))
}

/// gRPC parameters as the JSON values REST carries (a non-finite double becomes `null`).
fn parameters(p: &HashMap<String, InferParameter>) -> Map<String, Value> {
    p.iter()
        .map(|(k, v)| {
            let value = match &v.parameter_choice {
                None => Value::Null,
                Some(ParameterChoice::BoolParam(b)) => Value::Bool(*b),
                Some(ParameterChoice::Int64Param(i)) => Value::from(*i),
                Some(ParameterChoice::Uint64Param(u)) => Value::from(*u),
                Some(ParameterChoice::StringParam(s)) => Value::String(s.clone()),
                Some(ParameterChoice::DoubleParam(d)) => {
                    serde_json::Number::from_f64(*d).map_or(Value::Null, Value::Number)
                }
            };
            (k.clone(), value)
        })
        .collect()
}

/// The tonic service of a [`Servicer`] built [`with_oip`](Servicer::with_oip):
/// `inference.GRPCInferenceService`, whose request bodies count against the in-flight budget
/// as they arrive (as [`BentoServer`](crate::grpc::BentoServer)'s do). Made by
/// [`Servicer::into_servers`].
#[derive(Clone)]
pub struct InferenceServer {
    inner: GrpcInferenceServiceServer<Servicer>,
    servicer: Arc<Servicer>,
    max_message: usize,
}

impl std::fmt::Debug for InferenceServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InferenceServer")
            .field("servicer", &self.servicer)
            .field("max_message", &self.max_message)
            .finish()
    }
}

impl InferenceServer {
    pub(crate) fn new(servicer: Arc<Servicer>) -> InferenceServer {
        let max = servicer.limits().max_body_bytes;
        InferenceServer {
            inner: GrpcInferenceServiceServer::from_arc(servicer.clone())
                .max_decoding_message_size(max)
                .max_encoding_message_size(max),
            servicer,
            max_message: max,
        }
    }
}

impl NamedService for InferenceServer {
    const NAME: &'static str = <GrpcInferenceServiceServer<Servicer> as NamedService>::NAME;
}

impl<B> Service<http::Request<B>> for InferenceServer
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<StdError> + Send + 'static,
{
    type Response = http::Response<tonic::body::Body>;
    type Error = std::convert::Infallible;
    type Future =
        <GrpcInferenceServiceServer<Servicer> as Service<http::Request<BudgetBody<B>>>>::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<std::result::Result<(), Self::Error>> {
        Service::<http::Request<BudgetBody<B>>>::poll_ready(&mut self.inner, cx)
    }

    fn call(&mut self, req: http::Request<B>) -> Self::Future {
        let guards = self.servicer.guards();
        let req = req.map(|body| BudgetBody::new(body, guards, self.max_message));
        self.inner.call(req)
    }
}

impl Servicer {
    /// `ModelInfer` without the transport: decode, validate, run the model, answer raw output
    /// contents.
    async fn infer(&self, request: ModelInferRequest) -> Result<ModelInferResponse> {
        let (index, model) = self
            .oip_model(&request.model_name)
            .ok_or_else(|| unknown_model(&request.model_name))?;
        let message_bytes = request.encoded_len();
        let mut held = self.guards().budget().reserve(message_bytes)?;
        let mut req = decode_infer_request(&request, self.limits())?;
        drop(request);
        let x = model.take_input(&mut req)?;
        self.guards().decoded("oip", &x);
        held.hold_decoded(message_bytes, &x)?;
        let y = self.run_model(index, x).await?;
        let outputs = model.answer(y, req.outputs.as_deref(), true)?;
        let mut raw = Vec::with_capacity(outputs.len());
        let mut tensors = Vec::with_capacity(outputs.len());
        for out in outputs {
            let mut bytes = Vec::new();
            let datatype = encode_binary(&out.data, &mut bytes)?;
            tensors.push(InferOutputTensor {
                name: out.name,
                datatype: datatype.as_str().to_string(),
                shape: out.data.shape().iter().map(|&d| d as i64).collect(),
                parameters: HashMap::new(),
                contents: None,
            });
            raw.push(Bytes::from(bytes));
        }
        drop(held);
        Ok(ModelInferResponse {
            model_name: model.name.to_string(),
            model_version: String::new(),
            id: req.id.unwrap_or_default(),
            parameters: HashMap::new(),
            outputs: tensors,
            raw_output_contents: raw,
        })
    }
}

fn tensor_message(t: super::TensorMetadata) -> TensorMessage {
    TensorMessage {
        name: t.name,
        datatype: t.datatype,
        shape: t.shape,
    }
}

#[tonic::async_trait]
impl GrpcInferenceService for Servicer {
    async fn server_live(
        &self,
        _request: Request<ServerLiveRequest>,
    ) -> std::result::Result<Response<ServerLiveResponse>, Status> {
        Ok(Response::new(ServerLiveResponse { live: true }))
    }

    async fn server_ready(
        &self,
        _request: Request<ServerReadyRequest>,
    ) -> std::result::Result<Response<ServerReadyResponse>, Status> {
        Ok(Response::new(ServerReadyResponse {
            ready: !self.guards().is_draining(),
        }))
    }

    async fn model_ready(
        &self,
        request: Request<ModelReadyRequest>,
    ) -> std::result::Result<Response<ModelReadyResponse>, Status> {
        let name = &request.get_ref().name;
        if self.oip_model(name).is_none() {
            return Err(status(&unknown_model(name)));
        }
        Ok(Response::new(ModelReadyResponse {
            ready: !self.guards().is_draining(),
        }))
    }

    async fn server_metadata(
        &self,
        _request: Request<ServerMetadataRequest>,
    ) -> std::result::Result<Response<ServerMetadataResponse>, Status> {
        Ok(Response::new(ServerMetadataResponse {
            name: self.service_name().to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            extensions: super::EXTENSIONS.iter().map(|e| e.to_string()).collect(),
        }))
    }

    async fn model_metadata(
        &self,
        request: Request<ModelMetadataRequest>,
    ) -> std::result::Result<Response<ModelMetadataResponse>, Status> {
        let name = &request.get_ref().name;
        let Some((_, model)) = self.oip_model(name) else {
            return Err(status(&unknown_model(name)));
        };
        let md = model.metadata();
        Ok(Response::new(ModelMetadataResponse {
            name: md.name,
            versions: Vec::new(),
            platform: md.platform,
            inputs: md.inputs.into_iter().map(tensor_message).collect(),
            outputs: md.outputs.into_iter().map(tensor_message).collect(),
            properties: HashMap::new(),
        }))
    }

    async fn model_infer(
        &self,
        request: Request<ModelInferRequest>,
    ) -> std::result::Result<Response<ModelInferResponse>, Status> {
        let request = request.into_inner();
        let model_name = request.model_name.clone();
        #[cfg(feature = "metrics")]
        let (start, metric_api, _in_progress) = {
            // An unknown name is `other`: a client must not grow the label set.
            let api = match self.oip_model(&model_name) {
                Some(_) => model_name.as_str(),
                None => "other",
            };
            let gauge = self
                .guards()
                .metrics()
                .grpc_in_progress(self.service_name(), api);
            (std::time::Instant::now(), api.to_string(), gauge)
        };
        let result = self.infer(request).await;
        #[cfg(feature = "metrics")]
        {
            let code = match &result {
                Ok(_) => 200,
                Err(e) => e.http_status(),
            };
            self.guards().metrics().grpc_record(
                self.service_name(),
                &metric_api,
                code,
                start.elapsed(),
            );
        }
        match result {
            Ok(resp) => Ok(Response::new(resp)),
            Err(e) => {
                self.guards().note(&e);
                if e.is_client_error() || e.is_retryable() {
                    tracing::info!(model = %model_name, kind = %e.kind(), "{}", e.message());
                } else {
                    tracing::error!(model = %model_name, kind = %e.kind(), "{}", e.message());
                }
                Err(status(&e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::inference::model_infer_request::InferInputTensor;
    use super::*;
    use crate::error::ErrorKind;

    fn tensor(datatype: &str, shape: Vec<i64>, contents: InferTensorContents) -> InferInputTensor {
        InferInputTensor {
            name: "input".into(),
            datatype: datatype.into(),
            shape,
            parameters: HashMap::new(),
            contents: Some(contents),
        }
    }

    fn decode(t: InferInputTensor, raw: Vec<Bytes>) -> Result<DynArray> {
        let req = ModelInferRequest {
            inputs: vec![t],
            raw_input_contents: raw,
            ..Default::default()
        };
        decode_infer_request(&req, &Limits::default()).map(|mut r| r.inputs.remove(0).data)
    }

    /// Every datatype with a typed field, read from it and from raw contents to the same array.
    #[test]
    fn typed_and_raw_contents_agree_for_every_datatype() {
        let c = InferTensorContents::default;
        let cases: Vec<(&str, InferTensorContents)> = vec![
            (
                "BOOL",
                InferTensorContents {
                    bool_contents: vec![true, false],
                    ..c()
                },
            ),
            (
                "INT8",
                InferTensorContents {
                    int_contents: vec![-128, 127],
                    ..c()
                },
            ),
            (
                "INT16",
                InferTensorContents {
                    int_contents: vec![-32768, 32767],
                    ..c()
                },
            ),
            (
                "INT32",
                InferTensorContents {
                    int_contents: vec![i32::MIN, i32::MAX],
                    ..c()
                },
            ),
            (
                "INT64",
                InferTensorContents {
                    int64_contents: vec![i64::MIN, i64::MAX],
                    ..c()
                },
            ),
            (
                "UINT8",
                InferTensorContents {
                    uint_contents: vec![0, 255],
                    ..c()
                },
            ),
            (
                "UINT16",
                InferTensorContents {
                    uint_contents: vec![0, 65535],
                    ..c()
                },
            ),
            (
                "UINT32",
                InferTensorContents {
                    uint_contents: vec![0, u32::MAX],
                    ..c()
                },
            ),
            (
                "UINT64",
                InferTensorContents {
                    uint64_contents: vec![0, u64::MAX],
                    ..c()
                },
            ),
            (
                "FP32",
                InferTensorContents {
                    fp32_contents: vec![0.1, -2.5],
                    ..c()
                },
            ),
            (
                "FP64",
                InferTensorContents {
                    fp64_contents: vec![0.1, -2.5],
                    ..c()
                },
            ),
            (
                "BYTES",
                InferTensorContents {
                    bytes_contents: vec![Bytes::from("é"), Bytes::new()],
                    ..c()
                },
            ),
        ];
        for (dt, contents) in cases {
            let from_typed = decode(tensor(dt, vec![2], contents), vec![]).unwrap();
            let datatype = Datatype::parse(dt).unwrap();
            assert_eq!(Datatype::of(from_typed.dtype()), Some(datatype));
            let mut raw = Vec::new();
            encode_binary(&from_typed, &mut raw).unwrap();
            let from_raw = decode(tensor(dt, vec![2], c()), vec![Bytes::from(raw)]).unwrap();
            assert_eq!(from_raw, from_typed, "{dt}");
        }
    }

    #[test]
    fn contents_errors() {
        let c = InferTensorContents::default;
        let e = decode(
            tensor(
                "INT8",
                vec![1],
                InferTensorContents {
                    int_contents: vec![300],
                    ..c()
                },
            ),
            vec![],
        )
        .unwrap_err();
        assert_eq!(
            e.message(),
            "input 'input': value 300 is out of range for INT8"
        );
        let e = decode(
            tensor(
                "FP32",
                vec![2],
                InferTensorContents {
                    fp64_contents: vec![1.0, 2.0],
                    ..c()
                },
            ),
            vec![],
        )
        .unwrap_err();
        assert_eq!(
            e.message(),
            "input 'input': FP32 data must be in fp32_contents, not fp64_contents"
        );
        let e = decode(
            tensor(
                "FP32",
                vec![2, 2],
                InferTensorContents {
                    fp32_contents: vec![1.0],
                    ..c()
                },
            ),
            vec![],
        )
        .unwrap_err();
        assert_eq!(
            e.message(),
            "input 'input': 1 elements in fp32_contents do not match shape [2, 2] (4 elements)"
        );
        let e = decode(tensor("FP16", vec![1], c()), vec![]).unwrap_err();
        assert_eq!(
            e.message(),
            "input 'input': FP16 has no typed contents field: send it in raw_input_contents"
        );
        let e = decode(tensor("FP32", vec![-1, 4], c()), vec![]).unwrap_err();
        assert_eq!(
            e.message(),
            "input 'input': shape [-1, 4] has a negative dimension"
        );
        let e = decode(
            tensor(
                "FP32",
                vec![1],
                InferTensorContents {
                    fp32_contents: vec![1.0],
                    ..c()
                },
            ),
            vec![Bytes::from_static(&[0; 4])],
        )
        .unwrap_err();
        assert_eq!(
            e.message(),
            "input 'input' has both raw_input_contents and contents"
        );
        let req = ModelInferRequest {
            inputs: vec![tensor("FP32", vec![1], c())],
            raw_input_contents: vec![Bytes::new(), Bytes::new()],
            ..Default::default()
        };
        let e = decode_infer_request(&req, &Limits::default()).unwrap_err();
        assert_eq!(
            e.message(),
            "the request has 2 raw_input_contents for 1 inputs"
        );
        let e = decode(tensor("FP32", vec![1 << 40, 1 << 30], c()), vec![]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
        // FP16 and BF16 come in raw contents.
        let half = decode(
            tensor("FP16", vec![1], c()),
            vec![Bytes::from_static(&[0x00, 0x3c])],
        )
        .unwrap();
        assert_eq!(half.as_array::<half::f16>().unwrap()[[0]], half::f16::ONE);
    }

    #[test]
    fn parameters_and_outputs_are_read() {
        let mut params = HashMap::new();
        params.insert(
            "priority".to_string(),
            InferParameter {
                parameter_choice: Some(ParameterChoice::Uint64Param(3)),
            },
        );
        let req = ModelInferRequest {
            id: "42".into(),
            parameters: params,
            inputs: vec![tensor(
                "FP32",
                vec![1],
                InferTensorContents {
                    fp32_contents: vec![1.0],
                    ..Default::default()
                },
            )],
            ..Default::default()
        };
        let r = decode_infer_request(&req, &Limits::default()).unwrap();
        assert_eq!(r.id.as_deref(), Some("42"));
        assert_eq!(r.parameters["priority"], 3);
        assert_eq!(r.outputs, None);
        let mut shm = HashMap::new();
        shm.insert(
            "shared_memory_region".to_string(),
            InferParameter {
                parameter_choice: Some(ParameterChoice::StringParam("r".into())),
            },
        );
        let req = ModelInferRequest {
            parameters: shm,
            ..req
        };
        let e = decode_infer_request(&req, &Limits::default()).unwrap_err();
        assert_eq!(
            e.message(),
            "the request: the shared memory extension is not supported (parameter 'shared_memory_region')"
        );
    }
}
