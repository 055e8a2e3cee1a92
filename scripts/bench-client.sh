#!/usr/bin/env bash
# Client throughput: requests/s of one-row `classify` calls at CONC concurrent tasks (32) from
# the crate's Rust client (examples/client_bench.rs, auto and json transports) and from
# BentoML's own Python client (scripts/bench-client.py), one after another against the same
# examples/serve.rs server (release build) on a free loopback port, in one run.
#
#   scripts/bench-client.sh                  # SECONDS=10 per measurement, WARMUP=2
#   SECONDS_=5 CONC=32 scripts/bench-client.sh
#
# The Python client needs .venv-ref (scripts/python-clients.sh), or NDARRAY_PYTHON; without it
# the run says so and measures the Rust client only. The machine's cores are shared by client
# and server: compare rows of one run with each other. The server is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
SECS="${SECONDS_:-10}"
WARMUP="${WARMUP:-2}"
CONC="${CONC:-32}"
for v in SECS WARMUP CONC; do
    [[ "${!v}" =~ ^[0-9]+$ ]] || { echo "bench-client: $v must be a whole number" >&2; exit 2; }
done
PY="${NDARRAY_PYTHON:-$ROOT/.venv-ref/bin/python}"

cargo build --release --quiet --example serve --example client_bench
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
GPORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
SERVER_PID=""
stop() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; }
trap stop EXIT INT TERM
target/release/examples/serve --port "$PORT" --grpc-port "$GPORT" --log-level warn &
SERVER_PID=$!
URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
    curl -fs "$URL/readyz" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fs "$URL/readyz" >/dev/null || { echo "bench-client: server did not start" >&2; exit 1; }

echo "bench-client: $CONC concurrent tasks, ${SECS} s each after ${WARMUP} s warm-up, against examples/serve (release) at $URL"
for t in auto json; do
    timeout $((SECS + WARMUP + 60)) target/release/examples/client_bench --url "$URL" \
        --concurrency "$CONC" --seconds "$SECS" --warmup "$WARMUP" --transport "$t"
done
if "$PY" -c "import bentoml.client, numpy" 2>/dev/null; then
    timeout $((SECS + WARMUP + 120)) "$PY" -W ignore scripts/bench-client.py "$URL" "$CONC" "$SECS" "$WARMUP"
else
    echo "python bentoml client: skipped (no Python with bentoml at $PY: run scripts/python-clients.sh or set NDARRAY_PYTHON)"
fi
