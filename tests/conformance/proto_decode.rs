//! proto_decode.json: `NumpyNdarray(descriptor).from_proto(message_hex)` → the array, or the
//! error. The protobuf runtime's own rejections (`stage: protobuf_parse`) escaped the
//! reference, so they must be bad input here; so must numpy's errors.

use ndarray_descriptor::proto::{self, v1, v1alpha1};
use ndarray_descriptor::{DynArray, Limits};
use prost::Message;
use serde_json::Value;

use crate::common::{Escaped, Outcome, check_array_outcome, descriptor};

pub fn unhex(s: &str) -> Result<Vec<u8>, String> {
    if !s.len().is_multiple_of(2) {
        return Err(format!("odd hex length {}", s.len()));
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|e| e.to_string()))
        .collect()
}

pub fn run(case: &Value) -> Outcome {
    let bytes = unhex(case["message_hex"].as_str().ok_or("no message_hex")?)?;
    let got = descriptor(&case["descriptor"]).and_then(|d| d.from_proto(&bytes));
    check_array_outcome(case, got, Escaped::BadInput)?;
    // Where prost accepts the bytes too, the decoded message gives the same array through
    // `from_message` (v1 and v1alpha1): the semantics do not depend on who parsed the wire.
    if let (Ok(m1), Ok(m2)) = (
        v1::NdArray::decode(bytes.as_slice()),
        v1alpha1::NdArray::decode(bytes.as_slice()),
    ) {
        let wire = proto::decode(&bytes, &Limits::default());
        let (a, b) = (
            ndarray_descriptor::proto::from_message(&m1, &Limits::default()),
            ndarray_descriptor::proto::from_message_v1alpha1(&m2, &Limits::default()),
        );
        if let (Ok(w), Ok(a), Ok(b)) = (&wire, &a, &b)
            && !(same(w, a) && same(w, b))
        {
            return Err(format!(
                "wire decode and prost message decode differ: {} vs {} / {}",
                crate::common::describe(w),
                crate::common::describe(a),
                crate::common::describe(b)
            ));
        }
    }
    Ok(())
}

/// Equal dtype and shape, and equal elements unless the array is `np.empty`'s (float64 with
/// no value field; both sides zero-fill, but the reference leaves it unspecified).
fn same(a: &DynArray, b: &DynArray) -> bool {
    a.dtype() == b.dtype() && a.shape() == b.shape() && crate::common::same_elements(a, b)
}
