#!/usr/bin/env bash
# Set up the Python that tests/serving_oip_clients.rs uses to call the example's Open Inference
# Protocol side with real clients (tests/oip_clients.py): target/oip-venv with Triton's
# tritonclient[http,grpc] and the kserve SDK from PyPI, pinned. Its own venv: tritonclient's
# gRPC stubs need protobuf >= 5, and .venv-ref keeps protobuf < 5 for BentoML's.
# Idempotent (nothing is installed when the pinned versions import already); run from anywhere.
# Without the venv the Rust test prints "oip clients: skipped (...)".
#
#   scripts/oip-clients.sh             # set up target/oip-venv
#   scripts/oip-clients.sh --run       # set up, then run the test against the example
#   scripts/oip-clients.sh --mlserver  # set up, then run tests/oip_clients.py against MLServer
#                                      # serving the same models (scripts/mlserver/), which
#                                      # checks the checks against another implementation
#
# A failed set-up is reported ("oip clients: skipped (<why>)"), not fatal, as
# scripts/python-clients.sh does: the test then says it is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="target/oip-venv"
TRITONCLIENT="tritonclient[http,grpc]==2.73.0"
KSERVE="kserve==0.21.0"
NUMPY="numpy==2.4.6"
if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "oip clients: skipped (no $PYTHON on this machine)"
    exit 0
fi
mkdir -p target
if [[ ! -x "$VENV/bin/python" ]] && ! "$PYTHON" -m venv "$VENV"; then
    echo "oip clients: skipped (cannot create $VENV with $PYTHON -m venv)"
    exit 0
fi
PY="$VENV/bin/python"
have() { # python-expression that must be true
    "$PY" -c "import sys; $1" 2>/dev/null
}
if ! have "import numpy, tritonclient, tritonclient.http, tritonclient.grpc
from importlib.metadata import version as v
sys.exit(not (v('tritonclient') == '2.73.0' and numpy.__version__ == '2.4.6'))"; then
    if ! "$PY" -m pip install --quiet --disable-pip-version-check "$TRITONCLIENT" "$NUMPY"; then
        echo "oip clients: skipped (pip install $TRITONCLIENT $NUMPY failed)"
        exit 0
    fi
fi
# The kserve SDK is a second client; without it the tritonclient checks still run and the
# script says the kserve checks were not.
if ! have "from importlib.metadata import version as v; import kserve; sys.exit(v('kserve') != '0.21.0')"; then
    "$PY" -m pip install --quiet --disable-pip-version-check "$KSERVE" "$NUMPY" ||
        echo "oip clients: pip install $KSERVE failed: its checks will say so"
fi
"$PY" -c "
from importlib.metadata import version as v
try:
    ks = v('kserve')
except Exception:
    ks = 'missing'
print('oip clients: tritonclient', v('tritonclient'), 'kserve', ks, 'numpy', v('numpy'))"

case "${1:-}" in
--run)
    cargo test --all-features --test serving_oip_clients -- --nocapture
    ;;
--mlserver)
    SERVER_PID=""
    # shellcheck source=scripts/lib/process-tree.sh
    . scripts/lib/process-tree.sh
    # shellcheck source=scripts/lib/mlserver.sh
    . scripts/lib/mlserver.sh
    trap 'stop_server' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    if ! mlserver_setup; then
        echo "oip clients vs mlserver: skipped ($MLSERVER_NOTE)"
        exit 0
    fi
    mkdir -p target/oip-clients
    # parallel_workers 0 (inference in the front process): with parallel workers MLServer
    # prefixes the class to an error's message ("mlserver.errors.MLServerError: ..."), which the
    # message checks would rightly count as a difference. MLSERVER_WORKERS=1 shows it.
    mlserver_start "${MLSERVER_WORKERS:-0}" target/oip-clients/mlserver.log ||
        { echo "oip clients vs mlserver: MLServer did not start"; exit 1; }
    timeout 300 "$PY" tests/oip_clients.py --target mlserver --http "$MLSERVER_HTTP" --grpc "$MLSERVER_GRPC"
    ;;
"") ;;
*)
    echo "usage: scripts/oip-clients.sh [--run | --mlserver]" >&2
    exit 2
    ;;
esac
