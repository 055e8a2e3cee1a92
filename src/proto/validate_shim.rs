//! Temporary stand-in for `NumpyNdarray::validate` until the `validate` branch is merged.
use crate::{DynArray, NumpyNdarray, Result};

impl NumpyNdarray {
    /// Placeholder: returns the array unchanged.
    ///
    /// # Errors
    /// Never.
    pub fn validate(&self, arr: DynArray) -> Result<DynArray> {
        Ok(arr)
    }
}
