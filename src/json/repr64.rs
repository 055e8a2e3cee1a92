//! The text of float64 elements in both JSON styles, Python's `repr` (for an f64 also its
//! shortest round-trip digits, so the compact style differs only in the separator), and of
//! float32 elements in the reference style (the repr of the value widened to f64).
//!
//! `repr` prints the shortest decimal that reads back as the value, the closest to it among the
//! shortest, ties to an even last digit (David Gay's `dtoa`, mode 0). A general shortest-digit
//! algorithm (zmij, ryu) multiplies by 128-bit approximations of powers of ten and proves that
//! the approximation never changes an answer; in the range model outputs live in, exact integer
//! arithmetic with one table entry per binade does the same job in fewer steps
//! ([`binade`](super::binade)):
//!
//! - `v = m·2^e2` with `2^52 <= m < 2^53`. On the binade's unit scale `10^k`
//!   (`10^k <= 2^e2 < 10^(k+1)`) one ulp spans 1 to 10 units, and for `2^-39 <= v < 2^56`
//!   `C = 5^-k·2^(64+e2-k)` is an integer below `2^76`: `m·C = (v/10^k)·2^64` exactly, 16 or
//!   17 integer digits and the fraction as 64 bits, from two multiplications.
//! - Half an ulp is `D = C/2` on that scale. Round half to even reads an end of `[s - D, s + D]`
//!   back as `v` when `m` is even: the interval is closed for an even mantissa, open for an odd
//!   one. It is under 10 units wide, so it holds at most one multiple of 10, which is the
//!   shortest answer when it is there; otherwise every integer inside has the same number of
//!   digits and the nearest to `v` wins (ties to even), and since `D >= 0.5` it is inside.
//!
//! That hot path ([`shortest`]) picks between its two candidates without a branch (on random
//! data which one applies is as good as random). Powers of two, whose next f64 down is half as
//! far, and zero go through [`write_uncommon`]: a digit search on a 17-digit scale with the
//! lopsided interval ([`shortest_general`]). Everything else (subnormals, `|v| < 2^-39`,
//! `|v| >= 2^56`, NaN and the infinities) goes through [`number::write_py_float`].
//!
//! There are too many f64 values for an exhaustive check: the tests compare this writer with the
//! general one on every binade's structured mantissas (its ends, both sides of the power of ten
//! inside it), every power of two and its neighbours, powers of ten and their neighbours,
//! integers, values exactly halfway between two candidates (odd and even mantissas) and random
//! bit patterns over the whole range (about 37 million values in a release build, `cargo test
//! --release --lib json::repr64`, which `.ci/run` runs), and with CPython's own text for the
//! sample of `tests/fixtures/python/float_repr.json`. The float32 reference style runs the same
//! code on every float32 widened to f64, and its test compares it with the general writer on
//! all 2^32 of them (`json::repr32`).

use crate::error::Result;
use crate::number;

use super::binade::{self, Binade, F64, Unit, inside, on_unit, scaled};
use super::encode::NonFinite;
use super::stage::{SLOT, Short, Staged, format, write_general};

const FRAC: u64 = (1 << 52) - 1;
const HIDDEN: u64 = 1 << 52;
const SIGN: u64 = 1 << 63;

/// The biased exponent of the tables' first entry: they span the binades of
/// `2^-64 <= v < 2^64`, which hold both ranges.
const FIRST: usize = 1023 - 64;

/// The unit scales of the hot path (see [`Unit`]): the binades of `2^-39 <= v < 2^56`.
static UNITS: [Unit; 128] = binade::units(F64, FIRST as i32);

/// 17-digit scales for the digit search, with the f64 half-ulp: the binades of
/// `2^-36 <= v < 2^54`.
static BINADES: [Binade; 128] = binade::table(F64, FIRST as i32, 16, 1);

/// The shortest digits of the positive f64 `abs_bits` on its unit scale: the 17-digit integer
/// holding them (`10^16 <= digits < 10^17`, zeros past the last significant digit) and the
/// decimal exponent of the first; `None` outside the fast range, for powers of two and zero.
#[inline(always)]
pub(super) fn shortest(abs_bits: u64) -> Option<(u64, i32)> {
    let be = (abs_bits >> 52) as usize;
    let frac = abs_bits & FRAC;
    let u = UNITS
        .get(be.wrapping_sub(FIRST))
        .filter(|u| u.ok & (frac != 0))?;
    let m = frac | HIDDEN;
    let (s, d) = on_unit(m, u);
    let (a, b) = inside(s - d, s + d, m & 1 == 1);
    // The one multiple of 10 that can be inside, and the nearest integer (ties to even: add
    // just under a half, or a half when the integer part is odd, and keep the integer part).
    let c10 = (b / 10) * 10;
    let s_int = (s >> 64) as u64;
    let near = ((s + u128::from((1u64 << 63) - 1 + (s_int & 1))) >> 64) as u64;
    let ans = std::hint::select_unpredictable(c10 >= a, c10, near);
    let big = ans >= 10_000_000_000_000_000;
    let digits = std::hint::select_unpredictable(big, ans, ans * 10);
    Some((digits, u.k + 15 + i32::from(big)))
}

/// The shortest digits of a positive f64 in `2^-36 <= v < 2^54` (see [`Short`]) by a search on
/// the 17-digit scale: any interval (the lower half-gap at a power of two included), any number
/// of digits.
#[cold]
#[inline(never)]
fn shortest_general(abs_bits: u64) -> Option<Short> {
    let be = (abs_bits >> 52) as usize;
    let bin = BINADES.get(be.wrapping_sub(FIRST)).filter(|b| b.ok)?;
    let m = (abs_bits & FRAC) | HIDDEN;
    let sc = &bin.scale[usize::from(m >= bin.thr)];
    let (s, dh) = scaled(m, sc);
    // At a power of two the next f64 down is half as far. `D = s/(2m)` is then `s/2^53`, so
    // that gap is still above half a unit and the nearest integer stays inside.
    let dl = if m == HIDDEN { dh >> 1 } else { dh };
    let (a, b) = inside(s - dl, s + dh, m & 1 == 1);
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
    let digits = aj * number::POW10_U64[j.min(17)];
    if digits >= number::POW10_U64[17] {
        // Rounded up to the next power of ten: one digit, one decade up.
        return Some(Short::new(digits / 10, 1, e10 + 1));
    }
    Some(Short::new(digits, 17 - j.min(17), e10))
}

/// The text of the positive f64 `abs_bits` (sign `neg`) that [`shortest`] leaves, when it is
/// zero (`0.0`, `-0.0`) or in [`shortest_general`]'s range; returns its length.
#[cold]
#[inline(never)]
pub(super) fn write_uncommon(slot: &mut [u8; SLOT], abs_bits: u64, neg: bool) -> Option<usize> {
    if abs_bits == 0 {
        let p0 = usize::from(neg);
        slot[0] = b'-';
        slot.get_mut(p0..p0 + 3)?.copy_from_slice(b"0.0");
        return Some(p0 + 3);
    }
    Some(format(slot, shortest_general(abs_bits)?, neg))
}

impl Staged for f64 {
    /// An f64's shortest digits are its repr: both styles write the same.
    #[inline(always)]
    fn shortest<const COMPACT: bool>(self) -> Option<(u64, i32)> {
        shortest(self.to_bits() & !SIGN)
    }

    #[inline(always)]
    fn negative(self) -> bool {
        self.to_bits() & SIGN != 0
    }

    fn write_other<const COMPACT: bool>(
        self,
        slot: &mut [u8; SLOT],
        policy: NonFinite,
        text: &mut Vec<u8>,
    ) -> Result<usize> {
        match write_uncommon(slot, self.to_bits() & !SIGN, self.negative()) {
            Some(n) => Ok(n),
            None => write_general(slot, self.is_finite(), self.is_nan(), policy, text, |o| {
                number::write_py_float(o, self)
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::stage::{RowScratch, write_one, write_row};
    use crate::number::xorshift;

    /// The staged text of `v` (fast writer or fallback) and the general writer's.
    fn both(v: f64) -> (String, String) {
        let mut slot = [0u8; SLOT];
        let mut text = Vec::new();
        let n = write_one::<f64, false>(v, &mut slot, NonFinite::Tokens, &mut text).unwrap();
        let mut general = Vec::new();
        number::write_py_float(&mut general, v);
        (
            String::from_utf8(slot[..n].to_vec()).unwrap(),
            String::from_utf8(general).unwrap(),
        )
    }

    /// Fails with the bit pattern when the staged text differs from the general writer's;
    /// counts the values the hot path wrote, so each test can show it exercised that path.
    #[derive(Default)]
    struct Check {
        fast: u64,
        total: u64,
    }

    impl Check {
        fn bits(&mut self, bits: u64) {
            let v = f64::from_bits(bits);
            self.total += 1;
            self.fast += u64::from(shortest(bits & !SIGN).is_some());
            let (ours, general) = both(v);
            assert_eq!(ours, general, "bits {bits:#018x} ({v:e})");
        }

        /// `bits` and its negation.
        fn both_signs(&mut self, bits: u64) {
            self.bits(bits & !SIGN);
            self.bits(bits | SIGN);
        }

        fn value(&mut self, v: f64) {
            self.both_signs(v.to_bits());
        }
    }

    /// The table's binades with the mantissa where the value reaches the next power of ten.
    fn binades() -> impl Iterator<Item = (u64, u64)> {
        BINADES
            .iter()
            .enumerate()
            .filter(|(_, b)| b.ok)
            .map(|(i, b)| ((FIRST + i) as u64, b.thr))
    }

    #[test]
    fn the_tables_cover_their_ranges() {
        let (lo, hi) = (binades().next().unwrap().0, binades().last().unwrap().0);
        // The 17-digit scales: 2^-36 is the first binade above 1e-11, 2^53 the last below 2^54.
        assert_eq!((lo, hi), (1023 - 36, 1023 + 53));
        assert_eq!(binades().count(), (hi - lo + 1) as usize);
        // The unit scales: from 2^-39 (where D = C/2 would stop being an integer) up to the
        // binade of 2^55 (2^e2 = 8 < 10).
        let units: Vec<usize> = (0..UNITS.len()).filter(|&i| UNITS[i].ok).collect();
        assert_eq!(units.first().map(|i| i + FIRST), Some(1023 - 39));
        assert_eq!(units.last().map(|i| i + FIRST), Some(1023 + 55));
        assert_eq!(units.len(), 39 + 55 + 1);
        for v in [4e-12f64, 0.1, 1.0 + f64::EPSILON, 1e15, 1e16 + 2.0, 7e16] {
            assert!(shortest(v.to_bits()).is_some(), "{v:e}");
        }
        for v in [
            1e-12f64,
            8e16,
            1e17,
            f64::MIN_POSITIVE,
            5e-324,
            0.0,
            1.0,
            0.5,
        ] {
            assert!(shortest(v.to_bits()).is_none(), "{v:e}");
        }
    }

    #[test]
    fn python_reprs() {
        // Texts from CPython 3.11: repr(x).
        let cases: &[(f64, &str)] = &[
            (0.1, "0.1"),
            (-0.1, "-0.1"),
            (1.0 / 3.0, "0.3333333333333333"),
            (2.0 / 3.0, "0.6666666666666666"),
            (0.1 + 0.2, "0.30000000000000004"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (0.5, "0.5"),
            (1.0, "1.0"),
            (123.0, "123.0"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (9007199254740993.0, "9007199254740992.0"),
            (1e-4, "0.0001"),
            (1e-5, "1e-05"),
            (1.5e-11, "1.5e-11"),
            (0.1257302210933933, "0.1257302210933933"),
            (-0.21879166393254573, "-0.21879166393254573"),
            (1.3040000451301372, "1.3040000451301372"),
            (9.999999999999999e-5, "9.999999999999999e-05"),
            // 17-digit ties: the value (exact, written as a sum) ends in a 5 at the 18th digit;
            // the even 17th digit wins.
            (1234567890123456.0 + 0.25, "1234567890123456.2"),
            (1234567890123456.0 + 0.75, "1234567890123456.8"),
            (123456789012345.0 + 0.125, "123456789012345.12"),
            (123456789012345.0 + 0.375, "123456789012345.38"),
            // Above 2^53 the ulp is 2: odd mantissas have open intervals whose ends are
            // integers.
            (9007199254740994.0, "9007199254740994.0"),
            (9007199254740998.0, "9007199254740998.0"),
            (1.2345678901234568e16, "1.2345678901234568e+16"),
        ];
        for &(v, want) in cases {
            let (ours, general) = both(v);
            assert_eq!(ours, want, "{v:e}");
            assert_eq!(general, want, "{v:e}");
        }
    }

    #[test]
    fn cpython_sample() {
        // tests/fixtures/python/float_repr.json: CPython's repr of ~4600 doubles (powers of
        // ten, boundaries, random bit patterns); the finite ones must come out the same.
        let table = include_str!("../../tests/fixtures/python/float_repr.json");
        let mut seen = 0;
        let mut fast = 0;
        for line in table.lines() {
            let Some((hex, text)) = line
                .trim_end_matches(',')
                .strip_prefix("[\"")
                .and_then(|l| l.strip_suffix("\"]"))
                .and_then(|l| l.split_once("\",\""))
            else {
                continue;
            };
            let v = f64::from_bits(u64::from_str_radix(hex, 16).unwrap());
            if !v.is_finite() {
                continue;
            }
            seen += 1;
            let (ours, _) = both(v);
            assert_eq!(ours, text, "{hex}");
            fast += u32::from(shortest(v.to_bits() & !SIGN).is_some());
        }
        assert!(seen > 4000, "{seen} rows");
        assert!(fast > 500, "{fast} rows took the fast path");
    }

    #[test]
    fn rows_and_policies() {
        let row_text = |row: &[f64], policy| -> Result<String> {
            let mut out = b"[".to_vec();
            write_row::<f64, false>(&mut out, row, policy, &mut RowScratch::new())?;
            Ok(String::from_utf8(out).unwrap())
        };
        assert_eq!(
            row_text(
                &[0.0, -0.0, 1.5, f64::NAN, f64::INFINITY, -1e20, 5e-324],
                NonFinite::Tokens
            )
            .unwrap(),
            "[0.0, -0.0, 1.5, NaN, Infinity, -1e+20, 5e-324"
        );
        assert_eq!(
            row_text(&[-f64::MIN_POSITIVE, f64::MAX], NonFinite::Tokens).unwrap(),
            "[-2.2250738585072014e-308, 1.7976931348623157e+308"
        );
        assert_eq!(
            row_text(&[f64::NEG_INFINITY, 2.0], NonFinite::Null).unwrap(),
            "[null, 2.0"
        );
        assert!(row_text(&[1.0, f64::NAN], NonFinite::Error).is_err());
        let mut out = b"[".to_vec();
        write_row::<f64, true>(
            &mut out,
            &[0.1, -2.5, 1e300],
            NonFinite::Tokens,
            &mut RowScratch::new(),
        )
        .unwrap();
        assert_eq!(out, b"[0.1,-2.5,1e+300");
        // Short rows and long ones across chunk ends: every value and separator in place.
        let mut seed = 7;
        for len in (0..40).chain([127, 128, 129, 300]) {
            let row: Vec<f64> = (0..len)
                .map(|i| match i % 3 {
                    0 => f64::from_bits(xorshift(&mut seed)),
                    1 => (xorshift(&mut seed) >> 11) as f64 / (1u64 << 53) as f64 - 0.5,
                    _ => f64::from(i) * -0.37,
                })
                .collect();
            let want: Vec<String> = row.iter().map(|&v| both(v).1).collect();
            assert_eq!(
                row_text(&row, NonFinite::Tokens).unwrap(),
                format!("[{}", want.join(", ")),
                "{len} values"
            );
        }
    }

    #[test]
    fn structured_mantissas_of_every_binade() {
        let mut c = Check::default();
        for be in 0..2047u64 {
            for frac in [0, 1, 2, 3, FRAC, FRAC - 1, FRAC / 2, FRAC / 3, 1 << 51] {
                c.both_signs(be << 52 | frac);
            }
        }
        // Both sides of each table binade's power of ten, and of its ends.
        for (be, thr) in binades() {
            for m in [thr.saturating_sub(2), thr - 1, thr, thr + 1, thr + 2] {
                if (HIDDEN..2 * HIDDEN).contains(&m) {
                    c.both_signs(be << 52 | (m & FRAC));
                }
            }
        }
        assert!(c.fast > 1000, "{} of {} on the fast path", c.fast, c.total);
    }

    #[test]
    fn powers_of_two_ten_and_their_neighbours() {
        let mut c = Check::default();
        for be in 1..2047u64 {
            let p = f64::from_bits(be << 52);
            let (mut up, mut down) = (p, p);
            for _ in 0..4 {
                c.value(up);
                c.value(down);
                up = up.next_up();
                down = down.next_down();
            }
        }
        for e in -30..=30 {
            let p: f64 = format!("1e{e}").parse().unwrap();
            for scale in [1.0, 1.5, 2.5, 5.0, 9.0] {
                let (mut up, mut down) = (p * scale, p * scale);
                for _ in 0..64 {
                    c.value(up);
                    c.value(down);
                    up = up.next_up();
                    down = down.next_down();
                }
            }
        }
        assert!(
            c.fast > 10_000,
            "{} of {} on the fast path",
            c.fast,
            c.total
        );
    }

    #[test]
    fn integers_and_short_decimals() {
        let mut c = Check::default();
        for i in 0..20_000u32 {
            c.value(f64::from(i));
            // 0.0001, 0.0002, …: answers of few digits.
            c.value(f64::from(i) / 10_000.0);
            c.value(f64::from(i) * 0.1);
        }
        // Near and above 2^53, where the ulp reaches 1 and 2 (open and closed intervals whose
        // ends are integers).
        let mut seed = 11;
        for _ in 0..20_000 {
            let r = xorshift(&mut seed);
            c.value(((1u64 << 53) - (r & 0xFFFF)) as f64);
            c.value(((1u64 << 53) + (r & 0xFFFF)) as f64);
            c.value((r >> 10) as f64);
            c.value((r >> 12) as f64 + 0.5);
        }
        assert!(
            c.fast > 50_000,
            "{} of {} on the fast path",
            c.fast,
            c.total
        );
    }

    #[test]
    fn halfway_cases() {
        // s·2^64 = m·C has its fraction exactly 1/2 when m has exactly 63 - tz(C) trailing
        // zero bits (C = 5^q·2^sh, tz(C) = sh): the value lies halfway between two integers of
        // the scale, and the even one wins. Every binade where such mantissas exist, on the
        // unit scale of the hot path and on the 17-digit scale, with random upper bits.
        let mut c = Check::default();
        let mut seed = 3;
        let mut ties = [0u32; 2];
        let tie = |m: u64, c_all: u128, be: u64, c: &mut Check| {
            let Some(t) = 63u32
                .checked_sub(c_all.trailing_zeros())
                .filter(|&t| t < 52)
            else {
                return false;
            };
            let m = HIDDEN | ((m << t | 1 << t) & FRAC);
            c.both_signs(be << 52 | (m & FRAC));
            true
        };
        for (i, u) in UNITS.iter().enumerate().filter(|(_, u)| u.ok) {
            let c_all = (u128::from(u.c_hi) << 64) | u128::from(u.c_lo);
            for _ in 0..200 {
                let m = xorshift(&mut seed);
                ties[0] += u32::from(tie(m, c_all, (FIRST + i) as u64, &mut c));
            }
        }
        for (be, thr) in binades() {
            let b = &BINADES[be as usize - FIRST];
            for (part, sc) in b.scale.iter().enumerate() {
                let c_all = (u128::from(sc.c_hi) << 64) | u128::from(sc.c_lo);
                for _ in 0..200 {
                    let m = xorshift(&mut seed);
                    let t = 63u32.saturating_sub(c_all.trailing_zeros());
                    let full = HIDDEN | ((m << t | 1 << t) & FRAC);
                    if usize::from(full >= thr) == part {
                        ties[1] += u32::from(tie(m, c_all, be, &mut c));
                    }
                }
            }
        }
        assert!(ties[0] > 5000 && ties[1] > 5000, "{ties:?} ties");
        assert!(
            c.fast > 10_000,
            "{} of {} on the fast path",
            c.fast,
            c.total
        );
    }

    /// Random values against the general writer: in a release build 2^18 random mantissas in
    /// each binade of the hot path's table (95 of them) and 4 million rounds of a random bit
    /// pattern over all of f64 and a uniform value in `[-0.5, 0.5)` with its negation, about 37
    /// million values (a few seconds on two cores; `.ci/run` runs it); in a debug build 2^10
    /// and 100 000.
    #[test]
    fn random_values_match_the_general_writer() {
        let (per_binade, anywhere) = if cfg!(debug_assertions) {
            (1u64 << 10, 100_000)
        } else {
            (1 << 18, 4_000_000)
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
        let counts: Vec<(u64, u64)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|t| {
                    scope.spawn(move || {
                        let mut c = Check::default();
                        let mut seed = 0x9e37_79b9_7f4a_7c15 ^ (t + 1);
                        let unit_binades = (0..UNITS.len()).filter(|&i| UNITS[i].ok);
                        for (i, be) in unit_binades.map(|i| (i + FIRST) as u64).enumerate() {
                            if i as u64 % threads != t {
                                continue;
                            }
                            for _ in 0..per_binade {
                                let r = xorshift(&mut seed);
                                c.bits(be << 52 | (r & FRAC) | (r & SIGN));
                            }
                        }
                        for _ in 0..anywhere / threads {
                            c.bits(xorshift(&mut seed));
                            // Uniform in [-0.5, 0.5), as model outputs are (and its negation).
                            let r = xorshift(&mut seed);
                            c.value((r >> 11) as f64 / (1u64 << 53) as f64 - 0.5);
                        }
                        (c.fast, c.total)
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        let fast: u64 = counts.iter().map(|c| c.0).sum();
        let total: u64 = counts.iter().map(|c| c.1).sum();
        assert!(fast * 10 > total * 7, "{fast} of {total} on the fast path");
    }
}
