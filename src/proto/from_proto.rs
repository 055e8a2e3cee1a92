//! BentoML's `from_proto` semantics for a parsed `NDArray`, shared by the wire reader
//! ([`reader`](super::reader)) and prost messages ([`messages`](super::messages)): a
//! non-zero `dtype` picks its value field, otherwise the one non-empty value field does; the
//! values are reshaped to `shape`; no dtype and no values is numpy's `np.empty(shape)`.

use ndarray::{ArrayD, IxDyn};

use super::tables::{DTYPE_UNSPECIFIED, ValuesField};
use crate::array::DynArray;
use crate::error::{Error, Result};
use crate::limits::{Limits, NPY_MAXDIMS};

/// What the reference's `from_proto` does with a parsed `NDArray`, independent of where the
/// fields come from (our wire reader or a prost message).
pub(super) trait NdArrayFields {
    /// `dtype`, the `DType` enum value as sent (0 when absent).
    fn dtype(&self) -> i32;
    /// `shape`, as sent.
    fn shape(&self) -> &[i32];
    /// The number of values in `field`.
    fn count(&self, field: ValuesField) -> usize;
    /// The values of `field` as a 1-D array (numpy's `np.array(values, dtype)`).
    fn into_array(self, field: ValuesField) -> Result<DynArray>;
}

/// A decoded message: either an array built from a value field, or the reference's
/// `np.empty(shape)` early return, which skips the descriptor.
#[derive(Debug)]
pub(crate) enum Decoded {
    Values(DynArray),
    NoValues(DynArray),
}

impl Decoded {
    /// The array, whichever way it was built.
    pub(super) fn into_inner(self) -> DynArray {
        match self {
            Decoded::Values(a) | Decoded::NoValues(a) => a,
        }
    }
}

/// [`NdArrayFields`] for a struct holding the message's fields under the names `dtype`,
/// `shape`, `float`, `double`, `string`, `boolean`, `int32`, `int64`, `uint32` and `uint64`,
/// each a `Vec` (moved into the array) or a slice (copied).
macro_rules! ndarray_fields {
    ($ty:ty) => {
        impl $crate::proto::from_proto::NdArrayFields for $ty {
            fn dtype(&self) -> i32 {
                self.dtype
            }
            fn shape(&self) -> &[i32] {
                &self.shape
            }
            fn count(&self, field: $crate::proto::tables::ValuesField) -> usize {
                use $crate::proto::tables::ValuesField;
                match field {
                    ValuesField::Float => self.float.len(),
                    ValuesField::Double => self.double.len(),
                    ValuesField::String => self.string.len(),
                    ValuesField::Bool => self.boolean.len(),
                    ValuesField::Int32 => self.int32.len(),
                    ValuesField::Int64 => self.int64.len(),
                    ValuesField::Uint32 => self.uint32.len(),
                    ValuesField::Uint64 => self.uint64.len(),
                }
            }
            fn into_array(
                self,
                field: $crate::proto::tables::ValuesField,
            ) -> $crate::error::Result<$crate::array::DynArray> {
                use $crate::proto::from_proto::{string_vector, vector};
                use $crate::proto::tables::ValuesField;
                match field {
                    ValuesField::Float => vector(self.float),
                    ValuesField::Double => vector(self.double),
                    ValuesField::String => string_vector(&self.string),
                    ValuesField::Bool => vector(self.boolean),
                    ValuesField::Int32 => vector(self.int32),
                    ValuesField::Int64 => vector(self.int64),
                    ValuesField::Uint32 => vector(self.uint32),
                    ValuesField::Uint64 => vector(self.uint64),
                }
            }
        }
    };
}
pub(super) use ndarray_fields;

/// A 1-D array of `values`: a `Vec` is moved in, a slice copied.
pub(super) fn vector<T: crate::element::Element>(values: impl Into<Vec<T>>) -> Result<DynArray> {
    let v = values.into();
    let n = v.len();
    ArrayD::from_shape_vec(IxDyn(&[n]), v)
        .map(DynArray::from)
        .map_err(|e| Error::internal(format!("building a 1-D array: {e}")))
}

/// numpy's `np.array(strings, dtype="<U")`: the width is the longest string in code points
/// (trailing NULs counted, at least 1), and reading an element back drops its trailing NULs.
pub(super) fn string_vector<S: AsRef<str>>(items: &[S]) -> Result<DynArray> {
    // One buffer for all the text (no larger than the message that carried it).
    let total = items.iter().map(|s| s.as_ref().len()).sum();
    let mut b = crate::strings::StrBuilder::with_capacity(items.len(), total);
    for s in items {
        b.push(s.as_ref());
    }
    let strings = b.finish_1d();
    if strings.natural_width() == u32::MAX {
        return Err(Error::limit_exceeded(
            "a string of more than 2^32 characters",
        ));
    }
    // Width 0: the longest element, trailing NULs counted; the elements then drop them.
    Ok(DynArray::from_strings(strings, 0))
}

/// numpy's limit on dimensions, then the configured one.
fn check_ndim(ndim: usize, limits: &Limits) -> Result<()> {
    if ndim > NPY_MAXDIMS {
        return Err(Error::bad_input(format!(
            "maximum supported dimension for an ndarray is currently {NPY_MAXDIMS}, found {ndim}"
        )));
    }
    if ndim > limits.max_ndim {
        return Err(Error::limit_exceeded(format!(
            "array has {ndim} dimensions, more than the limit of {}",
            limits.max_ndim
        )));
    }
    Ok(())
}

/// The reference's `np.empty(shape=field.shape or 0)` (float64): numpy's checks in numpy's
/// order (a negative dimension, then a byte size past `isize::MAX`, zeros skipped), then
/// [`Limits::max_elements`] on what numpy would allocate, then
/// [`Limits::max_unbacked_elements`]. Zero-filled, never uninitialised.
fn empty_array(shape: &[i32], limits: &Limits) -> Result<DynArray> {
    let dims: &[i32] = if shape.is_empty() { &[0] } else { shape };
    check_ndim(dims.len(), limits)?;
    let mut nbytes: isize = 8;
    let mut any_zero = false;
    for &d in dims {
        if d == 0 {
            any_zero = true;
            continue;
        }
        if d < 0 {
            return Err(Error::bad_input("negative dimensions are not allowed"));
        }
        nbytes = nbytes.checked_mul(d as isize).ok_or_else(|| {
            Error::bad_input(
                "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum \
                 possible size.",
            )
        })?;
    }
    let count = if any_zero { 0 } else { nbytes as usize / 8 };
    if count > limits.max_elements {
        return Err(Error::limit_exceeded(format!(
            "np.empty of {count} elements exceeds the limit of {} elements",
            limits.max_elements
        )));
    }
    // numpy's np.empty costs no memory until touched; zeros here do, and no byte of the
    // message backs them.
    limits.check_unbacked(count, "np.empty")?;
    let dims: Vec<usize> = dims.iter().map(|&d| d as usize).collect();
    // Fallible, so that even under `Limits::unlimited()` an 8 TB claim is an error, not an
    // abort.
    let mut zeros: Vec<f64> = Vec::new();
    zeros.try_reserve_exact(count).map_err(|_| {
        Error::limit_exceeded(format!("np.empty of {count} elements cannot be allocated"))
    })?;
    zeros.resize(count, 0.0);
    let arr = ArrayD::from_shape_vec(IxDyn(&dims), zeros)
        .map_err(|e| Error::internal(format!("np.empty: {e}")))?;
    Ok(DynArray::from(arr))
}

/// `np.reshape(array, field.shape)`: one negative entry (any negative value) is inferred;
/// a failure is numpy's `ValueError`, a bad input here.
fn reshape_to(arr: DynArray, shape: &[i32], limits: &Limits) -> Result<DynArray> {
    check_ndim(shape.len(), limits)?;
    let dims: Vec<i64> = shape.iter().map(|&d| i64::from(d)).collect();
    let target = crate::shape::reshape_target(&dims, arr.len())?;
    arr.into_shape(&target)
}

/// BentoML's `from_proto` for an `NDArray`, up to (not including) `validate_array`.
pub(super) fn from_fields<F: NdArrayFields>(m: F, limits: &Limits) -> Result<Decoded> {
    let dtype = m.dtype();
    let field = if dtype == DTYPE_UNSPECIFIED {
        let present: Vec<ValuesField> = ValuesField::ALL
            .into_iter()
            .filter(|&f| m.count(f) != 0)
            .collect();
        match present.as_slice() {
            [] => return empty_array(m.shape(), limits).map(Decoded::NoValues),
            [one] => *one,
            many => {
                // Python's `f"...'{fieldpb}'..."` of a list: `'['a', 'b']'`.
                let names: Vec<String> = many
                    .iter()
                    .map(|f| format!("'{}'", f.field_name()))
                    .collect();
                return Err(Error::bad_input(format!(
                    "Array contents can only be one of given values key. Use one of '[{}]' \
                     instead.",
                    names.join(", ")
                )));
            }
        }
    } else {
        ValuesField::from_dtype_enum(dtype)
            .ok_or_else(|| Error::bad_input(format!("{dtype} is invalid.")))?
    };
    let shape = m.shape().to_vec();
    let arr = m.into_array(field)?;
    if shape.is_empty() {
        Ok(Decoded::Values(arr))
    } else {
        reshape_to(arr, &shape, limits).map(Decoded::Values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::DType;
    use crate::error::ErrorKind;
    use crate::proto::decode;
    use crate::proto::wire::tests::unhex;

    fn dec(h: &str) -> Result<DynArray> {
        decode(&unhex(h), &Limits::default())
    }

    #[test]
    fn reference_semantics() {
        let e = dec("087b2a0461736466").unwrap_err();
        assert_eq!(e.message(), "123 is invalid.");
        assert_eq!(
            dec("08ffffffffffffffffff01").unwrap_err().message(),
            "-1 is invalid."
        );
        let e = dec("220800000000000000402a0178320101").unwrap_err();
        assert_eq!(
            e.message(),
            "Array contents can only be one of given values key. Use one of \
             '['double_values', 'string_values', 'bool_values']' instead."
        );
        // dtype picks the field; values elsewhere are ignored → reshape of an empty array fails
        let e = dec("08021201021a080000803f00000040").unwrap_err();
        assert_eq!(
            e.message(),
            "cannot reshape array of size 0 into shape (2,)"
        );
        // strings: width counts trailing NULs, the values drop them
        let s = dec("2a0261002a0100").unwrap();
        assert_eq!(s.dtype().str(), "<U2");
        let v: Vec<&str> = s.as_strings().unwrap().iter().collect();
        assert_eq!(v, ["a", ""]);
        assert_eq!(dec("0808").unwrap().dtype().str(), "<U1");
        // np.empty path
        let a = dec("12020003").unwrap();
        assert_eq!((a.dtype(), a.shape()), (DType::FLOAT64, &[0usize, 3][..]));
        let e = dec("120bffffffffffffffffff0102").unwrap_err();
        assert_eq!(e.message(), "negative dimensions are not allowed");
    }

    #[test]
    fn hostile_claims_do_not_allocate() {
        // shape [1000000, 1000000] claims 10^12 elements with no values
        let e = dec("1206c0843dc0843d").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
        // …and with 8 bytes of data, the reshape fails on the count actually present
        let e = dec("08021206c0843dc0843d22080000000000000000").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput);
        // a limit on elements applies while parsing
        let small = Limits::default().with_max_elements(2);
        let e = decode(&unhex("3a03010203"), &small).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
        // 65 dimensions
        let mut m = vec![0x12, 65];
        m.extend([1u8; 65]);
        m.extend(unhex("3a0101"));
        assert_eq!(
            decode(&m, &Limits::default()).unwrap_err().kind(),
            ErrorKind::BadInput
        );
    }
}
