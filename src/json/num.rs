//! The JSON number token and its value: Python's `float()` of the token, correctly rounded
//! (Clinger's fast path, an exact 128-bit check, the standard library's parser for the rest),
//! and the float32 / float16 narrowing that can skip the double. The lexer ([`super::lex`])
//! makes the tokens; both readers convert them.

/// A JSON number token: its span and its decimal digits as far as the fast conversions need.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Num {
    pub start: usize,
    pub end: usize,
    pub neg: bool,
    /// No fraction and no exponent: a Python `int`.
    pub is_int: bool,
    /// The first (up to) 19 significant digits.
    pub(super) m: u64,
    /// Decimal exponent applying to `m`.
    pub(super) exp10: i64,
    /// Some significant digit did not fit in `m`.
    pub(super) dropped: bool,
}

/// `10^-k` correctly rounded, `k <= 22`.
const NEG_POW10: [f64; 23] = [
    1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14,
    1e-15, 1e-16, 1e-17, 1e-18, 1e-19, 1e-20, 1e-21, 1e-22,
];

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

impl Num {
    /// The magnitude of an integer token when it fits in a `u64`.
    #[inline]
    pub fn int_mag(&self, text: &[u8]) -> Option<u64> {
        if !self.dropped {
            return Some(self.m);
        }
        let digits = text.get(self.start + usize::from(self.neg)..self.end)?;
        digits.iter().try_fold(0u64, |acc, &c| {
            acc.checked_mul(10)?.checked_add(u64::from(c - b'0'))
        })
    }

    /// The narrowed value (`narrow` = the f64 → f32 or f16 rounding) without computing the
    /// correctly rounded double, when that cannot matter: the double approximation
    /// `m · 10^-k` (three roundings) is within 3 ulp of the exact decimal value, so the
    /// correctly rounded double lies within 4 ulp of it (a step of the bit pattern is at least
    /// an ulp there, on either side of a power of two); between the approximation ± 8 steps,
    /// if both ends narrow to the same value, so does it (rounding is monotonic). For decimal reprs of float32 values (the usual body)
    /// this always holds. `None` when it does not, or the digits do not allow it.
    #[inline(always)]
    pub fn narrow_bracket<T: PartialEq + std::ops::Neg<Output = T>>(
        self,
        narrow: impl Fn(f64) -> T,
    ) -> Option<T> {
        if self.dropped || self.m == 0 || !(-22..=22).contains(&self.exp10) {
            return None;
        }
        // The signed conversion is one instruction (the unsigned one about six); m < 10^19
        // may exceed i64::MAX, and such a token takes the general path.
        let v = i64::try_from(self.m).ok()? as f64;
        let k = self.exp10.unsigned_abs() as usize;
        // A multiplication by the rounded 10^-k, not a division by 10^k: three roundings of
        // half an ulp each (m, 10^-k, the product), so x is within 3 ulp of the exact value.
        let x = if self.exp10 < 0 {
            v * NEG_POW10[k]
        } else {
            v * POW10[k]
        };
        let bits = x.to_bits();
        let lo = narrow(f64::from_bits(bits - 8));
        let hi = narrow(f64::from_bits(bits + 8));
        if lo != hi {
            return None;
        }
        Some(if self.neg { -lo } else { lo })
    }

    /// The value as Python's `float()` gives it: correctly rounded to the nearest double (an
    /// integer token `-0` is `0.0`, as `float(int("-0"))` is).
    #[inline(always)]
    pub fn value_f64(self, text: &[u8]) -> f64 {
        if !self.dropped {
            if self.m == 0 {
                return if self.neg && !self.is_int { -0.0 } else { 0.0 };
            }
            // Clinger's fast path: both the digits and the power of ten are exact doubles, so
            // one IEEE multiplication or division is correctly rounded.
            if self.m <= (1u64 << 53) && (-22..=22).contains(&self.exp10) {
                let v = self.m as f64;
                let v = if self.exp10 < 0 {
                    v / POW10[(-self.exp10) as usize]
                } else {
                    v * POW10[self.exp10 as usize]
                };
                return with_sign(v, self.neg);
            }
            if self.exp10 == 0 {
                // `u64 as f64` rounds to nearest, ties to even, like Python's int → float.
                let v = self.m as f64;
                return with_sign(v, self.neg);
            }
            let v = if self.exp10 > 0 {
                // An exact integer when it fits in 128 bits; `u128 as f64` rounds correctly.
                POW10_U128
                    .get(self.exp10 as usize)
                    .and_then(|p| u128::from(self.m).checked_mul(*p))
                    .map(|v| v as f64)
            } else {
                div_pow10_exact(self.m, (-self.exp10) as usize)
            };
            if let Some(v) = v {
                return with_sign(v, self.neg);
            }
        }
        parse_f64_slow(text, self.start, self.end)
    }
}

/// `v` (positive) negated when `neg`, by setting the sign bit: the sign of a random-signed
/// float column is unpredictable, and a branch on it mispredicts every other element.
#[inline(always)]
fn with_sign(v: f64, neg: bool) -> f64 {
    f64::from_bits(v.to_bits() | (u64::from(neg) << 63))
}

/// The general case: the standard library's parser is correctly rounded for any number of
/// digits. The token is ASCII, so the UTF-8 check cannot fail.
#[cold]
#[inline(never)]
fn parse_f64_slow(text: &[u8], start: usize, end: usize) -> f64 {
    text.get(start..end)
        .and_then(|t| std::str::from_utf8(t).ok())
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(f64::NAN)
}

/// `m / 10^k` correctly rounded, for a positive `m` and `1 <= k <= 22`, when an exact check
/// in 128-bit integers can decide it; `None` otherwise (the caller then uses the standard
/// library's parser).
///
/// The double division `x = (m as f64) / 10^k` is within about one ulp of the exact quotient
/// `v`. With `x = mant·2^e`, `(v - x)·2^(1-e)·10^k = m·2^(1-e) - 2·mant·10^k`, and half an ulp
/// of `x` scales to `10^k`: comparing those integers says whether `x` is the nearest double,
/// a tie (then the even one wins), or its neighbour is.
#[inline]
fn div_pow10_exact(m: u64, k: usize) -> Option<f64> {
    use std::cmp::Ordering::{Equal, Greater, Less};
    let p10 = *POW10_U128.get(k)?;
    let x = m as f64 / *POW10.get(k)?;
    let bits = x.to_bits();
    let be = (bits >> 52) & 0x7ff;
    if be == 0 || be == 0x7ff {
        return None;
    }
    let mant = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    let shift = u32::try_from(1 - (be as i64 - 1075)).ok()?;
    let a = u128::from(m);
    if shift >= 128 || a.leading_zeros() < shift {
        return None;
    }
    let a = a << shift;
    // 2·mant < 2^54 and 10^k ≤ 10^22 < 2^74: the product fits (a plain multiplication; a
    // checked u128 one is a library call).
    let b = u128::from(mant << 1) * p10;
    let even = mant & 1 == 0;
    if a >= b {
        let d = a - b;
        match d.cmp(&p10) {
            Less => Some(x),
            Equal => Some(if even { x } else { f64::from_bits(bits + 1) }),
            // Between half an ulp and 1.5 ulp above: the next double up is the nearest.
            Greater if d < 3 * p10 => Some(f64::from_bits(bits + 1)),
            Greater => None,
        }
    } else {
        if mant == 1u64 << 52 {
            // The double below is half an ulp away: not worth a special case.
            return None;
        }
        let d = b - a;
        match d.cmp(&p10) {
            Less => Some(x),
            Equal => Some(if even { x } else { f64::from_bits(bits - 1) }),
            Greater if d < 3 * p10 => Some(f64::from_bits(bits - 1)),
            Greater => None,
        }
    }
}

const POW10_U128: [u128; 23] = {
    let mut t = [1u128; 23];
    let mut i = 1;
    while i < 23 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::lex::Lexer;
    use crate::number::{f64_to_f16, xorshift as rng};

    fn lex(s: &str) -> Num {
        Lexer::new(s.as_bytes()).number().unwrap().unwrap()
    }

    #[test]
    fn floats_are_correctly_rounded() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut texts: Vec<String> = vec![
            "0.26978665590286255".into(),
            "0.8506242036819458".into(),
            "9007199254740993".into(),
            "9007199254740993.0".into(),
            "1e400".into(),
            "-1e-400".into(),
            "2.2250738585072014e-308".into(),
            "4.9e-324".into(),
            "1.7976931348623157e308".into(),
            "123456789012345678901234567890".into(),
            "0.000000000000000000000000000001".into(),
            "-0.0".into(),
            "18446744073709551615".into(),
            "18446744073709551616".into(),
            "1.00000000000000011102230246251565404236316680908203125".into(),
            "1.00000000000000011102230246251565404236316680908203124".into(),
            "7.3177701707893310e+15".into(),
            "1e000000000000000000001".into(),
            "0.00000000000000000000000000000000000001e38".into(),
            "123456789012345678.5".into(),
            "1.000000059604644775390625".into(),
            "1.0000000596046447753906250001".into(),
            "1.00000005960464477".into(),
            "1.00000005960464478".into(),
            "3.4028235677973366e38".into(),
            "3.4028235677973365e38".into(),
            "2049.0000000000005".into(),
            "2049.0000000000000".into(),
            "0.000030517578125".into(),
        ];
        for _ in 0..20000 {
            let r = rng(&mut seed);
            let x = f64::from_bits(r >> 2);
            let y = f64::from(f32::from_bits((r >> 33) as u32 & 0x3fff_ffff));
            texts.push(format!("{x:e}"));
            texts.push(format!("{y}"));
            texts.push(format!("{}", (r % 100_000_000_000_000_000) as f64 / 1e17));
            texts.push(format!("0.{:017}", r % 100_000_000_000_000_000));
            texts.push(format!("{}.{:05}e-3", r % 1_000_000_000_000, r % 99_999));
            // Near float32 / float16 rounding midpoints.
            let f = f32::from_bits((r >> 40) as u32 & 0x7f7f_ffff);
            let mid = (f64::from(f) + f64::from(f32::from_bits(f.to_bits() + 1))) / 2.0;
            texts.push(format!("{mid:e}"));
            texts.push(format!("{:.17e}", mid));
            let h = half::f16::from_bits((r >> 20) as u16 & 0x7bff).to_f64();
            texts.push(format!("{:.16e}", h + h * 2f64.powi(-11)));
        }
        // The same values negative (the narrowing brackets a signed double).
        let negated: Vec<String> = texts
            .iter()
            .filter(|t| !t.starts_with('-'))
            .map(|t| format!("-{t}"))
            .collect();
        texts.extend(negated);
        for t in &texts {
            let want: f64 = t.parse().unwrap();
            let n = lex(t);
            assert_eq!(n.end, t.len(), "{t}");
            let got = n.value_f64(t.as_bytes());
            let want = if n.is_int && want == 0.0 { 0.0 } else { want };
            assert_eq!(got.to_bits(), want.to_bits(), "{t}: {got:e} vs {want:e}");
            if let Some(f) = n.narrow_bracket(|x| x as f32) {
                assert_eq!(f.to_bits(), (want as f32).to_bits(), "{t} as f32");
            }
            if let Some(h) = n.narrow_bracket(f64_to_f16) {
                assert_eq!(h.to_bits(), f64_to_f16(want).to_bits(), "{t} as f16");
            }
        }
    }
}
