//! bytes_decode.json: `from_proto(serialized_bytes)` → the array, or the error.

use serde_json::Value;

use crate::common::{Escaped, Outcome, check_array_outcome, descriptor};

pub fn run(case: &Value) -> Outcome {
    let hex = case["bytes_hex"].as_str().ok_or("no bytes_hex")?;
    let bytes = decode_hex(hex)?;
    let desc = descriptor(&case["descriptor"]);
    let res = desc.and_then(|d| d.from_serialized_bytes(&bytes));
    check_array_outcome(case, res, Escaped::BadInput)
}

fn decode_hex(hex: &str) -> Result<Vec<u8>, String> {
    if !hex.len().is_multiple_of(2) {
        return Err(format!("odd-length hex {hex:?}"));
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("bad hex at {i} in {hex:?}"))
        })
        .collect()
}
