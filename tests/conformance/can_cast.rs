//! can_cast.json: `np.can_cast(from, to, casting)` for the five casting rules.

use ndarray_descriptor::{Casting, DType, ErrorKind, can_cast};
use serde_json::Value;

use crate::common::{Outcome, dtype_str_kind, is_uncarried_kind};

pub fn run(case: &Value) -> Outcome {
    let from_str = case["from_str"].as_str().ok_or("no from_str")?;
    let to_str = case["to_str"].as_str().ok_or("no to_str")?;
    // Rule 2: a pair with an uncarried dtype on either side checks that parsing it gives
    // "unsupported dtype". numpy's longdouble (`<f16`) is a valid float the crate does not
    // carry either (as in dtypes.rs).
    let longdouble = |s: &str| {
        s.trim_start_matches(['<', '>', '=', '|'])
            .strip_prefix('f')
            .and_then(|n| n.parse::<u32>().ok())
            .is_some_and(|n| n > 8)
    };
    let uncarried: Vec<&str> = [from_str, to_str]
        .into_iter()
        .filter(|s| dtype_str_kind(s).is_some_and(is_uncarried_kind) || longdouble(s))
        .collect();
    if !uncarried.is_empty() {
        for s in uncarried {
            match DType::parse(s) {
                Err(e) if e.kind() == ErrorKind::UnsupportedDtype => {}
                other => return Err(format!("{s}: expected unsupported dtype, got {other:?}")),
            }
        }
        return Ok(());
    }
    let parse = |s: &str| DType::parse(s).map_err(|e| format!("{s}: {}", e.message()));
    let (from, to) = (parse(from_str)?, parse(to_str)?);
    let rules = [
        ("no", Casting::No),
        ("equiv", Casting::Equiv),
        ("safe", Casting::Safe),
        ("same_kind", Casting::SameKind),
        ("unsafe", Casting::Unsafe),
    ];
    for (key, casting) in rules {
        let want = case["expect"][key]
            .as_bool()
            .ok_or("expect without booleans")?;
        let got = can_cast(from, to, casting);
        if got != want {
            return Err(format!(
                "{from_str} -> {to_str} casting={key}: expected {want}, got {got}"
            ));
        }
    }
    Ok(())
}
