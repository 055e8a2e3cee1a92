"""BentoML's side of scripts/bench-serve.sh: the example's iris_classifier as a legacy service.

The same API as examples/serve.rs `classify` (float32 rows of 4 in, the int64 class per row out)
and the same fixed linear model: class scores W.x + b, the first maximum per row (numpy's
argmax, as the example's). BentoML 1.4's `bentoml.Service` is the new class-based SDK, so the
legacy descriptor API is `bentoml.legacy.Service` (as tests/fixtures/serve/make_docs.py uses).

    .venv-ref/bin/bentoml serve iris_service:svc --working-dir scripts/bench-serve \
        --host 127.0.0.1 --port 3000
"""
import warnings

import numpy as np

warnings.simplefilter("ignore")  # the legacy API's deprecation warnings
import bentoml  # noqa: E402
from bentoml.io import NumpyNdarray  # noqa: E402

W = np.array([[0, 0, -3, -3], [0, 0, 0, 0], [0, 0, 3, 3]], dtype=np.float32)
B = np.array([15, 0, -21], dtype=np.float32)

svc = bentoml.legacy.Service("iris_classifier")


@svc.api(
    input=NumpyNdarray(dtype="float32", shape=(-1, 4), enforce_dtype=True),
    output=NumpyNdarray(dtype="int64", shape=(-1,)),
)
def classify(x: np.ndarray) -> np.ndarray:
    return np.argmax(x @ W.T + B, axis=1).astype(np.int64)
