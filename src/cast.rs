//! numpy casting: the [`Casting`] levels, the [`can_cast`] table and [`astype`].
//!
//! [`can_cast`] is `np.can_cast(from, to, casting)` for every pair of carried dtypes, and
//! [`astype`] is `arr.astype(to)` (numpy's *unsafe* cast: it converts whatever `can_cast`
//! says). `NumpyNdarray::validate` casts when `can_cast(.., Casting::SameKind)` allows it, so
//! every value change numpy makes there (int64 300 → int8 44, 1e300 → float32 inf, numbers →
//! text at the source precision) is reproduced here.

use std::fmt;
use std::str::FromStr;

use half::f16;
use ndarray::{ArrayD, IxDyn};

use crate::array::{ArrayData, DynArray};
use crate::dtype::{DType, ScalarType};
use crate::element::Element;
use crate::error::{Error, Result};
use crate::number::{f16_to_f32, f16_to_f64, f32_to_f16, f64_to_f16};
use crate::python::repr::py_repr;
use crate::python::text::{
    INT_MAX_STR_DIGITS, IntTextError, PyIntParse, py_float_from_str, py_int_from_str,
};
use crate::strings::{StrArray, StrBuilder};

/// numpy's casting rules (`casting=` of `np.can_cast` / `astype`), from the strictest to the
/// most permissive; the order of the variants is that order.
///
/// ```
/// use ndarray_descriptor::{Casting, DType, can_cast};
/// assert!(can_cast(DType::INT64, DType::INT8, Casting::SameKind));
/// assert!(!can_cast(DType::INT64, DType::INT8, Casting::Safe));
/// assert_eq!(Casting::required(DType::FLOAT64, DType::INT32), Casting::Unsafe);
/// assert_eq!("same_kind".parse::<Casting>()?, Casting::SameKind);
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
///
/// Non-exhaustive: numpy 2.4's `astype` already takes a sixth level, `same_value`, that
/// `can_cast` does not yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Casting {
    /// `"no"`: identical dtypes only, byte order included.
    No,
    /// `"equiv"`: identical up to byte order.
    Equiv,
    /// `"safe"`: every value is preserved (`int8` → `int16`, `uint32` → `float64`, a number →
    /// a string wide enough for any value).
    Safe,
    /// `"same_kind"`: safe, or within a kind ordering `bool < uint < int < float` (`float64` →
    /// `float32`, `uint64` → `int8`, any number → any string, string → shorter string).
    /// What BentoML's `validate_array` uses.
    SameKind,
    /// `"unsafe"`: anything (`float` → `int`, `str` → numbers).
    Unsafe,
}

impl Casting {
    /// The strictest rule under which numpy allows `from` → `to`: `can_cast(from, to, c)` is
    /// `Casting::required(from, to) <= c`.
    pub fn required(from: DType, to: DType) -> Casting {
        use ScalarType::Str;
        match (from.scalar(), to.scalar()) {
            (Str, Str) => {
                // An unsized target (`U0`, numpy's `str`) takes the source's width and native
                // byte order, so only a byte swap separates them.
                if to.width() == 0 {
                    return if from.is_native() {
                        Casting::No
                    } else {
                        Casting::Equiv
                    };
                }
                match from.width().cmp(&to.width()) {
                    std::cmp::Ordering::Less => Casting::Safe,
                    std::cmp::Ordering::Greater => Casting::SameKind,
                    std::cmp::Ordering::Equal if from.order() == to.order() => Casting::No,
                    std::cmp::Ordering::Equal => Casting::Equiv,
                }
            }
            (Str, _) => Casting::Unsafe,
            (s, Str) => {
                if to.width() == 0 || to.width() >= string_width(s) {
                    Casting::Safe
                } else {
                    Casting::SameKind
                }
            }
            (a, b) if a == b => {
                if from.order() == to.order() {
                    Casting::No
                } else {
                    Casting::Equiv
                }
            }
            (a, b) if safe_numeric(a, b) => Casting::Safe,
            (a, b) if kind_rank(a) <= kind_rank(b) => Casting::SameKind,
            _ => Casting::Unsafe,
        }
    }

    /// numpy's spelling: `"no"`, `"equiv"`, `"safe"`, `"same_kind"`, `"unsafe"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Casting::No => "no",
            Casting::Equiv => "equiv",
            Casting::Safe => "safe",
            Casting::SameKind => "same_kind",
            Casting::Unsafe => "unsafe",
        }
    }
}

impl fmt::Display for Casting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Casting {
    type Err = Error;
    /// # Errors
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) for anything but
    /// numpy's five spellings.
    fn from_str(s: &str) -> Result<Casting> {
        Ok(match s {
            "no" => Casting::No,
            "equiv" => Casting::Equiv,
            "safe" => Casting::Safe,
            "same_kind" => Casting::SameKind,
            "unsafe" => Casting::Unsafe,
            other => {
                return Err(Error::invalid_argument(format!(
                    "casting must be one of 'no', 'equiv', 'safe', 'same_kind', or 'unsafe' \
                     (got {other:?})"
                )));
            }
        })
    }
}

/// `np.can_cast(from, to, casting)`.
///
/// Byte order matters only for [`Casting::No`]; an unsized string target (`U0`) accepts any
/// width; a number fits a string safely when the string is at least as wide as numpy's
/// estimate for the type (`bool` 5, `int64` 21, `uint64` 20, floats 32 characters).
///
/// ```
/// use ndarray_descriptor::{ByteOrder, Casting, DType, can_cast};
/// let be = DType::INT64.with_byteorder(ByteOrder::Big);
/// assert!(!can_cast(DType::INT64, be, Casting::No));
/// assert!(can_cast(DType::INT64, be, Casting::Equiv));
/// assert!(can_cast(DType::INT64, DType::string(21), Casting::Safe));
/// assert!(!can_cast(DType::INT64, DType::string(20), Casting::Safe));
/// assert!(can_cast(DType::UINT64, DType::INT8, Casting::SameKind));
/// assert!(!can_cast(DType::INT8, DType::UINT64, Casting::SameKind));
/// assert!(!can_cast(DType::STR, DType::FLOAT32, Casting::SameKind));
/// ```
pub fn can_cast(from: DType, to: DType, casting: Casting) -> bool {
    Casting::required(from, to) <= casting
}

/// numpy's `kind` ordering for `same_kind`: `b < u < i < f` (`dtype_kind_to_ordering`).
fn kind_rank(s: ScalarType) -> u8 {
    match s.kind() {
        'b' => 0,
        'u' => 1,
        'i' => 2,
        'f' => 3,
        _ => 4,
    }
}

/// numpy's safe-casting table between numeric types (`_npy_can_cast_safely_to`).
fn safe_numeric(from: ScalarType, to: ScalarType) -> bool {
    let (fs, ts) = (from.size(), to.size());
    match (from.kind(), to.kind()) {
        ('b', _) => true,
        (_, 'b') => false,
        ('u', 'u') | ('i', 'i') | ('f', 'f') => ts >= fs,
        ('u', 'i') => ts > fs,
        // 64-bit integers go to float64 "safely" in numpy, although not every value survives.
        ('u' | 'i', 'f') => ts > fs || ts == 8,
        _ => false,
    }
}

/// The width in characters numpy gives a number cast to an unsized string, which is also the
/// width a sized target needs for a `safe` cast (`cast_to_string_resolve_descriptors`).
pub(crate) fn string_width(s: ScalarType) -> u32 {
    use ScalarType::*;
    match s {
        Bool => 5,
        UInt8 => 3,
        Int8 => 4,
        UInt16 => 5,
        Int16 => 6,
        UInt32 => 10,
        Int32 => 11,
        UInt64 => 20,
        Int64 => 21,
        Float16 | Float32 | Float64 => 32,
        Str => 0,
    }
}

/// `arr.astype(to)`: numpy's unsafe cast of every element, in one pass over the C-order data.
///
/// * Numbers to numbers convert as numpy's C loops do on x86-64: integers wrap
///   (`int64` 300 → `int8` 44), floats truncate toward zero into integers, and values an
///   integer type cannot hold (NaN, ±inf, out of range) give what the x86-64 conversion
///   instructions give — `INT_MIN` for `int32`/`int64`, 0 for the narrower types, and for
///   `uint32`/`uint64` the bit patterns numpy produces (see the tests); floats round to
///   nearest (`float64` 1e300 → `float32` inf); integers reach `float16` through `float32`
///   as in numpy; anything → `bool` is `!= 0`.
/// * Numbers to strings are numpy's `str()` of each element at the *source* precision
///   (`float32` 0.1 → `"0.1"`, `float16` 65504 → `"6.55e+04"`, `True`, decimal integers), cut
///   to the target width. An unsized target (`U0`) gets numpy's width for the source type
///   (`int64` → `<U21`, floats → `<U32`, `bool` → `<U5`).
/// * Strings to strings are cut (or relabelled) to the target width; an unsized target keeps
///   the source dtype.
/// * Strings to numbers parse each element as numpy does (Python's `int()` / `float()`:
///   surrounding whitespace, a sign, `_` between digits, Unicode decimal digits; `nan`,
///   `inf`, `infinity` for floats; bool is "non-empty"). A string that does not parse, or an
///   integer out of the target's range, is a bad-input error with numpy's message.
/// * The result carries `to`'s byte order; values are unchanged by a byte-order change.
///
/// ```
/// use ndarray::{ArrayD, IxDyn};
/// use ndarray_descriptor::{DType, DynArray, astype};
/// let a = DynArray::from(ArrayD::from_shape_vec(IxDyn(&[3]), vec![300i64, -1, 7]).unwrap());
/// let b = astype(&a, DType::INT8)?;
/// assert_eq!(b.as_array::<i8>().unwrap().as_slice().unwrap(), &[44, -1, 7]);
/// let s = a.astype(DType::STR)?;
/// assert_eq!(s.dtype().str(), "<U21");
/// assert_eq!(&s.as_strings().unwrap()[[0]], "300");
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) when a string element does not parse
/// as the numeric target type or does not fit it. Other casts cannot fail.
pub fn astype(arr: &DynArray, to: DType) -> Result<DynArray> {
    let from = arr.dtype();
    let target = match (from.scalar(), to.scalar()) {
        // numpy keeps the array's own string dtype when asked for the unsized `str`.
        (ScalarType::Str, ScalarType::Str) if to.width() == 0 => from,
        (s, ScalarType::Str) if to.width() == 0 => DType::string(string_width(s)),
        _ => to,
    };
    let data = match target.scalar() {
        ScalarType::Bool => ArrayData::Bool(to_number::<bool>(arr.data())?),
        ScalarType::Int8 => ArrayData::Int8(to_number::<i8>(arr.data())?),
        ScalarType::Int16 => ArrayData::Int16(to_number::<i16>(arr.data())?),
        ScalarType::Int32 => ArrayData::Int32(to_number::<i32>(arr.data())?),
        ScalarType::Int64 => ArrayData::Int64(to_number::<i64>(arr.data())?),
        ScalarType::UInt8 => ArrayData::UInt8(to_number::<u8>(arr.data())?),
        ScalarType::UInt16 => ArrayData::UInt16(to_number::<u16>(arr.data())?),
        ScalarType::UInt32 => ArrayData::UInt32(to_number::<u32>(arr.data())?),
        ScalarType::UInt64 => ArrayData::UInt64(to_number::<u64>(arr.data())?),
        ScalarType::Float16 => ArrayData::Float16(to_number::<f16>(arr.data())?),
        ScalarType::Float32 => ArrayData::Float32(to_number::<f32>(arr.data())?),
        ScalarType::Float64 => ArrayData::Float64(to_number::<f64>(arr.data())?),
        ScalarType::Str => ArrayData::Str(to_text(arr.data(), target.width() as usize)?),
    };
    Ok(DynArray::with_dtype(data, target)?.with_byteorder(target.order()))
}

impl DynArray {
    /// `arr.astype(to)`; see [`astype`].
    ///
    /// # Errors
    /// As [`astype`]: bad input when a string element does not parse as the numeric target.
    pub fn astype(&self, to: DType) -> Result<DynArray> {
        astype(self, to)
    }
}

/// A numeric element as a cast source.
trait Num: Element + Copy {
    /// Whether this is a float type (the integer paths below are then unused).
    const FLOAT: bool;
    /// Whether numpy's contiguous `→ uint32` loop for this type is vectorised on x86-64 (it is
    /// for float32/float64, not for float16), which changes out-of-range results.
    const VECTOR_U32: bool = false;
    /// Integer/bool value as sign-extended two's-complement bits.
    fn bits(self) -> u64;
    /// The value as f64: exact for floats and small ints, rounded for 64-bit ints.
    fn f64(self) -> f64;
    /// The value as f32, rounded once from the exact value (C's `(float)x`).
    fn f32(self) -> f32;
    /// Whether the value is non-zero (NaN counts as non-zero).
    fn nonzero(self) -> bool;
}

macro_rules! int_num {
    ($($t:ty),*) => {$(
        impl Num for $t {
            const FLOAT: bool = false;
            #[inline(always)]
            fn bits(self) -> u64 { self as u64 }
            #[inline(always)]
            fn f64(self) -> f64 { self as f64 }
            #[inline(always)]
            fn f32(self) -> f32 { self as f32 }
            #[inline(always)]
            fn nonzero(self) -> bool { self != 0 }
        }
    )*};
}
int_num!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Num for bool {
    const FLOAT: bool = false;
    #[inline(always)]
    fn bits(self) -> u64 {
        u64::from(self)
    }
    #[inline(always)]
    fn f64(self) -> f64 {
        f64::from(u8::from(self))
    }
    #[inline(always)]
    fn f32(self) -> f32 {
        f32::from(u8::from(self))
    }
    #[inline(always)]
    fn nonzero(self) -> bool {
        self
    }
}

impl Num for f16 {
    const FLOAT: bool = true;
    #[inline(always)]
    fn bits(self) -> u64 {
        0
    }
    #[inline(always)]
    fn f64(self) -> f64 {
        f16_to_f64(self)
    }
    #[inline(always)]
    fn f32(self) -> f32 {
        f16_to_f32(self)
    }
    #[inline(always)]
    fn nonzero(self) -> bool {
        // -0.0 is zero; NaN is not.
        self.to_bits() & 0x7fff != 0
    }
}

impl Num for f32 {
    const FLOAT: bool = true;
    const VECTOR_U32: bool = true;
    #[inline(always)]
    fn bits(self) -> u64 {
        0
    }
    #[inline(always)]
    fn f64(self) -> f64 {
        f64::from(self)
    }
    #[inline(always)]
    fn f32(self) -> f32 {
        self
    }
    #[inline(always)]
    fn nonzero(self) -> bool {
        self != 0.0
    }
}

impl Num for f64 {
    const FLOAT: bool = true;
    const VECTOR_U32: bool = true;
    #[inline(always)]
    fn bits(self) -> u64 {
        0
    }
    #[inline(always)]
    fn f64(self) -> f64 {
        self
    }
    #[inline(always)]
    fn f32(self) -> f32 {
        self as f32
    }
    #[inline(always)]
    fn nonzero(self) -> bool {
        self != 0.0
    }
}

/// x86-64 `cvttsd2si` with a 32-bit result: truncation, and `INT_MIN` for NaN and anything
/// out of range (Rust's `as` saturates instead).
#[inline(always)]
fn cvtt_i32(x: f64) -> i32 {
    if x > -2147483649.0 && x < 2147483648.0 {
        x as i32
    } else {
        i32::MIN
    }
}

/// x86-64 `cvttsd2si` with a 64-bit result.
#[inline(always)]
fn cvtt_i64(x: f64) -> i64 {
    if (-9223372036854775808.0..9223372036854775808.0).contains(&x) {
        x as i64
    } else {
        i64::MIN
    }
}

/// C's `(uint64_t)x` as gcc compiles it for x86-64: below 2^63 (or NaN) a signed conversion,
/// else a signed conversion of `x - 2^63` with the top bit flipped back.
#[inline(always)]
fn cvtt_u64(x: f64) -> u64 {
    const TWO63: f64 = 9223372036854775808.0;
    if x >= TWO63 {
        (cvtt_i64(x - TWO63) as u64) ^ (1 << 63)
    } else {
        cvtt_i64(x) as u64
    }
}

/// The vectorised `(uint32_t)x` of numpy's contiguous float32/float64 → uint32 loop (blocks
/// of 4 elements): the same trick as [`cvtt_u64`] on 32-bit lanes.
#[inline(always)]
fn cvtt_u32_vector(x: f64) -> u32 {
    const TWO31: f64 = 2147483648.0;
    if x >= TWO31 {
        (cvtt_i32(x - TWO31) as u32) ^ (1 << 31)
    } else {
        cvtt_i32(x) as u32
    }
}

/// A numeric element as a cast target.
trait Target: Element + Copy + Default {
    fn from_num<S: Num>(s: S) -> Self;
    /// The whole contiguous slice; overridden where numpy's loop is not element-wise uniform.
    fn from_slice<S: Num>(src: &[S]) -> Vec<Self> {
        src.iter().map(|&s| Self::from_num(s)).collect()
    }
}

impl Target for bool {
    #[inline(always)]
    fn from_num<S: Num>(s: S) -> bool {
        s.nonzero()
    }
}

/// Narrow integers: floats go through a 32-bit conversion and are then truncated to the
/// width (C's `(int8_t)double` on x86-64), integers wrap.
macro_rules! narrow_int_target {
    ($($t:ty),*) => {$(
        impl Target for $t {
            #[inline(always)]
            fn from_num<S: Num>(s: S) -> $t {
                if S::FLOAT { cvtt_i32(s.f64()) as $t } else { s.bits() as $t }
            }
        }
    )*};
}
narrow_int_target!(i8, i16, u8, u16, i32);

impl Target for i64 {
    #[inline(always)]
    fn from_num<S: Num>(s: S) -> i64 {
        if S::FLOAT {
            cvtt_i64(s.f64())
        } else {
            s.bits() as i64
        }
    }
}

impl Target for u64 {
    #[inline(always)]
    fn from_num<S: Num>(s: S) -> u64 {
        if S::FLOAT {
            cvtt_u64(s.f64())
        } else {
            s.bits()
        }
    }
}

impl Target for u32 {
    #[inline(always)]
    fn from_num<S: Num>(s: S) -> u32 {
        // The scalar loop: a 64-bit conversion truncated to 32 bits.
        if S::FLOAT {
            cvtt_i64(s.f64()) as u32
        } else {
            s.bits() as u32
        }
    }

    fn from_slice<S: Num>(src: &[S]) -> Vec<u32> {
        if !S::VECTOR_U32 {
            return src.iter().map(|&s| u32::from_num(s)).collect();
        }
        // numpy's float → uint32 loop runs 4 elements at a time with a different out-of-range
        // result, and finishes the tail with the scalar conversion (measured on numpy 2.4.6,
        // x86-64: `np.full(5, -3e9).astype('u4')` is `[2**31]*4 + [1294967296]`).
        let mut out = Vec::with_capacity(src.len());
        let mut blocks = src.chunks_exact(4);
        for b in &mut blocks {
            out.extend(b.iter().map(|&s| cvtt_u32_vector(s.f64())));
        }
        out.extend(blocks.remainder().iter().map(|&s| u32::from_num(s)));
        out
    }
}

impl Target for f16 {
    #[inline(always)]
    fn from_num<S: Num>(s: S) -> f16 {
        if S::SCALAR == ScalarType::Float32 {
            // Straight from the float32: through f64 a signalling NaN would be quieted.
            f32_to_f16(s.f32())
        } else if S::FLOAT {
            f64_to_f16(s.f64())
        } else {
            // numpy: npy_float_to_half((float)x), two roundings.
            f64_to_f16(f64::from(s.f32()))
        }
    }
}

impl Target for f32 {
    #[inline(always)]
    fn from_num<S: Num>(s: S) -> f32 {
        s.f32()
    }
}

impl Target for f64 {
    #[inline(always)]
    fn from_num<S: Num>(s: S) -> f64 {
        s.f64()
    }
}

/// Convert a C-order array elementwise, over its contiguous slice.
fn map_array<S: Num, T: Target>(a: &ArrayD<S>) -> Result<ArrayD<T>> {
    let out = match a.as_slice() {
        Some(s) => T::from_slice(s),
        None => a.iter().map(|&s| T::from_num(s)).collect(),
    };
    rebuild(a.shape(), out)
}

/// The converted elements in the source's shape (same count, so this cannot fail).
fn rebuild<T>(shape: &[usize], data: Vec<T>) -> Result<ArrayD<T>> {
    ArrayD::from_shape_vec(IxDyn(shape), data)
        .map_err(|e| Error::internal(format!("cast changed the element count: {e}")))
}

fn to_number<T: Target + FromText>(data: &ArrayData) -> Result<ArrayD<T>> {
    match data {
        ArrayData::Bool(a) => map_array(a),
        ArrayData::Int8(a) => map_array(a),
        ArrayData::Int16(a) => map_array(a),
        ArrayData::Int32(a) => map_array(a),
        ArrayData::Int64(a) => map_array(a),
        ArrayData::UInt8(a) => map_array(a),
        ArrayData::UInt16(a) => map_array(a),
        ArrayData::UInt32(a) => map_array(a),
        ArrayData::UInt64(a) => map_array(a),
        ArrayData::Float16(a) => map_array(a),
        ArrayData::Float32(a) => map_array(a),
        ArrayData::Float64(a) => map_array(a),
        ArrayData::Str(a) => {
            let out = a
                .iter()
                .map(|s| T::from_text(s))
                .collect::<Result<Vec<T>>>()?;
            rebuild(a.shape(), out)
        }
    }
}

/// numpy's `str()` of a numeric element (the text `astype(str)` stores).
trait ToText: Copy {
    fn write_text(self, out: &mut Vec<u8>);
}

/// Integers print through the widest type of their signedness.
macro_rules! int_text {
    ($write:path, $wide:ty: $($t:ty),*) => {$(
        impl ToText for $t {
            #[inline]
            fn write_text(self, out: &mut Vec<u8>) {
                $write(out, <$wide>::from(self));
            }
        }
    )*};
}
int_text!(crate::number::write_numpy_str_i64, i64: i8, i16, i32, i64);
int_text!(crate::number::write_numpy_str_u64, u64: u8, u16, u32, u64);

impl ToText for bool {
    fn write_text(self, out: &mut Vec<u8>) {
        crate::number::write_numpy_str_bool(out, self);
    }
}

impl ToText for f16 {
    fn write_text(self, out: &mut Vec<u8>) {
        crate::number::write_numpy_str_f16(out, self);
    }
}

impl ToText for f32 {
    fn write_text(self, out: &mut Vec<u8>) {
        crate::number::write_numpy_str_f32(out, self);
    }
}

impl ToText for f64 {
    fn write_text(self, out: &mut Vec<u8>) {
        crate::number::write_numpy_str_f64(out, self);
    }
}

/// Numbers → text, cut to `width` characters (all ASCII), written into one buffer.
fn numbers_to_text<S: ToText>(a: &ArrayD<S>, width: usize) -> Result<StrArray> {
    let mut buf = Vec::with_capacity(32);
    // Most numbers print short; the buffer grows as the text does, never beyond
    // elements × width.
    let mut out = StrBuilder::with_capacity(a.len(), a.len().saturating_mul(width.min(8)));
    for &v in a {
        buf.clear();
        v.write_text(&mut buf);
        buf.truncate(width);
        // The formatters write ASCII only.
        out.push(&String::from_utf8_lossy(&buf));
    }
    out.finish(a.shape())
}

fn to_text(data: &ArrayData, width: usize) -> Result<StrArray> {
    match data {
        ArrayData::Bool(a) => numbers_to_text(a, width),
        ArrayData::Int8(a) => numbers_to_text(a, width),
        ArrayData::Int16(a) => numbers_to_text(a, width),
        ArrayData::Int32(a) => numbers_to_text(a, width),
        ArrayData::Int64(a) => numbers_to_text(a, width),
        ArrayData::UInt8(a) => numbers_to_text(a, width),
        ArrayData::UInt16(a) => numbers_to_text(a, width),
        ArrayData::UInt32(a) => numbers_to_text(a, width),
        ArrayData::UInt64(a) => numbers_to_text(a, width),
        ArrayData::Float16(a) => numbers_to_text(a, width),
        ArrayData::Float32(a) => numbers_to_text(a, width),
        ArrayData::Float64(a) => numbers_to_text(a, width),
        ArrayData::Str(a) => Ok(a.clone().truncate_chars(width)),
    }
}

/// Text → a numeric element, as numpy's string → number cast does it (through Python's
/// `int()`, `float()` and truthiness).
trait FromText: Sized {
    fn from_text(s: &str) -> Result<Self>;
}

impl FromText for bool {
    fn from_text(s: &str) -> Result<bool> {
        Ok(!s.is_empty())
    }
}

/// `max` is the largest value numpy's conversion of a Python int takes before its bounds
/// check: a C `long` for the signed types, `uint8` and `uint16`; an `unsigned long long` for
/// `uint32` and `uint64` (measured with numpy 2.4.6).
macro_rules! int_from_text {
    ($max:expr => $($t:ty),*) => {$(
        impl FromText for $t {
            fn from_text(s: &str) -> Result<$t> {
                let v = parse_py_int(s, $max)?;
                <$t>::try_from(v).map_err(|_| {
                    Error::bad_input(format!(
                        "Python integer {v} out of bounds for {}",
                        <$t as Element>::SCALAR.name()
                    ))
                })
            }
        }
    )*};
}
int_from_text!(i128::from(i64::MAX) => i8, i16, i32, i64, u8, u16);
int_from_text!(i128::from(u64::MAX) => u32, u64);

impl FromText for f64 {
    fn from_text(s: &str) -> Result<f64> {
        parse_py_float(s)
    }
}

impl FromText for f32 {
    fn from_text(s: &str) -> Result<f32> {
        // Python float first, then C's (float)double: the double rounding numpy does.
        parse_py_float(s).map(|v| v as f32)
    }
}

impl FromText for f16 {
    fn from_text(s: &str) -> Result<f16> {
        parse_py_float(s).map(f64_to_f16)
    }
}

/// numpy's `repr` of a `str` element (`np.str_('1.5')`), as its messages quote it.
fn np_str_repr(s: &str) -> String {
    format!("np.str_({})", py_repr(s))
}

/// Python's `int(s)` (base 10) with the messages numpy's string → integer cast raises; values
/// outside `i64::MIN..=max` fail as numpy's C conversion of the Python int does.
fn parse_py_int(s: &str, max: i128) -> Result<i128> {
    match py_int_from_str(s) {
        Ok(PyIntParse::Small(v)) if (i128::from(i64::MIN)..=max).contains(&v) => Ok(v),
        Ok(_) => Err(Error::bad_input(
            "Python int too large to convert to C long",
        )),
        Err(IntTextError::TooManyDigits(n)) => Err(Error::bad_input(format!(
            "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion: \
             value has {n} digits; use sys.set_int_max_str_digits() to increase the limit"
        ))),
        // CPython formats the object with `%.200R`: its repr cut to 200 characters.
        Err(IntTextError::Invalid) => Err(Error::bad_input(format!(
            "invalid literal for int() with base 10: {}",
            np_str_repr(s).chars().take(200).collect::<String>()
        ))),
    }
}

/// Python's `float(s)`, with the message numpy's string → float cast raises.
fn parse_py_float(s: &str) -> Result<f64> {
    py_float_from_str(s).ok_or_else(|| {
        Error::bad_input(format!(
            "could not convert string to float: {}",
            np_str_repr(s)
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::ByteOrder;

    fn arr<T>(v: Vec<T>) -> DynArray
    where
        DynArray: From<ArrayD<T>>,
    {
        DynArray::from(ArrayD::from_shape_vec(IxDyn(&[v.len()]), v).unwrap())
    }

    fn vals<T: Element + Clone>(a: &DynArray) -> Vec<T> {
        a.as_array::<T>().unwrap().iter().cloned().collect()
    }

    fn strs(a: &DynArray) -> Vec<&str> {
        a.as_strings().unwrap().iter().collect()
    }

    #[test]
    fn casting_table_spot_checks() {
        use Casting::*;
        let be = |d: DType| d.with_byteorder(ByteOrder::Big);
        let cases = [
            (DType::BOOL, DType::INT8, Safe),
            (DType::INT8, DType::UINT16, Unsafe),
            (DType::UINT8, DType::INT16, Safe),
            (DType::UINT16, DType::INT16, SameKind),
            (DType::INT32, DType::FLOAT32, SameKind),
            (DType::INT32, DType::FLOAT64, Safe),
            (DType::INT64, DType::FLOAT64, Safe),
            (DType::UINT64, DType::INT64, SameKind),
            (DType::FLOAT16, DType::INT64, Unsafe),
            (DType::FLOAT64, DType::FLOAT16, SameKind),
            (DType::INT64, be(DType::INT64), Equiv),
            (DType::INT8, be(DType::INT8), No),
            (DType::INT16, DType::string(5), SameKind),
            (DType::UINT16, DType::string(5), Safe),
            (DType::FLOAT16, DType::string(21), SameKind),
            (DType::FLOAT64, DType::STR, Safe),
            (DType::string(21), DType::STR, No),
            (be(DType::string(5)), DType::STR, Equiv),
            (DType::STR, DType::string(5), Safe),
            (DType::string(10), DType::string(5), SameKind),
            (DType::string(5), be(DType::string(5)), Equiv),
            (DType::string(5), DType::BOOL, Unsafe),
        ];
        for (from, to, want) in cases {
            assert_eq!(Casting::required(from, to), want, "{from} -> {to}");
        }
    }

    #[test]
    fn safe_table_is_a_kind_preserving_order() {
        // Every safe cast is also same_kind, and same_kind never goes down the kind order.
        for &a in &ScalarType::ALL {
            for &b in &ScalarType::ALL {
                let c = Casting::required(DType::native(a), DType::native(b));
                if a == b {
                    assert_eq!(c, Casting::No);
                } else if a != ScalarType::Str && b != ScalarType::Str {
                    assert_eq!(
                        c <= Casting::SameKind,
                        kind_rank(a) <= kind_rank(b),
                        "{a:?} {b:?}"
                    );
                }
            }
        }
    }

    /// The table agrees with the kernels: whatever `can_cast` calls safe survives a round trip
    /// through `astype` (extremes of every type included).
    #[test]
    fn safe_casts_round_trip() {
        fn extremes(s: ScalarType) -> DynArray {
            use ScalarType::*;
            match s {
                Bool => arr(vec![true, false]),
                Int8 => arr(vec![i8::MIN, -1, 0, i8::MAX]),
                Int16 => arr(vec![i16::MIN, -1, 0, i16::MAX]),
                Int32 => arr(vec![i32::MIN, -1, 0, i32::MAX]),
                Int64 => arr(vec![i64::MIN, -1, 0, 1 << 53]),
                UInt8 => arr(vec![0u8, u8::MAX]),
                UInt16 => arr(vec![0u16, u16::MAX]),
                UInt32 => arr(vec![0u32, u32::MAX]),
                UInt64 => arr(vec![0u64, 1 << 53]),
                Float16 => arr(vec![f16::MIN, f16::MIN_POSITIVE_SUBNORMAL, f16::MAX]),
                Float32 => arr(vec![f32::MIN, 1e-45, f32::MAX]),
                Float64 => arr(vec![f64::MIN, 5e-324, f64::MAX]),
                Str => arr(vec!["abc".to_string()]),
            }
        }
        for &a in &ScalarType::ALL {
            for &b in &ScalarType::ALL {
                let (from, to) = (DType::native(a), DType::native(b));
                if a == ScalarType::Str || !can_cast(from, to, Casting::Safe) {
                    continue;
                }
                let src = extremes(a);
                let there = astype(&src, to).unwrap();
                if b == ScalarType::Str {
                    // Text round-trips through numpy's parser (bools excepted: "False" is truthy).
                    if a != ScalarType::Bool {
                        assert_eq!(astype(&there, from).unwrap(), src, "{a:?} -> {b:?}");
                    }
                    continue;
                }
                assert_eq!(astype(&there, from).unwrap(), src, "{a:?} -> {b:?}");
            }
        }
    }

    #[test]
    fn zero_dimensional_and_empty() {
        let z = DynArray::from(ArrayD::from_elem(IxDyn(&[]), 2.5f64));
        let i = astype(&z, DType::INT16).unwrap();
        assert_eq!(i.shape(), &[] as &[usize]);
        assert_eq!(vals::<i16>(&i), vec![2]);
        let e = DynArray::from(ArrayD::<f32>::zeros(IxDyn(&[0, 3])));
        let s = astype(&e, DType::STR).unwrap();
        assert_eq!(
            (s.shape(), s.dtype().str()),
            (&[0usize, 3][..], "<U32".to_string())
        );
    }

    #[test]
    fn integer_wraparound_and_float_truncation() {
        let a = arr(vec![300i64, -129, i64::MAX, -1]);
        assert_eq!(
            vals::<i8>(&astype(&a, DType::INT8).unwrap()),
            vec![44, 127, -1, -1]
        );
        assert_eq!(
            vals::<u64>(&astype(&a, DType::UINT64).unwrap()),
            vec![300, (-129i64) as u64, i64::MAX as u64, u64::MAX]
        );
        let f = arr(vec![
            -0.5f64,
            255.9,
            -1.5,
            70000.5,
            f64::NAN,
            f64::INFINITY,
            3e9,
        ]);
        assert_eq!(
            vals::<i32>(&astype(&f, DType::INT32).unwrap()),
            vec![0, 255, -1, 70000, i32::MIN, i32::MIN, i32::MIN]
        );
        assert_eq!(
            vals::<i16>(&astype(&f, DType::INT16).unwrap()),
            vec![0, 255, -1, 4464, 0, 0, 0]
        );
        assert_eq!(
            vals::<u8>(&astype(&f, DType::UINT8).unwrap()),
            vec![0, 255, 255, 112, 0, 0, 0]
        );
        assert_eq!(
            vals::<i64>(&astype(&f, DType::INT64).unwrap())[4..],
            [i64::MIN, i64::MIN, 3_000_000_000]
        );
        assert_eq!(
            vals::<u64>(&astype(&f, DType::UINT64).unwrap())[2..],
            [u64::MAX, 70000, 1 << 63, 0, 3_000_000_000]
        );
    }

    #[test]
    fn float_to_uint32_follows_numpys_vector_blocks() {
        let a = arr(vec![-3e9f64; 5]);
        assert_eq!(
            vals::<u32>(&astype(&a, DType::UINT32).unwrap()),
            vec![1 << 31, 1 << 31, 1 << 31, 1 << 31, 1294967296]
        );
        let h = arr(vec![f16::NAN; 5]);
        assert_eq!(vals::<u32>(&astype(&h, DType::UINT32).unwrap()), vec![0; 5]);
    }

    #[test]
    fn float_rounding() {
        let a = arr(vec![
            1e300f64,
            0.1,
            65519.99,
            65520.0,
            1e-8,
            2049.0 + 1.0 / 1024.0,
        ]);
        let f = vals::<f32>(&astype(&a, DType::FLOAT32).unwrap());
        assert_eq!(f[0], f32::INFINITY);
        assert_eq!(f[1], 0.1f32);
        let h = vals::<f16>(&astype(&a, DType::FLOAT16).unwrap());
        assert_eq!(h[2], f16::MAX);
        assert_eq!(h[3], f16::INFINITY);
        assert_eq!(h[4], f16::from_bits(0)); // 1e-8 < 2^-25: rounds to zero
        // Just above the tie 2049 (between 2048 and 2050): one correct rounding gives 2050.
        assert_eq!(h[5], f16::from_f32(2050.0));
        assert_eq!(f64_to_f16(5.960464477539063e-08), f16::from_bits(1));
        assert_eq!(f64_to_f16(-0.0).to_bits(), 0x8000);
        // int64 → float16 goes through float32 (numpy's two roundings).
        let i = arr(vec![2049i64, 65519, 70000]);
        let h = vals::<f16>(&astype(&i, DType::FLOAT16).unwrap());
        assert_eq!(h, vec![f16::from_f32(2048.0), f16::MAX, f16::INFINITY]);
    }

    #[test]
    fn bools() {
        let f = arr(vec![0.0f32, -0.0, f32::NAN, 2.0]);
        assert_eq!(
            vals::<bool>(&astype(&f, DType::BOOL).unwrap()),
            vec![false, false, true, true]
        );
        let b = arr(vec![true, false]);
        assert_eq!(
            vals::<f64>(&astype(&b, DType::FLOAT64).unwrap()),
            vec![1.0, 0.0]
        );
        assert_eq!(vals::<i8>(&astype(&b, DType::INT8).unwrap()), vec![1, 0]);
    }

    #[test]
    fn byte_order_is_a_label() {
        let a = arr(vec![1.5f32, 2.5]);
        let be = DType::FLOAT32.with_byteorder(ByteOrder::Big);
        let b = astype(&a, be).unwrap();
        assert_eq!(b.dtype().str(), ">f4");
        assert_eq!(vals::<f32>(&b), vec![1.5, 2.5]);
    }

    #[test]
    fn numbers_to_strings() {
        let b = astype(&arr(vec![true, false]), DType::STR).unwrap();
        assert_eq!(b.dtype().str(), "<U5");
        assert_eq!(strs(&b), vec!["True", "False"]);
        let i = astype(&arr(vec![i64::MIN, 5]), DType::STR).unwrap();
        assert_eq!(i.dtype().str(), "<U21");
        assert_eq!(strs(&i), vec!["-9223372036854775808", "5"]);
        let u = astype(&arr(vec![255u8]), DType::STR).unwrap();
        assert_eq!(u.dtype().str(), "<U3");
        let f = astype(&arr(vec![0.1f32, 1e6]), DType::STR).unwrap();
        assert_eq!(f.dtype().str(), "<U32");
        assert_eq!(strs(&f), vec!["0.1", "1e+06"]);
        let h = astype(&arr(vec![f16::from_f32(65504.0)]), DType::string(3)).unwrap();
        assert_eq!(h.dtype().str(), "<U3");
        assert_eq!(strs(&h), vec!["6.5"]);
        let d = astype(&arr(vec![f64::NAN, -0.0, 1e16]), DType::STR).unwrap();
        assert_eq!(strs(&d), vec!["nan", "-0.0", "1e+16"]);
    }

    #[test]
    fn strings_to_strings() {
        let s = arr(vec!["héllo".to_string(), "ab".to_string()]);
        let cut = astype(&s, DType::string(2)).unwrap();
        assert_eq!(cut.dtype().str(), "<U2");
        assert_eq!(strs(&cut), vec!["hé", "ab"]);
        let wide = astype(&s, DType::string(9).with_byteorder(ByteOrder::Big)).unwrap();
        assert_eq!(wide.dtype().str(), ">U9");
        let be = wide.clone();
        assert_eq!(astype(&be, DType::STR).unwrap().dtype().str(), ">U9");
    }

    #[test]
    fn strings_to_numbers() {
        let s = arr(vec![
            " 12 ".to_string(),
            "+5".into(),
            "1_000".into(),
            "١٢".into(),
            "-0".into(),
        ]);
        assert_eq!(
            vals::<i64>(&astype(&s, DType::INT64).unwrap()),
            vec![12, 5, 1000, 12, 0]
        );
        assert_eq!(
            vals::<f64>(&astype(&s, DType::FLOAT64).unwrap())[4].to_bits(),
            (-0.0f64).to_bits()
        );
        let e = astype(&arr(vec!["1.5".to_string()]), DType::INT64).unwrap_err();
        assert_eq!(
            e.message(),
            "invalid literal for int() with base 10: np.str_('1.5')"
        );
        let e = astype(&arr(vec!["300".to_string()]), DType::UINT8).unwrap_err();
        assert_eq!(e.message(), "Python integer 300 out of bounds for uint8");
        let e = astype(&arr(vec!["99999999999999999999".to_string()]), DType::INT8).unwrap_err();
        assert_eq!(e.message(), "Python int too large to convert to C long");
        let f = arr(vec![
            "nan".to_string(),
            "-Infinity".into(),
            "1_0.5".into(),
            " 1e400 ".into(),
        ]);
        let v = vals::<f64>(&astype(&f, DType::FLOAT64).unwrap());
        assert!(v[0].is_nan());
        assert_eq!(&v[1..], &[f64::NEG_INFINITY, 10.5, f64::INFINITY]);
        for bad in ["", "1__0", "_1", "1_", "0x10", "e5", "."] {
            let e = astype(&arr(vec![bad.to_string()]), DType::FLOAT32).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::BadInput, "{bad:?}");
        }
        let b = arr(vec!["False".to_string(), String::new()]);
        assert_eq!(
            vals::<bool>(&astype(&b, DType::BOOL).unwrap()),
            vec![true, false]
        );
    }

    /// numpy 2.4.6's `astype` of NaN payloads to and from float16: the sign and the payload are
    /// kept, never quieted (numpy converts half floats in software); float32/float64 between
    /// themselves go through the CPU's conversion, as numpy's do.
    #[test]
    fn half_float_nan_payloads_are_numpys() {
        let bits16 = |a: &DynArray| {
            vals::<f16>(a)
                .iter()
                .map(|x| x.to_bits())
                .collect::<Vec<_>>()
        };
        let f32s = [
            0x7f80_0001u32,
            0x7fa0_0000,
            0xffc0_0000,
            0x7fff_ffff,
            0xff80_0010,
            0x7f80_2000,
        ];
        let a = arr(f32s.map(f32::from_bits).to_vec());
        let h = astype(&a, DType::FLOAT16).unwrap();
        assert_eq!(bits16(&h), [0x7c01, 0x7d00, 0xfe00, 0x7fff, 0xfc01, 0x7c01]);

        let h16 = [0x7c01u16, 0x7d00, 0xfe01];
        let h = arr(h16.map(f16::from_bits).to_vec());
        let to32: Vec<u32> = vals::<f32>(&astype(&h, DType::FLOAT32).unwrap())
            .iter()
            .map(|x| x.to_bits())
            .collect();
        assert_eq!(to32, [0x7f80_2000, 0x7fa0_0000, 0xffc0_2000]);
        let to64: Vec<u64> = vals::<f64>(&astype(&h, DType::FLOAT64).unwrap())
            .iter()
            .map(|x| x.to_bits())
            .collect();
        assert_eq!(
            to64,
            [
                0x7ff0_0400_0000_0000,
                0x7ff4_0000_0000_0000,
                0xfff8_0400_0000_0000
            ]
        );
        assert_eq!(bits16(&astype(&h, DType::FLOAT16).unwrap()), h16);
    }
}
