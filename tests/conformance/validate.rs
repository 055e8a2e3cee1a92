//! validate.json: `NumpyNdarray(...).validate_array(input)` → the array, or BentoML's error.

use serde_json::Value;

use crate::common::{Escaped, Outcome, built_descriptor, check_array_outcome, vec_array};

pub fn run(case: &Value) -> Outcome {
    let desc = built_descriptor(case)?;
    let input = vec_array(&case["input"])?;
    check_array_outcome(case, desc.validate(input), Escaped::BadInput)
}
