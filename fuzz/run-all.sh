#!/usr/bin/env bash
# Run every fuzz target in turn: RUNS executions each (default 10 million), at most SECS
# seconds each (default 900), under a 256 MB RSS cap, niced. New corpus entries go to
# $WORK/corpus/<target> (the committed seeds in fuzz/corpus are read, never written); a crash
# leaves its input in fuzz/artifacts/<target>/ and the log in $WORK/<target>.log.
# Usage: fuzz/run-all.sh [target ...]   (RUSTC_BOOTSTRAP lets cargo-fuzz pass -Z flags on stable)
set -uo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10000000}
SECS=${SECS:-900}
WORK=${WORK:-/tmp/ndarray-fuzz}
SANITIZER=${SANITIZER:-none}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(json proto npy raw spec tensors oip)
for t in "${targets[@]}"; do
    mkdir -p "$WORK/corpus/$t"
    RUSTC_BOOTSTRAP=1 nice -n 10 cargo fuzz run -s "$SANITIZER" "$t" "$WORK/corpus/$t" "fuzz/corpus/$t" -- \
        -rss_limit_mb=256 -runs="$RUNS" -max_total_time="$SECS" -print_final_stats=1 \
        > "$WORK/$t.log" 2>&1
    echo "$t: exit $? $(grep -E '^stat::number_of_executed_units' "$WORK/$t.log")"
done
