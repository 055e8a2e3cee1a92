#!/usr/bin/env bash
# Wall time of one Spark batch-inference job, three ways, in one run (scripts/spark/job.py):
#
#   (a) arrow    the Rust example server (examples/serve.rs, release build, feature arrow),
#                each Arrow batch posted as an Arrow IPC stream
#   (b) bentoml  BentoML 1.4.39's server with the same legacy NumpyNdarray API and model
#                (scripts/bench-serve/iris_service.py), each batch posted the way
#                bentoml.batch.run_in_spark does it: batch.to_pandas().to_numpy() as JSON
#   (c) local    no service: the model in numpy inside the UDF (the floor)
#
#   scripts/spark-bench.sh                             # ROWS=1000000 BATCH_ROWS=10000
#   BENTOML_VENV=/path/to/venv scripts/spark-bench.sh  # a venv with bentoml 1.4.39
#
# Each is a fresh local[2] Spark session; the time is the job's (mapInArrow through the collect
# of ids and classes at the driver, session start-up excluded), and every job's rows are checked
# against numpy. The goal: (a) - (c) <= 0.1 x ((b) - (c)). BentoML runs with its default workers
# (one per CPU) and the access log off (scripts/bench-serve/bentoml_configuration.yaml).
# Needs what scripts/spark-job.sh needs (it sets up target/spark-venv) and BentoML in
# BENTOML_VENV (default .venv-ref, which scripts/python-clients.sh sets up); without BentoML,
# (b) is reported as skipped. CAUTION: 2 cores run Spark, its Python workers and the server
# alike: compare figures of one run with each other. Output also in target/spark-bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

ROWS="${ROWS:-1000000}"
BATCH_ROWS="${BATCH_ROWS:-10000}"
BENTOML_VENV="${BENTOML_VENV:-$ROOT/.venv-ref}"
PY="$ROOT/target/spark-venv/bin/python"
OUT="$ROOT/target/spark-bench"
HERE="$ROOT/scripts/bench-serve"
mkdir -p "$OUT"

if ! "$PY" -c "import pyspark" 2>/dev/null; then
    echo "spark bench: no target/spark-venv with pyspark: run scripts/spark-job.sh first" >&2
    exit 1
fi

# A server is its process tree (BentoML's workers start sessions of their own): SIGTERM to the
# top process, then after at most 10 s SIGKILL to whatever of the tree is left.
SERVER_PID=""
# shellcheck source=scripts/lib/process-tree.sh
. scripts/lib/process-tree.sh # (the script runs from the repository root)
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
wait_ready() { # name url tenths-of-a-second
    local i
    for ((i = 0; i < $3; i++)); do
        if curl -sf -o /dev/null --max-time 1 "$2/readyz"; then return 0; fi
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "spark bench: $1 did not become ready (log: $OUT/$1.log)" >&2
    tail -n 20 "$OUT/$1.log" >&2 || true
    return 1
}
job() { # mode url -> prints the job's line; the seconds go to $OUT/<mode>.s
    local line
    line="$(timeout 900 "$PY" scripts/spark/job.py --mode "$1" --url "$2" \
        --rows "$ROWS" --batch-rows "$BATCH_ROWS" 2>"$OUT/$1-spark.log")" || {
        echo "spark bench: the $1 job failed: $line (log: $OUT/$1-spark.log)" >&2
        return 1
    }
    echo "$line"
    sed -E 's/.* rows in ([0-9.]+) s.*/\1/' <<<"$line" >"$OUT/$1.s"
}

rm -f "$OUT"/*.s
echo "spark bench: $ROWS rows, $BATCH_ROWS-row Arrow batches, local[2]"

# (c) the floor
job local "http://127.0.0.1:9"

# (a) the Rust example over Arrow IPC
cargo build --quiet --release --features arrow --example serve
SERVE="$(cargo metadata --format-version 1 --no-deps | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/examples/serve"
port="$(free_port)"
grpc="$(free_port)"
setsid "$SERVE" --host 127.0.0.1 --port "$port" --grpc-port "$grpc" --log-level warn \
    >"$OUT/rust.log" 2>&1 &
SERVER_PID=$!
wait_ready rust "http://127.0.0.1:$port" 200
job arrow "http://127.0.0.1:$port"
stop_server

# (b) BentoML, JSON as run_in_spark sends it
if "$BENTOML_VENV/bin/python" -c "import bentoml" 2>/dev/null; then
    port="$(free_port)"
    setsid env BENTOML_CONFIG="$HERE/bentoml_configuration.yaml" BENTOML_HOME="$OUT/bentoml-home" \
        BENTOML_DO_NOT_TRACK=true "$BENTOML_VENV/bin/bentoml" serve iris_service:svc \
        --working-dir "$HERE" --host 127.0.0.1 --port "$port" >"$OUT/bentoml.log" 2>&1 &
    SERVER_PID=$!
    wait_ready bentoml "http://127.0.0.1:$port" 1200
    job bentoml "http://127.0.0.1:$port"
    stop_server
else
    echo "spark bench: (b) skipped (no bentoml in $BENTOML_VENV)"
fi

a="$(cat "$OUT/arrow.s")"
c="$(cat "$OUT/local.s")"
if [[ -f "$OUT/bentoml.s" ]]; then
    b="$(cat "$OUT/bentoml.s")"
    "$PY" - "$a" "$b" "$c" <<'EOF' | tee "$OUT/result.txt"
import sys
a, b, c = map(float, sys.argv[1:])
print(f"spark bench: (a) Rust, Arrow IPC {a:.2f} s  (b) BentoML, JSON {b:.2f} s  (c) in the UDF {c:.2f} s")
print(f"spark bench: (a)-(c) = {a - c:.2f} s, 0.1 x ((b)-(c)) = {0.1 * (b - c):.2f} s: goal "
      + ("met" if a - c <= 0.1 * (b - c) else "NOT met"))
EOF
else
    echo "spark bench: (a) Rust, Arrow IPC $a s  (c) in the UDF $c s" | tee "$OUT/result.txt"
fi
