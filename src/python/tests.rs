//! Every row of the CPython tables in `tests/fixtures/python/` against the one implementation.
//! A mismatch prints the input, the crate's answer and CPython's.

use serde_json::Value;

use super::repr::{float_repr, py_repr};
use super::text::{
    DECIMAL_ZEROS, IntTextError, PyIntParse, is_py_space, py_float_from_str, py_int_from_str,
};

fn table(text: &str) -> Value {
    serde_json::from_str(text).expect("fixture JSON")
}

fn rows(v: &Value) -> &[Value] {
    v.as_array().map(Vec::as_slice).expect("a list of rows")
}

fn check(what: &str, total: usize, failures: &[String]) {
    for f in failures.iter().take(30) {
        println!(
            "MISMATCH {what}: {}",
            f.chars().take(300).collect::<String>()
        );
    }
    assert!(
        failures.is_empty(),
        "{what}: {} of {total} rows differ from CPython",
        failures.len()
    );
}

#[test]
fn isspace_and_decimal_digits_match_unicodedata() {
    let t = table(include_str!("../../tests/fixtures/python/unicode.json"));
    let spaces: Vec<u32> = (0..0x11_0000u32)
        .filter(|&c| char::from_u32(c).is_some_and(is_py_space))
        .collect();
    let want: Vec<u32> = rows(&t["spaces"])
        .iter()
        .map(|v| v.as_u64().expect("code point") as u32)
        .collect();
    assert_eq!(spaces, want, "str.isspace()");
    let zeros: Vec<u32> = rows(&t["decimal_zeros"])
        .iter()
        .map(|v| v.as_u64().expect("code point") as u32)
        .collect();
    assert_eq!(
        DECIMAL_ZEROS.as_slice(),
        zeros.as_slice(),
        "unicodedata.decimal"
    );
}

#[test]
fn int_and_float_of_str_match_cpython() {
    let t = table(include_str!("../../tests/fixtures/python/number_text.json"));
    let mut failures = Vec::new();
    for row in rows(&t) {
        let s = row[0].as_str().expect("input");
        let got_int = py_int_from_str(s);
        let int_ok = match (&row[1], got_int) {
            (Value::Null, Err(IntTextError::Invalid)) => true,
            (Value::String(v), Ok(PyIntParse::Small(n))) => *v == n.to_string(),
            (Value::String(v), Ok(PyIntParse::Big)) => v.parse::<i128>().is_err(),
            (Value::Array(e), Err(IntTextError::TooManyDigits(n))) => e[1]
                .as_str()
                .is_some_and(|m| m.contains(&format!("value has {n} digits"))),
            _ => false,
        };
        if !int_ok {
            failures.push(format!("int({s:?}): crate {got_int:?}, CPython {}", row[1]));
        }
        let got_float = py_float_from_str(s).map(|x| format!("{:016x}", x.to_bits()));
        if row[2].as_str() != got_float.as_deref() {
            failures.push(format!(
                "float({s:?}): crate {got_float:?}, CPython {}",
                row[2]
            ));
        }
    }
    check("int()/float()", rows(&t).len(), &failures);
}

/// Every `[input, CPython's text]` row of a table whose input `parse` reads, against `show`.
fn text_table<T>(
    what: &str,
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
    show: impl Fn(T) -> String,
) {
    let t = table(text);
    let failures: Vec<String> = rows(&t)
        .iter()
        .filter_map(|row| {
            // A row the test cannot read is a failure, never a skip.
            let (Some(input), Some(want)) = (row[0].as_str(), row[1].as_str()) else {
                return Some(format!("{what}: unreadable row {row}"));
            };
            let Some(value) = parse(input) else {
                return Some(format!("{what}: unreadable input {input:?}"));
            };
            let got = show(value);
            (got != want).then(|| format!("{what} of {input:?}: crate {got}, CPython {want}"))
        })
        .collect();
    check(what, rows(&t).len(), &failures);
}

#[test]
fn str_repr_matches_cpython() {
    text_table(
        "repr(str)",
        include_str!("../../tests/fixtures/python/str_repr.json"),
        |s| Some(s.to_string()),
        |s| py_repr(&s),
    );
}

#[test]
fn float_repr_matches_cpython() {
    text_table(
        "repr(float)",
        include_str!("../../tests/fixtures/python/float_repr.json"),
        |bits| u64::from_str_radix(bits, 16).ok().map(f64::from_bits),
        float_repr,
    );
}
