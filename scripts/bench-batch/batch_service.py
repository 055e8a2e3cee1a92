"""BentoML's side of scripts/bench-batch.sh: the benchmark's sleeping model behind a batchable
runner, BentoML 1.4's own adaptive batching.

The same API as examples/batch_bench.rs `classify_batch` (float32 rows of 4 in, the int64 class
per row out, the iris example's linear classes) and the same model: it sleeps FIXED_MS (2) plus
PER_ROW_US (20) per row of the batch it is given (time.sleep: no CPU, like the Rust example's
std::thread::sleep), then answers. The runner is batchable along dimension 0 with
max_batch_size MAX_BATCH_SIZE (64) and max_latency_ms MAX_LATENCY_MS (10), as the Rust API's
Batching. SUPPORTS_CPU_MULTI_THREADING = True (sleep releases the GIL) makes BentoML start one
runner worker, hence one batch dispatcher, as the Rust API has (max_concurrent_batches 1);
the API server keeps its default workers (one per CPU). The settings come from the
environment so the script can pass the Rust server's flags through.

    .venv-ref/bin/bentoml serve batch_service:svc --working-dir scripts/bench-batch \
        --host 127.0.0.1 --port 3000
"""
import os
import time
import warnings

import numpy as np

warnings.simplefilter("ignore")  # the legacy API's deprecation warnings
import bentoml  # noqa: E402
from bentoml.io import NumpyNdarray  # noqa: E402

FIXED_S = int(os.environ.get("FIXED_MS", "2")) / 1e3
PER_ROW_S = int(os.environ.get("PER_ROW_US", "20")) / 1e6
MAX_BATCH_SIZE = int(os.environ.get("MAX_BATCH_SIZE", "64"))
MAX_LATENCY_MS = int(os.environ.get("MAX_LATENCY_MS", "10"))

W = np.array([[0, 0, -3, -3], [0, 0, 0, 0], [0, 0, 3, 3]], dtype=np.float32)
B = np.array([15, 0, -21], dtype=np.float32)


class SleepModel(bentoml.Runnable):
    SUPPORTED_RESOURCES = ("cpu",)
    SUPPORTS_CPU_MULTI_THREADING = True

    @bentoml.Runnable.method(batchable=True, batch_dim=0)
    def classify(self, x: np.ndarray) -> np.ndarray:
        time.sleep(FIXED_S + PER_ROW_S * x.shape[0])
        return np.argmax(x @ W.T + B, axis=1).astype(np.int64)


runner = bentoml.Runner(
    SleepModel,
    name="sleep_model",
    max_batch_size=MAX_BATCH_SIZE,
    max_latency_ms=MAX_LATENCY_MS,
)
svc = bentoml.legacy.Service("batch_bench", runners=[runner])


@svc.api(
    input=NumpyNdarray(dtype="float32", shape=(-1, 4), enforce_dtype=True),
    output=NumpyNdarray(dtype="int64", shape=(-1,)),
)
async def classify_batch(x: np.ndarray) -> np.ndarray:
    return await runner.classify.async_run(x)
