//! Shape discovery as `np.array` does it, on the fly while the body is read, and numpy's
//! messages for a nest it cannot shape (ragged, too deep).

use crate::error::Error;
use crate::limits::{Limits, NPY_MAXDIMS};

/// Shape discovery as `np.array` does it, one event at a time: the first array at each level
/// fixes that level's length, the first scalar (or the first empty array) fixes the number of
/// dimensions, and anything else is an inhomogeneous ("ragged") nest.
pub(crate) struct ShapeTracker {
    /// Open arrays.
    pub level: usize,
    /// Number of dimensions once known, else `usize::MAX`.
    ndim: usize,
    dims: [usize; NPY_MAXDIMS],
    known: [bool; NPY_MAXDIMS],
    counts: [usize; NPY_MAXDIMS],
}

/// A nest numpy cannot turn into an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ShapeError {
    /// Inhomogeneous after this many dimensions.
    Ragged(usize),
    /// More than 64 dimensions.
    TooDeep,
    /// More than `Limits::max_ndim` dimensions (but at most 64).
    NdimLimit,
}

impl ShapeTracker {
    #[inline]
    pub fn new() -> Self {
        ShapeTracker {
            level: 0,
            ndim: usize::MAX,
            dims: [0; NPY_MAXDIMS],
            known: [false; NPY_MAXDIMS],
            counts: [0; NPY_MAXDIMS],
        }
    }

    #[inline]
    pub fn open(&mut self, max_ndim: usize) -> Result<(), ShapeError> {
        let l = self.level;
        if l >= self.ndim {
            return Err(ShapeError::Ragged(self.ndim));
        }
        if l >= NPY_MAXDIMS {
            return Err(ShapeError::TooDeep);
        }
        if l >= max_ndim {
            return Err(ShapeError::NdimLimit);
        }
        if l > 0 {
            self.counts[l - 1] += 1;
        }
        self.counts[l] = 0;
        self.level = l + 1;
        Ok(())
    }

    #[inline]
    pub fn scalar(&mut self) -> Result<(), ShapeError> {
        let l = self.level;
        if l != self.ndim {
            if self.ndim != usize::MAX {
                return Err(ShapeError::Ragged(l.min(self.ndim)));
            }
            self.ndim = l;
        }
        if l > 0 {
            self.counts[l - 1] += 1;
        }
        Ok(())
    }

    /// `n >= 1` scalars in a row at the current level.
    #[inline]
    pub fn scalars(&mut self, n: usize) -> Result<(), ShapeError> {
        self.scalar()?;
        if let Some(l) = self.level.checked_sub(1) {
            self.counts[l] += n - 1;
        }
        Ok(())
    }

    #[inline]
    pub fn close(&mut self) -> Result<(), ShapeError> {
        let l = self.level - 1;
        let n = self.counts[l];
        if n == 0 {
            // An empty array: its elements would be the innermost level.
            if self.ndim == usize::MAX {
                self.ndim = l + 1;
            } else if self.ndim != l + 1 {
                return Err(ShapeError::Ragged(l.min(self.ndim)));
            }
        }
        if self.known[l] {
            if self.dims[l] != n {
                return Err(ShapeError::Ragged(l));
            }
        } else {
            self.dims[l] = n;
            self.known[l] = true;
        }
        self.level = l;
        Ok(())
    }

    /// The discovered shape (call when the top level is complete).
    pub fn shape(&self) -> Vec<usize> {
        let nd = if self.ndim == usize::MAX {
            0
        } else {
            self.ndim
        };
        self.dims[..nd.min(NPY_MAXDIMS)].to_vec()
    }
}

/// The numpy message for a nest `np.array` cannot shape, plus where it was found.
pub(crate) fn shape_error(e: ShapeError, pos: usize, limits: &Limits) -> Error {
    match e {
        ShapeError::Ragged(after) => Error::bad_input(format!(
            "setting an array element with a sequence. The requested array has an \
             inhomogeneous shape after {after} dimensions (JSON byte offset {pos})"
        )),
        ShapeError::TooDeep => Error::bad_input(format!(
            "setting an array element with a sequence. The requested array would exceed the \
             maximum number of dimension of {NPY_MAXDIMS} (JSON byte offset {pos})"
        )),
        ShapeError::NdimLimit => Error::limit_exceeded(format!(
            "array has more than {} dimensions (the limit), at JSON byte offset {pos}",
            limits.max_ndim
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_tracker_rules() {
        let run = |s: &str| {
            let mut tr = ShapeTracker::new();
            for c in s.chars() {
                let r = match c {
                    '[' => tr.open(64),
                    ']' => tr.close(),
                    _ => tr.scalar(),
                };
                if r.is_err() {
                    return None;
                }
            }
            Some(tr.shape())
        };
        assert_eq!(run("[[xx][xx]]"), Some(vec![2, 2]));
        assert_eq!(run("[[][]]"), Some(vec![2, 0]));
        assert_eq!(run("[[[]][[]]]"), Some(vec![2, 1, 0]));
        assert_eq!(run("[]"), Some(vec![0]));
        assert_eq!(run("x"), Some(vec![]));
        for ragged in [
            "[[x][xx]]",
            "[[xx]x]",
            "[x[x]]",
            "[[][x]]",
            "[[x][]]",
            "[[][[]]]",
            "[[]x]",
        ] {
            assert_eq!(run(ragged), None, "{ragged}");
        }
        let deep = format!("{}x{}", "[".repeat(65), "]".repeat(65));
        assert_eq!(run(&deep), None);
        let ok = format!("{}x{}", "[".repeat(64), "]".repeat(64));
        assert_eq!(run(&ok).map(|s| s.len()), Some(64));
    }
}
