//! numpy-exact number text against tables generated from CPython and numpy
//! (`tests/fixtures/number/number_cases.py`).

use super::*;

fn s(f: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut out = b"#".to_vec(); // ensure we append rather than overwrite
    f(&mut out);
    assert_eq!(out.first(), Some(&b'#'));
    String::from_utf8(out[1..].to_vec()).unwrap()
}

#[test]
fn brief_examples() {
    let py = |v: f64| s(|o| write_py_float(o, v));
    assert_eq!(py(1.0), "1.0");
    assert_eq!(py(1e15), "1000000000000000.0");
    assert_eq!(py(0.0001), "0.0001");
    assert_eq!(py(1e16), "1e+16");
    assert_eq!(py(1e-5), "1e-05");
    assert_eq!(py(f64::from(0.1f32)), "0.10000000149011612");
    assert_eq!(py(-0.0), "-0.0");
    assert_eq!(py(f64::NAN), "NaN");
    assert_eq!(py(f64::INFINITY), "Infinity");
    assert_eq!(py(f64::NEG_INFINITY), "-Infinity");
    assert_eq!(py(5e-324), "5e-324");
    assert_eq!(py(f64::MAX), "1.7976931348623157e+308");
    assert_eq!(py(9999999999999998.0), "9999999999999998.0");
    assert_eq!(s(|o| write_py_str_f64(o, f64::NAN)), "nan");
    assert_eq!(s(|o| write_py_str_f64(o, -f64::NAN)), "nan");
    assert_eq!(s(|o| write_py_str_f64(o, f64::NEG_INFINITY)), "-inf");
    assert_eq!(s(|o| write_py_str_f64(o, 1e16)), "1e+16");
    assert_eq!(s(|o| write_shortest_f32(o, 0.1)), "0.1");
    assert_eq!(s(|o| write_shortest_f32(o, f32::MAX)), "3.4028235e+38");
    assert_eq!(s(|o| write_numpy_str_f32(o, 0.1)), "0.1");
    assert_eq!(s(|o| write_numpy_str_f32(o, 123456789.0)), "1.2345679e+08");
    assert_eq!(s(|o| write_numpy_str_f32(o, 1e16)), "1e+16");
    assert_eq!(s(|o| write_numpy_str_f32(o, 0.0001)), "1e-04");
    assert_eq!(
        s(|o| write_numpy_str_f16(o, half::f16::from_f32(65504.0))),
        "6.55e+04"
    );
    assert_eq!(
        s(|o| write_numpy_str_f16(o, half::f16::from_f32(-0.0))),
        "-0.0"
    );
    assert_eq!(s(|o| write_numpy_str_f64(o, 1e16)), "1e+16");
    assert_eq!(s(|o| write_numpy_str_f64(o, 1.0)), "1.0");
    assert_eq!(s(|o| write_numpy_str_f64(o, f64::NAN)), "nan");
    assert_eq!(s(|o| write_numpy_str_f64(o, f64::INFINITY)), "inf");
    assert_eq!(s(|o| write_numpy_str_f32(o, f32::NEG_INFINITY)), "-inf");
    assert_eq!(s(|o| write_numpy_str_bool(o, true)), "True");
    assert_eq!(s(|o| write_numpy_str_bool(o, false)), "False");
    assert_eq!(
        s(|o| write_numpy_str_i64(o, i64::MIN)),
        "-9223372036854775808"
    );
    assert_eq!(s(|o| write_numpy_str_i64(o, 0)), "0");
    assert_eq!(s(|o| write_numpy_str_i64(o, -5)), "-5");
    assert_eq!(
        s(|o| write_numpy_str_u64(o, u64::MAX)),
        "18446744073709551615"
    );
}

#[test]
fn f64_table() {
    for &(bits, json, py_str, np_str, compact) in F64_CASES {
        let v = f64::from_bits(bits);
        assert_eq!(s(|o| write_py_float(o, v)), json, "json {bits:#x}");
        assert_eq!(s(|o| write_py_str_f64(o, v)), py_str, "str {bits:#x}");
        assert_eq!(s(|o| write_numpy_str_f64(o, v)), np_str, "numpy {bits:#x}");
        assert_eq!(
            s(|o| write_shortest_f64(o, v)),
            compact,
            "compact {bits:#x}"
        );
    }
}

#[test]
fn f32_table() {
    for &(bits, json, py_str, np_str, compact) in F32_CASES {
        let v = f32::from_bits(bits);
        assert_eq!(
            s(|o| write_py_float(o, f64::from(v))),
            json,
            "json {bits:#x}"
        );
        assert_eq!(
            s(|o| write_py_str_f64(o, f64::from(v))),
            py_str,
            "str {bits:#x}"
        );
        assert_eq!(s(|o| write_numpy_str_f32(o, v)), np_str, "numpy {bits:#x}");
        let c = s(|o| write_shortest_f32(o, v));
        assert_eq!(c, compact, "compact {bits:#x}");
        if v.is_finite() {
            assert_eq!(
                c.parse::<f32>().map(f32::to_bits),
                Ok(bits),
                "round trip {c}"
            );
        }
    }
}

#[test]
fn f16_table() {
    for &(bits, json, py_str, np_str, compact) in F16_CASES {
        let v = half::f16::from_bits(bits);
        assert_eq!(
            s(|o| write_py_float(o, f64::from(v))),
            json,
            "json {bits:#x}"
        );
        assert_eq!(
            s(|o| write_py_str_f64(o, f64::from(v))),
            py_str,
            "str {bits:#x}"
        );
        assert_eq!(s(|o| write_numpy_str_f16(o, v)), np_str, "numpy {bits:#x}");
        assert_eq!(
            s(|o| write_shortest_f16(o, v)),
            compact,
            "compact {bits:#x}"
        );
    }
}

#[test]
fn f16_all_round_trip() {
    // Every finite f16: compact text parses back (via f64, exact for <= 5 digits) to it.
    for bits in 0..=u16::MAX {
        let v = half::f16::from_bits(bits);
        if !v.is_finite() {
            continue;
        }
        let c = s(|o| write_shortest_f16(o, v));
        let back = half::f16::from_f64(c.parse::<f64>().unwrap());
        assert_eq!(back.to_bits(), bits, "{c}");
    }
}

#[test]
fn parse_digits_any_notation() {
    for (text, neg, digits, exp) in [
        ("1e16", false, "1", 16),
        ("-1.5e-7", true, "15", -7),
        ("0.000123", false, "123", -4),
        ("12340000000.0", false, "1234", 10),
        ("1.0", false, "1", 0),
        ("100", false, "1", 2),
        ("9.999e+02", false, "9999", 2),
    ] {
        let (n, d) = parse_digits(text.as_bytes());
        let d = d.unwrap();
        assert_eq!(
            (n, d.digits(), d.exp),
            (neg, digits.as_bytes(), exp),
            "{text}"
        );
    }
    assert!(parse_digits(b"-0.0").1.is_none());
    assert!(parse_digits(b"0e0").1.is_none());
}

// F64_CASES, F32_CASES and F16_CASES, generated beside the script that makes them.
include!("../../tests/fixtures/number/cases.rs");
