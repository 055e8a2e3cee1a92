//! Throughput of one transport operation on one workload file, as one JSON line.
//!
//! ```sh
//! cargo run --release --example throughput -- OP FILE --dtype DTYPE --shape D0,D1,... \
//!     [--secs S] [--style reference|compact]
//! ```
//!
//! FILE is read once; OP then runs on it in-process for about S seconds (default 3): a warm-up,
//! then batches of calls (enough calls that a batch takes at least ~10 ms, so a one-row request
//! is timed over many calls and reported per call). `secs_median` / `secs_min` are the median
//! and the fastest batch's time per call.
//!
//! | OP | FILE | one call |
//! |---|---|---|
//! | `json_decode` | a JSON body | `NumpyNdarray::from_json` (decode with the dtype hint + validate, BentoML's `from_http_request`) |
//! | `json_encode` | raw array bytes | `NumpyNdarray::to_json` (validate + encode; `--style compact` for the compact writer) |
//! | `proto_decode` | a serialized `NDArray` | `NumpyNdarray::from_proto` (decode + validate) |
//! | `proto_encode` | raw array bytes | `NumpyNdarray::to_proto` (validate + encode) |
//! | `bytes_decode` | raw array bytes | `NumpyNdarray::from_serialized_bytes` (owned decode + validate) |
//! | `bytes_encode` | raw array bytes | `raw::encode` (little-endian bytes out) |
//! | `oip_json_decode` | an OIP REST request body with JSON `data` (`scripts/oip-anchor.py` writes it) | `oip::decode_request` + the descriptor's `validate` (what `POST /v2/models/{name}/infer` does before the model) |
//! | `oip_binary_decode` | raw array bytes | the same for an OIP REST body with the array as binary tensor data (`Inference-Header-Content-Length`, `binary_data_size`), built from FILE once, untimed |
//! | `arrow_decode` | raw array bytes | `NumpyNdarray::from_arrow_stream` (Arrow IPC stream decode + validate) on the array's stream, made from FILE once, untimed; MB/s over the stream's size (feature `arrow`) |
//! | `arrow_encode` | raw array bytes | `arrow::to_record_batch` + `arrow::to_ipc_stream` of the validated array, `to_arrow_stream`'s work (feature `arrow`) |
//! | `memcpy` | any | copy of FILE into a fresh `Vec`: the machine's yardstick in the same run |
//!
//! The descriptor is `NumpyNdarray(dtype=DTYPE, shape=(D0, D1, ...))`. "Raw array bytes" are the
//! C-order little-endian elements (`arr.tobytes()`, the `W.bin` files); they are decoded once,
//! before timing, into the array the encoders are handed.
//!
//! Output fields: `op`, `file`, `bytes` (FILE's size), `elements`, `iters` (timed calls),
//! `batch` (calls per batch), `batches`, `secs_median`, `secs_min`, `bytes_out` (the encoders'
//! output size), `payload_bytes`, `mb_per_s` = payload_bytes / secs_median / 1e6 and
//! `melem_per_s` = elements / secs_median / 1e6. `payload_bytes` is the wire payload of the op
//! (the input for decoders, the output for encoders, FILE for memcpy): with the reference style
//! it is the size of the canonical `W.json` / `W.pb` / `W.bin` file, which is what the
//! reference's `anchors.py` divides by, so MB/s figures of the two compare directly.
//!
//! A bad argument, an unreadable file or an op the crate refuses is a message on stderr and
//! exit status 2.

use std::hint::black_box;
use std::time::Instant;

use ndarray_descriptor::json::{EncodeOptions, JsonStyle};
use ndarray_descriptor::{ByteOrder, DType, DynArray, Limits, NumpyNdarray, oip, proto, raw};

const USAGE: &str = "usage: throughput OP FILE --dtype DTYPE --shape D0,D1,... [--secs S] \
[--style reference|compact]\n  OP: json_decode json_encode proto_decode proto_encode \
bytes_decode bytes_encode oip_json_decode oip_binary_decode arrow_decode arrow_encode memcpy";

/// A batch of calls lasts at least this long, so the clock's resolution and the loop's own
/// overhead vanish for the one-request workload.
const MIN_BATCH_SECS: f64 = 0.010;
/// At least this many batches, so the median means something even when one call takes longer
/// than the whole time budget.
const MIN_BATCHES: usize = 5;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(line) => println!("{line}"),
        Err(e) => {
            eprintln!("throughput: {e}");
            std::process::exit(2);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    JsonDecode,
    JsonEncode,
    ProtoDecode,
    ProtoEncode,
    BytesDecode,
    BytesEncode,
    OipJsonDecode,
    OipBinaryDecode,
    ArrowDecode,
    ArrowEncode,
    Memcpy,
}

impl Op {
    const ALL: [(&'static str, Op); 11] = [
        ("json_decode", Op::JsonDecode),
        ("json_encode", Op::JsonEncode),
        ("proto_decode", Op::ProtoDecode),
        ("proto_encode", Op::ProtoEncode),
        ("bytes_decode", Op::BytesDecode),
        ("bytes_encode", Op::BytesEncode),
        ("oip_json_decode", Op::OipJsonDecode),
        ("oip_binary_decode", Op::OipBinaryDecode),
        ("arrow_decode", Op::ArrowDecode),
        ("arrow_encode", Op::ArrowEncode),
        ("memcpy", Op::Memcpy),
    ];

    fn parse(s: &str) -> Option<Op> {
        Op::ALL.iter().find(|(n, _)| *n == s).map(|&(_, op)| op)
    }

    fn name(self) -> &'static str {
        Op::ALL
            .iter()
            .find(|(_, op)| *op == self)
            .map_or("?", |&(n, _)| n)
    }

    /// Whether the op times an encoder (its input array made from FILE's raw bytes first).
    fn encodes(self) -> bool {
        matches!(
            self,
            Op::JsonEncode | Op::ProtoEncode | Op::BytesEncode | Op::ArrowEncode
        )
    }

    /// Whether FILE is the array's raw bytes, turned into an array before timing (the
    /// encoders', and `arrow_decode`'s, which times the decoding of that array's IPC stream).
    fn reads_raw(self) -> bool {
        self.encodes() || self == Op::ArrowDecode
    }
}

#[derive(Debug)]
struct Args {
    op: Op,
    file: String,
    dtype: Option<DType>,
    shape: Option<Vec<usize>>,
    secs: f64,
    style: JsonStyle,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut positional = Vec::new();
    let mut dtype = None;
    let mut shape = None;
    let mut secs = 3.0;
    let mut style = JsonStyle::Reference;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        // `--flag value` and `--flag=value` both work.
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if a.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        if !flag.starts_with("--") {
            positional.push(a.clone());
            continue;
        }
        if flag == "--help" || flag == "-h" {
            return Err(USAGE.to_string());
        }
        let value = match inline {
            Some(v) => v,
            None => it
                .next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?,
        };
        match flag {
            "--dtype" => {
                dtype = Some(DType::parse(&value).map_err(|e| format!("--dtype {value}: {e}"))?)
            }
            "--shape" => shape = Some(parse_shape(&value)?),
            "--secs" => {
                secs = value
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && *s >= 0.0)
                    .ok_or_else(|| format!("--secs {value}: not a number of seconds"))?
            }
            "--style" => {
                style = match value.as_str() {
                    "reference" => JsonStyle::Reference,
                    "compact" => JsonStyle::Compact,
                    _ => return Err(format!("--style {value}: reference or compact")),
                }
            }
            _ => return Err(format!("unknown option {flag}\n{USAGE}")),
        }
    }
    let [op, file] = positional.as_slice() else {
        return Err(format!("expected OP and FILE\n{USAGE}"));
    };
    let op = Op::parse(op).ok_or_else(|| format!("unknown OP {op}\n{USAGE}"))?;
    if op != Op::Memcpy && (dtype.is_none() || shape.is_none()) {
        return Err(format!("{} needs --dtype and --shape\n{USAGE}", op.name()));
    }
    if style != JsonStyle::Reference && op != Op::JsonEncode {
        return Err("--style applies to json_encode only".to_string());
    }
    Ok(Args {
        op,
        file: file.clone(),
        dtype,
        shape,
        secs,
        style,
    })
}

/// `1000,784`; `1000` or `1000,` for a 1-d array; an empty string for a 0-d one.
fn parse_shape(s: &str) -> Result<Vec<usize>, String> {
    let s = s.trim().trim_start_matches('(').trim_end_matches(')');
    s.split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            d.parse::<usize>()
                .map_err(|_| format!("--shape: {d:?} is not a dimension"))
        })
        .collect()
}

/// Per-call timing of `f`: a warm-up, then batches until `secs` have passed.
struct Stats {
    batch: usize,
    batches: usize,
    median: f64,
    min: f64,
}

fn measure(secs: f64, mut f: impl FnMut() -> Result<usize, String>) -> Result<Stats, String> {
    // Warm-up: caches, the allocator's free lists and the branch predictors settle; the calls
    // also estimate the time per call for the batch size.
    let warm = (secs * 0.1).clamp(MIN_BATCH_SECS, 0.3);
    let start = Instant::now();
    let mut calls = 0usize;
    while calls < 2 || start.elapsed().as_secs_f64() < warm {
        black_box(f()?);
        calls += 1;
    }
    let per_call = start.elapsed().as_secs_f64() / calls as f64;
    let batch = ((MIN_BATCH_SECS / per_call).ceil() as usize).max(1);

    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < MIN_BATCHES || start.elapsed().as_secs_f64() < secs {
        let t = Instant::now();
        for _ in 0..batch {
            black_box(f()?);
        }
        times.push(t.elapsed().as_secs_f64() / batch as f64);
    }
    times.sort_by(f64::total_cmp);
    let n = times.len();
    let median = if n % 2 == 1 {
        times[n / 2]
    } else {
        (times[n / 2 - 1] + times[n / 2]) / 2.0
    };
    Ok(Stats {
        batch,
        batches: n,
        median,
        min: times[0],
    })
}

/// Run the command line `args` (without the program name) and return the JSON line.
fn run(args: &[String]) -> Result<String, String> {
    let args = parse_args(args)?;
    let data = std::fs::read(&args.file).map_err(|e| format!("{}: {e}", args.file))?;
    bench(&args, &data)
}

fn bench(args: &Args, data: &[u8]) -> Result<String, String> {
    let err = |e: ndarray_descriptor::Error| format!("{}: {e}", args.op.name());
    let elements = args
        .shape
        .as_ref()
        .map_or(data.len(), |s| s.iter().product::<usize>());
    let desc = match (args.dtype, &args.shape) {
        (Some(dtype), Some(shape)) => {
            let dims: Vec<i64> = shape.iter().map(|&d| d as i64).collect();
            Some(
                NumpyNdarray::builder()
                    .dtype(dtype)
                    .shape(dims)
                    .build()
                    .map_err(err)?,
            )
        }
        _ => None,
    };
    // The encoders' input: the raw bytes as the descriptor's array, made once, untimed.
    let mut input: Option<DynArray> = None;
    if args.op.reads_raw()
        && let (Some(dtype), Some(shape)) = (args.dtype, &args.shape)
    {
        let arr = raw::decode(data, dtype, &Limits::default())
            .and_then(|a| a.into_shape(shape))
            .map_err(|e| format!("{}: {e}", args.file))?;
        input = Some(arr);
    }
    let opts = EncodeOptions::new().with_style(args.style);
    let desc = desc.unwrap_or_default();
    // The OIP binary body: a JSON header naming FILE's bytes as one input, then the bytes.
    let oip_body = match (args.op, args.dtype, &args.shape) {
        (Op::OipBinaryDecode, Some(dtype), Some(shape)) => {
            let datatype = oip::Datatype::of(dtype).ok_or("no OIP datatype for this dtype")?;
            let head = serde_json::json!({"inputs": [{"name": "input", "shape": shape,
                "datatype": datatype.as_str(), "parameters": {"binary_data_size": data.len()}}]})
            .to_string();
            Some(([head.as_bytes(), data].concat(), head.len()))
        }
        (Op::OipBinaryDecode, ..) => {
            return Err("oip_binary_decode needs --dtype and --shape".into());
        }
        _ => None,
    };
    // `arrow_decode`'s input: the array's Arrow IPC stream (one record batch), made untimed.
    let arrow_stream = match (args.op, &input) {
        (Op::ArrowDecode, Some(arr)) => Some(arrow_stream(&desc, arr.clone())?),
        (Op::ArrowDecode, None) => return Err("arrow_decode needs --dtype and --shape".into()),
        _ => None,
    };
    let oip_decode = |body: &[u8], header: Option<usize>| -> Result<usize, String> {
        let mut req = oip::decode_request(body, header, &Limits::default()).map_err(err)?;
        let input = req.inputs.pop().ok_or("the request has no input")?;
        Ok(black_box(desc.validate(input.data).map_err(err)?).len())
    };

    let mut bytes_out = None;
    let stats = {
        let mut call = || -> Result<usize, String> {
            Ok(match args.op {
                Op::JsonDecode => black_box(desc.from_json(data).map_err(err)?).len(),
                Op::ProtoDecode => black_box(desc.from_proto(data).map_err(err)?).len(),
                Op::BytesDecode => black_box(desc.from_serialized_bytes(data).map_err(err)?).len(),
                Op::JsonEncode | Op::ProtoEncode | Op::BytesEncode => {
                    // `to_json(arr)` / `to_proto(arr)` take the array by value; validating the
                    // array we own and handing it back spares a clone the reference never makes.
                    let arr = input.take().ok_or("no input array")?;
                    let arr = match args.op {
                        Op::BytesEncode => arr,
                        _ => desc.validate(arr).map_err(err)?,
                    };
                    let out = match args.op {
                        Op::JsonEncode => ndarray_descriptor::json::encode_using(&arr, &opts),
                        Op::ProtoEncode => proto::encode(&arr),
                        _ => raw::encode(&arr, ByteOrder::Little),
                    }
                    .map_err(err)?;
                    input = Some(arr);
                    black_box(out).len()
                }
                Op::OipJsonDecode => oip_decode(data, None)?,
                Op::OipBinaryDecode => {
                    let (body, header) = oip_body.as_ref().ok_or("no OIP body")?;
                    oip_decode(body, Some(*header))?
                }
                Op::ArrowDecode => {
                    let stream = arrow_stream.as_deref().ok_or("no Arrow stream")?;
                    black_box(arrow_decode(&desc, stream)?).len()
                }
                Op::ArrowEncode => {
                    let arr = desc.validate(input.take().ok_or("no input array")?);
                    let arr = arr.map_err(err)?;
                    let out = arrow_encode(&arr)?;
                    input = Some(arr);
                    black_box(out).len()
                }
                Op::Memcpy => black_box(data.to_vec()).len(),
            })
        };
        // One untimed call checks the op works on this input before any timing.
        let n = call()?;
        if args.op.encodes() {
            bytes_out = Some(n);
        } else if args.op != Op::Memcpy && n != elements {
            return Err(format!(
                "{}: decoded {n} elements, the shape says {elements}",
                args.op.name()
            ));
        }
        measure(args.secs, call)?
    };

    let payload = bytes_out
        .or(arrow_stream.as_ref().map(Vec::len))
        .unwrap_or(data.len());
    let num = |x: f64| serde_json::to_string(&x).unwrap_or_else(|_| "null".to_string());
    let text = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "null".to_string());
    let mut line = format!(
        "{{\"op\":{},\"file\":{},\"bytes\":{},\"elements\":{},\"iters\":{},\"batch\":{},\
         \"batches\":{},\"secs_median\":{},\"secs_min\":{}",
        text(args.op.name()),
        text(&args.file),
        data.len(),
        elements,
        stats.batch * stats.batches,
        stats.batch,
        stats.batches,
        num(stats.median),
        num(stats.min),
    );
    if let Some(n) = bytes_out {
        line += &format!(",\"bytes_out\":{n}");
    }
    if args.op == Op::JsonEncode {
        let style = match args.style {
            JsonStyle::Compact => "compact",
            _ => "reference",
        };
        line += &format!(",\"style\":{}", text(style));
    }
    if let Some(dt) = args.dtype {
        line += &format!(",\"dtype\":{}", text(&dt.str()));
    }
    line += &format!(
        ",\"payload_bytes\":{payload},\"mb_per_s\":{},\"melem_per_s\":{}}}",
        num(payload as f64 / stats.median / 1e6),
        num(elements as f64 / stats.median / 1e6),
    );
    Ok(line)
}

/// The Arrow ops need the crate's `arrow` feature (`scripts/compare.sh` builds with it).
#[cfg(feature = "arrow")]
fn arrow_stream(desc: &NumpyNdarray, arr: DynArray) -> Result<Vec<u8>, String> {
    desc.to_arrow_stream(arr)
        .map_err(|e| format!("arrow_decode: {e}"))
}

#[cfg(feature = "arrow")]
fn arrow_decode(desc: &NumpyNdarray, stream: &[u8]) -> Result<DynArray, String> {
    desc.from_arrow_stream(stream)
        .map_err(|e| format!("arrow_decode: {e}"))
}

/// The answer path's work without `to_arrow_stream`'s validate (done by the caller, once).
#[cfg(feature = "arrow")]
fn arrow_encode(arr: &DynArray) -> Result<Vec<u8>, String> {
    use ndarray_descriptor::arrow;
    arrow::to_record_batch(arr)
        .and_then(|b| arrow::to_ipc_stream(&b))
        .map_err(|e| format!("arrow_encode: {e}"))
}

#[cfg(not(feature = "arrow"))]
const NO_ARROW: &str =
    "built without the `arrow` feature: cargo run --release --features arrow --example throughput";

#[cfg(not(feature = "arrow"))]
fn arrow_stream(_: &NumpyNdarray, _: DynArray) -> Result<Vec<u8>, String> {
    Err(NO_ARROW.into())
}

#[cfg(not(feature = "arrow"))]
fn arrow_decode(_: &NumpyNdarray, _: &[u8]) -> Result<DynArray, String> {
    Err(NO_ARROW.into())
}

#[cfg(not(feature = "arrow"))]
fn arrow_encode(_: &DynArray) -> Result<Vec<u8>, String> {
    Err(NO_ARROW.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    fn field(line: &str, key: &str) -> serde_json::Value {
        let v: serde_json::Value = serde_json::from_str(line).expect("one JSON object");
        v[key].clone()
    }

    /// W4-like: one float32 row, every op, a tiny time budget.
    #[test]
    fn every_op_runs_and_reports() {
        let dir = std::env::temp_dir().join(format!("throughput-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let vals = [5.1f32, 3.5, 1.4, 0.2];
        let arr = DynArray::from(ndarray::arr2(&[vals]).into_dyn());
        let bin: Vec<u8> = vals.iter().flat_map(|v| v.to_le_bytes()).collect();
        let oip_json = br#"{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [5.1, 3.5, 1.4, 0.2]}]}"#;
        let files = [
            ("json", ndarray_descriptor::json::encode(&arr).unwrap()),
            ("pb", proto::encode(&arr).unwrap()),
            ("bin", bin),
            ("oip.json", oip_json.to_vec()),
        ];
        for (ext, bytes) in &files {
            std::fs::write(dir.join(format!("w.{ext}")), bytes).unwrap();
        }
        let ops = [
            ("json_decode", "json", ""),
            ("json_encode", "bin", ""),
            ("json_encode", "bin", "--style compact"),
            ("proto_decode", "pb", ""),
            ("proto_encode", "bin", ""),
            ("bytes_decode", "bin", ""),
            ("bytes_encode", "bin", ""),
            ("oip_json_decode", "oip.json", ""),
            ("oip_binary_decode", "bin", ""),
            #[cfg(feature = "arrow")]
            ("arrow_decode", "bin", ""),
            #[cfg(feature = "arrow")]
            ("arrow_encode", "bin", ""),
            ("memcpy", "bin", ""),
        ];
        for (op, ext, extra) in ops {
            let file = dir.join(format!("w.{ext}"));
            let cmd = format!(
                "{op} {} --dtype float32 --shape 1,4 --secs 0.02 {extra}",
                file.display()
            );
            let line = run(&args(&cmd)).unwrap_or_else(|e| panic!("{cmd}: {e}"));
            assert_eq!(field(&line, "op"), op, "{line}");
            assert_eq!(field(&line, "elements"), 4, "{line}");
            assert!(
                field(&line, "secs_median").as_f64().unwrap() > 0.0,
                "{line}"
            );
            assert!(field(&line, "mb_per_s").as_f64().unwrap() > 0.0, "{line}");
            assert!(field(&line, "iters").as_u64().unwrap() >= MIN_BATCHES as u64);
            let out = field(&line, "bytes_out");
            match op {
                "json_encode" if extra.is_empty() => assert_eq!(out, files[0].1.len()),
                "json_encode" => assert_eq!(out, b"[[5.1,3.5,1.4,0.2]]".len()),
                "proto_encode" => assert_eq!(out, files[1].1.len()),
                "bytes_encode" => assert_eq!(out, 16),
                // An IPC stream: schema and record batch messages around the 16 data bytes.
                "arrow_encode" => assert!(out.as_u64().unwrap() > 16, "{line}"),
                _ => assert!(out.is_null(), "{line}"),
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn bad_arguments_are_errors() {
        for cmd in [
            "",
            "json_decode",
            "nope f --dtype float32 --shape 4",
            "json_decode f --shape 4",
            "json_decode f --dtype nope --shape 4",
            "json_decode f --dtype float32 --shape 4,x",
            "json_decode f --dtype float32 --shape 4 --secs -1",
            "json_decode f --dtype float32 --shape 4 --style compact",
            "json_decode f --dtype float32 --shape 4 --bogus 1",
            "json_decode /nonexistent/throughput --dtype float32 --shape 4",
        ] {
            assert!(run(&args(cmd)).is_err(), "{cmd:?} was accepted");
        }
    }

    #[test]
    fn a_refused_input_is_an_error_not_a_timing() {
        let file = std::env::temp_dir().join(format!("throughput-bad-{}", std::process::id()));
        std::fs::write(&file, b"[1.0, ").unwrap();
        let cmd = format!("json_decode {} --dtype float32 --shape 2", file.display());
        let e = run(&args(&cmd)).unwrap_err();
        std::fs::remove_file(&file).unwrap();
        assert!(e.starts_with("json_decode: "), "{e}");
    }

    #[test]
    fn shapes() {
        assert_eq!(parse_shape("1000,784").unwrap(), [1000, 784]);
        assert_eq!(parse_shape("(1000000,)").unwrap(), [1000000]);
        assert_eq!(parse_shape("").unwrap(), Vec::<usize>::new());
        assert!(parse_shape("-1,4").is_err());
    }
}
