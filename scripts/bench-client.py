"""BentoML's own Python client at a fixed number of concurrent asyncio tasks, one-row
`classify` calls (scripts/bench-client.sh runs it beside examples/client_bench.rs).

    python scripts/bench-client.py URL CONCURRENCY SECONDS WARMUP

Uses `bentoml.client.AsyncHTTPClient.from_url` (the legacy HTTP client, which reads /docs.json
as the Rust client does; one aiohttp session) and `await client.classify(x)`. Prints one line
like the Rust side's.
"""
import asyncio
import inspect
import sys
import time
import warnings

import numpy as np

warnings.simplefilter("ignore")
from bentoml.client import AsyncHTTPClient  # noqa: E402

URL, CONC, SECONDS, WARMUP = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ROW = np.array([[5.1, 3.5, 1.4, 0.2]], dtype=np.float32)


async def run(client, seconds):
    done = errors = 0
    end = time.monotonic() + seconds

    async def task():
        nonlocal done, errors
        while time.monotonic() < end:
            try:
                out = await client.classify(ROW)
                ok = np.asarray(out).tolist() == [0]
            except Exception:  # noqa: BLE001 - every failure is counted, not raised
                ok = False
            if ok:
                done += 1
            else:
                errors += 1

    start = time.monotonic()
    await asyncio.gather(*(task() for _ in range(CONC)))
    return done, errors, time.monotonic() - start


async def main():
    client = AsyncHTTPClient.from_url(URL)
    if inspect.isawaitable(client):
        client = await client
    if WARMUP:
        await run(client, WARMUP)
    n, errors, elapsed = await run(client, SECONDS)
    print(f"python bentoml client: {n} requests in {elapsed:.1f} s = {n / elapsed:.0f} req/s, {errors} errors")


asyncio.run(main())
