//! Regression tests: replays every saved fuzz input under `tests/regression/<target>/` through the fuzz target's
//! own body (`tests/harness/mod.rs`, shared with `fuzz/`), so each input a fuzzer once crashed
//! on stays fixed. Add a file there for every fuzz find, named after what it exercises.

#[path = "harness/mod.rs"]
mod harness;

use std::path::Path;

#[test]
fn replay_saved_fuzz_inputs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regression");
    let mut replayed = 0;
    let mut targets: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/regression exists")
        .flatten()
        .filter(|e| e.path().is_dir())
        .collect();
    targets.sort_by_key(|e| e.file_name());
    for target in targets {
        let name = target.file_name().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(target.path())
            .unwrap()
            .flatten()
            .collect();
        files.sort_by_key(|e| e.file_name());
        for file in files {
            let data = std::fs::read(file.path()).unwrap();
            eprintln!("replaying {name}/{}", file.file_name().to_string_lossy());
            assert!(
                harness::run(&name, &data),
                "tests/regression/{name}: no such fuzz target"
            );
            replayed += 1;
        }
    }
    eprintln!("replayed {replayed} saved fuzz inputs");
}

#[test]
fn every_target_accepts_empty_and_short_input() {
    for t in ["json", "raw", "proto", "npy", "spec", "tensors"] {
        for data in [&[][..], &[0], &[0, 0], &[0xff; 3]] {
            assert!(harness::run(t, data));
        }
    }
}
