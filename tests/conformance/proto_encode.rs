//! proto_encode.json: `NumpyNdarray(descriptor).to_proto(input)` → exactly `expect_hex`, or
//! the error.

use serde_json::Value;

use crate::common::{Escaped, Outcome, check_error, descriptor, vec_array};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn run(case: &Value) -> Outcome {
    let arr = vec_array(&case["input"])?;
    let got = descriptor(&case["descriptor"]).and_then(|d| d.to_proto(arr));
    if let Some(err) = case.get("error") {
        return match got {
            Err(e) => check_error(err, &e, Escaped::BadInput),
            Ok(b) => Err(format!(
                "expected error {}: {}, got bytes {}",
                err["class"],
                err["message"],
                hex(&b)
            )),
        };
    }
    let want = case["expect_hex"].as_str().ok_or("no expect_hex")?;
    match got {
        Ok(b) if hex(&b) == want => Ok(()),
        Ok(b) => Err(format!(
            "bytes differ:\n  expected {want}\n  got      {}",
            hex(&b)
        )),
        Err(e) => Err(format!(
            "expected bytes {want}, got error {:?}: {}",
            e.kind(),
            e.message()
        )),
    }
}
