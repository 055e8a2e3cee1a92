#!/usr/bin/env bash
# Batch inference on a real Spark: a local[2] pyspark job (scripts/spark/job.py) sends
# ROWS (100000) rows of iris features through mapInArrow, each Arrow batch posted to the example
# server (examples/serve.rs, built with the `arrow` feature) as an Arrow IPC stream, builds its
# output schema from the server's GET /spark_schema/classify, and checks every row against the
# same model in numpy. Fails (non-zero) on a wrong row or a server that does not start.
#
#   scripts/spark-job.sh                 # ROWS=100000 BATCH_ROWS=10000
#
# Python: a venv of its own, target/spark-venv (or SPARK_VENV), with pyspark, pyarrow, pandas
# (< 3, which pyspark 4 supports) and numpy from PyPI (the reference venv .venv-ref keeps its
# pinned numpy and BentoML untouched). Spark needs Java (17 or 21). Without Java, or when PyPI
# cannot be reached, it prints `spark job: skipped (<why>)` and exits 0. The server listens on
# 127.0.0.1 on free ports and is stopped on exit (errors and Ctrl-C included); every wait is
# bounded.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

ROWS="${ROWS:-100000}"
BATCH_ROWS="${BATCH_ROWS:-10000}"
PYTHON="${PYTHON:-python3}"
VENV="${SPARK_VENV:-$ROOT/target/spark-venv}"
LOG="$ROOT/target/spark-job"
mkdir -p "$LOG"

skip() {
    echo "spark job: skipped ($*)"
    exit 0
}

# Java first: it is the cheaper check, and Spark cannot start without it.
if ! command -v java >/dev/null 2>&1; then
    skip "no java on PATH; Spark needs a JDK 17 or 21"
fi
if ! java_version="$(java -version 2>&1 | head -n 1)"; then
    skip "java -version failed"
fi
echo "spark job: $java_version"
command -v "$PYTHON" >/dev/null 2>&1 || skip "no $PYTHON on this machine"
command -v curl >/dev/null 2>&1 || skip "no curl to wait for the server with"

PY="$VENV/bin/python"
# pandas below 3: pyspark 4.x warns that it does not yet support pandas 3.
if ! "$PY" -c "import pyspark, pyarrow, numpy, pandas; assert int(pandas.__version__.split('.')[0]) < 3" \
    2>/dev/null; then
    if [[ ! -x "$PY" ]] && ! "$PYTHON" -m venv "$VENV" >"$LOG/venv.log" 2>&1; then
        skip "cannot create $VENV with $PYTHON -m venv (see $LOG/venv.log)"
    fi
    if ! "$PY" -m pip install --quiet --disable-pip-version-check \
        pyspark pyarrow "pandas<3" numpy >"$LOG/pip.log" 2>&1; then
        skip "pip install pyspark pyarrow pandas numpy failed, PyPI unreachable? (see $LOG/pip.log)"
    fi
fi
"$PY" -c "import pyspark, pyarrow, numpy; print('spark job: pyspark', pyspark.__version__, 'pyarrow', pyarrow.__version__, 'numpy', numpy.__version__)"

# The example server, built first so that the wait below is for start-up only.
cargo build --quiet --features arrow --example serve
SERVE="$(cargo metadata --format-version 1 --no-deps | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug/examples/serve"
[[ -x "$SERVE" ]] || { echo "spark job: no server binary at $SERVE" >&2; exit 1; }

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
HTTP_PORT="$(free_port)"
GRPC_PORT="$(free_port)"
SERVER_PID=""
stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

"$SERVE" --host 127.0.0.1 --port "$HTTP_PORT" --grpc-port "$GRPC_PORT" --log-level warn \
    >"$LOG/server.log" 2>&1 &
SERVER_PID=$!
URL="http://127.0.0.1:$HTTP_PORT"
ready=""
for _ in $(seq 1 100); do # 20 s at most
    if curl -fsS -m 1 "$URL/readyz" >/dev/null 2>&1; then
        ready=1
        break
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.2
done
if [[ -z "$ready" ]]; then
    echo "spark job: the example server did not become ready on $URL (see $LOG/server.log)" >&2
    exit 1
fi
echo "spark job: example server ready on $URL; schema $(curl -fsS -m 5 "$URL/spark_schema/classify")"

# The job itself, bounded: a hung Spark must not hang CI.
status=0
timeout 600 "$PY" scripts/spark/job.py --mode arrow --url "$URL" \
    --rows "$ROWS" --batch-rows "$BATCH_ROWS" 2>"$LOG/spark.log" || status=$?
stop_server
if [[ "$status" -ne 0 ]]; then
    echo "spark job: FAILED (exit $status; Spark's log in $LOG/spark.log)" >&2
    tail -n 20 "$LOG/spark.log" >&2 || true
    exit "$status"
fi
