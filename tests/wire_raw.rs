//! The raw `serialized_bytes` transport: round trips in both byte orders for every dtype, and
//! hostile lengths.

use half::f16;
use ndarray::{ArrayD, IxDyn};
use ndarray_descriptor::{ByteOrder, DType, DynArray, ErrorKind, Limits, ScalarType, raw};

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

#[test]
fn hostile_lengths() {
    let limits = Limits::default();
    for scalar in ScalarType::ALL {
        let dtype = if scalar == ScalarType::Str {
            DType::string(3)
        } else {
            DType::native(scalar)
        };
        let size = dtype.itemsize();
        for len in [0, 1, size - 1, size, size + 1, 10 * size + 1, 4096] {
            let bytes = vec![0u8; len];
            match raw::decode(&bytes, dtype, &limits) {
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
    let few = Limits::default().with_max_elements(10);
    assert_eq!(
        raw::decode(&[0; 44], DType::FLOAT32, &few)
            .unwrap_err()
            .kind(),
        ErrorKind::LimitExceeded
    );
    assert_eq!(
        raw::decode(&[0; 4], DType::STR, &limits)
            .unwrap_err()
            .message(),
        "itemsize cannot be zero in type"
    );
}

#[test]
fn invalid_code_points_are_bad_input() {
    for unit in [0x11_0000u32, 0xD800, 0xDFFF, u32::MAX] {
        let e = raw::decode(&unit.to_le_bytes(), DType::string(1), &Limits::default()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput, "0x{unit:X}");
    }
    let ok = raw::decode(
        &0x10_FFFFu32.to_le_bytes(),
        DType::string(1),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(ok.as_array::<String>().unwrap()[[0]], "\u{10FFFF}");
}
