# Sourced by the scripts that start servers on loopback (bench-serve.sh, bench-batch.sh,
# spark-bench.sh, metrics-check.sh, bench-oip.sh, oip-clients.sh --mlserver). Each server runs under setsid, so a terminal's Ctrl-C
# reaches only the script, whose trap stops it. BentoML's workers start sessions of their own,
# so a server is its process tree, not its group: SIGTERM to the top process first (the Rust
# servers drain and exit, BentoML's arbiter stops its workers), then after at most 10 s SIGKILL
# to whatever of the tree, taken before the SIGTERM, is left.

# tree_of PID [pids|ticks]: PID and its descendants (from /proc/PID/stat), one per line, or
# "pid utime+stime" lines with `ticks`.
tree_of() {
    { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v root="$1" -v mode="${2:-pids}" '
        { pid = $1; sub(/^.*\) /, ""); parent[pid] = $2; ticks[pid] = $12 + $13 }
        END {
            for (p in parent) {
                q = p
                for (d = 0; d < 64 && q != root && q > 1; d++) q = parent[q]
                if (q != root) continue
                if (mode == "pids") print p; else print p, ticks[p]
            }
        }'
}

# stop_tree PID: SIGTERM to PID, at most 10 s to exit, then SIGKILL to what is left of its tree.
stop_tree() {
    local pid="$1" tree i
    tree="$(tree_of "$pid")"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    # shellcheck disable=SC2086 # one pid per word
    kill -KILL $tree 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# stop_server: stop_tree on $SERVER_PID (the one server a benchmark runs at a time), if any.
stop_server() {
    [[ -n "${SERVER_PID:-}" ]] || return 0
    local pid="$SERVER_PID"
    SERVER_PID=""
    stop_tree "$pid"
}

# listen_url NAME: wait up to 20 s for the crate's server started as $SERVER_PID to log
# "HTTP listening on http://127.0.0.1:PORT" in $LOG, then set URL. Says why and returns 1 if
# it exits or never says so. Needs the caller's `say`.
listen_url() {
    local i addr=""
    for ((i = 0; i < 200; i++)); do # 20 s
        addr="$(grep -o 'HTTP listening on http://127\.0\.0\.1:[0-9]*' "$LOG" | head -n1 | sed 's|.*http://||')" || true
        [[ -n "$addr" ]] && break
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    if [[ -z "$addr" ]]; then
        say "$1 did not start (log: $LOG):"
        tail -n 20 "$LOG" >&2
        return 1
    fi
    URL="http://$addr"
}

# wait_readyz NAME TENTHS: wait up to TENTHS tenths of a second for $URL/readyz to answer 2xx
# while $SERVER_PID lives; says why (with $LOG's tail) and returns 1 otherwise.
wait_readyz() {
    local i
    for ((i = 0; i < $2; i++)); do
        if curl -sf -o /dev/null --max-time 1 "$URL/readyz"; then return 0; fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            say "$1 exited before it was ready (log: $LOG):"
            tail -n 20 "$LOG" >&2
            return 1
        fi
        sleep 0.1
    done
    say "$1 was not ready after $(($2 / 10)) s (log: $LOG):"
    tail -n 20 "$LOG" >&2
    return 1
}
