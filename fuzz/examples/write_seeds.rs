//! Write the seed corpora `fuzz/corpus/<target>/` from the golden vectors, so fuzzing starts
//! from inputs the reference actually produced or rejected.
//!
//! ```sh
//! cargo run --manifest-path fuzz/Cargo.toml --example write_seeds -- [CONFORMANCE_DIR]
//! ```
//!
//! The directory defaults to `$NDARRAY_CONFORMANCE_DIR`, else the vectors committed with the
//! crate in `tests/conformance/vectors/`. `.npy` seeds come from `tests/fixtures/npy/`. Each
//! seed is named by a hash of its bytes, so re-running adds nothing twice; at most
//! [`PER_TARGET`] seeds per target keeps the committed corpus small (libFuzzer grows its own
//! from there).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use ndarray_descriptor::DType;
use ndarray_descriptor_fuzz::harness::{SHAPES, dtype_selector};
use serde_json::Value;

/// Cap on seeds written per target.
const PER_TARGET: usize = 400;

fn hex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

fn cases(dir: &Path, file: &str) -> Vec<Value> {
    let Ok(text) = fs::read(dir.join(file)) else {
        eprintln!("write_seeds: no {file} in {}", dir.display());
        return Vec::new();
    };
    let v: Value = serde_json::from_slice(&text).expect("vector files are JSON");
    v["cases"].as_array().cloned().unwrap_or_default()
}

/// The list under `key` in the JSON file `dir/file` (empty, with a note, when it is missing).
fn cases_under(dir: &Path, file: &str, key: &str) -> Vec<Value> {
    let Ok(text) = fs::read(dir.join(file)) else {
        eprintln!("write_seeds: no {file} in {}", dir.display());
        return Vec::new();
    };
    let v: Value = serde_json::from_slice(&text).expect("fixture files are JSON");
    v[key].as_array().cloned().unwrap_or_default()
}

/// The (dtype, shape/flags) selector bytes for a vector's descriptor; `None` when the harness
/// tables cannot express it.
fn selectors(desc: &Value) -> Option<[u8; 2]> {
    let dsel = match desc["dtype"].as_str() {
        None => 0,
        Some(s) => match dtype_selector(Some(DType::parse(s).ok()?)) {
            0 => return None,
            n => n,
        },
    };
    let shape: Option<Vec<i64>> = match &desc["shape"] {
        Value::Null => None,
        v => Some(
            v.as_array()?
                .iter()
                .map(Value::as_i64)
                .collect::<Option<_>>()?,
        ),
    };
    let ssel = SHAPES
        .iter()
        .position(|s| s.map(<[i64]>::to_vec) == shape)? as u8;
    let flags = if desc["enforce_dtype"] == true {
        0x10
    } else {
        0
    } | if desc["enforce_shape"] == true {
        0x20
    } else {
        0
    };
    Some([dsel, ssel | flags])
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("NDARRAY_CONFORMANCE_DIR").map(PathBuf::from))
        .unwrap_or_else(|| root.join("../tests/conformance/vectors"));
    let mut seeds: BTreeMap<&str, Vec<Vec<u8>>> = BTreeMap::new();

    for c in cases(&dir, "json_decode.json") {
        let body = match (&c["body"], &c["body_hex"]) {
            (Value::String(s), _) => s.clone().into_bytes(),
            (_, Value::String(h)) => match hex(h) {
                Some(b) => b,
                None => continue,
            },
            _ => continue,
        };
        if let Some(sel) = selectors(&c["descriptor"]) {
            seeds
                .entry("json")
                .or_default()
                .push([&sel[..], &body].concat());
        }
    }
    for c in cases(&dir, "json_encode.json") {
        // The reference's response bodies are request bodies too.
        if let Some(body) = c["expect"]["body"].as_str() {
            seeds
                .entry("json")
                .or_default()
                .push([&[0, 0][..], body.as_bytes()].concat());
        }
    }
    for file in ["proto_decode.json", "proto_encode.json"] {
        for c in cases(&dir, file) {
            for key in ["message_hex", "expect_hex"] {
                if let Some(m) = c[key].as_str().and_then(hex) {
                    seeds.entry("proto").or_default().push(m);
                }
            }
            if let Some(m) = c["expect"]["message_hex"].as_str().and_then(hex) {
                seeds.entry("proto").or_default().push(m);
            }
        }
    }
    for c in cases(&dir, "bytes_decode.json") {
        let (Some(dt), Some(bytes)) = (
            c["descriptor"]["dtype"]
                .as_str()
                .and_then(|s| DType::parse(s).ok()),
            c["bytes_hex"].as_str().and_then(hex),
        ) else {
            continue;
        };
        let sel = dtype_selector(Some(dt));
        if sel != 0 {
            seeds
                .entry("raw")
                .or_default()
                .push([&[sel][..], &bytes].concat());
        }
    }
    for c in cases(&dir, "spec_openapi.json") {
        for v in [&c["spec"], &c["expect"]["to_spec"]] {
            if !v.is_null() {
                let text = serde_json::to_vec(v).expect("a Value serialises");
                seeds.entry("spec").or_default().push(text);
            }
        }
    }
    // The current-style bodies BentoML's own request model was run on.
    let current = root.join("../tests/fixtures/bentoml_current");
    for c in cases_under(&current, "tensor_cases.json", "input_cases") {
        let desc = serde_json::json!({"dtype": c["dtype"], "shape": c["shape"]});
        if let (Some(sel), Some(body)) = (selectors(&desc), c["body"].as_str()) {
            seeds
                .entry("tensors")
                .or_default()
                .push([&sel[..], body.as_bytes()].concat());
        }
    }
    if let Ok(entries) = fs::read_dir(root.join("../tests/fixtures/npy")) {
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.extension().is_some_and(|e| e == "npy")
                && let Ok(b) = fs::read(&p)
            {
                seeds.entry("npy").or_default().push(b);
            }
        }
    }

    for (target, mut list) in seeds {
        list.sort();
        list.dedup();
        // Spread the cap over the whole list rather than keeping its first entries.
        let step = list.len().div_ceil(PER_TARGET).max(1);
        let out = root.join("corpus").join(target);
        fs::create_dir_all(&out).expect("create the corpus directory");
        let mut n = 0;
        for seed in list.iter().step_by(step) {
            let name = format!("{:016x}", fnv1a(seed));
            fs::write(out.join(name), seed).expect("write a seed");
            n += 1;
        }
        println!("{target}: {n} seeds of {} candidates", list.len());
    }
}

/// FNV-1a, 64-bit: a stable file name per seed.
fn fnv1a(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf2_9ce4_8422_2325, |h, &c| {
        (h ^ u64::from(c)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
