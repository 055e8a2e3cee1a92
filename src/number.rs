//! Allocation-free number formatting that reproduces CPython / numpy text byte for byte.
//!
//! * [`write_py_float`] — `json.dumps(float)` (= `repr(float)` plus the JSON tokens
//!   `NaN` / `Infinity` / `-Infinity`). The general writer behind the JSON response
//!   encoder, whose fast float writers (`src/json/repr32.rs`, `src/json/repr64.rs`) are tested
//!   against it and hand it what they leave.
//! * [`write_py_str_f64`] — `str(float)` (= `repr`, with `nan` / `inf` / `-inf`).
//! * [`write_shortest_f64`] / [`write_shortest_f32`] / [`write_shortest_f16`] — "compact"
//!   style: shortest digits at the value's *own* precision, Python layout.
//! * [`write_numpy_str_f64`] / [`write_numpy_str_f32`] / [`write_numpy_str_f16`] — numpy's
//!   `str()` of a float scalar, which is what `arr.astype(str)` produces.
//! * [`write_numpy_str_bool`] / [`write_numpy_str_i64`] / [`write_numpy_str_u64`].
//!
//! It also holds the numeric helpers the JSON reader, the JSON writer and the casts share:
//! [`POW10_U64`] and [`f64_to_f16`] (numpy's one rounding of a double to a half).
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

/// numpy's `npy_doublebits_to_halfbits`, which every f64 → f16 conversion of the crate uses
/// (casts, JSON readers): the double rounded straight to the nearest half, ties to even;
/// overflow to ±inf (65520, half-way between the largest half and 2^16, is a tie that goes to
/// infinity); tiny values to subnormals or ±0; a NaN keeps its sign and the top ten bits of
/// its payload, unquieted (a payload that would vanish becomes 1, so it stays a NaN). Going
/// through `f32` first, as `half::f16::from_f64` may, rounds twice: 2049.0000000000005 would
/// give 2048, numpy 2050.
#[inline]
pub(crate) fn f64_to_f16(x: f64) -> half::f16 {
    use half::f16;
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    let a = x.abs();
    if a.is_nan() {
        let payload = ((a.to_bits() >> 42) & 0x3ff) as u16;
        return f16::from_bits(sign | 0x7c00 | payload.max(1));
    }
    if a >= 65520.0 {
        return f16::from_bits(sign | 0x7c00);
    }
    if a < 6.103515625e-05 {
        // Subnormal range: count units of 2^-24 (scaling by a power of two is exact).
        let q = (a * 16777216.0).round_ties_even() as u16;
        return f16::from_bits(sign | q);
    }
    let e = ((a.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    // Scale to [1024, 2048) by a power of two (exact), then one rounding.
    let scale = f64::from_bits(((1023 + 10 - e) as u64) << 52);
    let m = (a * scale).round_ties_even() as u32;
    // m is in [1024, 2048]; 2048 carries into the exponent, which the addition does.
    let bits = (((e + 15) as u32) << 10) + (m - 1024);
    f16::from_bits(sign | bits as u16)
}

/// float32 → float16 as numpy's `npy_floatbits_to_halfbits`: [`f64_to_f16`] of the exact
/// value, except that a NaN keeps its sign and the top ten payload bits unquieted (a payload
/// that would be all zero becomes 1). Going through `f64::from` would quiet a signalling NaN.
#[inline]
pub(crate) fn f32_to_f16(x: f32) -> half::f16 {
    if x.is_nan() {
        let b = x.to_bits();
        let payload = ((b & 0x007f_ffff) >> 13) as u16;
        return half::f16::from_bits(((b >> 16) as u16 & 0x8000) | 0x7c00 | payload.max(1));
    }
    f64_to_f16(f64::from(x))
}

/// float16 → float32 as numpy's `npy_halfbits_to_floatbits`: exact, and a NaN's payload moves
/// up unquieted (`half`'s conversion sets the quiet bit).
#[inline]
pub(crate) fn f16_to_f32(h: half::f16) -> f32 {
    if h.is_nan() {
        let b = u32::from(h.to_bits());
        return f32::from_bits(((b & 0x8000) << 16) | 0x7f80_0000 | ((b & 0x03ff) << 13));
    }
    h.to_f32()
}

/// float16 → float64 as numpy's `npy_halfbits_to_doublebits`: exact, NaN payloads unquieted.
#[inline]
pub(crate) fn f16_to_f64(h: half::f16) -> f64 {
    if h.is_nan() {
        let b = u64::from(h.to_bits());
        return f64::from_bits(((b & 0x8000) << 48) | 0x7ff0_0000_0000_0000 | ((b & 0x03ff) << 42));
    }
    h.to_f64()
}

/// Deterministic pseudo-random numbers for tests (xorshift64), no dependency.
#[cfg(test)]
pub(crate) fn xorshift(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

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

/// The "compact" text of an f64 is [`write_py_float`]: its shortest round-trip digits are
/// already Python's repr (the JSON encoder calls that directly; the name is kept for the
/// tests that check every style).
#[cfg(test)]
pub use self::write_py_float as write_shortest_f64;

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

/// numpy's `str()` of a float64 scalar (what `np.array([v]).astype(str)` holds) is Python's
/// `str(float)`, [`write_py_str_f64`]: numpy picks positional iff `v == 0` or
/// `1e-4 <= |v| < 1e16`, Python iff the shortest digits' exponent is in `-4..16`, and no
/// double below 1e16 (or below 1e-4) has shortest digits reaching 1e16 (or 1e-4), so the two
/// rules agree on every finite value (the tests check 300k+); `nan`, `inf`, `-inf` alike.
pub use self::write_py_str_f64 as write_numpy_str_f64;

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
mod tests;
