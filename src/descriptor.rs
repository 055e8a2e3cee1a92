//! [`NumpyNdarray`]: BentoML's array IO descriptor.

use crate::array::DynArray;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::shape::ShapeSpec;

/// BentoML's `NumpyNdarray` IO descriptor: an optional dtype and shape, and whether a mismatch
/// of either is an error (`enforce_dtype`, `enforce_shape`) or only logged.
///
/// ```
/// use ndarray_descriptor::{DType, NumpyNdarray};
/// let desc = NumpyNdarray::builder()
///     .dtype(DType::FLOAT32)
///     .shape([-1, 4])
///     .enforce_shape(true)
///     .build()?;
/// assert_eq!(desc.dtype(), Some(DType::FLOAT32));
/// assert!(desc.enforce_shape());
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct NumpyNdarray {
    pub(crate) dtype: Option<DType>,
    pub(crate) shape: Option<ShapeSpec>,
    pub(crate) enforce_dtype: bool,
    pub(crate) enforce_shape: bool,
    pub(crate) sample: Option<DynArray>,
}

impl NumpyNdarray {
    /// A descriptor with no dtype, no shape and no enforcement (BentoML's `NumpyNdarray()`).
    pub fn new() -> NumpyNdarray {
        NumpyNdarray {
            dtype: None,
            shape: None,
            enforce_dtype: false,
            enforce_shape: false,
            sample: None,
        }
    }

    /// BentoML's `NumpyNdarray.from_sample(sample)`: dtype and shape are the sample's, no
    /// enforcement, and the sample is kept (as is) for the OpenAPI `example`.
    ///
    /// Use [`NumpyNdarrayBuilder::sample`] to give a dtype, a shape or enforce flags as well;
    /// the sample's dtype and shape then only fill in what was not given.
    ///
    /// ```
    /// use ndarray_descriptor::{DType, DynArray, NumpyNdarray};
    /// let sample = DynArray::from(ndarray::arr2(&[[1i64, 2, 3]]).into_dyn());
    /// let desc = NumpyNdarray::from_sample(sample);
    /// assert_eq!(desc.dtype(), Some(DType::INT64));
    /// assert_eq!(desc.shape().map(|s| s.dims()), Some(&[1i64, 3][..]));
    /// assert!(desc.sample().is_some());
    /// ```
    pub fn from_sample(sample: DynArray) -> NumpyNdarray {
        NumpyNdarray {
            dtype: Some(sample.dtype()),
            shape: Some(shape_of(&sample)),
            enforce_dtype: false,
            enforce_shape: false,
            sample: Some(sample),
        }
    }

    /// A builder; `build()` checks the dtype spelling.
    pub fn builder() -> NumpyNdarrayBuilder {
        NumpyNdarrayBuilder::default()
    }

    /// The descriptor's dtype, if any.
    pub fn dtype(&self) -> Option<DType> {
        self.dtype
    }

    /// The descriptor's shape, if any.
    pub fn shape(&self) -> Option<&ShapeSpec> {
        self.shape.as_ref()
    }

    /// Whether a dtype mismatch that `same_kind` cannot cast is an error.
    pub fn enforce_dtype(&self) -> bool {
        self.enforce_dtype
    }

    /// Whether a shape mismatch is an error.
    pub fn enforce_shape(&self) -> bool {
        self.enforce_shape
    }

    /// The sample the descriptor was built from, if any (kept as given, not cast).
    pub fn sample(&self) -> Option<&DynArray> {
        self.sample.as_ref()
    }
}

/// The sample's shape as a descriptor shape.
fn shape_of(arr: &DynArray) -> ShapeSpec {
    // An array dimension beyond i64::MAX cannot be allocated, so the saturation never happens.
    ShapeSpec::new(
        arr.shape()
            .iter()
            .map(|&d| i64::try_from(d).unwrap_or(i64::MAX))
            .collect::<Vec<_>>(),
    )
}

impl Default for NumpyNdarray {
    fn default() -> Self {
        NumpyNdarray::new()
    }
}

#[derive(Debug, Clone)]
enum DTypeArg {
    Parsed(DType),
    Spelling(String),
}

/// Builds a [`NumpyNdarray`]; see [`NumpyNdarray::builder`].
#[derive(Debug, Clone, Default)]
pub struct NumpyNdarrayBuilder {
    dtype: Option<DTypeArg>,
    shape: Option<ShapeSpec>,
    enforce_dtype: bool,
    enforce_shape: bool,
    sample: Option<DynArray>,
}

impl NumpyNdarrayBuilder {
    /// Set the dtype.
    pub fn dtype(mut self, dtype: DType) -> Self {
        self.dtype = Some(DTypeArg::Parsed(dtype));
        self
    }

    /// Set the dtype from any numpy spelling (`"float32"`, `"<f4"`, `"f"`); checked by `build`.
    pub fn dtype_str(mut self, spelling: impl Into<String>) -> Self {
        self.dtype = Some(DTypeArg::Spelling(spelling.into()));
        self
    }

    /// Set the shape (`-1` is a wildcard).
    pub fn shape(mut self, shape: impl Into<ShapeSpec>) -> Self {
        self.shape = Some(shape.into());
        self
    }

    /// Set `enforce_dtype`.
    pub fn enforce_dtype(mut self, on: bool) -> Self {
        self.enforce_dtype = on;
        self
    }

    /// Set `enforce_shape`.
    pub fn enforce_shape(mut self, on: bool) -> Self {
        self.enforce_shape = on;
        self
    }

    /// Keep `sample` for the OpenAPI `example` (BentoML's `from_sample`); `build` takes the
    /// dtype and the shape from it unless they were given. The sample is not cast.
    pub fn sample(mut self, sample: DynArray) -> Self {
        self.sample = Some(sample);
        self
    }

    /// Build the descriptor.
    ///
    /// # Errors
    /// [`ErrorKind::Unprocessable`](crate::ErrorKind::Unprocessable) for a dtype spelling numpy
    /// rejects (BentoML's `Invalid dtype "..."` message) and for the empty spelling `""`, which
    /// BentoML stores and fails on at first use;
    /// [`ErrorKind::UnsupportedDtype`](crate::ErrorKind::UnsupportedDtype) for numpy dtypes this
    /// crate does not carry.
    pub fn build(self) -> Result<NumpyNdarray> {
        let dtype = match self.dtype {
            None => None,
            Some(DTypeArg::Parsed(d)) => Some(d),
            Some(DTypeArg::Spelling(s)) if s.is_empty() => {
                return Err(Error::unprocessable(
                    "Invalid dtype \"\": data type '' not understood",
                ));
            }
            Some(DTypeArg::Spelling(s)) => Some(DType::parse(&s)?),
        };
        let (dtype, shape) = match &self.sample {
            Some(sample) => (
                dtype.or(Some(sample.dtype())),
                self.shape.or_else(|| Some(shape_of(sample))),
            ),
            None => (dtype, self.shape),
        };
        Ok(NumpyNdarray {
            dtype,
            shape,
            enforce_dtype: self.enforce_dtype,
            enforce_shape: self.enforce_shape,
            sample: self.sample,
        })
    }
}
