//! Wire test of the `.npy` transport against numpy: every fixture numpy wrote (tests/fixtures/npy, made by
//! make_fixtures.py) decodes to its manifest entry, our encoding of it is `np.save`'s byte for
//! byte where the manifest says so, and numpy loads our encodings back (when a Python with
//! numpy is around: `NDARRAY_PYTHON`, the reference venv `.venv-ref`, or `python3`; without one
//! that test says it is skipped, and how to get one).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use ndarray_descriptor::{DynArray, Limits, npy};
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/npy")
}

fn manifest() -> Vec<Value> {
    let text = std::fs::read_to_string(fixtures().join("manifest.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["cases"].as_array().unwrap().clone()
}

fn load(case: &Value) -> (Vec<u8>, DynArray) {
    let name = case["file"].as_str().unwrap();
    let bytes = std::fs::read(fixtures().join(name)).unwrap();
    let arr = npy::decode(&bytes, &Limits::default())
        .unwrap_or_else(|e| panic!("{name}: {:?}: {}", e.kind(), e.message()));
    (bytes, arr)
}

#[test]
fn fixtures_decode_to_their_manifest() {
    let cases = manifest();
    assert!(cases.len() > 50, "manifest has {} cases", cases.len());
    let mut versions = std::collections::BTreeSet::new();
    let mut fortran = 0;
    for case in &cases {
        let (_, arr) = load(case);
        versions.insert(case["version"].as_str().unwrap().to_string());
        fortran += usize::from(case["fortran_order"].as_bool() == Some(true));
        if let Err(why) = common::check_array(&case["expect"], &arr) {
            panic!("{}: {why}", case["file"]);
        }
    }
    assert_eq!(versions.len(), 3, "versions covered: {versions:?}");
    assert!(fortran > 10, "only {fortran} Fortran-order fixtures");
}

#[test]
fn encoding_is_np_save_byte_for_byte() {
    let mut compared = 0;
    for case in manifest() {
        let (bytes, arr) = load(&case);
        let ours = npy::encode(&arr).unwrap();
        if case["np_save_bytes"].as_bool() == Some(true) {
            assert_eq!(ours, bytes, "{}", case["file"]);
            compared += 1;
        }
        let back = npy::decode(&ours, &Limits::default()).unwrap();
        assert_eq!(back.dtype(), arr.dtype());
        assert_eq!(back.shape(), arr.shape());
        assert!(common::same_elements(&back, &arr), "{}", case["file"]);
    }
    assert!(compared > 30, "only {compared} byte-for-byte comparisons");
}

/// `$NDARRAY_PYTHON`, else the reference venv (scripts/python-clients.sh), else `python3`: the
/// first that imports numpy.
fn python_with_numpy() -> Option<String> {
    let mut candidates: Vec<String> = Vec::new();
    if let Ok(p) = std::env::var("NDARRAY_PYTHON") {
        candidates.push(p);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-ref/bin/python");
    candidates.push(venv.to_string_lossy().into_owned());
    candidates.push("python3".into());
    candidates.into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import numpy"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// numpy.load each of our encodings and compare it with numpy.load of the fixture: same dtype,
/// same shape, same bytes in C order.
#[test]
fn numpy_loads_our_encodings() {
    let Some(python) = python_with_numpy() else {
        println!(
            "numpy_loads_our_encodings: skipped (no Python with numpy in $NDARRAY_PYTHON, \
             .venv-ref or python3: run scripts/python-clients.sh to set up .venv-ref, or set \
             NDARRAY_PYTHON)"
        );
        return;
    };
    let dir = std::env::temp_dir().join(format!("ndarray-descriptor-npy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut names = Vec::new();
    for case in manifest() {
        let (_, arr) = load(&case);
        let name = case["file"].as_str().unwrap().to_string();
        std::fs::write(dir.join(&name), npy::encode(&arr).unwrap()).unwrap();
        names.push(name);
    }
    let script = r#"
import sys, os, numpy as np
ours, theirs = sys.argv[1], sys.argv[2]
bad = 0
names = sys.argv[3:]
for n in names:
    a = np.load(os.path.join(ours, n))
    b = np.load(os.path.join(theirs, n))
    if a.dtype != b.dtype or a.shape != b.shape or a.tobytes() != np.ascontiguousarray(b).tobytes():
        bad += 1
        print("MISMATCH", n, a.dtype, a.shape, b.dtype, b.shape)
print(f"numpy loaded {len(names) - bad} of {len(names)}")
sys.exit(1 if bad else 0)
"#;
    let out = Command::new(&python)
        .arg("-c")
        .arg(script)
        .arg(&dir)
        .arg(fixtures())
        .args(&names)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "numpy.load disagreed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Cutting a valid file anywhere gives an error, never a panic or a wrong array.
#[test]
fn truncations_fail_cleanly() {
    for case in manifest().iter().take(20) {
        let (bytes, _) = load(case);
        for cut in 0..bytes.len() {
            let r = npy::decode(&bytes[..cut], &Limits::default());
            if let Ok(a) = &r {
                // Only zero-size arrays need no data bytes.
                assert!(a.is_empty(), "{} cut at {cut} decoded", case["file"]);
            }
        }
    }
}

/// `from_npy` runs the descriptor's validation after decoding, like every other transport.
#[test]
fn from_npy_validates() {
    use ndarray::{ArrayD, IxDyn};
    use ndarray_descriptor::{ErrorKind, NumpyNdarray};
    let arr = DynArray::from(ArrayD::from_shape_vec(IxDyn(&[4]), vec![1i32, 2, 3, 4]).unwrap());
    let bytes = npy::encode(&arr).unwrap();
    let desc = NumpyNdarray::builder()
        .dtype_str("int64")
        .shape([-1, 2])
        .build()
        .unwrap();
    let got = desc.from_npy(&bytes).unwrap();
    assert_eq!(got.dtype().str(), "<i8");
    assert_eq!(got.shape(), &[2, 2]);
    let strict = NumpyNdarray::builder()
        .shape([3])
        .enforce_shape(true)
        .build()
        .unwrap();
    assert_eq!(
        strict.from_npy(&bytes).unwrap_err().kind(),
        ErrorKind::BadInput
    );
}

/// Every byte of a header replaced by a handful of hostile values: an error or an array whose
/// size matches the data present, never a panic.
#[test]
fn mutated_headers_fail_cleanly() {
    let case = &manifest()[0];
    let (bytes, _) = load(case);
    let header_end = 10 + usize::from(u16::from_le_bytes([bytes[8], bytes[9]]));
    let mut decoded = 0;
    for pos in 0..header_end {
        for b in [
            b'(', b')', b'\'', b',', b'-', b'9', b'{', b'}', b'\\', 0x00, 0xff, b'L',
        ] {
            let mut m = bytes.clone();
            m[pos] = b;
            if let Ok(a) = npy::decode(&m, &Limits::default()) {
                decoded += 1;
                assert!(a.len() * a.dtype().itemsize() <= m.len() - header_end);
            }
        }
    }
    assert!(
        decoded > 0,
        "no mutation decoded at all (padding bytes should)"
    );
}

/// Every dtype in both byte orders, over 0-d, empty and n-d shapes: encode then decode gives
/// the array back.
#[test]
fn every_dtype_and_shape_round_trips() {
    use ndarray_descriptor::{ByteOrder, DType, ScalarType, raw};
    let shapes: [&[usize]; 5] = [&[], &[0], &[5], &[2, 0, 4], &[2, 3, 4]];
    for scalar in ScalarType::ALL {
        for order in [ByteOrder::Little, ByteOrder::Big] {
            for shape in shapes {
                let n: usize = shape.iter().product();
                let dtype = DType::new(scalar, order, 2);
                // Build the elements from a raw payload of the right size.
                let bytes: Vec<u8> = (0..n * dtype.itemsize())
                    .map(|i| match scalar {
                        // The low byte of each UCS-4 unit: first in `<`, last in `>`.
                        ScalarType::Str
                            if i % 4 == if order == ByteOrder::Little { 0 } else { 3 } =>
                        {
                            b'a' + (i % 26) as u8
                        }
                        ScalarType::Str => 0,
                        _ => (i * 31 % 251) as u8,
                    })
                    .collect();
                let flat = raw::decode(&bytes, dtype, &Limits::default()).unwrap();
                let arr = flat.into_shape(shape).unwrap();
                let back = npy::decode(&npy::encode(&arr).unwrap(), &Limits::default()).unwrap();
                assert_eq!(back.dtype(), arr.dtype(), "{dtype} {shape:?}");
                assert_eq!(back.shape(), shape);
                assert!(common::same_elements(&back, &arr), "{dtype} {shape:?}");
            }
        }
    }
}
