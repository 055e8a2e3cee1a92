//! Call a BentoML-compatible service from the command line with the crate's `client::Client`:
//!
//! ```sh
//! cargo run --example client -- --url http://127.0.0.1:3000 classify '[[5.1, 3.5, 1.4, 0.2]]'
//! cargo run --example client -- --url http://127.0.0.1:3000 --list
//! cargo run --example client -- --url http://127.0.0.1:3001 --transport grpc classify '[[5.1, 3.5, 1.4, 0.2]]'
//! ```
//!
//! The answer array is printed as JSON (`json.dumps(arr.tolist())`); `--list` prints each API
//! with its input and output descriptor specs. `--transport` is `auto` (default), `json`, `npy`,
//! `octet-stream`, `grpc` (an `ndarray` message) or `grpc-bytes` (`serialized_bytes`); for the
//! gRPC ones `--url` is the gRPC endpoint. `--no-validate` sends the array without checking it
//! against the input descriptor first. An error prints its kind and message and exits 1 (2 for
//! bad usage).

use ndarray_descriptor::client::{Client, ClientConfig, GrpcPayload, Transport};
use ndarray_descriptor::json;

const USAGE: &str = "usage: client --url URL [--transport auto|json|npy|octet-stream|grpc|grpc-bytes] \
                     [--no-validate] (--list | API JSON_ARRAY)";

struct Args {
    url: String,
    config: ClientConfig,
    list: bool,
    call: Option<(String, String)>,
}

fn args() -> Result<Args, String> {
    let mut url = None;
    let mut config = ClientConfig::default();
    let mut list = false;
    let mut rest = Vec::new();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--url" => url = it.next(),
            "--list" => list = true,
            "--no-validate" => config = config.with_validate(false),
            "--transport" => {
                let t = match it.next().as_deref() {
                    Some("auto") => Transport::Auto,
                    Some("json") => Transport::Json,
                    Some("npy") => Transport::Npy,
                    Some("octet-stream") => Transport::OctetStream,
                    Some("grpc") => Transport::Grpc(GrpcPayload::Ndarray),
                    Some("grpc-bytes") => Transport::Grpc(GrpcPayload::SerializedBytes),
                    other => return Err(format!("unknown transport {other:?}\n{USAGE}")),
                };
                config = config.with_transport(t);
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            _ => rest.push(a),
        }
    }
    let url = url.ok_or_else(|| format!("--url is required\n{USAGE}"))?;
    let call = match (list, rest.as_slice()) {
        (true, []) => None,
        (false, [api, array]) => Some((api.clone(), array.clone())),
        _ => return Err(USAGE.to_string()),
    };
    Ok(Args {
        url,
        config,
        list,
        call,
    })
}

async fn run(args: Args) -> ndarray_descriptor::Result<()> {
    let client = Client::with_config(&args.url, args.config)?;
    if args.list {
        for api in client.apis().await?.iter() {
            println!(
                "{}\t{}\t{}",
                api.name,
                serde_json::to_string(&api.input.spec()).unwrap_or_default(),
                serde_json::to_string(&api.output.spec()).unwrap_or_default(),
            );
        }
    }
    if let Some((api, array)) = args.call {
        // Read as the API reads JSON: its input dtype is the parse hint.
        let input = client.api(&api).await?.input.dtype();
        let input = json::decode(array.as_bytes(), input, &client.config().limits)?;
        let answer = client.call(&api, input).await?;
        println!("{}", String::from_utf8_lossy(&json::encode(&answer)?));
    }
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args = match args() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(args).await {
        eprintln!("error ({}): {}", e.kind(), e.message());
        std::process::exit(1);
    }
}
