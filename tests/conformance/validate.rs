//! validate.json: `NumpyNdarray(...).validate_array(input)` → the array, or BentoML's error.

use serde_json::Value;

use crate::common::{Escaped, Outcome, check_array_outcome, descriptor, vec_array};

pub fn run(case: &Value) -> Outcome {
    let desc = descriptor(&case["descriptor"]).map_err(|e| {
        format!(
            "descriptor: expected it to build, got {:?}: {}",
            e.kind(),
            e.message()
        )
    })?;
    let input = vec_array(&case["input"])?;
    check_array_outcome(case, desc.validate(input), Escaped::BadInput)
}
