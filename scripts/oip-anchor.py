"""The Open Inference Protocol decode anchors, on the same bytes the crate's `throughput`
example times:

1. writes W.oip.json, an OIP REST inference request whose one input carries the workload's
   array flattened as JSON `data` (what `tritonclient.http` sends with `binary_data=False`:
   `json.dumps` of the request with `data` = `arr.flatten().tolist()`), beside W.bin;
2. times the fastest Python reading of that body: `orjson.loads(body)`, then
   `np.array(inputs[0]["data"], dtype).reshape(shape)`, and prints one JSON line.

    .venv-ref/bin/python scripts/oip-anchor.py target/ndbench W1 [--secs 3]

Run `cargo run --release --example throughput -- oip_json_decode target/ndbench/W1.oip.json
--dtype float32 --shape 1000,784` right before or after and divide; `oip_binary_decode` on
W1.bin against `memcpy` on W1.bin is the binary ratio. The loop is bounded by --secs (default
3) and by 1000 calls.
"""
import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np
import orjson

DATATYPES = {"f4": "FP32", "f8": "FP64", "i8": "INT64", "b1": "BOOL"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("workload")
    ap.add_argument("--secs", type=float, default=3.0)
    a = ap.parse_args()
    d = Path(a.dir)
    manifest = json.loads((d / "manifest.json").read_text())
    entry = manifest[a.workload] if isinstance(manifest, dict) and a.workload in manifest else None
    if entry is None:
        entry = next(e for e in manifest["workloads"] if e["name"] == a.workload)
    dtype, shape = entry["dtype"], entry["shape"]
    arr = np.frombuffer((d / f"{a.workload}.bin").read_bytes(), dtype=dtype).reshape(shape)
    body = json.dumps(
        {"inputs": [{"name": "input", "shape": list(shape), "datatype": DATATYPES[np.dtype(dtype).str[1:]],
                     "data": arr.flatten().tolist()}]}
    ).encode()
    out = d / f"{a.workload}.oip.json"
    out.write_bytes(body)

    def call():
        req = orjson.loads(body)
        x = np.array(req["inputs"][0]["data"], dtype=dtype).reshape(req["inputs"][0]["shape"])
        return x

    assert np.array_equal(call(), arr)
    times = []
    start = time.perf_counter()
    while len(times) < 1000 and (time.perf_counter() - start < a.secs or len(times) < 5):
        t = time.perf_counter()
        call()
        times.append(time.perf_counter() - t)
    med = statistics.median(times)
    print(json.dumps({"workload": a.workload, "op": "oip_json_decode", "impl": "orjson+np.array",
                      "file": str(out), "bytes": len(body), "iters": len(times),
                      "secs_median": med, "secs_min": min(times),
                      "mb_per_s": len(body) / med / 1e6}))


if __name__ == "__main__":
    main()
