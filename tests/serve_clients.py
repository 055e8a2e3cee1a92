"""Call the example's iris_classifier service exactly as BentoML's Python clients do.

    python tests/serve_clients.py http://127.0.0.1:3000 127.0.0.1:3001

Needs numpy, requests, grpcio and bentoml 1.4 (its generated gRPC stubs and its clients);
scripts/python-clients.sh installs them. tests/serving.rs runs this against a live server and
prints "python clients: skipped (...)" when no such Python is found. Exits non-zero, naming the
check, on the first difference.
"""
import json
import sys
import warnings

warnings.simplefilter("ignore")

import grpc  # noqa: E402
import numpy as np  # noqa: E402
import requests  # noqa: E402
from bentoml.grpc.v1 import service_pb2 as pb  # noqa: E402
from bentoml.grpc.v1 import service_pb2_grpc as services  # noqa: E402

HTTP, GRPC = sys.argv[1], sys.argv[2]
X = np.array(
    [[5.1, 3.5, 1.4, 0.2], [6.4, 3.2, 4.5, 1.5], [6.3, 3.3, 6.0, 2.5]], dtype=np.float32
)
checks = 0


def check(name, got, want):
    global checks
    if got != want:
        print(f"FAIL {name}: got {got!r}, want {want!r}")
        sys.exit(1)
    checks += 1


# 1. requests, as BentoML's docs show it: the body is json.dumps(arr.tolist()).
r = requests.post(
    f"{HTTP}/classify",
    data=json.dumps(X.tolist()),
    headers={"content-type": "application/json"},
)
check("requests classify status", r.status_code, 200)
check("requests classify body", r.text, "[0, 1, 2]")
check("requests classify type", r.headers["content-type"], "application/json")

r = requests.post(
    f"{HTTP}/classify",
    data=json.dumps([[1, 2, 3]]),
    headers={"content-type": "application/json"},
)
check("requests bad shape status", r.status_code, 400)
check(
    "requests bad shape body",
    r.json(),
    'BentoService error handling API request: NumpyNdarray: Expecting ndarray of shape '
    '"(-1, 4)", but "(1, 3)" was received.',
)

# raw bytes and .npy, as a numpy client would send them
r = requests.post(
    f"{HTTP}/classify",
    data=X.tobytes(),
    headers={"content-type": "application/octet-stream", "x-numpy-dtype": X.dtype.str},
)
check("octet-stream classify", (r.status_code, r.text), (200, "[0, 1, 2]"))
import io  # noqa: E402

buf = io.BytesIO()
np.save(buf, X.astype(">f8"))
r = requests.post(
    f"{HTTP}/classify",
    data=buf.getvalue(),
    headers={"content-type": "application/x-npy", "accept": "application/x-npy"},
)
check("npy classify status", r.status_code, 200)
out = np.load(io.BytesIO(r.content))
check("npy classify answer", (out.dtype.str, out.tolist()), ("<i8", [0, 1, 2]))

# 2. BentoML's own HTTP client: builds its API list from /docs.json (x-bentoml-io-descriptor).
from bentoml.client import Client  # noqa: E402

client = Client.from_url(HTTP)
out = client.classify(X)
check("bentoml HTTPClient classify", out.tolist(), [0, 1, 2])
proba = client.predict_proba(X)
check("bentoml HTTPClient predict_proba shape", proba.shape, (3, 3))
check("bentoml HTTPClient predict_proba argmax", proba.argmax(axis=1).tolist(), [0, 1, 2])

# 2b. BentoML's current clients (1.2+): they read /schema.json and send {"input": [[...]]}.
try:
    from bentoml import AsyncHTTPClient, SyncHTTPClient  # noqa: E402
except ImportError:
    SyncHTTPClient = AsyncHTTPClient = None
if SyncHTTPClient is None:
    print("python clients: bentoml.SyncHTTPClient / AsyncHTTPClient missing: current-client checks not run")
else:
    from bentoml.exceptions import BentoMLException  # noqa: E402

    # The example's model computed in numpy: scores W . x + b, the class is their argmax.
    W = np.array([[0, 0, -3, -3], [0, 0, 0, 0], [0, 0, 3, 3]], dtype=np.float32)
    B = np.array([15, 0, -21], dtype=np.float32)
    want_classes = np.argmax(X @ W.T + B, axis=1).tolist()
    check("numpy rule gives the iris classes", want_classes, [0, 1, 2])

    with SyncHTTPClient(HTTP) as sync:
        out = sync.classify(input=X)
        check("SyncHTTPClient classify", np.asarray(out).tolist(), want_classes)
        out = sync.classify(input=X.tolist())
        check("SyncHTTPClient classify from a list", np.asarray(out).tolist(), want_classes)
        proba = np.asarray(sync.predict_proba(input=X))
        check("SyncHTTPClient predict_proba shape", proba.shape, (3, 3))
        check("SyncHTTPClient predict_proba argmax", proba.argmax(axis=1).tolist(), want_classes)
        try:
            sync.classify(input=np.array([[1.0, 2.0, 3.0]], dtype=np.float32))
            check("SyncHTTPClient wrong shape raises", False, True)
        except BentoMLException as e:
            check(
                "SyncHTTPClient wrong shape message",
                "cannot reshape array of size 3 into shape (4)" in str(e),
                True,
            )

    import asyncio  # noqa: E402

    async def current_async():
        async with AsyncHTTPClient(HTTP) as client:
            out = await client.classify(input=X)
            check("AsyncHTTPClient classify", np.asarray(out).tolist(), want_classes)
            try:
                await client.classify(input=np.array([[1.0, 2.0, 3.0]], dtype=np.float32))
                check("AsyncHTTPClient wrong shape raises", False, True)
            except BentoMLException as e:
                check(
                    "AsyncHTTPClient wrong shape message",
                    "cannot reshape array of size 3 into shape (4)" in str(e),
                    True,
                )

    asyncio.run(current_async())

# 3. BentoML's generated gRPC stubs.
with grpc.insecure_channel(GRPC) as channel:
    stub = services.BentoServiceStub(channel)
    req = pb.Request(
        api_name="classify",
        ndarray=pb.NDArray(
            dtype=pb.NDArray.DTYPE_FLOAT, shape=list(X.shape), float_values=X.ravel().tolist()
        ),
    )
    resp = stub.Call(req)
    check("grpc ndarray dtype", resp.ndarray.dtype, pb.NDArray.DTYPE_INT64)
    check("grpc ndarray values", list(resp.ndarray.int64_values), [0, 1, 2])
    check("grpc ndarray shape", list(resp.ndarray.shape), [3])

    resp = stub.Call(pb.Request(api_name="classify", serialized_bytes=X.tobytes()))
    check("grpc serialized_bytes", list(resp.ndarray.int64_values), [0, 1, 2])
    resp = stub.Call(pb.Request(api_name="classify_batch", serialized_bytes=X.tobytes()))
    check("grpc batchable api", list(resp.ndarray.int64_values), [0, 1, 2])

    try:
        stub.Call(pb.Request(api_name="nope", serialized_bytes=X.tobytes()))
        check("grpc unknown api raises", False, True)
    except grpc.RpcError as e:
        check("grpc unknown api code", e.code(), grpc.StatusCode.INVALID_ARGUMENT)
        check(
            "grpc unknown api details",
            e.details(),
            "given 'api_name' is not defined in iris_classifier",
        )
    try:
        stub.Call(
            pb.Request(
                api_name="classify",
                ndarray=pb.NDArray(dtype=pb.NDArray.DTYPE_STRING, shape=[4], string_values=list("abcd")),
            )
        )
        check("grpc string input raises", False, True)
    except grpc.RpcError as e:
        check("grpc string input code", e.code(), grpc.StatusCode.INVALID_ARGUMENT)
        check(
            "grpc string input details",
            e.details(),
            'NumpyNdarray: Expecting ndarray of dtype "float32", but "<U1" was received.',
        )

    md = stub.ServiceMetadata(pb.ServiceMetadataRequest())
    check("grpc metadata name", md.name, "iris_classifier")
    check("grpc metadata apis", [a.name for a in md.apis], ["classify", "classify_batch", "predict_proba"])
    from google.protobuf.json_format import MessageToDict  # noqa: E402

    check(
        "grpc metadata input spec",
        MessageToDict(md.apis[0].input),
        {
            "descriptorId": "bentoml.io.NumpyNdarray",
            "attributes": {
                "args": {
                    "dtype": "float32",
                    "shape": [-1.0, 4.0],
                    "enforce_dtype": True,
                    "enforce_shape": False,
                }
            },
        },
    )

# BentoML's own gRPC client (Client.from_url(addr, kind="grpc")) is not used: in BentoML 1.4.39
# it fails before connecting (AttributeError: type object 'GrpcClient' has no attribute
# '_create_channel'), whatever the server.

print(f"python clients: {checks} passed, 0 failed")
