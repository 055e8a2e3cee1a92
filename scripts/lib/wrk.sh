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
