"""Extra from_arrow vectors in arrow.json's format, made by the reference itself.

`batch.to_pandas().to_numpy()` (BentoML's from_arrow) over three-column dtype mixes (numpy 2's
multi-dtype promotion is not a left fold), null-type, large_string and string_view columns,
nulls, and zero-row batches. Needs numpy 2.4.6, pandas 2.3.3, pyarrow 26.0.1:

    python scripts/gen_arrow_extra.py /tmp/arrow_extra
    NDARRAY_CONFORMANCE_DIR=/tmp/arrow_extra cargo test --features arrow --test conformance
"""
import json, math, itertools, pathlib, sys
import numpy as np, pyarrow as pa
def encf(x):
    x = float(x)
    if math.isnan(x): return "NaN"
    if math.isinf(x): return "Infinity" if x > 0 else "-Infinity"
    if x == 0 and math.copysign(1, x) < 0: return "-0.0"
    return x
def enc_el(x, kind):
    if kind == 'f': return encf(x)
    if kind in 'iu': return int(x)
    if kind == 'b': return bool(x)
    if kind == 'U': return str(x)
    # object
    if x is None: return None
    if isinstance(x, (bool, np.bool_)): return bool(x)
    if isinstance(x, (int, np.integer)): return int(x)
    if isinstance(x, (float, np.floating)): return encf(x)
    if isinstance(x, str): return x
    return {"py_type": type(x).__name__, "repr": repr(x)}
def enc_arr(a):
    k = a.dtype.kind
    name = {"U": "str", "O": "object"}.get(k, a.dtype.name)
    return {"dtype": name, "dtype_str": a.dtype.str, "shape": list(a.shape), "data": [enc_el(x, k) for x in a.ravel().tolist()]}
def enc_col(arr):
    k = arr.type
    data = []
    for v in arr.to_pylist():
        if v is None: data.append(None)
        elif isinstance(v, float): data.append(encf(v))
        else: data.append(v)
    return data
def ipc(batch):
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as w: w.write_batch(batch)
    return sink.getvalue().to_pybytes().hex()
cols = {
 "i1": pa.array([-1, 2], pa.int8()), "u1": pa.array([200, 2], pa.uint8()), "i2": pa.array([-300, 2], pa.int16()),
 "u2": pa.array([60000, 2], pa.uint16()), "i4": pa.array([70000, -2], pa.int32()), "u4": pa.array([4000000000, 2], pa.uint32()),
 "i8": pa.array([1 << 40, -2], pa.int64()), "u8": pa.array([(1 << 63) + 1, 2], pa.uint64()),
 "f2": pa.array([0.5, -2.0], pa.float16()), "f4": pa.array([0.1, -2.0], pa.float32()), "f8": pa.array([0.1, -2.0], pa.float64()),
 "b": pa.array([True, False]), "s": pa.array(["p", "qq"]), "ls": pa.array(["x", "yyy"], pa.large_string()),
 "nul": pa.nulls(2), "i1n": pa.array([None, 3], pa.int8()), "u8n": pa.array([None, 2**64-1], pa.uint64()),
 "f2n": pa.array([None, 1.5], pa.float16()), "bn": pa.array([None, True]), "sn": pa.array([None, "a"]),
 "sv": pa.array(["v", "ww"], pa.string_view()),
}
cases = []
names = list(cols)
combos = [(a,b,c) for a,b,c in itertools.combinations(names[:11], 3)]
combos += [("ls",), ("nul",), ("s","ls"), ("i1n","f2"), ("u8n","i1"), ("f2n","u1"), ("bn",), ("sn","s"), ("b","b","b"), ("s","s","ls"), ("sv",), ("sv","s"), ("f2n","f2n"), ("i1n","i2","f2")]
for combo in combos:
    batch = pa.record_batch([cols[c] for c in combo], names=[f"c{i}" for i in range(len(combo))])
    for rows in (2, 0):
        b = batch.slice(0, rows) if rows == 0 else batch
        b = pa.record_batch([pa.array(col.to_pylist(), col.type) for col in b.columns], names=b.schema.names) if rows == 0 else b
        case = {"id": f"x/{'+'.join(combo)}/{rows}", "op": "from_arrow", "note": "", "descriptor": {"dtype": None, "shape": None, "enforce_dtype": False, "enforce_shape": False},
                "ipc_hex": ipc(b), "schema": str(b.schema), "num_rows": b.num_rows,
                "columns": [{"name": f.name, "type": str(f.type), "nullable": f.nullable, "null_count": col.null_count, "data": enc_col(col)} for f, col in zip(b.schema, b.columns)]}
        try:
            case["expect"] = enc_arr(b.to_pandas().to_numpy())
        except Exception as e:
            case["error"] = {"class": type(e).__name__, "message": str(e), "bentoml": False, "http_status": 500}
        cases.append(case)
out = pathlib.Path(sys.argv[1]); out.mkdir(parents=True, exist_ok=True)
json.dump({"generated_by": "scripts/gen_arrow_extra.py", "set": "local", "cases": cases}, open(out / "arrow.json", "w"))
print(len(cases))
