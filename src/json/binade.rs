//! Exact fixed-point scales, one table entry per binade, for the float writers
//! ([`repr32`](super::repr32), [`repr64`](super::repr64)).
//!
//! A finite positive binary float is `v = m·2^e2` with `2^p <= m < 2^(p+1)` (`p` explicit
//! mantissa bits: 23 for float32, 52 for float64). Scaled by a power of ten `10^q` it is
//! `s = m·5^q·2^(q+e2)`, and where `C = 5^q·2^(64+q+e2)` is an integer (`q >= 0`,
//! `64+q+e2 >= 0`) and `m·C < 2^128`, `m·C = s·2^64` exactly: the integer part of `s` and its
//! fraction as 64 bits, from two multiplications. Half an ulp is a fixed fraction of `C` on the
//! same scale, exact too. Two kinds of table use this:
//!
//! - [`Unit`]s ([`units`]): `10^-q` is the largest power of ten not above one ulp, so one ulp
//!   spans 1 to 10 units and the rounding interval holds at most one multiple of 10 — the hot
//!   paths' scale, one per binade.
//! - [`Binade`]s ([`table`]): `s` has a fixed number of integer digits (`top + 1`), the scale
//!   of a digit search that handles any interval (the lopsided one below a power of two) and
//!   any digit count. A binade `[2^k, 2^(k+1))` crosses at most one power of ten, so it needs
//!   at most two scales: the one of its lowest decimal exponent and, from the mantissa `thr`
//!   on, the next one.

/// The fixed-point scale for one decimal exponent of one binade: with `C = c_hi·2^64 + c_lo`,
/// `m·C = s·2^64` exactly (`s = v·10^(top-e10)`); `D = d_hi·2^64 + d_lo` is half an ulp of
/// `v` on the same scale.
#[derive(Clone, Copy)]
pub(super) struct Scale {
    pub(super) c_lo: u64,
    pub(super) c_hi: u64,
    pub(super) d_lo: u64,
    pub(super) d_hi: u64,
    /// The decimal exponent of the leading digit of `s`.
    pub(super) e10: i32,
}

/// What a binade (one biased exponent) needs: the scale of its lowest decimal exponent, the
/// mantissa from which values reach the next power of ten, and that next scale.
#[derive(Clone, Copy)]
pub(super) struct Binade {
    /// The smallest mantissa `m` with `m·2^e2 >= 10^(E+1)`, or `2^(p+1)` when the binade stays
    /// below the next power of ten.
    pub(super) thr: u64,
    /// The binade starts in `10^(top-27) <= 2^k < 10^top` and its scales are exact (see
    /// [`binade`]).
    pub(super) ok: bool,
    /// `[below thr, from thr]`.
    pub(super) scale: [Scale; 2],
}

const NO_SCALE: Scale = Scale {
    c_lo: 0,
    c_hi: 0,
    d_lo: 0,
    d_hi: 0,
    e10: 0,
};

pub(super) const NO_BINADE: Binade = Binade {
    thr: 0,
    ok: false,
    scale: [NO_SCALE; 2],
};

/// A binary interchange format, as far as the tables need it.
#[derive(Clone, Copy)]
pub(super) struct Format {
    /// The exponent bias (127, 1023).
    pub(super) bias: i32,
    /// Explicit mantissa bits `p` (23, 52).
    pub(super) mant: i32,
}

pub(super) const F32: Format = Format {
    bias: 127,
    mant: 23,
};

pub(super) const F64: Format = Format {
    bias: 1023,
    mant: 52,
};

/// `10^e <= 2^k` exactly, for the exponent ranges the tables need (`|e| <= 17`, `|k| <= 127`).
const fn pow10_le_pow2(e: i32, k: i32) -> bool {
    match (e >= 0, k >= 0) {
        (true, true) => 10u128.pow(e as u32) <= 1u128 << k,
        (true, false) => false,
        (false, true) => true,
        (false, false) => 1u128 << (-k) <= 10u128.pow((-e) as u32),
    }
}

/// The scale for decimal exponent `e10` in the binade of `m·2^e2` (format `f`), for `top + 1`
/// integer digits: `q = top - e10` and `s = m·5^q·2^(q+e2)`, so `C = 5^q·2^(64+q+e2)`; the
/// half-ulp `D = C / 2^half` (`half` = 1 for the format's own ulp, `2^(e2-1)`; 30 for the f64
/// ulp of a widened float32, `m·2^29` with half an ulp `2^(e2-30)`). `None` unless `C`, `D`
/// and `D/2` are exact and `m·C < 2^128` for every mantissa of the format.
const fn scale(f: Format, top: i32, half: i32, e10: i32, e2: i32) -> Option<Scale> {
    let q = top - e10;
    if q < 0 || q > 27 {
        return None;
    }
    let p5 = 5u128.pow(q as u32);
    let sh = 64 + q + e2;
    if sh <= half || sh > 127 {
        return None;
    }
    // m < 2^(mant+1) and m·C < 2^128.
    let c = match p5.checked_mul(1u128 << sh) {
        Some(c) if c < 1u128 << (127 - f.mant) => c,
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

/// The table entry for biased exponent `be` of format `f`, scaled to `top + 1` digits with the
/// half-ulp shift `half` (see [`scale`]): binades starting inside `10^(top-27) <= 2^k < 10^top`
/// (`q <= 27`) whose scales are exact.
const fn binade(f: Format, be: i32, top: i32, half: i32) -> Binade {
    // Zero and subnormals have no hidden bit; all ones are NaN and the infinities.
    if be <= 0 || be > 2 * f.bias {
        return NO_BINADE;
    }
    // The binade is [2^k, 2^(k+1)) and holds m·2^e2 for 2^mant <= m < 2^(mant+1).
    let k = be - f.bias;
    let e2 = k - f.mant;
    let cap = 1u128 << (f.mant + 1);
    let lowest = top - 27;
    if !pow10_le_pow2(lowest, k) || pow10_le_pow2(top, k) {
        return NO_BINADE;
    }
    let mut e = lowest;
    while pow10_le_pow2(e + 1, k) {
        e += 1;
    }
    let p = e + 1;
    // Smallest m with m·2^e2 >= 10^p, when 10^p lies inside the binade (then it is below
    // 2^(mant+1), so none of these overflow).
    // (10^p = 2^(k+1) only for p = 0, k = -1, where the binade stays below 1.)
    let straddles = pow10_le_pow2(p, k + 1) && !(p == 0 && k == -1);
    let thr: u128 = if !straddles {
        cap
    } else if p >= 0 && e2 >= 0 {
        10u128.pow(p as u32).div_ceil(1u128 << e2)
    } else if p >= 0 {
        10u128.pow(p as u32) << (-e2)
    } else {
        // p < 0 implies e2 < 0 (the binade starts below 1).
        (1u128 << (-e2)).div_ceil(10u128.pow((-p) as u32))
    };
    let upper = if thr < cap {
        // Part of the binade reaches 10^p.
        scale(f, top, half, p, e2)
    } else {
        Some(NO_SCALE)
    };
    match (scale(f, top, half, e, e2), upper) {
        (Some(lo), Some(hi)) => Binade {
            thr: thr as u64,
            ok: true,
            scale: [lo, hi],
        },
        _ => NO_BINADE,
    }
}

/// The entries for biased exponents `first..first + N` of format `f` (see [`binade`]).
pub(super) const fn table<const N: usize>(
    f: Format,
    first: i32,
    top: i32,
    half: i32,
) -> [Binade; N] {
    let mut t = [NO_BINADE; N];
    let mut i = 0;
    while i < N {
        t[i] = binade(f, first + i as i32, top, half);
        i += 1;
    }
    t
}

/// The scale on which one ulp of a binade spans between 1 and 10 units: the unit is `10^k`
/// with `10^k <= 2^e2 < 10^(k+1)`, and `C = 5^-k·2^(64+e2-k)` gives `m·C = (v/10^k)·2^64`
/// exactly; `D = C/2` is half an ulp (`D·2^64`), also exact. On this scale the rounding
/// interval (closed or open, `2·D` units wide, under 10) holds at most one multiple of 10: that
/// multiple is the shortest answer when there is one, otherwise the integer nearest to `v` is
/// (the observation behind Raffaello Giulietti's Schubfach, 2020). `v/10^k` lies in
/// `[2^p, 10·2^(p+1))`: 16 or 17 integer digits for float64, 7 to 9 for float32.
#[derive(Clone, Copy)]
pub(super) struct Unit {
    pub(super) c_lo: u64,
    pub(super) c_hi: u64,
    pub(super) d_lo: u64,
    pub(super) d_hi: u64,
    /// The decimal exponent of the unit.
    pub(super) k: i32,
    /// `C` and `D` are exact and `m·C < 2^128` for every mantissa of the binade.
    pub(super) ok: bool,
}

const NO_UNIT: Unit = Unit {
    c_lo: 0,
    c_hi: 0,
    d_lo: 0,
    d_hi: 0,
    k: 0,
    ok: false,
};

/// The [`Unit`] of biased exponent `be` of format `f`: exact where `k <= 0` (binades up to
/// `2^e2 < 10`), `C` and `D` are integers and `m·C` stays within 128 bits.
const fn unit(f: Format, be: i32) -> Unit {
    // Zero and subnormals have no hidden bit; all ones are NaN and the infinities.
    if be <= 0 || be > 2 * f.bias {
        return NO_UNIT;
    }
    let e2 = be - f.bias - f.mant;
    if e2 < -120 || pow10_le_pow2(1, e2) {
        // 2^e2 >= 10: the unit would be a positive power of ten, a division.
        return NO_UNIT;
    }
    // The largest k <= 0 with 10^k <= 2^e2.
    let mut k = 0;
    while !pow10_le_pow2(k, e2) {
        k -= 1;
        if k < -37 {
            return NO_UNIT;
        }
    }
    let sh = 64 + e2 - k;
    if sh < 1 || sh > 127 {
        return NO_UNIT;
    }
    let c = match 5u128.pow((-k) as u32).checked_mul(1u128 << sh) {
        Some(c) if c < 1u128 << (127 - f.mant) => c,
        _ => return NO_UNIT,
    };
    let d = c >> 1;
    Unit {
        c_lo: c as u64,
        c_hi: (c >> 64) as u64,
        d_lo: d as u64,
        d_hi: (d >> 64) as u64,
        k,
        ok: true,
    }
}

/// The [`Unit`]s for biased exponents `first..first + N` of format `f`.
pub(super) const fn units<const N: usize>(f: Format, first: i32) -> [Unit; N] {
    let mut t = [NO_UNIT; N];
    let mut i = 0;
    while i < N {
        t[i] = unit(f, first + i as i32);
        i += 1;
    }
    t
}

/// `(m·C, D)` on the unit scale `u` (see [`Unit`]), exactly.
#[inline(always)]
pub(super) fn on_unit(m: u64, u: &Unit) -> (u128, u128) {
    let s = u128::from(m) * u128::from(u.c_lo) + ((u128::from(m) * u128::from(u.c_hi)) << 64);
    let d = (u128::from(u.d_hi) << 64) | u128::from(u.d_lo);
    (s, d)
}

/// The integers inside the rounding interval `[lo, hi]` (both `·2^64`): `[a, b]`. `open` (an odd
/// mantissa, whose interval ends round to the even neighbour) leaves out ends that are
/// integers: `a = ceil(lo)` or `floor(lo) + 1`, `b = floor(hi)` or `ceil(hi) - 1`.
#[inline(always)]
pub(super) fn inside(lo: u128, hi: u128, open: bool) -> (u64, u64) {
    let a = ((lo + u128::from(u64::MAX) + u128::from(open)) >> 64) as u64;
    let b = ((hi - u128::from(open)) >> 64) as u64;
    (a, b)
}

/// `(s·2^64, D·2^64)` for the mantissa `m` on the scale `sc`, exactly.
#[inline(always)]
pub(super) fn scaled(m: u64, sc: &Scale) -> (u128, u128) {
    let s = u128::from(m) * u128::from(sc.c_lo) + ((u128::from(m) * u128::from(sc.c_hi)) << 64);
    let d = (u128::from(sc.d_hi) << 64) | u128::from(sc.d_lo);
    (s, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every entry of a table keeps `s` within `top + 1` digits at both ends of both of its
    /// parts, and `thr` is where the value reaches the next power of ten.
    fn check_table(f: Format, first: i32, table: &[Binade], top: i32) {
        let lo_m = 1u64 << f.mant;
        let hi_m = (1u64 << (f.mant + 1)) - 1;
        let mut used = 0;
        for (i, b) in table.iter().enumerate() {
            if !b.ok {
                continue;
            }
            used += 1;
            let be = first + i as i32;
            let parts = [(lo_m, b.thr.min(hi_m + 1) - 1, 0), (b.thr, hi_m, 1)];
            for (from, to, part) in parts {
                if from > to {
                    continue;
                }
                let sc = &b.scale[part];
                for m in [from, to] {
                    let (s, _) = scaled(m, sc);
                    let s_int = (s >> 64) as u64;
                    assert!(
                        s_int >= 10u64.pow(top as u32) && s_int < 10u64.pow(top as u32 + 1),
                        "be {be} m {m:#x}: {s_int}"
                    );
                }
            }
        }
        assert!(used > 0);
    }

    /// On every exact unit scale one ulp spans between 1 and 10 units (`2·D` in `[1, 10)`),
    /// and `v/10^k` has the digit counts [`Unit`] states at the binade's ends.
    fn check_units(f: Format, first: i32, table: &[Unit], digits: std::ops::RangeInclusive<u32>) {
        let mut used = 0;
        for (i, u) in table.iter().enumerate() {
            if !u.ok {
                continue;
            }
            used += 1;
            let d = (u128::from(u.d_hi) << 64) | u128::from(u.d_lo);
            assert!(
                (1u128 << 63..5u128 << 64).contains(&d),
                "be {}",
                first + i as i32
            );
            for m in [1u64 << f.mant, (2u64 << f.mant) - 1] {
                let (s, _) = on_unit(m, u);
                let n = ((s >> 64) as u64).ilog10() + 1;
                assert!(digits.contains(&n), "be {}: {n} digits", first + i as i32);
            }
        }
        assert!(used > 0);
    }

    #[test]
    fn unit_scales_span_one_ulp() {
        let u64s: [Unit; 128] = units(F64, 1023 - 64);
        check_units(F64, 1023 - 64, &u64s, 16..=17);
        let u32s: [Unit; 256] = units(F32, 0);
        check_units(F32, 0, &u32s, 7..=9);
    }

    #[test]
    fn open_intervals_leave_out_integer_ends() {
        let x = |int: u64, frac: u64| u128::from(int) << 64 | u128::from(frac);
        // [12.5, 20.25]: 13..=20 either way.
        assert_eq!(inside(x(12, 1 << 63), x(20, 1 << 62), false), (13, 20));
        assert_eq!(inside(x(12, 1 << 63), x(20, 1 << 62), true), (13, 20));
        // [12, 20]: the ends belong to an even mantissa's interval only.
        assert_eq!(inside(x(12, 0), x(20, 0), false), (12, 20));
        assert_eq!(inside(x(12, 0), x(20, 0), true), (13, 19));
        // Just past an integer at either end.
        assert_eq!(inside(x(12, 1), x(20, u64::MAX), true), (13, 20));
        assert_eq!(inside(x(12, 1), x(20, u64::MAX), false), (13, 20));
    }

    #[test]
    fn tables_keep_their_digit_count() {
        let t32: [Binade; 256] = table(F32, 0, 16, 30);
        check_table(F32, 0, &t32, 16);
        let t9: [Binade; 256] = table(F32, 0, 8, 1);
        check_table(F32, 0, &t9, 8);
        let t64: [Binade; 128] = table(F64, 1023 - 64, 16, 1);
        check_table(F64, 1023 - 64, &t64, 16);
    }
}
