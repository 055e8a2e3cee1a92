//! The text of float32 elements in both JSON styles (and of float16 in the reference style),
//! written with fixed-size stores into a staging buffer: Python's `repr` of the value widened
//! to f64 (the reference style) and the shortest float32 digits in the same layout (the
//! compact style).
//!
//! BentoML's bytes are `json.dumps(arr.tolist())`: `tolist()` widens each float32 to a Python
//! float (an f64), and `repr` prints the shortest decimal that reads back as that **f64**
//! (float32 `0.1` prints `0.10000000149011612`), the closest to the value among the shortest,
//! ties to an even last digit (David Gay's `dtoa`, mode 0). A general shortest-digit algorithm
//! (zmij, ryu) handles any f64 with 128-bit approximations of powers of ten; a widened float32
//! is special enough for exact integer arithmetic with one table entry per binade:
//!
//! - `v = m·2^e2` with `2^23 <= m < 2^24`. With `E = floor(log10 v)` and `q = 16 - E`, the
//!   value scaled to 17 integer digits is `s = v·10^q = m·5^q·2^(q+e2)`. For `-11 <= E <= 16`
//!   the table holds `C = 5^q·2^(64+q+e2)` exactly (below `2^104`), so `m·C = s·2^64`
//!   exactly: the integer part of `s` and its fraction as 64 bits, from two multiplications.
//! - The f64 mantissa of a widened float32 is `m·2^29`: half an f64 ulp is `2^(e2-30)`, or
//!   `D = C/2^30` on the same scale (exact too). The mantissa is even, so both ends of the
//!   rounding interval `[s - D, s + D]` read back as `v` (round half to even): the interval
//!   is closed. At a power of two the next f64 down is half as far (lower end `s - D/2`).
//! - `s >= 10^16` makes `D` at least ~0.55 units of the 17th digit, so the nearest 17-digit
//!   integer is always inside; a 16-digit answer is a multiple of 10 inside, and so on. The
//!   interval is at most ~22 units wide: at most three multiples of 10 (the nearest one wins)
//!   and at most one multiple of 100, 1000, ….
//!
//! The hot path ([`shortest_common`]) picks between the 17- and the 16-digit answer without a
//! branch (which one applies is as good as random) and leaves powers of two and answers of 15
//! digits or fewer to [`shortest_general`]. Everything outside the table (zero, subnormals,
//! `|v| < 1e-11`, `|v| >= 2^54`, NaN and the infinities) goes through
//! [`number::write_py_float`]. A test compares this writer with that one on every positive
//! float32 bit pattern in a release build (`cargo test --release --lib json::repr32`, about a
//! minute on two cores; `.ci/run` runs it) and on a strided sample in a debug build; the unit
//! tests hold CPython's own text for ties and other edge cases.
//!
//! The compact style uses the same arithmetic on a 9-digit scale with the float32's own
//! rounding interval ([`shortest9`]), checked the same way against `number::write_shortest_f32`.
//!
//! Digits go out four at a time from a 40 kB table (`DIGITS4`): measured against SWAR digit
//! conversion, it cuts the row writer from ~175 to ~154 instructions per value and runs ~20%
//! faster on W1. Measured on W1 (784 000 float32 in [0, 1), `examples/throughput`): about
//! twice the elements per second of the zmij-based writer this replaces.

use crate::error::{Error, Result};
use crate::number;

use super::encode::NonFinite;
use crate::number::POW10_U64;

/// Bytes of the staging buffer a value's writer may touch: the longest text (`-0.00012345678901234567`,
/// 23 bytes) plus the separator, and the fixed-size stores of the `ddd.ddd` layout reach up to
/// 35 bytes past the start.
pub(super) const SLOT: usize = 40;

/// Bytes one value plus its `", "` separator can take (23 + 2).
const MAX_TEXT: usize = 25;

/// Values per staging chunk (see [`RowScratch`]).
const CHUNK: usize = 128;

/// The fixed-point scale for one decimal exponent of one binade: with `C = c_hi·2^64 + c_lo`,
/// `m·C = s·2^64` exactly (`s = v·10^(16-e10)`, 17 integer digits); `D = d_hi·2^64 + d_lo`
/// is half an f64 ulp of `v` on the same scale.
#[derive(Clone, Copy)]
struct Scale {
    c_lo: u64,
    c_hi: u64,
    d_lo: u64,
    d_hi: u64,
    e10: i32,
}

/// What a float32 binade (one biased exponent) needs: the scale of its lowest decimal exponent,
/// the mantissa from which values reach the next power of ten, and that next scale.
#[derive(Clone, Copy)]
struct Binade {
    /// The smallest mantissa `m` (`2^23 <= m < 2^24`) with `m·2^e2 >= 10^(E+1)`, or `2^24`.
    thr: u32,
    /// The whole binade lies in `1e-11 <= v < 1e16` and its scales are exact.
    ok: bool,
    /// `[below thr, from thr]`.
    scale: [Scale; 2],
}

const NO_SCALE: Scale = Scale {
    c_lo: 0,
    c_hi: 0,
    d_lo: 0,
    d_hi: 0,
    e10: 0,
};

const NO_BINADE: Binade = Binade {
    thr: 0,
    ok: false,
    scale: [NO_SCALE; 2],
};

/// `10^e <= 2^k` exactly, for the exponent ranges the table needs (`|e| <= 17`, `|k| <= 127`).
const fn pow10_le_pow2(e: i32, k: i32) -> bool {
    match (e >= 0, k >= 0) {
        (true, true) => 10u128.pow(e as u32) <= 1u128 << k,
        (true, false) => false,
        (false, true) => true,
        (false, false) => 1u128 << (-k) <= 10u128.pow((-e) as u32),
    }
}

/// The scale for decimal exponent `e10` in the binade of `m·2^e2`, for `top + 1` integer
/// digits: `q = top - e10` and `s = m·5^q·2^(q+e2)`, so `C = 5^q·2^(64+q+e2)`; the half-ulp
/// `D = C / 2^half` (`half` = 30 for the f64 mantissa `m·2^29`, whose half ulp is `2^(e2-30)`;
/// 1 for the float32 itself, `2^(e2-1)`). `None` unless `C`, `D` and `D/2` are exact and
/// `m·C < 2^128`.
const fn scale(top: i32, half: i32, e10: i32, e2: i32) -> Option<Scale> {
    let q = top - e10;
    if q < 0 || q > 27 {
        return None;
    }
    let p5 = 5u128.pow(q as u32);
    let sh = 64 + q + e2;
    if sh <= half || sh > 127 {
        return None;
    }
    // m < 2^24 and m·C < 2^128.
    let c = match p5.checked_mul(1u128 << sh) {
        Some(c) if c < 1u128 << 104 => c,
        _ => return None,
    };
    let d = c >> half;
    Some(Scale {
        c_lo: c as u64,
        c_hi: (c >> 64) as u64,
        d_lo: d as u64,
        d_hi: (d >> 64) as u64,
        e10,
    })
}

/// The table entry for biased exponent `be`, scaled to `top + 1` digits with the half-ulp
/// shift `half` (see [`scale`]): binades inside `10^(top-27) <= v < 10^top` (`q <= 27`).
const fn binade(be: u32, top: i32, half: i32) -> Binade {
    if be == 0 || be >= 255 {
        return NO_BINADE;
    }
    // The binade is [2^k, 2^(k+1)) and holds m·2^e2 for 2^23 <= m < 2^24.
    let k = be as i32 - 127;
    let e2 = k - 23;
    let lowest = top - 27;
    if !pow10_le_pow2(lowest, k) || pow10_le_pow2(top, k) {
        return NO_BINADE;
    }
    let mut e = lowest;
    while pow10_le_pow2(e + 1, k) {
        e += 1;
    }
    let p = e + 1;
    // Smallest m with m·2^e2 >= 10^p.
    let thr: u128 = if p >= 0 && e2 >= 0 {
        10u128.pow(p as u32).div_ceil(1u128 << e2)
    } else if p >= 0 {
        10u128.pow(p as u32) << (-e2)
    } else {
        // p < 0 implies e2 < 0 (the binade starts below 1).
        (1u128 << (-e2)).div_ceil(10u128.pow((-p) as u32))
    };
    let thr = if thr > 1 << 24 { 1 << 24 } else { thr as u32 };
    let upper = if thr < 1 << 24 {
        // Part of the binade reaches 10^p.
        scale(top, half, p, e2)
    } else {
        Some(NO_SCALE)
    };
    match (scale(top, half, e, e2), upper) {
        (Some(lo), Some(hi)) => Binade {
            thr,
            ok: true,
            scale: [lo, hi],
        },
        _ => NO_BINADE,
    }
}

/// 17-digit scales and the f64 half-ulp (Python's repr of the widened value).
static BINADES: [Binade; 256] = binades(16, 30);

/// 9-digit scales and the float32 half-ulp (the shortest float32 digits).
static BINADES9: [Binade; 256] = binades(8, 1);

const fn binades(top: i32, half: i32) -> [Binade; 256] {
    let mut t = [NO_BINADE; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = binade(i as u32, top, half);
        i += 1;
    }
    t
}

/// `"0000"` … `"9999"` as little-endian `u32`s: four digits per table read.
///
/// The table has 2^14 entries so that an index masked to 14 bits needs no bounds check; the
/// entries past 9999 are never read (indices are below 10^4), so they never reach the cache.
static DIGITS4: [u32; 1 << 14] = {
    let mut t = [0u32; 1 << 14];
    let mut i = 0;
    while i < 10_000 {
        let d = [
            (i / 1000) as u8,
            (i / 100 % 10) as u8,
            (i / 10 % 10) as u8,
            (i % 10) as u8,
        ];
        t[i] = u32::from_le_bytes([b'0' + d[0], b'0' + d[1], b'0' + d[2], b'0' + d[3]]);
        i += 1;
    }
    t
};

/// Eight decimal digits of `x < 10^8`, most significant first, as the little-endian bytes of
/// the result.
#[inline(always)]
fn eight_digits(x: u32) -> u64 {
    let hi = x / 10_000;
    let lo = x - hi * 10_000;
    let h = DIGITS4[hi as usize & 0x3FFF];
    let l = DIGITS4[lo as usize & 0x3FFF];
    u64::from(h) | (u64::from(l) << 32)
}

#[inline(always)]
fn put8(slot: &mut [u8; SLOT], at: usize, w: u64) {
    if let Some(dst) = slot.get_mut(at..at + 8) {
        dst.copy_from_slice(&w.to_le_bytes());
    }
}

/// The shortest digits of a positive widened float32 in `1e-11 <= v < 2^54` (see [`Short`]).
///
/// This is the hot path: the usual answers, 17 or 16 digits, away from a power of two.
/// `None` for everything else, which [`shortest_general`] covers.
#[inline(always)]
fn shortest_common(abs_bits: u32) -> Option<Short> {
    let be = abs_bits >> 23;
    let frac = abs_bits & 0x7F_FFFF;
    let bin = BINADES.get(be as usize)?;
    if !bin.ok || frac == 0 {
        return None;
    }
    let m = frac | 0x80_0000;
    let sc = &bin.scale[usize::from(m >= bin.thr)];
    let (s, d) = scaled(m, sc);
    // The integers inside the closed interval [s - d, s + d], in units of the 17th digit.
    let lo = s - d;
    let hi = s + d;
    let a = (lo >> 64) as u64 + u64::from(lo as u64 != 0);
    let b = (hi >> 64) as u64;
    if (b / 100) * 100 >= a {
        // A multiple of 100 inside: 15 digits or fewer.
        return None;
    }
    let has16 = (b / 10) * 10 >= a;
    let s_int = (s >> 64) as u64;
    let rem = s as u64;
    // The leading nine digits of the answer are those of s unless rounding carries into
    // them (rare; checked below). Splitting s here, not the answer, lets the digit
    // conversion of the leading part run while the answer is being picked.
    let top9 = (s_int / 100_000_000) as u32;
    // The 17- and the 16-digit answer are both computed and one is picked without a branch:
    // which one applies is as good as random on real data (`|` and `&` on bools, not `||`
    // and `&&`, for the same reason).
    // 17 digits: the nearest integer, ties to even.
    let half = 1u64 << 63;
    let d17 = s_int + u64::from((rem > half) | ((rem == half) & (s_int & 1 == 1)));
    // 16 digits: the multiple of 10 nearest to s, ties to even. The interval is symmetric
    // here, so when it holds a multiple of 10 it holds the nearest one.
    let t = s_int + 5;
    let q10 = t / 10;
    let tie = (rem == 0) & (t == q10 * 10) & (q10 & 1 == 1);
    let c16 = (q10 - u64::from(tie)) * 10;
    let digits = std::hint::select_unpredictable(has16, c16, d17);
    let low8 = digits - u64::from(top9) * 100_000_000;
    if low8 >= 100_000_000 {
        return Some(Short::new(digits, 17 - usize::from(has16), sc.e10));
    }
    Some(Short {
        top9,
        low8: low8 as u32,
        n: 17 - usize::from(has16),
        e10: sc.e10,
    })
}

/// A shortest-digit answer: the `n` significant digits left-aligned in the 17-digit integer
/// `top9·10^8 + low8`, and the decimal exponent `e10` of the first one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Short {
    top9: u32,
    low8: u32,
    n: usize,
    e10: i32,
}

impl Short {
    fn new(digits: u64, n: usize, e10: i32) -> Self {
        let top9 = (digits / 100_000_000) as u32;
        Self {
            top9,
            low8: (digits - u64::from(top9) * 100_000_000) as u32,
            n,
            e10,
        }
    }
}

/// `(s·2^64, half an f64 ulp·2^64)` for the mantissa `m` on the scale `sc`, exactly.
#[inline(always)]
fn scaled(m: u32, sc: &Scale) -> (u128, u128) {
    let s = u128::from(m) * u128::from(sc.c_lo) + ((u128::from(m) * u128::from(sc.c_hi)) << 64);
    let d = (u128::from(sc.d_hi) << 64) | u128::from(sc.d_lo);
    (s, d)
}

/// [`shortest_common`] for every value of the fast range: the lower half-gap at a power of two, and
/// any number of digits.
#[cold]
#[inline(never)]
fn shortest_general(abs_bits: u32) -> Option<Short> {
    let be = abs_bits >> 23;
    let bin = BINADES.get(be as usize)?;
    if !bin.ok {
        return None;
    }
    let m = (abs_bits & 0x7F_FFFF) | 0x80_0000;
    let sc = &bin.scale[usize::from(m >= bin.thr)];
    let (s, dh) = scaled(m, sc);
    // At a power of two the next f64 down is half as far.
    let dl = if m == 0x80_0000 { dh >> 1 } else { dh };
    let lo = s - dl;
    let hi = s + dh;
    // The integers inside the closed interval, in units of the 17th digit: [a, b].
    let a = (lo >> 64) as u64 + u64::from(lo as u64 != 0);
    let b = (hi >> 64) as u64;
    let s_int = (s >> 64) as u64;
    let rem = s as u64;
    let e10 = sc.e10;
    let (a1, b1) = (a.div_ceil(10), b / 10);
    if a1 > b1 {
        // No multiple of 10 inside: 17 digits, the nearest integer (ties to even).
        let half = 1u64 << 63;
        let up = rem > half || (rem == half && s_int & 1 == 1);
        return Some(Short::new(s_int + u64::from(up), 17, e10));
    }
    let (a2, b2) = (a1.div_ceil(10), b1 / 10);
    if a2 > b2 {
        // 16 digits: the multiple of 10 nearest to s (ties to even), moved inside if the
        // interval is lopsided.
        let q10 = s_int / 10;
        let r = s_int - q10 * 10;
        let up = r > 5 || (r == 5 && (rem != 0 || q10 & 1 == 1));
        let c = (q10 + u64::from(up)).clamp(a1, b1);
        return Some(Short::new(c * 10, 16, e10));
    }
    // 15 digits or fewer: the interval (less than 100 units wide) holds one multiple of 10^j
    // for the largest j that has one.
    let (mut aj, mut bj, mut j) = (a2, b2, 2usize);
    // aj >= 1 and bj shrinks to 0, so this ends (j <= 17 since b < 10^18).
    loop {
        let an = aj.div_ceil(10);
        let bn = bj / 10;
        if an > bn {
            break;
        }
        (aj, bj, j) = (an, bn, j + 1);
    }
    let digits = aj * POW10_U64[j.min(17)];
    if digits >= POW10_U64[17] {
        // Rounded up to the next power of ten: one digit, one decade up.
        return Some(Short::new(digits / 10, 1, e10 + 1));
    }
    Some(Short::new(digits, 17 - j.min(17), e10))
}

/// The shortest digits of a positive float32 at its own precision (the compact style), for
/// `1e-19 <= v < 1e8` (see [`Short`]; at most 9 digits, left-aligned in `top9`).
///
/// The same fixed-point arithmetic as [`shortest_common`] on the 9-digit scale, with the
/// float32's own rounding interval: half a float32 ulp each side (a quarter below a power of
/// two), closed when the mantissa is even (round half to even reads the ends back as `v`),
/// open when it is odd. The interval is 6 to 120 units of the 9th digit wide, so the digit
/// count varies; the shortest answer is the one inside with the most trailing zeros, the
/// nearest to `v` among those (ties to even).
#[inline(always)]
fn shortest9(abs_bits: u32) -> Option<Short> {
    let be = abs_bits >> 23;
    let frac = abs_bits & 0x7F_FFFF;
    let bin = BINADES9.get(be as usize)?;
    if !bin.ok {
        return None;
    }
    let m = frac | 0x80_0000;
    let sc = &bin.scale[usize::from(m >= bin.thr)];
    let (s, dh) = scaled(m, sc);
    let dl = if frac == 0 { dh >> 1 } else { dh };
    let lo = s - dl;
    let hi = s + dh;
    let open = m & 1 == 1;
    // The integers inside the interval, in units of the 9th digit: [a, b].
    let a = (lo >> 64) as u64 + u64::from((lo as u64 != 0) | open);
    let b = (hi >> 64) as u64 - u64::from((hi as u64 == 0) & open);
    let s_int = (s >> 64) as u64;
    let rem = s as u64;
    // The most trailing zeros j an integer in [a, b] has (s itself is inside, so j >= 0).
    // `qj = s_int / 10^j` alongside (constant divisions, not one by a variable).
    let (mut aj, mut bj, mut qj, mut j) = (a, b, s_int, 0usize);
    loop {
        let an = aj.div_ceil(10);
        let bn = bj / 10;
        if an > bn || j == 9 {
            break;
        }
        (aj, bj, qj, j) = (an, bn, qj / 10, j + 1);
    }
    // The multiple of 10^j nearest to s, ties to even, kept inside.
    let p = POW10_U64[j];
    let r = s_int - qj * p;
    let half = p / 2;
    let up = if j == 0 {
        (rem > 1 << 63) | ((rem == 1 << 63) & (qj & 1 == 1))
    } else {
        (r > half) | ((r == half) & ((rem != 0) | (qj & 1 == 1)))
    };
    let k = (qj + u64::from(up)).clamp(aj, bj);
    let digits = k * p;
    let (digits, n, e10) = if digits >= POW10_U64[9] {
        // Rounded up to the next power of ten: one digit, one decade up.
        (digits / 10, 1, sc.e10 + 1)
    } else {
        (digits, 9 - j, sc.e10)
    };
    let top9 = u32::try_from(digits).ok()?;
    Some(Short {
        top9,
        low8: 0,
        n,
        e10,
    })
}

/// Write the text of the float32 `abs_bits` (sign `neg`) at the start of `slot`: Python's
/// repr of the widened value, or with `COMPACT` the shortest float32 digits in the same
/// layout; returns its length, or `None` when the value is not in the fast range.
#[inline(always)]
fn write_fast<const COMPACT: bool>(
    slot: &mut [u8; SLOT],
    abs_bits: u32,
    neg: bool,
) -> Option<usize> {
    if COMPACT {
        return Some(format(slot, shortest9(abs_bits)?, neg));
    }
    match shortest_common(abs_bits) {
        Some(short) => Some(format(slot, short, neg)),
        None => write_uncommon(slot, abs_bits, neg),
    }
}

/// [`write_fast`] off the hot path (its own copy of the formatting, so the hot path keeps its
/// values in registers).
#[cold]
#[inline(never)]
fn write_uncommon(slot: &mut [u8; SLOT], abs_bits: u32, neg: bool) -> Option<usize> {
    Some(format(slot, shortest_general(abs_bits)?, neg))
}

/// Python's layout of `short` (sign `neg`) at the start of `slot`; returns the length.
#[inline(always)]
fn format(slot: &mut [u8; SLOT], short: Short, neg: bool) -> usize {
    let Short {
        top9,
        low8: lo,
        n,
        e10,
    } = short;
    let d1 = top9 / 100_000_000;
    let hi = top9 - d1 * 100_000_000;
    let w1 = eight_digits(hi);
    let w2 = eight_digits(lo);
    let lead = b'0' + d1 as u8;
    slot[0] = b'-';
    let p0 = usize::from(neg);
    if (-4..=-1).contains(&e10) {
        // 0.000ddd: at most three zeros after the point.
        put8(slot, p0, u64::from_le_bytes(*b"0.000000"));
        let p = p0 + 1 + (-e10) as usize;
        if let Some(c) = slot.get_mut(p) {
            *c = lead;
        }
        put8(slot, p + 1, w1);
        put8(slot, p + 9, w2);
        p + n
    } else if (0..=15).contains(&e10) {
        // ddd.ddd or ddd.0: the point after `d` = E + 1 digits.
        let mut t = [b'0'; 40];
        t[0] = lead;
        if let Some(dst) = t.get_mut(1..17) {
            dst[..8].copy_from_slice(&w1.to_le_bytes());
            dst[8..].copy_from_slice(&w2.to_le_bytes());
        }
        let d = (e10 + 1) as usize;
        if let (Some(dst), Some(src)) = (slot.get_mut(p0..p0 + 16), t.get(..16)) {
            dst.copy_from_slice(src);
        }
        if let Some(c) = slot.get_mut(p0 + d) {
            *c = b'.';
        }
        if let (Some(dst), Some(src)) = (slot.get_mut(p0 + d + 1..p0 + d + 17), t.get(d..d + 16)) {
            dst.copy_from_slice(src);
        }
        p0 + d + 1 + n.saturating_sub(d).max(1)
    } else {
        // d.ddde-XX / d.ddde+XX (float32 exponents have two digits).
        slot[p0] = lead;
        slot[p0 + 1] = b'.';
        put8(slot, p0 + 2, w1);
        put8(slot, p0 + 10, w2);
        let k = if n > 1 { p0 + 1 + n } else { p0 + 1 };
        let x = e10.unsigned_abs() as u8;
        if let Some(dst) = slot.get_mut(k..k + 4) {
            dst.copy_from_slice(&[
                b'e',
                if e10 < 0 { b'-' } else { b'+' },
                b'0' + x / 10,
                b'0' + x % 10,
            ]);
        }
        k + 4
    }
}

/// Any float32 value: the fast writer, or the general one (zero, subnormals, far exponents,
/// and NaN / infinities under `policy`). Returns the text's length.
#[inline(always)]
fn write_value<const COMPACT: bool>(
    slot: &mut [u8; SLOT],
    v: f32,
    policy: NonFinite,
    scratch: &mut Vec<u8>,
) -> Result<usize> {
    let bits = v.to_bits();
    match write_fast::<COMPACT>(slot, bits & 0x7FFF_FFFF, bits >> 31 != 0) {
        Some(n) => Ok(n),
        None => write_general::<COMPACT>(slot, v, policy, scratch),
    }
}

#[cold]
#[inline(never)]
fn write_general<const COMPACT: bool>(
    slot: &mut [u8; SLOT],
    v: f32,
    policy: NonFinite,
    scratch: &mut Vec<u8>,
) -> Result<usize> {
    scratch.clear();
    super::encode::float(scratch, v.is_finite(), v.is_nan(), policy, |o| {
        if COMPACT {
            number::write_shortest_f32(o, v)
        } else {
            number::write_py_float(o, f64::from(v))
        }
    })?;
    let n = scratch.len();
    match slot.get_mut(..n) {
        Some(dst) if n + 2 <= MAX_TEXT => {
            dst.copy_from_slice(scratch);
            Ok(n)
        }
        _ => Err(Error::internal("float text longer than its slot")),
    }
}

/// Bytes of the staging buffer: a chunk of values at their longest, and the last slot.
const BUF: usize = CHUNK * MAX_TEXT + SLOT;

/// Reusable buffers for [`write_row`]: the chunk staging area (values are written into
/// fixed-size slots there, so every store has a bound the compiler can see, then appended to
/// the output in one copy) and the general writer's text. The staging area lives wherever
/// the scratch does (the encoder's stack frame): a one-request array does not pay for a heap
/// buffer.
pub(super) struct RowScratch {
    buf: [u8; BUF],
    text: Vec<u8>,
}

impl RowScratch {
    pub(super) fn new() -> Self {
        Self {
            buf: [0; BUF],
            text: Vec::new(),
        }
    }
}

/// Append one row of float32 values, no brackets: in the reference style (`COMPACT` false)
/// Python's repr of each widened value with `", "` between them, in the compact style the
/// shortest float32 digits with `","`.
pub(super) fn write_row<const COMPACT: bool>(
    out: &mut Vec<u8>,
    row: &[f32],
    policy: NonFinite,
    scratch: &mut RowScratch,
) -> Result<()> {
    let sep: &[u8] = if COMPACT { b"," } else { b", " };
    let RowScratch { buf, text } = scratch;
    for chunk in row.chunks(CHUNK) {
        let mut pos = 0usize;
        for &v in chunk {
            // `pos <= (CHUNK - 1)·MAX_TEXT` here; the `min` only tells the compiler.
            let at = pos.min(BUF - SLOT);
            let Some(slot) = buf.get_mut(at..).and_then(|b| b.first_chunk_mut::<SLOT>()) else {
                return Err(Error::internal("JSON output slot out of range"));
            };
            let n = write_value::<COMPACT>(slot, v, policy, text)?.min(MAX_TEXT - 2);
            // Both bytes are written in either style (a two-byte store); the compact
            // separator is one byte, and the next value overwrites the space.
            slot[n] = b',';
            slot[n + 1] = b' ';
            pos = at + n + sep.len();
        }
        out.try_reserve(pos).map_err(|_| super::encode::too_big())?;
        out.extend_from_slice(buf.get(..pos).unwrap_or(&[]));
    }
    if !row.is_empty() {
        // The last value's separator.
        out.truncate(out.len().saturating_sub(sep.len()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast_text(v: f32) -> Option<String> {
        let mut slot = [0u8; SLOT];
        let bits = v.to_bits();
        let n = write_fast::<false>(&mut slot, bits & 0x7FFF_FFFF, bits >> 31 != 0)?;
        Some(String::from_utf8(slot[..n].to_vec()).unwrap())
    }

    fn general_text(v: f32) -> String {
        let mut out = Vec::new();
        number::write_py_float(&mut out, f64::from(v));
        String::from_utf8(out).unwrap()
    }

    fn row_text(row: &[f32], policy: NonFinite) -> Result<String> {
        let mut out = b"[".to_vec();
        write_row::<false>(&mut out, row, policy, &mut RowScratch::new())?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn eight_digits_all_positions() {
        for x in [
            0u32, 1, 9, 10, 12_345_678, 99_999_999, 10_000_000, 40_302_010, 7,
        ] {
            let want = format!("{x:08}");
            assert_eq!(eight_digits(x).to_le_bytes(), want.as_bytes(), "{x}");
        }
    }

    #[test]
    fn python_reprs() {
        // Texts from CPython: repr(float(numpy.float32(x))).
        let cases: &[(f32, &str)] = &[
            (0.1, "0.10000000149011612"),
            (-0.1, "-0.10000000149011612"),
            (0.5, "0.5"),
            (1.0, "1.0"),
            (0.6369617, "0.6369616985321045"),
            (5.1, "5.099999904632568"),
            (1e-4, "9.999999747378752e-05"),
            (1e-5, "9.999999747378752e-06"),
            (0.001, "0.0010000000474974513"),
            (16_777_216.0, "16777216.0"),
            (1e10, "10000000000.0"),
            (3.0e-11, "2.999999901276418e-11"),
            (123.456, "123.45600128173828"),
            // s = 51200006103515625 exactly: two 16-digit candidates, the even one wins.
            (512.00006, "512.0000610351562"),
            (1024.0001, "1024.0001220703125"),
        ];
        for &(v, want) in cases {
            assert_eq!(fast_text(v).as_deref(), Some(want), "{v:e}");
            assert_eq!(general_text(v), want, "{v:e}");
        }
    }

    #[test]
    fn ties_go_to_the_even_digit() {
        // Values exactly halfway between two shortest candidates (m·2^-14 with m odd, and
        // 17-digit halves), with CPython's repr of each.
        let cases: &[(u32, &str)] = &[
            (0x442265b1, "649.5889282226562"),
            (0x441027c5, "576.6213989257812"),
            (0x44414c35, "773.1907348632812"),
            (0x441e2feb, "632.7487182617188"),
            (0x447e0751, "1016.1143188476562"),
            (0x439cf3d1, "313.9048156738281"),
        ];
        for &(bits, want) in cases {
            let v = f32::from_bits(bits);
            assert_eq!(fast_text(v).as_deref(), Some(want), "{bits:#x}");
            assert_eq!(fast_text(-v), Some(format!("-{want}")), "{bits:#x}");
        }
    }

    #[test]
    fn outside_the_range_is_left_to_the_general_writer() {
        for v in [
            0.0f32,
            -0.0,
            1e-12,
            2e16,
            3.4e38,
            f32::MIN_POSITIVE / 2.0,
            f32::NAN,
        ] {
            assert_eq!(fast_text(v), None, "{v:e}");
        }
    }

    #[test]
    fn rows_and_policies() {
        assert_eq!(
            row_text(
                &[0.0, -0.0, 1.5, f32::NAN, f32::INFINITY, -1e20],
                NonFinite::Tokens
            )
            .unwrap(),
            "[0.0, -0.0, 1.5, NaN, Infinity, -1.0000000200408773e+20"
        );
        assert_eq!(row_text(&[], NonFinite::Tokens).unwrap(), "[");
        assert_eq!(
            row_text(&[f32::NEG_INFINITY, 2.0], NonFinite::Null).unwrap(),
            "[null, 2.0"
        );
        assert!(row_text(&[1.0, f32::NAN], NonFinite::Error).is_err());
        // Short rows and long ones across chunk ends: every value and separator in place.
        for len in (0..40).chain([127, 128, 129, 300]) {
            let row: Vec<f32> = (0..len).map(|i| i as f32 * 0.37 - 50.0).collect();
            let want: Vec<String> = row.iter().map(|&v| general_text(v)).collect();
            assert_eq!(
                row_text(&row, NonFinite::Tokens).unwrap(),
                format!("[{}", want.join(", ")),
                "{len} values"
            );
        }
    }

    /// Every `step`-th bit pattern in `range`, against the general writer of the style, split
    /// across the machine's threads.
    fn sweep<const COMPACT: bool>(range: std::ops::RangeInclusive<u32>, step: usize) {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
        let (lo, hi) = (u64::from(*range.start()), u64::from(*range.end()) + 1);
        let per = (hi - lo).div_ceil(threads);
        std::thread::scope(|scope| {
            for t in 0..threads {
                let from = lo + t * per;
                let to = (from + per).min(hi);
                scope.spawn(move || {
                    let mut slot = [0u8; SLOT];
                    let mut general = Vec::new();
                    for bits in (from..to).step_by(step) {
                        let bits = bits as u32;
                        let v = f32::from_bits(bits);
                        let Some(n) =
                            write_fast::<false>(&mut slot, bits & 0x7FFF_FFFF, bits >> 31 != 0)
                        else {
                            continue;
                        };
                        general.clear();
                        number::write_py_float(&mut general, f64::from(v));
                        assert_eq!(
                            &slot[..n],
                            &general[..],
                            "bits {bits:#010x} ({v:e}): {} vs {}",
                            String::from_utf8_lossy(&slot[..n]),
                            String::from_utf8_lossy(&general)
                        );
                    }
                });
            }
        });
    }

    /// Against the general writer: in a release build every positive float32 bit pattern and
    /// every 257th negative one (about a minute on two cores for both styles; `.ci/run` runs
    /// it), in a debug build every 4099th pattern.
    fn sweep_style<const COMPACT: bool>() {
        if cfg!(debug_assertions) {
            sweep::<COMPACT>(0..=u32::MAX, 4099);
        } else {
            sweep::<COMPACT>(0..=0x7FFF_FFFF, 1);
            sweep::<COMPACT>(0x8000_0000..=u32::MAX, 257);
        }
    }

    #[test]
    fn sweep_matches_the_general_writer() {
        sweep_style::<false>();
    }

    /// The compact style's shortest float32 digits, the same way.
    #[test]
    fn compact_sweep_matches_the_general_writer() {
        sweep_style::<true>();
    }

    #[test]
    fn compact_texts() {
        let text = |v: f32| {
            let mut slot = [0u8; SLOT];
            let bits = v.to_bits();
            let n = write_fast::<true>(&mut slot, bits & 0x7FFF_FFFF, bits >> 31 != 0)?;
            Some(String::from_utf8(slot[..n].to_vec()).unwrap())
        };
        let cases: &[(f32, &str)] = &[
            (0.1, "0.1"),
            (-0.1, "-0.1"),
            (0.6369617, "0.6369617"),
            (1.0, "1.0"),
            (0.5, "0.5"),
            (1e-4, "0.0001"),
            (1e-5, "1e-05"),
            (16_777_216.0, "16777216.0"),
            (3.0e-11, "3e-11"),
            (123.456, "123.456"),
            (f32::MIN_POSITIVE * 1e20, "1.1754944e-18"),
        ];
        for &(v, want) in cases {
            assert_eq!(text(v).as_deref(), Some(want), "{v:e}");
            let mut general = Vec::new();
            number::write_shortest_f32(&mut general, v);
            assert_eq!(general, want.as_bytes(), "{v:e}");
        }
        // Outside the table: the general writer.
        for v in [0.0f32, 1e9, 3.4e38, 1e-20, f32::NAN] {
            assert_eq!(text(v), None, "{v:e}");
        }
        let mut out = b"[".to_vec();
        write_row::<true>(
            &mut out,
            &[0.1, -2.5, 1e9, f32::INFINITY],
            NonFinite::Tokens,
            &mut RowScratch::new(),
        )
        .unwrap();
        assert_eq!(out, b"[0.1,-2.5,1000000000.0,Infinity");
    }
}
