//! numpy-exact number text against tables generated from CPython and numpy
//! (`tests/fixtures/number/number_cases.py`), and the f64 → f16 rounding against an
//! independent integer implementation and numpy's outputs.

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

#[test]
fn double_to_half_rounds_once() {
    let h = |x: f64| f64_to_f16(x).to_f64();
    assert_eq!(h(2049.0000000000005), 2050.0);
    assert_eq!(h(2049.0), 2048.0);
    assert_eq!(h(2051.0), 2052.0);
    assert_eq!(h(65519.99), 65504.0);
    assert_eq!(h(65520.0), f64::INFINITY);
    assert_eq!(h(-1e10), f64::NEG_INFINITY);
    assert_eq!(h(5.960464477539063e-08), 5.960464477539063e-08);
    assert_eq!(h(2f64.powi(-25)), 0.0);
    assert_eq!(
        h(f64::from_bits((2f64.powi(-25)).to_bits() + 1)),
        5.960464477539063e-08
    );
    assert_eq!(h(6.097555160522461e-05), 6.097555160522461e-05);
    assert!(f64_to_f16(-0.0).is_sign_negative());
    assert!(h(f64::NAN).is_nan());
    // Agrees with the f32 route wherever that does not round twice.
    let mut seed = 0x1234_5678_9abc_def0u64;
    for _ in 0..100_000 {
        let r = xorshift(&mut seed);
        let x = f64::from(f32::from_bits(r as u32));
        if x.is_finite() {
            assert_eq!(
                f64_to_f16(x).to_bits(),
                half::f16::from_f32(x as f32).to_bits(),
                "{x:e}"
            );
        }
    }
}

/// The f64 → f16 rounding by integer arithmetic on the bits (an independent algorithm: the
/// JSON reader's former one), with numpy's NaN rule.
fn f64_to_f16_by_bits(x: f64) -> u16 {
    let bits = x.to_bits();
    let sign = ((bits >> 48) & 0x8000) as u16;
    let bexp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    if bexp == 0x7ff {
        return sign
            | 0x7c00
            | if frac == 0 {
                0
            } else {
                ((frac >> 42) as u16).max(1)
            };
    }
    let e = bexp - 1023;
    if bexp == 0 || e < -25 {
        return sign;
    }
    if e > 15 {
        return sign | 0x7c00;
    }
    let m = frac | (1u64 << 52);
    // Keep 11 bits (normal) or fewer (subnormal), rounding the rest half to even.
    let shift: u32 = if e >= -14 { 42 } else { (28 - e) as u32 };
    let mut hm = m >> shift;
    let rem = m & ((1u64 << shift) - 1);
    let half_unit = 1u64 << (shift - 1);
    if rem > half_unit || (rem == half_unit && hm & 1 == 1) {
        hm += 1;
    }
    if e < -14 {
        // Subnormal: hm <= 1024, and 1024 is exactly the smallest normal's encoding.
        return sign | hm as u16;
    }
    // hm in [1024, 2048]; 2048 carries into the exponent.
    let biased = (e + 15) as u64 + (hm >> 11);
    if biased >= 31 {
        return sign | 0x7c00;
    }
    sign | ((biased << 10) as u16 | (hm as u16 & 0x3ff))
}

/// Every half, every midpoint between neighbouring halves, ±3 ulp of the double around each,
/// both signs; the overflow and underflow thresholds; NaN payloads; random bit patterns and
/// random doubles in and around the half range (exact ties included): both algorithms agree.
/// (A larger sample of the same kinds, 11 million doubles, agrees with numpy 2.4.6's
/// `np.float64(x).astype(np.float16)` on every one.)
#[test]
fn double_to_half_agrees_with_integer_rounding() {
    let check = |b: u64| {
        let x = f64::from_bits(b);
        assert_eq!(
            f64_to_f16(x).to_bits(),
            f64_to_f16_by_bits(x),
            "{b:#018x} {x:e}"
        );
    };
    let around = |x: f64| {
        for d in -3i64..=3 {
            check(x.to_bits().wrapping_add_signed(d));
            check((-x).to_bits().wrapping_add_signed(d));
        }
    };
    for h in 0..0x7c00u16 {
        let a = half::f16::from_bits(h).to_f64();
        let b = half::f16::from_bits(h + 1).to_f64();
        around(a);
        around((a + b) / 2.0);
    }
    for x in [
        65520.0,
        65504.0,
        65536.0,
        1e300,
        f64::MAX,
        5e-324,
        f64::MIN_POSITIVE,
    ] {
        around(x);
    }
    for e in -26..=-14 {
        around(2f64.powi(e));
    }
    for p in [
        1u64,
        2,
        0x3ff,
        (1 << 42) - 1,
        1 << 42,
        1 << 50,
        1 << 51,
        (1 << 52) - 1,
    ] {
        check(0x7ff0_0000_0000_0000 | p);
        check(0xfff0_0000_0000_0000 | p);
    }
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..200_000 {
        let r = xorshift(&mut seed);
        check(r);
        let near = (r & 0x800f_ffff_ffff_ffff) | ((1023 - 30 + (r >> 52) % 48) << 52);
        check(near);
        let tie = (near & 0xffff_fc00_0000_0000) | (1 << 41);
        for d in -1..=1 {
            check(tie.wrapping_add_signed(d));
        }
    }
}

/// numpy 2.4.6's `np.float64(x).astype(np.float16)` of NaNs: the sign and the payload's top
/// ten bits kept, not quieted, and never a NaN turned into an infinity.
#[test]
fn double_to_half_keeps_nan_payloads_as_numpy() {
    for (x, numpy) in [
        (0x7ff8_0000_0000_0000u64, 0x7e00u16),
        (0xfff8_0000_0000_0000, 0xfe00),
        (0x7ff0_0000_0000_0001, 0x7c01),
        (0x7ff0_0000_0000_0003, 0x7c01),
        (0xfff0_0000_0000_0001, 0xfc01),
        (0x7fff_ffff_ffff_ffff, 0x7fff),
        (0xffff_ffff_ffff_fffd, 0xffff),
        (0x7ff4_0000_0000_0000, 0x7d00),
        (0x7ff0_0400_0000_0000, 0x7c01),
        (0x7ffa_bcde_f012_3456, 0x7eaf),
    ] {
        assert_eq!(f64_to_f16(f64::from_bits(x)).to_bits(), numpy, "{x:#018x}");
    }
}

// F64_CASES, F32_CASES and F16_CASES, generated beside the script that makes them.
include!("../../tests/fixtures/number/cases.rs");
