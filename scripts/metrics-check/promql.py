"""Read a Prometheus HTTP API answer (GET /api/v1/query, from curl) on stdin; print one line.

    curl -s -G --data-urlencode 'query=up' http://127.0.0.1:9090/api/v1/query | python3 promql.py

Prints "<series> <value>": how many series (or 1 for a scalar) the instant query returned and
the first one's value as Prometheus wrote it ("7", "0.0495", "NaN"), or "-" when there is none;
"finite" or "nonfinite" follows when there is a value. On an answer that is not a successful
API response it prints "error <what>" and exits 1. Any python3 will do (json only).
"""
import json
import math
import sys

raw = sys.stdin.read()
try:
    answer = json.loads(raw)
except ValueError:
    print("error not JSON: " + raw[:200].replace("\n", " "))
    sys.exit(1)
if answer.get("status") != "success":
    print("error {}: {}".format(answer.get("errorType", "?"), answer.get("error", raw[:200])))
    sys.exit(1)
data = answer.get("data", {})
kind, result = data.get("resultType"), data.get("result")
if kind in ("scalar", "string"):
    series, value = 1, result[1]
elif kind in ("vector", "matrix") and isinstance(result, list):
    series = len(result)
    value = "-"
    if result and kind == "vector":
        value = result[0]["value"][1]
    elif result:
        value = result[0]["values"][-1][1]
else:
    print("error unexpected resultType {!r}".format(kind))
    sys.exit(1)
line = "{} {}".format(series, value)
if value != "-":
    try:
        line += " finite" if math.isfinite(float(value)) else " nonfinite"
    except ValueError:
        line += " nonfinite"
print(line)
