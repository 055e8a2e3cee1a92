//! numpy dtypes: [`DType`], [`ScalarType`], [`ByteOrder`] and numpy's spellings of them.

use std::fmt;

use crate::error::{Error, Result};

/// The element types this crate carries, one per numpy scalar type the reference meets.
///
/// Non-exhaustive: numpy has scalar types the crate does not carry yet (complex, datetime,
/// bfloat16), and carrying one is not a breaking change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ScalarType {
    /// numpy `bool` (`?`).
    Bool,
    /// numpy `int8` (`b`).
    Int8,
    /// numpy `int16` (`h`).
    Int16,
    /// numpy `int32` (`i`).
    Int32,
    /// numpy `int64` (`l`).
    Int64,
    /// numpy `uint8` (`B`).
    UInt8,
    /// numpy `uint16` (`H`).
    UInt16,
    /// numpy `uint32` (`I`).
    UInt32,
    /// numpy `uint64` (`L`).
    UInt64,
    /// numpy `float16` (`e`), carried as [`half::f16`].
    Float16,
    /// numpy `float32` (`f`).
    Float32,
    /// numpy `float64` (`d`).
    Float64,
    /// numpy fixed-width unicode string (`U`), carried as [`String`].
    Str,
}

impl ScalarType {
    /// Every scalar type, in numpy's type-number order.
    pub const ALL: [ScalarType; 13] = [
        ScalarType::Bool,
        ScalarType::Int8,
        ScalarType::UInt8,
        ScalarType::Int16,
        ScalarType::UInt16,
        ScalarType::Int32,
        ScalarType::UInt32,
        ScalarType::Int64,
        ScalarType::UInt64,
        ScalarType::Float16,
        ScalarType::Float32,
        ScalarType::Float64,
        ScalarType::Str,
    ];

    /// numpy's kind character: `b`, `i`, `u`, `f` or `U`.
    pub fn kind(self) -> char {
        use ScalarType::*;
        match self {
            Bool => 'b',
            Int8 | Int16 | Int32 | Int64 => 'i',
            UInt8 | UInt16 | UInt32 | UInt64 => 'u',
            Float16 | Float32 | Float64 => 'f',
            Str => 'U',
        }
    }

    /// numpy's type character (`dtype.char`): `?`, `b`, `h`, `i`, `l`, `B`, `H`, `I`, `L`, `e`,
    /// `f`, `d`, `U`.
    pub fn char(self) -> char {
        use ScalarType::*;
        match self {
            Bool => '?',
            Int8 => 'b',
            Int16 => 'h',
            Int32 => 'i',
            Int64 => 'l',
            UInt8 => 'B',
            UInt16 => 'H',
            UInt32 => 'I',
            UInt64 => 'L',
            Float16 => 'e',
            Float32 => 'f',
            Float64 => 'd',
            Str => 'U',
        }
    }

    /// Bytes per element; for [`ScalarType::Str`], bytes per character (numpy stores UCS-4).
    pub fn size(self) -> usize {
        use ScalarType::*;
        match self {
            Bool | Int8 | UInt8 => 1,
            Int16 | UInt16 | Float16 => 2,
            Int32 | UInt32 | Float32 | Str => 4,
            Int64 | UInt64 | Float64 => 8,
        }
    }

    /// numpy's name for a numeric type (`"float32"`); `"str"` for strings.
    pub fn name(self) -> &'static str {
        use ScalarType::*;
        match self {
            Bool => "bool",
            Int8 => "int8",
            Int16 => "int16",
            Int32 => "int32",
            Int64 => "int64",
            UInt8 => "uint8",
            UInt16 => "uint16",
            UInt32 => "uint32",
            UInt64 => "uint64",
            Float16 => "float16",
            Float32 => "float32",
            Float64 => "float64",
            Str => "str",
        }
    }

    /// Whether byte order means anything for this type (more than one byte per unit).
    pub fn has_byteorder(self) -> bool {
        self.size() > 1
    }

    /// Whether this is a signed or unsigned integer type.
    pub fn is_integer(self) -> bool {
        matches!(self.kind(), 'i' | 'u')
    }

    /// Whether this is a floating-point type.
    pub fn is_float(self) -> bool {
        self.kind() == 'f'
    }
}

/// Byte order of a dtype's elements in memory or on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ByteOrder {
    /// Little-endian (`<`).
    Little,
    /// Big-endian (`>`).
    Big,
}

impl ByteOrder {
    /// The host's byte order (numpy's `=`).
    pub const NATIVE: ByteOrder = if cfg!(target_endian = "big") {
        ByteOrder::Big
    } else {
        ByteOrder::Little
    };

    /// numpy's explicit prefix character: `<` or `>`.
    pub fn prefix(self) -> char {
        match self {
            ByteOrder::Little => '<',
            ByteOrder::Big => '>',
        }
    }

    /// Whether this is the host's byte order.
    pub fn is_native(self) -> bool {
        self == Self::NATIVE
    }
}

/// A numpy dtype this crate carries: a scalar type, its byte order and, for strings, the width in
/// characters (`0` is numpy's unsized `str`/`U`, which accepts any width as a cast target).
///
/// Parse any numpy spelling with [`DType::parse`]; [`DType::name`], [`DType::str`] and
/// `Display` give numpy's `dtype.name`, `dtype.str` and `str(dtype)`.
///
/// ```
/// use ndarray_descriptor::DType;
/// let dt = DType::parse(">f4")?;
/// assert_eq!(dt.name(), "float32");
/// assert_eq!(dt.str(), ">f4");
/// assert_eq!(dt.to_string(), ">f4");
/// assert_eq!(DType::parse("float32")?.to_string(), "float32");
/// assert_eq!(DType::parse("U8")?.name(), "str256");
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DType {
    scalar: ScalarType,
    order: ByteOrder,
    width: u32,
}

impl DType {
    /// numpy `bool`.
    pub const BOOL: DType = DType::native(ScalarType::Bool);
    /// numpy `int8`.
    pub const INT8: DType = DType::native(ScalarType::Int8);
    /// numpy `int16`.
    pub const INT16: DType = DType::native(ScalarType::Int16);
    /// numpy `int32`.
    pub const INT32: DType = DType::native(ScalarType::Int32);
    /// numpy `int64`.
    pub const INT64: DType = DType::native(ScalarType::Int64);
    /// numpy `uint8`.
    pub const UINT8: DType = DType::native(ScalarType::UInt8);
    /// numpy `uint16`.
    pub const UINT16: DType = DType::native(ScalarType::UInt16);
    /// numpy `uint32`.
    pub const UINT32: DType = DType::native(ScalarType::UInt32);
    /// numpy `uint64`.
    pub const UINT64: DType = DType::native(ScalarType::UInt64);
    /// numpy `float16`.
    pub const FLOAT16: DType = DType::native(ScalarType::Float16);
    /// numpy `float32`.
    pub const FLOAT32: DType = DType::native(ScalarType::Float32);
    /// numpy `float64`.
    pub const FLOAT64: DType = DType::native(ScalarType::Float64);
    /// numpy's unsized unicode string `str` (`<U0`).
    pub const STR: DType = DType::native(ScalarType::Str);

    /// The native-order dtype of `scalar` (unsized for strings).
    pub const fn native(scalar: ScalarType) -> DType {
        DType {
            scalar,
            order: ByteOrder::NATIVE,
            width: 0,
        }
    }

    /// A unicode string dtype of `width` characters (`0` = unsized), native order.
    pub const fn string(width: u32) -> DType {
        DType {
            scalar: ScalarType::Str,
            order: ByteOrder::NATIVE,
            width,
        }
    }

    /// `scalar` in byte order `order`; single-byte types ignore the order, numeric types ignore
    /// `width`.
    pub fn new(scalar: ScalarType, order: ByteOrder, width: u32) -> DType {
        DType {
            scalar,
            order: if scalar.has_byteorder() {
                order
            } else {
                ByteOrder::NATIVE
            },
            width: if scalar == ScalarType::Str { width } else { 0 },
        }
    }

    /// The same dtype in another byte order (no effect on single-byte types).
    pub fn with_byteorder(self, order: ByteOrder) -> DType {
        DType::new(self.scalar, order, self.width)
    }

    /// The same string dtype with another width (no effect on numeric types).
    pub fn with_width(self, width: u32) -> DType {
        DType::new(self.scalar, self.order, width)
    }

    /// The scalar type.
    pub fn scalar(self) -> ScalarType {
        self.scalar
    }

    /// The byte order of the elements (the host's for single-byte types).
    pub fn order(self) -> ByteOrder {
        self.order
    }

    /// For strings, the width in characters (`0` = unsized); `0` for numeric types.
    pub fn width(self) -> u32 {
        self.width
    }

    /// Whether the elements are in the host's byte order (numpy `isnative`).
    pub fn is_native(self) -> bool {
        self.order.is_native()
    }

    /// Bytes per element (`dtype.itemsize`): 4 per character for strings.
    pub fn itemsize(self) -> usize {
        match self.scalar {
            ScalarType::Str => 4 * self.width as usize,
            s => s.size(),
        }
    }

    /// numpy's `dtype.kind`.
    pub fn kind(self) -> char {
        self.scalar.kind()
    }

    /// numpy's `dtype.char`.
    pub fn char(self) -> char {
        self.scalar.char()
    }

    /// numpy's `dtype.byteorder`: `=` native, `|` not applicable, `<` or `>` otherwise.
    pub fn byteorder(self) -> char {
        if !self.scalar.has_byteorder() {
            '|'
        } else if self.is_native() {
            '='
        } else {
            self.order.prefix()
        }
    }

    /// numpy's `dtype.name`: `"float32"`, `"bool"`, `"str"` for unsized strings and `"str<bits>"`
    /// for sized ones (`<U8` is `"str256"`). It drops the byte order.
    pub fn name(self) -> String {
        match self.scalar {
            ScalarType::Str if self.width > 0 => format!("str{}", u64::from(self.width) * 32),
            s => s.name().to_string(),
        }
    }

    /// numpy's `dtype.str`: byte order, kind and item size (`"<f4"`, `"|b1"`, `">U8"`).
    pub fn str(self) -> String {
        let prefix = if self.scalar.has_byteorder() {
            self.order.prefix()
        } else {
            '|'
        };
        match self.scalar {
            ScalarType::Str => format!("{prefix}U{}", self.width),
            s => format!("{prefix}{}{}", s.kind(), s.size()),
        }
    }

    /// numpy's `repr(dtype)`: `dtype('float32')`, `dtype('>f4')`.
    pub fn repr(self) -> String {
        format!("dtype('{self}')")
    }

    /// Parse any numpy spelling of a dtype, with numpy 2.4's accept/reject decision (the
    /// crate's version of `np.dtype(spelling)`): names and aliases (`"float32"`, `"double"`,
    /// `"intc"`, `"uint"`, `"bool_"`, `"str_"`, `"unicode"`), Python type names (`"float"`,
    /// `"int"`, `"bool"`, `"str"`), type characters (`"f"`, `"?"`, `"p"`), kind and size with an
    /// optional byte order (`"<f4"`, `">i8"`, `"|b1"`, `"U8"`, `"<U0"`), and comma/subarray
    /// strings that come down to one plain dtype (`"()f4"`, `"3U"`).
    ///
    /// ```
    /// use ndarray_descriptor::{DType, ErrorKind};
    /// assert_eq!(DType::parse("double")?, DType::FLOAT64);
    /// assert_eq!(DType::parse(">U8")?.str(), ">U8");
    /// let removed = DType::parse("int0").unwrap_err();
    /// assert_eq!(removed.message(), "Invalid dtype \"int0\": Alias 'int0' was removed in \
    ///     NumPy 2.0. Use a name without a digit at the end.");
    /// assert_eq!(DType::parse("complex64").unwrap_err().kind(), ErrorKind::UnsupportedDtype);
    /// assert_eq!(DType::parse("<float32").unwrap_err().kind(), ErrorKind::Unprocessable);
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::Unprocessable`](crate::ErrorKind::Unprocessable) with BentoML's message
    /// (`Invalid dtype "<spelling>": <numpy message>`) for spellings numpy rejects with a
    /// `TypeError`, and also (with numpy's message where it has one) for malformed
    /// comma/subarray/datetime spellings numpy rejects with `ValueError`/`SyntaxError`, which
    /// escape BentoML as a 500;
    /// [`ErrorKind::UnsupportedDtype`](crate::ErrorKind::UnsupportedDtype) for valid numpy
    /// dtypes this crate does not carry (complex, object, bytes, void, structured, subarray,
    /// datetime, timedelta, longdouble, StringDType).
    pub fn parse(spelling: &str) -> Result<DType> {
        crate::dtype_parse::parse(spelling)
    }

    /// The dtype numpy stores for a Python *type object* passed as `dtype=`: `float` →
    /// float64, `int` → int64, `bool` → bool, `str` → unsized unicode.
    ///
    /// # Errors
    /// [`ErrorKind::UnsupportedDtype`](crate::ErrorKind::UnsupportedDtype) for `complex`,
    /// `bytes` and `object`; [`ErrorKind::Unprocessable`](crate::ErrorKind::Unprocessable) for
    /// any other name.
    pub fn from_python_type(name: &str) -> Result<DType> {
        match name {
            "float" => Ok(DType::FLOAT64),
            "int" => Ok(DType::INT64),
            "bool" => Ok(DType::BOOL),
            "str" => Ok(DType::STR),
            "complex" | "bytes" | "object" => Err(Error::unsupported_dtype(format!(
                "Unsupported dtype \"{name}\": numpy dtypes of Python type {name} are not carried"
            ))),
            other => Err(Error::unprocessable(format!(
                "Invalid dtype \"{other}\": data type '{other}' not understood"
            ))),
        }
    }
}

impl fmt::Display for DType {
    /// numpy's `str(dtype)`: the name for native numeric dtypes, the type string otherwise.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.scalar {
            ScalarType::Str => f.write_str(&self.str()),
            s if self.is_native() || !s.has_byteorder() => f.write_str(s.name()),
            _ => f.write_str(&self.str()),
        }
    }
}

impl std::str::FromStr for DType {
    type Err = Error;
    fn from_str(s: &str) -> Result<DType> {
        DType::parse(s)
    }
}

impl From<ScalarType> for DType {
    fn from(s: ScalarType) -> DType {
        DType::native(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_strs() {
        assert_eq!(DType::FLOAT32.name(), "float32");
        assert_eq!(DType::FLOAT32.str(), "<f4");
        assert_eq!(DType::BOOL.str(), "|b1");
        assert_eq!(DType::UINT8.str(), "|u1");
        assert_eq!(DType::STR.str(), "<U0");
        assert_eq!(DType::STR.name(), "str");
        assert_eq!(DType::string(8).name(), "str256");
        assert_eq!(DType::string(8).to_string(), "<U8");
        let be = DType::FLOAT32.with_byteorder(ByteOrder::Big);
        assert_eq!(be.to_string(), ">f4");
        assert_eq!(be.byteorder(), '>');
        assert_eq!(DType::FLOAT32.byteorder(), '=');
        assert_eq!(DType::INT8.with_byteorder(ByteOrder::Big), DType::INT8);
        assert_eq!(DType::INT8.byteorder(), '|');
        assert_eq!(DType::string(3).itemsize(), 12);
        assert_eq!(DType::FLOAT64.repr(), "dtype('float64')");
    }
}
