//! Serving test of the generated gRPC stubs (feature `grpc`): the service name is BentoML's,
//! and the generated tonic client talks to the generated server in-process (the server is a
//! tower `Service`, which the client accepts as its channel), so the stubs, the prost codec
//! and the gRPC framing are all exercised without sockets or an async runtime.
#![cfg(feature = "grpc")]

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use ndarray_descriptor::proto::v1;
use v1::bento_service_client::BentoServiceClient;
use v1::bento_service_server::{BentoService, BentoServiceServer, SERVICE_NAME};

/// Everything here is in memory and ready at once, so polling with a no-op
/// waker completes; give up instead of spinning if it ever does not.
fn block_on<F: Future>(fut: F) -> F::Output {
    let mut fut = pin!(fut);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..10_000 {
        if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
    }
    panic!("future stayed pending without a runtime");
}

/// Doubles float arrays; echoes serialized bytes.
struct Doubler;

#[tonic::async_trait]
impl BentoService for Doubler {
    async fn call(
        &self,
        request: tonic::Request<v1::Request>,
    ) -> Result<tonic::Response<v1::Response>, tonic::Status> {
        use v1::request::Content as In;
        use v1::response::Content as Out;
        let req = request.into_inner();
        if req.api_name != "double" {
            return Err(tonic::Status::not_found(req.api_name));
        }
        let content = match req.content {
            Some(In::Ndarray(mut a)) => {
                a.float_values.iter_mut().for_each(|v| *v *= 2.0);
                Out::Ndarray(a)
            }
            Some(In::SerializedBytes(b)) => Out::SerializedBytes(b),
            _ => return Err(tonic::Status::invalid_argument("unsupported content")),
        };
        Ok(tonic::Response::new(v1::Response {
            content: Some(content),
        }))
    }

    async fn service_metadata(
        &self,
        _request: tonic::Request<v1::ServiceMetadataRequest>,
    ) -> Result<tonic::Response<v1::ServiceMetadataResponse>, tonic::Status> {
        Ok(tonic::Response::new(v1::ServiceMetadataResponse {
            name: "doubler".into(),
            apis: vec![v1::service_metadata_response::InferenceApi {
                name: "double".into(),
                ..Default::default()
            }],
            docs: String::new(),
        }))
    }
}

#[test]
fn service_name_matches_bentoml() {
    assert_eq!(SERVICE_NAME, "bentoml.grpc.v1.BentoService");
    assert_eq!(
        ndarray_descriptor::proto::v1alpha1::bento_service_server::SERVICE_NAME,
        "bentoml.grpc.v1alpha1.BentoService"
    );
}

#[test]
fn client_calls_server_in_process() {
    let mut client = BentoServiceClient::new(BentoServiceServer::new(Doubler));

    let array = v1::NdArray {
        dtype: v1::nd_array::DType::DtypeFloat as i32,
        shape: vec![2],
        float_values: vec![1.0, 2.5],
        ..Default::default()
    };
    let request = v1::Request {
        api_name: "double".into(),
        content: Some(v1::request::Content::Ndarray(array)),
    };
    let response = block_on(client.call(request)).unwrap().into_inner();
    let Some(v1::response::Content::Ndarray(out)) = response.content else {
        panic!("expected ndarray, got {response:?}");
    };
    assert_eq!(out.float_values, [2.0, 5.0]);
    assert_eq!(out.shape, [2]);

    let request = v1::Request {
        api_name: "double".into(),
        content: Some(v1::request::Content::SerializedBytes(Bytes::from_static(
            b"\x00\x01",
        ))),
    };
    let response = block_on(client.call(request)).unwrap().into_inner();
    assert_eq!(
        response.content,
        Some(v1::response::Content::SerializedBytes(Bytes::from_static(
            b"\x00\x01"
        )))
    );

    let status = block_on(client.call(v1::Request::default())).unwrap_err();
    assert_eq!(status.code(), tonic::Code::NotFound);

    let meta = block_on(client.service_metadata(v1::ServiceMetadataRequest {}))
        .unwrap()
        .into_inner();
    assert_eq!(meta.name, "doubler");
    assert_eq!(meta.apis[0].name, "double");
}
