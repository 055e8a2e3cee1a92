//! SWAR digit tricks (as in simdjson / fast_float): eight ASCII digits tested and converted
//! per `u64`, for the number lexer.

use crate::number::POW10_U64;

/// Scan the run of ASCII digits at `i`, accumulating them into `m` (`nd` digits so far)
/// while the total stays within 19; returns the end, the value and the total digit count
/// (over 19: `m` is incomplete). Eight bytes at a time: a byte is a digit when neither
/// `c - 0x30` nor `c + 0x46` sets its top bit (carries and borrows only run towards later
/// bytes, so the first non-digit is found exactly); the digits of a chunk are shifted to its
/// top with `'0'` padding below and converted with the SWAR eight-digit trick.
#[inline(always)]
pub(super) fn digits_acc(b: &[u8], mut i: usize, mut m: u64, mut nd: usize) -> (usize, u64, usize) {
    while let Some(chunk) = b.get(i..i + 8) {
        let mut a = [0u8; 8];
        a.copy_from_slice(chunk);
        let v = u64::from_le_bytes(a);
        let non_digit = (v.wrapping_sub(0x3030_3030_3030_3030)
            | v.wrapping_add(0x4646_4646_4646_4646))
            & 0x8080_8080_8080_8080;
        let n = if non_digit == 0 {
            8
        } else {
            (non_digit.trailing_zeros() / 8) as usize
        };
        if n > 0 && nd + n <= 19 {
            let v = if n == 8 {
                v
            } else {
                (v << (8 * (8 - n))) | (0x3030_3030_3030_3030u64 >> (8 * n))
            };
            m = m * POW10_U64[n] + u64::from(convert_eight(v));
        }
        nd += n;
        i += n;
        if n < 8 {
            return (i, m, nd);
        }
    }
    while let Some(&c) = b.get(i) {
        if !c.is_ascii_digit() {
            break;
        }
        if nd < 19 {
            m = m * 10 + u64::from(c - b'0');
        }
        nd += 1;
        i += 1;
    }
    (i, m, nd)
}

/// The value of eight ASCII digits packed little-endian in `v` (SWAR, as in fast_float).
#[inline(always)]
pub(super) fn convert_eight(v: u64) -> u32 {
    const MASK: u64 = 0x0000_00FF_0000_00FF;
    const MUL1: u64 = 100 + (1_000_000 << 32);
    const MUL2: u64 = 1 + (10_000 << 32);
    let mut v = v.wrapping_sub(0x3030_3030_3030_3030);
    v = v.wrapping_mul(10).wrapping_add(v >> 8);
    v = ((v & MASK)
        .wrapping_mul(MUL1)
        .wrapping_add(((v >> 16) & MASK).wrapping_mul(MUL2)))
        >> 32;
    v as u32
}

/// How many of the eight bytes packed little-endian in `v` are ASCII digits before the first
/// non-digit (8 when all are), by the test [`digits_acc`] describes.
#[inline(always)]
pub(super) fn digit_run(v: u64) -> usize {
    (non_digits(v).trailing_zeros() / 8) as usize
}

/// The top bit of each byte of `v` that is not an ASCII digit, for bytes up to and including
/// the first such byte (carries and borrows run only towards later bytes); 0 when all eight
/// are digits.
#[inline(always)]
pub(super) fn non_digits(v: u64) -> u64 {
    (v.wrapping_sub(0x3030_3030_3030_3030) | v.wrapping_add(0x4646_4646_4646_4646))
        & 0x8080_8080_8080_8080
}

/// The value of the first `n` (0 to 8) ASCII digits packed little-endian in `v`: shifted to
/// the top of the word with `'0'` padding below, then converted as eight digits. No branch on
/// `n` (a shift by 64 is 0 here), so a varying digit count costs no misprediction.
#[inline(always)]
pub(super) fn leading_digits(v: u64, n: usize) -> u32 {
    let k = 8 * (8 - n as u32);
    let top = v.checked_shl(k).unwrap_or(0);
    let pad = 0x3030_3030_3030_3030u64.checked_shr(64 - k).unwrap_or(0);
    convert_eight(top | pad)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value of the eight ASCII digits at `b[i..i + 8]`, if they are all digits (SWAR, as in
    /// simdjson / fast_float).
    #[inline]
    fn eight_digits(b: &[u8], i: usize) -> Option<u32> {
        let chunk: [u8; 8] = b.get(i..i + 8)?.try_into().ok()?;
        let v = u64::from_le_bytes(chunk);
        let all_digits = ((v & 0xF0F0_F0F0_F0F0_F0F0)
            | ((v.wrapping_add(0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4))
            == 0x3333_3333_3333_3333;
        if !all_digits {
            return None;
        }
        Some(convert_eight(v))
    }

    #[test]
    fn eight_digit_chunks() {
        assert_eq!(eight_digits(b"12345678", 0), Some(12_345_678));
        assert_eq!(eight_digits(b"00000009x", 0), Some(9));
        assert_eq!(eight_digits(b"1234567a", 0), None);
        assert_eq!(eight_digits(b"1234/678", 0), None);
        assert_eq!(eight_digits(b"1234567", 0), None);
    }
}
