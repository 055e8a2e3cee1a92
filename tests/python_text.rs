//! `astype` from a `str` array against numpy: every string of
//! `tests/fixtures/python/astype.json` (written by `gen_text_cases.py` there with numpy 2.4.6)
//! cast to every integer and float dtype and to bool, giving numpy's value (floats bit for
//! bit) or numpy's message (a row carries numpy's repr of its element, which the messages
//! quote as `{s}`).

use ndarray::{ArrayD, IxDyn};
use ndarray_descriptor::{ArrayData, DType, DynArray, astype};
use serde_json::Value;

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
        ArrayData::Str(x) => one(x).into(),
        // `ArrayData` may gain variants; none comes out of these casts.
        #[allow(unreachable_patterns)]
        _ => Value::Null,
    }
}

#[test]
fn astype_from_str_matches_numpy() {
    let table: Value =
        serde_json::from_str(include_str!("fixtures/python/astype.json")).expect("fixture JSON");
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
        let src =
            DynArray::from(ArrayD::from_shape_vec(IxDyn(&[1]), vec![s.to_string()]).expect("1-d"));
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
    for f in failures.iter().take(40) {
        println!("MISMATCH {}", f.chars().take(400).collect::<String>());
    }
    assert!(
        failures.is_empty(),
        "astype from str: {} of {total} differ from numpy",
        failures.len()
    );
}
