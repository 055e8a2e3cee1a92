//! [`DynArray`]: an n-dimensional array of any dtype this crate carries, in C order.

use ndarray::{ArrayD, IxDyn};

use crate::dtype::{ByteOrder, DType, ScalarType};
use crate::element::Element;
use crate::error::{Error, Result};
use crate::strings::StrArray;

/// The typed storage of a [`DynArray`]: one variant per scalar type, each an owned
/// `ndarray::ArrayD<T>` in standard (C) layout, except strings, which are a [`StrArray`] (one
/// text buffer and offsets, C order).
///
/// Non-exhaustive for the same reason as [`ScalarType`]: a match needs a `_` arm.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ArrayData {
    /// `bool` elements.
    Bool(ArrayD<bool>),
    /// `int8` elements.
    Int8(ArrayD<i8>),
    /// `int16` elements.
    Int16(ArrayD<i16>),
    /// `int32` elements.
    Int32(ArrayD<i32>),
    /// `int64` elements.
    Int64(ArrayD<i64>),
    /// `uint8` elements.
    UInt8(ArrayD<u8>),
    /// `uint16` elements.
    UInt16(ArrayD<u16>),
    /// `uint32` elements.
    UInt32(ArrayD<u32>),
    /// `uint64` elements.
    UInt64(ArrayD<u64>),
    /// `float16` elements.
    Float16(ArrayD<half::f16>),
    /// `float32` elements.
    Float32(ArrayD<f32>),
    /// `float64` elements.
    Float64(ArrayD<f64>),
    /// Unicode string elements (numpy `U`): one UTF-8 buffer and the elements' offsets.
    Str(StrArray),
}

/// Run `$body` with `$a` bound to the inner `ArrayD<T>` of whichever numeric variant `$data`
/// holds, or `$sbody` with `$s` bound to the [`StrArray`] of a string array.
///
/// `$data` may be an `ArrayData`, a `&ArrayData` or a `&mut ArrayData`; the binding follows.
/// The crate's own: not exported.
macro_rules! dispatch {
    ($data:expr, $a:ident => $body:expr, $s:ident => $sbody:expr) => {
        match $data {
            $crate::ArrayData::Bool($a) => $body,
            $crate::ArrayData::Int8($a) => $body,
            $crate::ArrayData::Int16($a) => $body,
            $crate::ArrayData::Int32($a) => $body,
            $crate::ArrayData::Int64($a) => $body,
            $crate::ArrayData::UInt8($a) => $body,
            $crate::ArrayData::UInt16($a) => $body,
            $crate::ArrayData::UInt32($a) => $body,
            $crate::ArrayData::UInt64($a) => $body,
            $crate::ArrayData::Float16($a) => $body,
            $crate::ArrayData::Float32($a) => $body,
            $crate::ArrayData::Float64($a) => $body,
            $crate::ArrayData::Str($s) => $sbody,
        }
    };
}

// The arrow transport and the batcher need it outside this file.
#[cfg(any(feature = "arrow", feature = "axum", feature = "grpc"))]
pub(crate) use dispatch;

impl ArrayData {
    /// The scalar type of the elements.
    pub fn scalar(&self) -> ScalarType {
        match self {
            ArrayData::Bool(_) => ScalarType::Bool,
            ArrayData::Int8(_) => ScalarType::Int8,
            ArrayData::Int16(_) => ScalarType::Int16,
            ArrayData::Int32(_) => ScalarType::Int32,
            ArrayData::Int64(_) => ScalarType::Int64,
            ArrayData::UInt8(_) => ScalarType::UInt8,
            ArrayData::UInt16(_) => ScalarType::UInt16,
            ArrayData::UInt32(_) => ScalarType::UInt32,
            ArrayData::UInt64(_) => ScalarType::UInt64,
            ArrayData::Float16(_) => ScalarType::Float16,
            ArrayData::Float32(_) => ScalarType::Float32,
            ArrayData::Float64(_) => ScalarType::Float64,
            ArrayData::Str(_) => ScalarType::Str,
        }
    }

    /// The shape.
    pub fn shape(&self) -> &[usize] {
        dispatch!(self, a => a.shape(), s => s.shape())
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        dispatch!(self, a => a.len(), s => s.len())
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An n-dimensional array of any dtype this crate carries: numpy's `ndarray` as BentoML's
/// descriptor sees it.
///
/// Elements are held as Rust values in C order (whatever byte order the dtype names: the byte
/// order is kept as part of the dtype, for reporting and for encoding). String arrays are a
/// [`StrArray`] (one UTF-8 buffer, every element a `&str` view; see [`as_strings`]) and carry
/// numpy's fixed width in characters in the dtype.
///
/// [`as_strings`]: DynArray::as_strings
///
/// ```
/// use ndarray::{ArrayD, IxDyn};
/// use ndarray_descriptor::{DType, DynArray};
/// let arr = DynArray::from(ArrayD::from_shape_vec(IxDyn(&[2, 2]), vec![1.0f32, 2.0, 3.0, 4.0]).unwrap());
/// assert_eq!(arr.dtype(), DType::FLOAT32);
/// assert_eq!(arr.shape(), &[2, 2]);
/// assert_eq!(arr.len(), 4);
/// assert!(arr.as_array::<f64>().is_none());
/// let typed: ArrayD<f32> = arr.try_into()?;
/// assert_eq!(typed[[1, 0]], 3.0);
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DynArray {
    data: ArrayData,
    order: ByteOrder,
    width: u32,
}

impl DynArray {
    /// An array from typed storage, native byte order, string width = the longest element.
    pub fn from_data(data: ArrayData) -> DynArray {
        let (data, width) = match standard(data) {
            ArrayData::Str(a) => {
                let w = a.natural_width();
                (ArrayData::Str(a.trim_nuls()), w)
            }
            other => (other, 0),
        };
        DynArray {
            data,
            order: ByteOrder::NATIVE,
            width,
        }
    }

    /// Replace the byte order the dtype reports (the values are unchanged).
    pub fn with_byteorder(mut self, order: ByteOrder) -> DynArray {
        if self.data.scalar().has_byteorder() {
            self.order = order;
        }
        self
    }

    /// A string array of fixed `width` characters; longer elements are cut to `width` as numpy
    /// does when it stores them. `width == 0` means "the longest element, at least 1".
    ///
    /// `strings` is a [`StrArray`] or anything that converts to one (an `ArrayD<String>`, a
    /// `Vec<&str>`, ...).
    ///
    /// ```
    /// use ndarray_descriptor::{DType, DynArray};
    /// let arr = DynArray::from_strings(vec!["héllo", "a"], 2);
    /// assert_eq!(arr.dtype(), DType::string(2));
    /// assert_eq!(arr.as_strings().unwrap().iter().collect::<Vec<_>>(), ["hé", "a"]);
    /// ```
    pub fn from_strings(strings: impl Into<StrArray>, width: u32) -> DynArray {
        let strings = strings.into();
        if width == 0 {
            return DynArray::from_data(ArrayData::Str(strings));
        }
        DynArray {
            data: ArrayData::Str(strings.truncate_chars(width as usize).trim_nuls()),
            order: ByteOrder::NATIVE,
            width,
        }
    }

    /// An array of `dtype` holding typed storage `data` (whose scalar type must match).
    ///
    /// # Errors
    /// [`ErrorKind::Internal`](crate::ErrorKind::Internal) if `data` is not of `dtype`'s scalar
    /// type.
    pub fn with_dtype(data: ArrayData, dtype: DType) -> Result<DynArray> {
        if data.scalar() != dtype.scalar() {
            return Err(Error::internal(format!(
                "array data of type {} cannot be labelled {}",
                data.scalar().name(),
                dtype
            )));
        }
        Ok(match data {
            // `>U4` is a numpy dtype too: the label survives, as `np.array(x, dtype=">U4")`.
            ArrayData::Str(s) => {
                DynArray::from_strings(s, dtype.width()).with_byteorder(dtype.order())
            }
            other => DynArray::from_data(other).with_byteorder(dtype.order()),
        })
    }

    /// The dtype, byte order and string width included.
    pub fn dtype(&self) -> DType {
        DType::new(self.data.scalar(), self.order, self.width)
    }

    /// The shape.
    pub fn shape(&self) -> &[usize] {
        self.data.shape()
    }

    /// The number of dimensions.
    pub fn ndim(&self) -> usize {
        self.shape().len()
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// numpy's `nbytes`: the number of elements times the dtype's `itemsize` (4 bytes per
    /// character of a `U` string width).
    ///
    /// ```
    /// use ndarray::ArrayD;
    /// use ndarray_descriptor::DynArray;
    /// let arr = DynArray::from(ArrayD::<f32>::zeros(vec![2, 3]));
    /// assert_eq!(arr.nbytes(), 24);
    /// ```
    pub fn nbytes(&self) -> usize {
        self.len().saturating_mul(self.dtype().itemsize())
    }

    /// The typed storage.
    pub fn data(&self) -> &ArrayData {
        &self.data
    }

    /// The typed storage, by value.
    pub fn into_data(self) -> ArrayData {
        self.data
    }

    /// Borrow the elements as `ArrayD<T>` if the dtype's scalar type is `T`'s (a number or
    /// `bool`; strings are [`as_strings`](DynArray::as_strings)).
    pub fn as_array<T: Element>(&self) -> Option<&ArrayD<T>> {
        T::peek(&self.data)
    }

    /// Borrow the elements of a string array, each a `&str`.
    ///
    /// ```
    /// use ndarray_descriptor::{DType, Limits, json};
    /// let body = r#"[["a", "b"], ["cd", "é"]]"#.as_bytes();
    /// let arr = json::decode(body, Some(DType::STR), &Limits::default())?;
    /// let s = arr.as_strings().unwrap();
    /// assert_eq!(&s[[1, 1]], "é");
    /// assert_eq!(s.iter().collect::<Vec<_>>(), ["a", "b", "cd", "é"]);
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    pub fn as_strings(&self) -> Option<&StrArray> {
        match &self.data {
            ArrayData::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Reshape to `shape` (same number of elements), keeping C order.
    ///
    /// # Errors
    /// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) if the sizes differ.
    pub fn into_shape(self, shape: &[usize]) -> Result<DynArray> {
        let DynArray { data, order, width } = self;
        let len = data.len();
        let data = dispatch!(data, a => {
            let a = a.into_shape_with_order(IxDyn(shape)).map_err(|_| {
                Error::bad_input(format!(
                    "cannot reshape array of size {len} into shape {}",
                    crate::shape::format_tuple(shape.iter().map(|&d| d as i64))
                ))
            })?;
            Element::wrap(a)
        }, s => ArrayData::Str(s.into_shape(shape)?));
        Ok(DynArray { data, order, width })
    }
}

fn standard(data: ArrayData) -> ArrayData {
    dispatch!(data, a => {
        if a.is_standard_layout() {
            Element::wrap(a)
        } else {
            Element::wrap(a.as_standard_layout().into_owned())
        }
    }, s => ArrayData::Str(s))
}

/// A string array; its width is the longest element (numpy's `np.array(strings)`).
impl From<StrArray> for DynArray {
    fn from(s: StrArray) -> DynArray {
        DynArray::from_data(ArrayData::Str(s))
    }
}

/// A string array (one buffer for all the elements); its width is the longest element.
impl From<ArrayD<String>> for DynArray {
    fn from(a: ArrayD<String>) -> DynArray {
        DynArray::from(StrArray::from(&a))
    }
}

impl TryFrom<DynArray> for StrArray {
    type Error = Error;
    /// # Errors
    /// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) naming the dtype when the array is
    /// not a string array.
    fn try_from(arr: DynArray) -> Result<StrArray> {
        match arr.data {
            ArrayData::Str(s) => Ok(s),
            other => Err(Error::bad_input(format!(
                "expected an array of dtype \"str\", but \"{}\" was given",
                DType::new(other.scalar(), arr.order, arr.width)
            ))),
        }
    }
}

/// The string elements as owned `String`s (one allocation each): [`StrArray::to_array`].
impl TryFrom<DynArray> for ArrayD<String> {
    type Error = Error;
    /// # Errors
    /// As `StrArray::try_from`.
    fn try_from(arr: DynArray) -> Result<ArrayD<String>> {
        StrArray::try_from(arr).map(|s| s.to_array())
    }
}

impl<T: Element> From<ArrayD<T>> for DynArray {
    fn from(a: ArrayD<T>) -> DynArray {
        DynArray::from_data(T::wrap(a))
    }
}

impl<T: Element> TryFrom<DynArray> for ArrayD<T> {
    type Error = Error;
    /// # Errors
    /// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) naming both dtypes when the array is
    /// not of `T`'s dtype.
    fn try_from(arr: DynArray) -> Result<ArrayD<T>> {
        let dtype = arr.dtype();
        T::take(arr.data).map_err(|_| {
            Error::bad_input(format!(
                "expected an array of dtype \"{}\", but \"{}\" was given",
                T::SCALAR.name(),
                dtype
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::ArrayD;

    #[test]
    fn roundtrip_and_mismatch() {
        let a = ArrayD::from_shape_vec(IxDyn(&[3]), vec![1i64, 2, 3]).unwrap();
        let d = DynArray::from(a.clone());
        assert_eq!(d.dtype(), DType::INT64);
        let err = ArrayD::<f32>::try_from(d.clone()).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::BadInput);
        assert!(err.message().contains("int64"), "{}", err.message());
        assert_eq!(ArrayD::<i64>::try_from(d).unwrap(), a);
    }

    #[test]
    fn trailing_nuls_count_in_the_width_but_are_not_read_back() {
        // np.array(["ab\0", "\0"]) is <U3 holding ["ab", ""]; with dtype "<U2" it is ["ab", ""].
        let s = ArrayD::from_shape_vec(IxDyn(&[2]), vec!["ab\0".to_string(), "\0".into()]).unwrap();
        let d = DynArray::from(s.clone());
        assert_eq!(d.dtype(), DType::string(3));
        let strings = |d: &DynArray| {
            d.as_strings()
                .unwrap()
                .iter()
                .map(String::from)
                .collect::<Vec<_>>()
        };
        assert_eq!(strings(&d), ["ab", ""]);
        let d = DynArray::from_strings(s, 2);
        assert_eq!(strings(&d), ["ab", ""]);
        // An inner NUL is kept.
        let s = ArrayD::from_shape_vec(IxDyn(&[1]), vec!["a\0b".to_string()]).unwrap();
        assert_eq!(&DynArray::from(s).as_strings().unwrap()[[0]], "a\0b");
    }

    #[test]
    fn strings_have_numpy_width() {
        let s = ArrayD::from_shape_vec(IxDyn(&[2]), vec!["héllo".to_string(), "a".into()]).unwrap();
        let d = DynArray::from(s.clone());
        assert_eq!(d.dtype().str(), "<U5");
        let cut = DynArray::from_strings(s, 2);
        assert_eq!(cut.dtype().str(), "<U2");
        assert_eq!(&cut.as_strings().unwrap()[[0]], "hé");
        let empty = DynArray::from(ArrayD::<String>::from_shape_vec(IxDyn(&[0]), vec![]).unwrap());
        assert_eq!(empty.dtype().str(), "<U1");
    }

    #[test]
    fn non_standard_layout_is_made_c_order() {
        let a = ArrayD::from_shape_vec(IxDyn(&[2, 3]), (0..6).map(|x| x as f64).collect()).unwrap();
        let t = a.reversed_axes();
        let d = DynArray::from(t);
        let v: Vec<f64> = d.as_array::<f64>().unwrap().iter().copied().collect();
        assert_eq!(v, vec![0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
        assert!(d.as_array::<f64>().unwrap().is_standard_layout());
    }

    #[test]
    fn reshape_checks_size() {
        let d = DynArray::from(ArrayD::<u8>::zeros(IxDyn(&[6])));
        assert_eq!(d.clone().into_shape(&[2, 3]).unwrap().shape(), &[2, 3]);
        let e = d.into_shape(&[4]).unwrap_err();
        assert_eq!(
            e.message(),
            "cannot reshape array of size 6 into shape (4,)"
        );
    }
}
