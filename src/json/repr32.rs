//! The text of float32 elements in both JSON styles (and of float16 in the reference style):
//! Python's `repr` of the value widened to f64 (the reference style), and the shortest float32
//! digits in the same layout (the compact style).
//!
//! BentoML's bytes are `json.dumps(arr.tolist())`: `tolist()` widens each float32 to a Python
//! float (an f64), and `repr` prints the shortest decimal that reads back as that **f64**
//! (float32 `0.1` prints `0.10000000149011612`). The reference style is therefore the float64
//! writer ([`repr64`](super::repr64)) on the widened value, and the test below compares it with
//! the general writer on every positive float32 bit pattern in a release build (`cargo test
//! --release --lib json::repr32`, about a minute on two cores; `.ci/run` runs it) and on a
//! strided sample in a debug build; the unit tests hold CPython's own text for ties and other
//! edge cases.
//!
//! The compact style finds the shortest digits at the float32's own precision the same way as
//! the float64 writer, on the float32 binade's unit scale ([`Unit`]): one ulp spans 1 to 10
//! units, the answer is the one multiple of 10 inside the rounding interval (half an ulp each
//! side, closed for an even mantissa, open for an odd one) or else the nearest integer, with 7
//! to 9 digits. Powers of two, whose lower neighbour is a quarter ulp away, take a digit search
//! on a 9-digit scale ([`shortest9`]); zero, subnormals, `|v| < 2^-67`, `|v| >= 2^27` and the
//! non-finite values take `number::write_shortest_f32`. The same test checks it against that
//! writer on every positive float32 and every 257th negative one.

use crate::error::Result;
use crate::number::{self, POW10_U64};

use super::binade::{self, Binade, F32, Unit, inside, on_unit, scaled};
use super::encode::NonFinite;
use super::repr64;
use super::stage::{SLOT, Short, Staged, ZEROS8, eight_digits, format, write_general};

/// 9-digit scales and the float32 half-ulp (the search for powers of two).
static BINADES9: [Binade; 256] = binade::table(F32, 0, 8, 1);

/// The unit scales of the compact style's hot path (see [`Unit`]).
static UNITS: [Unit; 256] = binade::units(F32, 0);

/// The shortest digits of the positive float32 `abs_bits` at its own precision on its unit
/// scale, left-aligned in 9 digits (`10^8 <= digits < 10^9`), and the decimal exponent of the
/// first; `None` outside the fast range and for powers of two.
#[inline(always)]
fn shortest_compact(abs_bits: u32) -> Option<(u64, i32)> {
    let frac = abs_bits & 0x7F_FFFF;
    let u = UNITS
        .get((abs_bits >> 23) as usize)
        .filter(|u| u.ok & (frac != 0))?;
    let m = u64::from(frac | 0x80_0000);
    let (s, d) = on_unit(m, u);
    let (a, b) = inside(s - d, s + d, m & 1 == 1);
    let c10 = (b / 10) * 10;
    let s_int = (s >> 64) as u64;
    let near = ((s + u128::from((1u64 << 63) - 1 + (s_int & 1))) >> 64) as u64;
    let ans = std::hint::select_unpredictable(c10 >= a, c10, near);
    // 2^23 <= v/10^k < 10·2^24: 7 to 9 digits.
    let (d8, d9) = (ans >= 10_000_000, ans >= 100_000_000);
    let scale = std::hint::select_unpredictable(d8, 1 + 9 * u64::from(!d9), 100);
    Some((ans * scale, u.k + 6 + i32::from(d8) + i32::from(d9)))
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
    let m = u64::from(frac | 0x80_0000);
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

/// [`shortest_compact`] for what it leaves: powers of two in [`shortest9`]'s range, then the
/// general writer.
#[cold]
#[inline(never)]
fn write_compact_other(
    v: f32,
    slot: &mut [u8; SLOT],
    policy: NonFinite,
    text: &mut Vec<u8>,
) -> Result<usize> {
    let bits = v.to_bits();
    match shortest9(bits & 0x7FFF_FFFF) {
        Some(short) => Ok(format(slot, short, bits >> 31 != 0)),
        None => write_general(slot, v.is_finite(), v.is_nan(), policy, text, |o| {
            number::write_shortest_f32(o, v)
        }),
    }
}

impl Staged for f32 {
    #[inline(always)]
    fn shortest<const COMPACT: bool>(self) -> Option<(u64, i32)> {
        if COMPACT {
            shortest_compact(self.to_bits() & 0x7FFF_FFFF)
        } else {
            // Widening is exact; a NaN or an infinity stays outside the f64 tables.
            repr64::shortest(f64::from(self).to_bits() & !(1 << 63))
        }
    }

    /// 9 digits in the compact style (the second word is all zeros).
    #[inline(always)]
    fn text<const COMPACT: bool>(digits: u64) -> (u8, u64, u64, usize) {
        if !COMPACT {
            let (lead, w1, w2) = super::stage::ascii17(digits);
            return (lead, w1, w2, super::stage::significant17(w1, w2));
        }
        let d1 = digits / 100_000_000;
        let w1 = eight_digits((digits - d1 * 100_000_000) as u32);
        let n = 9 - (w1 ^ ZEROS8).leading_zeros() as usize / 8;
        (b'0' + d1 as u8, w1, ZEROS8, n)
    }

    #[inline(always)]
    fn negative(self) -> bool {
        self.is_sign_negative()
    }

    fn write_other<const COMPACT: bool>(
        self,
        slot: &mut [u8; SLOT],
        policy: NonFinite,
        text: &mut Vec<u8>,
    ) -> Result<usize> {
        if COMPACT {
            return write_compact_other(self, slot, policy, text);
        }
        let wide = f64::from(self);
        match repr64::write_uncommon(slot, wide.to_bits() & !(1 << 63), self.negative()) {
            Some(n) => Ok(n),
            None => write_general(slot, self.is_finite(), self.is_nan(), policy, text, |o| {
                number::write_py_float(o, wide)
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::stage::{RowScratch, layout, write_one, write_row};

    /// The text the staged writer makes without the general writer (the hot path, or the
    /// digit search for powers of two and zero), or `None` when it hands `v` to that writer.
    fn staged<const COMPACT: bool>(v: f32) -> Option<String> {
        let mut slot = [0u8; SLOT];
        let bits = v.to_bits();
        let neg = v.is_sign_negative();
        let n = match v.shortest::<COMPACT>() {
            Some((digits, e10)) => {
                let (lead, w1, w2, n) = f32::text::<COMPACT>(digits);
                layout(&mut slot, lead, w1, w2, n, e10, neg)
            }
            None if COMPACT => format(&mut slot, shortest9(bits & 0x7FFF_FFFF)?, neg),
            None => repr64::write_uncommon(&mut slot, f64::from(v).to_bits() & !(1 << 63), neg)?,
        };
        Some(String::from_utf8(slot[..n].to_vec()).unwrap())
    }

    fn fast_text(v: f32) -> Option<String> {
        staged::<false>(v)
    }

    fn general_text(v: f32) -> String {
        let mut out = Vec::new();
        number::write_py_float(&mut out, f64::from(v));
        String::from_utf8(out).unwrap()
    }

    fn row_text(row: &[f32], policy: NonFinite) -> Result<String> {
        let mut out = b"[".to_vec();
        write_row::<f32, false>(&mut out, row, policy, &mut RowScratch::new())?;
        Ok(String::from_utf8(out).unwrap())
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
        for v in [1e-12f32, 1e17, 3.4e38, f32::MIN_POSITIVE / 2.0, f32::NAN] {
            assert_eq!(fast_text(v), None, "{v:e}");
        }
        assert_eq!(fast_text(0.0).as_deref(), Some("0.0"));
        assert_eq!(fast_text(-0.0).as_deref(), Some("-0.0"));
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
                    let mut text = Vec::new();
                    let mut general = Vec::new();
                    for bits in (from..to).step_by(step) {
                        let bits = bits as u32;
                        let v = f32::from_bits(bits);
                        let n =
                            write_one::<f32, COMPACT>(v, &mut slot, NonFinite::Tokens, &mut text)
                                .unwrap();
                        general.clear();
                        if COMPACT {
                            number::write_shortest_f32(&mut general, v);
                        } else {
                            number::write_py_float(&mut general, f64::from(v));
                        }
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
        let text = staged::<true>;
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
        for v in [0.0f32, 1e9, 3.4e38, 1e-21, f32::NAN] {
            assert_eq!(text(v), None, "{v:e}");
        }
        let mut out = b"[".to_vec();
        write_row::<f32, true>(
            &mut out,
            &[0.1, -2.5, 1e9, f32::INFINITY],
            NonFinite::Tokens,
            &mut RowScratch::new(),
        )
        .unwrap();
        assert_eq!(out, b"[0.1,-2.5,1000000000.0,Infinity");
    }
}
