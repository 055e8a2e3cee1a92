//! [`Limits`]: the bounds every decoder checks before it allocates.

use crate::error::{Error, Result};

/// numpy's `NPY_MAXDIMS` (64 since numpy 2): no numpy array has more dimensions, so no
/// reference output does, and every decoder and encoder stops there.
pub(crate) const NPY_MAXDIMS: usize = 64;

/// Bounds on what a decoder accepts, shared by every transport. Each is checked before any
/// allocation sized by it; going past one is an [`ErrorKind::LimitExceeded`](crate::ErrorKind)
/// error (HTTP 400).
///
/// ```
/// use ndarray_descriptor::Limits;
/// let limits = Limits::default().with_max_elements(1_000);
/// assert_eq!(limits.max_elements, 1_000);
/// assert_eq!(limits.max_ndim, 64);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest request body in bytes (default 64 MiB).
    pub max_body_bytes: usize,
    /// Largest number of elements in one array (default 2^27 = 134 217 728).
    pub max_elements: usize,
    /// Deepest JSON nesting (default 128, as serde_json's recursion limit).
    pub max_depth: usize,
    /// Most dimensions (default 64, numpy's `NPY_MAXDIMS`).
    pub max_ndim: usize,
    /// Largest `.npy` header in bytes (default 10 000, the cap `numpy.load` applies).
    pub max_npy_header: usize,
    /// Most elements an input may claim without carrying their bytes (default 65 536): the
    /// zero-filled `np.empty(shape)` of a protobuf `NDArray` with a shape and no values, and a
    /// zero-width `<U0` `.npy` array. numpy makes these for free (lazily mapped pages, zero
    /// bytes); here every element costs memory, so without this cap a 20-byte request could
    /// allocate [`Limits::max_elements`] elements (1 GiB of float64 at the default).
    pub max_unbacked_elements: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 64 << 20,
            max_elements: 1 << 27,
            max_depth: 128,
            max_ndim: NPY_MAXDIMS,
            max_npy_header: 10_000,
            max_unbacked_elements: 1 << 16,
        }
    }
}

impl Limits {
    /// No limits beyond numpy's own (ndim ≤ 64) and the address space; for trusted input only.
    pub fn unlimited() -> Self {
        Limits {
            max_body_bytes: usize::MAX,
            max_elements: usize::MAX,
            max_depth: usize::MAX,
            max_ndim: NPY_MAXDIMS,
            max_npy_header: usize::MAX,
            max_unbacked_elements: usize::MAX,
        }
    }

    /// Set [`Limits::max_body_bytes`].
    pub fn with_max_body_bytes(mut self, n: usize) -> Self {
        self.max_body_bytes = n;
        self
    }

    /// Set [`Limits::max_elements`].
    pub fn with_max_elements(mut self, n: usize) -> Self {
        self.max_elements = n;
        self
    }

    /// Set [`Limits::max_depth`].
    pub fn with_max_depth(mut self, n: usize) -> Self {
        self.max_depth = n;
        self
    }

    /// Set [`Limits::max_ndim`] (at most 64).
    pub fn with_max_ndim(mut self, n: usize) -> Self {
        self.max_ndim = n.min(NPY_MAXDIMS);
        self
    }

    /// Set [`Limits::max_npy_header`].
    pub fn with_max_npy_header(mut self, n: usize) -> Self {
        self.max_npy_header = n;
        self
    }

    /// Set [`Limits::max_unbacked_elements`].
    pub fn with_max_unbacked_elements(mut self, n: usize) -> Self {
        self.max_unbacked_elements = n;
        self
    }

    /// Check a count of elements the input claims without carrying their bytes (see
    /// [`Limits::max_unbacked_elements`]); `what` names the claim in the message.
    ///
    /// # Errors
    /// [`ErrorKind::LimitExceeded`](crate::ErrorKind) when `count` is over the limit.
    pub fn check_unbacked(&self, count: usize, what: &str) -> Result<()> {
        if count > self.max_unbacked_elements {
            return Err(Error::limit_exceeded(format!(
                "{what} of {count} elements without data exceeds the limit of {} elements",
                self.max_unbacked_elements
            )));
        }
        Ok(())
    }

    /// Check a body length.
    ///
    /// # Errors
    /// [`ErrorKind::LimitExceeded`](crate::ErrorKind) when `len` is over the limit.
    pub fn check_body(&self, len: usize) -> Result<()> {
        if len > self.max_body_bytes {
            return Err(Error::limit_exceeded(format!(
                "request body of {len} bytes exceeds the limit of {} bytes",
                self.max_body_bytes
            )));
        }
        Ok(())
    }

    /// The element count of `shape` with checked arithmetic, checked against
    /// [`Limits::max_ndim`] and [`Limits::max_elements`].
    ///
    /// # Errors
    /// [`ErrorKind::LimitExceeded`](crate::ErrorKind) when the product overflows or a limit is
    /// passed.
    pub fn check_shape(&self, shape: &[usize]) -> Result<usize> {
        if shape.len() > self.max_ndim {
            return Err(Error::limit_exceeded(format!(
                "array has {} dimensions, more than the limit of {}",
                shape.len(),
                self.max_ndim
            )));
        }
        let n = checked_product(shape).ok_or_else(|| {
            Error::limit_exceeded(format!("array shape {shape:?} overflows the element count"))
        })?;
        if n > self.max_elements {
            return Err(Error::limit_exceeded(format!(
                "array of {n} elements exceeds the limit of {} elements",
                self.max_elements
            )));
        }
        Ok(n)
    }
}

/// The product of `dims`, or `None` on overflow.
pub fn checked_product(dims: &[usize]) -> Option<usize> {
    dims.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_checks() {
        let l = Limits::default().with_max_elements(10);
        assert_eq!(l.check_shape(&[2, 5]).unwrap(), 10);
        assert!(l.check_shape(&[11]).is_err());
        assert!(l.check_shape(&[usize::MAX, 2]).is_err());
        assert!(l.check_shape(&[1; 65]).is_err());
        assert_eq!(l.check_shape(&[]).unwrap(), 1);
        assert!(l.check_body(1 << 30).is_err());
        assert!(l.check_unbacked(1 << 16, "x").is_ok());
        let e = l.check_unbacked((1 << 16) + 1, "np.empty").unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::LimitExceeded);
        assert!(
            e.message().starts_with("np.empty of 65537 elements"),
            "{}",
            e.message()
        );
    }
}
