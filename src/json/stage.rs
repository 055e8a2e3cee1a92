//! Rows of float text written with fixed-size stores into a staging buffer: the layout of
//! Python's `repr` from a value's shortest digits, and the row writer that the float32
//! ([`repr32`](super::repr32)) and float64 ([`repr64`](super::repr64)) digit finders share.
//!
//! A row goes out in chunks of [`CHUNK`] values, each in two passes (see [`Staged`]): the
//! digits of every value, then their text. Each value's text is written at the start of a
//! fixed-size slot of a stack buffer, with stores of 8 or 16 bytes whose bounds the compiler
//! can see (the bytes past the text are overwritten by the next value), and the chunk reaches
//! the output in one copy. Digits go out four at a time from a 40 kB table ([`DIGITS4`]):
//! measured against SWAR digit conversion, it cut the float32 row writer from ~175 to ~154
//! instructions per value and ran ~20% faster on W1.

use crate::error::{Error, Result};

use super::encode::NonFinite;

/// Bytes of the staging buffer a value's writer may touch: the longest text (24 bytes,
/// `-2.2250738585072014e-308`) plus the separator, and the fixed-size stores of the `ddd.ddd`
/// layout reach up to 35 bytes past the start.
pub(super) const SLOT: usize = 40;

/// Bytes one value plus its `", "` separator can take (24 + 2).
const MAX_TEXT: usize = 26;

/// Values per staging chunk (see [`RowScratch`]).
const CHUNK: usize = 128;

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
pub(super) fn eight_digits(x: u32) -> u64 {
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

/// A shortest-digit answer: the `n` significant digits left-aligned in the 17-digit integer
/// `top9·10^8 + low8`, and the decimal exponent `e10` of the first one (`|e10| < 100`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Short {
    pub(super) top9: u32,
    pub(super) low8: u32,
    pub(super) n: usize,
    pub(super) e10: i32,
}

impl Short {
    /// `digits`, a 17-digit integer (`10^16 <= digits < 10^17`) holding `n` significant digits.
    pub(super) fn new(digits: u64, n: usize, e10: i32) -> Self {
        let top9 = (digits / 100_000_000) as u32;
        Self {
            top9,
            low8: (digits - u64::from(top9) * 100_000_000) as u32,
            n,
            e10,
        }
    }
}

/// The 17 digits of `digits` (`10^16 <= digits < 10^17`) as ASCII: the leading digit, then
/// two words of eight (little-endian: the first digit in the lowest byte).
#[inline(always)]
pub(super) fn ascii17(digits: u64) -> (u8, u64, u64) {
    let top9 = (digits / 100_000_000) as u32;
    let low8 = (digits - u64::from(top9) * 100_000_000) as u32;
    let d1 = top9 / 100_000_000;
    (
        b'0' + d1 as u8,
        eight_digits(top9 - d1 * 100_000_000),
        eight_digits(low8),
    )
}

/// The ASCII of eight `'0'`s.
pub(super) const ZEROS8: u64 = u64::from_le_bytes(*b"00000000");

/// How many of the 17 digits `lead, w1, w2` (see [`ascii17`]) are significant: 17 less the
/// trailing zeros, found without a branch from the bytes that are `'0'` (the leading digit is
/// never zero).
#[inline(always)]
pub(super) fn significant17(w1: u64, w2: u64) -> usize {
    let (x1, x2) = (w1 ^ ZEROS8, w2 ^ ZEROS8);
    // The last digit is the highest byte: trailing zeros are leading zero bytes.
    let z2 = x2.leading_zeros() as usize / 8;
    let z1 = x1.leading_zeros() as usize / 8;
    17 - z2 - std::hint::select_unpredictable(x2 == 0, z1, 0)
}

/// Python's layout of `short` (sign `neg`) at the start of `slot`; returns the length.
#[inline(always)]
pub(super) fn format(slot: &mut [u8; SLOT], short: Short, neg: bool) -> usize {
    let d1 = short.top9 / 100_000_000;
    let lead = b'0' + d1 as u8;
    let w1 = eight_digits(short.top9 - d1 * 100_000_000);
    let w2 = eight_digits(short.low8);
    layout(slot, lead, w1, w2, short.n, short.e10, neg)
}

/// Python's layout (sign `neg`) of the first `n` of the 17 ASCII digits `lead, w1, w2` (see
/// [`ascii17`]) with decimal exponent `e10` at the start of `slot`; returns the length.
///
/// `repr(float)` is fixed notation for decimal exponents `-4..=15` (`0.0001`, `123.5`,
/// `1000000000000000.0`, with at least one fractional digit) and `d.ddde±XX` otherwise (no
/// `.0` for one digit: `1e-05`, `1e+16`).
#[inline(always)]
pub(super) fn layout(
    slot: &mut [u8; SLOT],
    lead: u8,
    w1: u64,
    w2: u64,
    n: usize,
    e10: i32,
    neg: bool,
) -> usize {
    slot[0] = b'-';
    let p0 = usize::from(neg);
    if (-4..=0).contains(&e10) {
        // 0.000ddd (at most three zeros after the point) and d.ddd, one layout with the
        // offsets picked without a branch: on values around 1 which one applies is as good as
        // random. `0.000000`, then the lead digit over one of its zeros (or over the first
        // `0`, before the point), then the other digits.
        let below1 = e10 < 0;
        let z = (-e10) as usize;
        put8(slot, p0, u64::from_le_bytes(*b"0.000000"));
        let p = std::hint::select_unpredictable(below1, p0 + 1 + z, p0);
        if let Some(c) = slot.get_mut(p) {
            *c = lead;
        }
        let q = std::hint::select_unpredictable(below1, p + 1, p + 2);
        put8(slot, q, w1);
        put8(slot, q + 8, w2);
        // 0.000ddd ends after the n digits, d.ddd after at least one fractional digit.
        std::hint::select_unpredictable(below1, p + n, p0 + 1 + n.max(2))
    } else if (1..=15).contains(&e10) {
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
        // d.ddde-XX / d.ddde+XX (the fast ranges of both writers have two-digit exponents).
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

/// A float element type the row writer stages, in two passes over a chunk: the digits of
/// every value ([`shortest`](Staged::shortest), without a branch on the data), then their
/// text. The passes' iterations do not depend on each other, so the processor overlaps
/// several values' long chains of multiplications and table reads (measured on W2: ~10% less
/// CPU time than finding and writing one value at a time).
pub(super) trait Staged: Copy {
    /// The shortest digits of the value in the fast range (Python's repr of the value as an
    /// f64, or with `COMPACT` the shortest digits at the type's own precision), left-aligned in
    /// the integer [`text`](Staged::text) takes, and the decimal exponent of the first; `None`
    /// for every other value.
    fn shortest<const COMPACT: bool>(self) -> Option<(u64, i32)>;

    /// The ASCII of `digits` from [`shortest`](Staged::shortest): the leading digit, two words
    /// of eight (see [`ascii17`]) and how many digits are significant.
    #[inline(always)]
    fn text<const COMPACT: bool>(digits: u64) -> (u8, u64, u64, usize) {
        let (lead, w1, w2) = ascii17(digits);
        (lead, w1, w2, significant17(w1, w2))
    }

    /// The sign bit.
    fn negative(self) -> bool;

    /// The text of a value [`shortest`](Staged::shortest) leaves (zero, powers of two, far
    /// exponents, NaN and the infinities under `policy`) at the start of `slot`; returns its
    /// length.
    fn write_other<const COMPACT: bool>(
        self,
        slot: &mut [u8; SLOT],
        policy: NonFinite,
        text: &mut Vec<u8>,
    ) -> Result<usize>;
}

/// The text of `v` at the start of `slot`, one value on its own; returns its length.
#[cfg(test)]
pub(super) fn write_one<T: Staged, const COMPACT: bool>(
    v: T,
    slot: &mut [u8; SLOT],
    policy: NonFinite,
    text: &mut Vec<u8>,
) -> Result<usize> {
    match v.shortest::<COMPACT>() {
        Some((digits, e10)) => {
            let (lead, w1, w2, n) = T::text::<COMPACT>(digits);
            Ok(layout(slot, lead, w1, w2, n, e10, v.negative()))
        }
        None => v.write_other::<COMPACT>(slot, policy, text),
    }
}

/// Write `chunk` (at most [`CHUNK`] values) into `buf`, each value followed by the separator,
/// and return the bytes used.
#[inline(always)]
fn stage<T: Staged, const COMPACT: bool>(
    chunk: &[T],
    buf: &mut [u8; BUF],
    found: &mut [(u64, i32); CHUNK],
    policy: NonFinite,
    text: &mut Vec<u8>,
) -> Result<usize> {
    for (f, &v) in found.iter_mut().zip(chunk) {
        // Digits 0 stand for "not in the fast range".
        *f = v.shortest::<COMPACT>().unwrap_or((0, 0));
    }
    let mut pos = 0usize;
    for (&(digits, e10), &v) in found.iter().zip(chunk) {
        // `pos <= (CHUNK - 1)·MAX_TEXT` here; the `min` only tells the compiler.
        let at = pos.min(BUF - SLOT);
        let Some(slot) = buf.get_mut(at..).and_then(|b| b.first_chunk_mut::<SLOT>()) else {
            return Err(Error::internal("JSON output slot out of range"));
        };
        let n = if digits != 0 {
            let (lead, w1, w2, n) = T::text::<COMPACT>(digits);
            layout(slot, lead, w1, w2, n, e10, v.negative())
        } else {
            v.write_other::<COMPACT>(slot, policy, text)?
        };
        let n = n.min(MAX_TEXT - 2);
        // Both bytes are written in either style (a two-byte store); the compact separator is
        // one byte, and the next value overwrites the space.
        slot[n] = b',';
        slot[n + 1] = b' ';
        pos = at + n + if COMPACT { 1 } else { 2 };
    }
    Ok(pos)
}

/// A value outside a fast writer's range: its text from `write` (the general writer, for
/// finite values and for NaN / ±infinity under [`NonFinite::Tokens`]) copied into `slot`.
#[cold]
#[inline(never)]
pub(super) fn write_general(
    slot: &mut [u8; SLOT],
    finite: bool,
    nan: bool,
    policy: NonFinite,
    text: &mut Vec<u8>,
    write: impl FnOnce(&mut Vec<u8>),
) -> Result<usize> {
    text.clear();
    super::encode::float(text, finite, nan, policy, write)?;
    let n = text.len();
    match slot.get_mut(..n) {
        Some(dst) if n + 2 <= MAX_TEXT => {
            dst.copy_from_slice(text);
            Ok(n)
        }
        _ => Err(Error::internal("float text longer than its slot")),
    }
}

/// Bytes of the staging buffer: a chunk of values at their longest, and the last slot.
const BUF: usize = CHUNK * MAX_TEXT + SLOT;

/// Reusable buffers for [`write_row`]: the chunk staging area (values are written into
/// fixed-size slots there, so every store has a bound the compiler can see, then appended to
/// the output in one copy), the digits of a chunk's values, and the general writer's text. The
/// buffers live wherever the scratch does (the encoder's stack frame): a one-request array does
/// not pay for a heap buffer.
pub(super) struct RowScratch {
    buf: [u8; BUF],
    found: [(u64, i32); CHUNK],
    text: Vec<u8>,
}

impl RowScratch {
    pub(super) fn new() -> Self {
        Self {
            buf: [0; BUF],
            found: [(0, 0); CHUNK],
            text: Vec::new(),
        }
    }
}

/// Append one row of float values, no brackets: in the reference style (`COMPACT` false)
/// Python's repr of each value (widened to f64) with `", "` between them, in the compact style
/// the shortest digits at the type's precision with `","`.
pub(super) fn write_row<T: Staged, const COMPACT: bool>(
    out: &mut Vec<u8>,
    row: &[T],
    policy: NonFinite,
    scratch: &mut RowScratch,
) -> Result<()> {
    let sep: &[u8] = if COMPACT { b"," } else { b", " };
    let RowScratch { buf, found, text } = scratch;
    for chunk in row.chunks(CHUNK) {
        let pos = stage::<T, COMPACT>(chunk, buf, found, policy, text)?;
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
    fn layouts() {
        let text = |digits: u64, n: usize, e10: i32, neg: bool| {
            let mut slot = [0u8; SLOT];
            let len = format(&mut slot, Short::new(digits, n, e10), neg);
            String::from_utf8(slot[..len].to_vec()).unwrap()
        };
        let d = 12_345_678_901_234_567;
        assert_eq!(text(d, 17, -4, false), "0.00012345678901234567");
        assert_eq!(text(d, 17, -1, true), "-0.12345678901234567");
        assert_eq!(text(d, 17, 0, false), "1.2345678901234567");
        assert_eq!(text(d, 17, 15, true), "-1234567890123456.7");
        assert_eq!(text(d, 17, -5, false), "1.2345678901234567e-05");
        assert_eq!(text(d, 17, 16, true), "-1.2345678901234567e+16");
        let one = 10_000_000_000_000_000;
        assert_eq!(text(one, 1, 0, false), "1.0");
        assert_eq!(text(one, 1, 15, false), "1000000000000000.0");
        assert_eq!(text(one, 1, -4, false), "0.0001");
        assert_eq!(text(one, 1, -5, true), "-1e-05");
        assert_eq!(text(one, 1, 16, false), "1e+16");
        assert_eq!(text(15 * one / 10, 2, 2, false), "150.0");
        assert_eq!(text(15 * one / 10, 2, -11, false), "1.5e-11");
    }
}
