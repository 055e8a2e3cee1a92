//! The protobuf transport against hostile input: claims far beyond the bytes present,
//! truncation everywhere, bad UTF-8, too many or negative dimensions, deep group nesting.
//! Every case must end in a typed error (never a panic, never an allocation sized by a
//! claim), and every byte string in the sweeps must decode or fail cleanly.

use ndarray_descriptor::proto;
use ndarray_descriptor::{DynArray, ErrorKind, Limits, NumpyNdarray};

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
fn shape_field(dims: &[i32]) -> Vec<u8> {
    let payload: Vec<u8> = dims.iter().flat_map(|&d| varint(d as i64 as u64)).collect();
    let mut out = vec![0x12];
    out.extend(varint(payload.len() as u64));
    out.extend(payload);
    out
}

fn kind(bytes: &[u8]) -> ErrorKind {
    match proto::decode(bytes, &Limits::default()) {
        Ok(a) => panic!("expected an error, got {:?} {:?}", a.dtype(), a.shape()),
        Err(e) => e.kind(),
    }
}

#[test]
fn trillion_element_claim_with_eight_bytes_of_data() {
    // dtype DOUBLE, shape [1000000, 1000000], one double: the reshape is checked against
    // the one element present.
    let mut m = vec![0x08, 0x02];
    m.extend(shape_field(&[1_000_000, 1_000_000]));
    m.extend(unhex("2208000000000000f03f"));
    assert_eq!(kind(&m), ErrorKind::BadInput);
    // No values at all: the reference's np.empty would allocate 8 TB; here it is a limit.
    let m = shape_field(&[1_000_000, 1_000_000]);
    assert_eq!(kind(&m), ErrorKind::LimitExceeded);
    // Past the address space: numpy's "array is too big".
    let m = shape_field(&[i32::MAX, i32::MAX, i32::MAX]);
    let e = proto::decode(&m, &Limits::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BadInput);
    assert!(
        e.message().starts_with("array is too big"),
        "{}",
        e.message()
    );
    // A dtype with an empty field and a huge shape: nothing to reshape.
    let mut m = vec![0x08, 0x05];
    m.extend(shape_field(&[1 << 30, 1 << 30]));
    assert_eq!(kind(&m), ErrorKind::BadInput);
    // …and a small np.empty under a lowered limit.
    let limits = Limits::default().with_max_elements(5);
    let e = proto::decode(&shape_field(&[2, 3]), &limits).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded);
    assert!(proto::decode(&shape_field(&[0, 1 << 30]), &limits).is_ok());
}

#[test]
fn values_past_the_element_limit_fail_while_parsing() {
    let limits = Limits::default().with_max_elements(3);
    for m in [
        "3a0401020304",
        "3801380238033804",
        "1a100000803f0000803f0000803f0000803f",
    ] {
        let e = proto::decode(&unhex(m), &limits).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{m}");
    }
    assert!(proto::decode(&unhex("3a03010203"), &limits).is_ok());
}

#[test]
fn truncated_varints_and_tags() {
    for m in [
        "08",                         // tag without its value
        "0880",                       // dtype varint cut after a continuation byte
        "88",                         // tag cut
        "3a02018f",                   // last packed varint cut at the payload's end
        "3a01803a0101",               // packed varint cut, the next bytes do not complete it
        "42098080808080808080",       // int64 ten-byte varint cut
        "3a0bffffffffffffffffffff01", // eleven-byte varint inside a packed field
    ] {
        assert_eq!(kind(&unhex(m)), ErrorKind::BadInput, "{m}");
    }
}

#[test]
fn lengths_past_the_buffer() {
    let mut huge = vec![0x1a];
    huge.extend(varint(u64::from(u32::MAX)));
    huge.extend([0, 0, 0, 0]);
    let mut i64_max = vec![0x22];
    i64_max.extend(varint(i64::MAX as u64));
    for m in [
        unhex("1a08000000"),
        unhex("2a05616263"),
        unhex("a20105"),
        huge,
        i64_max,
    ] {
        assert_eq!(kind(&m), ErrorKind::BadInput, "{m:02x?}");
    }
    // fixed-width values cut short
    for m in ["1d0000", "21000000", "fd0100"] {
        assert_eq!(kind(&unhex(m)), ErrorKind::BadInput, "{m}");
    }
}

#[test]
fn invalid_utf8_strings() {
    for payload in [
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
        let mut m = vec![0x2a, p.len() as u8];
        m.extend(p);
        assert_eq!(kind(&m), ErrorKind::BadInput, "{payload}");
        // also when the dtype selects another field: upb checks every string
        let mut with_dtype = vec![0x08, 0x01];
        with_dtype.extend(&m);
        assert_eq!(kind(&with_dtype), ErrorKind::BadInput, "{payload}");
    }
}

#[test]
fn too_many_dimensions() {
    let dims = vec![1; 65];
    // with values: the reshape
    let mut m = shape_field(&dims);
    m.extend(unhex("3a0101"));
    assert_eq!(kind(&m), ErrorKind::BadInput);
    // without: np.empty
    assert_eq!(kind(&shape_field(&dims)), ErrorKind::BadInput);
    // 64 is numpy's maximum and fine
    let mut m = shape_field(&[1; 64]);
    m.extend(unhex("3a0101"));
    let a = proto::decode(&m, &Limits::default()).expect("64 dims");
    assert_eq!(a.ndim(), 64);
    // a lowered limit
    let limits = Limits::default().with_max_ndim(2);
    let mut m = shape_field(&[1, 1, 1]);
    m.extend(unhex("3a0101"));
    assert_eq!(
        proto::decode(&m, &limits).unwrap_err().kind(),
        ErrorKind::LimitExceeded
    );
    // a million shape entries are bounded by the body, and refused as dimensions
    let mut m = vec![0x12];
    m.extend(varint(1_000_000));
    m.extend(std::iter::repeat_n(1u8, 1_000_000));
    assert_eq!(kind(&m), ErrorKind::BadInput);
}

#[test]
fn negative_dimensions() {
    let e = proto::decode(&shape_field(&[3, -2]), &Limits::default()).unwrap_err();
    assert_eq!(e.message(), "negative dimensions are not allowed");
    // with values, one negative entry is inferred, two are an error
    let mut m = shape_field(&[-5, 2]);
    m.extend(unhex("3a0401020304"));
    assert_eq!(
        proto::decode(&m, &Limits::default()).unwrap().shape(),
        &[2, 2]
    );
    let mut m = shape_field(&[-1, -1]);
    m.extend(unhex("3a0401020304"));
    assert_eq!(kind(&m), ErrorKind::BadInput);
    let mut m = shape_field(&[i32::MIN, 0]);
    m.extend(unhex("3a0401020304"));
    assert_eq!(kind(&m), ErrorKind::BadInput);
}

#[test]
fn deep_group_nesting() {
    let nest = |n: usize| {
        let mut v = vec![0x7b; n];
        v.extend(std::iter::repeat_n(0x7c, n));
        v.extend(unhex("3a0107"));
        v
    };
    // upb's depth limit is 100 groups
    assert!(proto::decode(&nest(100), &Limits::default()).is_ok());
    assert_eq!(kind(&nest(101)), ErrorKind::BadInput);
    // a million levels: refused at level 101, without recursion
    assert_eq!(kind(&nest(1_000_000)), ErrorKind::BadInput);
    // a million groups opened and never closed
    assert_eq!(kind(&vec![0x7b; 1_000_000]), ErrorKind::BadInput);
    // mismatched end-group numbers
    assert_eq!(kind(&unhex("7b0b7c0c")), ErrorKind::BadInput);
}

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
fn every_prefix_and_mutation_decodes_or_fails_cleanly() {
    let desc = NumpyNdarray::new();
    let limits = Limits::default().with_max_elements(1 << 16);
    let mut r = rng(0x9e37_79b9_7f4a_7c15);
    for msg in sample_messages() {
        for end in 0..=msg.len() {
            let _ = proto::decode(&msg[..end], &limits);
            let _ = desc.from_proto(&msg[..end]);
        }
        for _ in 0..2000 {
            let mut m = msg.clone();
            for _ in 0..1 + r() % 3 {
                let i = (r() as usize) % m.len();
                m[i] = r() as u8;
            }
            if let Err(e) = proto::decode(&m, &limits) {
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

#[test]
fn encode_refuses_dtypes_outside_the_table() {
    use ndarray::{ArrayD, IxDyn};
    let cases: Vec<(DynArray, &str)> = vec![
        (DynArray::from(ArrayD::<i8>::zeros(IxDyn(&[2]))), "int8"),
        (DynArray::from(ArrayD::<u16>::zeros(IxDyn(&[2]))), "uint16"),
        (
            DynArray::from(ArrayD::from_elem(IxDyn(&[2]), half::f16::ZERO)),
            "float16",
        ),
        (
            DynArray::from(ArrayD::from_elem(IxDyn(&[2]), "héllo".to_string())),
            "<U5",
        ),
    ];
    for (arr, shown) in cases {
        let e = proto::encode(&arr).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput);
        assert_eq!(
            e.message(),
            format!("Unsupported dtype '{shown}' for response message.")
        );
    }
}
