//! [`NumpyNdarray`]: BentoML's array IO descriptor.
//!
//! Every method of the descriptor lives in this folder, one concern a file: the type, its
//! builder and [`NumpyNdarray::validate`] here; the transports' `from_*` / `to_*` in `io.rs`;
//! the `to_spec` / `from_spec` JSON in `spec.rs`; the OpenAPI schema in `openapi.rs`; the Spark
//! schema in `spark.rs`.

mod io;
mod openapi;
mod spark;
mod spec;
mod tensor;

pub use openapi::MIME_TYPE;
pub use spark::{SparkSchema, SparkType};
pub use spec::{DESCRIPTOR_ID, Spec, SpecArgs};

use crate::array::DynArray;
use crate::cast::{Casting, astype, can_cast};
use crate::dtype::{DType, ScalarType};
use crate::error::{Error, Result};
use crate::shape::{ShapeSpec, format_tuple};

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

    /// BentoML's `validate_array`: bring `arr` to the descriptor's dtype and shape where
    /// numpy's rules allow it, and fail only where an enforce flag says so.
    ///
    /// 1. **dtype** (when the descriptor has one and the array's differs, byte order and string
    ///    width included): if `np.can_cast(arr.dtype, dtype, "same_kind")`, the array is cast
    ///    (`astype`; this can wrap, round or overflow to ±inf, as numpy does). Otherwise, with
    ///    `enforce_dtype` it is an error; without, the mismatch is logged (`tracing` debug) and
    ///    the array kept as it is.
    /// 2. **shape** (when the descriptor has one): shapes match when the ranks are equal and
    ///    each dimension is equal or `-1`. Otherwise, with `enforce_shape` it is an error (even
    ///    when a reshape would work); without, the array is reshaped with numpy's inference
    ///    (any one negative dimension is the unknown one), and a failed reshape is logged and
    ///    the array kept.
    ///
    /// The array is moved through: nothing is copied when it already conforms.
    ///
    /// ```
    /// use ndarray_descriptor::{DType, DynArray, ErrorKind, NumpyNdarray};
    /// let desc = NumpyNdarray::builder()
    ///     .dtype(DType::FLOAT32)
    ///     .shape([-1, 2])
    ///     .build()?;
    /// let input = DynArray::from(ndarray::arr1(&[1i64, 2, 3, 4]).into_dyn());
    /// let out = desc.validate(input)?; // int64 → float32 is a same_kind cast
    /// assert_eq!(out.dtype(), DType::FLOAT32);
    /// assert_eq!(out.shape(), &[2, 2]);
    ///
    /// let strict = NumpyNdarray::builder().dtype(DType::INT32).enforce_dtype(true).build()?;
    /// let err = strict.validate(DynArray::from(ndarray::arr1(&[0.5f64]).into_dyn())).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::BadInput);
    /// assert_eq!(
    ///     err.message(),
    ///     r#"NumpyNdarray: Expecting ndarray of dtype "int32", but "float64" was received."#
    /// );
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) with BentoML's messages:
    /// `NumpyNdarray: Expecting ndarray of dtype "<dtype>", but "<array dtype>" was received.`
    /// (`enforce_dtype` and no `same_kind` cast) or `NumpyNdarray: Expecting ndarray of shape
    /// "<shape>", but "<array shape>" was received.` (`enforce_shape` and a non-matching
    /// shape). The dtype check runs first. A failing cast is also bad input.
    pub fn validate(&self, arr: DynArray) -> Result<DynArray> {
        self.validate_logging(arr, |line| tracing::debug!("{line}"))
    }

    /// [`validate`](Self::validate), handing each line BentoML would log at debug level to
    /// `log` (the text of BentoML's `logger.debug` calls, fully formatted).
    fn validate_logging(&self, arr: DynArray, mut log: impl FnMut(&str)) -> Result<DynArray> {
        let mut arr = arr;
        if let Some(want) = self.dtype
            && arr.dtype() != want
        {
            if can_cast(arr.dtype(), want, Casting::SameKind) {
                if !keeps_own_dtype(arr.dtype(), want) {
                    arr = astype(&arr, want)?;
                }
            } else {
                let msg = format!(
                    "NumpyNdarray: Expecting ndarray of dtype \"{want}\", but \"{}\" was received.",
                    arr.dtype()
                );
                if self.enforce_dtype {
                    return Err(Error::bad_input(msg));
                }
                log(&msg);
            }
        }
        if let Some(shape) = &self.shape
            && !shape.matches(arr.shape())
        {
            let msg = format!(
                "NumpyNdarray: Expecting ndarray of shape \"{shape}\", but \"{}\" was received.",
                format_tuple(arr.shape().iter().map(|&d| d as i64))
            );
            if self.enforce_shape {
                return Err(Error::bad_input(msg));
            }
            match shape.reshape_target(arr.len()) {
                Ok(target) => arr = arr.into_shape(&target)?,
                // BentoML appends numpy's message with no separator.
                Err(e) => log(&format!("{msg}Failed to reshape: {}", e.message())),
            }
        }
        Ok(arr)
    }
}

/// Whether `astype(arr, to)` gives back an array equal to `arr`: numpy casts a string array to
/// the unsized `str` by keeping the array's own dtype. `validate` then skips the copy, which
/// would otherwise happen on every request to a `dtype="str"` descriptor.
fn keeps_own_dtype(from: DType, to: DType) -> bool {
    from.scalar() == ScalarType::Str && to.scalar() == ScalarType::Str && to.width() == 0
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use ndarray::{ArrayD, IxDyn};

    fn i64s(shape: &[usize], v: Vec<i64>) -> DynArray {
        DynArray::from(ArrayD::from_shape_vec(IxDyn(shape), v).unwrap())
    }

    fn desc(dtype: Option<DType>, shape: Option<&[i64]>, ed: bool, es: bool) -> NumpyNdarray {
        let mut b = NumpyNdarray::builder().enforce_dtype(ed).enforce_shape(es);
        if let Some(d) = dtype {
            b = b.dtype(d);
        }
        if let Some(s) = shape {
            b = b.shape(s);
        }
        b.build().unwrap()
    }

    fn ptr(a: &DynArray) -> *const i64 {
        a.as_array::<i64>().unwrap().as_ptr()
    }

    #[test]
    fn conforming_and_reshaped_arrays_are_moved_not_copied() {
        let input = i64s(&[4], vec![0, 1, 2, 3]);
        let before = ptr(&input);
        let d = desc(Some(DType::INT64), Some(&[-1]), true, true);
        let out = d.validate(input).unwrap();
        assert_eq!(ptr(&out), before);
        // A reshape reuses the buffer too (C order in, C order out).
        let d = desc(None, Some(&[2, -1]), false, false);
        let out = d.validate(out).unwrap();
        assert_eq!(out.shape(), &[2, 2]);
        assert_eq!(ptr(&out), before);
    }

    #[test]
    fn strings_are_not_copied_for_an_unsized_str_descriptor() {
        let strings = ArrayD::from_shape_vec(IxDyn(&[2]), vec!["a".to_string(), "bc".into()]);
        let input = DynArray::from(strings.unwrap());
        // The shortcut is only sound while astype keeps a string array's own dtype for `str`.
        assert_eq!(astype(&input, DType::STR).unwrap(), input);
        assert!(keeps_own_dtype(input.dtype(), DType::STR));
        assert!(!keeps_own_dtype(input.dtype(), DType::string(1)));
        assert!(!keeps_own_dtype(DType::INT64, DType::STR));
        let before = input.as_strings().unwrap().values().as_ptr();
        let d = desc(Some(DType::STR), None, true, false);
        let out = d.validate(input).unwrap();
        assert_eq!(out.dtype(), DType::string(2));
        assert_eq!(out.as_strings().unwrap().values().as_ptr(), before);
        // A sized target still casts (and truncates, as numpy).
        let d = desc(Some(DType::string(1)), None, false, false);
        let out = d.validate(out).unwrap();
        assert_eq!(&out.as_strings().unwrap()[[1]], "b");
    }

    #[test]
    fn any_negative_dimension_is_the_unknown_one_when_reshaping() {
        // Only -1 is a wildcard when matching, but numpy's reshape infers any negative dim.
        let d = desc(None, Some(&[2, -2]), false, false);
        let out = d.validate(i64s(&[6], (0..6).collect())).unwrap();
        assert_eq!(out.shape(), &[2, 3]);
        // ... and an array already of shape (2, 3) does not match (2, -2): reshaped to itself.
        assert!(!d.shape().unwrap().matches(&[2, 3]));
        assert_eq!(d.validate(out).unwrap().shape(), &[2, 3]);
    }

    #[test]
    fn failed_reshape_without_enforcement_keeps_the_array() {
        let input = i64s(&[3], vec![0, 1, 2]);
        let before = ptr(&input);
        let d = desc(None, Some(&[2, 2]), false, false);
        let out = d.validate(input).unwrap();
        assert_eq!(out.shape(), &[3]);
        assert_eq!(ptr(&out), before);
        let d = desc(None, Some(&[-1, -1]), false, false);
        assert_eq!(d.validate(out).unwrap().shape(), &[3]);
    }

    #[test]
    fn enforce_shape_refuses_even_a_working_reshape() {
        let d = desc(None, Some(&[2, 2]), false, true);
        let e = d.validate(i64s(&[4], vec![0, 1, 2, 3])).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput);
        assert_eq!(
            e.message(),
            "NumpyNdarray: Expecting ndarray of shape \"(2, 2)\", but \"(4,)\" was received."
        );
        let d = desc(None, Some(&[]), false, true);
        assert_eq!(
            d.validate(i64s(&[1], vec![7])).unwrap_err().message(),
            "NumpyNdarray: Expecting ndarray of shape \"()\", but \"(1,)\" was received."
        );
    }

    #[test]
    fn dtype_error_wins_over_shape_error() {
        let d = desc(Some(DType::BOOL), Some(&[2, 2]), true, true);
        let e = d.validate(i64s(&[3], vec![0, 1, 2])).unwrap_err();
        assert_eq!(
            e.message(),
            "NumpyNdarray: Expecting ndarray of dtype \"bool\", but \"int64\" was received."
        );
    }

    fn logged(d: &NumpyNdarray, arr: DynArray) -> (DynArray, Vec<String>) {
        let mut lines = Vec::new();
        let out = d
            .validate_logging(arr, |l| lines.push(l.to_string()))
            .unwrap();
        (out, lines)
    }

    #[test]
    fn uncastable_dtype_without_enforcement_is_kept_logged_and_still_reshaped() {
        let input = i64s(&[2, 2], vec![1, 2, 3, 4]);
        let d = desc(Some(DType::UINT8), Some(&[4]), false, false);
        let (out, log) = logged(&d, input);
        assert_eq!(out.dtype(), DType::INT64);
        assert_eq!(out.shape(), &[4]);
        assert_eq!(
            log,
            ["NumpyNdarray: Expecting ndarray of dtype \"uint8\", but \"int64\" was received."]
        );
    }

    #[test]
    fn failed_reshape_log_line_is_bentomls() {
        // validate.json v:shape:(3,)|dt=None;sh=(-1,2) and v:shape:(4,)|dt=None;sh=(-1,-1).
        let d = desc(None, Some(&[-1, 2]), false, false);
        let (_, log) = logged(&d, i64s(&[3], vec![0, 1, 2]));
        assert_eq!(
            log,
            [
                "NumpyNdarray: Expecting ndarray of shape \"(-1, 2)\", but \"(3,)\" was \
                 received.Failed to reshape: cannot reshape array of size 3 into shape (2)"
            ]
        );
        let d = desc(None, Some(&[-1, -1]), false, false);
        let (_, log) = logged(&d, i64s(&[4], vec![0, 1, 2, 3]));
        assert_eq!(
            log,
            [
                "NumpyNdarray: Expecting ndarray of shape \"(-1, -1)\", but \"(4,)\" was \
                 received.Failed to reshape: can only specify one unknown dimension"
            ]
        );
        // Nothing is logged when the array conforms or is reshaped.
        let d = desc(None, Some(&[2, -1]), false, false);
        assert!(logged(&d, i64s(&[4], vec![0, 1, 2, 3])).1.is_empty());
    }

    #[test]
    fn same_kind_cast_happens_even_with_enforce_dtype() {
        let d = desc(Some(DType::FLOAT32), None, true, false);
        let out = d.validate(i64s(&[2], vec![1, -2])).unwrap();
        assert_eq!(out.dtype(), DType::FLOAT32);
        assert_eq!(
            out.as_array::<f32>().unwrap().as_slice().unwrap(),
            &[1.0, -2.0]
        );
    }

    #[test]
    fn builder_with_sample_fills_only_what_is_missing() {
        let sample = i64s(&[1, 3], vec![1, 2, 3]);
        let d = NumpyNdarray::builder()
            .dtype(DType::FLOAT32)
            .sample(sample.clone())
            .build()
            .unwrap();
        assert_eq!(d.dtype(), Some(DType::FLOAT32));
        assert_eq!(d.shape().unwrap().dims(), &[1, 3]);
        // The sample is kept as given, not cast to the descriptor dtype.
        assert_eq!(d.sample(), Some(&sample));
        let d = NumpyNdarray::builder()
            .shape([-1, 3])
            .sample(sample)
            .build()
            .unwrap();
        assert_eq!(d.dtype(), Some(DType::INT64));
        assert_eq!(d.shape().unwrap().dims(), &[-1, 3]);
    }
}
