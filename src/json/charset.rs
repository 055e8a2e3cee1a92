//! The request body as text: Python's `json.detect_encoding` (UTF-8 with or without a BOM,
//! UTF-16 / UTF-32 by BOM or by the zero bytes among the first four) and the decode
//! `json.loads` does on bytes, with its `UnicodeDecodeError` messages.

use std::borrow::Cow;

use crate::error::{Error, Result};

/// Python's `json.detect_encoding` and the decode `json.loads` does on bytes: UTF-32 / UTF-16
/// by BOM, a UTF-8 BOM skipped, else UTF-16 / UTF-32 by the position of zero bytes among the
/// first four, else UTF-8. Returns UTF-8 text (borrowed when the body is UTF-8, which is then
/// validated where it matters: inside strings) and whether the body was UTF-8.
pub(super) fn body_text(b: &[u8]) -> Result<(Cow<'_, [u8]>, bool)> {
    const UTF32_LE: &[u8] = &[0xff, 0xfe, 0, 0];
    const UTF32_BE: &[u8] = &[0, 0, 0xfe, 0xff];
    let (enc, skip) = if b.starts_with(UTF32_LE) {
        (Enc::Utf32Le, 4)
    } else if b.starts_with(UTF32_BE) {
        (Enc::Utf32Be, 4)
    } else if b.starts_with(&[0xff, 0xfe]) {
        (Enc::Utf16Le, 2)
    } else if b.starts_with(&[0xfe, 0xff]) {
        (Enc::Utf16Be, 2)
    } else if b.starts_with(&[0xef, 0xbb, 0xbf]) {
        return Ok((Cow::Borrowed(&b[3..]), true));
    } else if b.len() >= 4 {
        if b[0] == 0 {
            (
                if b[1] != 0 {
                    Enc::Utf16Be
                } else {
                    Enc::Utf32Be
                },
                0,
            )
        } else if b[1] == 0 {
            (
                if b[2] != 0 || b[3] != 0 {
                    Enc::Utf16Le
                } else {
                    Enc::Utf32Le
                },
                0,
            )
        } else {
            return Ok((Cow::Borrowed(b), true));
        }
    } else if b.len() == 2 && b[0] == 0 {
        (Enc::Utf16Be, 0)
    } else if b.len() == 2 && b[1] == 0 {
        (Enc::Utf16Le, 0)
    } else {
        return Ok((Cow::Borrowed(b), true));
    };
    let s = decode_wide(&b[skip..], enc)?;
    Ok((Cow::Owned(s.into_bytes()), false))
}

#[derive(Clone, Copy)]
enum Enc {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

fn decode_wide(b: &[u8], enc: Enc) -> Result<String> {
    let name = match enc {
        Enc::Utf16Le => "utf-16-le",
        Enc::Utf16Be => "utf-16-be",
        Enc::Utf32Le => "utf-32-le",
        Enc::Utf32Be => "utf-32-be",
    };
    let bad = |pos: usize, why: &str| {
        Error::bad_input(format!(
            "'{name}' codec can't decode bytes in position {pos}: {why}"
        ))
    };
    match enc {
        Enc::Utf16Le | Enc::Utf16Be => {
            if !b.len().is_multiple_of(2) {
                return Err(bad(b.len() - 1, "truncated data"));
            }
            let units = b.chunks_exact(2).map(|c| match enc {
                Enc::Utf16Le => u16::from_le_bytes([c[0], c[1]]),
                _ => u16::from_be_bytes([c[0], c[1]]),
            });
            let mut out = String::with_capacity(b.len() / 2);
            for (i, c) in char::decode_utf16(units).enumerate() {
                // Python's surrogatepass would keep a lone surrogate; a Rust string cannot.
                out.push(c.map_err(|_| bad(2 * i, "illegal UTF-16 surrogate"))?);
            }
            Ok(out)
        }
        Enc::Utf32Le | Enc::Utf32Be => {
            if !b.len().is_multiple_of(4) {
                return Err(bad(b.len() - b.len() % 4, "truncated data"));
            }
            let mut out = String::with_capacity(b.len() / 4);
            for (i, c) in b.chunks_exact(4).enumerate() {
                let v = match enc {
                    Enc::Utf32Le => u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                    _ => u32::from_be_bytes([c[0], c[1], c[2], c[3]]),
                };
                out.push(char::from_u32(v).ok_or_else(|| bad(4 * i, "code point not in range"))?);
            }
            Ok(out)
        }
    }
}

/// Python's `UnicodeDecodeError` text for a body that is not UTF-8.
pub(super) fn utf8_error(text: &[u8], e: std::str::Utf8Error) -> Error {
    let pos = e.valid_up_to();
    let byte = text.get(pos).copied().unwrap_or(0);
    let why = match e.error_len() {
        None => "unexpected end of data",
        Some(_) if (0x80..0xc2).contains(&byte) || byte >= 0xf5 => "invalid start byte",
        Some(_) => "invalid continuation byte",
    };
    Error::bad_input(format!(
        "'utf-8' codec can't decode byte 0x{byte:02x} in position {pos}: {why}"
    ))
}

#[cfg(test)]
mod tests {
    use crate::dtype::DType;
    use crate::json::decode;
    use crate::limits::Limits;

    #[test]
    fn utf16_and_utf32_bodies() {
        let utf16le: Vec<u8> = "[1, 2]".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let utf16be: Vec<u8> = "[\"é😀\"]"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let utf32le: Vec<u8> = "[3]"
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        let mut bom16 = vec![0xff, 0xfe];
        bom16.extend_from_slice(&utf16le);
        let mut bom8 = b"\xef\xbb\xbf".to_vec();
        bom8.extend_from_slice(b"[1]");
        let l = Limits::default();
        assert_eq!(decode(&utf16le, None, &l).unwrap().shape(), &[2]);
        assert_eq!(
            decode(&bom16, Some(DType::FLOAT64), &l).unwrap().shape(),
            &[2]
        );
        let s = decode(&utf16be, None, &l).unwrap();
        assert_eq!(&s.as_strings().unwrap()[[0]], "é😀");
        assert_eq!(decode(&utf32le, None, &l).unwrap().shape(), &[1]);
        assert_eq!(decode(&bom8, None, &l).unwrap().shape(), &[1]);
        assert!(decode(&utf16le[..5], None, &l).is_err(), "odd length");
    }
}
