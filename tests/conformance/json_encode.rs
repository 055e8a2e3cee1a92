//! json_encode.json: `NumpyNdarray(...).to_http_response(input)` → the body, its headers and the
//! validated array, or BentoML's error.

use ndarray_descriptor::MIME_TYPE;
use serde_json::Value;

use crate::common::{Escaped, Outcome, built_descriptor, check_array, check_error, vec_array};

pub fn run(case: &Value) -> Outcome {
    let desc = built_descriptor(case)?;
    let input = vec_array(&case["input"])?;
    let got = desc.to_json(input.clone());
    if let Some(err) = case.get("error") {
        return match got {
            Err(e) => check_error(err, &e, Escaped::BadInput),
            Ok(body) => Err(format!(
                "expected error {}: {}, got body {}",
                err["class"],
                err["message"],
                String::from_utf8_lossy(&body)
            )),
        };
    }
    let expect = case
        .get("expect")
        .ok_or("case has neither expect nor error")?;
    let body = got.map_err(|e| format!("expected a body, got {:?}: {}", e.kind(), e.message()))?;
    let want = expect["body"].as_str().ok_or("expect without body")?;
    if body != want.as_bytes() {
        return Err(format!(
            "body differs:\n  expected {want}\n  got      {}",
            String::from_utf8_lossy(&body)
        ));
    }
    // What starlette's JSONResponse would send with this body.
    let headers = serde_json::json!([
        ["content-length", body.len().to_string()],
        ["content-type", MIME_TYPE],
    ]);
    if expect["headers"] != headers {
        return Err(format!(
            "headers: expected {}, got {headers}",
            expect["headers"]
        ));
    }
    if expect["status_code"] != 200 || expect["media_type"] != MIME_TYPE {
        return Err(format!(
            "expected status {} and media type {}, the crate answers 200 {MIME_TYPE}",
            expect["status_code"], expect["media_type"]
        ));
    }
    let validated = desc
        .validate(input)
        .map_err(|e| format!("validate: {:?}: {}", e.kind(), e.message()))?;
    check_array(&expect["validated"], &validated)
}
