//! json_decode.json: `NumpyNdarray(...).from_json(body)` → the array, or the error.

use serde_json::Value;

use crate::common::{Escaped, Outcome, check_array_outcome, descriptor};

/// Lowercase hex → bytes.
fn unhex(s: &str) -> Result<Vec<u8>, String> {
    if !s.len().is_multiple_of(2) {
        return Err(format!("odd-length body_hex {s:?}"));
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|e| format!("body_hex: {e}")))
        .collect()
}

pub fn run(case: &Value) -> Outcome {
    let body = match (case["body"].as_str(), case["body_hex"].as_str()) {
        (Some(b), _) => b.as_bytes().to_vec(),
        (None, Some(h)) => unhex(h)?,
        _ => return Err("case has neither body nor body_hex".into()),
    };
    let desc = match descriptor(&case["descriptor"]) {
        Ok(d) => d,
        Err(e) => return Err(format!("descriptor: {:?}: {}", e.kind(), e.message())),
    };
    check_array_outcome(case, desc.from_json(&body), Escaped::BadInput)
}
