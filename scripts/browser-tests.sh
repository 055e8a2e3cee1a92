#!/usr/bin/env bash
# Browser tests: the JS client's unit tests (Node's test runner) and an end-to-end test of the
# page `cargo run --example serve` serves at `/`, in headless Chromium driven by playwright-core.
#
# Installs what is missing: Debian's `chromium` (apt-get, as root), Node (apt-get, if there is
# none) and clients/js's npm packages (`npm ci`). Builds and starts the example on a free
# loopback port, runs both suites, stops the server, exits non-zero on any failure.
#
#   scripts/browser-tests.sh             # from the repository root or anywhere
#   CHROMIUM=/path/to/chrome scripts/browser-tests.sh
#
# The screenshot lands in target/browser/page.png; the server's log in target/browser/serve.log.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
OUT="$ROOT/target/browser"
mkdir -p "$OUT"

say() { echo "browser-tests: $*"; }

apt_install() {
    if [[ "$(id -u)" != 0 ]]; then
        say "need $* but not root: install it (apt-get install -y $*) and run again" >&2
        exit 1
    fi
    say "installing $* (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
# fonts-liberation is only recommended by chromium: without a font the screenshot has no text.
[[ -x "$CHROMIUM" ]] || apt_install chromium fonts-liberation
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
say "$("$CHROMIUM" --version 2>/dev/null | head -1), node $(node --version)"

if [[ ! -f clients/js/node_modules/playwright-core/package.json ]]; then
    say "npm ci (clients/js)"
    if ! (cd clients/js && npm ci --no-audit --no-fund --loglevel=error); then
        say "npm ci failed: the tests need clients/js's npm packages (playwright-core, pinned in" \
            "clients/js/package-lock.json) from the npm registry; run this again with access to it" >&2
        exit 1
    fi
fi

say "building the serve example"
cargo build --quiet --example serve

# A free port, so the page's origin (http://127.0.0.1:PORT) is known before the server starts
# and can be the one origin its CORS allows.
PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
ORIGIN="http://127.0.0.1:$PORT"
SERVER_PID=""
stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
}
trap stop_server EXIT

target/debug/examples/serve --host 127.0.0.1 --port "$PORT" --grpc-port 0 \
    --cors-origins "$ORIGIN" >"$OUT/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
    if node -e "fetch('$ORIGIN/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" 2>/dev/null; then
        break
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        say "the server exited:" >&2
        cat "$OUT/serve.log" >&2
        exit 1
    fi
    sleep 0.1
done
say "serving $ORIGIN (log: target/browser/serve.log)"

status=0
say "unit tests: node --test clients/js/test/"
node --test clients/js/test/ || status=1
say "browser test: node --test clients/js/e2e/"
NDARRAY_SERVER_URL="$ORIGIN" CHROMIUM="$CHROMIUM" NDARRAY_SCREENSHOT="$OUT/page.png" \
    node --test clients/js/e2e/ || status=1

stop_server
if [[ $status != 0 ]]; then
    say "FAILED" >&2
else
    say "ok (screenshot: target/browser/page.png)"
fi
exit $status
