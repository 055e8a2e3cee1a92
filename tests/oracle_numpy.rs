//! Oracle tests: the crate against tables numpy itself wrote, row by row, every mismatch
//! reported (the first 40 printed) before the test fails.
//!
//! * `tests/fixtures/numpy/` (written by `make_fixtures.py` there with numpy 2.4.6 on x86-64
//!   Linux, the conformance reference):
//!   - every spelling in `dtype_spellings.json` gets numpy's accept/reject decision, and numpy's
//!     TypeError message where numpy raises one;
//!   - `astype.json`: `arr.astype(to)` gives numpy's dtype and values (floats bit for bit);
//!   - `can_cast.json`: `can_cast` agrees for all five rules on every pair.
//! * `tests/fixtures/python/astype.json` (written by `gen_text_cases.py` there with numpy
//!   2.4.6): `astype` from a `str` array, every string cast to every integer and float dtype
//!   and to bool, gives numpy's value (floats bit for bit) or numpy's message (a row carries
//!   numpy's repr of its element, which the messages quote as `{s}`).
//!
//! The other CPython tables in `tests/fixtures/python/` are checked by the unit tests of
//! `src/python/`.

mod common;

use std::path::PathBuf;

use half::f16;
use ndarray::{ArrayD, IxDyn};
use ndarray_descriptor::{
    ArrayData, Casting, DType, DynArray, ErrorKind, ScalarType, astype, can_cast,
};
use serde_json::Value;

use common::same_elements;

/// A JSON table under `tests/fixtures/` (`numpy/astype.json`, `python/astype.json`).
fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Print the first 40 mismatches and fail if there is any.
fn report(what: &str, total: usize, failures: &[String]) {
    for f in failures.iter().take(40) {
        println!("MISMATCH {}", f.chars().take(600).collect::<String>());
    }
    assert!(
        failures.is_empty(),
        "{what}: {} of {total} differ from numpy",
        failures.len()
    );
}

#[test]
fn dtype_spellings_match_numpy() {
    let cases = fixture("numpy/dtype_spellings.json");
    let cases = cases.as_array().expect("a list");
    let mut failures = Vec::new();
    for c in cases {
        let (s, outcome, detail) = (
            c[0].as_str().unwrap_or_default(),
            c[1].as_str().unwrap_or_default(),
            c[2].as_str().unwrap_or_default(),
        );
        let got = DType::parse(s);
        let ok = match (outcome, &got) {
            ("ok", Ok(d)) => d.str() == detail,
            ("unsupported", Err(e)) => e.kind() == ErrorKind::UnsupportedDtype,
            ("type", Err(e)) => {
                e.kind() == ErrorKind::Unprocessable
                    && e.message() == format!("Invalid dtype \"{s}\": {detail}")
            }
            ("value", Err(e)) => e.kind() == ErrorKind::Unprocessable,
            _ => false,
        };
        if !ok {
            let got = got
                .map(|d| d.str())
                .map_err(|e| (e.kind(), e.message().to_string()));
            failures.push(format!("{s:?}: numpy {outcome} {detail:?}, crate {got:?}"));
        }
    }
    report("dtype spellings", cases.len(), &failures);
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex"))
        .collect()
}

fn vec1<T>(v: Vec<T>) -> ArrayD<T> {
    let n = v.len();
    ArrayD::from_shape_vec(IxDyn(&[n]), v).expect("1-d")
}

/// A fixture array: `{"dtype": str, "hex": little-endian bytes}` or `{"dtype", "strs"}`.
fn array(v: &Value) -> DynArray {
    let dt = DType::parse(v["dtype"].as_str().expect("dtype")).expect("carried dtype");
    let data = if let Some(strs) = v["strs"].as_array() {
        ArrayData::Str(
            vec1::<String>(
                strs.iter()
                    .map(|s| s.as_str().unwrap_or_default().to_string())
                    .collect(),
            )
            .into(),
        )
    } else {
        let b = hex(v["hex"].as_str().expect("hex"));
        macro_rules! le {
            ($t:ty, $variant:ident) => {
                ArrayData::$variant(vec1(
                    b.chunks_exact(size_of::<$t>())
                        .map(|c| <$t>::from_le_bytes(c.try_into().expect("chunk")))
                        .collect(),
                ))
            };
        }
        match dt.scalar() {
            ScalarType::Bool => ArrayData::Bool(vec1(b.iter().map(|&x| x != 0).collect())),
            ScalarType::Int8 => le!(i8, Int8),
            ScalarType::Int16 => le!(i16, Int16),
            ScalarType::Int32 => le!(i32, Int32),
            ScalarType::Int64 => le!(i64, Int64),
            ScalarType::UInt8 => le!(u8, UInt8),
            ScalarType::UInt16 => le!(u16, UInt16),
            ScalarType::UInt32 => le!(u32, UInt32),
            ScalarType::UInt64 => le!(u64, UInt64),
            ScalarType::Float16 => le!(f16, Float16),
            ScalarType::Float32 => le!(f32, Float32),
            ScalarType::Float64 => le!(f64, Float64),
            ScalarType::Str => unreachable!("strings come as a list"),
            other => panic!("no oracle reader for scalar type {other:?}"),
        }
    };
    DynArray::with_dtype(data, dt)
        .expect("matching data")
        .with_byteorder(dt.order())
}

#[test]
fn astype_matches_numpy() {
    let cases = fixture("numpy/astype.json");
    let cases = cases.as_array().expect("a list");
    let mut failures = Vec::new();
    for c in cases {
        let src = array(&c["src"]);
        let to = DType::parse(c["to"].as_str().expect("to")).expect("carried target");
        let got = astype(&src, to);
        let ok = match (c.get("err"), &got) {
            (Some(_), Err(e)) => e.kind() == ErrorKind::BadInput,
            (None, Ok(g)) => {
                let want = array(&c["out"]);
                g.dtype().str() == want.dtype().str() && same_elements(g, &want)
            }
            _ => false,
        };
        if !ok {
            let got = got.map(|g| (g.dtype().str(), g.data().clone()));
            failures.push(format!(
                "{} {:?} -> {}: numpy {}, crate {got:?}",
                src.dtype().str(),
                src.data(),
                c["to"],
                c.get("err").unwrap_or(&c["out"])
            ));
        }
    }
    report("astype", cases.len(), &failures);
}

#[test]
fn can_cast_matches_numpy() {
    let cases = fixture("numpy/can_cast.json");
    let cases = cases.as_array().expect("a list");
    let rules = [
        Casting::No,
        Casting::Equiv,
        Casting::Safe,
        Casting::SameKind,
        Casting::Unsafe,
    ];
    let mut failures = Vec::new();
    for c in cases {
        let from = DType::parse(c[0].as_str().unwrap_or_default()).expect("carried");
        let to = DType::parse(c[1].as_str().unwrap_or_default()).expect("carried");
        for (i, rule) in rules.into_iter().enumerate() {
            if Some(can_cast(from, to, rule)) != c[2 + i].as_bool() {
                failures.push(format!("{from} -> {to} casting={rule}: numpy {}", c[2 + i]));
            }
        }
    }
    report("can_cast", cases.len(), &failures);
}

/// The single element of a cast result as the fixture spells it.
fn element(a: &DynArray) -> Value {
    fn one<T: Clone>(a: &ArrayD<T>) -> T {
        a.iter().next().cloned().expect("one element")
    }
    match a.data() {
        ArrayData::Bool(x) => Value::Bool(one(x)),
        ArrayData::Int8(x) => one(x).to_string().into(),
        ArrayData::Int16(x) => one(x).to_string().into(),
        ArrayData::Int32(x) => one(x).to_string().into(),
        ArrayData::Int64(x) => one(x).to_string().into(),
        ArrayData::UInt8(x) => one(x).to_string().into(),
        ArrayData::UInt16(x) => one(x).to_string().into(),
        ArrayData::UInt32(x) => one(x).to_string().into(),
        ArrayData::UInt64(x) => one(x).to_string().into(),
        ArrayData::Float16(x) => format!("{:x}", one(x).to_bits()).into(),
        ArrayData::Float32(x) => format!("{:x}", one(x).to_bits()).into(),
        ArrayData::Float64(x) => format!("{:x}", one(x).to_bits()).into(),
        ArrayData::Str(x) => x.get(0).expect("one element").into(),
        // `ArrayData` may gain variants; none comes out of these casts.
        #[allow(unreachable_patterns)]
        _ => Value::Null,
    }
}

#[test]
fn astype_from_str_matches_numpy() {
    let table = fixture("python/astype.json");
    let rows = table.as_array().expect("rows");
    let targets: Vec<DType> = rows[0]
        .as_array()
        .expect("dtype names")
        .iter()
        .map(|t| DType::parse(t.as_str().expect("name")).expect("carried dtype"))
        .collect();
    let mut failures = Vec::new();
    let mut total = 0;
    for row in &rows[1..] {
        let s = row[0].as_str().expect("input");
        let src = DynArray::from(vec1(vec![s.to_string()]));
        for (to, want) in targets.iter().zip(row[2].as_array().expect("results")) {
            total += 1;
            let got = astype(&src, *to);
            let ok = match (&got, want.get("ok"), want.get("err")) {
                (Ok(a), Some(v), _) => element(a) == *v,
                (Err(e), _, Some(err)) => {
                    let whole = row[1].as_str().expect("numpy's repr");
                    let msg = err[1].as_str().expect("message").replace("{s}", whole);
                    e.message() == msg
                }
                _ => false,
            };
            if !ok {
                let got = got
                    .map(|a| element(&a))
                    .map_err(|e| e.message().to_string());
                failures.push(format!(
                    "{s:?} -> {}: crate {got:?}, numpy {want}",
                    to.str()
                ));
            }
        }
    }
    report("astype from str", total, &failures);
}
