#!/usr/bin/env bash
# Serving throughput and latency of the example server against its previous version and
# BentoML's own server, in one run: requests/s and p50/p99 latency from wrk.
#
#   scripts/bench-serve.sh                       # DURATION=10 s per measurement
#   DURATION=5 THREADS=2 scripts/bench-serve.sh
#   PREV_REF=<commit> scripts/bench-serve.sh     # compare with another version
#
# Servers, each started here on 127.0.0.1 (a free port), measured one after another with the
# same wrk settings, and stopped before the next starts:
#   current   examples/serve.rs in this work tree (cargo build --release --example serve)
#   previous  the same example at PREV_REF (default 6e3f1dd, the last commit before the serving
#             guards), built in a git worktree at target/bench-serve/prev with its own
#             CARGO_TARGET_DIR target/bench-serve/prev-target (both reused across runs)
#   bentoml   `bentoml serve` (BentoML 1.4.39 from .venv-ref, which scripts/python-clients.sh
#             sets up; run here if missing) with scripts/bench-serve/iris_service.py: the same
#             legacy NumpyNdarray API and linear model. Default workers (one per CPU); the access
#             log off (scripts/bench-serve/bentoml_configuration.yaml says why). If BentoML
#             cannot be installed or started, the run says so and measures the other two.
# Workloads, both `POST /classify` with Content-Type application/json:
#   W-small   one row, [[5.1, 3.5, 1.4, 0.2]], at CONNS connections (32)
#   W-1000    1000 rows like it, varied a little (written once to target/bench-serve/w1000.json,
#             deterministic), at CONNS_1000 connections (also 32: at 22 KB a request that
#             is 0.7 MB in flight, far inside every server's limits, and fewer than current's
#             model-call queue of 100, so its guards shed nothing and every row is comparable)
# Each measurement: WARMUP s (2) of load that is thrown away, then DURATION s (10) with
# THREADS wrk threads (2), `--latency`, a 10 s request timeout (a slow server's requests count
# in its latency rather than being dropped as timeouts). A row fails (FAIL in the table, exit
# status 1) if wrk saw any non-2xx/3xx answer, gave no result, or the server's answer before
# the run was wrong (W-small must answer [0]; W-1000 the same 1000 classes as `current`).
#
# CAUTION: this machine has 2 cores, and wrk runs on the same ones as the server under test,
# so the numbers are the server's share of a shared machine: compare rows of one run with each
# other, not with figures from elsewhere. wrk needs little CPU with post.lua (no per-request
# Lua), but it is not nothing; the Python server also runs one worker process per CPU.
#
# Output: the table at the end; it and every raw wrk output go to
# target/bench-serve/bench-serve-<timestamp>.txt, server logs to target/bench-serve/logs/.
# Needs wrk (installed with apt-get if missing and we may), curl, setsid, git, cargo.
# Run from anywhere; every loop is bounded; every server started is stopped on exit (errors
# and Ctrl-C included). Takes about 6 × (WARMUP + DURATION) s plus start-ups once built (and
# up to 4 × more when BentoML's rows are measured again; see ONE_WORKER_TRIES below).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-2}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-32}"
CONNS_1000="${CONNS_1000:-32}"
BUSY_PCT="${BUSY_PCT:-10}" # other processes' share of the machine that marks a row "busy"
ONE_WORKER_TRIES="${ONE_WORKER_TRIES:-3}" # runs of a row while BentoML serves on one worker
PREV_REF="${PREV_REF:-6e3f1dd}"
VENV="$ROOT/.venv-ref"
OUT="$ROOT/target/bench-serve"
HERE="$ROOT/scripts/bench-serve"
for v in DURATION WARMUP THREADS CONNS CONNS_1000 BUSY_PCT ONE_WORKER_TRIES; do
    if [[ ! "${!v}" =~ ^[1-9][0-9]*$ ]]; then
        echo "bench-serve: $v must be a positive whole number (got '${!v}')" >&2
        exit 2
    fi
done
say() { echo "bench-serve: $*" >&2; }

# Stopping servers -------------------------------------------------------------------------
# Each server runs under setsid (a terminal's Ctrl-C reaches only this script, whose trap stops
# it). BentoML's workers start sessions of their own, so a server is its process tree, not its
# group. SIGTERM to the top process first (both Rust versions drain and exit; BentoML's arbiter
# stops its workers), then after at most 10 s SIGKILL to whatever of the tree is left.
SERVER_PID=""
WRK_PID=""
TMP=""
# shellcheck source=scripts/lib/process-tree.sh
. scripts/lib/process-tree.sh # (the script runs from the repository root)
# shellcheck source=scripts/lib/wrk.sh
. scripts/lib/wrk.sh
# shellcheck source=scripts/lib/cpu.sh
. scripts/lib/cpu.sh
server_tree() { tree_of "$SERVER_PID" "$1"; } # pids | ticks
# Tools, traps and this run's files ($RESULTS, $TMP, $RAW, $ROWS) -----------------------------
bench_start bench-serve curl setsid git cargo

# Bodies ---------------------------------------------------------------------------------------
printf '[[5.1, 3.5, 1.4, 0.2]]' >"$OUT/w-small.json"
# 1000 rows around [5.1, 3.5, 1.4, 0.2], each feature moved by up to ±0.3 (the petal width by
# ±0.2, so it stays >= 0): all setosa for this model. Park–Miller steps stay below 2^53, so any
# awk (mawk, gawk) writes the same bytes.
awk 'BEGIN {
    s = 20240601
    split("5.1 3.5 1.4 0.2", base, " ")
    printf "["
    for (i = 0; i < 1000; i++) {
        printf "%s[", (i ? ", " : "")
        for (j = 1; j <= 4; j++) {
            s = (s * 16807) % 2147483647
            d = (j < 4) ? (s % 7 - 3) / 10 : (s % 5 - 2) / 10
            printf "%s%.1f", (j > 1 ? ", " : ""), base[j] + d
        }
        printf "]"
    }
    printf "]"
}' >"$OUT/w1000.json"

# Builds ---------------------------------------------------------------------------------------
say "building current: cargo build --release --example serve"
cargo build --release --example serve >&2 || { say "the work tree's example does not build"; exit 1; }
CURRENT_BIN="$ROOT/target/release/examples/serve"
CURRENT_REV="$(git describe --always --dirty)"

# The previous version in a detached worktree: added once, moved when PREV_REF changes. --force
# also re-adds it if target/ was cleaned while git still lists the worktree.
PREV_DIR="$OUT/prev"
PREV_REV="$(git rev-parse --verify --quiet "$PREV_REF^{commit}")" ||
    { say "PREV_REF=$PREV_REF is not a commit here"; exit 1; }
if [[ ! -e "$PREV_DIR/.git" ]]; then
    git worktree add --force --detach "$PREV_DIR" "$PREV_REV" >&2
elif [[ "$(git -C "$PREV_DIR" rev-parse HEAD)" != "$PREV_REV" ]]; then
    git -C "$PREV_DIR" checkout --force --detach --quiet "$PREV_REV"
fi
say "building previous ($PREV_REF = ${PREV_REV:0:7}) in $PREV_DIR"
(cd "$PREV_DIR" && CARGO_TARGET_DIR="$OUT/prev-target" cargo build --release --example serve >&2) ||
    { say "the example at $PREV_REF does not build"; exit 1; }
PREV_BIN="$OUT/prev-target/release/examples/serve"

# BentoML: set up .venv-ref if it has no bentoml yet; failure only drops the bentoml rows.
BENTOML_NOTE=""
if [[ ! -x "$VENV/bin/bentoml" ]]; then
    say "no $VENV/bin/bentoml: running scripts/python-clients.sh"
    bash scripts/python-clients.sh >&2 || true
fi
if [[ ! -x "$VENV/bin/bentoml" ]]; then
    BENTOML_NOTE="BentoML is not installed ($VENV/bin/bentoml missing after scripts/python-clients.sh): not measured"
else
    BENTOML_VERSION="$("$VENV/bin/python" -c 'import bentoml; print(bentoml.__version__)' 2>/dev/null)" ||
        BENTOML_VERSION="?"
fi

# Starting servers -----------------------------------------------------------------------------
# Both Rust versions take port 0 and log the address they bound ("HTTP listening on
# http://127.0.0.1:P"), so there is no race for a port. `bentoml serve` needs a number: a port
# the kernel just handed out and released.
URL=""
LOG=""
start_rust() { # name binary
    LOG="$OUT/logs/$1.log"
    # Emptied before the start: the shell's redirection runs in the background job, so the grep
    # below could otherwise read the previous run's address.
    : >"$LOG"
    NO_COLOR=1 RUST_LOG=info setsid "$2" --host 127.0.0.1 --port 0 --grpc-port 0 >"$LOG" 2>&1 &
    SERVER_PID=$!
    listen_url "$1" || return 1
    wait_readyz "$1" 200
}
start_bentoml() {
    LOG="$OUT/logs/bentoml.log"
    local port
    port="$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')" ||
        return 1
    local config=("BENTOML_CONFIG=$HERE/bentoml_configuration.yaml")
    if [[ "${BENCH_BENTOML_ACCESS_LOG:-0}" == 1 ]]; then config=(); fi
    setsid env "${config[@]}" BENTOML_HOME="$OUT/bentoml-home" BENTOML_DO_NOT_TRACK=true \
        "$VENV/bin/bentoml" serve iris_service:svc --working-dir "$HERE" \
        --host 127.0.0.1 --port "$port" >"$LOG" 2>&1 &
    SERVER_PID=$!
    URL="http://127.0.0.1:$port"
    wait_readyz bentoml 1200 # 120 s: the first start imports a lot of Python
}

# Measuring ------------------------------------------------------------------------------------
# One line per row in $ROWS: server workload conns req/s p50-ms p99-ms requests non2xx
# socket-errors cpu status (no spaces inside a field).
CURRENT_ANSWER_1000=""

# POST a body once with curl; the answer without whitespace, or "HTTP_<status>".
answer() { # body-file
    local tmp="$TMP/answer" code
    code="$(curl -s -o "$tmp" -w '%{http_code}' --max-time 30 -H 'Content-Type: application/json' \
        --data-binary "@$1" "$URL/classify")" || code="curl failed"
    if [[ "$code" == 200 ]]; then tr -d ' \n\r\t' <"$tmp"; else echo "HTTP_${code// /_}"; fi
}

run_wrk() { # conns seconds body-file output-file
    wrk -t"$THREADS" -c"$1" -d"$2s" --latency --timeout 10s -s "$HERE/post.lua" \
        "$URL/classify" -- "$3" >"$4" 2>&1 &
    WRK_PID=$!
    local rc=0
    wait "$WRK_PID" || rc=$?
    WRK_PID=""
    return "$rc"
}

# Where the CPU went during a run, in % of the whole machine (scripts/lib/cpu.sh): the server
# (its process tree), wrk (this shell's children's time: `times`, which must run in this shell,
# not a subshell) and everything else (the busy time in /proc/stat less those two). Another job
# on this shared machine (a cargo build, say) shows as "else" and marks the row "busy": its
# numbers are low.
# BentoML's workers share one listening socket and each keeps the keep-alive connections it
# accepted, so now and then all 32 land on one worker and the server uses one CPU of two (a
# third of its usual W-1000 rate; about every other run here). A run where one process of
# several did >= 80% of the server's work is measured again, up to ONE_WORKER_TRIES (3) runs
# in all (the ones not kept stay in the raw output); if the last is so too, it is marked
# "one-worker".
measure() { # server workload conns body-file
    local server="$1" workload="$2" conns="$3" body="$4" status="ok" got
    fail() { # reason: the row fails; reasons add up
        say "$server $workload: $1"
        if [[ "$status" == FAIL* ]]; then status="${status%)},$1)"; else status="FAIL($1)"; fi
    }
    # One request first: the right answer, not just a 200.
    got="$(answer "$body")"
    if [[ "$workload" == W-small ]]; then
        [[ "$got" == "[0]" ]] || fail "answer ${got:0:40}"
    else
        local n
        n="$(tr -d '[]' <<<"$got" | tr ',' '\n' | grep -c '^[0-2]$' || true)"
        if [[ "$n" != 1000 ]]; then
            fail "answer ${got:0:40}"
        elif [[ "$server" == current ]]; then
            CURRENT_ANSWER_1000="$got"
        elif [[ -n "$CURRENT_ANSWER_1000" && "$got" != "$CURRENT_ANSWER_1000" ]]; then
            fail "answer differs from current's"
        fi
    fi
    local tmp="$TMP/wrk" rc b0 a0 s0 w0 srv top procs cpu attempt one_worker
    for ((attempt = 1; attempt <= ONE_WORKER_TRIES; attempt++)); do
        say "$server $workload: ${WARMUP}s warm-up, ${DURATION}s x $conns connections, $THREADS threads"
        run_wrk "$conns" "$WARMUP" "$body" "$tmp" || true
        rc=0
        children_ticks
        b0="$(cpu_ticks busy)" a0="$(cpu_ticks all)" s0="$(server_tree ticks)" w0="$CHILD_TICKS"
        run_wrk "$conns" "$DURATION" "$body" "$tmp" || rc=$?
        children_ticks
        # The server's ticks in the run, the busiest process's share of them (%), its processes.
        read -r srv top procs < <(awk 'NR == FNR { t0[$1] = $2; next }
            { d = $2 - t0[$1]; s += d; if (d > m) m = d; n++ }
            END { printf "%d %d %d\n", s, (s > 0 ? 100 * m / s : 0), n }' \
            <(printf '%s\n' "$s0") <(server_tree ticks))
        cpu="$(awk -v all=$(($(cpu_ticks busy) - b0)) -v srv="$srv" \
            -v wrk=$((CHILD_TICKS - w0)) -v cap=$(($(cpu_ticks all) - a0)) 'BEGIN {
                e = all - srv - wrk; if (e < 0) e = 0; if (cap < 1) cap = 1
                printf "%d/%d/%d", 100 * srv / cap + 0.5, 100 * wrk / cap + 0.5, 100 * e / cap + 0.5
            }')"
        one_worker=0
        if ((procs > 1 && top >= 80)); then one_worker=1; fi
        {
            echo "=== $server $workload ($conns connections, $THREADS threads, ${DURATION}s; wrk exit $rc;" \
                "CPU % of machine server/wrk/else $cpu; $procs server processes, the busiest did $top%)"
            if ((one_worker && attempt < ONE_WORKER_TRIES)); then
                echo "(not kept: one worker did the work; measured again)"
            fi
            cat "$tmp"
            echo
        } >>"$RAW"
        ((one_worker && attempt < ONE_WORKER_TRIES)) || break
        say "$server $workload: one process did $top% of the server's work; measuring again"
    done
    local line
    line="$(wrk_summary "$tmp")"
    if [[ "$line" == "-" ]]; then
        tail -n 5 "$tmp" >&2
        line="- - - - - -"
        fail "no result from wrk (exit $rc)"
    else
        local bad sock
        read -r _ _ _ _ bad sock <<<"$line"
        if ((bad > 0)); then
            fail "$bad non-2xx"
        elif ((sock > 0)) && [[ "$status" == ok ]]; then
            status="ok(socket errors)"
        fi
    fi
    if ((${cpu##*/} >= BUSY_PCT)); then
        say "$server $workload: other processes used ${cpu##*/}% of the machine during the run"
        if [[ "$status" == ok* ]]; then status="$status(busy)"; fi
    fi
    if ((one_worker)); then
        say "$server $workload: one process did $top% of the server's work in every try"
        if [[ "$status" == ok* ]]; then status="$status(one-worker)"; fi
    fi
    status="${status//[[:space:]]/_}" # one field in $ROWS
    echo "$server $workload $conns $line $cpu $status" >>"$ROWS"
    say "$server $workload: $line $cpu $status"
}

bench() { # server
    measure "$1" W-small "$CONNS" "$OUT/w-small.json"
    measure "$1" W-1000 "$CONNS_1000" "$OUT/w1000.json"
}

MEASURE_START=$SECONDS
say "current ($CURRENT_REV)"
start_rust current "$CURRENT_BIN" || { say "current could not be started"; exit 1; }
bench current
stop_server

say "previous (${PREV_REV:0:7})"
start_rust previous "$PREV_BIN" || { say "previous could not be started"; exit 1; }
bench previous
stop_server

if [[ -z "$BENTOML_NOTE" ]]; then
    say "bentoml ($BENTOML_VERSION)"
    if start_bentoml; then
        bench bentoml
    else
        BENTOML_NOTE="BentoML $BENTOML_VERSION did not start (log: ${LOG#"$ROOT"/}): not measured"
    fi
    stop_server
fi
if [[ -n "$BENTOML_NOTE" ]]; then say "$BENTOML_NOTE"; fi

# Table ----------------------------------------------------------------------------------------
TABLE="$TMP/table"
{
    echo "bench-serve $STAMP: $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), shared by wrk and the server"
    echo "current = $CURRENT_REV, previous = $PREV_REF (${PREV_REV:0:7}), bentoml = ${BENTOML_VERSION:-not run}"
    echo "$(wrk -v 2>&1 | awk 'NR == 1 { print $1, $2 }'): $THREADS threads, ${WARMUP}s warm-up + ${DURATION}s per row; latency in ms"
    echo "cpu s/w/e%: the machine's CPU used by the server / wrk / anything else during the row;"
    echo "\"busy\": anything else used >= ${BUSY_PCT}% (another job on the machine), so that row reads low;"
    echo "\"one-worker\": one of the server's processes did >= 80% of its work in all $ONE_WORKER_TRIES tries (BentoML: all connections on one worker)"
    if [[ -n "$BENTOML_NOTE" ]]; then echo "NOTE: $BENTOML_NOTE"; fi
    echo
    awk '
        { srv[NR] = $1; wl[NR] = $2; c[NR] = $3; rps[NR] = $4; p50[NR] = $5; p99[NR] = $6
          n[NR] = $7; bad[NR] = $8; sock[NR] = $9; cpu[NR] = $10; st[NR] = $11; key[$1 " " $2] = $4 }
        function ratio(a, b) { return (a == "-" || b == "" || b == "-" || b == 0) ? "-" : sprintf("%.2fx", a / b) }
        END {
            fmt = "%-9s %-8s %5s %10s %9s %9s %9s %7s %7s %9s %9s %11s  %s\n"
            printf fmt, "server", "workload", "conns", "req/s", "p50", "p99", "requests", "non2xx", "sockerr", "cur/prev", "cur/bento", "cpu s/w/e%", "status"
            for (i = 1; i <= NR; i++) {
                rp = "-"; rb = "-"
                if (srv[i] == "current") {
                    rp = ratio(rps[i], key["previous " wl[i]])
                    rb = ratio(rps[i], key["bentoml " wl[i]])
                }
                printf fmt, srv[i], wl[i], c[i], rps[i], p50[i], p99[i], n[i], bad[i], sock[i], rp, rb, cpu[i], st[i]
            }
        }' "$ROWS"
    echo
    echo "run took ${SECONDS}s, of which starting and measuring the servers $((SECONDS - MEASURE_START))s"
} >"$TABLE"
bench_report 11 || exit 1
