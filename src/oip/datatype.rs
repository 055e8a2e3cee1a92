//! [`Datatype`]: the Open Inference Protocol's tensor element types and the numpy dtype each
//! is read into and written from.

use std::fmt;

use crate::dtype::{DType, ScalarType};
use crate::error::{Error, Result};

/// An OIP tensor `datatype` (KServe v2 / Triton).
///
/// | datatype | numpy dtype read into / written from | bytes per element (binary) |
/// |---|---|---|
/// | `BOOL` | `bool` | 1 |
/// | `UINT8` .. `UINT64` | `uint8` .. `uint64` | 1, 2, 4, 8 |
/// | `INT8` .. `INT64` | `int8` .. `int64` | 1, 2, 4, 8 |
/// | `FP16`, `FP32`, `FP64` | `float16`, `float32`, `float64` | 2, 4, 8 |
/// | `BF16` | `float32`, widened exactly (numpy has no bfloat16; `tritonclient` holds BF16 tensors as float32 arrays too); read only, in binary only | 2 |
/// | `BYTES` | `str` (`U`): each element UTF-8 text | 4-byte little-endian length, then the bytes |
///
/// ```
/// use ndarray_descriptor::{DType, oip::Datatype};
/// assert_eq!(Datatype::parse("FP32")?, Datatype::Fp32);
/// assert_eq!(Datatype::of(DType::INT64), Some(Datatype::Int64));
/// assert_eq!(Datatype::Bytes.dtype(), DType::STR);
/// assert_eq!(Datatype::parse("FP8").unwrap_err().message(), "unknown datatype 'FP8'");
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Datatype {
    /// `BOOL`: one byte per element, 0 or 1.
    Bool,
    /// `UINT8`.
    Uint8,
    /// `UINT16`.
    Uint16,
    /// `UINT32`.
    Uint32,
    /// `UINT64`.
    Uint64,
    /// `INT8`.
    Int8,
    /// `INT16`.
    Int16,
    /// `INT32`.
    Int32,
    /// `INT64`.
    Int64,
    /// `FP16`: IEEE half precision.
    Fp16,
    /// `FP32`.
    Fp32,
    /// `FP64`.
    Fp64,
    /// `BF16`: bfloat16, read as float32.
    Bf16,
    /// `BYTES`: variable-length byte strings, carried as UTF-8 text.
    Bytes,
}

impl Datatype {
    /// Every datatype, in the specification's table order.
    pub const ALL: [Datatype; 14] = [
        Datatype::Bool,
        Datatype::Uint8,
        Datatype::Uint16,
        Datatype::Uint32,
        Datatype::Uint64,
        Datatype::Int8,
        Datatype::Int16,
        Datatype::Int32,
        Datatype::Int64,
        Datatype::Fp16,
        Datatype::Fp32,
        Datatype::Fp64,
        Datatype::Bf16,
        Datatype::Bytes,
    ];

    /// The protocol's spelling (`"FP32"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Datatype::Bool => "BOOL",
            Datatype::Uint8 => "UINT8",
            Datatype::Uint16 => "UINT16",
            Datatype::Uint32 => "UINT32",
            Datatype::Uint64 => "UINT64",
            Datatype::Int8 => "INT8",
            Datatype::Int16 => "INT16",
            Datatype::Int32 => "INT32",
            Datatype::Int64 => "INT64",
            Datatype::Fp16 => "FP16",
            Datatype::Fp32 => "FP32",
            Datatype::Fp64 => "FP64",
            Datatype::Bf16 => "BF16",
            Datatype::Bytes => "BYTES",
        }
    }

    /// The datatype spelled `s` (exactly, as the protocol spells it).
    ///
    /// # Errors
    /// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) `unknown datatype '<s>'`.
    pub fn parse(s: &str) -> Result<Datatype> {
        Datatype::ALL
            .into_iter()
            .find(|d| d.as_str() == s)
            .ok_or_else(|| {
                let shown: String = s.chars().take(64).collect();
                Error::bad_input(format!("unknown datatype '{shown}'"))
            })
    }

    /// Bytes per element in binary data; `None` for `BYTES` (variable).
    pub fn itemsize(self) -> Option<usize> {
        match self {
            Datatype::Bool | Datatype::Uint8 | Datatype::Int8 => Some(1),
            Datatype::Uint16 | Datatype::Int16 | Datatype::Fp16 | Datatype::Bf16 => Some(2),
            Datatype::Uint32 | Datatype::Int32 | Datatype::Fp32 => Some(4),
            Datatype::Uint64 | Datatype::Int64 | Datatype::Fp64 => Some(8),
            Datatype::Bytes => None,
        }
    }

    /// The numpy dtype a tensor of this datatype is read into (native byte order; `BF16` is
    /// float32, `BYTES` the unsized `str`).
    pub fn dtype(self) -> DType {
        DType::native(match self {
            Datatype::Bool => ScalarType::Bool,
            Datatype::Uint8 => ScalarType::UInt8,
            Datatype::Uint16 => ScalarType::UInt16,
            Datatype::Uint32 => ScalarType::UInt32,
            Datatype::Uint64 => ScalarType::UInt64,
            Datatype::Int8 => ScalarType::Int8,
            Datatype::Int16 => ScalarType::Int16,
            Datatype::Int32 => ScalarType::Int32,
            Datatype::Int64 => ScalarType::Int64,
            Datatype::Fp16 => ScalarType::Float16,
            Datatype::Fp32 | Datatype::Bf16 => ScalarType::Float32,
            Datatype::Fp64 => ScalarType::Float64,
            Datatype::Bytes => ScalarType::Str,
        })
    }

    /// The datatype an array of `dtype` is written as (any byte order, any string width);
    /// `None` for a scalar type the protocol has no datatype for.
    pub fn of(dtype: DType) -> Option<Datatype> {
        Some(match dtype.scalar() {
            ScalarType::Bool => Datatype::Bool,
            ScalarType::UInt8 => Datatype::Uint8,
            ScalarType::UInt16 => Datatype::Uint16,
            ScalarType::UInt32 => Datatype::Uint32,
            ScalarType::UInt64 => Datatype::Uint64,
            ScalarType::Int8 => Datatype::Int8,
            ScalarType::Int16 => Datatype::Int16,
            ScalarType::Int32 => Datatype::Int32,
            ScalarType::Int64 => Datatype::Int64,
            ScalarType::Float16 => Datatype::Fp16,
            ScalarType::Float32 => Datatype::Fp32,
            ScalarType::Float64 => Datatype::Fp64,
            ScalarType::Str => Datatype::Bytes,
            #[allow(unreachable_patterns)]
            _ => return None,
        })
    }
}

impl fmt::Display for Datatype {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table both ways: every datatype but BF16 is the datatype of its own dtype, and
    /// every scalar type the crate carries has a datatype.
    #[test]
    fn the_table_round_trips() {
        for d in Datatype::ALL {
            assert_eq!(Datatype::parse(d.as_str()).unwrap(), d);
            assert_eq!(d.to_string(), d.as_str());
            let back = Datatype::of(d.dtype()).unwrap();
            if d == Datatype::Bf16 {
                assert_eq!(back, Datatype::Fp32);
            } else {
                assert_eq!(back, d);
            }
            match d.itemsize() {
                Some(n) if d != Datatype::Bf16 => assert_eq!(n, d.dtype().itemsize()),
                Some(n) => assert_eq!(n, 2),
                None => assert_eq!(d, Datatype::Bytes),
            }
        }
        for s in ScalarType::ALL {
            assert!(Datatype::of(DType::native(s)).is_some(), "{s:?}");
        }
        assert_eq!(
            Datatype::of(DType::parse(">i4").unwrap()),
            Some(Datatype::Int32)
        );
        assert_eq!(
            Datatype::of(DType::parse("<U7").unwrap()),
            Some(Datatype::Bytes)
        );
    }

    #[test]
    fn spellings_are_exact() {
        for bad in ["fp32", "FLOAT32", "", "FP32 ", "STRING"] {
            let e = Datatype::parse(bad).unwrap_err();
            assert_eq!(e.message(), format!("unknown datatype '{bad}'"));
        }
    }
}
