"""MLServer's side of tests/oip_clients.py and scripts/bench-oip.sh: the example's
iris_classifier (examples/serve.rs) as a custom MLServer runtime, one model per API.

The same models, names, datatypes and shapes as the example serves over the Open Inference
Protocol: input tensor `input` (FP32, [-1, 4]), output tensor `output` (`classify`: INT64,
[-1]; `predict_proba`: FP32, [-1, 3]); the same fixed linear rule (class scores W.x + b, the
first maximum per row, a softmax for the probabilities); and the input checked as BentoML's
legacy `NumpyNdarray(dtype="float32", shape=(-1, 4), enforce_dtype=...)` checks it (a
`same_kind` cast, else the dtype message when enforce_dtype is set; a reshape to (-1, 4) when
it fits), then the dtype and shape the rule needs, with the example's messages. Errors are
`MLServerError`s, which MLServer answers as 400 `{"error": ...}` / INVALID_ARGUMENT.

The model directories beside this file (model-settings.json) choose the rule and the flag in
`parameters.extra`; `mlserver start` puts this directory on the import path. Run from the
repository root (scripts/lib/mlserver.sh does, with free loopback ports):

    target/mlserver-venv/bin/mlserver start scripts/mlserver
"""
import numpy as np
from mlserver import MLModel
from mlserver.codecs import NumpyCodec
from mlserver.errors import MLServerError
from mlserver.types import InferenceRequest, InferenceResponse, ResponseOutput

W = np.array([[0, 0, -3, -3], [0, 0, 0, 0], [0, 0, 3, 3]], dtype=np.float32)
B = np.array([15, 0, -21], dtype=np.float32)
FLOAT32 = np.dtype(np.float32)


def shape_text(shape):
    """A shape as Python prints a tuple: (3,), (1, 4)."""
    return str(tuple(int(d) for d in shape))


def as_array(inp):
    """The request tensor as numpy reads it: BYTES elements as a str array (what
    `np.array(strings)` makes of them, as BentoML's JSON path does), every other datatype
    through MLServer's own NumpyCodec."""
    if inp.datatype == "BYTES":
        data = getattr(inp.data, "root", inp.data)
        items = [x.decode("utf-8") if isinstance(x, bytes) else str(x) for x in data]
        return np.array(items).reshape(inp.shape)
    return NumpyCodec.decode_input(inp)


def validate(arr, enforce_dtype):
    """BentoML's NumpyNdarray.validate_array for dtype float32, shape (-1, 4)."""
    if arr.dtype != FLOAT32:
        if np.can_cast(arr.dtype, FLOAT32, casting="same_kind"):
            arr = arr.astype(FLOAT32, casting="same_kind")
        elif enforce_dtype:
            raise MLServerError(
                f'NumpyNdarray: Expecting ndarray of dtype "float32", but "{arr.dtype}" was received.'
            )
    if arr.ndim != 2 or arr.shape[1] != 4:
        try:
            arr = arr.reshape(-1, 4)
        except ValueError:
            pass
    return arr


def features(arr):
    """The (n, 4) float32 matrix the rule needs, else the example's messages: the dtype one for
    an array that was not cast (strings, where enforce_dtype is off), else the shape one."""
    if arr.dtype != FLOAT32:
        raise MLServerError(
            f'NumpyNdarray: Expecting ndarray of dtype "float32", but "{arr.dtype}" was received.'
        )
    if arr.ndim != 2 or arr.shape[1] != 4:
        raise MLServerError(
            f'NumpyNdarray: Expecting ndarray of shape "(-1, 4)", but "{shape_text(arr.shape)}" was received.'
        )
    return arr


class IrisModel(MLModel):
    async def load(self) -> bool:
        extra = self.settings.parameters.extra or {}
        self._rule = extra["rule"]
        self._enforce_dtype = bool(extra.get("enforce_dtype", False))
        return True

    async def predict(self, payload: InferenceRequest) -> InferenceResponse:
        inputs = [i for i in payload.inputs if i.name == "input"]
        if len(inputs) != 1:
            raise MLServerError(f"expected one input tensor named 'input', got {[i.name for i in payload.inputs]}")
        x = features(validate(as_array(inputs[0]), self._enforce_dtype))
        scores = x @ W.T + B
        if self._rule == "classify":
            y = np.argmax(scores, axis=1).astype(np.int64)
            datatype = "INT64"
        else:
            e = np.exp(scores - scores.max(axis=1, keepdims=True))
            y = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
            datatype = "FP32"
        wanted = [o.name for o in payload.outputs or []]
        outputs = []
        if not wanted or "output" in wanted:
            outputs.append(
                ResponseOutput(name="output", datatype=datatype, shape=list(y.shape), data=y.ravel().tolist())
            )
        return InferenceResponse(model_name=self.name, outputs=outputs)
