# Sourced by the scripts that run MLServer (scripts/oip-clients.sh --mlserver,
# scripts/bench-oip.sh), after scripts/lib/process-tree.sh, from the repository root.
#
# MLServer 1.7.1 from PyPI (with uvloop 0.21.0: under uvloop 0.22, MLServer 1.7.1's parallel
# inference workers die at start, "There is no current event loop", SeldonIO/MLServer#2286) in
# its own venv, target/mlserver-venv (its fastapi and protobuf pins
# fit neither .venv-ref, where BentoML keeps protobuf < 5, nor target/oip-venv, where the kserve
# SDK wants a newer fastapi), serving scripts/mlserver/: the example's three models as a custom
# runtime (iris_runtime.py, one model-settings.json per model).
#
# Server settings, all through MLSERVER_* environment variables (scripts/mlserver has no
# settings.json): 127.0.0.1, free ports for HTTP, gRPC and metrics; `debug` off, which turns
# off uvicorn's per-request access log (the Rust example logs errors only) and logs at INFO;
# `parallel_workers` as asked (MLServer's default is 1: inference runs in one worker process
# beside the front process that serves HTTP and gRPC; 0 runs it in the front process);
# everything else MLServer's defaults (metrics on, gzip on). Its .envs and .metrics
# directories go to target/mlserver-run, its working directory.

MLSERVER_VERSION="1.7.1"
MLSERVER_VENV="$PWD/target/mlserver-venv"
MLSERVER_NOTE=""   # why MLServer cannot be run, once mlserver_setup has failed
MLSERVER_HTTP=""   # host:port, once mlserver_start has succeeded
MLSERVER_GRPC=""
MLSERVER_LOG=""

# mlserver_setup: the venv with MLServer (skipped when it imports already); 1 and
# MLSERVER_NOTE when it cannot be made.
mlserver_setup() {
    local py="$MLSERVER_VENV/bin/python"
    if [[ -x "$py" ]] && "$py" -c "import mlserver, numpy, sys, uvloop
sys.exit(mlserver.__version__ != '$MLSERVER_VERSION' or uvloop.__version__ != '0.21.0')" 2>/dev/null; then
        return 0
    fi
    if [[ ! -x "$py" ]] && ! "${PYTHON:-python3}" -m venv "$MLSERVER_VENV" >&2; then
        MLSERVER_NOTE="cannot create $MLSERVER_VENV with ${PYTHON:-python3} -m venv"
        return 1
    fi
    echo "mlserver: installing mlserver==$MLSERVER_VERSION into ${MLSERVER_VENV#"$PWD"/}" >&2
    if ! "$py" -m pip install --quiet --disable-pip-version-check \
        "mlserver==$MLSERVER_VERSION" "numpy==2.4.6" "uvloop==0.21.0" >&2; then
        MLSERVER_NOTE="pip install mlserver==$MLSERVER_VERSION failed"
        return 1
    fi
}

# free_port: a port the kernel just handed out on 127.0.0.1 and released (MLServer takes
# numbers, not port 0).
free_port() {
    "$MLSERVER_VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# mlserver_start WORKERS LOG: start MLServer under setsid (SERVER_PID, for stop_server) and wait
# up to 120 s until every model is ready; 1 (with the log's tail) when it does not get there.
mlserver_start() {
    local workers="$1" root="$PWD" http grpc metrics i m ready
    MLSERVER_LOG="$2"
    http="$(free_port)" && grpc="$(free_port)" && metrics="$(free_port)" || return 1
    mkdir -p target/mlserver-run
    : >"$MLSERVER_LOG"
    (cd target/mlserver-run && exec setsid env MLSERVER_HOST=127.0.0.1 MLSERVER_HTTP_PORT="$http" \
        MLSERVER_GRPC_PORT="$grpc" MLSERVER_METRICS_PORT="$metrics" MLSERVER_DEBUG=false \
        MLSERVER_PARALLEL_WORKERS="$workers" \
        "$MLSERVER_VENV/bin/mlserver" start "$root/scripts/mlserver") >"$MLSERVER_LOG" 2>&1 &
    SERVER_PID=$!
    MLSERVER_HTTP="127.0.0.1:$http"
    MLSERVER_GRPC="127.0.0.1:$grpc"
    for ((i = 0; i < 1200; i++)); do # 120 s: the first start imports a lot of Python
        ready=1
        for m in classify classify_batch predict_proba; do
            curl -sf -o /dev/null --max-time 1 "http://$MLSERVER_HTTP/v2/models/$m/ready" || { ready=0; break; }
        done
        if ((ready)); then return 0; fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "mlserver: exited before its models were ready (log: $MLSERVER_LOG):" >&2
            tail -n 20 "$MLSERVER_LOG" >&2
            return 1
        fi
        sleep 0.1
    done
    echo "mlserver: models not ready after 120 s (log: $MLSERVER_LOG):" >&2
    tail -n 20 "$MLSERVER_LOG" >&2
    return 1
}
