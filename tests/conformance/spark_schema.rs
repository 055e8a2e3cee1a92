//! spark_schema.json: `NumpyNdarray(...).spark_schema()` → Spark's `StructType.json()` and
//! `simpleString()` text, or BentoML's `InvalidArgument`.

use serde_json::Value;

use crate::common::{Escaped, Outcome, built_descriptor, check_error};

pub fn run(case: &Value) -> Outcome {
    let desc = built_descriptor(case)?;
    let got = desc.spark_schema();
    if let Some(err) = case.get("error") {
        return match got {
            Err(e) => check_error(err, &e, Escaped::BadInput),
            Ok(s) => Err(format!(
                "expected error {}: {}, got schema {}",
                err["class"],
                err["message"],
                s.json()
            )),
        };
    }
    let expect = case
        .get("expect")
        .ok_or("case has neither expect nor error")?;
    let schema =
        got.map_err(|e| format!("expected a schema, got {:?}: {}", e.kind(), e.message()))?;
    for (key, text) in [
        ("schema_json", schema.json()),
        ("simple_string", schema.simple_string()),
    ] {
        if expect[key].as_str() != Some(text.as_str()) {
            return Err(format!("{key}: expected {}, got {text:?}", expect[key]));
        }
    }
    Ok(())
}
