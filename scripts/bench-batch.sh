#!/usr/bin/env bash
# Adaptive batching benchmark: 64 concurrent one-row clients over HTTP against a model whose
# call takes a fixed 2 ms plus 20 µs per row, with and without batching, and against BentoML's
# own adaptive batching, in one run: requests/s, p50/p99 latency from wrk, and the rows per
# model call from each server's /metrics.
#
#   scripts/bench-batch.sh                              # 2 s warm-up + 10 s per row
#   DURATION=5 scripts/bench-batch.sh
#   ROUNDS=5 scripts/bench-batch.sh                     # rows (a) and (b) five times each
#   VENV=/path/to/venv-with-bentoml scripts/bench-batch.sh
#   SERVER=tract scripts/bench-batch.sh                 # a real model instead of the sleep
#
# SERVER picks our server for rows (a), (b) and (e):
#   sleep (default)  examples/batch_bench.rs, the sleeping model described below;
#   tract            examples/tract-iris: the scikit-learn iris MLP (4 -> 16 -> 3) exported
#                    to ONNX and run with tract on the CPU, inside the server's process
#                    (its own crate, built here with `cargo build --release --manifest-path`).
#                    Rows (c) and (d) are not run (BentoML's service is the sleeping model),
#                    nor are the goals checked (they are the sleeping model's).
#
# Rows, each server started here on 127.0.0.1 (a free port), measured one after another with
# the same wrk settings, and stopped before the next starts. Rows (a) and (b) are measured
# ROUNDS (3) times, alternately (a1 b1 a2 b2 a3 b3), so a drift in the shared machine's speed
# falls on both; their figures are the medians of the rounds (the goals below use them):
#   (a) ours-plain   examples/batch_bench.rs `POST /classify`: one model call per request,
#                    at most --max-concurrent-calls at once (the crate's default: one per CPU)
#   (b) ours-batch   the same server's `POST /classify_batch`: the same model, batchable with
#                    max_batch_size MAX_BATCH_SIZE (64), max_latency MAX_LATENCY_MS (10 ms),
#                    MAX_CONCURRENT_BATCHES (2) batches at once: the plain API runs two model
#                    calls at once (the model-call gate's default, one per CPU), so both rows
#                    give the model the same concurrency
#   (e) ours-batch   (b) with FEW_CONNS (48) connections instead of CONNS: fewer callers than
#                    max_batch_size, each waiting for its answer before sending again
#                    (FEW_CONNS=0 skips this row)
#   (c) bentoml      BentoML (from $VENV, default .venv-ref: scripts/python-clients.sh sets it
#                    up) serving scripts/bench-batch/batch_service.py: a legacy
#                    bentoml.io.NumpyNdarray API whose runner is batchable (batch_dim 0) with
#                    the same max_batch_size and max_latency_ms and the same sleeping model;
#                    one runner worker, default API server workers, access logs off
#   (d) bentoml-lat  (c) with max_latency_ms BENTO_LOOSE_LATENCY_MS (60000, BentoML's default),
#                    so BentoML's dispatcher does not refuse requests it predicts to be late;
#                    BENTO_LOOSE_LATENCY_MS=0 skips this row
# The model sleeps (std::thread::sleep / time.sleep), it does not spin: it stands for an
# accelerator call, which takes wall time but not the server's CPU, the case batching is for.
# A spinning model would compete with the HTTP work and wrk for the machine's two cores.
#
# Each row: one request first (it must answer [0]), WARMUP s (2) of load thrown away, the
# server's rows-per-call histogram read from /metrics (ours: ndarray_batch_rows{api=
# "classify_batch"}; BentoML: bentoml_runner_adaptive_batch_size, which counts requests per
# runner call; here one request is one row), then DURATION s (10) of wrk with THREADS (2)
# threads, CONNS (64) connections, `--latency`, a 10 s timeout, and the histogram read again:
# the table shows the calls, mean rows per call and the count per bucket of the measured
# DURATION s. A row of ours fails (FAIL, exit status 1 after the table) if wrk saw any non-2xx answer
# (BentoML's rows report theirs, its load shedding, without failing),
# gave no result, or the first answer was wrong. A row that cannot run because wrk or
# BentoML is missing is SKIPPED and said so (wrk missing: nothing is measured, exit 1).
#
# Goals, checked after the table: the median (b) req/s >= 20 x the median (a) req/s, and the
# highest (b) p99 of the rounds <= max_latency + 2 model calls of a full batch
# (10 + 2 x (2 + 64 x 0.02) = 16.56 ms).
#
# CAUTION: wrk runs on the same cores as the server under test (this machine has 2): the
# figures are the server's share of a shared machine; compare rows of one run with each other.
#
# Output: the table on stdout; it and every raw wrk output go to
# target/bench-batch/bench-batch-<timestamp>.txt, server logs to target/bench-batch/logs/.
# Every loop is bounded; every server started is stopped on exit (errors and Ctrl-C included).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-2}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-64}"
FIXED_MS="${FIXED_MS:-2}"
PER_ROW_US="${PER_ROW_US:-20}"
MAX_BATCH_SIZE="${MAX_BATCH_SIZE:-64}"
MAX_LATENCY_MS="${MAX_LATENCY_MS:-10}"
BENTO_LOOSE_LATENCY_MS="${BENTO_LOOSE_LATENCY_MS:-60000}"
# Batches of the batchable API at once (the plain API's model-call gate runs one call per CPU).
MAX_CONCURRENT_BATCHES="${MAX_CONCURRENT_BATCHES:-2}"
FEW_CONNS="${FEW_CONNS:-48}"
ROUNDS="${ROUNDS:-3}"
VENV="${VENV:-$ROOT/.venv-ref}"
SERVER="${SERVER:-sleep}"
OUT="$ROOT/target/bench-batch"
HERE="$ROOT/scripts/bench-batch"
for v in DURATION WARMUP THREADS CONNS FIXED_MS MAX_BATCH_SIZE MAX_LATENCY_MS MAX_CONCURRENT_BATCHES ROUNDS; do
    if [[ ! "${!v}" =~ ^[1-9][0-9]*$ ]]; then
        echo "bench-batch: $v must be a positive whole number (got '${!v}')" >&2
        exit 2
    fi
done
for v in PER_ROW_US BENTO_LOOSE_LATENCY_MS FEW_CONNS; do
    if [[ ! "${!v}" =~ ^[0-9]+$ ]]; then
        echo "bench-batch: $v must be a whole number (got '${!v}')" >&2
        exit 2
    fi
done
say() { echo "bench-batch: $*" >&2; }
# Our server: how to build it, its binary, its flags beyond the batching ones, and the model
# line of the table.
case "$SERVER" in
    sleep)
        BUILD=(cargo build --release --example batch_bench)
        BIN="$ROOT/target/release/examples/batch_bench"
        SERVER_ARGS=(--fixed-ms "$FIXED_MS" --per-row-us "$PER_ROW_US")
        MODEL="sleep ${FIXED_MS} ms + ${PER_ROW_US} us/row (examples/batch_bench.rs)"
        ;;
    tract)
        BUILD=(cargo build --release --manifest-path examples/tract-iris/Cargo.toml)
        BIN="$ROOT/examples/tract-iris/target/release/tract-iris"
        SERVER_ARGS=()
        MODEL="tract: scikit-learn iris MLP 4-16-3 from ONNX, on the server's CPU (examples/tract-iris)"
        ;;
    *)
        say "SERVER must be sleep or tract (got '$SERVER')"
        exit 2
        ;;
esac

# Stopping servers (as scripts/bench-serve.sh): each server runs under setsid; BentoML's
# workers start sessions of their own, so a server is its process tree. SIGTERM to the top
# process, then after at most 10 s SIGKILL to whatever of the tree is left.
SERVER_PID=""
WRK_PID=""
TMP=""
# shellcheck source=scripts/lib/process-tree.sh
. scripts/lib/process-tree.sh # (the script runs from the repository root)
# shellcheck source=scripts/lib/wrk.sh
. scripts/lib/wrk.sh
bench_start "bench-batch-$SERVER" curl setsid cargo
BODY="$OUT/one-row.json"
printf '[[5.1, 3.5, 1.4, 0.2]]' >"$BODY"

say "building: ${BUILD[*]}"
"${BUILD[@]}" >&2 || { say "our server does not build"; exit 1; }
REV="$(git describe --always --dirty 2>/dev/null || echo '?')"

BENTOML_NOTE=""
if [[ "$SERVER" != sleep ]]; then
    BENTOML_NOTE="BentoML serves the sleeping model only: rows (c) and (d) not run for SERVER=$SERVER"
elif [[ ! -x "$VENV/bin/bentoml" ]]; then
    BENTOML_NOTE="BentoML is not installed ($VENV/bin/bentoml missing; scripts/python-clients.sh sets up .venv-ref, or pass VENV=): rows (c) and (d) SKIPPED"
else
    BENTOML_VERSION="$("$VENV/bin/python" -c 'import bentoml; print(bentoml.__version__)' 2>/dev/null)" ||
        BENTOML_VERSION="?"
fi

# Starting servers ---------------------------------------------------------------------------
URL=""
LOG=""
start_rust() {
    LOG="$OUT/logs/${BIN##*/}.log"
    : >"$LOG"
    NO_COLOR=1 setsid "$BIN" --host 127.0.0.1 --port 0 "${SERVER_ARGS[@]}" \
        --max-batch-size "$MAX_BATCH_SIZE" --max-latency-ms "$MAX_LATENCY_MS" \
        --max-concurrent-batches "$MAX_CONCURRENT_BATCHES" >"$LOG" 2>&1 &
    SERVER_PID=$!
    listen_url "${BIN##*/}" || return 1
    wait_readyz "${BIN##*/}" 200
}
start_bentoml() { # max_latency_ms
    LOG="$OUT/logs/bentoml-$1ms.log"
    local port
    port="$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')" ||
        return 1
    setsid env BENTOML_CONFIG="$HERE/bentoml_configuration.yaml" BENTOML_HOME="$OUT/bentoml-home" \
        BENTOML_DO_NOT_TRACK=true FIXED_MS="$FIXED_MS" PER_ROW_US="$PER_ROW_US" \
        MAX_BATCH_SIZE="$MAX_BATCH_SIZE" MAX_LATENCY_MS="$1" \
        "$VENV/bin/bentoml" serve batch_service:svc --working-dir "$HERE" \
        --host 127.0.0.1 --port "$port" >"$LOG" 2>&1 &
    SERVER_PID=$!
    URL="http://127.0.0.1:$port"
    wait_readyz bentoml 1200 # 120 s: the first start imports a lot of Python
}

# Measuring ----------------------------------------------------------------------------------
# The histogram's cumulative buckets, sum and count for one family and label, one
# "le count" line per bucket plus "sum S" and "count N" (the metric text as Prometheus writes it).
histogram() { # family label-regex
    curl -s --max-time 10 "$URL/metrics" | awk -v fam="$1" -v lab="$2" '
        index($0, fam "_") == 1 && $0 ~ lab {
            v = $NF
            if (index($0, fam "_bucket{") == 1) {
                le = $0; sub(/.*le="/, "", le); sub(/".*/, "", le)
                print le, v
            } else if (index($0, fam "_sum") == 1) print "sum", v
            else if (index($0, fam "_count") == 1) print "count", v
        }'
}
# calls mean-rows distribution ("≤1:n,≤2:n,..": calls per bucket, non-zero buckets only),
# from two histogram reads.
histogram_delta() { # before-file after-file
    awk 'NR == FNR { b[$1] = $2; next }
        { a[$1] = $2; if ($1 != "sum" && $1 != "count") les[++n] = $1 }
        END {
            calls = a["count"] - b["count"]
            if (calls <= 0) { print "0 - -"; exit }
            mean = (a["sum"] - b["sum"]) / calls
            # buckets in the order of their bounds
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {
                x = (les[i] == "+Inf") ? 1e300 : les[i] + 0; y = (les[j] == "+Inf") ? 1e300 : les[j] + 0
                if (y < x) { t = les[i]; les[i] = les[j]; les[j] = t }
            }
            prev = 0; out = ""
            for (i = 1; i <= n; i++) {
                c = a[les[i]] - b[les[i]]
                if (c - prev > 0) {
                    name = les[i]; sub(/\.0$/, "", name)
                    out = out (out == "" ? "" : ",") "<=" name ":" (c - prev)
                }
                prev = c
            }
            printf "%d %.1f %s\n", calls, mean, out
        }' "$1" "$2"
}
run_wrk() { # seconds path output-file
    wrk -t"$THREADS" -c"$CONNS" -d"$1s" --latency --timeout 10s -s "$ROOT/scripts/bench-serve/post.lua" \
        "$URL/$2" -- "$BODY" >"$3" 2>&1 &
    WRK_PID=$!
    local rc=0
    wait "$WRK_PID" || rc=$?
    WRK_PID=""
    return "$rc"
}
measure() { # row server path histogram-family histogram-label-regex
    local row="$1" server="$2" path="$3" fam="$4" lab="$5" status="ok" got code tmp="$TMP/wrk" rc=0
    code="$(curl -s -o "$TMP/answer" -w '%{http_code}' --max-time 30 -H 'Content-Type: application/json' \
        --data-binary "@$BODY" "$URL/$path")" || code="curl_failed"
    got="$(tr -d ' \n\r\t' <"$TMP/answer" 2>/dev/null || true)"
    if [[ "$code" != 200 || "$got" != "[0]" ]]; then status="FAIL(answer_${code}_${got:0:20})"; fi
    say "$row $server /$path: ${WARMUP}s warm-up, ${DURATION}s x $CONNS connections, $THREADS threads"
    run_wrk "$WARMUP" "$path" "$tmp" || true
    histogram "$fam" "$lab" >"$TMP/h0"
    run_wrk "$DURATION" "$path" "$tmp" || rc=$?
    histogram "$fam" "$lab" >"$TMP/h1"
    local hist
    hist="$(histogram_delta "$TMP/h0" "$TMP/h1")"
    {
        echo "=== ($row) $server POST /$path ($CONNS connections, $THREADS threads, ${DURATION}s; wrk exit $rc)"
        cat "$tmp"
        echo "$fam over the run: calls mean-rows per-bucket = $hist"
        echo
    } >>"$RAW"
    # "req/s 2xx/s p50 p99 requests non-2xx socket-errors" for the table.
    local line
    line="$(wrk_summary "$tmp" | awk '$1 == "-" { print "-"; next }
        { printf "%.1f %.1f %.2f %.2f %d %d %d\n", $1, ($4 > 0 ? $1 * ($4 - $5) / $4 : 0), $2, $3, $4, $5, $6 }')"
    if [[ "$line" == "-" ]]; then
        tail -n 5 "$tmp" >&2
        line="- - - - - - -"
        status="FAIL(no_wrk_result,exit_$rc)"
    else
        local bad
        read -r _ _ _ _ _ bad _ <<<"$line"
        if ((bad > 0)) && [[ "$server" == bentoml-* ]]; then
            # The anchor's own load shedding (BentoML's 503 "Service Busy") is a figure of the
            # anchor, reported in its row; only non-2xx answers from ours fail the run.
            status="anchor_shed_${bad}_non-2xx"
        elif ((bad > 0)); then
            if [[ "$status" == ok ]]; then status="FAIL($bad"; else status="${status%)},$bad"; fi
            status="${status}_non-2xx)"
        fi
    fi
    echo "$row $server /$path $line $hist $status" >>"$ROWS"
    say "($row) $server: $line | $hist | $status"
}
skip() { # row server path reason
    echo "$1 $2 /$3 - - - - - - - - - - SKIPPED" >>"$ROWS"
    say "($1) $2: SKIPPED: $4"
}

MEASURE_START=$SECONDS
say "ours ($REV): $MODEL, max_batch_size $MAX_BATCH_SIZE, max_latency ${MAX_LATENCY_MS} ms, $MAX_CONCURRENT_BATCHES batch(es) at once"
for ((round = 1; round <= ROUNDS; round++)); do
    start_rust || { say "our server could not be started"; exit 1; }
    measure "a$round" ours-plain classify ndarray_batch_rows 'api="classify_batch"'
    # The plain API's run leaves the batch histogram as it was; (b) reads it before and after too.
    stop_server
    start_rust || { say "our server could not be started"; exit 1; }
    measure "b$round" ours-batch classify_batch ndarray_batch_rows 'api="classify_batch"'
    stop_server
done
if ((FEW_CONNS > 0)); then
    start_rust || { say "our server could not be started"; exit 1; }
    ALL_CONNS="$CONNS"
    CONNS="$FEW_CONNS"
    measure e "ours-batch-${FEW_CONNS}c" classify_batch ndarray_batch_rows 'api="classify_batch"'
    CONNS="$ALL_CONNS"
    stop_server
fi

BENTO_ROWS=("c $MAX_LATENCY_MS")
if ((BENTO_LOOSE_LATENCY_MS > 0)); then BENTO_ROWS+=("d $BENTO_LOOSE_LATENCY_MS"); fi
for spec in "${BENTO_ROWS[@]}"; do
    read -r row lat <<<"$spec"
    name="bentoml-${lat}ms"
    if [[ -n "$BENTOML_NOTE" ]]; then
        skip "$row" "$name" classify_batch "$BENTOML_NOTE"
        continue
    fi
    say "bentoml $BENTOML_VERSION, runner max_latency_ms $lat"
    if start_bentoml "$lat"; then
        measure "$row" "$name" classify_batch bentoml_runner_adaptive_batch_size 'runner_name="sleep_model"'
    else
        skip "$row" "$name" classify_batch "BentoML did not start (log: ${LOG#"$ROOT"/})"
    fi
    stop_server
done

# Table --------------------------------------------------------------------------------------
TABLE="$TMP/table"
GOAL_P99="$(awk -v l="$MAX_LATENCY_MS" -v f="$FIXED_MS" -v r="$PER_ROW_US" -v b="$MAX_BATCH_SIZE" \
    'BEGIN { printf "%.2f", l + 2 * (f + r * b / 1000) }')"
{
    echo "bench-batch $STAMP: $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), shared by wrk and the server"
    echo "ours = $REV, bentoml = ${BENTOML_VERSION:-not run}"
    echo "model: $MODEL; batching: max_batch_size $MAX_BATCH_SIZE, max_latency ${MAX_LATENCY_MS} ms, $MAX_CONCURRENT_BATCHES batch(es) at once (row d: BentoML max_latency_ms ${BENTO_LOOSE_LATENCY_MS})"
    echo "$(wrk -v 2>&1 | awk 'NR == 1 { print $1, $2 }'): $THREADS threads, $CONNS connections, one-row JSON bodies, ${WARMUP}s warm-up + ${DURATION}s per row; rows (a) and (b) in $ROUNDS alternate rounds (a1 b1 a2 b2 ...); latency in ms"
    echo "req/s: every answer; 2xx/s: the good ones; calls, rows/call, histogram: model calls in the ${DURATION}s ('<=N:k': k calls of at most N rows, above the previous bound)"
    if [[ -n "$BENTOML_NOTE" ]]; then echo "NOTE: $BENTOML_NOTE"; fi
    echo
    awk '
        { printf "%-4s %-15s %-16s %9s %9s %8s %8s %8s %7s %6s %9s  %-40s %s\n", "(" $1 ")", $2, $3, $4, $5, $6, $7, $8, $9, $11, $12, $13, $14 }
        BEGIN { printf "%-4s %-15s %-16s %9s %9s %8s %8s %8s %7s %6s %9s  %-40s %s\n", "", "server", "path", "req/s", "2xx/s", "p50", "p99", "requests", "non2xx", "calls", "rows/call", "histogram", "status" }
    ' "$ROWS"
    echo
    # The goals are the sleeping model's: another model only gets its ratio.
    awk -v goal_p99="$GOAL_P99" -v lat="$MAX_LATENCY_MS" -v goals="$([[ "$SERVER" == sleep ]] && echo 1 || echo 0)" '
        function num(v) { return v != "" && v != "-" }
        # The median of the rounds of row r (a or b): their req/s sorted, the middle one (the
        # mean of the two middle ones for an even count).
        function median(r,    n, i, j, t, v) {
            n = 0
            for (k in rps) if (k ~ ("^" r "[0-9]+$") && num(rps[k])) v[++n] = rps[k] + 0
            if (n == 0) return "-"
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
            return (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
        }
        { rps[$1] = $4; ok[$1] = $5; p99[$1] = $7 }
        END {
            ma = median("a"); mb = median("b")
            if (num(ma) && num(mb)) {
                printf "median req/s over the rounds: (a) %.1f, (b) %.1f\n", ma, mb
            }
            if (num(ma) && num(mb) && ma > 0) {
                r = mb / ma
                if (goals) printf "(b)/(a) median req/s: %.1fx  goal >= 20x: %s\n", r, (r >= 20 ? "met" : "MISSED")
                else printf "(b)/(a) median req/s: %.2fx\n", r
            }
            if (!goals) exit
            worst = "-"; okb = "-"
            for (k in p99) if (k ~ /^b[0-9]+$/ && num(p99[k]) && (worst == "-" || p99[k] + 0 > worst)) worst = p99[k] + 0
            for (k in ok) if (k ~ /^b[0-9]+$/ && num(ok[k]) && (okb == "-" || ok[k] + 0 < okb)) okb = ok[k] + 0
            if (num(worst))
                printf "(b) highest p99 of the rounds %.2f ms  goal <= max_latency + 2 full calls = %s ms: %s\n", worst, goal_p99, (worst <= goal_p99 ? "met" : "MISSED")
            if (num(p99["e"]))
                printf "(e) p99 %.2f ms  (<= %s ms: %s)\n", p99["e"], goal_p99, (p99["e"] <= goal_p99 ? "yes" : "no")
            for (k = 0; k < 2; k++) {
                c = (k == 0) ? "c" : "d"
                if (num(okb) && num(ok[c]) && ok[c] > 0)
                    printf "(b)/(%s) 2xx/s (the slowest round of b): %.1fx\n", c, okb / ok[c]
            }
        }' "$ROWS"
    echo
    echo "run took ${SECONDS}s, of which starting and measuring the servers $((SECONDS - MEASURE_START))s"
} >"$TABLE"
bench_report last || exit 1
