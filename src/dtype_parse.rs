//! numpy's dtype spellings → [`DType`], with numpy's accept/reject decisions and messages.

use crate::dtype::{ByteOrder, DType, ScalarType};
use crate::error::{Error, Result};

/// Parse a numpy dtype spelling (see [`DType::parse`]).
pub(crate) fn parse(spelling: &str) -> Result<DType> {
    let not_understood = || {
        Error::unprocessable(format!(
            "Invalid dtype \"{spelling}\": data type '{spelling}' not understood"
        ))
    };
    let (order, rest) = match spelling.as_bytes().first() {
        Some(b'<') => (Some(ByteOrder::Little), &spelling[1..]),
        Some(b'>') => (Some(ByteOrder::Big), &spelling[1..]),
        Some(b'=') | Some(b'|') => (Some(ByteOrder::NATIVE), &spelling[1..]),
        _ => (None, spelling),
    };
    let scalar_of_name = |name: &str| -> Option<ScalarType> {
        use ScalarType::*;
        Some(match name {
            "bool" | "?" | "b1" => Bool,
            "int8" | "b" | "i1" => Int8,
            "int16" | "h" | "i2" => Int16,
            "int32" | "i" | "i4" => Int32,
            "int64" | "int" | "l" | "q" | "i8" => Int64,
            "uint8" | "B" | "u1" => UInt8,
            "uint16" | "H" | "u2" => UInt16,
            "uint32" | "I" | "u4" => UInt32,
            "uint64" | "L" | "Q" | "u8" => UInt64,
            "float16" | "e" | "f2" => Float16,
            "float32" | "f" | "f4" => Float32,
            "float64" | "float" | "d" | "f8" => Float64,
            _ => return None,
        })
    };
    if let Some(s) = scalar_of_name(rest) {
        return Ok(DType::new(s, order.unwrap_or(ByteOrder::NATIVE), 0));
    }
    if rest == "str" || rest == "U" {
        return Ok(DType::new(
            ScalarType::Str,
            order.unwrap_or(ByteOrder::NATIVE),
            0,
        ));
    }
    if let Some(digits) = rest.strip_prefix('U')
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        let width: u32 = digits.parse().map_err(|_| not_understood())?;
        return Ok(DType::new(
            ScalarType::Str,
            order.unwrap_or(ByteOrder::NATIVE),
            width,
        ));
    }
    Err(not_understood())
}
