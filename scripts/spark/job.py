"""Batch inference on Spark against the example iris service (scripts/spark-job.sh runs it).

A `local[2]` Spark job builds a DataFrame of iris features, sends each Arrow batch of every
partition through `mapInArrow` to a model, and checks the answer row for row against the same
model computed here in numpy. `--mode` picks where the model runs:

  arrow    the Rust service (examples/serve.rs): each batch posted as an Arrow IPC stream
           (Content-Type and Accept application/vnd.apache.arrow.stream); the output schema
           is built from the service's GET /spark_schema/classify
  bentoml  a BentoML service, the way bentoml.batch.run_in_spark calls an API:
           batch.to_pandas().to_numpy() posted as JSON, the JSON answer read back
  local    no service: the model in numpy inside the UDF (the floor of the other two)

Prints one line `spark job: <mode> <rows> rows in <s> s (<n> batches), <checked>` and exits 1 on
a wrong row. Only the standard library, pyspark, pyarrow, pandas and numpy.
"""

import argparse
import json
import os
import sys
import time
import urllib.request

import numpy as np
import pyarrow as pa
from pyspark.sql import SparkSession, functions as F
from pyspark.sql.types import LongType, StructField, StructType

ARROW = "application/vnd.apache.arrow.stream"
FEATURES = ["f0", "f1", "f2", "f3"]

# The example's model (examples/serve.rs, tests/fixtures/bentoml_current/reference_service.py):
# class scores W . x + b over float32 features, the first maximum per row.
W = np.array([[0, 0, -3, -3], [0, 0, 0, 0], [0, 0, 3, 3]], dtype=np.float32)
B = np.array([15, 0, -21], dtype=np.float32)


def model(x):
    """The class per row, as the service computes it (float32, first of equal maxima)."""
    return np.argmax(x.astype(np.float32) @ W.T + B, axis=1).astype(np.int64)


def features_of(ids):
    """The features of row `id`, in eighths so that every score is exact in float32 (the
    Rust dot product and numpy's matmul then agree bit for bit, ties at the class boundaries
    t = 5 and t = 7 included): sepal length 4.25..7.75, sepal width 2..4.25, petal length
    1..6.875, petal width 0.125..2.375. The same formulas as the DataFrame's columns."""
    ids = np.asarray(ids, dtype=np.int64)
    return np.stack(
        [
            (34 + (ids * 13) % 29) / 8.0,
            (16 + (ids * 7) % 19) / 8.0,
            (8 + (ids * 37) % 48) / 8.0,
            (1 + (ids * 53) % 19) / 8.0,
        ],
        axis=1,
    )


def post(url, body, content_type, accept, timeout):
    req = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": content_type, "Accept": accept}
    )
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return resp.read()


def arrow_udf(url, timeout):
    """mapInArrow over the Rust service: each batch's features as an IPC stream in, the
    `output` column of the answer out, renamed `out` as the Spark schema names it."""

    def predict(batches):
        for batch in batches:
            x = pa.RecordBatch.from_arrays([batch.column(f) for f in FEATURES], names=FEATURES)
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, x.schema) as writer:
                writer.write_batch(x)
            answer = post(url, sink.getvalue().to_pybytes(), ARROW, ARROW, timeout)
            out = pa.ipc.open_stream(answer).read_all().column("output").combine_chunks()
            yield pa.RecordBatch.from_arrays([batch.column("id"), out], names=["id", "out"])

    return predict


def bentoml_udf(url, timeout):
    """mapInArrow over a BentoML service as run_in_spark calls it: from_arrow's
    batch.to_pandas().to_numpy() as the JSON body, the JSON answer back through to_arrow."""

    def predict(batches):
        for batch in batches:
            x = pa.RecordBatch.from_arrays([batch.column(f) for f in FEATURES], names=FEATURES)
            body = json.dumps(x.to_pandas().to_numpy().tolist()).encode()
            answer = post(url, body, "application/json", "application/json", timeout)
            out = pa.array(np.asarray(json.loads(answer), dtype=np.int64))
            yield pa.RecordBatch.from_arrays([batch.column("id"), out], names=["id", "out"])

    return predict


def local_udf():
    """mapInArrow with the model in the UDF: no service, no transport."""

    def predict(batches):
        for batch in batches:
            x = pa.RecordBatch.from_arrays([batch.column(f) for f in FEATURES], names=FEATURES)
            out = pa.array(model(x.to_pandas().to_numpy()))
            yield pa.RecordBatch.from_arrays([batch.column("id"), out], names=["id", "out"])

    return predict


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mode", choices=["arrow", "bentoml", "local"], default="arrow")
    p.add_argument("--url", default="http://127.0.0.1:3000", help="the service's base URL")
    p.add_argument("--api", default="classify")
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--batch-rows", type=int, default=10_000, help="Arrow batch size")
    p.add_argument("--timeout", type=float, default=60.0, help="per request, seconds")
    p.add_argument("--no-check", action="store_true", help="skip the row-for-row check")
    args = p.parse_args()

    # Spark's Python workers: this interpreter (its venv has pyarrow), not whatever python3 is.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable

    spark = (
        SparkSession.builder.master("local[2]")
        .appName(f"ndarray-descriptor-{args.mode}")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.batch_rows))
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        # The output schema: the row id, then the service's own Spark schema for the API (one
        # field `out`, BentoML's spark_schema()).
        if args.mode == "arrow":
            with urllib.request.urlopen(f"{args.url}/spark_schema/{args.api}", timeout=10) as r:
                served = StructType.fromJson(json.loads(r.read()))
        else:
            served = StructType([StructField("out", LongType(), False)])
        schema = StructType([StructField("id", LongType(), False), *served.fields])

        df = spark.range(0, args.rows, numPartitions=2).select(
            "id",
            *[
                (F.expr(f"CAST({num} AS DOUBLE)") / 8.0).alias(name)
                for name, num in zip(
                    FEATURES,
                    [
                        "34 + (id * 13) % 29",
                        "16 + (id * 7) % 19",
                        "8 + (id * 37) % 48",
                        "1 + (id * 53) % 19",
                    ],
                )
            ],
        )
        url = f"{args.url}/{args.api}"
        udf = {
            "arrow": lambda: arrow_udf(url, args.timeout),
            "bentoml": lambda: bentoml_udf(url, args.timeout),
            "local": local_udf,
        }[args.mode]()

        start = time.monotonic()
        out = df.mapInArrow(udf, schema)
        # The whole result comes back to the driver (ids and classes: 16 bytes a row).
        if hasattr(out, "toArrow"):  # pyspark 4
            table = out.toArrow()
        else:
            table = pa.Table.from_pandas(out.toPandas(), preserve_index=False)
        elapsed = time.monotonic() - start
    finally:
        spark.stop()

    batches = -(-args.rows // args.batch_rows)
    if args.no_check:
        print(f"spark job: {args.mode} {args.rows} rows in {elapsed:.2f} s ({batches} batches)")
        return 0
    ids = table.column("id").to_numpy()
    got = table.column("out").to_numpy()
    order = np.argsort(ids)
    ids, got = ids[order], got[order]
    if not np.array_equal(ids, np.arange(args.rows)):
        print(f"spark job: FAILED: {len(ids)} rows came back, expected ids 0..{args.rows - 1}")
        return 1
    want = model(features_of(ids))
    wrong = np.flatnonzero(got != want)
    if wrong.size:
        i = wrong[0]
        print(
            f"spark job: FAILED: {wrong.size} of {args.rows} rows wrong; first: id {ids[i]} "
            f"features {features_of([ids[i]])[0].tolist()} got {got[i]} want {want[i]}"
        )
        return 1
    counts = np.bincount(want, minlength=3).tolist()
    print(
        f"spark job: {args.mode} {args.rows} rows in {elapsed:.2f} s ({batches} batches), "
        f"every row matches numpy (classes 0/1/2: {counts[0]}/{counts[1]}/{counts[2]})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
