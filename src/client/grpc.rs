//! The gRPC transport: `bentoml.grpc.v1.BentoService` over one lazily connected HTTP/2
//! channel; `ServiceMetadata` for the API list, `Call` for a call.

use std::sync::Arc;

use prost_types::value::Kind;
use serde_json::{Map, Value};
use tokio::sync::OnceCell;
use tonic::transport::{Channel, Endpoint};
use tonic::{Code, Status};

use super::{ApiInfo, ClientConfig, Failure, GrpcPayload, bad_answer};
use crate::array::DynArray;
use crate::descriptor::{DESCRIPTOR_ID, NumpyNdarray};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::proto::v1::bento_service_client::BentoServiceClient;
use crate::proto::v1::service_metadata_response::DescriptorMetadata;
use crate::proto::v1::{Request, ServiceMetadataRequest, request, response};
use crate::{proto, raw};

/// The gRPC client of one service.
#[derive(Debug)]
pub(super) struct GrpcTransport {
    endpoint: Endpoint,
    payload: GrpcPayload,
    limits: Limits,
    /// Made on first use (a lazy channel needs the runtime, which `Client::new` may lack).
    client: OnceCell<BentoServiceClient<Channel>>,
}

impl GrpcTransport {
    pub(super) fn new(url: &str, payload: GrpcPayload, config: &ClientConfig) -> Result<Self> {
        let endpoint = Endpoint::from_shared(url.to_string())
            .map_err(|e| Error::invalid_argument(format!("invalid gRPC URL {url:?}: {e}")))?
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .tcp_nodelay(true);
        Ok(GrpcTransport {
            endpoint,
            payload,
            limits: config.limits,
            client: OnceCell::new(),
        })
    }

    async fn client(&self) -> BentoServiceClient<Channel> {
        let max = self.limits.max_body_bytes;
        self.client
            .get_or_init(|| async {
                BentoServiceClient::new(self.endpoint.connect_lazy())
                    .max_decoding_message_size(max)
                    .max_encoding_message_size(max)
            })
            .await
            .clone()
    }

    /// The APIs `ServiceMetadata` describes.
    pub(super) async fn apis(&self) -> Result<Arc<[ApiInfo]>, Failure> {
        let md = self
            .client()
            .await
            .service_metadata(ServiceMetadataRequest {})
            .await
            .map_err(status_failure)?
            .into_inner();
        let mut apis = Vec::new();
        for api in md.apis {
            let (Some(input), Some(output)) = (
                descriptor(&api.name, api.input.as_ref()),
                descriptor(&api.name, api.output.as_ref()),
            ) else {
                continue;
            };
            apis.push(ApiInfo {
                name: api.name,
                route: String::new(),
                input,
                output,
                doc: api.docs.unwrap_or_default(),
            });
        }
        Ok(apis.into())
    }

    /// One `Call` of `api` with the (validated) `input`.
    pub(super) async fn call(&self, api: &ApiInfo, input: &DynArray) -> Result<DynArray, Failure> {
        let content = match self.payload {
            GrpcPayload::Ndarray => request::Content::Ndarray(proto::to_message(input)?),
            GrpcPayload::SerializedBytes => {
                request::Content::SerializedBytes(raw::encode(input, input.dtype().order())?.into())
            }
        };
        let resp = self
            .client()
            .await
            .call(Request {
                api_name: api.name.clone(),
                content: Some(content),
            })
            .await
            .map_err(status_failure)?
            .into_inner();
        let out = &api.output;
        let answer = match resp.content {
            Some(response::Content::Ndarray(msg)) => {
                out.from_proto_message_with(&msg, &self.limits)
            }
            Some(response::Content::SerializedBytes(b)) => {
                out.from_serialized_bytes_with(&b, &self.limits)
            }
            _ => Err(Error::internal(
                "the answer carries neither ndarray nor serialized_bytes",
            )),
        };
        Ok(answer.map_err(bad_answer)?)
    }
}

/// The descriptor `ServiceMetadata` gives: its id and its `args` as a `google.protobuf.Struct`
/// (numbers as doubles), read by [`NumpyNdarray::from_spec`]; `None` for another descriptor.
fn descriptor(api: &str, md: Option<&DescriptorMetadata>) -> Option<NumpyNdarray> {
    let md = md?;
    if md.descriptor_id.as_deref() != Some(DESCRIPTOR_ID) {
        return None;
    }
    let mut spec = Map::new();
    spec.insert("id".into(), DESCRIPTOR_ID.into());
    let attributes = md.attributes.as_ref().map(|s| struct_to_json(s, 0));
    match attributes {
        Some(Value::Object(mut a)) => {
            spec.insert("args".into(), a.remove("args").unwrap_or(Value::Object(a)));
        }
        _ => return None,
    }
    match NumpyNdarray::from_spec(&Value::Object(spec)) {
        Ok(d) => Some(d),
        Err(e) => {
            tracing::warn!(api, "descriptor left out: {e}");
            None
        }
    }
}

/// Nesting deeper than this in a `Struct` is cut (a spec is two levels deep).
const MAX_STRUCT_DEPTH: usize = 16;

fn struct_to_json(s: &prost_types::Struct, depth: usize) -> Value {
    Value::Object(
        s.fields
            .iter()
            .map(|(k, v)| (k.clone(), value_to_json(v, depth + 1)))
            .collect(),
    )
}

/// A protobuf `Value` as JSON; a whole double becomes an integer (`ParseDict` wrote the shape's
/// `-1` as `-1.0`).
fn value_to_json(v: &prost_types::Value, depth: usize) -> Value {
    if depth > MAX_STRUCT_DEPTH {
        return Value::Null;
    }
    match &v.kind {
        None | Some(Kind::NullValue(_)) => Value::Null,
        Some(Kind::BoolValue(b)) => Value::Bool(*b),
        Some(Kind::StringValue(s)) => Value::String(s.clone()),
        Some(Kind::NumberValue(n)) => {
            if n.fract() == 0.0 && n.abs() < 9.0e15 {
                Value::from(*n as i64)
            } else {
                serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number)
            }
        }
        Some(Kind::ListValue(l)) => Value::Array(
            l.values
                .iter()
                .map(|v| value_to_json(v, depth + 1))
                .collect(),
        ),
        Some(Kind::StructValue(s)) => struct_to_json(s, depth),
    }
}

/// The failure a gRPC status stands for (see the module docs' table); `UNAVAILABLE` (the
/// connection, or the server shedding) and `RESOURCE_EXHAUSTED` (refused before the model ran)
/// may be retried.
fn status_failure(s: Status) -> Failure {
    let message = s.message().to_string();
    let message = if message.is_empty() {
        format!("gRPC {:?}", s.code())
    } else {
        message
    };
    let error = match s.code() {
        Code::InvalidArgument | Code::OutOfRange => Error::bad_input(message),
        Code::NotFound | Code::Unimplemented => Error::invalid_argument(message),
        Code::FailedPrecondition => Error::unprocessable(message),
        Code::DeadlineExceeded | Code::Cancelled => Error::timeout(message),
        Code::ResourceExhausted => Error::resource_exhausted(message),
        Code::Unavailable => Error::unavailable(message),
        _ => Error::internal(message),
    };
    Failure {
        retryable: matches!(s.code(), Code::Unavailable | Code::ResourceExhausted),
        error,
        retry_after: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn statuses_become_kinds() {
        let f = status_failure(Status::invalid_argument("bad"));
        assert_eq!((f.error.kind(), f.retryable), (ErrorKind::BadInput, false));
        let f = status_failure(Status::failed_precondition("dtype"));
        assert_eq!(f.error.kind(), ErrorKind::Unprocessable);
        let f = status_failure(Status::unavailable(""));
        assert_eq!(
            (f.error.kind(), f.retryable),
            (ErrorKind::Unavailable, true)
        );
        assert_eq!(f.error.message(), "gRPC Unavailable");
        let f = status_failure(Status::resource_exhausted("full"));
        assert_eq!(
            (f.error.kind(), f.retryable),
            (ErrorKind::ResourceExhausted, true)
        );
        let f = status_failure(Status::unknown("boom"));
        assert_eq!((f.error.kind(), f.retryable), (ErrorKind::Internal, false));
    }

    #[test]
    fn metadata_specs_are_read_with_whole_numbers() {
        let n = |v: f64| prost_types::Value {
            kind: Some(Kind::NumberValue(v)),
        };
        let s = |v: &str| prost_types::Value {
            kind: Some(Kind::StringValue(v.into())),
        };
        let args = prost_types::Struct {
            fields: [
                ("dtype".to_string(), s("float32")),
                (
                    "shape".to_string(),
                    prost_types::Value {
                        kind: Some(Kind::ListValue(prost_types::ListValue {
                            values: vec![n(-1.0), n(4.0)],
                        })),
                    },
                ),
            ]
            .into(),
        };
        let md = DescriptorMetadata {
            descriptor_id: Some(DESCRIPTOR_ID.into()),
            attributes: Some(prost_types::Struct {
                fields: [(
                    "args".to_string(),
                    prost_types::Value {
                        kind: Some(Kind::StructValue(args)),
                    },
                )]
                .into(),
            }),
        };
        let d = descriptor("x", Some(&md)).unwrap();
        assert_eq!(d.shape().unwrap().dims(), &[-1, 4]);
        let other = DescriptorMetadata {
            descriptor_id: Some("bentoml.io.Text".into()),
            attributes: None,
        };
        assert!(descriptor("x", Some(&other)).is_none());
        let _ = ErrorKind::Internal;
    }
}
