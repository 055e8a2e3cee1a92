//! The `.npy` format (`application/x-npy`): numpy's `np.save` / `np.load` for one array.
//!
//! A file is the magic `\x93NUMPY`, a version byte pair, a little-endian header length (2 bytes
//! in version 1.0, 4 in 2.0 and 3.0), the header — a Python-literal dict padded with spaces and
//! a newline so the data starts on a 64-byte boundary — and then the raw elements, exactly as
//! the [`raw`](crate::raw) transport lays them out (C or Fortran order). Versions 1.0 and 2.0
//! headers are latin-1, 3.0 headers UTF-8.
//!
//! [`decode`] reads versions 1.0, 2.0 and 3.0, both byte orders, C and Fortran order (Fortran
//! data comes back in C order), 0-d and zero-size arrays. Unlike numpy it checks the header's
//! claim (checked shape product × item size) against the bytes present before allocating
//! anything. [`encode`] writes what `np.save` writes, byte for byte.
//!
//! ```
//! use ndarray::{ArrayD, IxDyn};
//! use ndarray_descriptor::{npy, DynArray, Limits};
//! let arr = DynArray::from(ArrayD::from_shape_vec(IxDyn(&[2, 2]), vec![1i32, 2, 3, 4]).unwrap());
//! let bytes = npy::encode(&arr)?;
//! assert_eq!(&bytes[..8], b"\x93NUMPY\x01\x00");
//! assert_eq!(bytes.len(), 128 + 16); // header padded to 64-byte alignment
//! assert_eq!(npy::decode(&bytes, &Limits::default())?, arr);
//! # Ok::<_, ndarray_descriptor::Error>(())
//! ```

mod header;

use crate::array::DynArray;
use crate::dtype::ScalarType;
use crate::error::{Error, Result};
use crate::limits::Limits;

/// The media type BentoML-style HTTP layers use for `.npy` bodies.
pub const MEDIA_TYPE: &str = "application/x-npy";

/// The magic string every `.npy` file starts with.
pub const MAGIC: &[u8; 6] = b"\x93NUMPY";

/// numpy's `ARRAY_ALIGN`: the data starts at a multiple of 64 bytes.
const ARRAY_ALIGN: usize = 64;

/// Read one `.npy` file from memory (numpy `np.load`).
///
/// Trailing bytes after the data are ignored, as `np.load` ignores them.
///
/// # Errors
/// - [`ErrorKind::BadInput`](crate::ErrorKind::BadInput): wrong magic, an unknown version,
///   truncated input (numpy's `EOF: reading ..., expected N bytes got M`), a header numpy would
///   not parse (numpy's messages, see the header rules), negative dimensions, invalid UTF-8 in a
///   3.0 header, and the element errors of [`raw::decode`](crate::raw::decode).
/// - [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded): a header longer than
///   [`Limits::max_npy_header`] (numpy's 10 000-byte cap), a file over
///   [`Limits::max_body_bytes`], more than [`Limits::max_ndim`] dimensions, more than
///   [`Limits::max_elements`] elements (or [`Limits::max_unbacked_elements`] of `<U0`), or a
///   size that overflows.
/// - [`ErrorKind::UnsupportedDtype`](crate::ErrorKind::UnsupportedDtype): a valid numpy descr
///   this crate does not carry (`|O`, `<c16`, `|S5`, structured dtypes).
pub fn decode(bytes: &[u8], limits: &Limits) -> Result<DynArray> {
    limits.check_body(bytes.len())?;
    let magic = take(bytes, 0, 8, "magic string")?;
    if &magic[..6] != MAGIC {
        return Err(Error::bad_input(format!(
            "the magic string is not correct; expected b'\\x93NUMPY', got {}",
            py_bytes_repr(&magic[..6])
        )));
    }
    let (major, minor) = (magic[6], magic[7]);
    let len_size = match (major, minor) {
        (1, 0) => 2,
        (2, 0) | (3, 0) => 4,
        _ => {
            return Err(Error::bad_input(format!(
                "we only support format version (1,0), (2,0), and (3,0), not ({major}, {minor})"
            )));
        }
    };
    let len_bytes = take(bytes, 8, len_size, "array header length")?;
    let header_len = len_bytes
        .iter()
        .rev()
        .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
    if header_len > limits.max_npy_header {
        return Err(Error::limit_exceeded(format!(
            "Header info length ({header_len}) is large and may not be safe to load securely \
             (the limit is {} bytes)",
            limits.max_npy_header
        )));
    }
    let header_start = 8 + len_size;
    let raw_header = take(bytes, header_start, header_len, "array header")?;
    let text: String = if major == 3 {
        std::str::from_utf8(raw_header)
            .map_err(|e| Error::bad_input(format!("the .npy 3.0 header is not UTF-8: {e}")))?
            .to_string()
    } else {
        // latin-1: every byte is the code point of the same value.
        raw_header.iter().map(|&b| char::from(b)).collect()
    };
    let h = header::parse(&text, major <= 2)?;
    let count = limits.check_shape(&h.shape)?;
    let data_start = header_start + header_len;
    let data = bytes.get(data_start..).unwrap_or(&[]);
    if h.dtype.scalar() == ScalarType::Str && h.dtype.width() == 0 {
        // A zero-width unicode array has no data bytes: every element is "".
        // numpy holds it in zero bytes; here each "" is an offset, so the claim is capped.
        limits.check_unbacked(count, "a <U0 array")?;
        let strings = crate::StrArray::empties(&h.shape, count).ok_or_else(|| {
            Error::limit_exceeded(format!(
                "a <U0 array of {count} elements cannot be allocated"
            ))
        })?;
        return Ok(DynArray::from_strings(strings, 0));
    }
    let nbytes = count.checked_mul(h.dtype.itemsize()).ok_or_else(|| {
        Error::limit_exceeded(format!(
            "{count} elements of {} bytes overflow the byte count",
            h.dtype.itemsize()
        ))
    })?;
    if data.len() < nbytes {
        return Err(Error::bad_input(format!(
            "EOF: reading array data, expected {nbytes} bytes got {}",
            data.len()
        )));
    }
    crate::raw::decode_shaped(&data[..nbytes], h.dtype, &h.shape, h.fortran_order)
}

fn take<'a>(bytes: &'a [u8], start: usize, len: usize, what: &str) -> Result<&'a [u8]> {
    start
        .checked_add(len)
        .and_then(|end| bytes.get(start..end))
        .ok_or_else(|| {
            Error::bad_input(format!(
                "EOF: reading {what}, expected {len} bytes got {}",
                bytes.len().saturating_sub(start).min(len)
            ))
        })
}

fn py_bytes_repr(b: &[u8]) -> String {
    let mut s = String::from("b'");
    for &c in b {
        match c {
            b'\\' => s.push_str("\\\\"),
            b'\'' => s.push_str("\\'"),
            0x20..=0x7e => s.push(char::from(c)),
            _ => s.push_str(&format!("\\x{c:02x}")),
        }
    }
    s.push('\'');
    s
}

/// Write `arr` as a `.npy` file exactly as `np.save` writes it: C order, the array's own byte
/// order and dtype, version 1.0 unless the header is too long for it (then 2.0; 3.0 is only
/// needed for non-latin-1 structured field names, which this crate never writes).
///
/// # Errors
/// [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded) if the data size overflows
/// `usize` (see [`raw::encode`](crate::raw::encode)).
pub fn encode(arr: &DynArray) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    encode_into(arr, &mut out)?;
    Ok(out)
}

/// [`encode`], appending to `out`.
///
/// # Errors
/// As [`encode`].
pub fn encode_into(arr: &DynArray, out: &mut Vec<u8>) -> Result<()> {
    let dtype = arr.dtype();
    let text = header::format(dtype, arr.shape());
    // numpy's `_wrap_header`: header + padding + '\n' so that magic, length and header end on
    // a 64-byte boundary; `ARRAY_ALIGN - (n % ARRAY_ALIGN)` pads a full 64 when already aligned.
    let hlen = text.len() + 1;
    let wrap = |len_size: usize| {
        let padlen = ARRAY_ALIGN - ((8 + len_size + hlen) % ARRAY_ALIGN);
        (padlen, hlen + padlen)
    };
    let (padlen, total) = wrap(2);
    let (major, len_size, padlen, total) = if total <= usize::from(u16::MAX) {
        (1u8, 2, padlen, total)
    } else {
        let (p, t) = wrap(4);
        (2u8, 4, p, t)
    };
    let total32 = u32::try_from(total)
        .map_err(|_| Error::limit_exceeded(format!("a .npy header of {total} bytes")))?;
    out.reserve(8 + len_size + total + arr.len() * dtype.itemsize());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[major, 0]);
    out.extend_from_slice(&total32.to_le_bytes()[..len_size]);
    out.extend_from_slice(text.as_bytes());
    out.resize(out.len() + padlen, b' ');
    out.push(b'\n');
    crate::raw::encode_into(arr, dtype.order(), out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::dtype::{ByteOrder, DType};
    use ndarray::{ArrayD, IxDyn};

    fn file(version: (u8, u8), header: &str, data: &[u8]) -> Vec<u8> {
        let mut v = MAGIC.to_vec();
        v.extend_from_slice(&[version.0, version.1]);
        let h = header.as_bytes();
        if version.0 == 1 {
            v.extend_from_slice(&(h.len() as u16).to_le_bytes());
        } else {
            v.extend_from_slice(&(h.len() as u32).to_le_bytes());
        }
        v.extend_from_slice(h);
        v.extend_from_slice(data);
        v
    }

    #[test]
    fn round_trips() {
        let a = DynArray::from(
            ArrayD::from_shape_vec(IxDyn(&[2, 3]), (0..6).map(|x| x as f64).collect()).unwrap(),
        )
        .with_byteorder(ByteOrder::Big);
        let bytes = encode(&a).unwrap();
        assert_eq!(
            (8 + 2 + usize::from(u16::from_le_bytes([bytes[8], bytes[9]]))) % 64,
            0
        );
        assert_eq!(decode(&bytes, &Limits::default()).unwrap(), a);
        let zero_d = DynArray::from(ArrayD::from_elem(IxDyn(&[]), 7u16));
        assert_eq!(
            decode(&encode(&zero_d).unwrap(), &Limits::default()).unwrap(),
            zero_d
        );
        let empty = DynArray::from(ArrayD::<f32>::zeros(IxDyn(&[0, 3])));
        assert_eq!(
            decode(&encode(&empty).unwrap(), &Limits::default()).unwrap(),
            empty
        );
    }

    #[test]
    fn versions_and_fortran_order() {
        let data: Vec<u8> = (0u8..6).collect();
        for v in [(1, 0), (2, 0), (3, 0)] {
            let f = file(
                v,
                "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3), }\n",
                &data,
            );
            let a = decode(&f, &Limits::default()).unwrap();
            let got: Vec<u8> = a.as_array::<u8>().unwrap().iter().copied().collect();
            assert_eq!(got, [0, 2, 4, 1, 3, 5]);
        }
        // Non-ASCII outside a string is a parse error in every version, not a panic.
        for v in [(1, 0), (3, 0)] {
            let f = file(
                v,
                "{'descr': '<U1', 'fortran_order': False, 'shape': (1,), } é\n",
                &[0x41, 0, 0, 0],
            );
            assert_eq!(
                decode(&f, &Limits::default()).unwrap_err().kind(),
                ErrorKind::BadInput
            );
        }
    }

    #[test]
    fn hostile_files() {
        let l = Limits::default();
        let kind = |b: &[u8]| decode(b, &l).unwrap_err().kind();
        assert_eq!(kind(b""), ErrorKind::BadInput);
        assert_eq!(kind(b"\x93NUMPZ\x01\x00\x00\x00"), ErrorKind::BadInput);
        assert_eq!(kind(&file((4, 0), "{}", &[])), ErrorKind::BadInput);
        // A header length larger than the file, then larger than the cap.
        let mut short = MAGIC.to_vec();
        short.extend_from_slice(&[1, 0, 0x10, 0x00, b'{']);
        assert_eq!(kind(&short), ErrorKind::BadInput);
        let mut huge = MAGIC.to_vec();
        huge.extend_from_slice(&[2, 0, 0xff, 0xff, 0xff, 0xff]);
        assert_eq!(kind(&huge), ErrorKind::LimitExceeded);
        // A shape claiming far more than the data present, and one that overflows.
        let claim = file(
            (1, 0),
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1000, 1000), }",
            &[0; 16],
        );
        let e = decode(&claim, &Limits::unlimited()).unwrap_err();
        assert_eq!(
            e.message(),
            "EOF: reading array data, expected 8000000 bytes got 16"
        );
        let over = file(
            (1, 0),
            "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }",
            &[],
        );
        assert_eq!(
            decode(&over, &Limits::unlimited()).unwrap_err().kind(),
            ErrorKind::LimitExceeded
        );
        let ndim = format!(
            "{{'descr': '<f8', 'fortran_order': False, 'shape': ({}), }}",
            "1, ".repeat(65)
        );
        assert_eq!(
            kind(&file((1, 0), &ndim, &[0; 8])),
            ErrorKind::LimitExceeded
        );
        let neg = file(
            (1, 0),
            "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }",
            &[],
        );
        assert_eq!(kind(&neg), ErrorKind::BadInput);
        let obj = file(
            (1, 0),
            "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }",
            &[0; 8],
        );
        assert_eq!(kind(&obj), ErrorKind::UnsupportedDtype);
        let bad_utf8 = file(
            (3, 0),
            "{'descr': '<f8', 'fortran_order': False, 'shape': (), }",
            &[],
        );
        let mut bad_utf8 = bad_utf8;
        bad_utf8[12] = 0xff;
        assert_eq!(kind(&bad_utf8), ErrorKind::BadInput);
    }

    #[test]
    fn header_cap_is_configurable() {
        let a = DynArray::from(ArrayD::<i8>::zeros(IxDyn(&[3])));
        let bytes = encode(&a).unwrap();
        let e = decode(&bytes, &Limits::default().with_max_npy_header(16)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
        assert!(decode(&bytes, &Limits::default()).is_ok());
    }

    #[test]
    fn zero_width_strings() {
        let f = file(
            (1, 0),
            "{'descr': '<U0', 'fortran_order': False, 'shape': (2,), }",
            &[],
        );
        let a = decode(&f, &Limits::default()).unwrap();
        assert_eq!(a.dtype(), DType::string(1));
        assert_eq!(a.len(), 2);
    }
}
