#!/usr/bin/env bash
# Open Inference Protocol serving throughput: requests/s and p50/p99 latency of a one-row
# `POST /v2/models/predict_proba/infer` at CONNS (32) connections, the example server against
# MLServer serving the same model, in one run, and the ratio against the goal (>= 20x).
#
#   scripts/bench-oip.sh                          # 2 s warm-up + 10 s per row
#   DURATION=5 scripts/bench-oip.sh
#   MLSERVER_WORKERS="1" scripts/bench-oip.sh     # only MLServer's default configuration
#
# Servers, each started here on 127.0.0.1 (free ports), measured one after another with the
# same wrk settings, and stopped before the next starts:
#   ours         examples/serve.rs in this work tree (cargo build --release --example serve),
#                its defaults (the model on the blocking pool, one call per CPU; short calls in
#                place)
#   mlserver-pwN MLServer 1.7.1 (scripts/lib/mlserver.sh installs it into target/mlserver-venv)
#                serving scripts/mlserver/ (the same three models as a custom runtime, the same
#                rule in numpy), with `parallel_workers` N for each N in MLSERVER_WORKERS
#                ("1 0"): 1 is MLServer's default (one inference worker process beside the
#                front process that parses HTTP and gRPC: two processes for two cores); 0 runs
#                the model in the front process, which for a model this small saves the hand-off
#                between processes. The ratio is taken against the faster of them. Access log
#                off (`debug` false: the example logs no line per request either); metrics,
#                gzip and every other setting MLServer's defaults.
# Workloads, each the same row [[5.1, 3.5, 1.4, 0.2]] as FP32 [1, 4], `output` requested:
#   json     a JSON body, `data` flat (as tritonclient sends it, binary_data=False)
#   binary   the binary tensor data extension: a JSON header with binary_data_size 16, then the
#            16 little-endian bytes, Inference-Header-Content-Length, the output asked for as
#            binary (as tritonclient sends binary_data=True). MLServer's REST has no binary
#            extension, so its binary rows are SKIPPED and said so.
# Each row: one request first whose answer must be right (the probabilities of class 0 first,
# shape [1, 3], parsed by Python: JSON data or the 12 bytes after the header), WARMUP s (2) of
# load thrown away, then DURATION s (10) of wrk with THREADS (2) threads, `--latency` and a 10 s
# timeout. A row fails (FAIL, exit 1 after the table) if the first answer is wrong or missing
# (ours before the OIP side is built in: GET /v2/health/ready is not 200, and the row says so),
# wrk saw any non-2xx answer, or gave no result.
#
# CAUTION: this machine has 2 cores, and wrk runs on the same ones as the server under test:
# compare rows of one run with each other. The cpu column says how much of the machine the
# server, wrk and anything else used; "busy" marks a row where anything else used >= BUSY_PCT.
#
# Output: the table on stdout; it and every raw wrk output go to
# target/bench-oip/bench-oip-<timestamp>.txt, server logs to target/bench-oip/logs/.
# Needs curl, setsid, cargo, python3 and wrk (Debian's; installed with apt-get if missing).
# Every loop is bounded; every server started is stopped on exit (errors and Ctrl-C included).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-2}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-32}"
BUSY_PCT="${BUSY_PCT:-10}"
MLSERVER_WORKERS="${MLSERVER_WORKERS:-1 0}"
GOAL="${GOAL:-20}"
OUT="$ROOT/target/bench-oip"
HERE="$ROOT/scripts/bench-oip"
for v in DURATION WARMUP THREADS CONNS BUSY_PCT GOAL; do
    if [[ ! "${!v}" =~ ^[1-9][0-9]*$ ]]; then
        echo "bench-oip: $v must be a positive whole number (got '${!v}')" >&2
        exit 2
    fi
done
if [[ ! "$MLSERVER_WORKERS" =~ ^[0-9]+( [0-9]+)*$ ]]; then
    echo "bench-oip: MLSERVER_WORKERS must be whole numbers separated by spaces (got '$MLSERVER_WORKERS')" >&2
    exit 2
fi
say() { echo "bench-oip: $*" >&2; }

SERVER_PID=""
WRK_PID=""
TMP=""
# shellcheck source=scripts/lib/process-tree.sh
. scripts/lib/process-tree.sh
# shellcheck source=scripts/lib/wrk.sh
. scripts/lib/wrk.sh
# shellcheck source=scripts/lib/cpu.sh
. scripts/lib/cpu.sh
# shellcheck source=scripts/lib/mlserver.sh
. scripts/lib/mlserver.sh
bench_start bench-oip curl setsid cargo python3
INFER="/v2/models/predict_proba/infer"

# Bodies -------------------------------------------------------------------------------------
printf '%s' '{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [5.1, 3.5, 1.4, 0.2]}], "outputs": [{"name": "output"}]}' \
    >"$OUT/one-row.json"
HEADER='{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "parameters": {"binary_data_size": 16}}], "outputs": [{"name": "output", "parameters": {"binary_data": true}}]}'
BIN_HEADER_LEN="${#HEADER}"
python3 -c '
import struct, sys
sys.stdout.buffer.write(sys.argv[1].encode() + struct.pack("<4f", 5.1, 3.5, 1.4, 0.2))
' "$HEADER" >"$OUT/one-row.bin"

# Builds and set-up ----------------------------------------------------------------------------
say "building ours: cargo build --release --example serve"
cargo build --release --example serve >&2 || { say "the work tree's example does not build"; exit 1; }
OURS_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/serve"
REV="$(git describe --always --dirty 2>/dev/null || echo '?')"
MLSERVER_OK=1
mlserver_setup || { MLSERVER_OK=0; say "MLServer rows SKIPPED: $MLSERVER_NOTE"; }

# Servers ------------------------------------------------------------------------------------
URL=""
LOG=""
start_ours() {
    LOG="$OUT/logs/ours.log"
    : >"$LOG"
    NO_COLOR=1 RUST_LOG=info setsid "$OURS_BIN" --host 127.0.0.1 --port 0 --grpc-port 0 >"$LOG" 2>&1 &
    SERVER_PID=$!
    listen_url ours || return 1
    wait_readyz ours 200
}

# Measuring ----------------------------------------------------------------------------------
# The first answer, checked: "ok" or what is wrong with it.
first_answer() { # workload
    local code headers="$TMP/headers" body="$TMP/answer"
    if [[ "$1" == json ]]; then
        code="$(curl -s -D "$headers" -o "$body" -w '%{http_code}' --max-time 30 \
            -H 'Content-Type: application/json' --data-binary "@$OUT/one-row.json" "$URL$INFER")" ||
            code="curl_failed"
    else
        code="$(curl -s -D "$headers" -o "$body" -w '%{http_code}' --max-time 30 \
            -H 'Content-Type: application/octet-stream' \
            -H "Inference-Header-Content-Length: $BIN_HEADER_LEN" \
            --data-binary "@$OUT/one-row.bin" "$URL$INFER")" || code="curl_failed"
    fi
    if [[ "$code" != 200 ]]; then
        echo "answer_${code}_$(tr -d ' \n\r\t' <"$body" 2>/dev/null | head -c 60)"
        return
    fi
    python3 - "$1" "$headers" "$body" <<'EOF'
import json, struct, sys
workload, headers, body = sys.argv[1], open(sys.argv[2], "rb").read().decode("latin-1"), open(sys.argv[3], "rb").read()
length = None
for line in headers.split("\r\n"):
    if line.lower().startswith("inference-header-content-length:"):
        length = int(line.split(":", 1)[1])
try:
    head = json.loads(body[:length] if length is not None else body)
    out = next(o for o in head["outputs"] if o["name"] == "output")
    if workload == "binary":
        size = out.get("parameters", {}).get("binary_data_size")
        if length is None or size != 12 or len(body) != length + 12:
            raise ValueError(f"not a binary answer (header length {length}, binary_data_size {size})")
        values = struct.unpack("<3f", body[length:])
    else:
        values = out["data"]
    ok = out["shape"] == [1, 3] and out["datatype"] == "FP32" and max(range(3), key=lambda i: values[i]) == 0
    print("ok" if ok else f"wrong_answer_{out['shape']}_{list(values)}".replace(" ", ""))
except Exception as e:
    print(f"bad_answer_{type(e).__name__}")
EOF
}

run_wrk() { # seconds workload output-file
    local extra=("$OUT/one-row.json")
    if [[ "$2" == binary ]]; then extra=("$OUT/one-row.bin" "$BIN_HEADER_LEN"); fi
    wrk -t"$THREADS" -c"$CONNS" -d"$1s" --latency --timeout 10s -s "$HERE/post.lua" \
        "$URL$INFER" -- "${extra[@]}" >"$3" 2>&1 &
    WRK_PID=$!
    local rc=0
    wait "$WRK_PID" || rc=$?
    WRK_PID=""
    return "$rc"
}

measure() { # server workload
    local server="$1" workload="$2" status="ok" got tmp="$TMP/wrk" rc=0 b0 a0 s0 w0 srv cpu line
    got="$(first_answer "$workload")"
    if [[ "$got" != ok ]]; then
        say "$server $workload: first answer: $got"
        echo "$server $workload - - - - - - - FAIL(${got:0:60})" >>"$ROWS"
        return
    fi
    say "$server $workload: ${WARMUP}s warm-up, ${DURATION}s x $CONNS connections, $THREADS threads"
    run_wrk "$WARMUP" "$workload" "$tmp" || true
    children_ticks
    b0="$(cpu_ticks busy)" a0="$(cpu_ticks all)" s0="$(tree_of "$SERVER_PID" ticks)" w0="$CHILD_TICKS"
    run_wrk "$DURATION" "$workload" "$tmp" || rc=$?
    children_ticks
    srv="$(awk 'NR == FNR { t0[$1] = $2; next } { s += $2 - t0[$1] } END { printf "%d\n", s }' \
        <(printf '%s\n' "$s0") <(tree_of "$SERVER_PID" ticks))"
    cpu="$(awk -v all=$(($(cpu_ticks busy) - b0)) -v srv="$srv" \
        -v wrk=$((CHILD_TICKS - w0)) -v cap=$(($(cpu_ticks all) - a0)) 'BEGIN {
            e = all - srv - wrk; if (e < 0) e = 0; if (cap < 1) cap = 1
            printf "%d/%d/%d", 100 * srv / cap + 0.5, 100 * wrk / cap + 0.5, 100 * e / cap + 0.5
        }')"
    {
        echo "=== $server $workload ($CONNS connections, $THREADS threads, ${DURATION}s; wrk exit $rc; CPU % of machine server/wrk/else $cpu)"
        cat "$tmp"
        echo
    } >>"$RAW"
    line="$(wrk_summary "$tmp")"
    if [[ "$line" == "-" ]]; then
        tail -n 5 "$tmp" >&2
        line="- - - - - -"
        status="FAIL(no_wrk_result,exit_$rc)"
    else
        local bad
        read -r _ _ _ _ bad _ <<<"$line"
        if ((bad > 0)); then status="FAIL(${bad}_non-2xx)"; fi
    fi
    if ((${cpu##*/} >= BUSY_PCT)) && [[ "$status" == ok ]]; then status="ok(busy)"; fi
    echo "$server $workload $line $cpu $status" >>"$ROWS"
    say "$server $workload: $line $cpu $status"
}
skip_row() { # server workload reason
    echo "$1 $2 - - - - - - - SKIPPED" >>"$ROWS"
    say "$1 $2: SKIPPED: $3"
}

MEASURE_START=$SECONDS
say "ours ($REV)"
start_ours || { say "ours could not be started"; exit 1; }
ready="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$URL/v2/health/ready")" || ready="curl_failed"
if [[ "$ready" != 200 ]]; then
    say "ours does not serve the Open Inference Protocol: GET /v2/health/ready answered $ready"
    echo "ours json - - - - - - - FAIL(no_/v2:_GET_/v2/health/ready_answered_$ready)" >>"$ROWS"
    echo "ours binary - - - - - - - FAIL(no_/v2:_GET_/v2/health/ready_answered_$ready)" >>"$ROWS"
else
    measure ours json
    measure ours binary
fi
stop_server

MLSERVER_DESC="not run"
if ((MLSERVER_OK)); then
    MLSERVER_DESC="$("$MLSERVER_VENV/bin/python" -c 'import mlserver, uvloop; print("MLServer", mlserver.__version__, "(uvloop", uvloop.__version__ + ")")')"
    for n in $MLSERVER_WORKERS; do
        name="mlserver-pw$n"
        say "$MLSERVER_DESC, parallel_workers $n"
        if mlserver_start "$n" "$OUT/logs/$name.log"; then
            URL="http://$MLSERVER_HTTP"
            measure "$name" json
            skip_row "$name" binary "MLServer's REST has no binary tensor data extension"
        else
            skip_row "$name" json "MLServer did not start (log: ${MLSERVER_LOG#"$ROOT"/})"
        fi
        stop_server
    done
fi

# Table ----------------------------------------------------------------------------------------
TABLE="$TMP/table"
{
    echo "bench-oip $STAMP: $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), shared by wrk and the server"
    echo "ours = $REV (examples/serve.rs), mlserver = $MLSERVER_DESC with scripts/mlserver/ (mlserver-pwN: parallel_workers N; 1 is MLServer's default)"
    echo "$(wrk -v 2>&1 | awk 'NR == 1 { print $1, $2 }'): $THREADS threads, $CONNS connections, one-row POST $INFER, ${WARMUP}s warm-up + ${DURATION}s per row; latency in ms"
    echo "cpu s/w/e%: the machine's CPU used by the server / wrk / anything else during the row (\"busy\": anything else >= ${BUSY_PCT}%)"
    echo
    awk '
        BEGIN { fmt = "%-12s %-7s %10s %9s %9s %9s %7s %7s %11s  %s\n"
                printf fmt, "server", "body", "req/s", "p50", "p99", "requests", "non2xx", "sockerr", "cpu s/w/e%", "status" }
        { printf fmt, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 }' "$ROWS"
    echo
    awk -v goal="$GOAL" '
        $10 ~ /^ok/ { rps[$1 " " $2] = $3; if ($1 ~ /^mlserver/ && $2 == "json" && $3 > best) { best = $3; bestname = $1 } }
        END {
            if (best == "") { print "ratio: no MLServer row measured"; exit }
            for (w = 0; w < 2; w++) {
                body = (w == 0) ? "json" : "binary"
                k = "ours " body
                if (k in rps)
                    printf "ours %s / %s json: %.1fx  goal >= %dx: %s\n", body, bestname, rps[k] / best, goal, (rps[k] / best >= goal ? "met" : "MISSED")
                else
                    printf "ours %s / %s json: - (ours not measured)\n", body, bestname
            }
        }' "$ROWS"
    echo
    echo "run took ${SECONDS}s, of which starting and measuring the servers $((SECONDS - MEASURE_START))s"
} >"$TABLE"
bench_report last || exit 1
