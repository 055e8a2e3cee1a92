//! Wire test of the Arrow transport (feature `arrow`) against pyarrow: round trips of every
//! dtype and shape, big-endian arrays written little-endian, malformed IPC streams refused as
//! bad input (Arrow is behind its feature, so its hostile streams live here rather than in
//! `hostile.rs`), and interop with pyarrow in both directions when a Python with pyarrow is available (`NDARRAY_PYTHON`, else
//! `.venv-ref`, else `python3`); without it the two pyarrow tests print `<test>: skipped (no
//! Python with pyarrow and numpy: ...)`, with how to get one, and pass.
#![cfg(feature = "arrow")]

use std::path::PathBuf;
use std::process::Command;

use half::f16;
use ndarray::{ArrayD, IxDyn};
use ndarray_descriptor::{ByteOrder, DType, DynArray, ErrorKind, NumpyNdarray, arrow};
use serde_json::Value;

fn arr<T>(shape: &[usize], v: Vec<T>) -> DynArray
where
    DynArray: From<ArrayD<T>>,
{
    DynArray::from(ArrayD::from_shape_vec(IxDyn(shape), v).unwrap())
}

/// Arrays of every dtype, 1-D and N-d (the N-d ones use the fixed_shape_tensor extension).
fn samples() -> Vec<(&'static str, DynArray)> {
    vec![
        ("bool", arr(&[3], vec![true, false, true])),
        ("i1", arr(&[2], vec![-128i8, 127])),
        ("i2", arr(&[2], vec![-300i16, 2])),
        ("i4", arr(&[2], vec![i32::MIN, 7])),
        ("i8", arr(&[2], vec![i64::MIN, i64::MAX])),
        ("u1", arr(&[2], vec![0u8, 255])),
        ("u2", arr(&[2], vec![0u16, 65535])),
        ("u4", arr(&[2], vec![0u32, u32::MAX])),
        ("u8", arr(&[2], vec![0u64, u64::MAX])),
        ("f2", arr(&[2], vec![f16::from_f32(1.5), f16::NEG_INFINITY])),
        ("f4", arr(&[3], vec![0.1f32, f32::NAN, -0.0])),
        ("f8", arr(&[2], vec![1e300f64, f64::INFINITY])),
        (
            "str",
            arr(&[3], vec!["a".to_string(), "héllo".into(), "".into()]),
        ),
        ("empty", arr::<f64>(&[0], vec![])),
        ("f8_2d", arr(&[2, 3], vec![0.5f64, 1.0, 1.5, 2.0, 2.5, 3.0])),
        (
            "i2_3d",
            arr(&[2, 3, 2], (0..12).map(|x: i16| x - 6).collect()),
        ),
        ("u1_rows_0", arr::<u8>(&[3, 0], vec![])),
        ("bool_2d", arr(&[1, 2], vec![true, false])),
        (
            "str_2d",
            arr(
                &[2, 2],
                vec!["ab".to_string(), "c".into(), "".into(), "é".into()],
            ),
        ),
    ]
}

#[test]
fn every_dtype_and_shape_round_trips() {
    let desc = NumpyNdarray::new();
    for (name, a) in samples() {
        let batch = desc.to_arrow(&a).unwrap();
        let bytes = arrow::to_ipc_stream(&batch).unwrap();
        let back = desc
            .from_arrow(&arrow::from_ipc_stream(&bytes).unwrap())
            .unwrap();
        let want = if a.ndim() == 1 {
            a.clone().into_shape(&[a.len(), 1]).unwrap()
        } else {
            a.clone()
        };
        assert_eq!(back.shape(), want.shape(), "{name}");
        assert_eq!(back.dtype().scalar(), want.dtype().scalar(), "{name}");
        let same = match (back.as_array::<f32>(), want.as_array::<f32>()) {
            // NaN != NaN; compare floats by bits.
            (Some(x), Some(y)) => x.iter().zip(y).all(|(p, q)| p.to_bits() == q.to_bits()),
            _ => back.data() == want.data(),
        };
        assert!(same, "{name}: {back:?} != {want:?}");
    }
}

#[test]
fn big_endian_goes_out_little_endian() {
    for order in [ByteOrder::Big, ByteOrder::Little] {
        let a = arr(&[2, 2], vec![1.5f64, -2.0, 1e-300, 7.0]).with_byteorder(order);
        let back = arrow::from_record_batch(&arrow::to_record_batch(&a).unwrap()).unwrap();
        assert_eq!(back.dtype(), DType::FLOAT64);
        assert_eq!(back.data(), a.data());
    }
}

#[test]
fn hostile_streams_are_bad_input() {
    let good = arrow::to_ipc_stream(
        &arrow::to_record_batch(&arr(
            &[2, 2],
            vec!["a".to_string(), "b".into(), "c".into(), "".into()],
        ))
        .unwrap(),
    )
    .unwrap();
    // Every truncation and every single-byte overwrite either reads or fails with bad input.
    for cut in 0..good.len() {
        if let Err(e) = arrow::from_ipc_stream(&good[..cut]) {
            assert_eq!(e.kind(), ErrorKind::BadInput, "cut {cut}");
        }
    }
    for i in 0..good.len() {
        for b in [0x00u8, 0x01, 0x7f, 0x80, 0xfe, 0xff] {
            let mut bad = good.clone();
            bad[i] = b;
            let res =
                arrow::from_ipc_stream(&bad).and_then(|batch| arrow::from_record_batch(&batch));
            if let Err(e) = res {
                assert_eq!(e.kind(), ErrorKind::BadInput, "byte {i} = {b:#x}");
            }
        }
    }
    // A claimed body far beyond the bytes present.
    let mut huge = good.clone();
    let meta_len = u32::from_le_bytes(huge[4..8].try_into().unwrap()) as usize;
    let batch_start = 8 + meta_len;
    huge.truncate(batch_start + 16);
    assert_eq!(
        arrow::from_ipc_stream(&huge).unwrap_err().kind(),
        ErrorKind::BadInput
    );
    assert!(arrow::ipc_stream_batches(&[]).is_err());
}

/// A Python with pyarrow and numpy: `$NDARRAY_PYTHON`, else the reference venv `.venv-ref`
/// (scripts/python-clients.sh), else `python3`; `None` (after saying that `test` is skipped, and
/// why) when none has them.
fn pyarrow(test: &str) -> Option<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = std::env::var("NDARRAY_PYTHON").into_iter().chain([
        root.join(".venv-ref/bin/python")
            .to_string_lossy()
            .into_owned(),
        "python3".to_string(),
    ]);
    let found = candidates.into_iter().find(|py| {
        Command::new(py)
            .args(["-c", "import pyarrow, numpy"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        println!(
            "{test}: skipped (no Python with pyarrow and numpy in $NDARRAY_PYTHON, .venv-ref or \
             python3: run scripts/python-clients.sh to set up .venv-ref, or set NDARRAY_PYTHON)"
        );
    }
    found
}

fn run_python(python: &str, script: &str, args: &[&str]) -> String {
    let out = Command::new(python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("ndarray-descriptor-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// pyarrow reads each of our streams: the schema, the values, and for N-d arrays a
/// `FixedShapeTensorArray` whose `to_numpy_ndarray()` is the array we sent.
#[test]
fn pyarrow_reads_our_streams() {
    let Some(python) = pyarrow("pyarrow_reads_our_streams") else {
        return;
    };
    let dir = temp_dir("to-pyarrow");
    let samples = samples();
    for (name, a) in &samples {
        let bytes = arrow::to_ipc_stream(&arrow::to_record_batch(a).unwrap()).unwrap();
        std::fs::write(dir.join(format!("{name}.arrows")), bytes).unwrap();
    }
    const SCRIPT: &str = r#"
import json, math, pathlib, sys
import pyarrow as pa
def enc(x):
    if isinstance(x, float):
        if math.isnan(x): return "NaN"
        if math.isinf(x): return "Infinity" if x > 0 else "-Infinity"
        if x == 0 and math.copysign(1, x) < 0: return "-0.0"
    return x
out = {}
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.arrows")):
    t = pa.ipc.open_stream(p.read_bytes()).read_all()
    col = t.column(0).combine_chunks()
    r = {"schema": str(t.schema).split("\n")[0], "rows": t.num_rows}
    if isinstance(col.type, pa.FixedShapeTensorType):
        r["shape"] = [len(col)] + list(col.type.shape)
        try:
            nd = col.to_numpy_ndarray()
            r["dtype"] = str(nd.dtype)
            r["data"] = [enc(x) for x in nd.ravel().tolist()]
        except pa.ArrowTypeError:
            # pyarrow makes numpy tensors of numeric values only; bool/str stay lists.
            r["data"] = [enc(x) for row in col.storage.to_pylist() for x in row]
    else:
        r["data"] = [enc(x) for x in col.to_pylist()]
    out[p.stem] = r
print(json.dumps(out))
"#;
    let text = run_python(&python, SCRIPT, &[dir.to_str().unwrap()]);
    let seen: Value = serde_json::from_str(&text).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let expect_1d: &[(&str, &str, Value)] = &[
        (
            "bool",
            "output: bool",
            serde_json::json!([true, false, true]),
        ),
        (
            "i8",
            "output: int64",
            serde_json::json!([i64::MIN, i64::MAX]),
        ),
        ("u8", "output: uint64", serde_json::json!([0, u64::MAX])),
        (
            "f2",
            "output: halffloat",
            serde_json::json!([1.5, "-Infinity"]),
        ),
        (
            "f4",
            "output: float",
            serde_json::json!([0.10000000149011612, "NaN", "-0.0"]),
        ),
        (
            "str",
            "output: string",
            serde_json::json!(["a", "héllo", ""]),
        ),
        ("empty", "output: double", serde_json::json!([])),
    ];
    for (name, schema, data) in expect_1d {
        let r = &seen[*name];
        assert_eq!(r["schema"], *schema, "{name}");
        assert_eq!(r["data"], *data, "{name}");
    }
    let r = &seen["i2_3d"];
    assert_eq!(r["rows"], 2);
    assert_eq!(r["shape"], serde_json::json!([2, 3, 2]));
    assert_eq!(r["dtype"], "int16");
    assert_eq!(
        r["data"],
        serde_json::json!((0..12).map(|x| x - 6).collect::<Vec<i32>>())
    );
    let r = &seen["f8_2d"];
    assert_eq!(r["shape"], serde_json::json!([2, 3]));
    assert_eq!(r["data"], serde_json::json!([0.5, 1.0, 1.5, 2.0, 2.5, 3.0]));
    let r = &seen["str_2d"];
    assert_eq!(r["shape"], serde_json::json!([2, 2]));
    assert_eq!(r["data"], serde_json::json!(["ab", "c", "", "é"]));
    let r = &seen["u1_rows_0"];
    assert_eq!(
        (&r["rows"], &r["shape"]),
        (&serde_json::json!(3), &serde_json::json!([3, 0]))
    );
    for (name, _) in &samples {
        assert!(seen.get(*name).is_some(), "pyarrow did not read {name}");
    }
}

/// We read pyarrow's streams: mixed columns with nulls (to_pandas().to_numpy() rules), and
/// pyarrow's own FixedShapeTensorArray.
#[test]
fn we_read_pyarrow_streams() {
    let Some(python) = pyarrow("we_read_pyarrow_streams") else {
        return;
    };
    const SCRIPT: &str = r#"
import pyarrow as pa, numpy as np
def hexs(batch):
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as w:
        w.write_batch(batch)
    return sink.getvalue().to_pybytes().hex()
mixed = pa.record_batch({"a": pa.array([1, None, 3], pa.int32()), "b": pa.array([0.5, 1.5, None], pa.float32())})
t = np.arange(12, dtype=np.float32).reshape(2, 3, 2)
tensor = pa.FixedShapeTensorArray.from_numpy_ndarray(t)
tb = pa.record_batch([tensor], names=["t"])
print(hexs(mixed))
print(hexs(tb))
"#;
    let text = run_python(&python, SCRIPT, &[]);
    let mut lines = text.lines();
    let mut next = || {
        let hex = lines.next().unwrap();
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect::<Vec<u8>>()
    };
    let mixed = arrow::from_record_batch(&arrow::from_ipc_stream(&next()).unwrap()).unwrap();
    // int32 with a null → float64; with float32 → float64.
    assert_eq!(mixed.dtype(), DType::FLOAT64);
    assert_eq!(mixed.shape(), &[3, 2]);
    let v: Vec<f64> = mixed.as_array::<f64>().unwrap().iter().copied().collect();
    assert_eq!([v[0], v[1], v[3], v[4]], [1.0, 0.5, 1.5, 3.0]);
    assert!(v[2].is_nan() && v[5].is_nan());
    let tensor = arrow::from_record_batch(&arrow::from_ipc_stream(&next()).unwrap()).unwrap();
    assert_eq!(tensor, arr(&[2, 3, 2], (0..12).map(|x| x as f32).collect()));
}
