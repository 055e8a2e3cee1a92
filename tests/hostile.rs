//! Hostile-input tests for every decoder (JSON, protobuf, `.npy`, raw `serialized_bytes`, the
//! Open Inference Protocol's REST and gRPC request decoders), one
//! test per attack: claims far beyond the bytes present, shapes that overflow, negative or too
//! many dimensions, nesting, truncation everywhere, lengths past the buffer, invalid UTF-8 and
//! code points, enormous numbers, many small elements, and a sweep of every prefix and random
//! mutations of protobuf messages. Each asserts the outcome the reference gives (its value, or a
//! typed client error where it crashes) and that the decoder's peak heap use stays within a
//! small multiple of the bytes received, so no claim inside the input sizes an allocation.
//!
//! Allocation is measured with a counting global allocator in this test binary only. A
//! `GlobalAlloc` implementation has to be `unsafe impl`; the crate itself stays
//! `#![forbid(unsafe_code)]`, and this wrapper only forwards to `System` and counts. Rows take
//! a global lock for their whole run, so parallel test threads do not count each other.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use ndarray_descriptor::{
    DType, DynArray, Error, ErrorKind, Limits, NumpyNdarray, ScalarType, json, npy, oip, proto, raw,
};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards to `System` with the caller's own arguments, unchanged, so
// `System`'s guarantees are this allocator's; the counters are plain atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as received.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as received.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as received.
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), SeqCst);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as received.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            CURRENT.fetch_sub(layout.size(), SeqCst);
            grow(new_size);
        }
        p
    }
}

fn grow(n: usize) {
    let now = CURRENT.fetch_add(n, SeqCst) + n;
    PEAK.fetch_max(now, SeqCst);
}

#[global_allocator]
static GLOBAL: Counting = Counting;

static LOCK: Mutex<()> = Mutex::new(());

fn lock() -> MutexGuard<'static, ()> {
    LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

/// Heap use of anything but the decoder's output and working set: the test harness, messages.
const SLACK: usize = 256 << 10;

/// Run `f` on `input`, returning its result; panics if the peak heap growth during the call
/// passes `factor × input.len() + SLACK`, or the call takes longer than `secs` seconds.
/// Call only while holding [`lock`]: every test takes it first, so that no other test thread
/// allocates (its own inputs, say) while a row is measured.
fn bounded<T>(input: &[u8], factor: usize, secs: u64, f: impl FnOnce(&[u8]) -> T) -> T {
    let base = CURRENT.load(SeqCst);
    PEAK.store(base, SeqCst);
    let t = Instant::now();
    let out = f(input);
    let took = t.elapsed();
    let peak = PEAK.load(SeqCst).saturating_sub(base);
    let bound = factor * input.len() + SLACK;
    if std::env::var_os("HOSTILE_VERBOSE").is_some() {
        eprintln!("peak {peak} for {} bytes in {took:?}", input.len());
    }
    assert!(
        peak <= bound,
        "peak heap growth {peak} bytes for a {}-byte input (bound {bound})",
        input.len()
    );
    assert!(
        took < Duration::from_secs(secs),
        "took {took:?} for a {}-byte input",
        input.len()
    );
    out
}

fn err<T: std::fmt::Debug>(r: Result<T, Error>) -> Error {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e,
    }
}

/// `proto::decode`'s error for `msg`, its peak heap bounded by 16 × the message's bytes.
fn proto_err(msg: &[u8], limits: &Limits) -> Error {
    bounded(msg, 16, 5, |b| err(proto::decode(b, limits)))
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn varint(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
    out
}

/// A packed `shape` field (field 2) holding `dims`.
fn shape_field(dims: &[i64]) -> Vec<u8> {
    let payload: Vec<u8> = dims.iter().flat_map(|&d| varint(d as u64)).collect();
    [vec![0x12], varint(payload.len() as u64), payload].concat()
}

/// A `.npy` 1.0 file with header dict `dict` and `data` after it.
fn npy_file(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut header = dict.as_bytes().to_vec();
    let total = 10 + header.len() + 1;
    header.resize(header.len() + (64 - total % 64) % 64, b' ');
    header.push(b'\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(&header);
    out.extend_from_slice(data);
    out
}

// --- nesting ---------------------------------------------------------------------------------

#[test]
fn json_nesting_100_000_deep() {
    let _g = lock();
    // Python's json.loads raises RecursionError (a 500); here a client error, never a stack
    // overflow: the scanner keeps nesting in a counter, not on the call stack.
    let body = [vec![b'['; 100_000], vec![b']'; 100_000]].concat();
    let e = bounded(&body, 1, 10, |b| {
        err(json::decode(b, None, &Limits::default()))
    });
    assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{}", e.message());
    assert!(
        e.message().contains("nesting deeper than the limit of 128"),
        "{}",
        e.message()
    );
    // Without a configured depth, CPython's own recursion limit (1000) still applies.
    let e = bounded(&body, 1, 10, |b| {
        err(json::decode(b, None, &Limits::unlimited()))
    });
    assert_eq!(e.kind(), ErrorKind::BadInput);
    assert!(
        e.message().starts_with("maximum recursion depth exceeded"),
        "{}",
        e.message()
    );
    // The same inside an object (a different reader) and with a dtype hint (the fast reader).
    let body = [b"[".to_vec(), b"{\"a\": [".repeat(50_000), vec![b' '; 10]].concat();
    let e = bounded(&body, 1, 10, |b| {
        err(json::decode(b, Some(DType::FLOAT32), &Limits::unlimited()))
    });
    assert_eq!(e.kind(), ErrorKind::BadInput);
    assert!(
        e.message().starts_with("maximum recursion depth exceeded"),
        "{}",
        e.message()
    );
}

#[test]
fn json_65_dimensions_is_numpy_maxdims() {
    let _g = lock();
    let body = [vec![b'['; 65], b"1".to_vec(), vec![b']'; 65]].concat();
    let e = bounded(&body, 4, 5, |b| {
        err(json::decode(b, None, &Limits::unlimited()))
    });
    assert_eq!(e.kind(), ErrorKind::BadInput);
    assert!(
        e.message().contains("maximum number of dimension of 64"),
        "{}",
        e.message()
    );
}

#[test]
fn proto_deep_group_nesting() {
    let _g = lock();
    let limits = Limits::default();
    let nest = |n: usize| [vec![0x7b; n], vec![0x7c; n], unhex("3a0107")].concat();
    // upb's depth limit is 100 groups
    assert!(bounded(&nest(100), 64, 5, |b| proto::decode(b, &limits)).is_ok());
    assert_eq!(proto_err(&nest(101), &limits).kind(), ErrorKind::BadInput);
    // a million levels: refused at level 101, without recursion
    assert_eq!(
        proto_err(&nest(1_000_000), &limits).kind(),
        ErrorKind::BadInput
    );
    // a million groups opened and never closed
    assert_eq!(
        proto_err(&[0x7b; 1_000_000], &limits).kind(),
        ErrorKind::BadInput
    );
    // mismatched end-group numbers
    assert_eq!(
        proto_err(&unhex("7b0b7c0c"), &limits).kind(),
        ErrorKind::BadInput
    );
}

// --- shapes that overflow or claim what is not there ----------------------------------------

#[test]
fn npy_shape_product_overflows_u64() {
    let _g = lock();
    let file = npy_file(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 2), }",
        &[0; 8],
    );
    let e = bounded(&file, 4, 5, |b| err(npy::decode(b, &Limits::unlimited())));
    assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{}", e.message());
    assert!(e.message().contains("overflows"), "{}", e.message());
}

#[test]
fn proto_shape_product_overflows() {
    let _g = lock();
    // np.empty((2**31-1,)*3): numpy's "array is too big" ValueError, past the address space
    // whatever the limits.
    let msg = shape_field(&[i64::from(i32::MAX); 3]);
    for limits in [Limits::unlimited(), Limits::default()] {
        let e = bounded(&msg, 4, 5, |b| err(proto::decode(b, &limits)));
        assert_eq!(e.kind(), ErrorKind::BadInput);
        assert!(
            e.message().starts_with("array is too big"),
            "{}",
            e.message()
        );
    }
}

#[test]
fn proto_shape_claims_10_12_elements_with_8_bytes() {
    let _g = lock();
    // dtype DTYPE_DOUBLE, shape (10**6, 10**6), one double: np.reshape's ValueError.
    let msg = [
        vec![0x08, 0x02],
        shape_field(&[1_000_000, 1_000_000]),
        vec![0x22, 0x08],
        1.5f64.to_le_bytes().to_vec(),
    ]
    .concat();
    let e = bounded(&msg, 4, 5, |b| err(proto::decode(b, &Limits::default())));
    assert_eq!(e.kind(), ErrorKind::BadInput);
    assert_eq!(
        e.message(),
        "cannot reshape array of size 1 into shape (1000000,1000000)"
    );
    // No values at all: the reference's np.empty(shape); numpy would map 8 TB lazily, here the
    // claim is refused before anything is allocated.
    let msg = shape_field(&[1_000_000, 1_000_000]);
    let e = bounded(&msg, 4, 5, |b| err(proto::decode(b, &Limits::unlimited())));
    assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{}", e.message());
    let e = bounded(&msg, 4, 5, |b| err(proto::decode(b, &Limits::default())));
    assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{}", e.message());
    // A dtype whose field is empty (DTYPE_INT64) and a huge shape: nothing to reshape.
    let msg = [vec![0x08, 0x05], shape_field(&[1 << 30, 1 << 30])].concat();
    let e = bounded(&msg, 4, 5, |b| err(proto::decode(b, &Limits::default())));
    assert_eq!(e.kind(), ErrorKind::BadInput, "{}", e.message());
}

#[test]
fn proto_np_empty_within_max_elements_is_still_capped() {
    let _g = lock();
    // 10**8 float64 zeros (800 MB) from a 7-byte message: under max_elements (2**27), over
    // max_unbacked_elements (2**16).
    let msg = shape_field(&[10_000, 10_000]);
    let e = bounded(&msg, 4, 5, |b| err(proto::decode(b, &Limits::default())));
    assert_eq!(e.kind(), ErrorKind::LimitExceeded);
    assert!(
        e.message().starts_with("np.empty of 100000000 elements"),
        "{}",
        e.message()
    );
    // A small np.empty is the reference's answer (zero-filled here).
    let msg = shape_field(&[2, 3]);
    let arr = bounded(&msg, 64, 5, |b| proto::decode(b, &Limits::default())).unwrap();
    assert_eq!(arr.dtype(), DType::FLOAT64);
    assert_eq!(arr.shape(), &[2, 3]);
    // …and over a lowered max_elements it is a limit; an empty np.empty claims nothing.
    let limits = Limits::default().with_max_elements(5);
    let e = bounded(&msg, 64, 5, |b| err(proto::decode(b, &limits)));
    assert_eq!(e.kind(), ErrorKind::LimitExceeded);
    let empty = shape_field(&[0, 1 << 30]);
    assert!(bounded(&empty, 64, 5, |b| proto::decode(b, &limits)).is_ok());
}

#[test]
fn proto_too_many_dimensions() {
    let _g = lock();
    let limits = Limits::default();
    let with_values = |dims: &[i64]| [shape_field(dims), unhex("3a0101")].concat();
    // with values: the reshape
    assert_eq!(
        proto_err(&with_values(&[1; 65]), &limits).kind(),
        ErrorKind::BadInput
    );
    // without: np.empty
    assert_eq!(
        proto_err(&shape_field(&[1; 65]), &limits).kind(),
        ErrorKind::BadInput
    );
    // 64 is numpy's maximum and fine
    let a = bounded(&with_values(&[1; 64]), 64, 5, |b| proto::decode(b, &limits)).expect("64 dims");
    assert_eq!(a.ndim(), 64);
    // a lowered limit
    let two = Limits::default().with_max_ndim(2);
    assert_eq!(
        proto_err(&with_values(&[1, 1, 1]), &two).kind(),
        ErrorKind::LimitExceeded
    );
    // a million shape entries are bounded by the body, and refused as dimensions
    let msg = [vec![0x12], varint(1_000_000), vec![1u8; 1_000_000]].concat();
    assert_eq!(proto_err(&msg, &limits).kind(), ErrorKind::BadInput);
}

#[test]
fn proto_negative_dimensions() {
    let _g = lock();
    let limits = Limits::default();
    let e = proto_err(&shape_field(&[3, -2]), &limits);
    assert_eq!(e.message(), "negative dimensions are not allowed");
    // with values, one negative entry is inferred, two are an error
    let values = unhex("3a0401020304");
    let msg = [shape_field(&[-5, 2]), values.clone()].concat();
    let a = bounded(&msg, 64, 5, |b| proto::decode(b, &limits)).unwrap();
    assert_eq!(a.shape(), &[2, 2]);
    for dims in [[-1, -1], [i64::from(i32::MIN), 0]] {
        let msg = [shape_field(&dims), values.clone()].concat();
        assert_eq!(
            proto_err(&msg, &limits).kind(),
            ErrorKind::BadInput,
            "{dims:?}"
        );
    }
}

#[test]
fn npy_header_claiming_2_gib() {
    let _g = lock();
    // Version 2.0: a 4-byte header length of 2**31, and 16 bytes after it.
    let mut file = b"\x93NUMPY\x02\x00".to_vec();
    file.extend_from_slice(&(1u32 << 31).to_le_bytes());
    file.extend_from_slice(b"{'descr': '<f8',");
    let e = bounded(&file, 4, 5, |b| err(npy::decode(b, &Limits::default())));
    assert_eq!(e.kind(), ErrorKind::LimitExceeded);
    assert!(
        e.message()
            .starts_with("Header info length (2147483648) is large"),
        "{}",
        e.message()
    );
    // With no header cap, the claim meets the bytes present: numpy's EOF error, no allocation.
    let e = bounded(&file, 4, 5, |b| err(npy::decode(b, &Limits::unlimited())));
    assert_eq!(e.kind(), ErrorKind::BadInput);
    assert_eq!(
        e.message(),
        "EOF: reading array header, expected 2147483648 bytes got 16"
    );
}

#[test]
fn npy_data_claim_past_the_file() {
    let _g = lock();
    let file = npy_file(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (100000000,), }",
        &[0; 8],
    );
    let e = bounded(&file, 4, 5, |b| err(npy::decode(b, &Limits::default())));
    assert_eq!(e.kind(), ErrorKind::BadInput);
    assert_eq!(
        e.message(),
        "EOF: reading array data, expected 800000000 bytes got 8"
    );
}

#[test]
fn npy_zero_width_strings_claiming_10_8_elements() {
    let _g = lock();
    // numpy keeps a <U0 array in zero bytes; here each "" is a String, so the claim is capped.
    let file = npy_file(
        "{'descr': '<U0', 'fortran_order': False, 'shape': (100000000,), }",
        &[],
    );
    let e = bounded(&file, 4, 5, |b| err(npy::decode(b, &Limits::default())));
    assert_eq!(e.kind(), ErrorKind::LimitExceeded);
    assert!(
        e.message().starts_with("a <U0 array of 100000000 elements"),
        "{}",
        e.message()
    );
}

// --- truncation and lengths ------------------------------------------------------------------

#[test]
fn proto_truncated_varints() {
    let _g = lock();
    for msg in [
        "08",                         // tag without its value
        "0880",                       // dtype varint cut after a continuation byte
        "08ffffffffffffffffff",       // dtype varint of 9 continuation bytes, no end
        "1203808080",                 // packed shape cut
        "80",                         // tag cut
        "88",                         // tag cut after its field number
        "2affffffff0f",               // length 2**32-1, nothing after it
        "3a02018f",                   // last packed varint cut at the payload's end
        "3a01803a0101",               // packed varint cut, the next bytes do not complete it
        "42098080808080808080",       // int64 ten-byte varint cut
        "3a0bffffffffffffffffffff01", // eleven-byte varint inside a packed field
    ] {
        let e = proto_err(&unhex(msg), &Limits::default());
        assert_eq!(e.kind(), ErrorKind::BadInput, "{msg}: {}", e.message());
        assert!(
            e.message().starts_with("Error parsing message"),
            "{}",
            e.message()
        );
    }
}

#[test]
fn proto_lengths_past_the_buffer() {
    let _g = lock();
    let mut cases: Vec<Vec<u8>> = [
        "1a100000803f",   // float_values claims 16 bytes and carries 4
        "2a808080800161", // a string claims 2**28 bytes and carries 1
        "1a08000000",     // float_values claims 8 bytes and carries 3
        "2a05616263",     // a string claims 5 bytes and carries 3
        "a20105",         // an unknown field (20) claims 5 bytes and carries none
        "1d0000",         // fixed-width values cut short: fixed32, fixed64, an unknown fixed32
        "21000000",
        "fd0100",
    ]
    .iter()
    .map(|h| unhex(h))
    .collect();
    // float_values claims 2**32-1 bytes and carries 4; a double field claims i64::MAX bytes.
    cases.push([vec![0x1a], varint(u64::from(u32::MAX)), vec![0; 4]].concat());
    cases.push([vec![0x22], varint(i64::MAX as u64)].concat());
    for msg in cases {
        let e = proto_err(&msg, &Limits::default());
        assert_eq!(e.kind(), ErrorKind::BadInput, "{msg:02x?}: {}", e.message());
    }
}

#[test]
fn npy_truncated_everywhere() {
    let _g = lock();
    let file = npy_file(
        "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), }",
        &[1; 16],
    );
    for n in 0..file.len() {
        let e = bounded(&file[..n], 16, 5, |b| {
            err(npy::decode(b, &Limits::default()))
        });
        assert_eq!(e.kind(), ErrorKind::BadInput, "cut at {n}: {}", e.message());
    }
    assert!(npy::decode(&file, &Limits::default()).is_ok());
}

#[test]
fn raw_length_not_a_multiple_of_the_item_size() {
    let _g = lock();
    let limits = Limits::default();
    // Every dtype at lengths around its item size (7 bytes of float64 among them): a whole
    // number of items decodes, any other length is numpy's frombuffer ValueError.
    for scalar in ScalarType::ALL {
        let dtype = if scalar == ScalarType::Str {
            DType::string(3)
        } else {
            DType::native(scalar)
        };
        let size = dtype.itemsize();
        for len in [0, 1, size - 1, size, size + 1, 10 * size + 1, 4096] {
            match bounded(&vec![0u8; len], 16, 5, |b| raw::decode(b, dtype, &limits)) {
                Ok(a) => {
                    assert_eq!(len % size, 0, "{dtype} len {len}");
                    assert_eq!(a.len(), len / size);
                }
                Err(e) => {
                    assert_ne!(len % size, 0, "{dtype} len {len}: {}", e.message());
                    assert_eq!(e.kind(), ErrorKind::BadInput);
                    assert_eq!(
                        e.message(),
                        "buffer size must be a multiple of element size"
                    );
                }
            }
        }
    }
    // More items than max_elements; a str dtype without a width.
    let few = Limits::default().with_max_elements(10);
    let e = bounded(&[0; 44], 16, 5, |b| {
        err(raw::decode(b, DType::FLOAT32, &few))
    });
    assert_eq!(e.kind(), ErrorKind::LimitExceeded);
    let e = bounded(&[0; 4], 16, 5, |b| err(raw::decode(b, DType::STR, &limits)));
    assert_eq!(e.message(), "itemsize cannot be zero in type");
}

// --- invalid UTF-8 ---------------------------------------------------------------------------

#[test]
fn invalid_utf8() {
    let _g = lock();
    // JSON: Python decodes the whole body first (UnicodeDecodeError, a 500 in the reference).
    let e = bounded(b"[\"a\xff\"]", 16, 5, |b| {
        err(json::decode(b, None, &Limits::default()))
    });
    assert_eq!(e.kind(), ErrorKind::BadInput);
    assert_eq!(
        e.message(),
        "'utf-8' codec can't decode byte 0xff in position 3: invalid start byte"
    );
    // protobuf string_values: upb refuses the message, also when the dtype selects another
    // field (upb checks every string).
    for payload in [
        "c328",
        "ff",
        "c0af",
        "eda080",
        "edbfbf",
        "f4908080",
        "e282",
        "80",
        "f880808080",
    ] {
        let p = unhex(payload);
        let msg = [vec![0x2a, p.len() as u8], p].concat();
        let e = proto_err(&msg, &Limits::default());
        assert_eq!(e.kind(), ErrorKind::BadInput, "{payload}");
        let with_dtype = [vec![0x08, 0x01], msg].concat();
        let e = proto_err(&with_dtype, &Limits::default());
        assert_eq!(e.kind(), ErrorKind::BadInput, "{payload}");
    }
    // .npy 3.0 headers are UTF-8.
    let mut file = b"\x93NUMPY\x03\x00".to_vec();
    let header = b"{'descr': '<f8\xff', 'fortran_order': False, 'shape': (), }\n";
    file.extend_from_slice(&(header.len() as u32).to_le_bytes());
    file.extend_from_slice(header);
    let e = bounded(&file, 16, 5, |b| err(npy::decode(b, &Limits::default())));
    assert_eq!(e.kind(), ErrorKind::BadInput);
    // <U1 code units that are not Unicode scalar values; U+10FFFF is the last that is.
    let u1 = DType::parse("<U1").unwrap();
    for unit in [0xd800u32, 0xdfff, 0x11_0000, u32::MAX] {
        let e = bounded(&unit.to_le_bytes(), 16, 5, |b| {
            err(raw::decode(b, u1, &Limits::default()))
        });
        assert_eq!(e.kind(), ErrorKind::BadInput, "0x{unit:X}");
    }
    let ok = bounded(&0x10_ffffu32.to_le_bytes(), 16, 5, |b| {
        raw::decode(b, u1, &Limits::default())
    })
    .unwrap();
    assert_eq!(&ok.as_strings().unwrap()[[0]], "\u{10FFFF}");
}

// --- values numpy refuses --------------------------------------------------------------------

#[test]
fn nan_into_an_int_dtype() {
    let _g = lock();
    // np.array([nan], dtype=int32) raises ValueError, so the reference retries without the
    // dtype: a float64 array, which validate cannot cast back (float64 → int32 is not
    // same_kind) and keeps.
    let desc = NumpyNdarray::builder().dtype(DType::INT32).build().unwrap();
    let arr = bounded(b"[NaN, 1.0]", 64, 5, |b| desc.from_json(b)).unwrap();
    assert_eq!(arr.dtype(), DType::FLOAT64);
    let v = arr.as_array::<f64>().unwrap();
    assert!(v[[0]].is_nan());
    assert_eq!(v[[1]], 1.0);
    // With enforce_dtype that is BentoML's bad input.
    let strict = NumpyNdarray::builder()
        .dtype(DType::INT32)
        .enforce_dtype(true)
        .build()
        .unwrap();
    let e = err(strict.from_json(b"[NaN]"));
    assert_eq!(
        e.message(),
        r#"NumpyNdarray: Expecting ndarray of dtype "int32", but "float64" was received."#
    );
    // Infinity is an OverflowError in numpy (no retry): a client error.
    let e = err(json::decode(
        b"[Infinity]",
        Some(DType::INT32),
        &Limits::default(),
    ));
    assert_eq!(e.message(), "cannot convert float infinity to integer");
}

// --- enormous numbers ------------------------------------------------------------------------

const TEN_MB: usize = 10 << 20;

#[test]
fn number_with_a_10_mb_exponent() {
    let _g = lock();
    // float("1e999...9") is inf and float("1e-999...9") is 0.0; json.loads gives the same.
    let body = [b"[1e".to_vec(), vec![b'9'; TEN_MB], b"]".to_vec()].concat();
    let arr = bounded(&body, 2, 30, |b| json::decode(b, None, &Limits::default())).unwrap();
    assert_eq!(arr.as_array::<f64>().unwrap()[[0]], f64::INFINITY);
    let body = [b"[1e-".to_vec(), vec![b'9'; TEN_MB], b"]".to_vec()].concat();
    let arr = bounded(&body, 2, 30, |b| json::decode(b, None, &Limits::default())).unwrap();
    assert_eq!(arr.as_array::<f64>().unwrap()[[0]], 0.0);
    // The fast reader (a float32 hint) gives the same values.
    let arr = bounded(&body, 2, 30, |b| {
        json::decode(b, Some(DType::FLOAT32), &Limits::default())
    })
    .unwrap();
    assert_eq!(arr.as_array::<f32>().unwrap()[[0]], 0.0);
}

#[test]
fn integer_with_a_10_mb_mantissa() {
    let _g = lock();
    // CPython refuses to convert an int of more than 4300 digits: ValueError from json.loads.
    let body = [b"[".to_vec(), vec![b'7'; TEN_MB], b"]".to_vec()].concat();
    for dtype in [None, Some(DType::INT64), Some(DType::FLOAT64)] {
        let e = bounded(&body, 2, 30, |b| {
            err(json::decode(b, dtype, &Limits::default()))
        });
        assert_eq!(e.kind(), ErrorKind::BadInput);
        assert_eq!(
            e.message(),
            "Exceeds the limit (4300 digits) for integer string conversion: line 1 column 2 \
             (char 1)"
        );
    }
}

#[test]
fn float_with_a_10_mb_mantissa() {
    let _g = lock();
    // A float has no digit limit: float("0.333...3") is 1/3 rounded, float("777...7.5") inf.
    let body = [b"[0.".to_vec(), vec![b'3'; TEN_MB], b"]".to_vec()].concat();
    let arr = bounded(&body, 2, 30, |b| json::decode(b, None, &Limits::default())).unwrap();
    assert_eq!(arr.as_array::<f64>().unwrap()[[0]], 1.0 / 3.0);
    let body = [b"[".to_vec(), vec![b'7'; TEN_MB], b".5]".to_vec()].concat();
    let arr = bounded(&body, 2, 30, |b| json::decode(b, None, &Limits::default())).unwrap();
    assert_eq!(arr.as_array::<f64>().unwrap()[[0]], f64::INFINITY);
    // Into an int dtype that is int(inf): numpy's OverflowError, a client error here.
    let e = err(json::decode(&body, Some(DType::INT64), &Limits::default()));
    assert_eq!(e.message(), "cannot convert float infinity to integer");
}

#[test]
fn ten_mb_of_whitespace() {
    let _g = lock();
    let pad = vec![b' '; TEN_MB];
    let body = [
        pad.clone(),
        b"[1,".to_vec(),
        pad.clone(),
        b"2]".to_vec(),
        pad,
    ]
    .concat();
    let arr = bounded(&body, 1, 30, |b| json::decode(b, None, &Limits::default())).unwrap();
    assert_eq!(
        arr.as_array::<i64>().unwrap().as_slice(),
        Some(&[1i64, 2][..])
    );
    let e = bounded(&body[..TEN_MB], 1, 30, |b| {
        err(json::decode(b, None, &Limits::default()))
    });
    assert_eq!(
        e.message(),
        "Expecting value: line 1 column 10485761 (char 10485760)"
    );
}

// --- many small elements ---------------------------------------------------------------------

#[test]
fn a_million_empty_strings() {
    let _g = lock();
    // np.array([""] * 10**6) is <U1 (numpy's minimum width), every element "".
    let n = 1_000_000;
    let body = [b"[\"\"".to_vec(), b", \"\"".repeat(n - 1), b"]".to_vec()].concat();
    let arr = bounded(&body, 24, 30, |b| json::decode(b, None, &Limits::default())).unwrap();
    assert_eq!(arr.dtype(), DType::parse("<U1").unwrap());
    assert_eq!(arr.shape(), &[n]);
    assert!(arr.as_strings().unwrap().iter().all(str::is_empty));
    // The same through protobuf string_values (two bytes each on the wire).
    let msg = [0x2a, 0x00].repeat(n);
    let arr = bounded(&msg, 48, 30, |b| proto::decode(b, &Limits::default())).unwrap();
    assert_eq!(arr.shape(), &[n]);
    assert_eq!(arr.len(), n);
}

#[test]
fn a_string_array_is_bounded_by_the_bytes_received() {
    let _g = lock();
    // A million 8-character strings: one text buffer and one offset each, no String per
    // element, so the peak stays within a few times the body on every path.
    let n = 1_000_000;
    let body = [
        b"[\"abcdefgh\"".to_vec(),
        b", \"abcdefgh\"".repeat(n - 1),
        b"]".to_vec(),
    ]
    .concat();
    let u8dt = DType::parse("<U8").unwrap();
    let arr = bounded(&body, 3, 30, |b| {
        json::decode(b, Some(u8dt), &Limits::default())
    })
    .unwrap();
    assert_eq!((arr.dtype(), arr.len()), (u8dt, n));
    assert_eq!(arr.as_strings().unwrap().values().len(), 8 * n);
    let arr = bounded(&body, 3, 30, |b| json::decode(b, None, &Limits::default())).unwrap();
    assert_eq!((arr.dtype(), arr.len()), (u8dt, n));
    // protobuf string_values: 10 bytes a field on the wire; the reader's list of field
    // slices (16 bytes each) comes before the buffer.
    let msg = [&[0x2a, 0x08][..], b"abcdefgh"].concat().repeat(n);
    let arr = bounded(&msg, 4, 30, |b| proto::decode(b, &Limits::default())).unwrap();
    assert_eq!((arr.dtype(), arr.len()), (u8dt, n));
    // UCS-4 raw bytes (32 a string): the UTF-8 text is a quarter of them.
    let raw_bytes = raw::encode(&arr, ndarray_descriptor::ByteOrder::Little).unwrap();
    let back = bounded(&raw_bytes, 1, 30, |b| {
        raw::decode(b, u8dt, &Limits::default())
    })
    .unwrap();
    assert_eq!(back, arr);
}

#[test]
fn element_limit_stops_growth_early() {
    let _g = lock();
    let limits = Limits::default().with_max_elements(1000);
    let body = [b"[0".to_vec(), b",0".repeat(100_000), b"]".to_vec()].concat();
    for dtype in [None, Some(DType::INT8), Some(DType::STR)] {
        let e = bounded(&body, 2, 10, |b| err(json::decode(b, dtype, &limits)));
        assert_eq!(
            e.kind(),
            ErrorKind::LimitExceeded,
            "{dtype:?}: {}",
            e.message()
        );
    }
    let e = bounded(&[0u8; 4004], 2, 5, |b| {
        err(raw::decode(b, DType::FLOAT32, &limits))
    });
    assert_eq!(e.kind(), ErrorKind::LimitExceeded);
    let msg = [vec![0x1a, 0xa4, 0x1f], vec![0; 4004]].concat();
    let e = bounded(&msg, 2, 5, |b| err(proto::decode(b, &limits)));
    assert_eq!(e.kind(), ErrorKind::LimitExceeded);
    // Packed, repeated and fixed-width protobuf values past the limit fail while parsing.
    let three = Limits::default().with_max_elements(3);
    for msg in [
        "3a0401020304",
        "3801380238033804",
        "1a100000803f0000803f0000803f0000803f",
    ] {
        let e = proto_err(&unhex(msg), &three);
        assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{msg}");
    }
    assert!(bounded(&unhex("3a03010203"), 64, 5, |b| proto::decode(b, &three)).is_ok());
}

#[test]
fn body_limit_applies_to_every_transport() {
    let _g = lock();
    let limits = Limits::default().with_max_body_bytes(16);
    let body = vec![b' '; 17];
    let arr = DynArray::from(ndarray::arr1(&[1i32, 2, 3, 4, 5]).into_dyn());
    let npy_bytes = npy::encode(&arr).unwrap();
    let proto_bytes = proto::encode(&arr).unwrap();
    let kinds = [
        err(json::decode(&body, None, &limits)).kind(),
        err(raw::decode(&[0; 20], DType::INT32, &limits)).kind(),
        err(npy::decode(&npy_bytes, &limits)).kind(),
        err(proto::decode(
            &[&proto_bytes[..], &[0x08, 0x05].repeat(8)].concat(),
            &limits,
        ))
        .kind(),
    ];
    assert!(
        kinds.iter().all(|&k| k == ErrorKind::LimitExceeded),
        "{kinds:?}"
    );
}

#[test]
fn json_object_with_many_keys_is_linear() {
    let _g = lock();
    // Duplicate-key handling must not compare every key with every other: 200 000 distinct
    // keys in an object inside the array (an object array: bad input, after the whole parse).
    let keys: Vec<u8> = (0..200_000)
        .flat_map(|i| format!("\"k{i}\": 0, ").into_bytes())
        .collect();
    let body = [b"[{".to_vec(), keys, b"\"end\": 1}]".to_vec()].concat();
    let e = bounded(&body, 64, 20, |b| {
        err(json::decode(b, None, &Limits::default()))
    });
    assert_eq!(e.kind(), ErrorKind::BadInput, "{}", e.message());
}

// --- sweeps ----------------------------------------------------------------------------------

/// Deterministic xorshift for the sweeps.
fn rng(seed: u64) -> impl FnMut() -> u64 {
    let mut s = seed;
    move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    }
}

fn sample_messages() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = [
        "0801120202021a100000c03f000010c000004040cdcccc3d",
        "0808120202022a01312a042d322e352a0378c3a92a00",
        "080512020202421bffffffffffffffffff018080808080200580808080808080808001",
        "7801a201026869ad0101020304b10100010203040506073a0105",
        "7b0b08010c7c3a0107",
        "080312020202320401000001",
        "52160180808080808080808001ffffffffffffffffff0100",
    ]
    .iter()
    .map(|h| unhex(h))
    .collect();
    let arr = DynArray::from(ndarray::ArrayD::from_shape_fn(
        ndarray::IxDyn(&[3, 5]),
        |i| (i[0] as f64) * 1e10 - (i[1] as f64),
    ));
    out.push(proto::encode(&arr).expect("float64 encodes"));
    out
}

#[test]
fn proto_every_prefix_and_mutation_decodes_or_fails_cleanly() {
    let _g = lock();
    let desc = NumpyNdarray::new();
    let limits = Limits::default().with_max_elements(1 << 16);
    let mut r = rng(0x9e37_79b9_7f4a_7c15);
    for msg in sample_messages() {
        for end in 0..=msg.len() {
            let _ = bounded(&msg[..end], 16, 5, |b| proto::decode(b, &limits));
            let _ = bounded(&msg[..end], 16, 5, |b| desc.from_proto(b));
        }
        for _ in 0..2000 {
            let mut m = msg.clone();
            for _ in 0..1 + r() % 3 {
                let i = (r() as usize) % m.len();
                m[i] = r() as u8;
            }
            if let Err(e) = bounded(&m, 16, 5, |b| proto::decode(b, &limits)) {
                assert!(
                    matches!(e.kind(), ErrorKind::BadInput | ErrorKind::LimitExceeded),
                    "{:?}: {}",
                    e.kind(),
                    e.message()
                );
            }
        }
    }
}

// --- Open Inference Protocol ----------------------------------------------------------------

/// An OIP REST body: `json` followed by `binary`, and the header length to send with it.
fn oip_body(json: &str, binary: &[u8]) -> (Vec<u8>, usize) {
    ([json.as_bytes(), binary].concat(), json.len())
}

/// `oip::decode_request`'s error for `body`, its peak heap bounded by 8 × the body's bytes.
fn oip_err(body: &[u8], header: Option<usize>) -> Error {
    bounded(body, 8, 5, |b| {
        err(oip::decode_request(b, header, &Limits::default()))
    })
}

#[test]
fn oip_framing_claims_past_the_bytes() {
    let _g = lock();
    // A header length past the body.
    let e = oip_err(b"{\"inputs\": []}", Some(1 << 40));
    assert_eq!(e.kind(), ErrorKind::BadInput);
    assert_eq!(
        e.message(),
        "Inference-Header-Content-Length 1099511627776 is past the end of the 14-byte body"
    );
    // A binary_data_size of 2^60 with 8 bytes behind it.
    let (body, h) = oip_body(
        r#"{"inputs": [{"name": "i", "shape": [2], "datatype": "FP32", "parameters": {"binary_data_size": 1152921504606846976}}]}"#,
        &[0; 8],
    );
    let e = oip_err(&body, Some(h));
    assert_eq!(
        e.message(),
        "input 'i': binary_data_size 1152921504606846976 is past the end of the binary data (8 bytes left)"
    );
    // Sizes that leave bytes over.
    let (body, h) = oip_body(
        r#"{"inputs": [{"name": "i", "shape": [1], "datatype": "FP32", "parameters": {"binary_data_size": 4}}]}"#,
        &[0; 12],
    );
    let e = oip_err(&body, Some(h));
    assert_eq!(
        e.message(),
        "the request has 12 bytes of binary data but its inputs' binary_data_size add up to 4"
    );
}

#[test]
fn oip_bytes_length_prefixes_past_the_end() {
    let _g = lock();
    // One element claiming 4 GiB - 1 bytes, then 10^8 elements claimed with 4 bytes.
    let (body, h) = oip_body(
        r#"{"inputs": [{"name": "i", "shape": [1], "datatype": "BYTES", "parameters": {"binary_data_size": 8}}]}"#,
        b"\xff\xff\xff\xffabcd",
    );
    let e = oip_err(&body, Some(h));
    assert_eq!(
        e.message(),
        "input 'i': BYTES element 0: its length 4294967295 is past the end of the data (4 bytes left)"
    );
    let (body, h) = oip_body(
        r#"{"inputs": [{"name": "i", "shape": [100000000], "datatype": "BYTES", "parameters": {"binary_data_size": 4}}]}"#,
        &[0; 4],
    );
    let e = oip_err(&body, Some(h));
    assert_eq!(
        e.message(),
        "input 'i': 4 bytes of BYTES data cannot hold shape [100000000] (100000000 elements of at least 4 bytes)"
    );
    // Many small elements are fine: 100 000 empty strings in 400 000 bytes.
    let (body, h) = oip_body(
        r#"{"inputs": [{"name": "i", "shape": [100000], "datatype": "BYTES", "parameters": {"binary_data_size": 400000}}]}"#,
        &vec![0; 400_000],
    );
    let r = bounded(&body, 16, 5, |b| {
        oip::decode_request(b, Some(h), &Limits::default())
    });
    assert_eq!(r.unwrap().inputs[0].data.len(), 100_000);
}

#[test]
fn oip_shapes_that_overflow_or_do_not_match() {
    let _g = lock();
    let cases: [(&str, usize, ErrorKind, &str); 4] = [
        (
            r#"{"inputs": [{"name": "i", "shape": [4294967296, 4294967296, 4294967296], "datatype": "FP32", "parameters": {"binary_data_size": 8}}]}"#,
            8,
            ErrorKind::LimitExceeded,
            "input 'i': array shape [4294967296, 4294967296, 4294967296] overflows the element count",
        ),
        (
            r#"{"inputs": [{"name": "i", "shape": [1000000, 1000000], "datatype": "FP64", "parameters": {"binary_data_size": 8}}]}"#,
            8,
            ErrorKind::LimitExceeded,
            "input 'i': array of 1000000000000 elements exceeds the limit of 134217728 elements",
        ),
        (
            r#"{"inputs": [{"name": "i", "shape": [3], "datatype": "INT64", "parameters": {"binary_data_size": 8}}]}"#,
            8,
            ErrorKind::BadInput,
            "input 'i': 8 bytes of INT64 data do not hold shape [3] (24 bytes expected)",
        ),
        (
            r#"{"inputs": [{"name": "i", "shape": [1000000], "datatype": "FP32", "data": [1, 2]}]}"#,
            0,
            ErrorKind::BadInput,
            "input 'i': FP32 data of 2 elements does not match shape [1000000] (1000000 elements)",
        ),
    ];
    for (json, n, kind, msg) in cases {
        let (body, h) = oip_body(json, &vec![0; n]);
        let e = oip_err(&body, (n > 0).then_some(h));
        assert_eq!((e.kind(), e.message()), (kind, msg));
    }
}

#[test]
fn oip_json_nesting_and_unterminated_data() {
    let _g = lock();
    let deep = format!(
        r#"{{"inputs": [{{"name": "i", "shape": [1], "datatype": "FP32", "data": {}1{}}}]}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let e = oip_err(deep.as_bytes(), None);
    assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{}", e.message());
    // An array that never closes: the bracket search runs off the end, once.
    let open = format!(
        r#"{{"inputs": [{{"name": "i", "shape": [1], "datatype": "FP32", "data": {}"#,
        "[1, ".repeat(200_000)
    );
    let e = oip_err(open.as_bytes(), None);
    assert_eq!(
        e.message(),
        "invalid JSON in the inference request at byte 11: unterminated array"
    );
}

#[test]
fn oip_grpc_claims_past_the_contents() {
    use ndarray_descriptor::oip::inference::model_infer_request::InferInputTensor;
    use ndarray_descriptor::oip::inference::{InferTensorContents, ModelInferRequest};
    let _g = lock();
    let tensor = |shape: Vec<i64>, datatype: &str, contents| InferInputTensor {
        name: "i".into(),
        datatype: datatype.into(),
        shape,
        parameters: Default::default(),
        contents,
    };
    let cases = [
        (
            tensor(vec![1 << 40, 1 << 40], "FP32", None),
            vec![vec![0u8; 8]],
            "input 'i': array shape [1099511627776, 1099511627776] overflows the element count",
        ),
        (
            tensor(vec![1_000_000], "BYTES", None),
            vec![vec![0u8; 8]],
            "input 'i': 8 bytes of BYTES data cannot hold shape [1000000]",
        ),
        (
            tensor(
                vec![1_000_000_000],
                "FP32",
                Some(InferTensorContents {
                    fp32_contents: vec![1.0; 4],
                    ..Default::default()
                }),
            ),
            vec![],
            "input 'i': array of 1000000000 elements exceeds the limit",
        ),
        (
            tensor(
                vec![100_000],
                "FP32",
                Some(InferTensorContents {
                    fp32_contents: vec![1.0; 4],
                    ..Default::default()
                }),
            ),
            vec![],
            "input 'i': 4 elements in fp32_contents do not match shape [100000] (100000 elements)",
        ),
    ];
    for (t, raw, msg) in cases {
        let req = ModelInferRequest {
            inputs: vec![t],
            raw_input_contents: raw.into_iter().map(Into::into).collect(),
            ..Default::default()
        };
        let input = prost::Message::encode_to_vec(&req);
        let e = bounded(&input, 8, 5, |_| {
            err(oip::decode_infer_request(&req, &Limits::default()))
        });
        assert!(e.message().starts_with(msg), "{}", e.message());
    }
}
