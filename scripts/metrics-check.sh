#!/usr/bin/env bash
# The example server's Prometheus `GET /metrics` against BentoML's, in two checks:
#
#   1 names-vs-bentoml   BentoML 1.4.39's own server (scripts/metrics-check/reference_service.py:
#                        bench-serve's iris_classifier, refusing a wrong shape with 400 as the
#                        example does; the file says why) and the example (examples/serve.rs,
#                        `cargo build --example serve`) get the same requests: 2 good
#                        POST /classify, 1 bad-shape POST /classify, GET /readyz, GET /docs.json.
#                        Both /metrics are scraped and parsed with prometheus_client's parser
#                        (.venv-ref), and every bentoml_* family of BentoML's must be in ours with
#                        the same type, sample names, label names (pid left out), /classify label
#                        values, bucket bounds and counts (scripts/metrics-check/compare.py says
#                        exactly what, and how BentoML's multiprocess artifacts are treated).
#                        Our own ndarray_* families are listed, not compared.
#   2 prometheus-scrape  Debian's prometheus (/usr/bin/prometheus) scrapes a fresh example every
#                        1 s (config: scripts/metrics-check/prometheus.yml); after 7 good
#                        POST /classify, its HTTP API must answer
#                          sum(bentoml_api_server_request_total{endpoint="/classify",http_response_code="200"}) = 7,
#                        a finite p99 from histogram_quantile over the duration buckets, and at
#                        least one series for the dashboard's rate(...request_total...[1m]).
#
#   scripts/metrics-check.sh
#   METRICS_CHECK_OURS=bentoml scripts/metrics-check.sh   # "ours" is a second BentoML server:
#                                                         # proves both checks' code paths
#                                                         # without the example's /metrics
#
# Prints one line per check (passed, FAILED, or skipped with what is missing) and a closing
# "metrics-check: N passed, M failed"; exits 1 if any check failed. A check whose tool is missing
# is skipped, not failed: check 1 needs .venv-ref with bentoml and prometheus_client (made by
# scripts/python-clients.sh, run here if missing), check 2 a prometheus binary (installed with
# apt-get if missing and we may) and a python3 for reading its JSON.
# Everything listens on 127.0.0.1 only; every wait is bounded in count and time; every process
# started here is stopped on exit (errors and Ctrl-C included). The scrapes are kept in
# target/metrics-check/ (bentoml.metrics, ours.metrics, prometheus-target.metrics), the servers'
# logs in target/metrics-check/logs/. Takes about a minute once built.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

OURS="${METRICS_CHECK_OURS:-example}"
if [[ "$OURS" != example && "$OURS" != bentoml ]]; then
    echo "metrics-check: METRICS_CHECK_OURS must be example or bentoml (got '$OURS')" >&2
    exit 2
fi
VENV="$ROOT/.venv-ref"
HERE="$ROOT/scripts/metrics-check"
OUT="$ROOT/target/metrics-check"
EXAMPLE_BIN="$ROOT/target/debug/examples/serve"
PROMETHEUS="${PROMETHEUS:-/usr/bin/prometheus}"
GOOD='[[5.1, 3.5, 1.4, 0.2]]' # class [0]
BAD='[[1, 2, 3]]'             # not (-1, 4): 400
N_GOOD=7                      # check 2's requests
say() { echo "metrics-check: $*" >&2; }

PASSED=0
FAILED=0
pass() { echo "metrics-check: $1 passed ($2)"; PASSED=$((PASSED + 1)); }
fail() { echo "metrics-check: $1 FAILED ($2)"; FAILED=$((FAILED + 1)); }
skip() { echo "metrics-check: $1 skipped ($2)"; }

# Processes --------------------------------------------------------------------------------------
# Each server (and Prometheus) runs under setsid, so a terminal's Ctrl-C reaches only this
# script, whose trap stops them. BentoML's workers start sessions of their own, so a server is its
# process tree, not its group: SIGTERM to the top process (the example drains and exits,
# BentoML's arbiter stops its workers, Prometheus shuts down), then after at most 10 s SIGKILL to
# whatever of the tree (taken before the SIGTERM) is left.
PIDS=()
TMP=""
# shellcheck source=scripts/lib/process-tree.sh
. scripts/lib/process-tree.sh # (the script runs from the repository root)
stop_all() {
    local i
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_tree "${PIDS[i]}"; done
    PIDS=()
}
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_all
    if [[ -n "$TMP" ]]; then rm -rf "$TMP"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$OUT/logs"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/metrics-check.XXXXXX")"

# Tools ------------------------------------------------------------------------------------------
command -v curl >/dev/null || { say "needs curl"; exit 1; }
command -v setsid >/dev/null || { say "needs setsid"; exit 1; }
# Check 1's Python: .venv-ref with BentoML and prometheus_client (BentoML depends on it).
venv_ok() { "$VENV/bin/python" -c 'import bentoml, prometheus_client.parser' 2>/dev/null; }
VENV_NOTE=""
if ! venv_ok; then
    say "no $VENV with bentoml and prometheus_client: running scripts/python-clients.sh"
    bash scripts/python-clients.sh >&2 || true
fi
venv_ok || VENV_NOTE="no ${VENV#"$ROOT"/} with bentoml and prometheus_client after scripts/python-clients.sh"
# Check 2's: Debian's prometheus, installed if missing (without Recommends: node-exporter is not
# needed). The package lists may be stale or absent: update once on failure. On a machine that
# runs systemd the package also starts its own service on :9090; this check uses its own
# instance on another port and leaves that one alone.
if [[ ! -x "$PROMETHEUS" ]] && command -v apt-get >/dev/null; then
    SUDO=()
    if [[ "$(id -u)" != 0 ]]; then SUDO=(sudo -n); fi
    say "installing prometheus with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends prometheus >&2 ||
        { "${SUDO[@]}" apt-get update -qq >&2 &&
            "${SUDO[@]}" apt-get install -y -qq --no-install-recommends prometheus >&2; } ||
        true
fi
PROM_NOTE=""
[[ -x "$PROMETHEUS" ]] || PROM_NOTE="no $PROMETHEUS after apt-get install prometheus"
# Any python3 reads Prometheus's JSON (promql.py); .venv-ref's if there is no other.
JSON_PY="$(command -v python3 || true)"
[[ -n "$JSON_PY" ]] || { [[ -x "$VENV/bin/python" ]] && JSON_PY="$VENV/bin/python"; } || true
if [[ -z "$PROM_NOTE" && -z "$JSON_PY" ]]; then PROM_NOTE="no python3 to read Prometheus's answers"; fi
if [[ "$OURS" == bentoml && -n "$VENV_NOTE" && -z "$PROM_NOTE" ]]; then
    PROM_NOTE="METRICS_CHECK_OURS=bentoml, but $VENV_NOTE"
fi

# A port the kernel just handed out and released, for the servers that need a number (BentoML,
# Prometheus); the example takes port 0 and logs what it bound, so it has no such race.
free_port() {
    "${JSON_PY:-$VENV/bin/python}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starting servers -------------------------------------------------------------------------------
# Each sets URL (http://127.0.0.1:P) and LOG, and adds its pid to PIDS; returns 1 (having said
# why) when the server does not come up.
URL=""
LOG=""
wait_ready() { # name pid path tenths-of-a-second
    local i
    for ((i = 0; i < $4; i++)); do
        if curl -sf -o /dev/null --max-time 1 "$URL$3"; then return 0; fi
        if ! kill -0 "$2" 2>/dev/null; then
            say "$1 exited before it was ready (log: ${LOG#"$ROOT"/}):"
            tail -n 20 "$LOG" >&2
            return 1
        fi
        sleep 0.1
    done
    say "$1 was not ready after $(($4 / 10)) s (log: ${LOG#"$ROOT"/}):"
    tail -n 20 "$LOG" >&2
    return 1
}
start_example() { # name
    LOG="$OUT/logs/$1.log"
    # Emptied here, not only by the child's redirection: the loop below must not read the last
    # run's address from it before the child has run.
    : >"$LOG"
    NO_COLOR=1 RUST_LOG=info setsid "$EXAMPLE_BIN" --host 127.0.0.1 --port 0 --grpc-port 0 >"$LOG" 2>&1 &
    local pid=$! i addr=""
    PIDS+=("$pid")
    for ((i = 0; i < 200; i++)); do # 20 s
        addr="$(grep -o 'HTTP listening on http://127\.0\.0\.1:[0-9]*' "$LOG" | head -n1 | sed 's|.*http://||')" || true
        [[ -n "$addr" ]] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if [[ -z "$addr" ]]; then
        say "$1 did not start (log: ${LOG#"$ROOT"/}):"
        tail -n 20 "$LOG" >&2
        return 1
    fi
    URL="http://$addr"
    wait_ready "$1" "$pid" /readyz 200
}
start_bentoml() { # name
    LOG="$OUT/logs/$1.log"
    : >"$LOG"
    local port
    port="$(free_port)" || return 1
    # Its own BENTOML_HOME per server and run: BentoML keeps its multiprocess metric files
    # there, and two servers sharing them would each report the other's requests too.
    # bench-serve's configuration turns only the access log off (metrics stay on, as default).
    mkdir -p "$TMP/home-$1"
    setsid env BENTOML_CONFIG="$ROOT/scripts/bench-serve/bentoml_configuration.yaml" \
        BENTOML_HOME="$TMP/home-$1" BENTOML_DO_NOT_TRACK=true \
        "$VENV/bin/bentoml" serve reference_service:svc --working-dir "$HERE" \
        --host 127.0.0.1 --port "$port" >"$LOG" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    URL="http://127.0.0.1:$port"
    wait_ready "$1" "$pid" /readyz 1200 # 120 s: the first start imports a lot of Python
}
start_ours() { # name
    if [[ "$OURS" == example ]]; then start_example "$1"; else start_bentoml "$1"; fi
}

# Requests ---------------------------------------------------------------------------------------
# One request; prints "<status> <body without whitespace>", the body cut to 80 characters.
request() { # method path [json-body]
    local code
    : >"$TMP/body"
    if [[ $# -ge 3 ]]; then
        code="$(curl -s -o "$TMP/body" -w '%{http_code}' --max-time 10 -X "$1" \
            -H 'Content-Type: application/json' --data-binary "$3" "$URL$2")" || code="curl-failed"
    else
        code="$(curl -s -o "$TMP/body" -w '%{http_code}' --max-time 10 -X "$1" "$URL$2")" || code="curl-failed"
    fi
    echo "$code $(tr -d ' \n\r\t' <"$TMP/body" | cut -c1-80)"
}
# Check 1's requests to the server at URL; says what each answered, and returns 1 if one did
# not answer as expected (200 [0], 200 [0], 400, 200, 200).
check1_requests() { # name
    local got=() ok=0 a
    a="$(request POST /classify "$GOOD")"; got+=("classify ${a:0:20}"); [[ "$a" == "200 [0]" ]] || ok=1
    a="$(request POST /classify "$GOOD")"; got+=("classify ${a:0:20}"); [[ "$a" == "200 [0]" ]] || ok=1
    a="$(request POST /classify "$BAD")"; got+=("bad-shape ${a%% *}"); [[ "${a%% *}" == 400 ]] || ok=1
    a="$(request GET /readyz)"; got+=("readyz ${a%% *}"); [[ "${a%% *}" == 200 ]] || ok=1
    a="$(request GET /docs.json)"; got+=("docs.json ${a%% *}"); [[ "${a%% *}" == 200 ]] || ok=1
    say "$1 answered: $(IFS=';'; echo "${got[*]}")"
    return "$ok"
}
scrape() { # file: GET URL/metrics into it; returns 1 (having said so) on anything but 200
    local code
    code="$(curl -s -o "$1" -w '%{http_code}' --max-time 10 "$URL/metrics")" || code="curl-failed"
    if [[ "$code" != 200 ]]; then
        say "GET $URL/metrics answered $code"
        return 1
    fi
}

# Building ---------------------------------------------------------------------------------------
BUILD_NOTE=""
if [[ "$OURS" == example ]]; then
    say "building: cargo build --example serve"
    if ! cargo build --example serve >"$OUT/logs/build.log" 2>&1; then
        tail -n 20 "$OUT/logs/build.log" >&2
        BUILD_NOTE="cargo build --example serve failed (log: target/metrics-check/logs/build.log)"
    fi
fi

# Check 1: names against BentoML -----------------------------------------------------------------
check1() {
    local name=names-vs-bentoml bento_url ours_url
    if [[ -n "$VENV_NOTE" ]]; then skip "$name" "$VENV_NOTE"; return; fi
    if [[ -n "$BUILD_NOTE" ]]; then fail "$name" "$BUILD_NOTE"; return; fi
    say "$name: starting BentoML (reference_service.py) and ours ($OURS)"
    start_bentoml bentoml || { fail "$name" "BentoML did not start"; return; }
    bento_url="$URL"
    start_ours ours || { fail "$name" "ours ($OURS) did not start"; return; }
    ours_url="$URL"
    local requests_ok=0
    URL="$bento_url"; check1_requests bentoml || requests_ok=1
    URL="$ours_url"; check1_requests "ours ($OURS)" || requests_ok=1
    sleep 1 # BentoML's workers write their metric files when a request ends; a moment's margin
    URL="$bento_url"; scrape "$OUT/bentoml.metrics" || { fail "$name" "BentoML's /metrics did not answer 200"; return; }
    URL="$ours_url"; scrape "$OUT/ours.metrics" || { fail "$name" "our /metrics did not answer 200"; return; }
    say "$name: scrapes in target/metrics-check/{bentoml,ours}.metrics"
    local rc=0
    "$VENV/bin/python" "$HERE/compare.py" "$OUT/bentoml.metrics" "$OUT/ours.metrics" || rc=$?
    stop_all
    if ((rc == 0 && requests_ok == 0)); then
        pass "$name" "every bentoml_ family of BentoML's scrape matches ours"
    elif ((rc == 0)); then
        fail "$name" "the scrapes match, but a request was not answered as expected (above)"
    elif ((rc == 1)); then
        fail "$name" "differences from BentoML's scrape (DIFF lines above)"
    else
        fail "$name" "a scrape could not be parsed (above)"
    fi
}

# Check 2: a real Prometheus scrapes it ----------------------------------------------------------
PROM=""
query() { # promql: prints promql.py's line ("<series> <value> [finite|nonfinite]" or "error ...")
    curl -s --max-time 3 -G --data-urlencode "query=$1" "$PROM/api/v1/query" 2>/dev/null |
        "$JSON_PY" "$HERE/promql.py" || true
}
# Polls a query every 0.5 s until its line matches a pattern (an extended regex), for at most
# the given seconds; prints the last line; returns 1 if it never matched.
wait_query() { # promql regex seconds
    local i line=""
    for ((i = 0; i < $3 * 2; i++)); do
        line="$(query "$1")"
        if [[ "$line" =~ $2 ]]; then echo "$line"; return 0; fi
        sleep 0.5
    done
    echo "$line"
    return 1
}
start_prometheus() { # target host:port; sets PROM; up to 3 tries (another process may take the port)
    local try port pid
    for ((try = 1; try <= 3; try++)); do
        port="$(free_port)" || return 1
        rm -rf "$TMP/prom-data"
        mkdir -p "$TMP/prom-data"
        sed "s|@TARGET@|$1|" "$HERE/prometheus.yml" >"$TMP/prometheus.yml"
        LOG="$OUT/logs/prometheus.log"
        : >"$LOG"
        setsid "$PROMETHEUS" --config.file="$TMP/prometheus.yml" \
            --storage.tsdb.path="$TMP/prom-data" --web.listen-address="127.0.0.1:$port" \
            >"$LOG" 2>&1 &
        pid=$!
        PIDS+=("$pid")
        PROM="http://127.0.0.1:$port"
        local saved="$URL"
        URL="$PROM"
        if wait_ready prometheus "$pid" /-/ready 300; then URL="$saved"; return 0; fi
        URL="$saved"
        grep -q 'address already in use' "$LOG" || return 1
        say "prometheus: port $port was taken; another"
    done
    return 1
}
check2() {
    local name=prometheus-scrape target line i a
    if [[ -n "$PROM_NOTE" ]]; then skip "$name" "$PROM_NOTE"; return; fi
    if [[ "$OURS" == example && -n "$BUILD_NOTE" ]]; then fail "$name" "$BUILD_NOTE"; return; fi
    say "$name: starting ours ($OURS) and $("$PROMETHEUS" --version 2>&1 | head -n1)"
    start_ours ours-prometheus || { fail "$name" "ours ($OURS) did not start"; return; }
    target="${URL#http://}"
    start_prometheus "$target" || { fail "$name" "prometheus did not start"; return; }
    # Prometheus scrapes with its own (Go) parser: up stays 0 if it refuses our exposition, and
    # the target's lastError says why.
    if ! line="$(wait_query 'up{job="metrics-check"}' '^1 1 ' 15)"; then
        curl -s --max-time 3 "$PROM/api/v1/targets" >"$TMP/targets.json" || true
        say "targets: $(grep -o '"lastError":"[^"]*"' "$TMP/targets.json" | head -n1)"
        fail "$name" "prometheus's scrape of $target is not up after 15 s (up: $line)"
        return
    fi
    # The requests come after the first scrape and 0.5 s apart, over several scrapes: a series
    # that is already at its final value in every scrape has a rate of 0, and its quantile NaN.
    for ((i = 0; i < N_GOOD; i++)); do
        a="$(request POST /classify "$GOOD")"
        [[ "$a" == "200 [0]" ]] || { fail "$name" "POST /classify answered '$a', not 200 [0]"; return; }
        sleep 0.5
    done
    curl -s -o "$OUT/prometheus-target.metrics" --max-time 10 "$URL/metrics" || true
    local q_total q_p99 q_rate problems=() got=()
    q_total='sum(bentoml_api_server_request_total{endpoint="/classify",http_response_code="200"})'
    q_p99='histogram_quantile(0.99, sum(rate(bentoml_api_server_request_duration_seconds_bucket{endpoint="/classify"}[1m])) by (le))'
    q_rate='rate(bentoml_api_server_request_total{endpoint="/classify"}[1m])'
    if line="$(wait_query "$q_total" "^1 $N_GOOD finite" 20)"; then
        got+=("total $N_GOOD")
    else
        problems+=("$q_total is '${line:-no answer}' after 20 s, not $N_GOOD")
    fi
    if line="$(wait_query "$q_p99" '^1 [^ ]+ finite' 20)"; then
        read -r _ a _ <<<"$line"
        got+=("p99 ${a}s")
    else
        problems+=("$q_p99 is '${line:-no answer}' after 20 s, not a finite number")
    fi
    if line="$(wait_query "$q_rate" '^[1-9][0-9]* ' 10)"; then
        got+=("rate: ${line%% *} series")
    else
        problems+=("$q_rate returned '${line:-no answer}' after 10 s: no series")
    fi
    stop_all
    if ((${#problems[@]} == 0)); then
        local summary="${got[0]}"
        for a in "${got[@]:1}"; do summary+=", $a"; done
        pass "$name" "$summary"
    else
        for a in "${problems[@]}"; do echo "  $a"; done
        fail "$name" "${#problems[@]} of 3 queries did not answer as expected (above)"
    fi
}

check1
stop_all
check2
stop_all
echo "metrics-check: $PASSED passed, $FAILED failed"
((FAILED == 0))
