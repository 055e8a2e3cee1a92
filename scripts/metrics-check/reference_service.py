"""BentoML's side of scripts/metrics-check.sh: scripts/bench-serve/iris_service.py, refusing a
wrong shape with 400 as examples/serve.rs does.

The bench-serve service declares shape=(-1, 4) without enforce_shape, so a `[[1, 2, 3]]` body
reaches the model and fails in numpy: BentoML answers 500 and counts
http_response_code="500". The example (see `features` in examples/serve.rs) enforces only the
dtype in its descriptor too, but refuses what cannot be a (n, 4) matrix in the API function with
BentoML's shape message as a bad input: 400. This service does the same (BadInput raised in
the API function, which BentoML's legacy HTTP app answers with its 400 and the same message
prefix), so both servers count the same status codes for the same requests. The model itself
is bench-serve's: its W, B and classify are imported, not copied.

    .venv-ref/bin/bentoml serve reference_service:svc --working-dir scripts/metrics-check \
        --host 127.0.0.1 --port 3000
"""
import os
import sys
import warnings

import numpy as np

warnings.simplefilter("ignore")  # the legacy API's deprecation warnings
import bentoml  # noqa: E402
from bentoml.exceptions import BadInput  # noqa: E402
from bentoml.io import NumpyNdarray  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench-serve"))
import iris_service as bench  # noqa: E402

svc = bentoml.legacy.Service("iris_classifier")


@svc.api(
    input=NumpyNdarray(dtype="float32", shape=(-1, 4), enforce_dtype=True),
    output=NumpyNdarray(dtype="int64", shape=(-1,)),
)
def classify(x: np.ndarray) -> np.ndarray:
    if x.ndim != 2 or x.shape[1] != 4:
        raise BadInput(
            f'NumpyNdarray: Expecting ndarray of shape "(-1, 4)", but "{x.shape}" was received.'
        )
    return bench.classify(x)
