//! Wire test of the raw `serialized_bytes` transport (numpy's `tobytes`/`frombuffer`): every
//! dtype, in both byte orders, every run, encodes to exactly `len × itemsize` bytes, the other
//! byte order is the same bytes reversed item by item (code unit by code unit for strings), and
//! decodes back; `encode_into` appends exactly `encode`'s bytes.
//!
//! `properties.rs`'s `raw_roundtrips_in_both_byte_orders` round-trips random bit patterns and
//! shapes but one dtype and order a case, and checks no bytes; this test pins the byte layout of
//! every dtype in both orders on each run, so both stay. Hostile lengths and code points are in
//! `hostile.rs`.

use half::f16;
use ndarray::{ArrayD, IxDyn};
use ndarray_descriptor::{ByteOrder, DynArray, Limits, ScalarType, raw};

fn sample(scalar: ScalarType, n: usize) -> DynArray {
    let shape = IxDyn(&[n]);
    let i = |k: usize| (k as i64) * 7919 - 40_000;
    match scalar {
        ScalarType::Bool => DynArray::from(ArrayD::from_shape_fn(shape, |k| k[0] % 3 == 0)),
        ScalarType::Int8 => DynArray::from(ArrayD::from_shape_fn(shape, |k| i(k[0]) as i8)),
        ScalarType::Int16 => DynArray::from(ArrayD::from_shape_fn(shape, |k| i(k[0]) as i16)),
        ScalarType::Int32 => DynArray::from(ArrayD::from_shape_fn(shape, |k| i(k[0]) as i32)),
        ScalarType::Int64 => DynArray::from(ArrayD::from_shape_fn(shape, |k| i(k[0]) << 40)),
        ScalarType::UInt8 => DynArray::from(ArrayD::from_shape_fn(shape, |k| i(k[0]) as u8)),
        ScalarType::UInt16 => DynArray::from(ArrayD::from_shape_fn(shape, |k| i(k[0]) as u16)),
        ScalarType::UInt32 => DynArray::from(ArrayD::from_shape_fn(shape, |k| i(k[0]) as u32)),
        ScalarType::UInt64 => {
            DynArray::from(ArrayD::from_shape_fn(shape, |k| (i(k[0]) as u64) << 20))
        }
        ScalarType::Float16 => DynArray::from(ArrayD::from_shape_fn(shape, |k| {
            f16::from_f64(i(k[0]) as f64 / 64.0)
        })),
        ScalarType::Float32 => {
            DynArray::from(ArrayD::from_shape_fn(shape, |k| i(k[0]) as f32 / 3.0))
        }
        ScalarType::Float64 => {
            DynArray::from(ArrayD::from_shape_fn(shape, |k| i(k[0]) as f64 / 3.0))
        }
        ScalarType::Str => {
            let pool = ["", "a", "hé", "日本", "\u{1F600}", "a\0b", "xyz"];
            DynArray::from_strings(
                ArrayD::from_shape_fn(shape, |k| pool[k[0] % pool.len()].to_string()),
                3,
            )
        }
        other => panic!("no sample for scalar type {other:?}"),
    }
}

#[test]
fn every_dtype_round_trips_in_both_byte_orders() {
    for scalar in ScalarType::ALL {
        for order in [ByteOrder::Little, ByteOrder::Big] {
            let arr = sample(scalar, 37).with_byteorder(order);
            let dtype = arr.dtype();
            let bytes = raw::encode(&arr, order).unwrap();
            assert_eq!(bytes.len(), 37 * dtype.itemsize(), "{dtype}");
            let back = raw::decode(&bytes, dtype, &Limits::default()).unwrap();
            assert_eq!(back, arr, "{dtype}");
            // The other byte order is the same bytes reversed element by element.
            let other = if order == ByteOrder::Little {
                ByteOrder::Big
            } else {
                ByteOrder::Little
            };
            let swapped = raw::encode(&arr, other).unwrap();
            let unit = if scalar == ScalarType::Str {
                4
            } else {
                dtype.itemsize()
            };
            let reversed: Vec<u8> = bytes
                .chunks(unit)
                .flat_map(|c| c.iter().rev().copied())
                .collect();
            assert_eq!(swapped, reversed, "{dtype}");
        }
    }
}

#[test]
fn encode_into_appends() {
    let arr = sample(ScalarType::Int32, 4);
    let mut out = vec![0xAA];
    raw::encode_into(&arr, ByteOrder::Little, &mut out).unwrap();
    assert_eq!(out.len(), 17);
    assert_eq!(out[0], 0xAA);
    assert_eq!(&out[1..], raw::encode(&arr, ByteOrder::Little).unwrap());
}
