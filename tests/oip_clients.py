"""Call a server's Open Inference Protocol (KServe v2) models with the real clients: Triton's
`tritonclient` (http and grpc) and the `kserve` SDK's request/response types and clients.

    python tests/oip_clients.py --http 127.0.0.1:3000 --grpc 127.0.0.1:3001
    python tests/oip_clients.py --http 127.0.0.1:8080 --grpc 127.0.0.1:8081 --target mlserver

The target serves the example's iris_classifier (examples/serve.rs) as three models: `classify`
and `classify_batch` (input `input`, FP32 [-1, 4], enforce_dtype; output `output`, INT64 [-1])
and `predict_proba` (the same input without enforce_dtype; output `output`, FP32 [-1, 3]).

`--target ndarray-descriptor` (the default) is the example server: every check runs, and each
answer is compared with the model rule computed here in numpy AND with what the same server's
BentoML route (`POST /<api>`, a JSON body of the same float32 rows) answers for the same rows:
arrays bit for bit, errors by message (BentoML's "BentoService error handling API request: "
prefix aside). `--target mlserver` is MLServer serving scripts/mlserver/iris_runtime.py, the
same models as a custom runtime: there is no BentoML route there, and MLServer has neither the
binary tensor data extension over REST nor model versions it was not given, and answers gRPC
ModelReady for an unknown model with UNKNOWN; those checks print `not run (...)` and are not
counted. Every other check is the same for both targets, with the same expected values.

Needs numpy and tritonclient[http,grpc]; the kserve checks need kserve (each group says when its
client is missing). scripts/oip-clients.sh installs them into target/oip-venv, and
tests/serving_oip_clients.rs runs this against the example. Prints one line per check and
`oip clients: N passed, M failed`; exits 1 if any check failed.
"""
import argparse
import asyncio
import json
import sys
import urllib.error
import urllib.request
import warnings

warnings.simplefilter("ignore")

try:
    import numpy as np
    import tritonclient  # noqa: F401 - imported for real in tritonclient_checks
except ImportError as e:  # the harness checks first; this is for a direct run
    print(f"oip clients: skipped (no numpy / tritonclient here: {e}; run scripts/oip-clients.sh)")
    sys.exit(0)

OURS, MLSERVER = "ndarray-descriptor", "mlserver"
parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--http", required=True, help="host:port of the REST side")
parser.add_argument("--grpc", required=True, help="host:port of the gRPC side")
parser.add_argument("--target", choices=[OURS, MLSERVER], default=OURS)
parser.add_argument(
    "--clients", choices=["all", "tritonclient", "kserve"], default="all",
    help="all: tritonclient here, then kserve in a child process (see kserve_checks)",
)
args = parser.parse_args()
IS_OURS = args.target == OURS
NOT_OURS = f"target is {args.target}"

# The example's model: class scores W . x + b; the class is the first maximum, the
# probabilities their softmax (float32 throughout, as the example computes them).
W = np.array([[0, 0, -3, -3], [0, 0, 0, 0], [0, 0, 3, 3]], dtype=np.float32)
B = np.array([15, 0, -21], dtype=np.float32)


def rule(x32):
    scores = x32 @ W.T + B
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return np.argmax(scores, axis=1).astype(np.int64), (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


IRIS = np.array([[5.1, 3.5, 1.4, 0.2], [6.4, 3.2, 4.5, 1.5], [6.3, 3.3, 6.0, 2.5]])
INTS = [[5, 3, 1, 0], [6, 3, 4, 2], [6, 3, 6, 2]]  # classes 0, 1, 2 as integers
# One array per datatype predict_proba takes through numpy's same_kind cast to float32: rows
# of every class, plus each type's extremes and values float32 cannot hold exactly (the cast
# rounds them as numpy does; the BentoML route gets the rounded float32 rows).
CASES = {
    "BOOL": np.array([[1, 0, 1, 1], [0, 1, 0, 0]], dtype=np.bool_),
    "UINT8": np.array(INTS + [[255, 0, 7, 7]], dtype=np.uint8),
    "UINT16": np.array(INTS + [[65535, 1, 2, 3]], dtype=np.uint16),
    "UINT32": np.array(INTS + [[2**32 - 1, 16777217, 3, 3]], dtype=np.uint32),
    "UINT64": np.array(INTS + [[2**64 - 1, 2**53 + 1, 3, 3]], dtype=np.uint64),
    "INT8": np.array(INTS + [[-128, 127, -1, 1]], dtype=np.int8),
    "INT16": np.array(INTS + [[-32768, 32767, 2, -1]], dtype=np.int16),
    "INT32": np.array(INTS + [[-(2**31), 16777217, 4, 1]], dtype=np.int32),
    "INT64": np.array(INTS + [[-(2**63), 2**53 + 1, 5, 2]], dtype=np.int64),
    "FP16": np.vstack([IRIS, [[65504, -0.0, 0.5, 0.25]]]).astype(np.float16),
    "FP32": np.vstack([IRIS, [[3.4028235e38, 1e-45, 1.25, 0.75]]]).astype(np.float32),
    "FP64": np.vstack([IRIS, [[1e-320, 0.1, 2.5, 1 / 3]]]).astype(np.float64),
}
STRINGS = np.array([[b"a", b"bb", b"ccc", b"dddd"]], dtype=np.object_)  # BYTES, [1, 4]
# The messages the example's BentoML route gives for those inputs (tests/serving.rs and
# tests/serve_clients.py hold the same texts for the same inputs).
# classify's descriptor refuses strings (enforce_dtype); predict_proba's lets them through and
# the example's handler refuses them with the same message.
MSG_BYTES = 'NumpyNdarray: Expecting ndarray of dtype "float32", but "<U4" was received.'
MSG_SHAPE = 'NumpyNdarray: Expecting ndarray of shape "(-1, 4)", but "(1, 3)" was received.'
BENTO_PREFIX = "BentoService error handling API request: "
OUT_DTYPE = {"classify": np.int64, "classify_batch": np.int64, "predict_proba": np.float32}
OUT_DATATYPE = {"classify": "INT64", "classify_batch": "INT64", "predict_proba": "FP32"}
OUT_SHAPE = {"classify": [-1], "classify_batch": [-1], "predict_proba": [-1, 3]}
MODELS = ["classify", "classify_batch", "predict_proba"]
X = CASES["FP32"][:3]
X64 = CASES["FP64"]
# A [2, 2] tensor holds one row: the descriptor's shape (-1, 4) reshapes it as BentoML does.
X22 = X[:1].reshape(2, 2)
SHORT = np.array([[5.1, 3.5, 1.4]], dtype=np.float32)
BENTO_STRINGS = [[s.decode() for s in STRINGS[0]]]
NO_BINARY = "MLServer's REST has no binary tensor data extension"


# Checks ----------------------------------------------------------------------------------------
passed, failed, not_run = 0, 0, 0


def ok(name):
    global passed
    passed += 1
    print(f"ok       {name}")


def fail(name, why):
    global failed
    failed += 1
    why = " ".join(str(why).split())  # one line per check
    print(f"FAIL     {name}: {why[:600]}{' ...' if len(why) > 600 else ''}")


def skip(name, why):
    global not_run
    not_run += 1
    print(f"not run  {name} ({why})")


def check(name, fn, only_ours=None):
    """Run one check: `fn` returns None when it holds, else what was wrong; an exception is a
    failure too. `only_ours` (a reason) marks a check of the contract that MLServer does not
    keep: not run against MLServer, run unchanged against ours."""
    if only_ours and not IS_OURS:
        skip(name, f"{NOT_OURS}: {only_ours}")
        return
    try:
        why = fn()
    except Exception as e:  # noqa: BLE001 - any client exception fails this check only
        why = f"{type(e).__name__}: {e}"
    if why is None:
        ok(name)
    else:
        fail(name, why)


def differs(got, want, what="answer"):
    """None when the arrays are equal bit for bit in dtype, shape and values, else why not."""
    got = np.asarray(got)
    if got.dtype != want.dtype or got.shape != want.shape:
        return f"{what} is {got.dtype}{list(got.shape)}, want {want.dtype}{list(want.shape)}"
    if not np.array_equal(got, want):
        return f"{what} {got.tolist()!r}, want {want.tolist()!r}"
    return None


def expected(model, arr):
    """What `model` answers for `arr` by the rule in numpy, and (ours) by the BentoML route."""
    x32 = arr.astype(np.float32)
    classes, proba = rule(x32)
    want = proba if model == "predict_proba" else classes
    bento = bento_route(model, x32) if IS_OURS else None
    if bento is not None and bento[0] != 200:
        raise AssertionError(f"the BentoML route answered {bento[0]} {bento[1]!r} for rows it must take")
    return want, (None if bento is None else np.array(bento[1], dtype=OUT_DTYPE[model]))


def compare(model, got, arr):
    """The OIP answer against the numpy rule (probabilities to float32 rounding: the server's
    exp and sums are not numpy's) and, for ours, against the BentoML route bit for bit."""
    want, bento = expected(model, arr)
    got = np.asarray(got)
    if got.dtype != want.dtype or got.shape != want.shape:
        return f"answer is {got.dtype}{list(got.shape)}, want {want.dtype}{list(want.shape)}"
    if model == "predict_proba":
        if not np.allclose(got, want, rtol=1e-5, atol=1e-7):
            return f"answer {got.tolist()!r}, the rule in numpy gives {want.tolist()!r}"
    elif not np.array_equal(got, want):
        return f"answer {got.tolist()!r}, the rule in numpy gives {want.tolist()!r}"
    if bento is not None:
        return differs(got, bento, "answer differs from the BentoML route's:")
    return None


def bento_route(api, x):
    """POST the rows to the same server's BentoML route as JSON: (status, parsed body)."""
    body = json.dumps(x.tolist() if isinstance(x, np.ndarray) else x).encode()
    req = urllib.request.Request(
        f"http://{args.http}/{api}", data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def error_message_is(model, message, got, bento_body):
    """The message a refused request carried: the literal the example's route gives and (ours)
    exactly what the BentoML route says for the same input."""
    if got != message:
        return f"message {got!r}, want {message!r}"
    if IS_OURS:
        status, text = bento_route(model, bento_body)
        if status != 400 or text != BENTO_PREFIX + message:
            return f"the BentoML route answered {status} {text!r}, not this message"
    return None


def tritonclient_checks():
    """Sections 1-5: tritonclient over REST and gRPC."""
    try:
        import tritonclient.grpc as grpcclient
        import tritonclient.http as httpclient
        from tritonclient.utils import InferenceServerException
    except ImportError as e:
        fail("tritonclient", f"tritonclient[http,grpc] cannot be imported: {e}")
        return

    # Clients ---------------------------------------------------------------------------------------
    http = httpclient.InferenceServerClient(url=args.http, network_timeout=30.0)
    grpc_ = grpcclient.InferenceServerClient(url=args.grpc)


    def http_infer(model, arr, datatype, binary_in, binary_out, request_id="", outputs=True, version=""):
        inp = httpclient.InferInput("input", list(arr.shape), datatype)
        inp.set_data_from_numpy(arr, binary_data=binary_in)
        outs = [httpclient.InferRequestedOutput("output", binary_data=binary_out)] if outputs else None
        return http.infer(model, [inp], outputs=outs, request_id=request_id, model_version=version)


    def grpc_infer(model, arr, datatype, request_id="", version=""):
        inp = grpcclient.InferInput("input", list(arr.shape), datatype)
        inp.set_data_from_numpy(arr)
        return grpc_.infer(
            model, [inp], outputs=[grpcclient.InferRequestedOutput("output")], request_id=request_id,
            model_version=version,
        )


    def output_json(result):
        return next(o for o in result.get_response()["outputs"] if o["name"] == "output")


    def http_answer(model, arr, datatype, binary_in, binary_out, **kw):
        """Infer over REST and check the output came back in the encoding asked for."""
        res = http_infer(model, arr, datatype, binary_in, binary_out, **kw)
        out = output_json(res)
        size = (out.get("parameters") or {}).get("binary_data_size")
        if binary_out and size is None:
            raise AssertionError(f"binary output asked for, JSON data came back: {out}")
        if not binary_out and (size is not None or "data" not in out):
            raise AssertionError(f"JSON output asked for, got {out}")
        return res.as_numpy("output")


    def refused(fn, status, model, message, bento_body, mentions):
        """A refusal with `status` whose message is `message` exactly (checked against the BentoML
        route too), or, where the contract names no message, one that `mentions` what was wrong."""
        try:
            fn()
        except InferenceServerException as e:
            got = e.message() or ""
            if e.status() != status:
                return f"status {e.status()} ({got!r}), want {status}"
            if message:
                return error_message_is(model, message, got, bento_body)
            return None if mentions in got else f"message {got!r} does not mention {mentions!r}"
        return "answered, want a refusal"


    def refused_http(fn, status, model, message, bento_body, mentions=None):
        return refused(fn, str(status), model, message, bento_body, mentions)


    def refused_grpc(fn, code, model, message, bento_body, mentions=None):
        return refused(fn, f"StatusCode.{code}", model, message, bento_body, mentions)


    # 1. Health and metadata, over both transports -----------------------------------------------
    check("http server live", lambda: None if http.is_server_live() else "not live")
    check("http server ready", lambda: None if http.is_server_ready() else "not ready")
    check("grpc server live", lambda: None if grpc_.is_server_live() else "not live")
    check("grpc server ready", lambda: None if grpc_.is_server_ready() else "not ready")
    for m in MODELS:
        check(f"http model ready {m}", lambda m=m: None if http.is_model_ready(m) else "not ready")
        check(f"grpc model ready {m}", lambda m=m: None if grpc_.is_model_ready(m) else "not ready")
    check("http unknown model not ready", lambda: "ready" if http.is_model_ready("nope") else None)

    def unknown_not_ready_grpc():
        # Not ready, or refused as NOT_FOUND (tritonclient raises on any error status).
        try:
            return "ready" if grpc_.is_model_ready("nope") else None
        except InferenceServerException as e:
            return None if e.status() == "StatusCode.NOT_FOUND" else f"status {e.status()} ({e.message()!r})"

    check(
        "grpc unknown model not ready",
        unknown_not_ready_grpc,
        only_ours="MLServer answers ModelReady for an unknown model with UNKNOWN",
    )


    def server_metadata_http():
        md = http.get_server_metadata()
        if not md.get("name") or not isinstance(md.get("extensions"), list):
            return f"no name or extensions: {md}"
        return None


    def server_metadata_grpc():
        md = grpc_.get_server_metadata()
        return None if md.name else f"no name: {md}"


    check("http server metadata", server_metadata_http)
    check("grpc server metadata", server_metadata_grpc)
    check(
        "http server metadata lists binary_tensor_data",
        lambda: None if "binary_tensor_data" in http.get_server_metadata()["extensions"] else "missing",
        only_ours=NO_BINARY,
    )


    def tensors(ts):
        return [(t["name"], t["datatype"], [int(d) for d in t["shape"]]) for t in ts]


    def model_metadata_http(m):
        md = http.get_model_metadata(m)
        got = (md["name"], tensors(md["inputs"]), tensors(md["outputs"]))
        want = (m, [("input", "FP32", [-1, 4])], [("output", OUT_DATATYPE[m], OUT_SHAPE[m])])
        return None if got == want else f"{got}, want {want}"


    def model_metadata_grpc(m):
        md = grpc_.get_model_metadata(m)
        pb = lambda ts: [(t.name, t.datatype, list(t.shape)) for t in ts]  # noqa: E731
        got = (md.name, pb(md.inputs), pb(md.outputs))
        want = (m, [("input", "FP32", [-1, 4])], [("output", OUT_DATATYPE[m], OUT_SHAPE[m])])
        return None if got == want else f"{got}, want {want}"


    for m in MODELS:
        check(f"http model metadata {m}", lambda m=m: model_metadata_http(m))
        check(f"grpc model metadata {m}", lambda m=m: model_metadata_grpc(m))
    check(
        "http unknown model metadata is 404 naming it",
        lambda: refused_http(lambda: http.get_model_metadata("nope"), 404, None, None, None, "nope"),
    )
    check(
        "grpc unknown model metadata is NOT_FOUND naming it",
        lambda: refused_grpc(lambda: grpc_.get_model_metadata("nope"), "NOT_FOUND", None, None, None, "nope"),
    )

    # 2. predict_proba for every datatype it takes, both REST encodings and gRPC -----------------
    for dt, arr in CASES.items():
        # FP16 as JSON numbers too: tritonclient sends them, and both servers read them as numpy
        # rounds them (the KServe docs send FP16 as binary data; nothing in the protocol refuses
        # numbers).
        check(
            f"http json predict_proba {dt}",
            lambda dt=dt, arr=arr: compare(
                "predict_proba", http_answer("predict_proba", arr, dt, False, False), arr
            ),
        )
        check(
            f"http binary predict_proba {dt}",
            lambda dt=dt, arr=arr: compare("predict_proba", http_answer("predict_proba", arr, dt, True, True), arr),
            only_ours=NO_BINARY,
        )
        check(
            f"grpc raw predict_proba {dt}",
            lambda dt=dt, arr=arr: compare("predict_proba", grpc_infer("predict_proba", arr, dt).as_numpy("output"), arr),
        )

    # 3. classify / classify_batch: the int64 answer, a same_kind cast under enforce_dtype --------
    for m in ["classify", "classify_batch"]:
        check(f"http json {m} FP32", lambda m=m: compare(m, http_answer(m, X, "FP32", False, False), X))
        check(
            f"http binary {m} FP32",
            lambda m=m: compare(m, http_answer(m, X, "FP32", True, True), X),
            only_ours=NO_BINARY,
        )
        check(f"grpc raw {m} FP32", lambda m=m: compare(m, grpc_infer(m, X, "FP32").as_numpy("output"), X))
    check("http json classify FP64 (same_kind cast)", lambda: compare("classify", http_answer("classify", X64, "FP64", False, False), X64))
    check("grpc raw classify INT64 (same_kind cast)", lambda: compare("classify", grpc_infer("classify", CASES["INT64"], "INT64").as_numpy("output"), CASES["INT64"]))

    # 4. Mixed encodings, request-level binary_data_output, requested outputs, id, versions --------
    check(
        "http binary in, json out",
        lambda: compare("predict_proba", http_answer("predict_proba", X, "FP32", True, False), X),
        only_ours=NO_BINARY,
    )


    def default_outputs_binary():
        # No outputs named: tritonclient sets the request parameter binary_data_output = true.
        res = http_infer("predict_proba", X, "FP32", False, False, outputs=False)
        outs = res.get_response()["outputs"]
        if [o["name"] for o in outs] != ["output"]:
            return f"outputs {outs}, want the one output"
        if "binary_data_size" not in (outs[0].get("parameters") or {}):
            return f"binary_data_output asked for, got {outs[0]}"
        return compare("predict_proba", res.as_numpy("output"), X)


    check("http binary_data_output (no outputs named)", default_outputs_binary, only_ours=NO_BINARY)


    def request_id_http():
        res = http_infer("classify", X, "FP32", False, False, request_id="req-42")
        return None if res.get_response().get("id") == "req-42" else f"id {res.get_response().get('id')!r}"


    def request_id_grpc():
        res = grpc_infer("classify", X, "FP32", request_id="req-43")
        return None if res.get_response().id == "req-43" else f"id {res.get_response().id!r}"


    def requested_outputs_http():
        res = http_infer("predict_proba", X, "FP32", False, False)
        names = [o["name"] for o in res.get_response()["outputs"]]
        return None if names == ["output"] else f"outputs {names}"


    check("http request id echoed", request_id_http)
    check("grpc request id echoed", request_id_grpc)
    check("http requested output answered", requested_outputs_http)


    def nested_json_data():
        # `data` as nested rows (the protocol allows either form; tritonclient always flattens).
        body = {"inputs": [{"name": "input", "shape": [3, 4], "datatype": "FP32", "data": X.tolist()}]}
        req = urllib.request.Request(
            f"http://{args.http}/v2/models/classify/infer",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=30) as r:
            out = json.loads(r.read())["outputs"][0]
        return compare("classify", np.array(out["data"], dtype=np.int64).reshape(out["shape"]), X)


    check("http nested JSON data", nested_json_data)
    check(
        "http model version path",
        lambda: compare("classify", http_answer("classify", X, "FP32", False, False, version="1"), X),
        only_ours="MLServer answers only the versions a model was given",
    )
    check(
        "grpc model version",
        lambda: compare("classify", grpc_infer("classify", X, "FP32", version="1").as_numpy("output"), X),
        only_ours="MLServer answers only the versions a model was given",
    )
    check("http json [2, 2] reshaped to one row", lambda: compare("classify", http_answer("classify", X22, "FP32", False, False), X[:1]))

    # 5. Errors: the BentoML path's messages, statuses and codes ---------------------------------
    for m, msg in [("classify", MSG_BYTES), ("predict_proba", MSG_BYTES)]:
        check(
            f"http json {m} BYTES refused",
            lambda m=m, msg=msg: refused_http(lambda: http_infer(m, STRINGS, "BYTES", False, False), 400, m, msg, BENTO_STRINGS),
        )
        check(
            f"http binary {m} BYTES refused",
            lambda m=m, msg=msg: refused_http(lambda: http_infer(m, STRINGS, "BYTES", True, True), 400, m, msg, BENTO_STRINGS),
            only_ours=NO_BINARY,
        )
        check(
            f"grpc {m} BYTES refused",
            lambda m=m, msg=msg: refused_grpc(lambda: grpc_infer(m, STRINGS, "BYTES"), "INVALID_ARGUMENT", m, msg, BENTO_STRINGS),
        )
    check(
        "http json wrong shape refused",
        lambda: refused_http(lambda: http_infer("predict_proba", SHORT, "FP32", False, False), 400, "predict_proba", MSG_SHAPE, SHORT),
    )
    check(
        "http binary wrong shape refused",
        lambda: refused_http(lambda: http_infer("classify", SHORT, "FP32", True, True), 400, "classify", MSG_SHAPE, SHORT),
        only_ours=NO_BINARY,
    )
    check(
        "grpc wrong shape refused",
        lambda: refused_grpc(lambda: grpc_infer("classify", SHORT, "FP32"), "INVALID_ARGUMENT", "classify", MSG_SHAPE, SHORT),
    )


    check("http unknown model infer is 404 naming it", lambda: refused_http(lambda: http_infer("nope", X, "FP32", False, False), 404, None, None, None, "nope"))
    check("grpc unknown model infer is NOT_FOUND naming it", lambda: refused_grpc(lambda: grpc_infer("nope", X, "FP32"), "NOT_FOUND", None, None, None, "nope"))

    http.close()
    grpc_.close()


def kserve_checks():
    """Section 6, in a process of its own: kserve's generated protobuf module and tritonclient's
    both define the messages of package `inference`, and one process's protobuf pool takes only
    one of them (importing both fails with "duplicate symbol 'inference.ServerLiveRequest'")."""
    # 6. The kserve SDK: its InferRequest / InferResponse types through its own REST and gRPC
    # clients (JSON data, binary data, typed gRPC contents, raw gRPC contents, errors). ----------
    # kserve's package __init__ parses sys.argv for its model server's flags on import (and
    # exits on ones it does not know, such as ours): it gets the program name only.
    argv, sys.argv = sys.argv, sys.argv[:1]
    try:
        import grpc as grpcio
        import httpx
        from kserve import InferenceGRPCClient, InferenceRESTClient, InferInput, InferRequest, RESTConfig
        from kserve.protocol.infer_type import RequestedOutput
    except ImportError as e:
        skip("kserve SDK checks", f"kserve cannot be imported: {e}")
        InferRequest = None
    finally:
        sys.argv = argv

    if InferRequest is not None:

        def kserve_request(model, arr, datatype, binary, rid):
            inp = InferInput(name="input", shape=list(arr.shape), datatype=datatype)
            if binary:
                inp.set_data_from_numpy(arr, binary_data=True)
            else:
                # A plain list: JSON `data` over REST, typed `contents` over gRPC.
                inp.data = arr.ravel().tolist() if datatype != "BYTES" else [s.decode() for s in arr.ravel()]
            outputs = [RequestedOutput("output", {"binary_data": True})] if binary else None
            return InferRequest(model_name=model, infer_inputs=[inp], request_id=rid, request_outputs=outputs)

        async def run():
            rest = InferenceRESTClient(RESTConfig(protocol="v2", retries=0, timeout=30))
            base = f"http://{args.http}"

            async def rest_answer(model, arr, datatype, binary):
                res = await rest.infer(base, kserve_request(model, arr, datatype, binary, "ks-rest"), model_name=model)
                if res.id != "ks-rest":
                    raise AssertionError(f"id {res.id!r}")
                return res.outputs[0].as_numpy()

            async def grpc_answer(client, model, arr, datatype, binary):
                res = await client.infer(kserve_request(model, arr, datatype, binary, "ks-grpc"))
                if res.id != "ks-grpc":
                    raise AssertionError(f"id {res.id!r}")
                return res.outputs[0].as_numpy()

            async def acheck(name, coro_fn, only_ours=None):
                if only_ours and not IS_OURS:
                    skip(name, f"{NOT_OURS}: {only_ours}")
                    return
                try:
                    why = await coro_fn()
                except Exception as e:  # noqa: BLE001
                    why = f"{type(e).__name__}: {e}"
                (ok(name) if why is None else fail(name, why))

            async def rest_refused(model, msg):
                try:
                    await rest.infer(base, kserve_request(model, STRINGS, "BYTES", False, "ks-err"), model_name=model)
                except httpx.HTTPStatusError as e:
                    if e.response.status_code != 400:
                        return f"status {e.response.status_code}, want 400"
                    return error_message_is(model, msg, e.response.json().get("error"), BENTO_STRINGS)
                return "answered, want a refusal"

            async def grpc_refused(client, model, msg):
                try:
                    await client.infer(kserve_request(model, STRINGS, "BYTES", False, "ks-err"))
                except grpcio.RpcError as e:
                    if e.code() != grpcio.StatusCode.INVALID_ARGUMENT:
                        return f"code {e.code()}, want INVALID_ARGUMENT"
                    return error_message_is(model, msg, e.details(), BENTO_STRINGS)
                return "answered, want a refusal"

            for dt in ["FP32", "FP64", "INT8", "UINT64", "BOOL"]:
                arr = CASES[dt]
                await acheck(
                    f"kserve rest json predict_proba {dt}",
                    lambda arr=arr, dt=dt: _cmp(rest_answer("predict_proba", arr, dt, False), "predict_proba", arr),
                )
            await acheck(
                "kserve rest binary predict_proba FP16",
                lambda: _cmp(rest_answer("predict_proba", CASES["FP16"], "FP16", True), "predict_proba", CASES["FP16"]),
                only_ours=NO_BINARY,
            )
            await acheck(
                "kserve rest binary classify FP32",
                lambda: _cmp(rest_answer("classify", X, "FP32", True), "classify", X),
                only_ours=NO_BINARY,
            )
            await acheck("kserve rest classify BYTES refused", lambda: rest_refused("classify", MSG_BYTES))
            async with InferenceGRPCClient(url=args.grpc, retries=0, timeout=30) as g:
                for dt in ["FP32", "FP64", "INT8", "UINT64", "BOOL"]:
                    arr = CASES[dt]
                    await acheck(
                        f"kserve grpc typed contents predict_proba {dt}",
                        lambda arr=arr, dt=dt: _cmp(grpc_answer(g, "predict_proba", arr, dt, False), "predict_proba", arr),
                    )
                await acheck(
                    "kserve grpc raw contents predict_proba FP16",
                    lambda: _cmp(grpc_answer(g, "predict_proba", CASES["FP16"], "FP16", True), "predict_proba", CASES["FP16"]),
                )
                await acheck("kserve grpc classify BYTES refused", lambda: grpc_refused(g, "classify", MSG_BYTES))
            await rest.close()

        async def _cmp(answer, model, arr):
            return compare(model, await answer, arr)

        asyncio.run(run())


if args.clients in ("all", "tritonclient"):
    tritonclient_checks()
if args.clients == "kserve":
    kserve_checks()
elif args.clients == "all":
    import re
    import subprocess

    child = subprocess.run(
        [sys.executable, __file__, "--http", args.http, "--grpc", args.grpc, "--target", args.target,
         "--clients", "kserve"],
        capture_output=True, text=True, timeout=300,
    )
    totals = None
    for line in child.stdout.splitlines():
        m = re.fullmatch(r"oip clients: (\d+) passed, (\d+) failed", line)
        n = re.fullmatch(r"oip clients: (\d+) checks not run .*", line)
        if m:
            totals = (int(m[1]), int(m[2]))
        elif n:
            not_run += int(n[1])
        else:
            print(line)
    if totals is None:
        fail("kserve checks", f"the child process gave no totals (exit {child.returncode}): {child.stderr[-2000:]}")
    else:
        passed += totals[0]
        failed += totals[1]

if not_run:
    print(f"oip clients: {not_run} checks not run (the 'not run' lines say why)")
print(f"oip clients: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
