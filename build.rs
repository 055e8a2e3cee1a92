//! Generates the Rust types for BentoML's gRPC schema from `proto/`.
//!
//! The `.proto` files are parsed by protox (pure Rust, no `protoc`), and the
//! resulting descriptor set is handed to prost-build. With the `grpc` feature,
//! tonic-prost-build also writes the `BentoService` client and server stubs.
//! Output goes to `OUT_DIR` as `bentoml.grpc.v1.rs` and
//! `bentoml.grpc.v1alpha1.rs`, included by `src/proto/generated.rs`. With the `oip` feature
//! the Open Inference Protocol's `inference` package is compiled too (`inference.rs`, with its
//! `GRPCInferenceService` stubs), included by `src/oip/generated.rs`.

use std::error::Error;

/// Include root: import paths in the `.proto` files are relative to it.
const PROTO_ROOT: &str = "proto";

/// The schemas to compile, one per BentoML API version.
const PROTOS: [&str; 2] = [
    "proto/bentoml/grpc/v1/service.proto",
    "proto/bentoml/grpc/v1alpha1/service.proto",
];

/// The Open Inference Protocol (KServe v2 / Triton) schema, compiled with the `oip` feature.
#[cfg(feature = "oip")]
const OIP_PROTO: &str = "proto/inference/grpc_predict_v2.proto";

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed={PROTO_ROOT}");

    #[cfg_attr(not(feature = "oip"), allow(unused_mut))]
    let mut protos = PROTOS.to_vec();
    #[cfg(feature = "oip")]
    protos.push(OIP_PROTO);
    // `google/protobuf/*.proto` imports resolve to protox's bundled copies.
    let fds = protox::compile(protos, [PROTO_ROOT])?;

    let mut config = prost_build::Config::new();
    // Every `bytes` field (`serialized_bytes`, `File.content`) becomes
    // `bytes::Bytes`, so decoding from a `Bytes` buffer does not copy them.
    config.bytes(["."]);

    // Messages only, or with `grpc` also the tonic client and server stubs
    // for `BentoService`. `build_transport(false)` leaves out the client's
    // `connect()` constructor, so tonic's `codegen` feature is all the crate
    // needs; callers bring their own channel and server.
    #[cfg(feature = "grpc")]
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .build_transport(false)
        .compile_fds_with_config(fds, config)?;
    #[cfg(not(feature = "grpc"))]
    config.compile_fds(fds)?;

    Ok(())
}
