//! Runs every golden vector file in `tests/conformance/vectors/` (the copy that ships with the
//! crate; `NDARRAY_CONFORMANCE_DIR` names another directory of files in the same format) against
//! the crate, as `tests/conformance/vectors/README.md` ("How a case is judged") says. Each file's
//! cases go to its runner in `tests/conformance/<file>.rs`.
//!
//! Prints the directory it read, `conformance FILE: N passed, M failed[, K known]` per file,
//! `conformance pending: ...` for files whose transport is not built yet, and a total. Any
//! failure fails the test; so does an unknown file, and a known failure that now passes (the
//! list only shrinks).

mod common;

#[cfg(feature = "arrow")]
#[path = "conformance/arrow.rs"]
mod arrow;

#[path = "conformance/bytes_decode.rs"]
mod bytes_decode;
#[path = "conformance/can_cast.rs"]
mod can_cast;
#[path = "conformance/dtypes.rs"]
mod dtypes;
#[path = "conformance/json_decode.rs"]
mod json_decode;
#[path = "conformance/json_encode.rs"]
mod json_encode;
#[path = "conformance/proto_decode.rs"]
mod proto_decode;
#[path = "conformance/proto_encode.rs"]
mod proto_encode;
#[path = "conformance/spark_schema.rs"]
mod spark_schema;
#[path = "conformance/spec_openapi.rs"]
mod spec_openapi;
#[path = "conformance/validate.rs"]
mod validate;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use common::Outcome;

/// A file's runner: judges one case.
type Runner = fn(&Value) -> Outcome;

/// Files with a runner. A file listed in `PENDING` has no runner yet.
const RUNNERS: &[(&str, Runner)] = &[
    #[cfg(feature = "arrow")]
    ("arrow.json", arrow::run),
    ("bytes_decode.json", bytes_decode::run),
    ("can_cast.json", can_cast::run),
    ("dtypes.json", dtypes::run),
    ("json_decode.json", json_decode::run),
    ("json_encode.json", json_encode::run),
    ("proto_decode.json", proto_decode::run),
    ("proto_encode.json", proto_encode::run),
    ("spark_schema.json", spark_schema::run),
    ("spec_openapi.json", spec_openapi::run),
    ("validate.json", validate::run),
];

/// Files whose transport is not built yet: reported on the `conformance pending:` line.
const PENDING: &[&str] = &[
    // Runs with `--features arrow`.
    #[cfg(not(feature = "arrow"))]
    "arrow.json",
];

/// `$NDARRAY_CONFORMANCE_DIR`, else the vectors committed with the crate, so a fresh clone (or
/// the unpacked `.crate`) runs the suite with nothing beside it.
fn conformance_dir() -> PathBuf {
    match std::env::var_os("NDARRAY_CONFORMANCE_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/vectors"),
    }
}

/// The reviewed known-failures list: `id<TAB or spaces>reason`, one per line.
fn known_failures() -> BTreeMap<String, String> {
    let text = include_str!("conformance/known_failures.txt");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(char::is_whitespace) {
            Some((id, why)) => (id.to_string(), why.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

#[test]
fn conformance() {
    let dir = conformance_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read conformance dir {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no *.json vectors in {}", dir.display());
    println!("conformance dir: {}", dir.display());

    let known = known_failures();
    let mut seen_known = 0usize;
    let (mut total_pass, mut total_fail) = (0usize, 0usize);
    let mut pending = Vec::new();
    let mut problems = Vec::new();

    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let runner = RUNNERS.iter().find(|(f, _)| *f == name).map(|(_, r)| *r);
        let Some(runner) = runner else {
            if PENDING.contains(&name.as_str()) {
                pending.push(name);
            } else {
                problems.push(format!(
                    "{name}: unknown vector file (no runner, not pending)"
                ));
                total_fail += 1;
            }
            continue;
        };
        let text = std::fs::read_to_string(path).unwrap();
        let doc: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not valid JSON: {e}"));
        let cases = doc["cases"].as_array().cloned().unwrap_or_default();
        let (mut pass, mut fail, mut kn) = (0usize, 0usize, 0usize);
        for case in &cases {
            let id = case["id"].as_str().unwrap_or("<no id>").to_string();
            let outcome = common::prejudge(case).unwrap_or_else(|| {
                std::panic::catch_unwind(|| runner(case))
                    .unwrap_or_else(|_| Err("panicked".to_string()))
            });
            match (outcome, known.contains_key(&id)) {
                (Ok(()), false) => pass += 1,
                (Ok(()), true) => {
                    fail += 1;
                    problems.push(format!(
                        "{name} {id}: passes now; remove it from known_failures.txt"
                    ));
                }
                (Err(_), true) => kn += 1,
                (Err(why), false) => {
                    fail += 1;
                    problems.push(format!("{name} {id}: {why}"));
                }
            }
        }
        seen_known += kn;
        if kn > 0 {
            println!("conformance {name}: {pass} passed, {fail} failed, {kn} known");
        } else {
            println!("conformance {name}: {pass} passed, {fail} failed");
        }
        total_pass += pass;
        total_fail += fail;
    }
    if !pending.is_empty() {
        println!("conformance pending: {}", pending.join(" "));
    }
    println!("conformance total: {total_pass} passed, {total_fail} failed");
    for p in problems.iter().take(200) {
        println!("FAIL {p}");
    }
    if problems.len() > 200 {
        println!("... and {} more failures", problems.len() - 200);
    }
    let _ = seen_known;
    assert_eq!(
        total_fail, 0,
        "{total_fail} conformance failures (see FAIL lines above)"
    );
}
