#!/usr/bin/env bash
# Set up the Python reference (BentoML NumpyNdarray) for the benchmark comparison and write
# the shared workloads.  Run from the repository root; idempotent (safe to re-run).
#
#   scripts/bench-reference.sh            # venv in .venv-ref, workloads in target/ndbench
#
# Then measure the reference, e.g.:
#   .venv-ref/bin/python ../shared/bench/anchors.py target/ndbench --only W1 --ops json_decode
#
# Versions: the conformance vectors were made with numpy 2.4.6 + BentoML 1.4.39 and
# protobuf<5 (BentoML 1.4's service_pb2 shim only knows protobuf 3.x/4.x).
# Override with env vars if needed: PYTHON, NUMPY_SPEC, BENTOML_SPEC, PROTOBUF_SPEC.
set -euo pipefail

PYTHON="${PYTHON:-python3}"
VENV=".venv-ref"
OUT="target/ndbench"
BENCH="../shared/bench"
NUMPY_SPEC="${NUMPY_SPEC:-numpy==2.4.6}"
BENTOML_SPEC="${BENTOML_SPEC:-bentoml==1.4.39}"
PROTOBUF_SPEC="${PROTOBUF_SPEC:-protobuf<5}"

if [[ ! -f Cargo.toml || ! -f "$BENCH/make_workloads.py" ]]; then
    echo "run this from the repository root (needs ./Cargo.toml and $BENCH/make_workloads.py)" >&2
    exit 1
fi

# 1. venv ---------------------------------------------------------------------------------
if [[ ! -x "$VENV/bin/python" ]]; then
    "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"

have_deps() {
    "$PY" - "$NUMPY_SPEC" "$BENTOML_SPEC" "$PROTOBUF_SPEC" <<'EOF' 2>/dev/null
import sys
from importlib.metadata import version
from packaging.requirements import Requirement
for spec in sys.argv[1:] + ["orjson"]:
    req = Requirement(spec)
    if not req.specifier.contains(version(req.name), prereleases=True):
        sys.exit(1)
EOF
}

if have_deps; then
    echo "$VENV: requirements already satisfied" >&2
else
    # numpy 2.4.6 if the index has it, else the newest numpy 2.x
    if ! "$VENV/bin/pip" install "$NUMPY_SPEC" orjson "$BENTOML_SPEC" "$PROTOBUF_SPEC"; then
        echo "falling back to the newest numpy 2.x" >&2
        "$VENV/bin/pip" install "numpy>=2,<3" orjson "$BENTOML_SPEC" "$PROTOBUF_SPEC"
    fi
fi
"$PY" -c 'import numpy, orjson, bentoml, google.protobuf as p, starlette
print(f"numpy {numpy.__version__}  orjson {orjson.__version__}  bentoml {bentoml.__version__}  "
      f"protobuf {p.__version__}  starlette {starlette.__version__}")' 2>/dev/null

# 2. workloads (deterministic: re-running rewrites identical files) ---------------------------
mkdir -p "$OUT"
"$PY" "$BENCH/make_workloads.py" "$OUT"
