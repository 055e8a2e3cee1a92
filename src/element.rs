//! The sealed [`Element`] trait: the Rust types that stand for numpy scalar types.

use ndarray::ArrayD;

use crate::array::ArrayData;
use crate::dtype::ScalarType;

mod private {
    pub trait Sealed {}
}

/// A Rust element type with a numpy counterpart: `bool`, `i8`..`i64`, `u8`..`u64`,
/// [`half::f16`], `f32`, `f64`. numpy unicode arrays are a [`StrArray`](crate::StrArray)
/// instead (one text buffer, `&str` views), reached with
/// [`DynArray::as_strings`](crate::DynArray::as_strings) or `StrArray::try_from`.
///
/// Sealed: the set of types is fixed by the dtypes BentoML's descriptor meets. Handlers use it to
/// get `ArrayD<T>` out of a [`DynArray`](crate::DynArray):
///
/// ```
/// use ndarray::ArrayD;
/// use ndarray_descriptor::{DynArray, Element, ScalarType};
/// assert_eq!(<f32 as Element>::SCALAR, ScalarType::Float32);
/// let arr = DynArray::from(ArrayD::<f32>::zeros(vec![2, 2]));
/// let back: ArrayD<f32> = arr.try_into()?;
/// assert_eq!(back.shape(), &[2, 2]);
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
pub trait Element:
    private::Sealed + Clone + std::fmt::Debug + PartialEq + Send + Sync + 'static
{
    /// The numpy scalar type of this element type.
    const SCALAR: ScalarType;

    /// Wrap an array of this type into the matching [`ArrayData`] variant.
    fn wrap(array: ArrayD<Self>) -> ArrayData;

    /// Borrow the array if `data` holds this type.
    fn peek(data: &ArrayData) -> Option<&ArrayD<Self>>;

    /// Take the array out if `data` holds this type, else give `data` back.
    fn take(data: ArrayData) -> Result<ArrayD<Self>, ArrayData>;
}

macro_rules! element {
    ($t:ty, $variant:ident) => {
        impl private::Sealed for $t {}
        impl Element for $t {
            const SCALAR: ScalarType = ScalarType::$variant;
            #[inline]
            fn wrap(array: ArrayD<Self>) -> ArrayData {
                ArrayData::$variant(array)
            }
            #[inline]
            fn peek(data: &ArrayData) -> Option<&ArrayD<Self>> {
                match data {
                    ArrayData::$variant(a) => Some(a),
                    _ => None,
                }
            }
            #[inline]
            fn take(data: ArrayData) -> Result<ArrayD<Self>, ArrayData> {
                match data {
                    ArrayData::$variant(a) => Ok(a),
                    other => Err(other),
                }
            }
        }
    };
}

element!(bool, Bool);
element!(i8, Int8);
element!(i16, Int16);
element!(i32, Int32);
element!(i64, Int64);
element!(u8, UInt8);
element!(u16, UInt16);
element!(u32, UInt32);
element!(u64, UInt64);
element!(half::f16, Float16);
element!(f32, Float32);
element!(f64, Float64);
