//! [`ShapeSpec`]: a descriptor shape with `-1` wildcards, BentoML's match rule and numpy's
//! reshape inference.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A descriptor shape: dimensions where `-1` (when matching) is a wildcard.
///
/// ```
/// use ndarray_descriptor::ShapeSpec;
/// let spec = ShapeSpec::new(vec![-1, 4]);
/// assert!(spec.matches(&[10, 4]));
/// assert!(!spec.matches(&[10, 3]));
/// assert_eq!(spec.reshape_target(8)?, vec![2, 4]);
/// assert_eq!(spec.to_string(), "(-1, 4)");
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ShapeSpec(Vec<i64>);

impl ShapeSpec {
    /// A shape from its dimensions (`-1` is the wildcard).
    pub fn new(dims: impl Into<Vec<i64>>) -> ShapeSpec {
        ShapeSpec(dims.into())
    }

    /// The dimensions.
    pub fn dims(&self) -> &[i64] {
        &self.0
    }

    /// The rank.
    pub fn ndim(&self) -> usize {
        self.0.len()
    }

    /// BentoML's shape match: same rank, and each dimension equal or `-1` on the descriptor's
    /// side (array dimensions are never negative here).
    pub fn matches(&self, shape: &[usize]) -> bool {
        self.0.len() == shape.len()
            && self
                .0
                .iter()
                .zip(shape)
                .all(|(&want, &got)| want == -1 || i64::try_from(got).is_ok_and(|g| g == want))
    }

    /// The concrete shape numpy's `reshape` gives an array of `size` elements: one negative
    /// dimension (any negative value, as numpy) is inferred.
    ///
    /// # Errors
    /// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) with numpy's message: `can only
    /// specify one unknown dimension` or `cannot reshape array of size N into shape (..)`.
    pub fn reshape_target(&self, size: usize) -> Result<Vec<usize>> {
        reshape_target(&self.0, size)
    }
}

impl From<Vec<i64>> for ShapeSpec {
    fn from(v: Vec<i64>) -> ShapeSpec {
        ShapeSpec(v)
    }
}

impl From<&[i64]> for ShapeSpec {
    fn from(v: &[i64]) -> ShapeSpec {
        ShapeSpec(v.to_vec())
    }
}

impl<const N: usize> From<[i64; N]> for ShapeSpec {
    fn from(v: [i64; N]) -> ShapeSpec {
        ShapeSpec(v.to_vec())
    }
}

impl fmt::Display for ShapeSpec {
    /// Python's tuple repr: `(2, 2)`, `(4,)`, `()`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_tuple(self.0.iter().copied()))
    }
}

/// Python's `repr` of a tuple of ints: `()`, `(4,)`, `(2, 2)`.
pub fn format_tuple(dims: impl IntoIterator<Item = i64>) -> String {
    let dims: Vec<i64> = dims.into_iter().collect();
    match dims.as_slice() {
        [] => "()".to_string(),
        [d] => format!("({d},)"),
        _ => {
            let inner: Vec<String> = dims.iter().map(i64::to_string).collect();
            format!("({})", inner.join(", "))
        }
    }
}

/// numpy's shape text in reshape errors (`convert_shape_to_string`): no spaces, leading negative
/// dimensions dropped, later ones printed as `newaxis`, `(4,)` only when one dimension printed.
fn numpy_shape_text(dims: &[i64]) -> String {
    let first = dims.iter().position(|&d| d >= 0);
    let Some(first) = first else {
        return "()".to_string();
    };
    let mut out = format!("({}", dims[first]);
    for &d in &dims[first + 1..] {
        if d < 0 {
            out.push_str(",newaxis");
        } else {
            out.push_str(&format!(",{d}"));
        }
    }
    // numpy appends ",)" when the loop index stopped at 1, i.e. the shape has one dimension.
    if dims.len() == 1 {
        out.push_str(",)");
    } else {
        out.push(')');
    }
    out
}

/// numpy's `_fix_unknown_dimension` for `reshape(dims)` of an array with `size` elements.
pub(crate) fn reshape_target(dims: &[i64], size: usize) -> Result<Vec<usize>> {
    let mismatch = || {
        Error::bad_input(format!(
            "cannot reshape array of size {size} into shape {}",
            numpy_shape_text(dims)
        ))
    };
    let mut unknown = None;
    let mut known: u64 = 1;
    for (i, &d) in dims.iter().enumerate() {
        if d < 0 {
            if unknown.is_some() {
                return Err(Error::bad_input("can only specify one unknown dimension"));
            }
            unknown = Some(i);
        } else {
            known = known.checked_mul(d as u64).ok_or_else(mismatch)?;
        }
    }
    let size64 = size as u64;
    let mut out: Vec<usize> = dims.iter().map(|&d| d.max(0) as usize).collect();
    match unknown {
        Some(i) => {
            if known == 0 || !size64.is_multiple_of(known) {
                return Err(mismatch());
            }
            out[i] = usize::try_from(size64 / known).map_err(|_| mismatch())?;
        }
        None => {
            if known != size64 {
                return Err(mismatch());
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(dims: &[i64], size: usize) -> String {
        reshape_target(dims, size)
            .unwrap_err()
            .message()
            .to_string()
    }

    #[test]
    fn numpy_messages() {
        assert_eq!(
            msg(&[4], 6),
            "cannot reshape array of size 6 into shape (4,)"
        );
        assert_eq!(
            msg(&[2, 2], 12),
            "cannot reshape array of size 12 into shape (2,2)"
        );
        assert_eq!(
            msg(&[-1, 2], 1),
            "cannot reshape array of size 1 into shape (2)"
        );
        assert_eq!(
            msg(&[2, -1, 3], 4),
            "cannot reshape array of size 4 into shape (2,newaxis,3)"
        );
        assert_eq!(msg(&[], 3), "cannot reshape array of size 3 into shape ()");
        assert_eq!(
            msg(&[0, -1], 0),
            "cannot reshape array of size 0 into shape (0,newaxis)"
        );
        assert_eq!(msg(&[-1, -1], 4), "can only specify one unknown dimension");
    }

    #[test]
    fn inference() {
        assert_eq!(reshape_target(&[2, -1, 3], 12).unwrap(), vec![2, 2, 3]);
        assert_eq!(reshape_target(&[2, -2], 6).unwrap(), vec![2, 3]);
        assert_eq!(reshape_target(&[-1, 2], 0).unwrap(), vec![0, 2]);
        assert_eq!(reshape_target(&[], 1).unwrap(), Vec::<usize>::new());
        assert!(reshape_target(&[i64::MAX, i64::MAX], 1).is_err());
    }

    #[test]
    fn matching() {
        let s = ShapeSpec::new(vec![-1, 2]);
        assert!(s.matches(&[0, 2]));
        assert!(!s.matches(&[2]));
        assert_eq!(format_tuple([4]), "(4,)");
        assert_eq!(format_tuple([]), "()");
        assert_eq!(format_tuple([2, 2]), "(2, 2)");
    }
}
