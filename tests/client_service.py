"""BentoML's side of tests/serving_client.rs: a legacy service with NumpyNdarray APIs for the
Rust client to call (`bentoml serve client_service:svc --working-dir tests`).

- classify: float32 rows of 4 (enforce_dtype) in, the int64 class per row out (the model of
  scripts/bench-serve/iris_service.py, imported);
- predict_proba: the same input, float64 softmax probabilities of shape (-1, 3) out;
- strict: float32 of shape (-1, 4) with enforce_shape, echoed back doubled;
- upper: a str array in, the same strings upper-cased out;
- fail: any array in; the API function raises (BentoML answers 500).
"""
import os
import sys
import warnings

import numpy as np

warnings.simplefilter("ignore")  # the legacy API's deprecation warnings
import bentoml  # noqa: E402
from bentoml.io import NumpyNdarray  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "bench-serve"))
import iris_service as iris  # noqa: E402

svc = bentoml.legacy.Service("client_check")
ROWS = NumpyNdarray(dtype="float32", shape=(-1, 4), enforce_dtype=True)


@svc.api(input=ROWS, output=NumpyNdarray(dtype="int64", shape=(-1,)))
def classify(x: np.ndarray) -> np.ndarray:
    return iris.classify(x)


@svc.api(input=ROWS, output=NumpyNdarray(dtype="float64", shape=(-1, 3)))
def predict_proba(x: np.ndarray) -> np.ndarray:
    z = (x @ iris.W.T + iris.B).astype(np.float64)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@svc.api(
    input=NumpyNdarray(dtype="float32", shape=(-1, 4), enforce_shape=True),
    output=NumpyNdarray(dtype="float32", shape=(-1, 4)),
)
def strict(x: np.ndarray) -> np.ndarray:
    return x * 2


@svc.api(input=NumpyNdarray(dtype="str"), output=NumpyNdarray(dtype="str"))
def upper(x: np.ndarray) -> np.ndarray:
    return np.char.upper(x)


@svc.api(input=NumpyNdarray(), output=NumpyNdarray())
def fail(x: np.ndarray) -> np.ndarray:
    raise RuntimeError("the model failed")
