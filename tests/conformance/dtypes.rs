//! dtypes.json: `NumpyNdarray(dtype=spelling)` → the stored dtype, or the error.

use ndarray_descriptor::{DType, ErrorKind};
use serde_json::Value;

use crate::common::{Escaped, Outcome, check_error, is_uncarried_kind};

pub fn run(case: &Value) -> Outcome {
    let spelling = case["spelling"].as_str().ok_or("no spelling")?;
    let got = if case["python_type"].as_bool() == Some(true) {
        DType::from_python_type(spelling)
    } else {
        DType::parse(spelling)
    };
    if case.get("passthrough").is_some() {
        return match got {
            Err(e) if e.kind() == ErrorKind::Unprocessable => Ok(()),
            other => Err(format!(
                "passthrough spelling: expected unprocessable, got {other:?}"
            )),
        };
    }
    if let Some(err) = case.get("error") {
        return match got {
            Err(e) => check_error(err, &e, Escaped::Unprocessable),
            Ok(d) => Err(format!("expected error {}, parsed as {d}", err["message"])),
        };
    }
    let exp = &case["expect"];
    let kind = exp["kind"]
        .as_str()
        .and_then(|k| k.chars().next())
        .unwrap_or('?');
    // numpy's longdouble (`float128`, `<f16`) is a valid dtype the crate does not carry either.
    let longdouble = kind == 'f' && exp["itemsize"].as_u64() == Some(16);
    if is_uncarried_kind(kind) || longdouble {
        return match got {
            Err(e) if e.kind() == ErrorKind::UnsupportedDtype => Ok(()),
            other => Err(format!(
                "kind {kind}: expected unsupported dtype, got {other:?}"
            )),
        };
    }
    let d = got.map_err(|e| {
        format!(
            "expected {}, got error {:?}: {}",
            exp["str"],
            e.kind(),
            e.message()
        )
    })?;
    let checks: [(&str, String); 8] = [
        ("name", d.name()),
        ("str", d.str()),
        ("kind", d.kind().to_string()),
        ("itemsize", d.itemsize().to_string()),
        ("byteorder", d.byteorder().to_string()),
        ("display", d.to_string()),
        ("to_spec_dtype", d.name()),
        (
            "openapi_type",
            (if d.scalar().is_float() {
                "number"
            } else {
                "integer"
            })
            .to_string(),
        ),
    ];
    for (key, value) in checks {
        let want = match &exp[key] {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            other => other.to_string(),
        };
        if want != value {
            return Err(format!("{key}: expected {want:?}, got {value:?}"));
        }
    }
    Ok(())
}
