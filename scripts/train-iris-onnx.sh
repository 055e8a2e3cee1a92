#!/usr/bin/env bash
# Trains the iris classifier of examples/tract-iris and writes its ONNX model and reference rows
# (scripts/train-iris-onnx.py says what and how) into examples/tract-iris/model/.
#
#   scripts/train-iris-onnx.sh                     # venv target/iris-venv, then train + export
#   WITH_ONNXRUNTIME=1 scripts/train-iris-onnx.sh  # also run the file with onnxruntime
#
# Python: a venv of its own, target/iris-venv (or IRIS_VENV), with the pinned packages below
# from PyPI; the reference venv .venv-ref stays untouched. The same pins write the same bytes
# (fitting is seeded), so a rerun leaves the committed files unchanged: `git diff` shows it.
# When the venv cannot be made or PyPI cannot be reached, it says so and exits 1, and the
# committed files stay as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

PYTHON="${PYTHON:-python3}"
VENV="${IRIS_VENV:-$ROOT/target/iris-venv}"
LOG="$ROOT/target/iris-venv.log"
PINS=(scikit-learn==1.9.1 numpy==2.4.6 onnx==1.23.2)
if [[ "${WITH_ONNXRUNTIME:-0}" == 1 ]]; then PINS+=(onnxruntime==1.32.0); fi
say() { echo "train-iris-onnx: $*" >&2; }

command -v "$PYTHON" >/dev/null 2>&1 || { say "no $PYTHON on this machine"; exit 1; }
mkdir -p "$ROOT/target"
PY="$VENV/bin/python"
# Installed versions as "name==version" lines, compared with the pins: a venv made with other
# pins is brought to these ones.
want="$(printf '%s\n' "${PINS[@]}" | sort)"
have="$("$PY" -m pip freeze 2>/dev/null | grep -i -E "^($(printf '%s|' "${PINS[@]%%==*}" | sed 's/|$//'))==" |
    tr '[:upper:]' '[:lower:]' | sort)" || have=""
if [[ "$have" != "$want" ]]; then
    if [[ ! -x "$PY" ]] && ! "$PYTHON" -m venv "$VENV" >"$LOG" 2>&1; then
        say "cannot create $VENV with $PYTHON -m venv (see $LOG)"
        exit 1
    fi
    say "installing ${PINS[*]} into $VENV"
    if ! "$PY" -m pip install --quiet --disable-pip-version-check "${PINS[@]}" >>"$LOG" 2>&1; then
        say "pip install ${PINS[*]} failed: PyPI unreachable? (see $LOG); the committed model is unchanged"
        exit 1
    fi
fi
"$PY" scripts/train-iris-onnx.py "$@"
