//! Allocation-free number formatting that reproduces CPython / numpy text byte for byte.
//!
//! * [`write_py_float`] — `json.dumps(float)` (= `repr(float)` plus the JSON tokens
//!   `NaN` / `Infinity` / `-Infinity`). Hot path of the JSON response encoder.
//! * [`write_py_str_f64`] — `str(float)` (= `repr`, with `nan` / `inf` / `-inf`).
//! * [`write_shortest_f64`] / [`write_shortest_f32`] / [`write_shortest_f16`] — "compact"
//!   style: shortest digits at the value's *own* precision, Python layout.
//! * [`write_numpy_str_f64`] / [`write_numpy_str_f32`] / [`write_numpy_str_f16`] — numpy's
//!   `str()` of a float scalar, which is what `arr.astype(str)` produces.
//! * [`write_numpy_str_bool`] / [`write_numpy_str_i64`] / [`write_numpy_str_u64`].
//!
//! Shortest round-trip digits for f32/f64 come from `zmij` (Schubfach/yy) and, for
//! `1e-4 <= |v| < 1`, from `ryu` (zmij's `0.000ddd` layout does variable-length
//! `memmove`/`memset` calls there); both give the same shortest-and-closest digits, which is
//! what CPython's dtoa and numpy's Dragon4 produce. Their text is patched or re-laid out into
//! Python's / numpy's notation here, without allocation. Measured in release mode on the
//! 2-core dev machine (per-process CPU time, loaded machine), `write_py_float` on f32 values
//! widened to f64: ~28-45 ns/value vs ~40-75 (ryu only), ~30-58 (zmij only) and 100-400
//! (std `{:?}` / `{:e}` + re-layout). f16 digits come from a small exact integer search
//! (neither crate has f16), verified on all 65536 f16 values against numpy.
//!
//! ## Layout rules (verified against CPython 3.11 and numpy 2.4.6)
//! * Python `repr(float)`: let `e` be the decimal exponent of the shortest digits
//!   (`d.ddd × 10^e`). Scientific iff `e < -4 || e >= 16`; exponent has a sign and at
//!   least 2 digits (`1e-05`, `1e+16`, `5e-324`); scientific omits `.0` for one digit;
//!   fixed always has a fractional part (`1.0`).
//! * numpy `str()` of float scalars (`scalartypes.c.src`, `*type_str_either` /
//!   `halftype_str`, numpy >= 2.3 print mode): the choice is made on the **value**, not on
//!   the digits: positional iff `x == 0 || 1e-4 <= |x| < max`, with `max` = `1e16` for
//!   float64, `1e6` for float32 and `1e3` for float16. Digits are Dragon4 "unique" at the
//!   source precision. So float32 `0.0001` (stored 9.9999997e-05 < 1e-4) prints `1e-04`,
//!   float32 `1e6` prints `1e+06`, float16 `2048` prints `2.048e+03`. Positional keeps one
//!   trailing zero (`65504.0`), scientific drops it (`1e+04`). Any NaN (either sign) is
//!   `nan`; infinities are `inf` / `-inf`; `-0.0` keeps its sign.

/// `10^i` for `i <= 19`: digit arithmetic of the JSON reader and the float32 writer alike.
pub(crate) const POW10_U64: [u64; 20] = {
    let mut t = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// How a value is laid out once its shortest digits are known.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Notation {
    /// Python repr rule on the decimal exponent: scientific iff `e < -4 || e >= 16`.
    Python,
    /// Fixed-point (numpy "positional", one trailing zero kept).
    Fixed,
    /// Scientific (numpy, trailing `.0` dropped).
    Sci,
}

/// Shortest significant digits of a finite non-zero value: `0.d1d2..dn × 10^(exp+1)`,
/// i.e. `d1.d2..dn × 10^exp`. No leading or trailing zeros.
struct Digits {
    buf: [u8; 40],
    len: usize,
    exp: i32,
}

impl Digits {
    const fn new() -> Self {
        Digits {
            buf: [0; 40],
            len: 0,
            exp: 0,
        }
    }

    #[inline]
    fn push(&mut self, d: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = d;
            self.len += 1;
        }
    }

    #[inline]
    fn digits(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }
}

/// Parses the text produced by a shortest-digit formatter (`[-]ddd[.ddd][e[+-]ddd]`, any
/// notation) into sign + digits. Returns `None` for a zero value.
fn parse_digits(s: &[u8]) -> (bool, Option<Digits>) {
    let mut i = 0;
    let neg = s.first() == Some(&b'-');
    if neg {
        i = 1;
    }
    let mut d = Digits::new();
    let mut int_len: i32 = 0; // digits seen before '.'
    let mut seen_point = false;
    let mut pos: i32 = 0; // index of the current digit in the digit string
    let mut first_nz: Option<i32> = None;
    let mut last_nz_len = 0usize;
    let mut exp_part: i32 = 0;
    while let Some(&c) = s.get(i) {
        i += 1;
        match c {
            b'0'..=b'9' => {
                if first_nz.is_none() && c != b'0' {
                    first_nz = Some(pos);
                }
                if first_nz.is_some() {
                    d.push(c);
                    if c != b'0' {
                        last_nz_len = d.len;
                    }
                }
                if !seen_point {
                    int_len += 1;
                }
                pos += 1;
            }
            b'.' => seen_point = true,
            b'e' | b'E' => {
                let eneg = s.get(i) == Some(&b'-');
                if matches!(s.get(i), Some(b'-' | b'+')) {
                    i += 1;
                }
                while let Some(&ec) = s.get(i) {
                    if ec.is_ascii_digit() {
                        exp_part = exp_part
                            .saturating_mul(10)
                            .saturating_add(i32::from(ec - b'0'));
                    }
                    i += 1;
                }
                if eneg {
                    exp_part = -exp_part;
                }
            }
            _ => {}
        }
    }
    match first_nz {
        None => (neg, None),
        Some(p) => {
            d.len = last_nz_len;
            d.exp = (int_len - 1 - p).saturating_add(exp_part);
            (neg, Some(d))
        }
    }
}

/// Writes `e±XX` (at least two exponent digits, as C's `%e`, Python and numpy do).
#[inline]
fn write_exp(out: &mut Vec<u8>, exp: i32) {
    let (sign, a) = if exp < 0 {
        (b'-', exp.unsigned_abs())
    } else {
        (b'+', exp.unsigned_abs())
    };
    if a >= 100 {
        out.extend_from_slice(&[
            b'e',
            sign,
            b'0' + (a / 100 % 10) as u8,
            b'0' + (a / 10 % 10) as u8,
            b'0' + (a % 10) as u8,
        ]);
    } else {
        out.extend_from_slice(&[b'e', sign, b'0' + (a / 10) as u8, b'0' + (a % 10) as u8]);
    }
}

const ZEROS: [u8; 32] = [b'0'; 32];

#[inline]
fn write_zeros(out: &mut Vec<u8>, mut n: usize) {
    while n > 0 {
        let k = n.min(ZEROS.len());
        out.extend_from_slice(ZEROS.get(..k).unwrap_or(&ZEROS));
        n -= k;
    }
}

/// Lays out sign + digits (or zero when `digits` is `None`) in the requested notation.
fn emit(out: &mut Vec<u8>, neg: bool, digits: Option<&Digits>, notation: Notation) {
    if neg {
        out.push(b'-');
    }
    let Some(d) = digits else {
        out.extend_from_slice(b"0.0");
        return;
    };
    let ds = d.digits();
    let exp = d.exp;
    let sci = match notation {
        Notation::Python => !(-4..16).contains(&exp),
        Notation::Fixed => false,
        Notation::Sci => true,
    };
    let Some((&first, rest)) = ds.split_first() else {
        out.extend_from_slice(b"0.0");
        return;
    };
    if sci {
        out.push(first);
        if !rest.is_empty() {
            out.push(b'.');
            out.extend_from_slice(rest);
        }
        write_exp(out, exp);
    } else if exp >= 0 {
        let int_len = exp.unsigned_abs() as usize + 1;
        if ds.len() <= int_len {
            out.extend_from_slice(ds);
            write_zeros(out, int_len - ds.len());
            out.extend_from_slice(b".0");
        } else {
            let (int_part, frac) = ds.split_at(int_len);
            out.extend_from_slice(int_part);
            out.push(b'.');
            out.extend_from_slice(frac);
        }
    } else {
        out.extend_from_slice(b"0.");
        write_zeros(out, exp.unsigned_abs() as usize - 1);
        out.extend_from_slice(ds);
    }
}

/// Appends a finite value's shortest text `s` (from zmij, ryu or std, in any notation) in
/// the notation chosen by the caller: `fixed` (Python/numpy positional, `1.0`, `0.001`) or
/// scientific (`d.ddde±XX`).
///
/// Fast path: shortest-digit formatters print fixed text with at least one fractional digit
/// (`1.0`, `0.001`, `12340000000.0`), which is exactly Python's fixed text, and zmij's
/// scientific text `d.ddde±dd[d]` is exactly Python's for two- and three-digit exponents;
/// one-digit exponents only need a zero inserted (`e-06`). Any other combination (zmij's
/// fixed `0.0000123` where Python wants `1.23e-05`, ryu's `1e16`, ...) takes the generic
/// digit re-layout.
#[inline]
fn write_from_text(out: &mut Vec<u8>, s: &[u8], fixed: bool) {
    let n = s.len();
    let at = |i: usize| {
        n.checked_sub(i)
            .and_then(|j| s.get(j))
            .copied()
            .unwrap_or(0)
    };
    let sign = |c: u8| c == b'-' || c == b'+';
    if fixed {
        if at(3) != b'e' && at(4) != b'e' && at(5) != b'e' {
            out.extend_from_slice(s);
            return;
        }
    } else if (at(4) == b'e' && sign(at(3))) || (at(5) == b'e' && sign(at(4))) {
        out.extend_from_slice(s);
        return;
    } else if at(3) == b'e' && sign(at(2)) {
        // n >= 3 here (at(3) found a byte).
        out.extend_from_slice(s.get(..n - 1).unwrap_or_default());
        out.extend_from_slice(&[b'0', at(1)]);
        return;
    }
    let (neg, d) = parse_digits(s);
    emit(
        out,
        neg,
        d.as_ref(),
        if fixed {
            Notation::Fixed
        } else {
            Notation::Sci
        },
    );
}

/// Python's repr notation for a finite f64, decided on the value: fixed iff the decimal
/// exponent of the shortest digits is in `-4..16`, which is `v == 0 || 1e-4 <= |v| < 1e16`
/// (no double below 1e-4 or 1e16 has shortest digits reaching that power of ten, and the
/// doubles nearest to both are above it).
#[inline]
fn python_fixed_f64(v: f64) -> bool {
    let a = v.abs();
    (1e-4..1e16).contains(&a) || a == 0.0
}

/// Python's repr notation rule applied to shortest **f32** digits, decided on the value.
/// The f32 nearest to 1e-4 lies *below* it yet its shortest digits are `1e-04` (fixed
/// `0.0001`), so the bounds are the f32 roundings of 1e-4 and 1e16.
#[inline]
fn python_fixed_f32(v: f32) -> bool {
    let a = v.abs();
    (1e-4_f32..1e16_f32).contains(&a) || a == 0.0
}

/// Appends a finite f64's shortest digits in the given notation (see [`write_from_text`]).
///
/// Backend choice (measured, see the module docs): `ryu` for `1e-4 <= |v| < 1`, where
/// zmij's `0.000ddd` layout spends its time in variable-length `memmove` / `memset` calls,
/// and `zmij` everywhere else. Both produce the same shortest, closest digits.
#[inline]
fn write_f64_digits(out: &mut Vec<u8>, v: f64, fixed: bool) {
    if (1e-4..1.0).contains(&v.abs()) {
        let mut buf = ryu::Buffer::new();
        write_from_text(out, buf.format_finite(v).as_bytes(), fixed);
    } else {
        let mut buf = zmij::Buffer::new();
        write_from_text(out, buf.format_finite(v).as_bytes(), fixed);
    }
}

/// f32 counterpart of [`write_f64_digits`] (digits at f32 precision).
#[inline]
fn write_f32_digits(out: &mut Vec<u8>, v: f32, fixed: bool) {
    if (1e-4..1.0).contains(&v.abs()) {
        let mut buf = ryu::Buffer::new();
        write_from_text(out, buf.format_finite(v).as_bytes(), fixed);
    } else {
        let mut buf = zmij::Buffer::new();
        write_from_text(out, buf.format_finite(v).as_bytes(), fixed);
    }
}

#[inline]
fn write_finite_f64_python(out: &mut Vec<u8>, v: f64) {
    write_f64_digits(out, v, python_fixed_f64(v));
}

#[inline]
fn write_nonfinite(out: &mut Vec<u8>, nan: bool, neg: bool, json: bool) {
    let t: &[u8] = match (nan, neg, json) {
        (true, _, true) => b"NaN",
        (true, _, false) => b"nan",
        (false, false, true) => b"Infinity",
        (false, true, true) => b"-Infinity",
        (false, false, false) => b"inf",
        (false, true, false) => b"-inf",
    };
    out.extend_from_slice(t);
}

/// Appends exactly what CPython's `json.dumps(v)` produces for a float: `repr(v)` for finite
/// values (shortest round-trip digits; scientific `d.ddde±XX` iff the decimal exponent is
/// `< -4` or `>= 16`, else fixed with at least one fractional digit; `-0.0` keeps its sign)
/// and `NaN` / `Infinity` / `-Infinity` otherwise. Use it for float16/float32 elements
/// widened to f64 (float32 `0.1` gives `0.10000000149011612`).
#[inline]
pub fn write_py_float(out: &mut Vec<u8>, v: f64) {
    if v.is_finite() {
        write_finite_f64_python(out, v);
    } else {
        write_nonfinite(out, v.is_nan(), v.is_sign_negative(), true);
    }
}

/// Appends CPython's `str(v)` / `repr(v)` of a float: as [`write_py_float`] but with the
/// non-finite values spelled `nan`, `inf`, `-inf` (a NaN of either sign is `nan`).
/// This is what a JSON-decoded number becomes when placed into a numpy `str` dtype.
#[inline]
pub fn write_py_str_f64(out: &mut Vec<u8>, v: f64) {
    if v.is_finite() {
        write_finite_f64_python(out, v);
    } else {
        write_nonfinite(out, v.is_nan(), v.is_sign_negative(), false);
    }
}

/// Appends the "compact" text of an f64: its shortest round-trip digits in Python's repr
/// layout, non-finite as the JSON tokens `NaN` / `Infinity` / `-Infinity`. For f64 this is
/// identical to [`write_py_float`] (the JSON encoder calls that directly; this name is kept for
/// the tests that check every style).
#[cfg(test)]
#[inline]
pub fn write_shortest_f64(out: &mut Vec<u8>, v: f64) {
    write_py_float(out, v);
}

/// Appends the "compact" text of an f32: the shortest digits that round-trip at **f32**
/// precision (`0.1f32` → `0.1`, `3.4028235e+38`), laid out with Python's repr rules
/// (scientific iff decimal exponent `< -4` or `>= 16`, two-digit minimum exponent, `.0`
/// for integral fixed values); non-finite as `NaN` / `Infinity` / `-Infinity`. Parsing the
/// text as f64 and rounding to f32 gives back the same value.
#[inline]
pub fn write_shortest_f32(out: &mut Vec<u8>, v: f32) {
    if v.is_finite() {
        write_f32_digits(out, v, python_fixed_f32(v));
    } else {
        write_nonfinite(out, v.is_nan(), v.is_sign_negative(), true);
    }
}

/// Appends the "compact" text of an f16: the shortest digits that round-trip at **f16**
/// precision (`65504` → `65500.0`, `0.1` → `0.1`) in Python's repr layout; non-finite as
/// `NaN` / `Infinity` / `-Infinity`.
#[inline]
pub fn write_shortest_f16(out: &mut Vec<u8>, v: half::f16) {
    if v.is_finite() {
        let (neg, d) = f16_shortest(v.to_bits());
        emit(out, neg, d.as_ref(), Notation::Python);
    } else {
        write_nonfinite(out, v.is_nan(), v.is_sign_negative(), true);
    }
}

/// numpy's positional/scientific choice (`1e-4 <= |x| < max_positional`, or zero), made on
/// the exact binary value: `abs` is the exactly widened value, and comparing it with the
/// f64 `1e-4` is equivalent to numpy's comparison with the long double `1.e-4L` for every
/// f16/f32/f64 input (no such value lies between the two constants).
#[inline]
fn numpy_fixed(abs: f64, max_positional: f64) -> bool {
    abs == 0.0 || (abs >= 1e-4 && abs < max_positional)
}

/// Appends numpy's `str()` of a float64 scalar (what `np.array([v]).astype(str)` holds):
/// Dragon4 shortest digits; positional (`0.0001`, `9999999999999998.0`) iff `v == 0` or
/// `1e-4 <= |v| < 1e16`, else scientific (`1e+16`, `1e-05`); `nan`, `inf`, `-inf`.
/// For finite values this equals Python's `repr`.
#[inline]
pub fn write_numpy_str_f64(out: &mut Vec<u8>, v: f64) {
    if v.is_finite() {
        // numpy's value rule (1e-4 <= |v| < 1e16) picks the same notation as Python's
        // digit-exponent rule for every finite f64: no double below 1e16 (or below 1e-4)
        // has shortest digits reaching 1e16 (or 1e-4). Verified on 300k+ values.
        write_finite_f64_python(out, v);
    } else {
        write_nonfinite(out, v.is_nan(), v.is_sign_negative(), false);
    }
}

/// Appends numpy's `str()` of a float32 scalar (what `arr.astype(str)` holds for a float32
/// array): shortest digits at f32 precision; positional iff `v == 0` or `1e-4 <= |v| < 1e6`
/// (`0.1`, `123456.0`), else scientific (`1e+06`, `1.2345679e+08`, and `1e-04` for the f32
/// nearest 0.0001, which is below 1e-4); `nan`, `inf`, `-inf`.
#[inline]
pub fn write_numpy_str_f32(out: &mut Vec<u8>, v: f32) {
    if v.is_finite() {
        write_f32_digits(out, v, numpy_fixed(f64::from(v).abs(), 1e6));
    } else {
        write_nonfinite(out, v.is_nan(), v.is_sign_negative(), false);
    }
}

/// Appends numpy's `str()` of a float16 scalar: shortest digits at f16 precision;
/// positional iff `v == 0` or `1e-4 <= |v| < 1e3` (`0.1`, `999.5`), else scientific
/// (`6.55e+04` for 65504, `2.048e+03`, `6e-08`); `nan`, `inf`, `-inf`.
#[inline]
pub fn write_numpy_str_f16(out: &mut Vec<u8>, v: half::f16) {
    if v.is_finite() {
        let (neg, d) = f16_shortest(v.to_bits());
        let fixed = numpy_fixed(f64::from(v).abs(), 1e3);
        emit(
            out,
            neg,
            d.as_ref(),
            if fixed {
                Notation::Fixed
            } else {
                Notation::Sci
            },
        );
    } else {
        write_nonfinite(out, v.is_nan(), v.is_sign_negative(), false);
    }
}

/// Appends numpy's / Python's `str()` of a bool: `True` or `False`.
#[inline]
pub fn write_numpy_str_bool(out: &mut Vec<u8>, v: bool) {
    out.extend_from_slice(if v { b"True" } else { b"False" });
}

/// Appends the decimal text of an unsigned integer (numpy `str()` / JSON integer).
#[inline]
pub fn write_numpy_str_u64(out: &mut Vec<u8>, v: u64) {
    // u64::MAX has 20 digits.
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = v;
    while let Some(slot) = i.checked_sub(1).and_then(|j| buf.get_mut(j)) {
        *slot = b'0' + (n % 10) as u8;
        i -= 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(buf.get(i..).unwrap_or_default());
}

/// Appends the decimal text of a signed integer (numpy `str()` / JSON integer), including
/// `-9223372036854775808`.
#[inline]
pub fn write_numpy_str_i64(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    write_numpy_str_u64(out, v.unsigned_abs());
}

/// Shortest round-trip digits of a finite f16 (by bits), exact integer arithmetic.
///
/// The value is `m · 2^e`; everything is scaled by `2^26` so the value and its rounding
/// interval (half-way to each neighbour, bounds included when `m` is even, as IEEE
/// round-half-even parsing accepts them) are integers. Going from coarse to fine decimal
/// units `10^k`, the first `k` with a multiple of `10^k` inside the interval gives the
/// shortest length; the multiple closest to the value is chosen (ties to even), which is
/// what Dragon4 (numpy) and Python's dtoa do.
fn f16_shortest(bits: u16) -> (bool, Option<Digits>) {
    let neg = bits & 0x8000 != 0;
    let exp_field = i32::from((bits >> 10) & 0x1f);
    let frac = u64::from(bits & 0x3ff);
    let (m, e) = if exp_field == 0 {
        (frac, -24)
    } else {
        (frac | 0x400, exp_field - 25)
    };
    if m == 0 || exp_field == 0x1f {
        return (neg, None);
    }
    // e >= -24, so e + 24 >= 0.
    let shift = (e + 24).clamp(0, 40).unsigned_abs();
    let v = u128::from(m) << (shift + 2);
    let h = 1u128 << (shift + 1);
    let l = if frac == 0 && exp_field > 1 {
        1u128 << shift
    } else {
        h
    };
    let inclusive = m % 2 == 0;
    let lo = v - l;
    let hi = v + h;
    const SCALE: u128 = 1 << 26;
    let hi_real = f64::from(half::f16::from_bits(bits & 0x7fff)) * 1.001;
    let mut k = (hi_real.log10().floor() as i32 + 1).clamp(-12, 6);
    // k >= -8 always finds a candidate (the narrowest interval, 2^-24, exceeds 1e-8).
    while k >= -12 {
        let (p, u) = if k >= 0 {
            (1u128, 10u128.pow(k.unsigned_abs()) * SCALE)
        } else {
            (10u128.pow(k.unsigned_abs()), SCALE)
        };
        let (nlo, nhi, nv) = (lo * p, hi * p, v * p);
        let mut clo = nlo.div_ceil(u);
        if !inclusive && clo * u == nlo {
            clo += 1;
        }
        let mut chi = nhi / u;
        if !inclusive && chi * u == nhi && chi > 0 {
            chi -= 1;
        }
        if chi >= clo && chi > 0 {
            let q = nv / u;
            let r = nv - q * u;
            let mut c = if 2 * r > u || (2 * r == u && q % 2 == 1) {
                q + 1
            } else {
                q
            };
            c = c.clamp(clo.max(1), chi);
            let mut d = Digits::new();
            let mut tmp = [0u8; 40];
            let mut n = 0;
            let mut x = c;
            while let Some(slot) = tmp.get_mut(n).filter(|_| x > 0) {
                *slot = b'0' + (x % 10) as u8;
                x /= 10;
                n += 1;
            }
            let mut last_nz = 0;
            for (i, &dg) in tmp.get(..n).unwrap_or_default().iter().rev().enumerate() {
                d.push(dg);
                if dg != b'0' {
                    last_nz = i + 1;
                }
            }
            d.len = last_nz;
            d.exp = k + n as i32 - 1;
            return (neg, Some(d));
        }
        k -= 1;
    }
    (neg, None)
}

#[cfg(test)]
mod tests {
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

    // The tables below are generated by tests/fixtures/number/number_cases.py; do not edit.
    // ---- BEGIN GENERATED by number_cases.py (numpy 2.4.6, Python 3.11.7) ----
    // (bits, json.dumps(float(x)), str(float(x)), numpy astype(str), compact)
    #[rustfmt::skip]
    const F64_CASES: &[(u64, &str, &str, &str, &str)] = &[
        (0x0, "0.0", "0.0", "0.0", "0.0"),
        (0x8000000000000000, "-0.0", "-0.0", "-0.0", "-0.0"),
        (0x3ff0000000000000, "1.0", "1.0", "1.0", "1.0"),
        (0xbff0000000000000, "-1.0", "-1.0", "-1.0", "-1.0"),
        (0x3ff0000000000001, "1.0000000000000002", "1.0000000000000002", "1.0000000000000002", "1.0000000000000002"),
        (0x3fefffffffffffff, "0.9999999999999999", "0.9999999999999999", "0.9999999999999999", "0.9999999999999999"),
        (0xbff0000000000001, "-1.0000000000000002", "-1.0000000000000002", "-1.0000000000000002", "-1.0000000000000002"),
        (0xbfefffffffffffff, "-0.9999999999999999", "-0.9999999999999999", "-0.9999999999999999", "-0.9999999999999999"),
        (0x3fb999999999999a, "0.1", "0.1", "0.1", "0.1"),
        (0xbfb999999999999a, "-0.1", "-0.1", "-0.1", "-0.1"),
        (0x3fb999999999999b, "0.10000000000000002", "0.10000000000000002", "0.10000000000000002", "0.10000000000000002"),
        (0x3fb9999999999999, "0.09999999999999999", "0.09999999999999999", "0.09999999999999999", "0.09999999999999999"),
        (0xbfb999999999999b, "-0.10000000000000002", "-0.10000000000000002", "-0.10000000000000002", "-0.10000000000000002"),
        (0xbfb9999999999999, "-0.09999999999999999", "-0.09999999999999999", "-0.09999999999999999", "-0.09999999999999999"),
        (0x3fe0000000000000, "0.5", "0.5", "0.5", "0.5"),
        (0xbfe0000000000000, "-0.5", "-0.5", "-0.5", "-0.5"),
        (0x3fe0000000000001, "0.5000000000000001", "0.5000000000000001", "0.5000000000000001", "0.5000000000000001"),
        (0x3fdfffffffffffff, "0.49999999999999994", "0.49999999999999994", "0.49999999999999994", "0.49999999999999994"),
        (0x4000000000000000, "2.0", "2.0", "2.0", "2.0"),
        (0xc000000000000000, "-2.0", "-2.0", "-2.0", "-2.0"),
        (0x4000000000000001, "2.0000000000000004", "2.0000000000000004", "2.0000000000000004", "2.0000000000000004"),
        (0x3fffffffffffffff, "1.9999999999999998", "1.9999999999999998", "1.9999999999999998", "1.9999999999999998"),
        (0x4024000000000000, "10.0", "10.0", "10.0", "10.0"),
        (0xc024000000000000, "-10.0", "-10.0", "-10.0", "-10.0"),
        (0x4024000000000001, "10.000000000000002", "10.000000000000002", "10.000000000000002", "10.000000000000002"),
        (0x4023ffffffffffff, "9.999999999999998", "9.999999999999998", "9.999999999999998", "9.999999999999998"),
        (0x4059000000000000, "100.0", "100.0", "100.0", "100.0"),
        (0xc059000000000000, "-100.0", "-100.0", "-100.0", "-100.0"),
        (0x4059000000000001, "100.00000000000001", "100.00000000000001", "100.00000000000001", "100.00000000000001"),
        (0x4058ffffffffffff, "99.99999999999999", "99.99999999999999", "99.99999999999999", "99.99999999999999"),
        (0x430c6bf526340000, "1000000000000000.0", "1000000000000000.0", "1000000000000000.0", "1000000000000000.0"),
        (0xc30c6bf526340000, "-1000000000000000.0", "-1000000000000000.0", "-1000000000000000.0", "-1000000000000000.0"),
        (0x430c6bf526340001, "1000000000000000.1", "1000000000000000.1", "1000000000000000.1", "1000000000000000.1"),
        (0x430c6bf52633ffff, "999999999999999.9", "999999999999999.9", "999999999999999.9", "999999999999999.9"),
        (0x4341c37937e08000, "1e+16", "1e+16", "1e+16", "1e+16"),
        (0xc341c37937e08000, "-1e+16", "-1e+16", "-1e+16", "-1e+16"),
        (0x4341c37937e08001, "1.0000000000000002e+16", "1.0000000000000002e+16", "1.0000000000000002e+16", "1.0000000000000002e+16"),
        (0x4341c37937e07fff, "9999999999999998.0", "9999999999999998.0", "9999999999999998.0", "9999999999999998.0"),
        (0x4376345785d8a000, "1e+17", "1e+17", "1e+17", "1e+17"),
        (0xc376345785d8a000, "-1e+17", "-1e+17", "-1e+17", "-1e+17"),
        (0x4376345785d8a001, "1.0000000000000002e+17", "1.0000000000000002e+17", "1.0000000000000002e+17", "1.0000000000000002e+17"),
        (0x4376345785d89fff, "9.999999999999998e+16", "9.999999999999998e+16", "9.999999999999998e+16", "9.999999999999998e+16"),
        (0xc341c37937e08001, "-1.0000000000000002e+16", "-1.0000000000000002e+16", "-1.0000000000000002e+16", "-1.0000000000000002e+16"),
        (0xc341c37937e07fff, "-9999999999999998.0", "-9999999999999998.0", "-9999999999999998.0", "-9999999999999998.0"),
        (0x4341c37937e07ffe, "9999999999999996.0", "9999999999999996.0", "9999999999999996.0", "9999999999999996.0"),
        (0xc30c6bf52633ffff, "-999999999999999.9", "-999999999999999.9", "-999999999999999.9", "-999999999999999.9"),
        (0x430c6bf52633fffe, "999999999999999.8", "999999999999999.8", "999999999999999.8", "999999999999999.8"),
        (0x43118b54f22aeb00, "1234567890123456.0", "1234567890123456.0", "1234567890123456.0", "1234567890123456.0"),
        (0xc3118b54f22aeb00, "-1234567890123456.0", "-1234567890123456.0", "-1234567890123456.0", "-1234567890123456.0"),
        (0x43118b54f22aeb01, "1234567890123456.2", "1234567890123456.2", "1234567890123456.2", "1234567890123456.2"),
        (0x43118b54f22aeaff, "1234567890123455.8", "1234567890123455.8", "1234567890123455.8", "1234567890123455.8"),
        (0x4345ee2a2eb5a5c4, "1.2345678901234568e+16", "1.2345678901234568e+16", "1.2345678901234568e+16", "1.2345678901234568e+16"),
        (0xc345ee2a2eb5a5c4, "-1.2345678901234568e+16", "-1.2345678901234568e+16", "-1.2345678901234568e+16", "-1.2345678901234568e+16"),
        (0x4345ee2a2eb5a5c5, "1.234567890123457e+16", "1.234567890123457e+16", "1.234567890123457e+16", "1.234567890123457e+16"),
        (0x4345ee2a2eb5a5c3, "1.2345678901234566e+16", "1.2345678901234566e+16", "1.2345678901234566e+16", "1.2345678901234566e+16"),
        (0x3f1a36e2eb1c432d, "0.0001", "0.0001", "0.0001", "0.0001"),
        (0xbf1a36e2eb1c432d, "-0.0001", "-0.0001", "-0.0001", "-0.0001"),
        (0x3f1a36e2eb1c432e, "0.00010000000000000002", "0.00010000000000000002", "0.00010000000000000002", "0.00010000000000000002"),
        (0x3f1a36e2eb1c432c, "9.999999999999999e-05", "9.999999999999999e-05", "9.999999999999999e-05", "9.999999999999999e-05"),
        (0x3ee4f8b588e368f1, "1e-05", "1e-05", "1e-05", "1e-05"),
        (0xbee4f8b588e368f1, "-1e-05", "-1e-05", "-1e-05", "-1e-05"),
        (0x3ee4f8b588e368f2, "1.0000000000000003e-05", "1.0000000000000003e-05", "1.0000000000000003e-05", "1.0000000000000003e-05"),
        (0x3ee4f8b588e368f0, "9.999999999999999e-06", "9.999999999999999e-06", "9.999999999999999e-06", "9.999999999999999e-06"),
        (0x3f1cd5f99c38b04b, "0.00011", "0.00011", "0.00011", "0.00011"),
        (0xbf1cd5f99c38b04b, "-0.00011", "-0.00011", "-0.00011", "-0.00011"),
        (0x3f1cd5f99c38b04c, "0.00011000000000000002", "0.00011000000000000002", "0.00011000000000000002", "0.00011000000000000002"),
        (0x3f1cd5f99c38b04a, "0.00010999999999999999", "0.00010999999999999999", "0.00010999999999999999", "0.00010999999999999999"),
        (0x3f1a36d1bd105b06, "9.9999e-05", "9.9999e-05", "9.9999e-05", "9.9999e-05"),
        (0xbf1a36d1bd105b06, "-9.9999e-05", "-9.9999e-05", "-9.9999e-05", "-9.9999e-05"),
        (0x3f1a36d1bd105b07, "9.999900000000002e-05", "9.999900000000002e-05", "9.999900000000002e-05", "9.999900000000002e-05"),
        (0x3f1a36d1bd105b05, "9.999899999999999e-05", "9.999899999999999e-05", "9.999899999999999e-05", "9.999899999999999e-05"),
        (0xbf1a36e2eb1c432c, "-9.999999999999999e-05", "-9.999999999999999e-05", "-9.999999999999999e-05", "-9.999999999999999e-05"),
        (0x3f1a36e2eb1c432b, "9.999999999999998e-05", "9.999999999999998e-05", "9.999999999999998e-05", "9.999999999999998e-05"),
        (0xbf1a36e2eb1c432e, "-0.00010000000000000002", "-0.00010000000000000002", "-0.00010000000000000002", "-0.00010000000000000002"),
        (0x3f1a36e2eb1c432f, "0.00010000000000000003", "0.00010000000000000003", "0.00010000000000000003", "0.00010000000000000003"),
        (0x3eef75104d551d69, "1.5e-05", "1.5e-05", "1.5e-05", "1.5e-05"),
        (0xbeef75104d551d69, "-1.5e-05", "-1.5e-05", "-1.5e-05", "-1.5e-05"),
        (0x3eef75104d551d6a, "1.5000000000000002e-05", "1.5000000000000002e-05", "1.5000000000000002e-05", "1.5000000000000002e-05"),
        (0x3eef75104d551d68, "1.4999999999999999e-05", "1.4999999999999999e-05", "1.4999999999999999e-05", "1.4999999999999999e-05"),
        (0x3eb0c6f7a0b5ed8d, "1e-06", "1e-06", "1e-06", "1e-06"),
        (0xbeb0c6f7a0b5ed8d, "-1e-06", "-1e-06", "-1e-06", "-1e-06"),
        (0x3eb0c6f7a0b5ed8e, "1.0000000000000002e-06", "1.0000000000000002e-06", "1.0000000000000002e-06", "1.0000000000000002e-06"),
        (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-07", "9.999999999999997e-07", "9.999999999999997e-07", "9.999999999999997e-07"),
        (0x3e7ad7f29abcaf48, "1e-07", "1e-07", "1e-07", "1e-07"),
        (0xbe7ad7f29abcaf48, "-1e-07", "-1e-07", "-1e-07", "-1e-07"),
        (0x3e7ad7f29abcaf49, "1.0000000000000001e-07", "1.0000000000000001e-07", "1.0000000000000001e-07", "1.0000000000000001e-07"),
        (0x3e7ad7f29abcaf47, "9.999999999999998e-08", "9.999999999999998e-08", "9.999999999999998e-08", "9.999999999999998e-08"),
        (0x3e112e0be826d695, "1e-09", "1e-09", "1e-09", "1e-09"),
        (0xbe112e0be826d695, "-1e-09", "-1e-09", "-1e-09", "-1e-09"),
        (0x3e112e0be826d696, "1.0000000000000003e-09", "1.0000000000000003e-09", "1.0000000000000003e-09", "1.0000000000000003e-09"),
        (0x3e112e0be826d694, "9.999999999999999e-10", "9.999999999999999e-10", "9.999999999999999e-10", "9.999999999999999e-10"),
        (0x3ddb7cdfd9d7bdbb, "1e-10", "1e-10", "1e-10", "1e-10"),
        (0xbddb7cdfd9d7bdbb, "-1e-10", "-1e-10", "-1e-10", "-1e-10"),
        (0x3ddb7cdfd9d7bdbc, "1.0000000000000002e-10", "1.0000000000000002e-10", "1.0000000000000002e-10", "1.0000000000000002e-10"),
        (0x3ddb7cdfd9d7bdba, "9.999999999999999e-11", "9.999999999999999e-11", "9.999999999999999e-11", "9.999999999999999e-11"),
        (0x2b617f7d4ed8c33e, "1e-99", "1e-99", "1e-99", "1e-99"),
        (0xab617f7d4ed8c33e, "-1e-99", "-1e-99", "-1e-99", "-1e-99"),
        (0x2b617f7d4ed8c33f, "1.0000000000000002e-99", "1.0000000000000002e-99", "1.0000000000000002e-99", "1.0000000000000002e-99"),
        (0x2b617f7d4ed8c33d, "9.999999999999998e-100", "9.999999999999998e-100", "9.999999999999998e-100", "9.999999999999998e-100"),
        (0x2b2bff2ee48e0530, "1e-100", "1e-100", "1e-100", "1e-100"),
        (0xab2bff2ee48e0530, "-1e-100", "-1e-100", "-1e-100", "-1e-100"),
        (0x2b2bff2ee48e0531, "1.0000000000000001e-100", "1.0000000000000001e-100", "1.0000000000000001e-100", "1.0000000000000001e-100"),
        (0x2b2bff2ee48e052f, "9.999999999999999e-101", "9.999999999999999e-101", "9.999999999999999e-101", "9.999999999999999e-101"),
        (0x1a56e1fc2f8f359, "1e-300", "1e-300", "1e-300", "1e-300"),
        (0x81a56e1fc2f8f359, "-1e-300", "-1e-300", "-1e-300", "-1e-300"),
        (0x1a56e1fc2f8f35a, "1.0000000000000002e-300", "1.0000000000000002e-300", "1.0000000000000002e-300", "1.0000000000000002e-300"),
        (0x1a56e1fc2f8f358, "9.999999999999999e-301", "9.999999999999999e-301", "9.999999999999999e-301", "9.999999999999999e-301"),
        (0x7e37e43c8800759c, "1e+300", "1e+300", "1e+300", "1e+300"),
        (0xfe37e43c8800759c, "-1e+300", "-1e+300", "-1e+300", "-1e+300"),
        (0x7e37e43c8800759d, "1.0000000000000002e+300", "1.0000000000000002e+300", "1.0000000000000002e+300", "1.0000000000000002e+300"),
        (0x7e37e43c8800759b, "9.999999999999999e+299", "9.999999999999999e+299", "9.999999999999999e+299", "9.999999999999999e+299"),
        (0x7fe1ccf385ebc8a0, "1e+308", "1e+308", "1e+308", "1e+308"),
        (0xffe1ccf385ebc8a0, "-1e+308", "-1e+308", "-1e+308", "-1e+308"),
        (0x7fe1ccf385ebc8a1, "1.0000000000000002e+308", "1.0000000000000002e+308", "1.0000000000000002e+308", "1.0000000000000002e+308"),
        (0x7fe1ccf385ebc89f, "9.999999999999998e+307", "9.999999999999998e+307", "9.999999999999998e+307", "9.999999999999998e+307"),
        (0x1, "5e-324", "5e-324", "5e-324", "5e-324"),
        (0x8000000000000001, "-5e-324", "-5e-324", "-5e-324", "-5e-324"),
        (0x2, "1e-323", "1e-323", "1e-323", "1e-323"),
        (0x8000000000000002, "-1e-323", "-1e-323", "-1e-323", "-1e-323"),
        (0x3, "1.5e-323", "1.5e-323", "1.5e-323", "1.5e-323"),
        (0x10000000000000, "2.2250738585072014e-308", "2.2250738585072014e-308", "2.2250738585072014e-308", "2.2250738585072014e-308"),
        (0x8010000000000000, "-2.2250738585072014e-308", "-2.2250738585072014e-308", "-2.2250738585072014e-308", "-2.2250738585072014e-308"),
        (0x10000000000001, "2.225073858507202e-308", "2.225073858507202e-308", "2.225073858507202e-308", "2.225073858507202e-308"),
        (0xfffffffffffff, "2.225073858507201e-308", "2.225073858507201e-308", "2.225073858507201e-308", "2.225073858507201e-308"),
        (0x800fffffffffffff, "-2.225073858507201e-308", "-2.225073858507201e-308", "-2.225073858507201e-308", "-2.225073858507201e-308"),
        (0xffffffffffffe, "2.2250738585072004e-308", "2.2250738585072004e-308", "2.2250738585072004e-308", "2.2250738585072004e-308"),
        (0x7fefffffffffffff, "1.7976931348623157e+308", "1.7976931348623157e+308", "1.7976931348623157e+308", "1.7976931348623157e+308"),
        (0xffefffffffffffff, "-1.7976931348623157e+308", "-1.7976931348623157e+308", "-1.7976931348623157e+308", "-1.7976931348623157e+308"),
        (0x7ff0000000000000, "Infinity", "inf", "inf", "Infinity"),
        (0x7feffffffffffffe, "1.7976931348623155e+308", "1.7976931348623155e+308", "1.7976931348623155e+308", "1.7976931348623155e+308"),
        (0xfff0000000000000, "-Infinity", "-inf", "-inf", "-Infinity"),
        (0xffeffffffffffffe, "-1.7976931348623155e+308", "-1.7976931348623155e+308", "-1.7976931348623155e+308", "-1.7976931348623155e+308"),
        (0x419d6f3454000000, "123456789.0", "123456789.0", "123456789.0", "123456789.0"),
        (0xc19d6f3454000000, "-123456789.0", "-123456789.0", "-123456789.0", "-123456789.0"),
        (0x419d6f3454000001, "123456789.00000001", "123456789.00000001", "123456789.00000001", "123456789.00000001"),
        (0x419d6f3453ffffff, "123456788.99999999", "123456788.99999999", "123456788.99999999", "123456788.99999999"),
        (0x419d6f34547df3b6, "123456789.123", "123456789.123", "123456789.123", "123456789.123"),
        (0xc19d6f34547df3b6, "-123456789.123", "-123456789.123", "-123456789.123", "-123456789.123"),
        (0x419d6f34547df3b7, "123456789.12300001", "123456789.12300001", "123456789.12300001", "123456789.12300001"),
        (0x419d6f34547df3b5, "123456789.12299998", "123456789.12299998", "123456789.12299998", "123456789.12299998"),
        (0x400921fb54442d18, "3.141592653589793", "3.141592653589793", "3.141592653589793", "3.141592653589793"),
        (0xc00921fb54442d18, "-3.141592653589793", "-3.141592653589793", "-3.141592653589793", "-3.141592653589793"),
        (0x400921fb54442d19, "3.1415926535897936", "3.1415926535897936", "3.1415926535897936", "3.1415926535897936"),
        (0x400921fb54442d17, "3.1415926535897927", "3.1415926535897927", "3.1415926535897927", "3.1415926535897927"),
        (0x4005bf0a8b145769, "2.718281828459045", "2.718281828459045", "2.718281828459045", "2.718281828459045"),
        (0xc005bf0a8b145769, "-2.718281828459045", "-2.718281828459045", "-2.718281828459045", "-2.718281828459045"),
        (0x4005bf0a8b14576a, "2.7182818284590455", "2.7182818284590455", "2.7182818284590455", "2.7182818284590455"),
        (0x4005bf0a8b145768, "2.7182818284590446", "2.7182818284590446", "2.7182818284590446", "2.7182818284590446"),
        (0x3fd5555555555555, "0.3333333333333333", "0.3333333333333333", "0.3333333333333333", "0.3333333333333333"),
        (0xbfd5555555555555, "-0.3333333333333333", "-0.3333333333333333", "-0.3333333333333333", "-0.3333333333333333"),
        (0x3fd5555555555556, "0.33333333333333337", "0.33333333333333337", "0.33333333333333337", "0.33333333333333337"),
        (0x3fd5555555555554, "0.33333333333333326", "0.33333333333333326", "0.33333333333333326", "0.33333333333333326"),
        (0x3fe5555555555555, "0.6666666666666666", "0.6666666666666666", "0.6666666666666666", "0.6666666666666666"),
        (0xbfe5555555555555, "-0.6666666666666666", "-0.6666666666666666", "-0.6666666666666666", "-0.6666666666666666"),
        (0x3fe5555555555556, "0.6666666666666667", "0.6666666666666667", "0.6666666666666667", "0.6666666666666667"),
        (0x3fe5555555555554, "0.6666666666666665", "0.6666666666666665", "0.6666666666666665", "0.6666666666666665"),
        (0x3fd3333333333333, "0.3", "0.3", "0.3", "0.3"),
        (0xbfd3333333333333, "-0.3", "-0.3", "-0.3", "-0.3"),
        (0x3fd3333333333334, "0.30000000000000004", "0.30000000000000004", "0.30000000000000004", "0.30000000000000004"),
        (0x3fd3333333333332, "0.29999999999999993", "0.29999999999999993", "0.29999999999999993", "0.29999999999999993"),
        (0x3fe6666666666666, "0.7", "0.7", "0.7", "0.7"),
        (0xbfe6666666666666, "-0.7", "-0.7", "-0.7", "-0.7"),
        (0x3fe6666666666667, "0.7000000000000001", "0.7000000000000001", "0.7000000000000001", "0.7000000000000001"),
        (0x3fe6666666666665, "0.6999999999999998", "0.6999999999999998", "0.6999999999999998", "0.6999999999999998"),
        (0x3ff199999999999a, "1.1", "1.1", "1.1", "1.1"),
        (0xbff199999999999a, "-1.1", "-1.1", "-1.1", "-1.1"),
        (0x3ff199999999999b, "1.1000000000000003", "1.1000000000000003", "1.1000000000000003", "1.1000000000000003"),
        (0x3ff1999999999999, "1.0999999999999999", "1.0999999999999999", "1.0999999999999999", "1.0999999999999999"),
        (0x4059200000000000, "100.5", "100.5", "100.5", "100.5"),
        (0xc059200000000000, "-100.5", "-100.5", "-100.5", "-100.5"),
        (0x4059200000000001, "100.50000000000001", "100.50000000000001", "100.50000000000001", "100.50000000000001"),
        (0x40591fffffffffff, "100.49999999999999", "100.49999999999999", "100.49999999999999", "100.49999999999999"),
        (0x40effc0000000000, "65504.0", "65504.0", "65504.0", "65504.0"),
        (0xc0effc0000000000, "-65504.0", "-65504.0", "-65504.0", "-65504.0"),
        (0x40effc0000000001, "65504.00000000001", "65504.00000000001", "65504.00000000001", "65504.00000000001"),
        (0x40effbffffffffff, "65503.99999999999", "65503.99999999999", "65503.99999999999", "65503.99999999999"),
        (0x47efffffe0000000, "3.4028234663852886e+38", "3.4028234663852886e+38", "3.4028234663852886e+38", "3.4028234663852886e+38"),
        (0xc7efffffe0000000, "-3.4028234663852886e+38", "-3.4028234663852886e+38", "-3.4028234663852886e+38", "-3.4028234663852886e+38"),
        (0x47efffffe0000001, "3.402823466385289e+38", "3.402823466385289e+38", "3.402823466385289e+38", "3.402823466385289e+38"),
        (0x47efffffdfffffff, "3.4028234663852882e+38", "3.4028234663852882e+38", "3.4028234663852882e+38", "3.4028234663852882e+38"),
        (0x4170000000000000, "16777216.0", "16777216.0", "16777216.0", "16777216.0"),
        (0xc170000000000000, "-16777216.0", "-16777216.0", "-16777216.0", "-16777216.0"),
        (0x4170000000000001, "16777216.000000004", "16777216.000000004", "16777216.000000004", "16777216.000000004"),
        (0x416fffffffffffff, "16777215.999999998", "16777215.999999998", "16777215.999999998", "16777215.999999998"),
        (0x4340000000000000, "9007199254740992.0", "9007199254740992.0", "9007199254740992.0", "9007199254740992.0"),
        (0xc340000000000000, "-9007199254740992.0", "-9007199254740992.0", "-9007199254740992.0", "-9007199254740992.0"),
        (0x4340000000000001, "9007199254740994.0", "9007199254740994.0", "9007199254740994.0", "9007199254740994.0"),
        (0x433fffffffffffff, "9007199254740991.0", "9007199254740991.0", "9007199254740991.0", "9007199254740991.0"),
        (0x4011666666666666, "4.35", "4.35", "4.35", "4.35"),
        (0xc011666666666666, "-4.35", "-4.35", "-4.35", "-4.35"),
        (0x4011666666666667, "4.3500000000000005", "4.3500000000000005", "4.3500000000000005", "4.3500000000000005"),
        (0x4011666666666665, "4.349999999999999", "4.349999999999999", "4.349999999999999", "4.349999999999999"),
        (0x3fc3333333333333, "0.15", "0.15", "0.15", "0.15"),
        (0xbfc3333333333333, "-0.15", "-0.15", "-0.15", "-0.15"),
        (0x3fc3333333333334, "0.15000000000000002", "0.15000000000000002", "0.15000000000000002", "0.15000000000000002"),
        (0x3fc3333333333332, "0.14999999999999997", "0.14999999999999997", "0.14999999999999997", "0.14999999999999997"),
        (0x444b1ae4d6e2ef50, "1e+21", "1e+21", "1e+21", "1e+21"),
        (0xc44b1ae4d6e2ef50, "-1e+21", "-1e+21", "-1e+21", "-1e+21"),
        (0x444b1ae4d6e2ef51, "1.0000000000000001e+21", "1.0000000000000001e+21", "1.0000000000000001e+21", "1.0000000000000001e+21"),
        (0x444b1ae4d6e2ef4f, "9.999999999999999e+20", "9.999999999999999e+20", "9.999999999999999e+20", "9.999999999999999e+20"),
        (0x4480f0cf064dd592, "1e+22", "1e+22", "1e+22", "1e+22"),
        (0xc480f0cf064dd592, "-1e+22", "-1e+22", "-1e+22", "-1e+22"),
        (0x4480f0cf064dd593, "1.0000000000000002e+22", "1.0000000000000002e+22", "1.0000000000000002e+22", "1.0000000000000002e+22"),
        (0x4480f0cf064dd591, "9.999999999999998e+21", "9.999999999999998e+21", "9.999999999999998e+21", "9.999999999999998e+21"),
        (0x44b52d02c7e14af6, "1e+23", "1e+23", "1e+23", "1e+23"),
        (0xc4b52d02c7e14af6, "-1e+23", "-1e+23", "-1e+23", "-1e+23"),
        (0x44b52d02c7e14af7, "1.0000000000000001e+23", "1.0000000000000001e+23", "1.0000000000000001e+23", "1.0000000000000001e+23"),
        (0x44b52d02c7e14af5, "9.999999999999997e+22", "9.999999999999997e+22", "9.999999999999997e+22", "9.999999999999997e+22"),
        (0x44a52d02c7e14af6, "5e+22", "5e+22", "5e+22", "5e+22"),
        (0xc4a52d02c7e14af6, "-5e+22", "-5e+22", "-5e+22", "-5e+22"),
        (0x44a52d02c7e14af7, "5.0000000000000004e+22", "5.0000000000000004e+22", "5.0000000000000004e+22", "5.0000000000000004e+22"),
        (0x44a52d02c7e14af5, "4.999999999999999e+22", "4.999999999999999e+22", "4.999999999999999e+22", "4.999999999999999e+22"),
        (0x3c36b082c2148b8e, "1.23e-18", "1.23e-18", "1.23e-18", "1.23e-18"),
        (0xbc36b082c2148b8e, "-1.23e-18", "-1.23e-18", "-1.23e-18", "-1.23e-18"),
        (0x3c36b082c2148b8f, "1.2300000000000002e-18", "1.2300000000000002e-18", "1.2300000000000002e-18", "1.2300000000000002e-18"),
        (0x3c36b082c2148b8d, "1.2299999999999998e-18", "1.2299999999999998e-18", "1.2299999999999998e-18", "1.2299999999999998e-18"),
        (0x7e41eb2d66005835, "1.5e+300", "1.5e+300", "1.5e+300", "1.5e+300"),
        (0xfe41eb2d66005835, "-1.5e+300", "-1.5e+300", "-1.5e+300", "-1.5e+300"),
        (0x7e41eb2d66005836, "1.5000000000000004e+300", "1.5000000000000004e+300", "1.5000000000000004e+300", "1.5000000000000004e+300"),
        (0x7e41eb2d66005834, "1.4999999999999998e+300", "1.4999999999999998e+300", "1.4999999999999998e+300", "1.4999999999999998e+300"),
        (0x8000000000000003, "-1.5e-323", "-1.5e-323", "-1.5e-323", "-1.5e-323"),
        (0x4, "2e-323", "2e-323", "2e-323", "2e-323"),
        (0x7ff8000000000000, "NaN", "nan", "nan", "NaN"),
        (0xfff8000000000000, "NaN", "nan", "nan", "NaN"),
        (0x408f3c0000000000, "999.5", "999.5", "999.5", "999.5"),
        (0xc08f3c0000000000, "-999.5", "-999.5", "-999.5", "-999.5"),
        (0x408f3c0000000001, "999.5000000000001", "999.5000000000001", "999.5000000000001", "999.5000000000001"),
        (0x408f3bffffffffff, "999.4999999999999", "999.4999999999999", "999.4999999999999", "999.4999999999999"),
        (0x408f400000000000, "1000.0", "1000.0", "1000.0", "1000.0"),
        (0xc08f400000000000, "-1000.0", "-1000.0", "-1000.0", "-1000.0"),
        (0x408f400000000001, "1000.0000000000001", "1000.0000000000001", "1000.0000000000001", "1000.0000000000001"),
        (0x408f3fffffffffff, "999.9999999999999", "999.9999999999999", "999.9999999999999", "999.9999999999999"),
        (0x412e847e00000000, "999999.0", "999999.0", "999999.0", "999999.0"),
        (0xc12e847e00000000, "-999999.0", "-999999.0", "-999999.0", "-999999.0"),
        (0x412e847e00000001, "999999.0000000001", "999999.0000000001", "999999.0000000001", "999999.0000000001"),
        (0x412e847dffffffff, "999998.9999999999", "999998.9999999999", "999998.9999999999", "999998.9999999999"),
        (0x412e848000000000, "1000000.0", "1000000.0", "1000000.0", "1000000.0"),
        (0xc12e848000000000, "-1000000.0", "-1000000.0", "-1000000.0", "-1000000.0"),
        (0x412e848000000001, "1000000.0000000001", "1000000.0000000001", "1000000.0000000001", "1000000.0000000001"),
        (0x412e847fffffffff, "999999.9999999999", "999999.9999999999", "999999.9999999999", "999999.9999999999"),
        (0x3f1a36e1334e458f, "9.99999e-05", "9.99999e-05", "9.99999e-05", "9.99999e-05"),
        (0xbf1a36e1334e458f, "-9.99999e-05", "-9.99999e-05", "-9.99999e-05", "-9.99999e-05"),
        (0x3f1a36e1334e4590, "9.999990000000001e-05", "9.999990000000001e-05", "9.999990000000001e-05", "9.999990000000001e-05"),
        (0x3f1a36e1334e458e, "9.999989999999998e-05", "9.999989999999998e-05", "9.999989999999998e-05", "9.999989999999998e-05"),
        (0x27a28edc580e50e, "1e-296", "1e-296", "1e-296", "1e-296"),
        (0x27a28edc580e50d, "9.999999999999999e-297", "9.999999999999999e-297", "9.999999999999999e-297", "9.999999999999999e-297"),
        (0x27a28edc580e50f, "1.0000000000000001e-296", "1.0000000000000001e-296", "1.0000000000000001e-296", "1.0000000000000001e-296"),
        (0xa2899c2f6732210, "1e-259", "1e-259", "1e-259", "1e-259"),
        (0xa2899c2f673220f, "9.999999999999999e-260", "9.999999999999999e-260", "9.999999999999999e-260", "9.999999999999999e-260"),
        (0xa2899c2f6732211, "1.0000000000000002e-259", "1.0000000000000002e-259", "1.0000000000000002e-259", "1.0000000000000002e-259"),
        (0x11d72262f3133ed1, "1e-222", "1e-222", "1e-222", "1e-222"),
        (0x11d72262f3133ed0, "9.999999999999999e-223", "9.999999999999999e-223", "9.999999999999999e-223", "9.999999999999999e-223"),
        (0x11d72262f3133ed2, "1.0000000000000002e-222", "1.0000000000000002e-222", "1.0000000000000002e-222", "1.0000000000000002e-222"),
        (0x1985c162b168e70e, "1e-185", "1e-185", "1e-185", "1e-185"),
        (0x1985c162b168e70d, "9.999999999999998e-186", "9.999999999999998e-186", "9.999999999999998e-186", "9.999999999999998e-186"),
        (0x1985c162b168e70f, "1.0000000000000002e-185", "1.0000000000000002e-185", "1.0000000000000002e-185", "1.0000000000000002e-185"),
        (0x2134756ccb01abfb, "1e-148", "1e-148", "1e-148", "1e-148"),
        (0x2134756ccb01abfa, "9.999999999999998e-149", "9.999999999999998e-149", "9.999999999999998e-149", "9.999999999999998e-149"),
        (0x2134756ccb01abfc, "1.0000000000000001e-148", "1.0000000000000001e-148", "1.0000000000000001e-148", "1.0000000000000001e-148"),
        (0x28e33d4032c2c7f5, "1e-111", "1e-111", "1e-111", "1e-111"),
        (0x28e33d4032c2c7f4, "9.999999999999999e-112", "9.999999999999999e-112", "9.999999999999999e-112", "9.999999999999999e-112"),
        (0x28e33d4032c2c7f6, "1.0000000000000003e-111", "1.0000000000000003e-111", "1.0000000000000003e-111", "1.0000000000000003e-111"),
        (0x309217aefe690777, "1e-74", "1e-74", "1e-74", "1e-74"),
        (0x309217aefe690776, "9.999999999999998e-75", "9.999999999999998e-75", "9.999999999999998e-75", "9.999999999999998e-75"),
        (0x309217aefe690778, "1.0000000000000002e-74", "1.0000000000000002e-74", "1.0000000000000002e-74", "1.0000000000000002e-74"),
        (0x3841039d428a8b8f, "1e-37", "1e-37", "1e-37", "1e-37"),
        (0x3841039d428a8b8e, "9.999999999999999e-38", "9.999999999999999e-38", "9.999999999999999e-38", "9.999999999999999e-38"),
        (0x3841039d428a8b90, "1.0000000000000003e-37", "1.0000000000000003e-37", "1.0000000000000003e-37", "1.0000000000000003e-37"),
        (0x3e45798ee2308c3a, "1e-08", "1e-08", "1e-08", "1e-08"),
        (0x3e45798ee2308c39, "9.999999999999999e-09", "9.999999999999999e-09", "9.999999999999999e-09", "9.999999999999999e-09"),
        (0x3e45798ee2308c3b, "1.0000000000000002e-08", "1.0000000000000002e-08", "1.0000000000000002e-08", "1.0000000000000002e-08"),
        (0x3f50624dd2f1a9fc, "0.001", "0.001", "0.001", "0.001"),
        (0x3f50624dd2f1a9fb, "0.0009999999999999998", "0.0009999999999999998", "0.0009999999999999998", "0.0009999999999999998"),
        (0x3f50624dd2f1a9fd, "0.0010000000000000002", "0.0010000000000000002", "0.0010000000000000002", "0.0010000000000000002"),
        (0x3f847ae147ae147b, "0.01", "0.01", "0.01", "0.01"),
        (0x3f847ae147ae147a, "0.009999999999999998", "0.009999999999999998", "0.009999999999999998", "0.009999999999999998"),
        (0x3f847ae147ae147c, "0.010000000000000002", "0.010000000000000002", "0.010000000000000002", "0.010000000000000002"),
        (0x40c3880000000000, "10000.0", "10000.0", "10000.0", "10000.0"),
        (0x40c387ffffffffff, "9999.999999999998", "9999.999999999998", "9999.999999999998", "9999.999999999998"),
        (0x40c3880000000001, "10000.000000000002", "10000.000000000002", "10000.000000000002", "10000.000000000002"),
        (0x40f86a0000000000, "100000.0", "100000.0", "100000.0", "100000.0"),
        (0x40f869ffffffffff, "99999.99999999999", "99999.99999999999", "99999.99999999999", "99999.99999999999"),
        (0x40f86a0000000001, "100000.00000000001", "100000.00000000001", "100000.00000000001", "100000.00000000001"),
        (0x416312d000000000, "10000000.0", "10000000.0", "10000000.0", "10000000.0"),
        (0x416312cfffffffff, "9999999.999999998", "9999999.999999998", "9999999.999999998", "9999999.999999998"),
        (0x416312d000000001, "10000000.000000002", "10000000.000000002", "10000000.000000002", "10000000.000000002"),
        (0x4197d78400000000, "100000000.0", "100000000.0", "100000000.0", "100000000.0"),
        (0x4197d783ffffffff, "99999999.99999999", "99999999.99999999", "99999999.99999999", "99999999.99999999"),
        (0x4197d78400000001, "100000000.00000001", "100000000.00000001", "100000000.00000001", "100000000.00000001"),
        (0x41cdcd6500000000, "1000000000.0", "1000000000.0", "1000000000.0", "1000000000.0"),
        (0x41cdcd64ffffffff, "999999999.9999999", "999999999.9999999", "999999999.9999999", "999999999.9999999"),
        (0x41cdcd6500000001, "1000000000.0000001", "1000000000.0000001", "1000000000.0000001", "1000000000.0000001"),
        (0x4202a05f20000000, "10000000000.0", "10000000000.0", "10000000000.0", "10000000000.0"),
        (0x4202a05f1fffffff, "9999999999.999998", "9999999999.999998", "9999999999.999998", "9999999999.999998"),
        (0x4202a05f20000001, "10000000000.000002", "10000000000.000002", "10000000000.000002", "10000000000.000002"),
        (0x42374876e8000000, "100000000000.0", "100000000000.0", "100000000000.0", "100000000000.0"),
        (0x42374876e7ffffff, "99999999999.99998", "99999999999.99998", "99999999999.99998", "99999999999.99998"),
        (0x42374876e8000001, "100000000000.00002", "100000000000.00002", "100000000000.00002", "100000000000.00002"),
        (0x426d1a94a2000000, "1000000000000.0", "1000000000000.0", "1000000000000.0", "1000000000000.0"),
        (0x426d1a94a1ffffff, "999999999999.9999", "999999999999.9999", "999999999999.9999", "999999999999.9999"),
        (0x426d1a94a2000001, "1000000000000.0001", "1000000000000.0001", "1000000000000.0001", "1000000000000.0001"),
        (0x42a2309ce5400000, "10000000000000.0", "10000000000000.0", "10000000000000.0", "10000000000000.0"),
        (0x42a2309ce53fffff, "9999999999999.998", "9999999999999.998", "9999999999999.998", "9999999999999.998"),
        (0x42a2309ce5400001, "10000000000000.002", "10000000000000.002", "10000000000000.002", "10000000000000.002"),
        (0x42d6bcc41e900000, "100000000000000.0", "100000000000000.0", "100000000000000.0", "100000000000000.0"),
        (0x42d6bcc41e8fffff, "99999999999999.98", "99999999999999.98", "99999999999999.98", "99999999999999.98"),
        (0x42d6bcc41e900001, "100000000000000.02", "100000000000000.02", "100000000000000.02", "100000000000000.02"),
        (0x43abc16d674ec800, "1e+18", "1e+18", "1e+18", "1e+18"),
        (0x43abc16d674ec7ff, "9.999999999999999e+17", "9.999999999999999e+17", "9.999999999999999e+17", "9.999999999999999e+17"),
        (0x43abc16d674ec801, "1.0000000000000001e+18", "1.0000000000000001e+18", "1.0000000000000001e+18", "1.0000000000000001e+18"),
        (0x43e158e460913d00, "1e+19", "1e+19", "1e+19", "1e+19"),
        (0x43e158e460913cff, "9.999999999999998e+18", "9.999999999999998e+18", "9.999999999999998e+18", "9.999999999999998e+18"),
        (0x43e158e460913d01, "1.0000000000000002e+19", "1.0000000000000002e+19", "1.0000000000000002e+19", "1.0000000000000002e+19"),
        (0x4415af1d78b58c40, "1e+20", "1e+20", "1e+20", "1e+20"),
        (0x4415af1d78b58c3f, "9.999999999999998e+19", "9.999999999999998e+19", "9.999999999999998e+19", "9.999999999999998e+19"),
        (0x4415af1d78b58c41, "1.0000000000000002e+20", "1.0000000000000002e+20", "1.0000000000000002e+20", "1.0000000000000002e+20"),
        (0x479e17b84357691b, "1e+37", "1e+37", "1e+37", "1e+37"),
        (0x479e17b84357691a, "9.999999999999998e+36", "9.999999999999998e+36", "9.999999999999998e+36", "9.999999999999998e+36"),
        (0x479e17b84357691c, "1.0000000000000001e+37", "1.0000000000000001e+37", "1.0000000000000001e+37", "1.0000000000000001e+37"),
        (0x4f4c4c8b1349b9b5, "1e+74", "1e+74", "1e+74", "1e+74"),
        (0x4f4c4c8b1349b9b4, "9.999999999999998e+73", "9.999999999999998e+73", "9.999999999999998e+73", "9.999999999999998e+73"),
        (0x4f4c4c8b1349b9b6, "1.0000000000000001e+74", "1.0000000000000001e+74", "1.0000000000000001e+74", "1.0000000000000001e+74"),
        (0x56fa9cbc59b83a3d, "1e+111", "1e+111", "1e+111", "1e+111"),
        (0x56fa9cbc59b83a3c, "9.999999999999998e+110", "9.999999999999998e+110", "9.999999999999998e+110", "9.999999999999998e+110"),
        (0x56fa9cbc59b83a3e, "1.0000000000000001e+111", "1.0000000000000001e+111", "1.0000000000000001e+111", "1.0000000000000001e+111"),
        (0x5ea906aa78b912cc, "1e+148", "1e+148", "1e+148", "1e+148"),
        (0x5ea906aa78b912cb, "9.999999999999999e+147", "9.999999999999999e+147", "9.999999999999999e+147", "9.999999999999999e+147"),
        (0x5ea906aa78b912cd, "1.0000000000000002e+148", "1.0000000000000002e+148", "1.0000000000000002e+148", "1.0000000000000002e+148"),
        (0x665788ccb6b2ce0c, "1e+185", "1e+185", "1e+185", "1e+185"),
        (0x665788ccb6b2ce0b, "9.999999999999998e+184", "9.999999999999998e+184", "9.999999999999998e+184", "9.999999999999998e+184"),
        (0x665788ccb6b2ce0d, "1.0000000000000001e+185", "1.0000000000000001e+185", "1.0000000000000001e+185", "1.0000000000000001e+185"),
        (0x6e0621b1c28ac20c, "1e+222", "1e+222", "1e+222", "1e+222"),
        (0x6e0621b1c28ac20b, "9.999999999999999e+221", "9.999999999999999e+221", "9.999999999999999e+221", "9.999999999999999e+221"),
        (0x6e0621b1c28ac20d, "1.0000000000000002e+222", "1.0000000000000002e+222", "1.0000000000000002e+222", "1.0000000000000002e+222"),
        (0x75b4cffe4e7708c0, "1e+259", "1e+259", "1e+259", "1e+259"),
        (0x75b4cffe4e7708bf, "9.999999999999998e+258", "9.999999999999998e+258", "9.999999999999998e+258", "9.999999999999998e+258"),
        (0x75b4cffe4e7708c1, "1.0000000000000001e+259", "1.0000000000000001e+259", "1.0000000000000001e+259", "1.0000000000000001e+259"),
        (0x7d63926bc01a973b, "1e+296", "1e+296", "1e+296", "1e+296"),
        (0x7d63926bc01a973a, "9.999999999999998e+295", "9.999999999999998e+295", "9.999999999999998e+295", "9.999999999999998e+295"),
        (0x7d63926bc01a973c, "1.0000000000000002e+296", "1.0000000000000002e+296", "1.0000000000000002e+296", "1.0000000000000002e+296"),
        (0x6cc6be1805fdf179, "9.80000154799692e+215", "9.80000154799692e+215", "9.80000154799692e+215", "9.80000154799692e+215"),
        (0x4ba71ab7ac0504a5, "2.83258692064095e+56", "2.83258692064095e+56", "2.83258692064095e+56", "2.83258692064095e+56"),
        (0xdae85d0928398f9f, "-8.443964873396729e+129", "-8.443964873396729e+129", "-8.443964873396729e+129", "-8.443964873396729e+129"),
        (0xb8e90e9f6466d5f, "5.2113861963568407e-253", "5.2113861963568407e-253", "5.2113861963568407e-253", "5.2113861963568407e-253"),
        (0x4e6980ee651011cb, "5.5006136794809145e+69", "5.5006136794809145e+69", "5.5006136794809145e+69", "5.5006136794809145e+69"),
        (0xc4e08e67b822b63b, "-6.254782011690302e+23", "-6.254782011690302e+23", "-6.254782011690302e+23", "-6.254782011690302e+23"),
        (0x28b58ab4d47a9a78, "1.399600400975431e-112", "1.399600400975431e-112", "1.399600400975431e-112", "1.399600400975431e-112"),
        (0xa02bff2f31bfa6af, "-1.044048886463115e-153", "-1.044048886463115e-153", "-1.044048886463115e-153", "-1.044048886463115e-153"),
        (0x1414f6b506d002db, "6.227173872990108e-212", "6.227173872990108e-212", "6.227173872990108e-212", "6.227173872990108e-212"),
        (0x25318bf27b885975, "1.5821095438519796e-129", "1.5821095438519796e-129", "1.5821095438519796e-129", "1.5821095438519796e-129"),
        (0x3d3db70b0d99ed20, "1.0556893104542134e-13", "1.0556893104542134e-13", "1.0556893104542134e-13", "1.0556893104542134e-13"),
        (0x87a152f460ca36fe, "-6.404764083647802e-272", "-6.404764083647802e-272", "-6.404764083647802e-272", "-6.404764083647802e-272"),
        (0x167dd69a83f614dc, "2.4363344318985737e-200", "2.4363344318985737e-200", "2.4363344318985737e-200", "2.4363344318985737e-200"),
        (0xe7fb3f46c9374388, "-7.769600795503148e+192", "-7.769600795503148e+192", "-7.769600795503148e+192", "-7.769600795503148e+192"),
        (0xfda536a3a434d6f9, "-1.7341901872767892e+297", "-1.7341901872767892e+297", "-1.7341901872767892e+297", "-1.7341901872767892e+297"),
        (0x9d4615766cd44f91, "-1.1703263460492851e-167", "-1.1703263460492851e-167", "-1.1703263460492851e-167", "-1.1703263460492851e-167"),
        (0x9d97fce60131d9b6, "-4.067938259891717e-166", "-4.067938259891717e-166", "-4.067938259891717e-166", "-4.067938259891717e-166"),
        (0x9eb22b5a9059e86a, "-8.077216623735121e-161", "-8.077216623735121e-161", "-8.077216623735121e-161", "-8.077216623735121e-161"),
        (0xd8eb596c8965f78, "2.248764032895772e-243", "2.248764032895772e-243", "2.248764032895772e-243", "2.248764032895772e-243"),
        (0x3ddab6b5edb6ce2f, "9.718392360694934e-11", "9.718392360694934e-11", "9.718392360694934e-11", "9.718392360694934e-11"),
        (0x70cc76289bd7f38b, "2.2623786186636165e+235", "2.2623786186636165e+235", "2.2623786186636165e+235", "2.2623786186636165e+235"),
        (0x3ce1b34701879c05, "1.9651283062141054e-15", "1.9651283062141054e-15", "1.9651283062141054e-15", "1.9651283062141054e-15"),
        (0xb450d4a77def588b, "-1.0725128528154586e-56", "-1.0725128528154586e-56", "-1.0725128528154586e-56", "-1.0725128528154586e-56"),
        (0xe8a1ab6642c2eb6, "1.2527553241824238e-238", "1.2527553241824238e-238", "1.2527553241824238e-238", "1.2527553241824238e-238"),
        (0x9088f20a05dbb51a, "-5.141678528224045e-229", "-5.141678528224045e-229", "-5.141678528224045e-229", "-5.141678528224045e-229"),
        (0xd78217876fdc5385, "-3.480749823586265e+113", "-3.480749823586265e+113", "-3.480749823586265e+113", "-3.480749823586265e+113"),
        (0x806aab3ffd83b569, "-1.1868074543832278e-306", "-1.1868074543832278e-306", "-1.1868074543832278e-306", "-1.1868074543832278e-306"),
        (0xf094cd4b002b68c8, "-2.066903421200777e+234", "-2.066903421200777e+234", "-2.066903421200777e+234", "-2.066903421200777e+234"),
        (0xa717f50a7dc5226e, "-2.319410636599502e-120", "-2.319410636599502e-120", "-2.319410636599502e-120", "-2.319410636599502e-120"),
        (0x4a8f8e618cb298dd, "1.4758208920157669e+51", "1.4758208920157669e+51", "1.4758208920157669e+51", "1.4758208920157669e+51"),
        (0x445af0491d64484, "4.450069736563115e-288", "4.450069736563115e-288", "4.450069736563115e-288", "4.450069736563115e-288"),
        (0x37c6f9aa9a1dfac4, "5.274860872835742e-40", "5.274860872835742e-40", "5.274860872835742e-40", "5.274860872835742e-40"),
        (0xd031f0fbc96d793e, "-2.077465469510037e+78", "-2.077465469510037e+78", "-2.077465469510037e+78", "-2.077465469510037e+78"),
        (0xaa6453f95c43054, "2.3175211828857818e-257", "2.3175211828857818e-257", "2.3175211828857818e-257", "2.3175211828857818e-257"),
        (0x58e62fd8bbacb7e9, "1.790378811736956e+120", "1.790378811736956e+120", "1.790378811736956e+120", "1.790378811736956e+120"),
        (0xe3aeb30e796319f1, "-1.4829892037726352e+172", "-1.4829892037726352e+172", "-1.4829892037726352e+172", "-1.4829892037726352e+172"),
        (0x385fcabd6f12bbae, "3.7371261190265085e-37", "3.7371261190265085e-37", "3.7371261190265085e-37", "3.7371261190265085e-37"),
        (0x99359b3699408f87, "-3.1035814322101544e-187", "-3.1035814322101544e-187", "-3.1035814322101544e-187", "-3.1035814322101544e-187"),
        (0xfde2dfc709984e97, "-2.468724808078963e+298", "-2.468724808078963e+298", "-2.468724808078963e+298", "-2.468724808078963e+298"),
        (0x60fb4dbf2e2e083, "1.7467151322622415e-279", "1.7467151322622415e-279", "1.7467151322622415e-279", "1.7467151322622415e-279"),
        (0xcf3bcbb2ea20d69f, "-4.9110748784506784e+73", "-4.9110748784506784e+73", "-4.9110748784506784e+73", "-4.9110748784506784e+73"),
        (0xce9562fc814297bc, "-3.6901334982003854e+70", "-3.6901334982003854e+70", "-3.6901334982003854e+70", "-3.6901334982003854e+70"),
        (0xc194cd4e28a64a15, "-87249802.16239198", "-87249802.16239198", "-87249802.16239198", "-87249802.16239198"),
        (0x55cc5d616e736004, "2.032954875121739e+105", "2.032954875121739e+105", "2.032954875121739e+105", "2.032954875121739e+105"),
        (0xa8b8d0c191fe710c, "-1.6122925574590743e-112", "-1.6122925574590743e-112", "-1.6122925574590743e-112", "-1.6122925574590743e-112"),
        (0x17f11a8ac4abf0ad, "2.343000349058221e-193", "2.343000349058221e-193", "2.343000349058221e-193", "2.343000349058221e-193"),
        (0x652b142abca8e5f5, "2.1946056097925035e+179", "2.1946056097925035e+179", "2.1946056097925035e+179", "2.1946056097925035e+179"),
        (0x47691992bb288fea, "1.0426088555033804e+36", "1.0426088555033804e+36", "1.0426088555033804e+36", "1.0426088555033804e+36"),
        (0x46d273d347ce4769, "1.497039998799203e+33", "1.497039998799203e+33", "1.497039998799203e+33", "1.497039998799203e+33"),
        (0x31dd09cba422f7d, "1.1670715263129524e-293", "1.1670715263129524e-293", "1.1670715263129524e-293", "1.1670715263129524e-293"),
        (0xe056f073ac39f6e6, "-1.2302610381033407e+156", "-1.2302610381033407e+156", "-1.2302610381033407e+156", "-1.2302610381033407e+156"),
        (0xc70d625eb12d315, "9.406234894797646e-249", "9.406234894797646e-249", "9.406234894797646e-249", "9.406234894797646e-249"),
        (0xb93f53d645ba422d, "-6.033454777427075e-33", "-6.033454777427075e-33", "-6.033454777427075e-33", "-6.033454777427075e-33"),
        (0x979ba5b254a0941b, "-5.917725214261895e-195", "-5.917725214261895e-195", "-5.917725214261895e-195", "-5.917725214261895e-195"),
        (0x3731936a228f7d5b, "7.881278443899443e-43", "7.881278443899443e-43", "7.881278443899443e-43", "7.881278443899443e-43"),
        (0x8db4a13e04cb788c, "-1.2085361010325942e-242", "-1.2085361010325942e-242", "-1.2085361010325942e-242", "-1.2085361010325942e-242"),
        (0xeb270e4273aaeae0, "-1.4804214240833809e+208", "-1.4804214240833809e+208", "-1.4804214240833809e+208", "-1.4804214240833809e+208"),
        (0xaaa4f008ad944f0c, "-2.9213195624147715e-103", "-2.9213195624147715e-103", "-2.9213195624147715e-103", "-2.9213195624147715e-103"),
        (0x7e0cb49451cf9056, "1.5018589113461506e+299", "1.5018589113461506e+299", "1.5018589113461506e+299", "1.5018589113461506e+299"),
        (0x6cb360aa2e7a82c1, "4.175003337791946e+215", "4.175003337791946e+215", "4.175003337791946e+215", "4.175003337791946e+215"),
        (0x76fb66e635c62f4b, "1.3805675933078377e+265", "1.3805675933078377e+265", "1.3805675933078377e+265", "1.3805675933078377e+265"),
        (0x32a6a300394f635b, "1.0747426443435436e-64", "1.0747426443435436e-64", "1.0747426443435436e-64", "1.0747426443435436e-64"),
        (0xaaacf5ae4d812a24, "-4.0405958926888133e-103", "-4.0405958926888133e-103", "-4.0405958926888133e-103", "-4.0405958926888133e-103"),
        (0x6bd2f78c1f78eafd, "2.494222555167203e+211", "2.494222555167203e+211", "2.494222555167203e+211", "2.494222555167203e+211"),
        (0xe07e4c75d7863aad, "-6.499820636581918e+156", "-6.499820636581918e+156", "-6.499820636581918e+156", "-6.499820636581918e+156"),
        (0x40a317d7bc60fc6c, "2443.9213590915806", "2443.9213590915806", "2443.9213590915806", "2443.9213590915806"),
        (0xa6d5afed352c43fb, "-1.3122769796359957e-121", "-1.3122769796359957e-121", "-1.3122769796359957e-121", "-1.3122769796359957e-121"),
        (0xe7724ec101c7ee44, "-2.039245272699499e+190", "-2.039245272699499e+190", "-2.039245272699499e+190", "-2.039245272699499e+190"),
        (0x5a1f899a2dbc4934, "1.3342757409637145e+126", "1.3342757409637145e+126", "1.3342757409637145e+126", "1.3342757409637145e+126"),
        (0xa0703b2afa517f0f, "-1.936916116231525e-152", "-1.936916116231525e-152", "-1.936916116231525e-152", "-1.936916116231525e-152"),
        (0xd0caf8f83972ba4b, "-1.5990817183659678e+81", "-1.5990817183659678e+81", "-1.5990817183659678e+81", "-1.5990817183659678e+81"),
        (0x3da561c3a2b360d7, "9.723358476360045e-12", "9.723358476360045e-12", "9.723358476360045e-12", "9.723358476360045e-12"),
        (0x956a4e4816cc88b, "1.1236190557384834e-263", "1.1236190557384834e-263", "1.1236190557384834e-263", "1.1236190557384834e-263"),
        (0x755719bfb13a68a0, "1.7342800243198065e+257", "1.7342800243198065e+257", "1.7342800243198065e+257", "1.7342800243198065e+257"),
        (0x8f33c204519fdaf4, "-1.941885897037888e-235", "-1.941885897037888e-235", "-1.941885897037888e-235", "-1.941885897037888e-235"),
        (0x93e8e040ce561fcf, "-9.236627466231839e-213", "-9.236627466231839e-213", "-9.236627466231839e-213", "-9.236627466231839e-213"),
        (0x54ed04a89a1b7d40, "1.2694014773655421e+101", "1.2694014773655421e+101", "1.2694014773655421e+101", "1.2694014773655421e+101"),
        (0x4b8d4b032fb277b7, "8.978283699403572e+55", "8.978283699403572e+55", "8.978283699403572e+55", "8.978283699403572e+55"),
        (0x5df8650c067fd22f, "4.759635336492928e+144", "4.759635336492928e+144", "4.759635336492928e+144", "4.759635336492928e+144"),
        (0x84a288e97cab3d90, "-2.434458270403605e-286", "-2.434458270403605e-286", "-2.434458270403605e-286", "-2.434458270403605e-286"),
        (0xf4aea2076618ad45, "-1.1229355611966134e+254", "-1.1229355611966134e+254", "-1.1229355611966134e+254", "-1.1229355611966134e+254"),
        (0x8032c115fe5d2a15, "-1.0432393316826002e-307", "-1.0432393316826002e-307", "-1.0432393316826002e-307", "-1.0432393316826002e-307"),
        (0xc587479b5149fbf8, "-9.005903031757272e+26", "-9.005903031757272e+26", "-9.005903031757272e+26", "-9.005903031757272e+26"),
        (0x307c828e2fb16969, "3.939472173418105e-75", "3.939472173418105e-75", "3.939472173418105e-75", "3.939472173418105e-75"),
        (0x56e2b7c6a77a64b5, "3.516778114595116e+110", "3.516778114595116e+110", "3.516778114595116e+110", "3.516778114595116e+110"),
        (0xacbdc0579cb38933, "-3.5657249350010953e-93", "-3.5657249350010953e-93", "-3.5657249350010953e-93", "-3.5657249350010953e-93"),
        (0xd1e3a2a76cbd1d7f, "-3.051601363610752e+86", "-3.051601363610752e+86", "-3.051601363610752e+86", "-3.051601363610752e+86"),
        (0xae46e15c4d955a99, "-9.201385741836738e-86", "-9.201385741836738e-86", "-9.201385741836738e-86", "-9.201385741836738e-86"),
        (0x2ce4bda4d6014eb9, "1.988642740303746e-92", "1.988642740303746e-92", "1.988642740303746e-92", "1.988642740303746e-92"),
        (0x44eb2f7920bf32ee, "1.0270369615619846e+24", "1.0270369615619846e+24", "1.0270369615619846e+24", "1.0270369615619846e+24"),
        (0xbf739763af2f6885, "-0.004783048049796905", "-0.004783048049796905", "-0.004783048049796905", "-0.004783048049796905"),
        (0xcaf70a7d66208af6, "-1.3793044093335852e+53", "-1.3793044093335852e+53", "-1.3793044093335852e+53", "-1.3793044093335852e+53"),
        (0x6dce9d53299655c3, "8.645591712777103e+220", "8.645591712777103e+220", "8.645591712777103e+220", "8.645591712777103e+220"),
        (0x6377bc097a64bf6e, "1.4331709637342963e+171", "1.4331709637342963e+171", "1.4331709637342963e+171", "1.4331709637342963e+171"),
        (0x21b982261dabe1ee, "3.191870288622552e-146", "3.191870288622552e-146", "3.191870288622552e-146", "3.191870288622552e-146"),
        (0xba0fcc07c66dfd50, "-5.016681037050313e-29", "-5.016681037050313e-29", "-5.016681037050313e-29", "-5.016681037050313e-29"),
        (0xd95712bb5233117, "3.140293830391677e-243", "3.140293830391677e-243", "3.140293830391677e-243", "3.140293830391677e-243"),
        (0xcd392a95b0238286, "-1.03528344881836e+64", "-1.03528344881836e+64", "-1.03528344881836e+64", "-1.03528344881836e+64"),
        (0x43e03daacec36d1b, "9.362234265639115e+18", "9.362234265639115e+18", "9.362234265639115e+18", "9.362234265639115e+18"),
        (0x63c2074da52b9f4d, "3.483596247841116e+172", "3.483596247841116e+172", "3.483596247841116e+172", "3.483596247841116e+172"),
        (0x4e55f7e6ed1f7c47, "2.3690640544251878e+69", "2.3690640544251878e+69", "2.3690640544251878e+69", "2.3690640544251878e+69"),
        (0x90b9882bb72833b0, "-4.210044827122453e-228", "-4.210044827122453e-228", "-4.210044827122453e-228", "-4.210044827122453e-228"),
        (0xe9f02273a44f6ed1, "-1.976035256407673e+202", "-1.976035256407673e+202", "-1.976035256407673e+202", "-1.976035256407673e+202"),
        (0xb9a38201ae2d4b44, "-4.809053392016812e-31", "-4.809053392016812e-31", "-4.809053392016812e-31", "-4.809053392016812e-31"),
        (0x96d89eef7792850b, "-1.2866065628808399e-198", "-1.2866065628808399e-198", "-1.2866065628808399e-198", "-1.2866065628808399e-198"),
        (0x968021b0ca4b3652, "-2.634331594619734e-200", "-2.634331594619734e-200", "-2.634331594619734e-200", "-2.634331594619734e-200"),
        (0x41e09e0e576922bf, "2230350523.2854915", "2230350523.2854915", "2230350523.2854915", "2230350523.2854915"),
        (0x48ddeb00fbf9090b, "1.0424895826260063e+43", "1.0424895826260063e+43", "1.0424895826260063e+43", "1.0424895826260063e+43"),
        (0x4ed40f3390b89c8c, "5.537790263900678e+71", "5.537790263900678e+71", "5.537790263900678e+71", "5.537790263900678e+71"),
        (0x4bca0680de4b5980, "1.2762820923944405e+57", "1.2762820923944405e+57", "1.2762820923944405e+57", "1.2762820923944405e+57"),
        (0x9e6f51fdbe30f442, "-4.351088880873618e-162", "-4.351088880873618e-162", "-4.351088880873618e-162", "-4.351088880873618e-162"),
        (0x72a8959644567886, "2.0982864409451595e+244", "2.0982864409451595e+244", "2.0982864409451595e+244", "2.0982864409451595e+244"),
        (0x9c98f8384db77034, "-6.461215339671498e-171", "-6.461215339671498e-171", "-6.461215339671498e-171", "-6.461215339671498e-171"),
        (0xa45fdd6752217b6b, "-1.7536136551629553e-133", "-1.7536136551629553e-133", "-1.7536136551629553e-133", "-1.7536136551629553e-133"),
        (0xb84907b86d877110, "-1.4711404603250734e-37", "-1.4711404603250734e-37", "-1.4711404603250734e-37", "-1.4711404603250734e-37"),
        (0x231a39c791d38acc, "1.376414164955849e-139", "1.376414164955849e-139", "1.376414164955849e-139", "1.376414164955849e-139"),
        (0xaa21c5e072022b9, "1.884653799721531e-257", "1.884653799721531e-257", "1.884653799721531e-257", "1.884653799721531e-257"),
        (0xc52bbc8ceee7f9a2, "-1.6765700893773688e+25", "-1.6765700893773688e+25", "-1.6765700893773688e+25", "-1.6765700893773688e+25"),
        (0x23ba957021ea48df, "1.4286902956038177e-136", "1.4286902956038177e-136", "1.4286902956038177e-136", "1.4286902956038177e-136"),
        (0x573781a874b28ef0, "1.4132726133581662e+112", "1.4132726133581662e+112", "1.4132726133581662e+112", "1.4132726133581662e+112"),
        (0x2caf300d76f5af1e, "1.868937512766498e-93", "1.868937512766498e-93", "1.868937512766498e-93", "1.868937512766498e-93"),
        (0xde80046445f61609, "-1.600048977733191e+147", "-1.600048977733191e+147", "-1.600048977733191e+147", "-1.600048977733191e+147"),
        (0x6f4ccd0a43610e2e, "1.3645622892322466e+228", "1.3645622892322466e+228", "1.3645622892322466e+228", "1.3645622892322466e+228"),
        (0x5818dc9e20a4d74f, "2.449010795761239e+116", "2.449010795761239e+116", "2.449010795761239e+116", "2.449010795761239e+116"),
        (0x9e88cc046ea24599, "-1.3779405297521838e-161", "-1.3779405297521838e-161", "-1.3779405297521838e-161", "-1.3779405297521838e-161"),
        (0x6c3eb14ba66c0639, "2.583152636967667e+213", "2.583152636967667e+213", "2.583152636967667e+213", "2.583152636967667e+213"),
        (0x729356136914ac9c, "8.25179425649501e+243", "8.25179425649501e+243", "8.25179425649501e+243", "8.25179425649501e+243"),
        (0x9b669740cc3ad520, "-1.1149741255910969e-176", "-1.1149741255910969e-176", "-1.1149741255910969e-176", "-1.1149741255910969e-176"),
        (0x2eec9e6867dacac2, "1.1785345704071543e-82", "1.1785345704071543e-82", "1.1785345704071543e-82", "1.1785345704071543e-82"),
        (0xea4ed8bb019144cb, "-1.208911288102739e+204", "-1.208911288102739e+204", "-1.208911288102739e+204", "-1.208911288102739e+204"),
        (0x29c2211199d4333b, "1.5438659661788435e-107", "1.5438659661788435e-107", "1.5438659661788435e-107", "1.5438659661788435e-107"),
        (0x3de4bb79c48858b4, "1.508475308781823e-10", "1.508475308781823e-10", "1.508475308781823e-10", "1.508475308781823e-10"),
        (0xf35c934831254d, "4.411498469179387e-304", "4.411498469179387e-304", "4.411498469179387e-304", "4.411498469179387e-304"),
        (0x38fb0bd871fb7916, "3.255576503423495e-34", "3.255576503423495e-34", "3.255576503423495e-34", "3.255576503423495e-34"),
        (0xbb30a691c06bcf, "3.871990456272571e-305", "3.871990456272571e-305", "3.871990456272571e-305", "3.871990456272571e-305"),
        (0x7ee15d8b7be52d7c, "1.4885748688467222e+303", "1.4885748688467222e+303", "1.4885748688467222e+303", "1.4885748688467222e+303"),
        (0xba8f558aee5918ae, "-1.2655762870239083e-26", "-1.2655762870239083e-26", "-1.2655762870239083e-26", "-1.2655762870239083e-26"),
        (0xdbd9f21bbdef25b8, "-2.9466196118420314e+134", "-2.9466196118420314e+134", "-2.9466196118420314e+134", "-2.9466196118420314e+134"),
        (0xa6dea517fd76ac3e, "-1.8542997117678418e-121", "-1.8542997117678418e-121", "-1.8542997117678418e-121", "-1.8542997117678418e-121"),
        (0x6f55614cb88156af, "2.0259372696436777e+228", "2.0259372696436777e+228", "2.0259372696436777e+228", "2.0259372696436777e+228"),
        (0x237fc08a93086a7c, "1.0665338560398951e-137", "1.0665338560398951e-137", "1.0665338560398951e-137", "1.0665338560398951e-137"),
        (0xb90a9fcf7163aafc, "-6.409557225648358e-34", "-6.409557225648358e-34", "-6.409557225648358e-34", "-6.409557225648358e-34"),
        (0x63908e16041f09b7, "3.998594329653954e+171", "3.998594329653954e+171", "3.998594329653954e+171", "3.998594329653954e+171"),
        (0x8faf8652991ed4c7, "-3.9659232178056985e-233", "-3.9659232178056985e-233", "-3.9659232178056985e-233", "-3.9659232178056985e-233"),
        (0x5c31ab91092cfb48, "1.284337241308616e+136", "1.284337241308616e+136", "1.284337241308616e+136", "1.284337241308616e+136"),
        (0xc3c4bab47767f43a, "-2.987409302729815e+18", "-2.987409302729815e+18", "-2.987409302729815e+18", "-2.987409302729815e+18"),
        (0xee24dd823a877f55, "-3.7711237862841095e+222", "-3.7711237862841095e+222", "-3.7711237862841095e+222", "-3.7711237862841095e+222"),
        (0x40e76b701e55cff3, "47963.50370302787", "47963.50370302787", "47963.50370302787", "47963.50370302787"),
        (0x3ba78735e760d70a, "2.4911415010237822e-21", "2.4911415010237822e-21", "2.4911415010237822e-21", "2.4911415010237822e-21"),
        (0x86a5042037da3585, "-1.1855679846079137e-276", "-1.1855679846079137e-276", "-1.1855679846079137e-276", "-1.1855679846079137e-276"),
        (0xf8f612b7d5a911f3, "-4.776389554089251e+274", "-4.776389554089251e+274", "-4.776389554089251e+274", "-4.776389554089251e+274"),
        (0x3e4a881a01b7b677, "1.2354760817668507e-08", "1.2354760817668507e-08", "1.2354760817668507e-08", "1.2354760817668507e-08"),
        (0x899b729ed9d56f4e, "-2.1791660460870585e-262", "-2.1791660460870585e-262", "-2.1791660460870585e-262", "-2.1791660460870585e-262"),
        (0x2ef686346233ea68, "1.8551168982434527e-82", "1.8551168982434527e-82", "1.8551168982434527e-82", "1.8551168982434527e-82"),
        (0xb4a0b2d9ed33ac5c, "-3.4051154942764654e-55", "-3.4051154942764654e-55", "-3.4051154942764654e-55", "-3.4051154942764654e-55"),
        (0xde91f872cac5008b, "-3.5903607859624836e+147", "-3.5903607859624836e+147", "-3.5903607859624836e+147", "-3.5903607859624836e+147"),
        (0x242e95407587f4a8, "2.1038377425154848e-134", "2.1038377425154848e-134", "2.1038377425154848e-134", "2.1038377425154848e-134"),
        (0xeb1f52449f0ac8c4, "-1.005582324205881e+208", "-1.005582324205881e+208", "-1.005582324205881e+208", "-1.005582324205881e+208"),
        (0x64d988e83ac11b7f, "6.4671034757646565e+177", "6.4671034757646565e+177", "6.4671034757646565e+177", "6.4671034757646565e+177"),
        (0xa99a86d26716fd4b, "-2.8237350458218964e-108", "-2.8237350458218964e-108", "-2.8237350458218964e-108", "-2.8237350458218964e-108"),
        (0x3ee07ef91069ddff, "7.8659e-06", "7.8659e-06", "7.8659e-06", "7.8659e-06"),
        (0x4356050c54516000, "2.4792e+16", "2.4792e+16", "2.4792e+16", "2.4792e+16"),
        (0x41fae863bc000000, "7223000000.0", "7223000000.0", "7223000000.0", "7223000000.0"),
        (0x4018e9c779a6b50b, "6.2283", "6.2283", "6.2283", "6.2283"),
        (0x3f786f120692c138, "0.0059653", "0.0059653", "0.0059653", "0.0059653"),
        (0x3ee3852408f73424, "9.3079e-06", "9.3079e-06", "9.3079e-06", "9.3079e-06"),
        (0x3e784460cd8377db, "9.0402e-08", "9.0402e-08", "9.0402e-08", "9.0402e-08"),
        (0x3ee7a1ff9111ad1e, "1.1269e-05", "1.1269e-05", "1.1269e-05", "1.1269e-05"),
        (0x41d4c1df90000000, "1393000000.0", "1393000000.0", "1393000000.0", "1393000000.0"),
        (0x3fb2a1a500d5e8d5, "0.072779", "0.072779", "0.072779", "0.072779"),
        (0x43725383c57e4600, "8.2534e+16", "8.2534e+16", "8.2534e+16", "8.2534e+16"),
        (0x3fe8f601797cc3a0, "0.78003", "0.78003", "0.78003", "0.78003"),
        (0x4049c020c49ba5e3, "51.501", "51.501", "51.501", "51.501"),
        (0x42c3365084280000, "42248000000000.0", "42248000000000.0", "42248000000000.0", "42248000000000.0"),
        (0x3f06900f5735f1d4, "4.3035e-05", "4.3035e-05", "4.3035e-05", "4.3035e-05"),
        (0x449e57396fe60671, "3.582e+22", "3.582e+22", "3.582e+22", "3.582e+22"),
        (0x42940304eb800000, "5500800000000.0", "5500800000000.0", "5500800000000.0", "5500800000000.0"),
        (0x43714ef1cac3de00, "7.795e+16", "7.795e+16", "7.795e+16", "7.795e+16"),
        (0x40e709c000000000, "47182.0", "47182.0", "47182.0", "47182.0"),
        (0x430ac2c02aad8000, "941560000000000.0", "941560000000000.0", "941560000000000.0", "941560000000000.0"),
        (0x415dc6f300000000, "7805900.0", "7805900.0", "7805900.0", "7805900.0"),
        (0x4123db5c00000000, "650670.0", "650670.0", "650670.0", "650670.0"),
        (0x4131884800000000, "1149000.0", "1149000.0", "1149000.0", "1149000.0"),
        (0x44aa5e916790f9c5, "6.2263e+22", "6.2263e+22", "6.2263e+22", "6.2263e+22"),
        (0x3f27885cdb4d432a, "0.00017954", "0.00017954", "0.00017954", "0.00017954"),
        (0x3f1949fdfaed1ba2, "9.647e-05", "9.647e-05", "9.647e-05", "9.647e-05"),
        (0x43fb61b9e3d824e8, "3.1569e+19", "3.1569e+19", "3.1569e+19", "3.1569e+19"),
        (0x41949d4860000000, "86463000.0", "86463000.0", "86463000.0", "86463000.0"),
        (0x44d30ee8e7179044, "3.6e+23", "3.6e+23", "3.6e+23", "3.6e+23"),
        (0x3fa33ca31e7d9989, "0.037572", "0.037572", "0.037572", "0.037572"),
        (0x42e1b9de86d40000, "155920000000000.0", "155920000000000.0", "155920000000000.0", "155920000000000.0"),
        (0x442a2e6a992b12a8, "2.4148e+20", "2.4148e+20", "2.4148e+20", "2.4148e+20"),
        (0x3e7868cca950e8e9, "9.0932e-08", "9.0932e-08", "9.0932e-08", "9.0932e-08"),
        (0x44e2bebf1fbd511b, "7.0817e+23", "7.0817e+23", "7.0817e+23", "7.0817e+23"),
        (0x3fefeadd590c0ad0, "0.99742", "0.99742", "0.99742", "0.99742"),
        (0x447b4046f63d4705, "8.0431e+21", "8.0431e+21", "8.0431e+21", "8.0431e+21"),
        (0x435a1f4983df4c00, "2.9411e+16", "2.9411e+16", "2.9411e+16", "2.9411e+16"),
        (0x44338ba2eab96717, "3.6055e+20", "3.6055e+20", "3.6055e+20", "3.6055e+20"),
        (0x401ea631f8a0902e, "7.6623", "7.6623", "7.6623", "7.6623"),
        (0x3eae59da815e4100, "9.0453e-07", "9.0453e-07", "9.0453e-07", "9.0453e-07"),
        (0x41605ab800000000, "8574400.0", "8574400.0", "8574400.0", "8574400.0"),
        (0x3f4aa59db3da8d80, "0.0008132", "0.0008132", "0.0008132", "0.0008132"),
        (0x40b19c6666666666, "4508.4", "4508.4", "4508.4", "4508.4"),
        (0x4118b37000000000, "404700.0", "404700.0", "404700.0", "404700.0"),
        (0x4339fb227f3e1000, "7313000000000000.0", "7313000000000000.0", "7313000000000000.0", "7313000000000000.0"),
        (0x429889f4fff00000, "6745200000000.0", "6745200000000.0", "6745200000000.0", "6745200000000.0"),
        (0x3fd872da122fad6d, "0.38201", "0.38201", "0.38201", "0.38201"),
        (0x3edfd50e630fdcd1, "7.5894e-06", "7.5894e-06", "7.5894e-06", "7.5894e-06"),
        (0x44b1d717de02f735, "8.4248e+22", "8.4248e+22", "8.4248e+22", "8.4248e+22"),
        (0x422bb9d71e800000, "59541000000.0", "59541000000.0", "59541000000.0", "59541000000.0"),
        (0x4463a62d7b576406, "2.8997e+21", "2.8997e+21", "2.8997e+21", "2.8997e+21"),
        (0x42d51d47a17b0000, "92862000000000.0", "92862000000000.0", "92862000000000.0", "92862000000000.0"),
        (0x41ca1c7e78000000, "876150000.0", "876150000.0", "876150000.0", "876150000.0"),
        (0x422774b0ed800000, "50371000000.0", "50371000000.0", "50371000000.0", "50371000000.0"),
        (0x433254fe1f0a8000, "5160000000000000.0", "5160000000000000.0", "5160000000000000.0", "5160000000000000.0"),
        (0x432d98a2f5c41000, "4165300000000000.0", "4165300000000000.0", "4165300000000000.0", "4165300000000000.0"),
        (0x433522957fc4d000, "5949000000000000.0", "5949000000000000.0", "5949000000000000.0", "5949000000000000.0"),
        (0x3facbff47735c183, "0.056152", "0.056152", "0.056152", "0.056152"),
        (0x42e4eb1ad4700000, "184000000000000.0", "184000000000000.0", "184000000000000.0", "184000000000000.0"),
        (0x44e613cf765e1750, "8.3406e+23", "8.3406e+23", "8.3406e+23", "8.3406e+23"),
        (0x3fb4432ca57a786c, "0.07915", "0.07915", "0.07915", "0.07915"),
        (0x450bb3b2da918ea8, "4.1862e+24", "4.1862e+24", "4.1862e+24", "4.1862e+24"),
        (0x41fb2c4a8c000000, "7294200000.0", "7294200000.0", "7294200000.0", "7294200000.0"),
        (0x41770ca280000000, "24169000.0", "24169000.0", "24169000.0", "24169000.0"),
        (0x450f9f1808512f80, "4.7785e+24", "4.7785e+24", "4.7785e+24", "4.7785e+24"),
        (0x42587f73a3600000, "420870000000.0", "420870000000.0", "420870000000.0", "420870000000.0"),
        (0x408e75c28f5c28f6, "974.72", "974.72", "974.72", "974.72"),
        (0x448d3517844a22ee, "1.7241e+22", "1.7241e+22", "1.7241e+22", "1.7241e+22"),
        (0x41cca8e230000000, "961660000.0", "961660000.0", "961660000.0", "961660000.0"),
        (0x40500d1eb851eb85, "64.205", "64.205", "64.205", "64.205"),
        (0x40b2bbe666666666, "4795.9", "4795.9", "4795.9", "4795.9"),
        (0x444285f8801f4f1a, "6.8339e+20", "6.8339e+20", "6.8339e+20", "6.8339e+20"),
        (0x3e99ee792700c86e, "3.8641e-07", "3.8641e-07", "3.8641e-07", "3.8641e-07"),
        (0x402b5b22d0e56042, "13.678", "13.678", "13.678", "13.678"),
        (0x3e910affe4577d1c, "2.5396e-07", "2.5396e-07", "2.5396e-07", "2.5396e-07"),
        (0x447328aba0a1d896, "5.6547e+21", "5.6547e+21", "5.6547e+21", "5.6547e+21"),
        (0x40e00b8000000000, "32860.0", "32860.0", "32860.0", "32860.0"),
        (0x40c0d80000000000, "8624.0", "8624.0", "8624.0", "8624.0"),
        (0x430b63e9c1bb6000, "963710000000000.0", "963710000000000.0", "963710000000000.0", "963710000000000.0"),
        (0x440fc5b746baf558, "7.3262e+19", "7.3262e+19", "7.3262e+19", "7.3262e+19"),
    ];
    #[rustfmt::skip]
    const F32_CASES: &[(u32, &str, &str, &str, &str)] = &[
        (0x0, "0.0", "0.0", "0.0", "0.0"),
        (0x80000000, "-0.0", "-0.0", "-0.0", "-0.0"),
        (0x3f800000, "1.0", "1.0", "1.0", "1.0"),
        (0xbf800000, "-1.0", "-1.0", "-1.0", "-1.0"),
        (0x3f800001, "1.0000001192092896", "1.0000001192092896", "1.0000001", "1.0000001"),
        (0x3f7fffff, "0.9999999403953552", "0.9999999403953552", "0.99999994", "0.99999994"),
        (0xbf800001, "-1.0000001192092896", "-1.0000001192092896", "-1.0000001", "-1.0000001"),
        (0xbf7fffff, "-0.9999999403953552", "-0.9999999403953552", "-0.99999994", "-0.99999994"),
        (0x3dcccccd, "0.10000000149011612", "0.10000000149011612", "0.1", "0.1"),
        (0xbdcccccd, "-0.10000000149011612", "-0.10000000149011612", "-0.1", "-0.1"),
        (0x3dccccce, "0.10000000894069672", "0.10000000894069672", "0.10000001", "0.10000001"),
        (0x3dcccccc, "0.09999999403953552", "0.09999999403953552", "0.099999994", "0.099999994"),
        (0xbdccccce, "-0.10000000894069672", "-0.10000000894069672", "-0.10000001", "-0.10000001"),
        (0xbdcccccc, "-0.09999999403953552", "-0.09999999403953552", "-0.099999994", "-0.099999994"),
        (0x3e4ccccd, "0.20000000298023224", "0.20000000298023224", "0.2", "0.2"),
        (0xbe4ccccd, "-0.20000000298023224", "-0.20000000298023224", "-0.2", "-0.2"),
        (0x3e4cccce, "0.20000001788139343", "0.20000001788139343", "0.20000002", "0.20000002"),
        (0x3e4ccccc, "0.19999998807907104", "0.19999998807907104", "0.19999999", "0.19999999"),
        (0x3e99999a, "0.30000001192092896", "0.30000001192092896", "0.3", "0.3"),
        (0xbe99999a, "-0.30000001192092896", "-0.30000001192092896", "-0.3", "-0.3"),
        (0x3e99999b, "0.30000004172325134", "0.30000004172325134", "0.30000004", "0.30000004"),
        (0x3e999999, "0.29999998211860657", "0.29999998211860657", "0.29999998", "0.29999998"),
        (0x3eaaaaab, "0.3333333432674408", "0.3333333432674408", "0.33333334", "0.33333334"),
        (0xbeaaaaab, "-0.3333333432674408", "-0.3333333432674408", "-0.33333334", "-0.33333334"),
        (0x3eaaaaac, "0.3333333730697632", "0.3333333730697632", "0.33333337", "0.33333337"),
        (0x3eaaaaaa, "0.3333333134651184", "0.3333333134651184", "0.3333333", "0.3333333"),
        (0x3f000000, "0.5", "0.5", "0.5", "0.5"),
        (0xbf000000, "-0.5", "-0.5", "-0.5", "-0.5"),
        (0x3f000001, "0.5000000596046448", "0.5000000596046448", "0.50000006", "0.50000006"),
        (0x3effffff, "0.4999999701976776", "0.4999999701976776", "0.49999997", "0.49999997"),
        (0x42c80000, "100.0", "100.0", "100.0", "100.0"),
        (0xc2c80000, "-100.0", "-100.0", "-100.0", "-100.0"),
        (0x42c80001, "100.00000762939453", "100.00000762939453", "100.00001", "100.00001"),
        (0x42c7ffff, "99.99999237060547", "99.99999237060547", "99.99999", "99.99999"),
        (0x477fe000, "65504.0", "65504.0", "65504.0", "65504.0"),
        (0xc77fe000, "-65504.0", "-65504.0", "-65504.0", "-65504.0"),
        (0x477fe001, "65504.00390625", "65504.00390625", "65504.004", "65504.004"),
        (0x477fdfff, "65503.99609375", "65503.99609375", "65503.996", "65503.996"),
        (0x47c34fff, "99999.9921875", "99999.9921875", "99999.99", "99999.99"),
        (0xc7c34fff, "-99999.9921875", "-99999.9921875", "-99999.99", "-99999.99"),
        (0x47c35000, "100000.0", "100000.0", "100000.0", "100000.0"),
        (0x47c34ffe, "99999.984375", "99999.984375", "99999.984", "99999.984"),
        (0x47f12000, "123456.0", "123456.0", "123456.0", "123456.0"),
        (0xc7f12000, "-123456.0", "-123456.0", "-123456.0", "-123456.0"),
        (0x47f12001, "123456.0078125", "123456.0078125", "123456.01", "123456.01"),
        (0x47f11fff, "123455.9921875", "123455.9921875", "123455.99", "123455.99"),
        (0x497423ff, "999999.9375", "999999.9375", "999999.94", "999999.94"),
        (0xc97423ff, "-999999.9375", "-999999.9375", "-999999.94", "-999999.94"),
        (0x49742400, "1000000.0", "1000000.0", "1e+06", "1000000.0"),
        (0x497423fe, "999999.875", "999999.875", "999999.9", "999999.9"),
        (0xc9742400, "-1000000.0", "-1000000.0", "-1e+06", "-1000000.0"),
        (0x49742401, "1000000.0625", "1000000.0625", "1.00000006e+06", "1000000.06"),
        (0x4996b438, "1234567.0", "1234567.0", "1.234567e+06", "1234567.0"),
        (0xc996b438, "-1234567.0", "-1234567.0", "-1.234567e+06", "-1234567.0"),
        (0x4996b439, "1234567.125", "1234567.125", "1.2345671e+06", "1234567.1"),
        (0x4996b437, "1234566.875", "1234566.875", "1.2345669e+06", "1234566.9"),
        (0x4b3c614e, "12345678.0", "12345678.0", "1.2345678e+07", "12345678.0"),
        (0xcb3c614e, "-12345678.0", "-12345678.0", "-1.2345678e+07", "-12345678.0"),
        (0x4b3c614f, "12345679.0", "12345679.0", "1.2345679e+07", "12345679.0"),
        (0x4b3c614d, "12345677.0", "12345677.0", "1.2345677e+07", "12345677.0"),
        (0x4b800000, "16777216.0", "16777216.0", "1.6777216e+07", "16777216.0"),
        (0xcb800000, "-16777216.0", "-16777216.0", "-1.6777216e+07", "-16777216.0"),
        (0x4b800001, "16777218.0", "16777218.0", "1.6777218e+07", "16777218.0"),
        (0x4b7fffff, "16777215.0", "16777215.0", "1.6777215e+07", "16777215.0"),
        (0x4ceb79a3, "123456792.0", "123456792.0", "1.2345679e+08", "123456790.0"),
        (0xcceb79a3, "-123456792.0", "-123456792.0", "-1.2345679e+08", "-123456790.0"),
        (0x4ceb79a4, "123456800.0", "123456800.0", "1.234568e+08", "123456800.0"),
        (0x4ceb79a2, "123456784.0", "123456784.0", "1.2345678e+08", "123456780.0"),
        (0x501502f9, "10000000000.0", "10000000000.0", "1e+10", "10000000000.0"),
        (0xd01502f9, "-10000000000.0", "-10000000000.0", "-1e+10", "-10000000000.0"),
        (0x501502fa, "10000001024.0", "10000001024.0", "1.0000001e+10", "10000001000.0"),
        (0x501502f8, "9999998976.0", "9999998976.0", "9.999999e+09", "9999999000.0"),
        (0x58635fa9, "999999986991104.0", "999999986991104.0", "1e+15", "1000000000000000.0"),
        (0xd8635fa9, "-999999986991104.0", "-999999986991104.0", "-1e+15", "-1000000000000000.0"),
        (0x58635faa, "1000000054099968.0", "1000000054099968.0", "1.00000005e+15", "1000000050000000.0"),
        (0x58635fa8, "999999919882240.0", "999999919882240.0", "9.999999e+14", "999999900000000.0"),
        (0x5a0e1bca, "1.0000000272564224e+16", "1.0000000272564224e+16", "1e+16", "1e+16"),
        (0xda0e1bca, "-1.0000000272564224e+16", "-1.0000000272564224e+16", "-1e+16", "-1e+16"),
        (0x5a0e1bcb, "1.0000001346306048e+16", "1.0000001346306048e+16", "1.0000001e+16", "1.0000001e+16"),
        (0x5a0e1bc9, "9999999198822400.0", "9999999198822400.0", "9.999999e+15", "9999999000000000.0"),
        (0x5bb1a2bc, "9.999999843067494e+16", "9.999999843067494e+16", "1e+17", "1e+17"),
        (0xdbb1a2bc, "-9.999999843067494e+16", "-9.999999843067494e+16", "-1e+17", "-1e+17"),
        (0x5bb1a2bd, "1.0000000702060954e+17", "1.0000000702060954e+17", "1.0000001e+17", "1.0000001e+17"),
        (0x5bb1a2bb, "9.999998984074035e+16", "9.999998984074035e+16", "9.999999e+16", "9.999999e+16"),
        (0x38d1b717, "9.999999747378752e-05", "9.999999747378752e-05", "1e-04", "0.0001"),
        (0xb8d1b717, "-9.999999747378752e-05", "-9.999999747378752e-05", "-1e-04", "-0.0001"),
        (0x38d1b718, "0.00010000000474974513", "0.00010000000474974513", "0.000100000005", "0.000100000005"),
        (0x38d1b716, "9.99999901978299e-05", "9.99999901978299e-05", "9.999999e-05", "9.999999e-05"),
        (0x38d1bc76, "0.00010001000191550702", "0.00010001000191550702", "0.00010001", "0.00010001"),
        (0xb8d1bc76, "-0.00010001000191550702", "-0.00010001000191550702", "-0.00010001", "-0.00010001"),
        (0x38d1bc77, "0.00010001000919146463", "0.00010001000919146463", "0.00010001001", "0.00010001001"),
        (0x38d1bc75, "0.0001000099946395494", "0.0001000099946395494", "0.000100009995", "0.000100009995"),
        (0x38e6afcd, "0.00011000000085914508", "0.00011000000085914508", "0.00011", "0.00011"),
        (0xb8e6afcd, "-0.00011000000085914508", "-0.00011000000085914508", "-0.00011", "-0.00011"),
        (0x38e6afce, "0.00011000000813510269", "0.00011000000813510269", "0.00011000001", "0.00011000001"),
        (0x38e6afcc, "0.00010999999358318746", "0.00010999999358318746", "0.00010999999", "0.00010999999"),
        (0x38d1b68e, "9.999900066759437e-05", "9.999900066759437e-05", "9.9999e-05", "9.9999e-05"),
        (0xb8d1b68e, "-9.999900066759437e-05", "-9.999900066759437e-05", "-9.9999e-05", "-9.9999e-05"),
        (0x38d1b68f, "9.999900794355199e-05", "9.999900794355199e-05", "9.999901e-05", "9.999901e-05"),
        (0x38d1b68d, "9.999899339163676e-05", "9.999899339163676e-05", "9.999899e-05", "9.999899e-05"),
        (0x3727c5ac, "9.999999747378752e-06", "9.999999747378752e-06", "1e-05", "1e-05"),
        (0xb727c5ac, "-9.999999747378752e-06", "-9.999999747378752e-06", "-1e-05", "-1e-05"),
        (0x3727c5ad, "1.0000000656873453e-05", "1.0000000656873453e-05", "1.0000001e-05", "1.0000001e-05"),
        (0x3727c5ab, "9.99999883788405e-06", "9.99999883788405e-06", "9.999999e-06", "9.999999e-06"),
        (0x358637bd, "9.999999974752427e-07", "9.999999974752427e-07", "1e-06", "1e-06"),
        (0xb58637bd, "-9.999999974752427e-07", "-9.999999974752427e-07", "-1e-06", "-1e-06"),
        (0x358637be, "1.0000001111620804e-06", "1.0000001111620804e-06", "1.0000001e-06", "1.0000001e-06"),
        (0x358637bc, "9.99999883788405e-07", "9.99999883788405e-07", "9.999999e-07", "9.999999e-07"),
        (0x33d6bf95, "1.0000000116860974e-07", "1.0000000116860974e-07", "1e-07", "1e-07"),
        (0xb3d6bf95, "-1.0000000116860974e-07", "-1.0000000116860974e-07", "-1e-07", "-1e-07"),
        (0x33d6bf96, "1.000000082740371e-07", "1.000000082740371e-07", "1.0000001e-07", "1.0000001e-07"),
        (0x33d6bf94, "9.999999406318238e-08", "9.999999406318238e-08", "9.9999994e-08", "9.9999994e-08"),
        (0x2edbe6ff, "1.000000013351432e-10", "1.000000013351432e-10", "1e-10", "1e-10"),
        (0xaedbe6ff, "-1.000000013351432e-10", "-1.000000013351432e-10", "-1e-10", "-1e-10"),
        (0x2edbe700, "1.000000082740371e-10", "1.000000082740371e-10", "1.0000001e-10", "1.0000001e-10"),
        (0x2edbe6fe, "9.999999439624929e-11", "9.999999439624929e-11", "9.9999994e-11", "9.9999994e-11"),
        (0xda24260, "1.0000000031710769e-30", "1.0000000031710769e-30", "1e-30", "1e-30"),
        (0x8da24260, "-1.0000000031710769e-30", "-1.0000000031710769e-30", "-1e-30", "-1e-30"),
        (0xda24261, "1.000000097210625e-30", "1.000000097210625e-30", "1.0000001e-30", "1.0000001e-30"),
        (0xda2425f, "9.999999091315288e-31", "9.999999091315288e-31", "9.999999e-31", "9.999999e-31"),
        (0x6ce3ee, "9.999999350456404e-39", "9.999999350456404e-39", "1e-38", "1e-38"),
        (0x806ce3ee, "-9.999999350456404e-39", "-9.999999350456404e-39", "-1e-38", "-1e-38"),
        (0x6ce3ef, "1.0000000751754868e-38", "1.0000000751754868e-38", "1.0000001e-38", "1.0000001e-38"),
        (0x6ce3ed, "9.99999794915794e-39", "9.99999794915794e-39", "9.999998e-39", "9.999998e-39"),
        (0x800000, "1.1754943508222875e-38", "1.1754943508222875e-38", "1.1754944e-38", "1.1754944e-38"),
        (0x80800000, "-1.1754943508222875e-38", "-1.1754943508222875e-38", "-1.1754944e-38", "-1.1754944e-38"),
        (0x800001, "1.175494490952134e-38", "1.175494490952134e-38", "1.1754945e-38", "1.1754945e-38"),
        (0x7fffff, "1.1754942106924411e-38", "1.1754942106924411e-38", "1.1754942e-38", "1.1754942e-38"),
        (0x807fffff, "-1.1754942106924411e-38", "-1.1754942106924411e-38", "-1.1754942e-38", "-1.1754942e-38"),
        (0x7ffffe, "1.1754940705625946e-38", "1.1754940705625946e-38", "1.1754941e-38", "1.1754941e-38"),
        (0x1, "1.401298464324817e-45", "1.401298464324817e-45", "1e-45", "1e-45"),
        (0x80000001, "-1.401298464324817e-45", "-1.401298464324817e-45", "-1e-45", "-1e-45"),
        (0x2, "2.802596928649634e-45", "2.802596928649634e-45", "3e-45", "3e-45"),
        (0x80000002, "-2.802596928649634e-45", "-2.802596928649634e-45", "-3e-45", "-3e-45"),
        (0x3, "4.203895392974451e-45", "4.203895392974451e-45", "4e-45", "4e-45"),
        (0x7f7fffff, "3.4028234663852886e+38", "3.4028234663852886e+38", "3.4028235e+38", "3.4028235e+38"),
        (0xff7fffff, "-3.4028234663852886e+38", "-3.4028234663852886e+38", "-3.4028235e+38", "-3.4028235e+38"),
        (0x7f800000, "Infinity", "inf", "inf", "Infinity"),
        (0x7f7ffffe, "3.4028232635611926e+38", "3.4028232635611926e+38", "3.4028233e+38", "3.4028233e+38"),
        (0xff800000, "-Infinity", "-inf", "-inf", "-Infinity"),
        (0xff7ffffe, "-3.4028232635611926e+38", "-3.4028232635611926e+38", "-3.4028233e+38", "-3.4028233e+38"),
        (0x7f7ffffd, "3.4028230607370965e+38", "3.4028230607370965e+38", "3.402823e+38", "3.402823e+38"),
        (0x7e967699, "9.999999680285692e+37", "9.999999680285692e+37", "1e+38", "1e+38"),
        (0xfe967699, "-9.999999680285692e+37", "-9.999999680285692e+37", "-1e+38", "-1e+38"),
        (0x7e96769a, "1.0000000694406173e+38", "1.0000000694406173e+38", "1.0000001e+38", "1.0000001e+38"),
        (0x7e967698, "9.999998666165212e+37", "9.999998666165212e+37", "9.999999e+37", "9.999999e+37"),
        (0x40200000, "2.5", "2.5", "2.5", "2.5"),
        (0xc0200000, "-2.5", "-2.5", "-2.5", "-2.5"),
        (0x40200001, "2.500000238418579", "2.500000238418579", "2.5000002", "2.5000002"),
        (0x401fffff, "2.499999761581421", "2.499999761581421", "2.4999998", "2.4999998"),
        (0x3a83126f, "0.0010000000474974513", "0.0010000000474974513", "0.001", "0.001"),
        (0xba83126f, "-0.0010000000474974513", "-0.0010000000474974513", "-0.001", "-0.001"),
        (0x3a831270, "0.0010000001639127731", "0.0010000001639127731", "0.0010000002", "0.0010000002"),
        (0x3a83126e, "0.0009999999310821295", "0.0009999999310821295", "0.0009999999", "0.0009999999"),
        (0x60ad78ec, "1.0000000200408773e+20", "1.0000000200408773e+20", "1e+20", "1e+20"),
        (0xe0ad78ec, "-1.0000000200408773e+20", "-1.0000000200408773e+20", "-1e+20", "-1e+20"),
        (0x60ad78ed, "1.0000001080018076e+20", "1.0000001080018076e+20", "1.0000001e+20", "1.0000001e+20"),
        (0x60ad78eb, "9.999999320799471e+19", "9.999999320799471e+19", "9.999999e+19", "9.999999e+19"),
        (0x4b000000, "8388608.0", "8388608.0", "8.388608e+06", "8388608.0"),
        (0xcb000000, "-8388608.0", "-8388608.0", "-8.388608e+06", "-8388608.0"),
        (0x4b000001, "8388609.0", "8388609.0", "8.388609e+06", "8388609.0"),
        (0x4affffff, "8388607.5", "8388607.5", "8.3886075e+06", "8388607.5"),
        (0x40490fdb, "3.1415927410125732", "3.1415927410125732", "3.1415927", "3.1415927"),
        (0xc0490fdb, "-3.1415927410125732", "-3.1415927410125732", "-3.1415927", "-3.1415927"),
        (0x40490fdc, "3.1415929794311523", "3.1415929794311523", "3.141593", "3.141593"),
        (0x40490fda, "3.141592502593994", "3.141592502593994", "3.1415925", "3.1415925"),
        (0x402df854, "2.7182817459106445", "2.7182817459106445", "2.7182817", "2.7182817"),
        (0xc02df854, "-2.7182817459106445", "-2.7182817459106445", "-2.7182817", "-2.7182817"),
        (0x402df855, "2.7182819843292236", "2.7182819843292236", "2.718282", "2.718282"),
        (0x402df853, "2.7182815074920654", "2.7182815074920654", "2.7182815", "2.7182815"),
        (0x15ae43fe, "7.038531308148791e-26", "7.038531308148791e-26", "7.0385313e-26", "7.0385313e-26"),
        (0x95ae43fe, "-7.038531308148791e-26", "-7.038531308148791e-26", "-7.0385313e-26", "-7.0385313e-26"),
        (0x15ae43ff, "7.038531924446374e-26", "7.038531924446374e-26", "7.038532e-26", "7.038532e-26"),
        (0x15ae43fd, "7.038530691851209e-26", "7.038530691851209e-26", "7.038531e-26", "7.038531e-26"),
        (0x7f000000, "1.7014118346046923e+38", "1.7014118346046923e+38", "1.7014118e+38", "1.7014118e+38"),
        (0xff000000, "-1.7014118346046923e+38", "-1.7014118346046923e+38", "-1.7014118e+38", "-1.7014118e+38"),
        (0x7f000001, "1.7014120374287884e+38", "1.7014120374287884e+38", "1.701412e+38", "1.701412e+38"),
        (0x7effffff, "1.7014117331926443e+38", "1.7014117331926443e+38", "1.7014117e+38", "1.7014117e+38"),
        (0x1800000, "4.70197740328915e-38", "4.70197740328915e-38", "4.7019774e-38", "4.7019774e-38"),
        (0x81800000, "-4.70197740328915e-38", "-4.70197740328915e-38", "-4.7019774e-38", "-4.7019774e-38"),
        (0x1800001, "4.701977963808536e-38", "4.701977963808536e-38", "4.701978e-38", "4.701978e-38"),
        (0x17fffff, "4.701977123029457e-38", "4.701977123029457e-38", "4.701977e-38", "4.701977e-38"),
        (0x7fc00000, "NaN", "nan", "nan", "NaN"),
        (0xffc00000, "NaN", "nan", "nan", "NaN"),
        (0x4479e000, "999.5", "999.5", "999.5", "999.5"),
        (0xc479e000, "-999.5", "-999.5", "-999.5", "-999.5"),
        (0x4479e001, "999.5000610351562", "999.5000610351562", "999.50006", "999.50006"),
        (0x4479dfff, "999.4999389648438", "999.4999389648438", "999.49994", "999.49994"),
        (0x447a0000, "1000.0", "1000.0", "1000.0", "1000.0"),
        (0xc47a0000, "-1000.0", "-1000.0", "-1000.0", "-1000.0"),
        (0x447a0001, "1000.0000610351562", "1000.0000610351562", "1000.00006", "1000.00006"),
        (0x4479ffff, "999.9999389648438", "999.9999389648438", "999.99994", "999.99994"),
        (0x45000000, "2048.0", "2048.0", "2048.0", "2048.0"),
        (0xc5000000, "-2048.0", "-2048.0", "-2048.0", "-2048.0"),
        (0x45000001, "2048.000244140625", "2048.000244140625", "2048.0002", "2048.0002"),
        (0x44ffffff, "2047.9998779296875", "2047.9998779296875", "2047.9999", "2047.9999"),
        (0x45800800, "4097.0", "4097.0", "4097.0", "4097.0"),
        (0xc5800800, "-4097.0", "-4097.0", "-4097.0", "-4097.0"),
        (0x45800801, "4097.00048828125", "4097.00048828125", "4097.0005", "4097.0005"),
        (0x458007ff, "4096.99951171875", "4096.99951171875", "4096.9995", "4096.9995"),
        (0x2ca, "1.0005271035279194e-42", "1.0005271035279194e-42", "1e-42", "1e-42"),
        (0x2c9, "9.991258050635946e-43", "9.991258050635946e-43", "9.99e-43", "9.99e-43"),
        (0x2cb, "1.0019284019922442e-42", "1.0019284019922442e-42", "1.002e-42", "1.002e-42"),
        (0x554ad2e, "1.0000000180025095e-35", "1.0000000180025095e-35", "1e-35", "1e-35"),
        (0x554ad2d, "9.999999462560281e-36", "9.999999462560281e-36", "9.9999995e-36", "9.9999995e-36"),
        (0x554ad2f, "1.0000000897489909e-35", "1.0000000897489909e-35", "1.0000001e-35", "1.0000001e-35"),
        (0x10fd87b6, "1.0000000031710769e-28", "1.0000000031710769e-28", "1e-28", "1e-28"),
        (0x10fd87b5, "9.999999429857661e-29", "9.999999429857661e-29", "9.9999994e-29", "9.9999994e-29"),
        (0x10fd87b7, "1.0000000633563876e-28", "1.0000000633563876e-28", "1.00000006e-28", "1.00000006e-28"),
        (0x1c971da0, "9.999999682655225e-22", "9.999999682655225e-22", "1e-21", "1e-21"),
        (0x1c971d9f, "9.999998672913267e-22", "9.999998672913267e-22", "9.999999e-22", "9.999999e-22"),
        (0x1c971da1, "1.0000000692397184e-21", "1.0000000692397184e-21", "1.0000001e-21", "1.0000001e-21"),
        (0x283424dc, "9.9999998245167e-15", "9.9999998245167e-15", "1e-14", "1e-14"),
        (0x283424db, "9.999998977483753e-15", "9.999998977483753e-15", "9.999999e-15", "9.999999e-15"),
        (0x283424dd, "1.0000000671549648e-14", "1.0000000671549648e-14", "1.0000001e-14", "1.0000001e-14"),
        (0x3089705f, "9.999999717180685e-10", "9.999999717180685e-10", "1e-09", "1e-09"),
        (0x3089705e, "9.99999860695766e-10", "9.99999860695766e-10", "9.999999e-10", "9.999999e-10"),
        (0x30897060, "1.000000082740371e-09", "1.000000082740371e-09", "1.0000001e-09", "1.0000001e-09"),
        (0x322bcc77, "9.99999993922529e-09", "9.99999993922529e-09", "1e-08", "1e-08"),
        (0x322bcc76, "9.99999905104687e-09", "9.99999905104687e-09", "9.999999e-09", "9.999999e-09"),
        (0x322bcc78, "1.000000082740371e-08", "1.000000082740371e-08", "1.0000001e-08", "1.0000001e-08"),
        (0x3c23d70a, "0.009999999776482582", "0.009999999776482582", "0.01", "0.01"),
        (0x3c23d709, "0.009999998845160007", "0.009999998845160007", "0.009999999", "0.009999999"),
        (0x3c23d70b, "0.010000000707805157", "0.010000000707805157", "0.010000001", "0.010000001"),
        (0x41200000, "10.0", "10.0", "10.0", "10.0"),
        (0x411fffff, "9.999999046325684", "9.999999046325684", "9.999999", "9.999999"),
        (0x41200001, "10.000000953674316", "10.000000953674316", "10.000001", "10.000001"),
        (0x461c4000, "10000.0", "10000.0", "10000.0", "10000.0"),
        (0x461c3fff, "9999.9990234375", "9999.9990234375", "9999.999", "9999.999"),
        (0x461c4001, "10000.0009765625", "10000.0009765625", "10000.001", "10000.001"),
        (0x47c35001, "100000.0078125", "100000.0078125", "100000.01", "100000.01"),
        (0x4b189680, "10000000.0", "10000000.0", "1e+07", "10000000.0"),
        (0x4b18967f, "9999999.0", "9999999.0", "9.999999e+06", "9999999.0"),
        (0x4b189681, "10000001.0", "10000001.0", "1.0000001e+07", "10000001.0"),
        (0x4cbebc20, "100000000.0", "100000000.0", "1e+08", "100000000.0"),
        (0x4cbebc1f, "99999992.0", "99999992.0", "9.999999e+07", "99999990.0"),
        (0x4cbebc21, "100000008.0", "100000008.0", "1.0000001e+08", "100000010.0"),
        (0x4e6e6b28, "1000000000.0", "1000000000.0", "1e+09", "1000000000.0"),
        (0x4e6e6b27, "999999936.0", "999999936.0", "9.9999994e+08", "999999940.0"),
        (0x4e6e6b29, "1000000064.0", "1000000064.0", "1.00000006e+09", "1000000060.0"),
        (0x51ba43b7, "99999997952.0", "99999997952.0", "1e+11", "100000000000.0"),
        (0x51ba43b6, "99999989760.0", "99999989760.0", "9.999999e+10", "99999990000.0"),
        (0x51ba43b8, "100000006144.0", "100000006144.0", "1.0000001e+11", "100000010000.0"),
        (0x5368d4a5, "999999995904.0", "999999995904.0", "1e+12", "1000000000000.0"),
        (0x5368d4a4, "999999930368.0", "999999930368.0", "9.999999e+11", "999999900000.0"),
        (0x5368d4a6, "1000000061440.0", "1000000061440.0", "1.00000006e+12", "1000000060000.0"),
        (0x551184e7, "9999999827968.0", "9999999827968.0", "1e+13", "10000000000000.0"),
        (0x551184e6, "9999998779392.0", "9999998779392.0", "9.999999e+12", "9999999000000.0"),
        (0x551184e8, "10000000876544.0", "10000000876544.0", "1.0000001e+13", "10000001000000.0"),
        (0x56b5e621, "100000000376832.0", "100000000376832.0", "1e+14", "100000000000000.0"),
        (0x56b5e620, "99999991988224.0", "99999991988224.0", "9.999999e+13", "99999990000000.0"),
        (0x56b5e622, "100000008765440.0", "100000008765440.0", "1.0000001e+14", "100000010000000.0"),
        (0x5d5e0b6b, "9.999999843067494e+17", "9.999999843067494e+17", "1e+18", "1e+18"),
        (0x5d5e0b6a, "9.999999155872727e+17", "9.999999155872727e+17", "9.999999e+17", "9.999999e+17"),
        (0x5d5e0b6c, "1.0000000530262262e+18", "1.0000000530262262e+18", "1.00000005e+18", "1.00000005e+18"),
        (0x5f0ac723, "9.999999980506448e+18", "9.999999980506448e+18", "1e+19", "1e+19"),
        (0x5f0ac722, "9.99999888099482e+18", "9.99999888099482e+18", "9.999999e+18", "9.999999e+18"),
        (0x5f0ac724, "1.0000001080018076e+19", "1.0000001080018076e+19", "1.0000001e+19", "1.0000001e+19"),
        (0x6258d727, "1.0000000200408773e+21", "1.0000000200408773e+21", "1e+21", "1e+21"),
        (0x6258d726, "9.999999496721332e+20", "9.999999496721332e+20", "9.9999995e+20", "9.9999995e+20"),
        (0x6258d728, "1.0000000904096215e+21", "1.0000000904096215e+21", "1.0000001e+21", "1.0000001e+21"),
        (0x6e013f39, "9.99999944211969e+27", "9.99999944211969e+27", "1e+28", "1e+28"),
        (0x6e013f38, "9.99999826152807e+27", "9.99999826152807e+27", "9.999998e+27", "9.999998e+27"),
        (0x6e013f3a, "1.000000062271131e+28", "1.000000062271131e+28", "1.0000001e+28", "1.0000001e+28"),
        (0x799a130c, "1.0000000409184788e+35", "1.0000000409184788e+35", "1e+35", "1e+35"),
        (0x799a130b, "9.999999418832756e+34", "9.999999418832756e+34", "9.999999e+34", "9.999999e+34"),
        (0x799a130d, "1.0000001399536819e+35", "1.0000001399536819e+35", "1.0000001e+35", "1.0000001e+35"),
        (0x2c9644ad, "4.270880957918388e-12", "4.270880957918388e-12", "4.270881e-12", "4.270881e-12"),
        (0x41e4a522, "28.580631256103516", "28.580631256103516", "28.580631", "28.580631"),
        (0xfd26acd4, "-1.3846826389425e+37", "-1.3846826389425e+37", "-1.3846826e+37", "-1.3846826e+37"),
        (0xfa47f348, "-2.5955035120245477e+35", "-2.5955035120245477e+35", "-2.5955035e+35", "-2.5955035e+35"),
        (0xcbce3a61, "-27030722.0", "-27030722.0", "-2.7030722e+07", "-27030722.0"),
        (0xed7f2bd8, "-4.93573008411542e+27", "-4.93573008411542e+27", "-4.93573e+27", "-4.93573e+27"),
        (0x12f1886, "3.2160018358814986e-38", "3.2160018358814986e-38", "3.2160018e-38", "3.2160018e-38"),
        (0x69aa1ce1, "2.5706720764177987e+25", "2.5706720764177987e+25", "2.570672e+25", "2.570672e+25"),
        (0xf89f8582, "-2.5883845645170316e+34", "-2.5883845645170316e+34", "-2.5883846e+34", "-2.5883846e+34"),
        (0xc2e5546a, "-114.66487121582031", "-114.66487121582031", "-114.66487", "-114.66487"),
        (0xca2c3788, "-2821602.0", "-2821602.0", "-2.821602e+06", "-2821602.0"),
        (0x75bb59f3, "4.749921384005023e+32", "4.749921384005023e+32", "4.7499214e+32", "4.7499214e+32"),
        (0x2147724e, "6.75751035957206e-19", "6.75751035957206e-19", "6.7575104e-19", "6.7575104e-19"),
        (0x2e95418e, "6.787380379957852e-11", "6.787380379957852e-11", "6.7873804e-11", "6.7873804e-11"),
        (0xad0a4d98, "-7.861621076354908e-12", "-7.861621076354908e-12", "-7.861621e-12", "-7.861621e-12"),
        (0x7694ec05, "1.5102480075594314e+33", "1.5102480075594314e+33", "1.510248e+33", "1.510248e+33"),
        (0xceb2708d, "-1496860288.0", "-1496860288.0", "-1.4968603e+09", "-1496860300.0"),
        (0x4234407e, "45.06298065185547", "45.06298065185547", "45.06298", "45.06298"),
        (0x7493112, "1.5135979797762115e-34", "1.5135979797762115e-34", "1.513598e-34", "1.513598e-34"),
        (0x614924f0, "2.3190357413721224e+20", "2.3190357413721224e+20", "2.3190357e+20", "2.3190357e+20"),
        (0x9e3e5155, "-1.0075335318502206e-20", "-1.0075335318502206e-20", "-1.0075335e-20", "-1.0075335e-20"),
        (0xe5026e86, "-3.849665252117269e+22", "-3.849665252117269e+22", "-3.8496653e+22", "-3.8496653e+22"),
        (0x30471abc, "7.243377009302776e-10", "7.243377009302776e-10", "7.243377e-10", "7.243377e-10"),
        (0x51b464eb, "96848404480.0", "96848404480.0", "9.6848404e+10", "96848404000.0"),
        (0x9c62f432, "-7.509274241881921e-22", "-7.509274241881921e-22", "-7.509274e-22", "-7.509274e-22"),
        (0x5908120c, "2393777473847296.0", "2393777473847296.0", "2.3937775e+15", "2393777500000000.0"),
        (0x9dc29d01, "-5.1513710661473324e-21", "-5.1513710661473324e-21", "-5.151371e-21", "-5.151371e-21"),
        (0x463df467, "12157.1005859375", "12157.1005859375", "12157.101", "12157.101"),
        (0x39bd23cb, "0.00036075557000003755", "0.00036075557000003755", "0.00036075557", "0.00036075557"),
        (0xc34cb230, "-204.696044921875", "-204.696044921875", "-204.69604", "-204.69604"),
        (0x7b150c2b, "7.738990276479213e+35", "7.738990276479213e+35", "7.73899e+35", "7.73899e+35"),
        (0x49d7c476, "1767566.75", "1767566.75", "1.7675668e+06", "1767566.8"),
        (0x186cc7fb, "3.060324942299987e-24", "3.060324942299987e-24", "3.060325e-24", "3.060325e-24"),
        (0x24e856af, "1.0076080932644013e-16", "1.0076080932644013e-16", "1.0076081e-16", "1.0076081e-16"),
        (0xed7df3a6, "-4.912141273237676e+27", "-4.912141273237676e+27", "-4.9121413e+27", "-4.9121413e+27"),
        (0xfa58ce82, "-2.8143114937075047e+35", "-2.8143114937075047e+35", "-2.8143115e+35", "-2.8143115e+35"),
        (0x41b340b1, "22.406587600708008", "22.406587600708008", "22.406588", "22.406588"),
        (0x85268f9d, "-7.831660083336931e-36", "-7.831660083336931e-36", "-7.83166e-36", "-7.83166e-36"),
        (0x3a350019, "0.0006904616602696478", "0.0006904616602696478", "0.00069046166", "0.00069046166"),
        (0xf700ac74, "-2.6098115734810066e+33", "-2.6098115734810066e+33", "-2.6098116e+33", "-2.6098116e+33"),
        (0xd3404648, "-825812844544.0", "-825812844544.0", "-8.2581284e+11", "-825812840000.0"),
        (0x8776d173, "-1.8568534652702286e-34", "-1.8568534652702286e-34", "-1.8568535e-34", "-1.8568535e-34"),
        (0x6693f9df, "3.49398590549831e+23", "3.49398590549831e+23", "3.493986e+23", "3.493986e+23"),
        (0x2be6edf2, "1.6408526013617086e-12", "1.6408526013617086e-12", "1.6408526e-12", "1.6408526e-12"),
        (0x6091129, "2.577944346173148e-35", "2.577944346173148e-35", "2.5779443e-35", "2.5779443e-35"),
        (0x3de0637, "1.3049414152275705e-36", "1.3049414152275705e-36", "1.3049414e-36", "1.3049414e-36"),
        (0xa48935c, "9.657364939992692e-33", "9.657364939992692e-33", "9.657365e-33", "9.657365e-33"),
        (0x72420a56, "3.8433655863714955e+30", "3.8433655863714955e+30", "3.8433656e+30", "3.8433656e+30"),
        (0xa99b10a6, "-6.886270796212929e-14", "-6.886270796212929e-14", "-6.886271e-14", "-6.886271e-14"),
        (0xb4a63c3f, "-3.09637442796884e-07", "-3.09637442796884e-07", "-3.0963744e-07", "-3.0963744e-07"),
        (0x9539e083, "-3.753756098895297e-26", "-3.753756098895297e-26", "-3.753756e-26", "-3.753756e-26"),
        (0x447faad1, "1022.6690063476562", "1022.6690063476562", "1022.669", "1022.669"),
        (0x9219b0e4, "-4.849632192853e-28", "-4.849632192853e-28", "-4.849632e-28", "-4.849632e-28"),
        (0xd25c23a, "5.107834225226937e-31", "5.107834225226937e-31", "5.107834e-31", "5.107834e-31"),
        (0x496ceadc, "970413.75", "970413.75", "970413.75", "970413.75"),
        (0x314060b9, "2.7994657703089842e-09", "2.7994657703089842e-09", "2.7994658e-09", "2.7994658e-09"),
        (0x549f79db, "5479553564672.0", "5479553564672.0", "5.4795536e+12", "5479553600000.0"),
        (0x3393e28c, "6.88642955992691e-08", "6.88642955992691e-08", "6.8864296e-08", "6.8864296e-08"),
        (0xf08bb483, "-3.458931331416548e+29", "-3.458931331416548e+29", "-3.4589313e+29", "-3.4589313e+29"),
        (0xc4d511a8, "-1704.5517578125", "-1704.5517578125", "-1704.5518", "-1704.5518"),
        (0x47b272db, "91365.7109375", "91365.7109375", "91365.71", "91365.71"),
        (0x57315b90, "195006816059392.0", "195006816059392.0", "1.9500682e+14", "195006820000000.0"),
        (0x25dcb797, "3.828832178863977e-16", "3.828832178863977e-16", "3.8288322e-16", "3.8288322e-16"),
        (0xcc674f21, "-60636292.0", "-60636292.0", "-6.0636292e+07", "-60636292.0"),
        (0x77300e27, "3.570825354433277e+33", "3.570825354433277e+33", "3.5708254e+33", "3.5708254e+33"),
        (0x5b4288e9, "5.475667979062477e+16", "5.475667979062477e+16", "5.475668e+16", "5.475668e+16"),
        (0xe5df0a3d, "-1.3165957357923804e+23", "-1.3165957357923804e+23", "-1.3165957e+23", "-1.3165957e+23"),
        (0x45517b96, "3351.72412109375", "3351.72412109375", "3351.724", "3351.724"),
        (0x7a2d7af3, "2.251902657354154e+35", "2.251902657354154e+35", "2.2519027e+35", "2.2519027e+35"),
        (0xa16b8f2c, "-7.981058344072482e-19", "-7.981058344072482e-19", "-7.9810583e-19", "-7.9810583e-19"),
        (0xf848b9bd, "-1.6284790493849317e+34", "-1.6284790493849317e+34", "-1.628479e+34", "-1.628479e+34"),
        (0x96f87765, "-4.014190946293753e-25", "-4.014190946293753e-25", "-4.014191e-25", "-4.014191e-25"),
        (0xc437882d, "-734.1277465820312", "-734.1277465820312", "-734.12775", "-734.12775"),
        (0x6321e6fe, "2.986570537140046e+21", "2.986570537140046e+21", "2.9865705e+21", "2.9865705e+21"),
        (0xf2ee58fe, "-9.441922213208686e+30", "-9.441922213208686e+30", "-9.441922e+30", "-9.441922e+30"),
        (0xb03a566, "2.5354114225979083e-32", "2.5354114225979083e-32", "2.5354114e-32", "2.5354114e-32"),
        (0x7e07da8d, "4.514513999146959e+37", "4.514513999146959e+37", "4.514514e+37", "4.514514e+37"),
        (0x8b542697, "-4.0858746592738834e-32", "-4.0858746592738834e-32", "-4.0858747e-32", "-4.0858747e-32"),
        (0xde93a168, "-5.318949072017555e+18", "-5.318949072017555e+18", "-5.318949e+18", "-5.318949e+18"),
        (0xd55b95ba, "-15089757323264.0", "-15089757323264.0", "-1.5089757e+13", "-15089757000000.0"),
        (0x8d72d920, "-7.48333621586582e-31", "-7.48333621586582e-31", "-7.483336e-31", "-7.483336e-31"),
        (0xcbb2ac37, "-23418990.0", "-23418990.0", "-2.341899e+07", "-23418990.0"),
        (0xb6dbcbb9, "-6.550425041496055e-06", "-6.550425041496055e-06", "-6.550425e-06", "-6.550425e-06"),
        (0x19f3a3da, "2.5191790225359017e-23", "2.5191790225359017e-23", "2.519179e-23", "2.519179e-23"),
        (0xfe5c4087, "-7.319130104923105e+37", "-7.319130104923105e+37", "-7.31913e+37", "-7.31913e+37"),
        (0xcb6c4781, "-15484801.0", "-15484801.0", "-1.5484801e+07", "-15484801.0"),
        (0x5cfef533, "5.741139478131507e+17", "5.741139478131507e+17", "5.7411395e+17", "5.7411395e+17"),
        (0x2ff76ff4, "4.500858574729705e-10", "4.500858574729705e-10", "4.5008586e-10", "4.5008586e-10"),
        (0x6449b657, "1.4883738117013986e+22", "1.4883738117013986e+22", "1.4883738e+22", "1.4883738e+22"),
        (0x14c51374, "1.9899589490951472e-26", "1.9899589490951472e-26", "1.989959e-26", "1.989959e-26"),
        (0xa70afb1c, "-1.928747383973719e-15", "-1.928747383973719e-15", "-1.9287474e-15", "-1.9287474e-15"),
        (0x42e55247, "114.66069793701172", "114.66069793701172", "114.6607", "114.6607"),
        (0x22bc8972, "5.110302799198516e-18", "5.110302799198516e-18", "5.110303e-18", "5.110303e-18"),
        (0x21269246, "5.643657898029592e-19", "5.643657898029592e-19", "5.643658e-19", "5.643658e-19"),
        (0x7f60c375, "2.9876194198515907e+38", "2.9876194198515907e+38", "2.9876194e+38", "2.9876194e+38"),
        (0x3f158789, "0.5840993523597717", "0.5840993523597717", "0.58409935", "0.58409935"),
        (0xc97a8d5f, "-1026261.9375", "-1026261.9375", "-1.02626194e+06", "-1026261.94"),
        (0x193c5dcc, "9.738314325554242e-24", "9.738314325554242e-24", "9.738314e-24", "9.738314e-24"),
        (0xe8a569da, "-6.24914469085385e+24", "-6.24914469085385e+24", "-6.2491447e+24", "-6.2491447e+24"),
        (0xe136949e, "-2.10501026148692e+20", "-2.10501026148692e+20", "-2.1050103e+20", "-2.1050103e+20"),
        (0x4edeb69b, "1868254592.0", "1868254592.0", "1.8682546e+09", "1868254600.0"),
        (0xfd227cb8, "-1.349890700568636e+37", "-1.349890700568636e+37", "-1.3498907e+37", "-1.3498907e+37"),
        (0xfbb0be1c, "-1.8354002466307478e+36", "-1.8354002466307478e+36", "-1.8354002e+36", "-1.8354002e+36"),
        (0xa68cbf83, "-9.766360820851415e-16", "-9.766360820851415e-16", "-9.766361e-16", "-9.766361e-16"),
        (0xb251f603, "-1.2221337719608982e-08", "-1.2221337719608982e-08", "-1.2221338e-08", "-1.2221338e-08"),
        (0xfdb48e73, "-3.0000084734037653e+37", "-3.0000084734037653e+37", "-3.0000085e+37", "-3.0000085e+37"),
        (0xa8bcd9ce, "-2.0966650589098954e-14", "-2.0966650589098954e-14", "-2.096665e-14", "-2.096665e-14"),
        (0x41bf2716, "23.894084930419922", "23.894084930419922", "23.894085", "23.894085"),
        (0x2c7210ba, "3.4399553518194015e-12", "3.4399553518194015e-12", "3.4399554e-12", "3.4399554e-12"),
        (0xd43ea6a7, "-3275358994432.0", "-3275358994432.0", "-3.275359e+12", "-3275359000000.0"),
        (0x930617c4, "-1.6924895165720145e-27", "-1.6924895165720145e-27", "-1.6924895e-27", "-1.6924895e-27"),
        (0xa9c5cbca, "-8.783909201132839e-14", "-8.783909201132839e-14", "-8.783909e-14", "-8.783909e-14"),
        (0x3b2dd8e6, "0.0026526986621320248", "0.0026526986621320248", "0.0026526987", "0.0026526987"),
        (0x374930cd, "1.1991895917162765e-05", "1.1991895917162765e-05", "1.1991896e-05", "1.1991896e-05"),
        (0xf27f9f3f, "-5.063116430006409e+30", "-5.063116430006409e+30", "-5.0631164e+30", "-5.0631164e+30"),
        (0x2185cdbd, "9.06688902838895e-19", "9.06688902838895e-19", "9.066889e-19", "9.066889e-19"),
        (0x8ee58689, "-5.6582411172876e-30", "-5.6582411172876e-30", "-5.658241e-30", "-5.658241e-30"),
        (0xc5d20a1d, "-6721.26416015625", "-6721.26416015625", "-6721.264", "-6721.264"),
        (0xb197bba9, "-4.416012888697196e-09", "-4.416012888697196e-09", "-4.416013e-09", "-4.416013e-09"),
        (0x76d38e53, "2.1454322563516716e+33", "2.1454322563516716e+33", "2.1454323e+33", "2.1454323e+33"),
        (0x9b72ec97, "-2.0094217125297703e-22", "-2.0094217125297703e-22", "-2.0094217e-22", "-2.0094217e-22"),
        (0xd2bdf057, "-407890526208.0", "-407890526208.0", "-4.0789053e+11", "-407890530000.0"),
        (0x8e343664, "-2.2212901092686316e-30", "-2.2212901092686316e-30", "-2.2212901e-30", "-2.2212901e-30"),
        (0x544b26e9, "3490124660736.0", "3490124660736.0", "3.4901247e+12", "3490124700000.0"),
        (0xfd755d65, "-2.038411194365738e+37", "-2.038411194365738e+37", "-2.0384112e+37", "-2.0384112e+37"),
        (0xe3f1246a, "-8.896578462993797e+21", "-8.896578462993797e+21", "-8.8965785e+21", "-8.8965785e+21"),
        (0xc40fdf41, "-575.4883422851562", "-575.4883422851562", "-575.48834", "-575.48834"),
        (0x85fa024c, "-2.3510730755066702e-35", "-2.3510730755066702e-35", "-2.3510731e-35", "-2.3510731e-35"),
        (0xa0c0b428, "-3.264528258034934e-19", "-3.264528258034934e-19", "-3.2645283e-19", "-3.2645283e-19"),
        (0xf6f11a3, "1.1787006480215e-29", "1.1787006480215e-29", "1.17870065e-29", "1.17870065e-29"),
        (0x4fc5e393, "6640051712.0", "6640051712.0", "6.6400517e+09", "6640051700.0"),
        (0x49d21912, "1721122.25", "1721122.25", "1.7211222e+06", "1721122.2"),
        (0x354a90ce, "7.546158258264768e-07", "7.546158258264768e-07", "7.546158e-07", "7.546158e-07"),
        (0xa9ce70a5, "-9.167778434191268e-14", "-9.167778434191268e-14", "-9.1677784e-14", "-9.1677784e-14"),
        (0x96dd505d, "-3.5755192019661896e-25", "-3.5755192019661896e-25", "-3.5755192e-25", "-3.5755192e-25"),
        (0xe3f17465, "-8.908104863290099e+21", "-8.908104863290099e+21", "-8.908105e+21", "-8.908105e+21"),
        (0x9383b524, "-3.3247667593627065e-27", "-3.3247667593627065e-27", "-3.3247668e-27", "-3.3247668e-27"),
        (0xb4e57865, "-4.2742172468024364e-07", "-4.2742172468024364e-07", "-4.2742172e-07", "-4.2742172e-07"),
        (0xb598d971, "-1.1388166285541956e-06", "-1.1388166285541956e-06", "-1.1388166e-06", "-1.1388166e-06"),
        (0x652e0125, "5.135705505589821e+22", "5.135705505589821e+22", "5.1357055e+22", "5.1357055e+22"),
        (0x4743e107, "50145.02734375", "50145.02734375", "50145.027", "50145.027"),
        (0x3c171d24, "0.009223256260156631", "0.009223256260156631", "0.009223256", "0.009223256"),
        (0xce244bca, "-689107584.0", "-689107584.0", "-6.891076e+08", "-689107600.0"),
        (0x6ebd8bc1, "2.9330809480945923e+28", "2.9330809480945923e+28", "2.933081e+28", "2.933081e+28"),
        (0x66edf994, "5.619023801191886e+23", "5.619023801191886e+23", "5.6190238e+23", "5.6190238e+23"),
        (0x3a09357d, "0.0005234105628915131", "0.0005234105628915131", "0.00052341056", "0.00052341056"),
        (0xbb70c412, "-0.0036737960763275623", "-0.0036737960763275623", "-0.003673796", "-0.003673796"),
        (0xab0fc150, "-5.107208059240698e-13", "-5.107208059240698e-13", "-5.107208e-13", "-5.107208e-13"),
        (0xf4b5bd09, "-1.1519040769816365e+32", "-1.1519040769816365e+32", "-1.1519041e+32", "-1.1519041e+32"),
        (0x9f1c4651, "-3.3092449310912116e-20", "-3.3092449310912116e-20", "-3.309245e-20", "-3.309245e-20"),
        (0xe451307b, "-1.543545158936501e+22", "-1.543545158936501e+22", "-1.5435452e+22", "-1.5435452e+22"),
        (0xb837ce98, "-4.3823005398735404e-05", "-4.3823005398735404e-05", "-4.3823005e-05", "-4.3823005e-05"),
        (0x7899815, "2.070285472031761e-34", "2.070285472031761e-34", "2.0702855e-34", "2.0702855e-34"),
        (0x79b3d1, "1.1176601007325201e-38", "1.1176601007325201e-38", "1.1176601e-38", "1.1176601e-38"),
        (0x95b56c01, "-7.327571792714517e-26", "-7.327571792714517e-26", "-7.327572e-26", "-7.327572e-26"),
        (0xa30464e1, "-7.177096277723511e-18", "-7.177096277723511e-18", "-7.177096e-18", "-7.177096e-18"),
        (0xb2cb46f7, "-2.3664581405569152e-08", "-2.3664581405569152e-08", "-2.3664581e-08", "-2.3664581e-08"),
        (0xe54fd3bc, "-6.1339729486328025e+22", "-6.1339729486328025e+22", "-6.133973e+22", "-6.133973e+22"),
        (0xa277463e, "-3.351192797992727e-18", "-3.351192797992727e-18", "-3.3511928e-18", "-3.3511928e-18"),
        (0x6aa67124, "1.0060798877568968e+26", "1.0060798877568968e+26", "1.0060799e+26", "1.0060799e+26"),
        (0x3838ea0e, "4.408699896885082e-05", "4.408699896885082e-05", "4.4087e-05", "4.4087e-05"),
        (0x334c66dc, "4.759100136197958e-08", "4.759100136197958e-08", "4.7591e-08", "4.7591e-08"),
        (0x5c62e727, "2.5546999770539622e+17", "2.5546999770539622e+17", "2.5547e+17", "2.5547e+17"),
        (0x55e747e7, "31787000528896.0", "31787000528896.0", "3.1787e+13", "31787000000000.0"),
        (0x59da4f5c, "7681100184813568.0", "7681100184813568.0", "7.6811e+15", "7681100000000000.0"),
        (0x32e246ac, "2.6342000580825697e-08", "2.6342000580825697e-08", "2.6342e-08", "2.6342e-08"),
        (0x3f715810, "0.9427499771118164", "0.9427499771118164", "0.94275", "0.94275"),
        (0x5d19f585, "6.933699682589737e+17", "6.933699682589737e+17", "6.9337e+17", "6.9337e+17"),
        (0x56a53d23, "90840999395328.0", "90840999395328.0", "9.0841e+13", "90841000000000.0"),
        (0x40f00275, "7.50029993057251", "7.50029993057251", "7.5003", "7.5003"),
        (0x3da61d00, "0.08111000061035156", "0.08111000061035156", "0.08111", "0.08111"),
        (0x51b08eeb, "94789001216.0", "94789001216.0", "9.4789e+10", "94789000000.0"),
        (0x36bfbe52, "5.714399776479695e-06", "5.714399776479695e-06", "5.7144e-06", "5.7144e-06"),
        (0x33bb952c, "8.735000278647931e-08", "8.735000278647931e-08", "8.735e-08", "8.735e-08"),
        (0x3f49d7dc, "0.7884500026702881", "0.7884500026702881", "0.78845", "0.78845"),
        (0x33f5439d, "1.1421000323252883e-07", "1.1421000323252883e-07", "1.1421e-07", "1.1421e-07"),
        (0x52a022e2, "343890001920.0", "343890001920.0", "3.4389e+11", "343890000000.0"),
        (0x4d4e0824, "216040000.0", "216040000.0", "2.1604e+08", "216040000.0"),
        (0x60d664fc, "1.2358999758974275e+20", "1.2358999758974275e+20", "1.2359e+20", "1.2359e+20"),
        (0x55053efe, "9156599742464.0", "9156599742464.0", "9.1566e+12", "9156600000000.0"),
        (0x488005c0, "262190.0", "262190.0", "262190.0", "262190.0"),
        (0x5f99acfa, "2.2147000923408302e+19", "2.2147000923408302e+19", "2.2147e+19", "2.2147e+19"),
        (0x461a50cd, "9876.2001953125", "9876.2001953125", "9876.2", "9876.2"),
        (0x568ffa7d, "79153000873984.0", "79153000873984.0", "7.9153e+13", "79153000000000.0"),
        (0x517734e0, "66359001088.0", "66359001088.0", "6.6359e+10", "66359000000.0"),
        (0x6639dd4c, "2.1943000153708026e+23", "2.1943000153708026e+23", "2.1943e+23", "2.1943e+23"),
        (0x37ba2b1b, "2.219300040451344e-05", "2.219300040451344e-05", "2.2193e-05", "2.2193e-05"),
        (0x49d2f640, "1728200.0", "1728200.0", "1.7282e+06", "1728200.0"),
        (0x353e613a, "7.092199894032092e-07", "7.092199894032092e-07", "7.0922e-07", "7.0922e-07"),
        (0x5d9f12a0, "1.4327999904339722e+18", "1.4327999904339722e+18", "1.4328e+18", "1.4328e+18"),
        (0x5d08ef56, "6.166999916620022e+17", "6.166999916620022e+17", "6.167e+17", "6.167e+17"),
        (0x4708b100, "34993.0", "34993.0", "34993.0", "34993.0"),
        (0x4e4cd65b, "859150016.0", "859150016.0", "8.5915e+08", "859150000.0"),
        (0x61f5e018, "5.669499943153471e+20", "5.669499943153471e+20", "5.6695e+20", "5.6695e+20"),
        (0x3bb9a24e, "0.0056651001796126366", "0.0056651001796126366", "0.0056651", "0.0056651"),
        (0x3e952fc2, "0.29137998819351196", "0.29137998819351196", "0.29138", "0.29138"),
        (0x53402423, "825239994368.0", "825239994368.0", "8.2524e+11", "825240000000.0"),
        (0x594331d2, "3433899904466944.0", "3433899904466944.0", "3.4339e+15", "3433900000000000.0"),
        (0x49079060, "555270.0", "555270.0", "555270.0", "555270.0"),
        (0x559f23c6, "21871999320064.0", "21871999320064.0", "2.1872e+13", "21872000000000.0"),
        (0x6227ab71, "7.732399788905873e+20", "7.732399788905873e+20", "7.7324e+20", "7.7324e+20"),
        (0x5837b6a0, "807979985141760.0", "807979985141760.0", "8.0798e+14", "807980000000000.0"),
        (0x638e808a, "5.257399748100794e+21", "5.257399748100794e+21", "5.2574e+21", "5.2574e+21"),
        (0x497cdb40, "1035700.0", "1035700.0", "1.0357e+06", "1035700.0"),
        (0x3ecc5ac4, "0.3991299867630005", "0.3991299867630005", "0.39913", "0.39913"),
        (0x3c2343d2, "0.009964900091290474", "0.009964900091290474", "0.0099649", "0.0099649"),
        (0x584ebe7b, "909270010822656.0", "909270010822656.0", "9.0927e+14", "909270000000000.0"),
        (0x389c0732, "7.439999899361283e-05", "7.439999899361283e-05", "7.44e-05", "7.44e-05"),
        (0x616f1460, "2.756400004434441e+20", "2.756400004434441e+20", "2.7564e+20", "2.7564e+20"),
        (0x4903da60, "540070.0", "540070.0", "540070.0", "540070.0"),
        (0x64d38e11, "3.121999970384564e+22", "3.121999970384564e+22", "3.122e+22", "3.122e+22"),
        (0x4f3eab57, "3198899968.0", "3198899968.0", "3.1989e+09", "3198900000.0"),
        (0x3a6e27bb, "0.0009084899793379009", "0.0009084899793379009", "0.00090849", "0.00090849"),
        (0x45a69266, "5330.2998046875", "5330.2998046875", "5330.3", "5330.3"),
        (0x42b6178d, "91.0459976196289", "91.0459976196289", "91.046", "91.046"),
        (0x34a94681, "3.153000136535411e-07", "3.153000136535411e-07", "3.153e-07", "3.153e-07"),
        (0x661ca44d, "1.849299964476235e+23", "1.849299964476235e+23", "1.8493e+23", "1.8493e+23"),
        (0x368407ad, "3.934800133720273e-06", "3.934800133720273e-06", "3.9348e-06", "3.9348e-06"),
        (0x4cf87d48, "130280000.0", "130280000.0", "1.3028e+08", "130280000.0"),
        (0x478cb400, "72040.0", "72040.0", "72040.0", "72040.0"),
        (0x387ec53a, "6.0742000641766936e-05", "6.0742000641766936e-05", "6.0742e-05", "6.0742e-05"),
        (0x59d73647, "7572099820421120.0", "7572099820421120.0", "7.5721e+15", "7572100000000000.0"),
        (0x60abbcd5, "9.900000057667197e+19", "9.900000057667197e+19", "9.9e+19", "9.9e+19"),
        (0x4f1215c4, "2450899968.0", "2450899968.0", "2.4509e+09", "2450900000.0"),
        (0x4210df3b, "36.21799850463867", "36.21799850463867", "36.218", "36.218"),
        (0x492f5d20, "718290.0", "718290.0", "718290.0", "718290.0"),
        (0x3eb4a383, "0.35280999541282654", "0.35280999541282654", "0.35281", "0.35281"),
        (0x371d3144, "9.369399776915088e-06", "9.369399776915088e-06", "9.3694e-06", "9.3694e-06"),
        (0x638dcabe, "5.231200057268566e+21", "5.231200057268566e+21", "5.2312e+21", "5.2312e+21"),
        (0x3beb14b6, "0.007174099795520306", "0.007174099795520306", "0.0071741", "0.0071741"),
        (0x5ebf980e, "6.902900025433522e+18", "6.902900025433522e+18", "6.9029e+18", "6.9029e+18"),
        (0x4de6bc9a, "483889984.0", "483889984.0", "4.8389e+08", "483890000.0"),
        (0x4ec343cb, "1638000000.0", "1638000000.0", "1.638e+09", "1638000000.0"),
        (0x66effc51, "5.6665000278876854e+23", "5.6665000278876854e+23", "5.6665e+23", "5.6665e+23"),
        (0x59cd85e8, "7231200213073920.0", "7231200213073920.0", "7.2312e+15", "7231200000000000.0"),
        (0x4b1b0780, "10160000.0", "10160000.0", "1.016e+07", "10160000.0"),
        (0x494936a0, "824170.0", "824170.0", "824170.0", "824170.0"),
        (0x432d4000, "173.25", "173.25", "173.25", "173.25"),
        (0x581f9477, "701840001859584.0", "701840001859584.0", "7.0184e+14", "701840000000000.0"),
        (0x4c94f8b8, "78104000.0", "78104000.0", "7.8104e+07", "78104000.0"),
    ];
    #[rustfmt::skip]
    const F16_CASES: &[(u16, &str, &str, &str, &str)] = &[
        (0x0, "0.0", "0.0", "0.0", "0.0"),
        (0x8000, "-0.0", "-0.0", "-0.0", "-0.0"),
        (0x3c00, "1.0", "1.0", "1.0", "1.0"),
        (0xbc00, "-1.0", "-1.0", "-1.0", "-1.0"),
        (0x3c01, "1.0009765625", "1.0009765625", "1.001", "1.001"),
        (0x3bff, "0.99951171875", "0.99951171875", "0.9995", "0.9995"),
        (0xbc01, "-1.0009765625", "-1.0009765625", "-1.001", "-1.001"),
        (0xbbff, "-0.99951171875", "-0.99951171875", "-0.9995", "-0.9995"),
        (0x2e66, "0.0999755859375", "0.0999755859375", "0.1", "0.1"),
        (0xae66, "-0.0999755859375", "-0.0999755859375", "-0.1", "-0.1"),
        (0x2e67, "0.10003662109375", "0.10003662109375", "0.10004", "0.10004"),
        (0x2e65, "0.09991455078125", "0.09991455078125", "0.0999", "0.0999"),
        (0x3266, "0.199951171875", "0.199951171875", "0.2", "0.2"),
        (0xb266, "-0.199951171875", "-0.199951171875", "-0.2", "-0.2"),
        (0x3267, "0.2000732421875", "0.2000732421875", "0.2001", "0.2001"),
        (0x3265, "0.1998291015625", "0.1998291015625", "0.1998", "0.1998"),
        (0x34cd, "0.300048828125", "0.300048828125", "0.3", "0.3"),
        (0xb4cd, "-0.300048828125", "-0.300048828125", "-0.3", "-0.3"),
        (0x34ce, "0.30029296875", "0.30029296875", "0.3003", "0.3003"),
        (0x34cc, "0.2998046875", "0.2998046875", "0.2998", "0.2998"),
        (0x3800, "0.5", "0.5", "0.5", "0.5"),
        (0xb800, "-0.5", "-0.5", "-0.5", "-0.5"),
        (0x3801, "0.50048828125", "0.50048828125", "0.5005", "0.5005"),
        (0x37ff, "0.499755859375", "0.499755859375", "0.4998", "0.4998"),
        (0x3555, "0.333251953125", "0.333251953125", "0.3333", "0.3333"),
        (0xb555, "-0.333251953125", "-0.333251953125", "-0.3333", "-0.3333"),
        (0x3556, "0.33349609375", "0.33349609375", "0.3335", "0.3335"),
        (0x3554, "0.3330078125", "0.3330078125", "0.333", "0.333"),
        (0x7bff, "65504.0", "65504.0", "6.55e+04", "65500.0"),
        (0xfbff, "-65504.0", "-65504.0", "-6.55e+04", "-65500.0"),
        (0x7c00, "Infinity", "inf", "inf", "Infinity"),
        (0x7bfe, "65472.0", "65472.0", "6.547e+04", "65470.0"),
        (0xfc00, "-Infinity", "-inf", "-inf", "-Infinity"),
        (0xfbfe, "-65472.0", "-65472.0", "-6.547e+04", "-65470.0"),
        (0x7b53, "60000.0", "60000.0", "6e+04", "60000.0"),
        (0xfb53, "-60000.0", "-60000.0", "-6e+04", "-60000.0"),
        (0x7b54, "60032.0", "60032.0", "6.003e+04", "60030.0"),
        (0x7b52, "59968.0", "59968.0", "5.997e+04", "59970.0"),
        (0x7207, "12344.0", "12344.0", "1.2344e+04", "12344.0"),
        (0xf207, "-12344.0", "-12344.0", "-1.2344e+04", "-12344.0"),
        (0x7208, "12352.0", "12352.0", "1.235e+04", "12350.0"),
        (0x7206, "12336.0", "12336.0", "1.234e+04", "12340.0"),
        (0x6800, "2048.0", "2048.0", "2.048e+03", "2048.0"),
        (0xe800, "-2048.0", "-2048.0", "-2.048e+03", "-2048.0"),
        (0x6801, "2050.0", "2050.0", "2.05e+03", "2050.0"),
        (0x67ff, "2047.0", "2047.0", "2.047e+03", "2047.0"),
        (0x6c00, "4096.0", "4096.0", "4.096e+03", "4096.0"),
        (0xec00, "-4096.0", "-4096.0", "-4.096e+03", "-4096.0"),
        (0x6c01, "4100.0", "4100.0", "4.1e+03", "4100.0"),
        (0x6bff, "4094.0", "4094.0", "4.094e+03", "4094.0"),
        (0x64d2, "1234.0", "1234.0", "1.234e+03", "1234.0"),
        (0xe4d2, "-1234.0", "-1234.0", "-1.234e+03", "-1234.0"),
        (0x64d3, "1235.0", "1235.0", "1.235e+03", "1235.0"),
        (0x64d1, "1233.0", "1233.0", "1.233e+03", "1233.0"),
        (0x63d0, "1000.0", "1000.0", "1e+03", "1000.0"),
        (0xe3d0, "-1000.0", "-1000.0", "-1e+03", "-1000.0"),
        (0x63d1, "1000.5", "1000.5", "1.0005e+03", "1000.5"),
        (0x63cf, "999.5", "999.5", "999.5", "999.5"),
        (0xe3cf, "-999.5", "-999.5", "-999.5", "-999.5"),
        (0x63ce, "999.0", "999.0", "999.0", "999.0"),
        (0xe3ce, "-999.0", "-999.0", "-999.0", "-999.0"),
        (0x63cd, "998.5", "998.5", "998.5", "998.5"),
        (0x5640, "100.0", "100.0", "100.0", "100.0"),
        (0xd640, "-100.0", "-100.0", "-100.0", "-100.0"),
        (0x5641, "100.0625", "100.0625", "100.06", "100.06"),
        (0x563f, "99.9375", "99.9375", "99.94", "99.94"),
        (0x70e2, "10000.0", "10000.0", "1e+04", "10000.0"),
        (0xf0e2, "-10000.0", "-10000.0", "-1e+04", "-10000.0"),
        (0x70e3, "10008.0", "10008.0", "1.001e+04", "10010.0"),
        (0x70e1, "9992.0", "9992.0", "9.99e+03", "9990.0"),
        (0x68e, "0.00010001659393310547", "0.00010001659393310547", "0.0001", "0.0001"),
        (0x868e, "-0.00010001659393310547", "-0.00010001659393310547", "-0.0001", "-0.0001"),
        (0x68f, "0.00010007619857788086", "0.00010007619857788086", "0.0001001", "0.0001001"),
        (0x68d, "9.995698928833008e-05", "9.995698928833008e-05", "9.996e-05", "9.996e-05"),
        (0x735, "0.0001099705696105957", "0.0001099705696105957", "0.00011", "0.00011"),
        (0x8735, "-0.0001099705696105957", "-0.0001099705696105957", "-0.00011", "-0.00011"),
        (0x736, "0.0001100301742553711", "0.0001100301742553711", "0.00011003", "0.00011003"),
        (0x734, "0.00010991096496582031", "0.00010991096496582031", "0.0001099", "0.0001099"),
        (0x68c, "9.989738464355469e-05", "9.989738464355469e-05", "9.99e-05", "9.99e-05"),
        (0x868c, "-9.989738464355469e-05", "-9.989738464355469e-05", "-9.99e-05", "-9.99e-05"),
        (0x68b, "9.98377799987793e-05", "9.98377799987793e-05", "9.984e-05", "9.984e-05"),
        (0xa8, "1.0013580322265625e-05", "1.0013580322265625e-05", "1e-05", "1e-05"),
        (0x80a8, "-1.0013580322265625e-05", "-1.0013580322265625e-05", "-1e-05", "-1e-05"),
        (0xa9, "1.0073184967041016e-05", "1.0073184967041016e-05", "1.01e-05", "1.01e-05"),
        (0xa7, "9.953975677490234e-06", "9.953975677490234e-06", "9.95e-06", "9.95e-06"),
        (0x1, "5.960464477539063e-08", "5.960464477539063e-08", "6e-08", "6e-08"),
        (0x8001, "-5.960464477539063e-08", "-5.960464477539063e-08", "-6e-08", "-6e-08"),
        (0x2, "1.1920928955078125e-07", "1.1920928955078125e-07", "1e-07", "1e-07"),
        (0x8002, "-1.1920928955078125e-07", "-1.1920928955078125e-07", "-1e-07", "-1e-07"),
        (0x3, "1.7881393432617188e-07", "1.7881393432617188e-07", "2e-07", "2e-07"),
        (0x3ff, "6.097555160522461e-05", "6.097555160522461e-05", "6.1e-05", "6.1e-05"),
        (0x83ff, "-6.097555160522461e-05", "-6.097555160522461e-05", "-6.1e-05", "-6.1e-05"),
        (0x400, "6.103515625e-05", "6.103515625e-05", "6.104e-05", "6.104e-05"),
        (0x3fe, "6.091594696044922e-05", "6.091594696044922e-05", "6.09e-05", "6.09e-05"),
        (0x8400, "-6.103515625e-05", "-6.103515625e-05", "-6.104e-05", "-6.104e-05"),
        (0x401, "6.109476089477539e-05", "6.109476089477539e-05", "6.11e-05", "6.11e-05"),
        (0x4248, "3.140625", "3.140625", "3.14", "3.14"),
        (0xc248, "-3.140625", "-3.140625", "-3.14", "-3.14"),
        (0x4249, "3.142578125", "3.142578125", "3.143", "3.143"),
        (0x4247, "3.138671875", "3.138671875", "3.139", "3.139"),
        (0x4170, "2.71875", "2.71875", "2.719", "2.719"),
        (0xc170, "-2.71875", "-2.71875", "-2.719", "-2.719"),
        (0x4171, "2.720703125", "2.720703125", "2.72", "2.72"),
        (0x416f, "2.716796875", "2.716796875", "2.717", "2.717"),
        (0x7e00, "NaN", "nan", "nan", "NaN"),
        (0xfe00, "NaN", "nan", "nan", "NaN"),
        (0x7800, "32768.0", "32768.0", "3.277e+04", "32770.0"),
        (0xf800, "-32768.0", "-32768.0", "-3.277e+04", "-32770.0"),
        (0x7801, "32800.0", "32800.0", "3.28e+04", "32800.0"),
        (0x77ff, "32752.0", "32752.0", "3.275e+04", "32750.0"),
        (0xf801, "-32800.0", "-32800.0", "-3.28e+04", "-32800.0"),
        (0x7802, "32832.0", "32832.0", "3.283e+04", "32830.0"),
        (0xf802, "-32832.0", "-32832.0", "-3.283e+04", "-32830.0"),
        (0x7803, "32864.0", "32864.0", "3.286e+04", "32860.0"),
        (0x5fff, "511.75", "511.75", "511.8", "511.8"),
        (0xdfff, "-511.75", "-511.75", "-511.8", "-511.8"),
        (0x6000, "512.0", "512.0", "512.0", "512.0"),
        (0x5ffe, "511.5", "511.5", "511.5", "511.5"),
        (0x63ff, "1023.5", "1023.5", "1.0235e+03", "1023.5"),
        (0xe3ff, "-1023.5", "-1023.5", "-1.0235e+03", "-1023.5"),
        (0x6400, "1024.0", "1024.0", "1.024e+03", "1024.0"),
        (0x63fe, "1023.0", "1023.0", "1.023e+03", "1023.0"),
        (0x11, "1.0132789611816406e-06", "1.0132789611816406e-06", "1e-06", "1e-06"),
        (0x10, "9.5367431640625e-07", "9.5367431640625e-07", "9.5e-07", "9.5e-07"),
        (0x12, "1.0728836059570312e-06", "1.0728836059570312e-06", "1.1e-06", "1.1e-06"),
        (0x1419, "0.0010004043579101562", "0.0010004043579101562", "0.001", "0.001"),
        (0x1418, "0.00099945068359375", "0.00099945068359375", "0.000999", "0.000999"),
        (0x141a, "0.0010013580322265625", "0.0010013580322265625", "0.001001", "0.001001"),
        (0x211f, "0.01000213623046875", "0.01000213623046875", "0.01", "0.01"),
        (0x211e, "0.0099945068359375", "0.0099945068359375", "0.009995", "0.009995"),
        (0x2120, "0.010009765625", "0.010009765625", "0.01001", "0.01001"),
        (0x4900, "10.0", "10.0", "10.0", "10.0"),
        (0x48ff, "9.9921875", "9.9921875", "9.99", "9.99"),
        (0x4901, "10.0078125", "10.0078125", "10.01", "10.01"),
        (0xbf43, "-1.8154296875", "-1.8154296875", "-1.815", "-1.815"),
        (0xd429, "-66.5625", "-66.5625", "-66.56", "-66.56"),
        (0xd5e2, "-94.125", "-94.125", "-94.1", "-94.1"),
        (0x55ce, "92.875", "92.875", "92.9", "92.9"),
        (0x4f60, "29.5", "29.5", "29.5", "29.5"),
        (0x9eae, "-0.00652313232421875", "-0.00652313232421875", "-0.006523", "-0.006523"),
        (0x43f, "6.479024887084961e-05", "6.479024887084961e-05", "6.48e-05", "6.48e-05"),
        (0x2d4b, "0.08270263671875", "0.08270263671875", "0.0827", "0.0827"),
        (0x62b7, "859.5", "859.5", "859.5", "859.5"),
        (0x7645, "25680.0", "25680.0", "2.568e+04", "25680.0"),
        (0xa5db, "-0.0228729248046875", "-0.0228729248046875", "-0.02287", "-0.02287"),
        (0xcabe, "-13.484375", "-13.484375", "-13.484", "-13.484"),
        (0xd830, "-134.0", "-134.0", "-134.0", "-134.0"),
        (0x8a50, "-0.0001926422119140625", "-0.0001926422119140625", "-0.0001926", "-0.0001926"),
        (0xb5a3, "-0.352294921875", "-0.352294921875", "-0.3523", "-0.3523"),
        (0x5d2e, "331.5", "331.5", "331.5", "331.5"),
        (0x5458, "69.5", "69.5", "69.5", "69.5"),
        (0x299c, "0.0438232421875", "0.0438232421875", "0.04382", "0.04382"),
        (0x64d6, "1238.0", "1238.0", "1.238e+03", "1238.0"),
        (0x95e7, "-0.0014410018920898438", "-0.0014410018920898438", "-0.001441", "-0.001441"),
        (0x2229, "0.01203155517578125", "0.01203155517578125", "0.01203", "0.01203"),
        (0x86e7, "-0.00010532140731811523", "-0.00010532140731811523", "-0.0001053", "-0.0001053"),
        (0x5eb2, "428.5", "428.5", "428.5", "428.5"),
        (0xf1e9, "-12104.0", "-12104.0", "-1.2104e+04", "-12104.0"),
        (0xc9c5, "-11.5390625", "-11.5390625", "-11.54", "-11.54"),
        (0x41ff, "2.998046875", "2.998046875", "2.998", "2.998"),
        (0x77c3, "31792.0", "31792.0", "3.179e+04", "31790.0"),
        (0xd0ff, "-39.96875", "-39.96875", "-39.97", "-39.97"),
        (0x1c8f, "0.004451751708984375", "0.004451751708984375", "0.00445", "0.00445"),
        (0xf304, "-14368.0", "-14368.0", "-1.437e+04", "-14370.0"),
        (0x673e, "1854.0", "1854.0", "1.854e+03", "1854.0"),
        (0x51f3, "47.59375", "47.59375", "47.6", "47.6"),
        (0x771d, "29136.0", "29136.0", "2.914e+04", "29140.0"),
        (0x7b82, "61504.0", "61504.0", "6.15e+04", "61500.0"),
        (0x6741, "1857.0", "1857.0", "1.857e+03", "1857.0"),
        (0xbc88, "-1.1328125", "-1.1328125", "-1.133", "-1.133"),
        (0x8eac, "-0.00040721893310546875", "-0.00040721893310546875", "-0.0004072", "-0.0004072"),
        (0x1696, "0.0016078948974609375", "0.0016078948974609375", "0.001608", "0.001608"),
        (0x5cf9, "318.25", "318.25", "318.2", "318.2"),
        (0xb1de, "-0.183349609375", "-0.183349609375", "-0.1833", "-0.1833"),
        (0xfb15, "-58016.0", "-58016.0", "-5.802e+04", "-58020.0"),
        (0x8f7f, "-0.00045752525329589844", "-0.00045752525329589844", "-0.0004575", "-0.0004575"),
        (0x44f4, "4.953125", "4.953125", "4.953", "4.953"),
        (0xe086, "-579.0", "-579.0", "-579.0", "-579.0"),
        (0x88ac, "-0.00014257431030273438", "-0.00014257431030273438", "-0.0001426", "-0.0001426"),
        (0x2a57, "0.049530029296875", "0.049530029296875", "0.04953", "0.04953"),
        (0x9c3d, "-0.004138946533203125", "-0.004138946533203125", "-0.00414", "-0.00414"),
        (0x3fea, "1.978515625", "1.978515625", "1.979", "1.979"),
        (0xcb5e, "-14.734375", "-14.734375", "-14.734", "-14.734"),
        (0x2f13, "0.11053466796875", "0.11053466796875", "0.11053", "0.11053"),
        (0x98ee, "-0.002407073974609375", "-0.002407073974609375", "-0.002407", "-0.002407"),
        (0x973e, "-0.0017681121826171875", "-0.0017681121826171875", "-0.001768", "-0.001768"),
        (0x4583, "5.51171875", "5.51171875", "5.51", "5.51"),
        (0xcb33, "-14.3984375", "-14.3984375", "-14.4", "-14.4"),
        (0x72c0, "13824.0", "13824.0", "1.382e+04", "13820.0"),
        (0x50f7, "39.71875", "39.71875", "39.72", "39.72"),
        (0x88c0, "-0.00014495849609375", "-0.00014495849609375", "-0.000145", "-0.000145"),
        (0xe0f1, "-632.5", "-632.5", "-632.5", "-632.5"),
        (0xb4b5, "-0.294189453125", "-0.294189453125", "-0.2942", "-0.2942"),
        (0xb43a, "-0.26416015625", "-0.26416015625", "-0.2642", "-0.2642"),
        (0x493a, "10.453125", "10.453125", "10.45", "10.45"),
        (0xe205, "-770.5", "-770.5", "-770.5", "-770.5"),
        (0xf1ee, "-12144.0", "-12144.0", "-1.214e+04", "-12140.0"),
        (0xa52, "0.00019288063049316406", "0.00019288063049316406", "0.0001929", "0.0001929"),
        (0x6750, "1872.0", "1872.0", "1.872e+03", "1872.0"),
        (0x8da7, "-0.00034499168395996094", "-0.00034499168395996094", "-0.000345", "-0.000345"),
        (0x2bc8, "0.060791015625", "0.060791015625", "0.0608", "0.0608"),
        (0x80c8, "-1.1920928955078125e-05", "-1.1920928955078125e-05", "-1.19e-05", "-1.19e-05"),
        (0x4129, "2.580078125", "2.580078125", "2.58", "2.58"),
        (0xbe77, "-1.6162109375", "-1.6162109375", "-1.616", "-1.616"),
        (0x8ba4, "-0.00023317337036132812", "-0.00023317337036132812", "-0.0002332", "-0.0002332"),
        (0x46b1, "6.69140625", "6.69140625", "6.69", "6.69"),
        (0xf6bd, "-27600.0", "-27600.0", "-2.76e+04", "-27600.0"),
        (0x2842, "0.03326416015625", "0.03326416015625", "0.03326", "0.03326"),
        (0x2b91, "0.059112548828125", "0.059112548828125", "0.0591", "0.0591"),
        (0x4e7c, "25.9375", "25.9375", "25.94", "25.94"),
        (0x173c, "0.001766204833984375", "0.001766204833984375", "0.001766", "0.001766"),
        (0xc297, "-3.294921875", "-3.294921875", "-3.295", "-3.295"),
        (0x9745, "-0.0017747879028320312", "-0.0017747879028320312", "-0.001775", "-0.001775"),
        (0x770c, "28864.0", "28864.0", "2.886e+04", "28860.0"),
        (0x5c72, "284.5", "284.5", "284.5", "284.5"),
        (0x574a, "116.625", "116.625", "116.6", "116.6"),
        (0x9a0, "0.000171661376953125", "0.000171661376953125", "0.0001717", "0.0001717"),
        (0x3548, "0.330078125", "0.330078125", "0.33", "0.33"),
        (0x3844, "0.533203125", "0.533203125", "0.533", "0.533"),
        (0xf142, "-10768.0", "-10768.0", "-1.077e+04", "-10770.0"),
        (0x8578, "-8.344650268554688e-05", "-8.344650268554688e-05", "-8.345e-05", "-8.345e-05"),
        (0x5141, "42.03125", "42.03125", "42.03", "42.03"),
        (0xf6d1, "-27920.0", "-27920.0", "-2.792e+04", "-27920.0"),
        (0x2f3f, "0.11322021484375", "0.11322021484375", "0.1132", "0.1132"),
        (0x372a, "0.44775390625", "0.44775390625", "0.4478", "0.4478"),
        (0x48e0, "9.75", "9.75", "9.75", "9.75"),
        (0x2b73, "0.058197021484375", "0.058197021484375", "0.0582", "0.0582"),
        (0xfbe0, "-64512.0", "-64512.0", "-6.45e+04", "-64500.0"),
        (0x31af, "0.1776123046875", "0.1776123046875", "0.1776", "0.1776"),
        (0xedb3, "-5836.0", "-5836.0", "-5.836e+03", "-5836.0"),
        (0xc1ea, "-2.95703125", "-2.95703125", "-2.957", "-2.957"),
        (0xab68, "-0.057861328125", "-0.057861328125", "-0.05786", "-0.05786"),
        (0x9cfc, "-0.0048675537109375", "-0.0048675537109375", "-0.004868", "-0.004868"),
        (0x25f5, "0.0232696533203125", "0.0232696533203125", "0.02327", "0.02327"),
        (0x67f2, "2034.0", "2034.0", "2.034e+03", "2034.0"),
        (0x326b, "0.2005615234375", "0.2005615234375", "0.2006", "0.2006"),
        (0xec2a, "-4264.0", "-4264.0", "-4.264e+03", "-4264.0"),
        (0xa6ac, "-0.02606201171875", "-0.02606201171875", "-0.02606", "-0.02606"),
        (0x2a29, "0.048126220703125", "0.048126220703125", "0.04813", "0.04813"),
        (0x6368, "948.0", "948.0", "948.0", "948.0"),
        (0x4b89, "15.0703125", "15.0703125", "15.07", "15.07"),
        (0x90bd, "-0.0005784034729003906", "-0.0005784034729003906", "-0.0005784", "-0.0005784"),
        (0xe4e1, "-1249.0", "-1249.0", "-1.249e+03", "-1249.0"),
        (0x4e4b, "25.171875", "25.171875", "25.17", "25.17"),
        (0x8501, "-7.635354995727539e-05", "-7.635354995727539e-05", "-7.635e-05", "-7.635e-05"),
        (0xeeb8, "-6880.0", "-6880.0", "-6.88e+03", "-6880.0"),
        (0x103, "1.5437602996826172e-05", "1.5437602996826172e-05", "1.544e-05", "1.544e-05"),
        (0xa0ac, "-0.009124755859375", "-0.009124755859375", "-0.009125", "-0.009125"),
        (0x46df, "6.87109375", "6.87109375", "6.87", "6.87"),
        (0xdb47, "-232.875", "-232.875", "-232.9", "-232.9"),
        (0xf8c3, "-39008.0", "-39008.0", "-3.9e+04", "-39000.0"),
        (0x22c3, "0.01320648193359375", "0.01320648193359375", "0.01321", "0.01321"),
        (0xd18, "0.0003108978271484375", "0.0003108978271484375", "0.000311", "0.000311"),
        (0xb5bb, "-0.358154296875", "-0.358154296875", "-0.3582", "-0.3582"),
        (0x1b07, "0.0034313201904296875", "0.0034313201904296875", "0.003431", "0.003431"),
        (0x29c8, "0.045166015625", "0.045166015625", "0.04517", "0.04517"),
        (0x24bb, "0.0184783935546875", "0.0184783935546875", "0.01848", "0.01848"),
        (0x3f7, "6.0498714447021484e-05", "6.0498714447021484e-05", "6.05e-05", "6.05e-05"),
        (0x551, "8.112192153930664e-05", "8.112192153930664e-05", "8.11e-05", "8.11e-05"),
        (0x6044, "546.0", "546.0", "546.0", "546.0"),
        (0x55f7, "95.4375", "95.4375", "95.44", "95.44"),
        (0x52e4, "55.125", "55.125", "55.12", "55.12"),
        (0x12c8, "0.000827789306640625", "0.000827789306640625", "0.000828", "0.000828"),
        (0x6e84, "6672.0", "6672.0", "6.67e+03", "6670.0"),
        (0x18d9, "0.0023670196533203125", "0.0023670196533203125", "0.002367", "0.002367"),
        (0x6a29, "3154.0", "3154.0", "3.154e+03", "3154.0"),
        (0x318f, "0.1737060546875", "0.1737060546875", "0.1737", "0.1737"),
        (0x511c, "40.875", "40.875", "40.88", "40.88"),
        (0x611e, "655.0", "655.0", "655.0", "655.0"),
        (0x48e8, "9.8125", "9.8125", "9.81", "9.81"),
        (0x1ca0, "0.0045166015625", "0.0045166015625", "0.004517", "0.004517"),
        (0x517f, "43.96875", "43.96875", "43.97", "43.97"),
        (0x49a2, "11.265625", "11.265625", "11.266", "11.266"),
        (0x37, "3.2782554626464844e-06", "3.2782554626464844e-06", "3.3e-06", "3.3e-06"),
        (0x131c, "0.0008678436279296875", "0.0008678436279296875", "0.000868", "0.000868"),
        (0x1fa7, "0.007472991943359375", "0.007472991943359375", "0.007473", "0.007473"),
        (0x397, "5.4776668548583984e-05", "5.4776668548583984e-05", "5.48e-05", "5.48e-05"),
        (0x2bae, "0.05999755859375", "0.05999755859375", "0.06", "0.06"),
        (0x6f70, "7616.0", "7616.0", "7.616e+03", "7616.0"),
        (0x62c0, "864.0", "864.0", "864.0", "864.0"),
        (0x1a5, "2.5093555450439453e-05", "2.5093555450439453e-05", "2.51e-05", "2.51e-05"),
        (0xcbc, "0.00028896331787109375", "0.00028896331787109375", "0.000289", "0.000289"),
        (0x3ac4, "0.845703125", "0.845703125", "0.8457", "0.8457"),
        (0x29f8, "0.046630859375", "0.046630859375", "0.04663", "0.04663"),
        (0xb3, "1.0669231414794922e-05", "1.0669231414794922e-05", "1.067e-05", "1.067e-05"),
        (0x131e, "0.0008687973022460938", "0.0008687973022460938", "0.000869", "0.000869"),
        (0x5017, "32.71875", "32.71875", "32.72", "32.72"),
        (0x4f2d, "28.703125", "28.703125", "28.7", "28.7"),
        (0x124d, "0.0007691383361816406", "0.0007691383361816406", "0.000769", "0.000769"),
        (0x5054, "34.625", "34.625", "34.62", "34.62"),
        (0x6272, "825.0", "825.0", "825.0", "825.0"),
        (0x281f, "0.032196044921875", "0.032196044921875", "0.0322", "0.0322"),
        (0x3a11, "0.75830078125", "0.75830078125", "0.7583", "0.7583"),
        (0x3878, "0.55859375", "0.55859375", "0.5586", "0.5586"),
        (0x1b29, "0.0034961700439453125", "0.0034961700439453125", "0.003496", "0.003496"),
        (0x1fc1, "0.007572174072265625", "0.007572174072265625", "0.007572", "0.007572"),
        (0x3a14, "0.759765625", "0.759765625", "0.76", "0.76"),
        (0x48f5, "9.9140625", "9.9140625", "9.914", "9.914"),
        (0x5730, "115.0", "115.0", "115.0", "115.0"),
        (0x7516, "20832.0", "20832.0", "2.083e+04", "20830.0"),
        (0x6d4c, "5424.0", "5424.0", "5.424e+03", "5424.0"),
        (0x159, "2.0563602447509766e-05", "2.0563602447509766e-05", "2.056e-05", "2.056e-05"),
        (0x1961, "0.0026264190673828125", "0.0026264190673828125", "0.002626", "0.002626"),
        (0x519e, "44.9375", "44.9375", "44.94", "44.94"),
        (0x2d6d, "0.08477783203125", "0.08477783203125", "0.0848", "0.0848"),
        (0x7011, "8328.0", "8328.0", "8.33e+03", "8330.0"),
        (0x4c2, "7.259845733642578e-05", "7.259845733642578e-05", "7.26e-05", "7.26e-05"),
        (0x6d81, "5636.0", "5636.0", "5.636e+03", "5636.0"),
        (0x3b79, "0.93408203125", "0.93408203125", "0.934", "0.934"),
        (0x6f35, "7380.0", "7380.0", "7.38e+03", "7380.0"),
        (0x6a1d, "3130.0", "3130.0", "3.13e+03", "3130.0"),
        (0x513d, "41.90625", "41.90625", "41.9", "41.9"),
    ];
    // ---- END GENERATED ----
}
