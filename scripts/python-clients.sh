#!/usr/bin/env bash
# Set up the Python that tests/serving.rs uses to call the example service with BentoML's own
# clients (tests/serve_clients.py): the reference venv .venv-ref (numpy, BentoML 1.4.39,
# protobuf<5, as scripts/bench-reference.sh makes it) plus requests and grpcio.
# Idempotent; run from the repository root. Then `cargo test --test serving` runs the check
# (without this venv it prints "python clients: skipped").
#
#   scripts/python-clients.sh            # set up .venv-ref
#   scripts/python-clients.sh --run      # set up, then run the serving tests
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV=".venv-ref"
if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "python clients: skipped (no $PYTHON on this machine)"
    exit 0
fi
# A failed set-up is reported, not fatal: the Rust tests then skip the Python check and say so.
if [[ ! -x "$VENV/bin/python" ]] && ! "$PYTHON" -m venv "$VENV"; then
    echo "python clients: skipped (cannot create $VENV with $PYTHON -m venv)"
    exit 0
fi
PY="$VENV/bin/python"
if ! "$PY" -c "import numpy, requests, grpc, pyarrow, bentoml.grpc.v1.service_pb2_grpc" 2>/dev/null; then
    if ! "$PY" -m pip install --quiet --disable-pip-version-check \
        "numpy==2.4.6" "bentoml==1.4.39" "protobuf<5" requests grpcio "pyarrow==26.0.1"; then
        echo "python clients: skipped (pip install failed)"
        exit 0
    fi
fi
"$PY" -c "import bentoml, grpc, numpy; print('python clients: bentoml', bentoml.__version__, 'grpcio', grpc.__version__, 'numpy', numpy.__version__)"

if [[ "${1:-}" == "--run" ]]; then
    cargo test --test serving -- --nocapture
fi
