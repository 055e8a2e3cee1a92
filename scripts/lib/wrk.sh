# Sourced by the benchmark scripts that drive wrk (bench-serve.sh, bench-batch.sh, bench-oip.sh).

# wrk_summary FILE: wrk's `--latency` output in FILE as one line
# "req/s p50-ms p99-ms requests non-2xx socket-errors", or "-" when wrk gave no result.
# wrk prints latencies as 812.00us, 1.23ms, 2.01s (also m, h): all in ms here.
wrk_summary() {
    awk '
        function ms(v) {
            if (v ~ /us$/) return v / 1000
            if (v ~ /ms$/) return v + 0
            if (v ~ /s$/) return v * 1000
            if (v ~ /m$/) return v * 60000
            if (v ~ /h$/) return v * 3600000
            return -1
        }
        /^ *50% / { p50 = ms($2) }
        /^ *99% / { p99 = ms($2) }
        / requests in / { n = $1 }
        /^Requests\/sec:/ { rps = $2 }
        /Non-2xx or 3xx responses:/ { bad = $NF }
        /Socket errors:/ { sock = $4 + $6 + $8 + $10 }
        END {
            if (rps == "" || p50 == "" || p99 == "") { print "-"; exit }
            printf "%.1f %.3f %.3f %d %d %d\n", rps, p50, p99, n, bad, sock
        }' "$1"
}

# ensure_wrk: Debian's wrk 4.1.0 on PATH, installed with apt-get when missing (the package
# lists may be stale or absent: updated once on failure). Says why and returns 1 when wrk
# cannot be had. Needs the caller's `say`.
ensure_wrk() {
    command -v wrk >/dev/null && return 0
    local sudo=()
    if [[ "$(id -u)" != 0 ]]; then sudo=(sudo -n); fi
    if command -v apt-get >/dev/null; then
        say "installing wrk with apt-get"
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq wrk >&2 ||
            { DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq >&2 &&
                DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq wrk >&2; } ||
            true
    fi
    if ! command -v wrk >/dev/null; then
        say "wrk is not installed and could not be (apt-get install wrk failed or no apt-get): no measurements"
        return 1
    fi
}

# bench_cleanup: the EXIT trap of a benchmark that runs wrk ($WRK_PID) against a server
# (stop_server, from process-tree.sh) with scratch files in $TMP: stops both, removes $TMP and
# exits with the script's status. Install with `trap bench_cleanup EXIT`.
bench_cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n "${WRK_PID:-}" ]]; then
        kill -KILL "$WRK_PID" 2>/dev/null || true
        wait "$WRK_PID" 2>/dev/null || true
    fi
    stop_server
    if [[ -n "${TMP:-}" ]]; then rm -rf "$TMP"; fi
    exit "$rc"
}

# bench_start NAME TOOL...: the start of a benchmark run. Installs the EXIT, INT and TERM traps
# (bench_cleanup), checks the tools it needs and wrk (ensure_wrk; exits 1 without them), and
# makes this run's files: $OUT/logs, $STAMP, $RESULTS ($OUT/NAME-$STAMP.txt), $TMP (scratch,
# removed on exit), $RAW (the raw wrk outputs, appended to $RESULTS after the table) and $ROWS
# (one line per measured row), both empty.
bench_start() {
    local name="$1" tool
    shift
    trap bench_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { say "needs $tool"; exit 1; }
    done
    ensure_wrk || { say "every row SKIPPED, nothing measured"; exit 1; }
    mkdir -p "$OUT/logs"
    STAMP="$(date +%Y%m%d-%H%M%S)"
    RESULTS="$OUT/$name-$STAMP.txt"
    TMP="$OUT/.tmp-$STAMP"
    mkdir -p "$TMP"
    RAW="$TMP/raw"
    : >"$RAW"
    ROWS="$TMP/rows"
    : >"$ROWS"
}

# bench_report FIELD: the end of a benchmark run. Writes $RESULTS (the table in $TABLE, then the
# raw wrk outputs in $RAW), prints the table and where it went, and returns 1 (after saying
# so) when a row of $ROWS has a status starting with FAIL in FIELD: a field number, or `last`.
bench_report() {
    local field="$1" failed
    [[ "$field" == last ]] && field=0
    {
        cat "$TABLE"
        echo
        echo "raw wrk outputs (warm-ups not kept):"
        echo
        cat "$RAW"
    } >"$RESULTS"
    echo
    cat "$TABLE"
    echo "(table and raw wrk outputs: ${RESULTS#"$ROOT"/})"
    failed="$(awk -v f="$field" '(f > 0 ? $f : $NF) ~ /^FAIL/' "$ROWS" | wc -l)"
    if ((failed > 0)); then
        say "$failed row(s) failed (FAIL above)"
        return 1
    fi
}
