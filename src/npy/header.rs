//! The `.npy` header: the Python-literal dict numpy writes and reads with `ast.literal_eval`
//! (`{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`).
//!
//! [`parse`] reads the dict with `crate::python::literal` (`ast.literal_eval`), then makes
//! numpy's own checks in numpy's order and with numpy's messages (`numpy/lib/_format_impl.py`,
//! `_read_array_header`). [`format`] writes the dict byte for byte as `np.save` does.

use crate::dtype::{DType, ScalarType};
use crate::error::{Error, Result};
use crate::python::literal::{Lit, literal_eval};
use crate::python::repr::py_repr;

/// The three keys of a header, decoded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Header {
    /// The array dtype (`descr`).
    pub(crate) dtype: DType,
    /// Whether the data is in Fortran (column-major) order.
    pub(crate) fortran_order: bool,
    /// The shape; every dimension checked non-negative.
    pub(crate) shape: Vec<usize>,
}

/// numpy's `GROWTH_AXIS_MAX_DIGITS`: `np.save` pads the header with spaces so that the growth
/// axis could be rewritten in place with up to 21 digits.
const GROWTH_AXIS_MAX_DIGITS: usize = 21;

/// Parse header text (already decoded from latin-1 or UTF-8) into a [`Header`].
///
/// `python2_ints` accepts Python 2's `L` suffix on integers, which numpy filters out of
/// version 1.0 and 2.0 headers.
///
/// # Errors
/// Bad input with numpy's messages (`Cannot parse header: ...`, `Header is not a dictionary`,
/// `Header does not contain the correct keys: [...]`, `shape is not valid: ...`,
/// `fortran_order is not a valid bool: ...`, `descr is not a valid dtype descriptor: ...`),
/// `negative dimensions are not allowed`; unsupported dtype for a valid numpy descr this crate
/// does not carry (`|O`, `<c8`, structured dtypes).
pub(crate) fn parse(text: &str, python2_ints: bool) -> Result<Header> {
    let value = literal_eval(text, python2_ints).map_err(|e| {
        // numpy quotes the whole header; a hostile one can be long, so cut it.
        let shown: String = text.chars().take(200).collect();
        Error::bad_input(format!(
            "Cannot parse header: {} ({} at byte {})",
            py_repr(&shown),
            e.why,
            e.pos
        ))
    })?;
    if let Some(digits) = value.first_big_int() {
        return Err(Error::limit_exceeded(format!(
            "integer {digits} in the .npy header is too large"
        )));
    }
    let Lit::Dict(items) = value else {
        return Err(Error::bad_input(format!(
            "Header is not a dictionary: {}",
            value.repr()
        )));
    };
    // Python dicts keep the last of repeated keys.
    let mut keys: Vec<&Lit> = Vec::new();
    let (mut descr, mut fortran, mut shape) = (None, None, None);
    for (k, v) in &items {
        if !keys.contains(&k) {
            keys.push(k);
        }
        match k {
            Lit::Str(s) if s == "descr" => descr = Some(v),
            Lit::Str(s) if s == "fortran_order" => fortran = Some(v),
            Lit::Str(s) if s == "shape" => shape = Some(v),
            _ => {}
        }
    }
    let (Some(descr), Some(fortran), Some(shape)) = (descr, fortran, shape) else {
        return Err(wrong_keys(&keys));
    };
    if keys.len() != 3 {
        return Err(wrong_keys(&keys));
    }
    let shape = match shape {
        // `isinstance(True, int)` holds in Python, so numpy takes bools as 0/1 dimensions.
        Lit::Tuple(dims) if dims.iter().all(|d| matches!(d, Lit::Int(_) | Lit::Bool(_))) => dims
            .iter()
            .map(|d| match d {
                Lit::Int(i) if *i < 0 => {
                    Err(Error::bad_input("negative dimensions are not allowed"))
                }
                Lit::Int(i) => usize::try_from(*i).map_err(|_| {
                    Error::limit_exceeded(format!("dimension {i} is larger than the address space"))
                }),
                Lit::Bool(b) => Ok(usize::from(*b)),
                _ => Err(Error::internal("checked above")),
            })
            .collect::<Result<Vec<usize>>>()?,
        other => {
            return Err(Error::bad_input(format!(
                "shape is not valid: {}",
                other.repr()
            )));
        }
    };
    let fortran_order = match fortran {
        Lit::Bool(b) => *b,
        other => {
            return Err(Error::bad_input(format!(
                "fortran_order is not a valid bool: {}",
                other.repr()
            )));
        }
    };
    let dtype = descr_dtype(descr)?;
    Ok(Header {
        dtype,
        fortran_order,
        shape,
    })
}

fn wrong_keys(keys: &[&Lit]) -> Error {
    let mut reprs: Vec<String> = keys.iter().map(|k| k.repr()).collect();
    reprs.sort();
    Error::bad_input(format!(
        "Header does not contain the correct keys: [{}]",
        reprs.join(", ")
    ))
}

/// numpy's `descr_to_dtype` for the descrs this crate carries.
fn descr_dtype(descr: &Lit) -> Result<DType> {
    let s = match descr {
        Lit::Str(s) => s,
        // A list is a structured dtype, a tuple a subarray dtype: valid numpy, not carried.
        Lit::List(_) | Lit::Tuple(_) => {
            return Err(Error::unsupported_dtype(format!(
                "Unsupported dtype {} in .npy header: structured and subarray dtypes are not \
                 supported",
                descr.repr()
            )));
        }
        other => {
            return Err(Error::bad_input(format!(
                "descr is not a valid dtype descriptor: {}",
                other.repr()
            )));
        }
    };
    match DType::parse(s) {
        Ok(d) => Ok(d),
        Err(e) if e.kind() == crate::ErrorKind::UnsupportedDtype => Err(e),
        Err(_) if is_uncarried_numpy_type(s) => Err(Error::unsupported_dtype(format!(
            "Unsupported dtype '{s}' in .npy header"
        ))),
        Err(_) => Err(Error::bad_input(format!(
            "descr is not a valid dtype descriptor: {}",
            py_repr(s)
        ))),
    }
}

/// Whether `s` is a numpy type string of a kind numpy knows but this crate does not carry:
/// objects, complex, bytes, void, datetimes, or a float width other than 2, 4 and 8
/// (`<f16` is longdouble).
fn is_uncarried_numpy_type(s: &str) -> bool {
    let body = s.trim_start_matches(['<', '>', '=', '|']);
    let mut chars = body.chars();
    let Some(kind) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    let digits = rest.is_empty() || rest.bytes().all(|b| b.is_ascii_digit());
    match kind {
        'O' | 'c' | 'S' | 'a' | 'V' | 'G' | 'g' | 'D' | 'F' => digits,
        'M' | 'm' => rest.is_empty() || rest.starts_with('8'),
        'f' => matches!(rest, "12" | "16"),
        _ => matches!(
            body,
            "object" | "complex" | "complex64" | "complex128" | "bytes" | "void" | "longdouble"
        ),
    }
}

/// The header dict exactly as `np.save` writes it for a C-order array of `dtype` and `shape`,
/// growth padding included but without the alignment padding and final newline.
pub(crate) fn format(dtype: DType, shape: &[usize]) -> String {
    let shape_repr = match shape {
        [] => "()".to_string(),
        [d] => format!("({d},)"),
        dims => format!(
            "({})",
            dims.iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let descr = match dtype.scalar() {
        // numpy names an unsized str array's dtype by its width; ours is at least 1.
        ScalarType::Str if dtype.width() == 0 => dtype.with_width(1).str(),
        _ => dtype.str(),
    };
    let mut h = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape_repr}, }}");
    if let Some(first) = shape.first() {
        let digits = first.to_string().len();
        h.push_str(&" ".repeat(GROWTH_AXIS_MAX_DIGITS.saturating_sub(digits)));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::dtype::ByteOrder;

    fn ok(s: &str) -> Header {
        parse(s, false).unwrap_or_else(|e| panic!("{s}: {}", e.message()))
    }

    fn err(s: &str) -> Error {
        parse(s, false).expect_err(s)
    }

    #[test]
    fn numpy_headers() {
        let h = ok("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }          \n");
        assert_eq!(h.dtype, DType::FLOAT32.with_byteorder(ByteOrder::Little));
        assert!(!h.fortran_order);
        assert_eq!(h.shape, vec![2, 3]);
        let h = ok("{\"shape\": (), \"fortran_order\": True, \"descr\": \">U3\"}");
        assert_eq!(h.dtype.str(), ">U3");
        assert!(h.fortran_order);
        assert!(h.shape.is_empty());
        assert_eq!(
            ok("{'descr':'|b1','fortran_order':False,'shape':(5,)}").shape,
            [5]
        );
        assert_eq!(
            ok("{'descr': 'float64', 'fortran_order': False, 'shape': (0, 3)}").shape,
            [0, 3]
        );
        // numpy's literal_eval takes `(True, 2)` as a shape, bools being ints.
        assert_eq!(
            ok("{'descr': '<i4', 'fortran_order': False, 'shape': (True, 2)}").shape,
            [1, 2]
        );
        assert_eq!(
            ok("{'descr': '<i4', 'fortran_order': False, 'shape': (1_0,)}").shape,
            [10]
        );
        // Duplicate keys: the last wins, as in a Python dict.
        assert_eq!(
            ok("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), 'shape': (2,)}").shape,
            [2]
        );
    }

    #[test]
    fn python2_long_suffix_only_when_allowed() {
        assert_eq!(
            parse(
                "{'descr': '<i4', 'fortran_order': False, 'shape': (3L,)}",
                true
            )
            .unwrap()
            .shape,
            [3]
        );
        assert!(
            parse(
                "{'descr': '<i4', 'fortran_order': False, 'shape': (3L,)}",
                false
            )
            .is_err()
        );
    }

    #[test]
    fn numpy_messages() {
        assert_eq!(
            err("{'descr': '<i4', 'shape': (3,)}").message(),
            "Header does not contain the correct keys: ['descr', 'shape']"
        );
        assert_eq!(
            err("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), 'x': 1}").message(),
            "Header does not contain the correct keys: ['descr', 'fortran_order', 'shape', 'x']"
        );
        assert_eq!(
            err("{'descr': '<i4', 'fortran_order': False, 'shape': [3]}").message(),
            "shape is not valid: [3]"
        );
        assert_eq!(
            err("{'descr': '<i4', 'fortran_order': False, 'shape': (3.0,)}").message(),
            "shape is not valid: (3.0,)"
        );
        assert_eq!(
            err("{'descr': '<i4', 'fortran_order': 0, 'shape': (3,)}").message(),
            "fortran_order is not a valid bool: 0"
        );
        assert_eq!(
            err("{'descr': 'nope', 'fortran_order': False, 'shape': (3,)}").message(),
            "descr is not a valid dtype descriptor: 'nope'"
        );
        assert_eq!(
            err("[1, 2]").message(),
            "Header is not a dictionary: [1, 2]"
        );
        // numpy 2.4.6: a top-level `dict, 1` is a tuple, and reprs pick their quotes as
        // Python's do.
        assert_eq!(
            err("{'descr': '<i4', 'fortran_order': False, 'shape': (3,)}, 1").message(),
            "Header is not a dictionary: ({'descr': '<i4', 'fortran_order': False, 'shape': (3,)}, 1)"
        );
        assert_eq!(
            err("{'descr': \"it's\", 'fortran_order': False, 'shape': (3,)}").message(),
            "descr is not a valid dtype descriptor: \"it's\""
        );
        assert_eq!(
            err("{'descr': '<i4', 'fortran_order': False, 'shape': (-1, 3)}").message(),
            "negative dimensions are not allowed"
        );
    }

    #[test]
    fn uncarried_dtypes() {
        for descr in [
            "'|O'",
            "'<c8'",
            "'|S3'",
            "'<M8[ns]'",
            "'<f16'",
            "[('a', '<f4')]",
        ] {
            let e = err(&format!(
                "{{'descr': {descr}, 'fortran_order': False, 'shape': (1,)}}"
            ));
            assert_eq!(
                e.kind(),
                ErrorKind::UnsupportedDtype,
                "{descr}: {}",
                e.message()
            );
        }
    }

    #[test]
    fn hostile_text() {
        for bad in [
            "",
            "{",
            "{'descr': '<i4', 'fortran_order': False, 'shape': (3,)",
            "{'descr': '<i4' 'fortran_order': False}",
            "{'descr': '<i4', 'fortran_order': False, 'shape': (3,)} trailing",
            "{'descr: 1}",
            "{'descr': '\\x4', 'fortran_order': False, 'shape': (3,)}",
            "{'shape': (007,), 'descr': '<i4', 'fortran_order': False}",
            "{'shape': (__import__('os'),)}",
        ] {
            assert_eq!(err(bad).kind(), ErrorKind::BadInput, "{bad:?}");
        }
        let deep = format!("{}{}", "(".repeat(10_000), ")".repeat(10_000));
        assert_eq!(err(&deep).kind(), ErrorKind::BadInput);
        let huge = "{'descr': '<i4', 'fortran_order': False, 'shape': (99999999999999999999999999999999999999999,)}";
        assert_eq!(err(huge).kind(), ErrorKind::LimitExceeded);
        let big = "{'descr': '<i4', 'fortran_order': False, 'shape': (99999999999999999999999,)}";
        assert_eq!(err(big).kind(), ErrorKind::LimitExceeded);
    }

    #[test]
    fn format_matches_np_save() {
        assert_eq!(
            format(DType::FLOAT32.with_byteorder(ByteOrder::Little), &[2, 3]),
            format!(
                "{{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}{}",
                " ".repeat(20)
            )
        );
        assert_eq!(
            format(DType::BOOL, &[]),
            "{'descr': '|b1', 'fortran_order': False, 'shape': (), }"
        );
        assert_eq!(
            format(DType::string(5).with_byteorder(ByteOrder::Big), &[10]),
            format!(
                "{{'descr': '>U5', 'fortran_order': False, 'shape': (10,), }}{}",
                " ".repeat(19)
            )
        );
        let h = format(DType::INT64, &[7, 1]);
        assert_eq!(parse(&h, false).unwrap().shape, [7, 1]);
    }
}
