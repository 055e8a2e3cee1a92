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
