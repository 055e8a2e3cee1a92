"""Train the iris classifier that examples/tract-iris serves, and export it to ONNX.

Run it through scripts/train-iris-onnx.sh, which makes its venv with the pinned packages.

The model is scikit-learn's ``MLPClassifier`` (4 -> 16 ReLU -> 3 softmax, lbfgs,
``random_state=0``) behind a ``StandardScaler``, fitted on the 150 rows of
``sklearn.datasets.load_iris`` (bundled with scikit-learn: nothing is downloaded). Fitting is
deterministic, so the same pinned packages write the same weights.

The ONNX graph is written with ``onnx.helper`` from the fitted arrays, in plain ONNX ops only
(Sub, Div, Gemm, Relu, Softmax, ArgMax; opset 13), so any ONNX runtime runs it: skl2onnx's
``ai.onnx.ml`` domain ops, which it uses for scikit-learn's classifiers, are not in tract.

    input          float32 [N, 4]   sepal length, sepal width, petal length, petal width (cm)
    label          int64   [N]      ArgMax of the probabilities: 0 setosa, 1 versicolor, 2 virginica
    probabilities  float32 [N, 3]   the softmax of the output layer, as predict_proba

``N`` is a symbolic dimension (``dim_param``), so a runtime plans the graph once for any batch.

Written, next to each other in examples/tract-iris/model/:

- ``iris.onnx``: the model (checked with ``onnx.checker``, full check);
- ``reference.json``: every iris row with the class and the probabilities scikit-learn's
  ``predict`` and ``predict_proba`` give (float64), which the crate's tests compare tract's
  answers with.

Before writing, the script runs the exported weights in float32 with numpy, op by op as the
graph does, and fails unless every class equals scikit-learn's and every probability is within
1e-5 of it: a row whose class float32 could flip would make the Rust test's exact check
meaningless. When onnxruntime is importable it also runs the file itself and makes the same
check (it is not installed by the wrapper: it is optional).
"""

import argparse
import json
import pathlib
import sys

import numpy as np
import onnx
import sklearn
from onnx import TensorProto, helper, numpy_helper
from sklearn.datasets import load_iris
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

OPSET = 13
# Largest |float32 graph - scikit-learn float64| probability accepted; the Rust test uses the same.
PROBA_TOLERANCE = 1e-5


def train():
    x, y = load_iris(return_X_y=True)
    pipeline = make_pipeline(
        StandardScaler(),
        MLPClassifier(
            hidden_layer_sizes=(16,),
            activation="relu",
            solver="lbfgs",
            max_iter=2000,
            random_state=0,
        ),
    )
    pipeline.fit(x, y)
    return pipeline, x, y


def weights(pipeline):
    """The fitted arrays as float32, in the graph's order."""
    scaler, mlp = pipeline.named_steps["standardscaler"], pipeline.named_steps["mlpclassifier"]
    if mlp.out_activation_ != "softmax" or list(mlp.classes_) != [0, 1, 2]:
        sys.exit(f"unexpected classifier: out_activation_={mlp.out_activation_}, classes_={mlp.classes_}")
    f32 = lambda a: np.asarray(a, dtype=np.float32)  # noqa: E731
    return {
        "mean": f32(scaler.mean_),
        "scale": f32(scaler.scale_),
        "w1": f32(mlp.coefs_[0]),
        "b1": f32(mlp.intercepts_[0]),
        "w2": f32(mlp.coefs_[1]),
        "b2": f32(mlp.intercepts_[1]),
    }


def graph(w):
    n = "N"
    inputs = [helper.make_tensor_value_info("input", TensorProto.FLOAT, [n, 4])]
    outputs = [
        helper.make_tensor_value_info("label", TensorProto.INT64, [n]),
        helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [n, 3]),
    ]
    init = [numpy_helper.from_array(w[k], name=k) for k in ("mean", "scale", "w1", "b1", "w2", "b2")]
    nodes = [
        helper.make_node("Sub", ["input", "mean"], ["centered"]),
        helper.make_node("Div", ["centered", "scale"], ["scaled"]),
        helper.make_node("Gemm", ["scaled", "w1", "b1"], ["hidden_in"]),
        helper.make_node("Relu", ["hidden_in"], ["hidden"]),
        helper.make_node("Gemm", ["hidden", "w2", "b2"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
        helper.make_node("ArgMax", ["probabilities"], ["label"], axis=1, keepdims=0),
    ]
    g = helper.make_graph(nodes, "iris_mlp", inputs, outputs, initializer=init)
    model = helper.make_model(
        g,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="ndarray-descriptor scripts/train-iris-onnx.py",
        producer_version=f"scikit-learn {sklearn.__version__}",
    )
    # An IR version every current runtime reads (onnx 1.23 would write a newer one by default).
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    return model


def forward_f32(w, x):
    """The graph's ops in float32 with numpy: (label, probabilities)."""
    x = np.asarray(x, dtype=np.float32)
    h = np.maximum((x - w["mean"]) / w["scale"] @ w["w1"] + w["b1"], np.float32(0))
    logits = h @ w["w2"] + w["b2"]
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return p.argmax(axis=1), p


def check(name, label, proba, ref_label, ref_proba):
    bad = np.flatnonzero(label != ref_label)
    if bad.size:
        sys.exit(f"{name}: class differs from scikit-learn's on rows {bad.tolist()}")
    err = float(np.abs(proba.astype(np.float64) - ref_proba).max())
    if err > PROBA_TOLERANCE:
        sys.exit(f"{name}: probabilities differ from scikit-learn's by up to {err:.3g} (> {PROBA_TOLERANCE})")
    print(f"train-iris-onnx: {name}: {len(label)} classes equal scikit-learn's, probabilities within {err:.2g}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out",
        type=pathlib.Path,
        default=pathlib.Path(__file__).resolve().parent.parent / "examples" / "tract-iris" / "model",
    )
    args = parser.parse_args()

    pipeline, x, y = train()
    ref_label = pipeline.predict(x)
    ref_proba = pipeline.predict_proba(x)
    accuracy = float((ref_label == y).mean())
    w = weights(pipeline)
    model = graph(w)

    label, proba = forward_f32(w, x)
    check("float32 numpy forward pass", label, proba, ref_label, ref_proba)
    try:
        import onnxruntime as ort
    except ImportError:
        print("train-iris-onnx: onnxruntime not installed: the file itself is checked by onnx.checker only")
    else:
        sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
        label, proba = sess.run(["label", "probabilities"], {"input": x.astype(np.float32)})
        check(f"onnxruntime {ort.__version__}", label, proba, ref_label, ref_proba)

    args.out.mkdir(parents=True, exist_ok=True)
    onnx_path = args.out / "iris.onnx"
    onnx_path.write_bytes(model.SerializeToString())
    reference = {
        "producer": f"scripts/train-iris-onnx.py: scikit-learn {sklearn.__version__}, numpy {np.__version__}, onnx {onnx.__version__}",
        "model": "StandardScaler + MLPClassifier(hidden_layer_sizes=(16,), activation='relu', solver='lbfgs', random_state=0) on load_iris()",
        "training_accuracy": accuracy,
        "proba_tolerance": PROBA_TOLERANCE,
        "classes": ["setosa", "versicolor", "virginica"],
        # x as float32 (what the served API takes) written as the shortest float64 repr of
        # that float32 value, so the Rust side reads back the exact input the graph saw.
        "rows": [
            {
                "input": [float(v) for v in row.astype(np.float32)],
                "label": int(lab),
                "probabilities": [float(p) for p in pr],
            }
            for row, lab, pr in zip(x, ref_label, ref_proba)
        ],
    }
    ref_path = args.out / "reference.json"
    # One row a line: a diff of a retrained model shows which rows changed.
    rows = reference.pop("rows")
    head = json.dumps(reference, indent=1)[:-2]
    body = ",\n".join("  " + json.dumps(r) for r in rows)
    ref_path.write_text(f'{head},\n "rows": [\n{body}\n ]\n}}\n')
    print(
        f"train-iris-onnx: wrote {onnx_path} ({onnx_path.stat().st_size} bytes) and {ref_path} "
        f"({len(rows)} rows, training accuracy {accuracy:.4f})"
    )


if __name__ == "__main__":
    main()
