// End-to-end: the page served by `cargo run --example serve`, in headless Chromium.
//
// scripts/browser-tests.sh starts the server and sets:
//   NDARRAY_SERVER_URL  the page's origin, e.g. http://127.0.0.1:40123 (the server must allow it
//                       with --cors-origins for the cross-origin test)
//   CHROMIUM            the browser (default /usr/bin/chromium)
//   NDARRAY_SCREENSHOT  where the screenshot goes (default target/browser/page.png)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

const SERVER = process.env.NDARRAY_SERVER_URL;
const HERE = dirname(fileURLToPath(import.meta.url));
const SCREENSHOT = resolve(
  process.env.NDARRAY_SCREENSHOT || join(HERE, "..", "..", "..", "target", "browser", "page.png"),
);
const skip = SERVER ? false : "NDARRAY_SERVER_URL is not set (run scripts/browser-tests.sh)";

// The flags a CI browser needs: no sandbox (root in a container), no GPU, and nothing that
// reaches the network on its own (the machine has no network but loopback).
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
];

/** The demo signal of examples/serve.rs, `sin(2π·i/64)·exp(-i/n)`, in float64. */
function wave(n = 256) {
  return Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * i) / 64) * Math.exp(-i / n));
}

let context;
let page;
let profile;

before(async () => {
  if (skip) return;
  profile = mkdtempSync(join(tmpdir(), "ndarray-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 720 },
    timeout: 60_000,
  });
  page = context.pages()[0] || (await context.newPage());
  page.on("console", (m) => m.type() === "error" && console.log(`[page] ${m.text()}`));
  page.on("pageerror", (e) => console.log(`[page error] ${e.message}`));
  await page.goto(`${SERVER}/`);
  await page.waitForFunction(() => document.body.dataset.status !== "loading", null, {
    timeout: 30_000,
  });
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test("the page loads and runs without errors", { skip }, async () => {
  const status = await page.evaluate(() => document.body.dataset.status);
  const error = await page.evaluate(() => window.results.error);
  assert.equal(status, "ready", `page error: ${error}`);
});

test("classify answers int64 classes as a BigInt64Array", { skip }, async () => {
  const r = await page.evaluate(() => window.results.classify);
  assert.deepEqual(r, {
    dtype: "int64",
    shape: [3],
    byteorder: "little",
    type: "BigInt64Array",
    values: ["0", "1", "2"],
    names: ["setosa", "versicolor", "virginica"],
  });
  const shown = await page.locator("#rows .cls").allTextContents();
  assert.deepEqual(shown, ["0 setosa", "1 versicolor", "2 virginica"]);
});

test("predict_proba answers a (3, 3) float32 softmax", { skip }, async () => {
  const r = await page.evaluate(() => window.results.proba);
  assert.equal(r.dtype, "float32");
  assert.deepEqual(r.shape, [3, 3]);
  for (let i = 0; i < 3; i++) {
    const row = r.values.slice(i * 3, i * 3 + 3);
    assert.ok(Math.abs(row.reduce((a, b) => a + b) - 1) < 1e-5, `row ${i} sums to 1: ${row}`);
    assert.equal(row.indexOf(Math.max(...row)), i, `row ${i}: ${row}`);
  }
});

test("a bad shape is a 400 with BentoML's message", { skip }, async () => {
  const r = await page.evaluate(() => window.results.badRequest);
  assert.equal(r.isNdarrayError, true);
  assert.equal(r.status, 400);
  assert.equal(
    r.message,
    'HTTP 400: BentoService error handling API request: NumpyNdarray: Expecting ndarray of shape "(-1, 4)", but "(1, 3)" was received.',
  );
});

test("the big-endian signal is swapped to the right values", { skip }, async () => {
  const r = await page.evaluate(() => window.results.signal);
  assert.equal(r.dtype, "float32");
  assert.deepEqual(r.shape, [256]);
  assert.equal(r.byteorder, "big");
  assert.equal(r.type, "Float32Array");
  assert.equal(r.reference.byteorder, "little");
  assert.equal(r.same, true);
  const want = wave();
  r.values.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-6, `[${i}] ${v} vs ${want[i]}`));
  const check = await page.locator("#swap-check").textContent();
  assert.match(check, /✓ the big-endian answer equals the little-endian one/);
});

test("every dtype reads the same in both byte orders in the browser", { skip }, async () => {
  const got = await page.evaluate(async () => {
    const { getArray } = await import("/clients/js/ndarray.js");
    const out = {};
    for (const dtype of ["float16", "float32", "float64", "int16", "int32", "int64"]) {
      for (const order of ["little", "big"]) {
        const a = await getArray(`/demo/array?dtype=${dtype}&order=${order}&n=100`);
        out[`${dtype}/${order}`] = {
          dtype: a.dtype,
          shape: a.shape,
          byteorder: a.byteorder,
          type: a.data.constructor.name,
          values: Array.from(a.data, (v) => (typeof v === "bigint" ? v.toString() : v)),
        };
      }
    }
    return out;
  });
  const want = wave(100);
  const types = {
    float16: "Float32Array",
    float32: "Float32Array",
    float64: "Float64Array",
    int16: "Int16Array",
    int32: "Int32Array",
    int64: "BigInt64Array",
  };
  for (const [dtype, type] of Object.entries(types)) {
    const le = got[`${dtype}/little`];
    const be = got[`${dtype}/big`];
    assert.equal(be.byteorder, "big", dtype);
    assert.equal(le.byteorder, "little", dtype);
    assert.equal(be.dtype, dtype);
    assert.equal(be.type, type, dtype);
    assert.deepEqual(be.shape, [100]);
    assert.deepEqual(be.values, le.values, `${dtype}: big-endian swapped equals little-endian`);
    const tol = { float16: 1e-3, float32: 1e-6, float64: 1e-12 }[dtype];
    be.values.forEach((v, i) => {
      if (tol) {
        assert.ok(Math.abs(v - want[i]) <= tol, `${dtype}[${i}] ${v} vs ${want[i]}`);
      } else {
        // Rust's round() rounds halves away from zero.
        const r = Math.sign(want[i]) * Math.round(Math.abs(want[i] * 1000));
        assert.equal(Number(v), r === 0 ? 0 : r, `${dtype}[${i}]`);
      }
    });
  }
});

test("a 2-D float64 array posts and comes back cast and classified", { skip }, async () => {
  const r = await page.evaluate(async () => {
    const { postArray } = await import("/clients/js/ndarray.js");
    // float64 rows: the server casts them to the descriptor's float32 (same_kind).
    const x = new Float64Array([5.0, 3.4, 1.5, 0.2, 6.7, 3.0, 5.2, 2.3]);
    const y = await postArray("/predict_proba", x, [2, 4]);
    return { dtype: y.dtype, shape: y.shape, values: Array.from(y.data) };
  });
  assert.equal(r.dtype, "float32");
  assert.deepEqual(r.shape, [2, 3]);
  const argmax = (row) => row.indexOf(Math.max(...row));
  assert.equal(argmax(r.values.slice(0, 3)), 0, `setosa: ${r.values}`);
  assert.equal(argmax(r.values.slice(3, 6)), 2, `virginica: ${r.values}`);
});

test("CORS: an allowed origin reads the X-Numpy-* headers across origins", { skip }, async () => {
  // The page is on http://127.0.0.1:PORT; http://localhost:PORT is another origin (same server).
  const other = SERVER.replace("127.0.0.1", "localhost");
  assert.notEqual(other, SERVER, "NDARRAY_SERVER_URL must use 127.0.0.1");
  const r = await page.evaluate(async (base) => {
    const { postArray } = await import("/clients/js/ndarray.js");
    const y = await postArray(`${base}/classify`, new Float32Array([6.3, 3.3, 6.0, 2.5]), [1, 4]);
    return { dtype: y.dtype, shape: y.shape, values: Array.from(y.data, String) };
  }, other);
  assert.deepEqual(r, { dtype: "int64", shape: [1], values: ["2"] });
});

test("CORS: an origin the server does not list is refused by the browser", { skip }, async () => {
  const other = SERVER.replace("127.0.0.1", "localhost");
  const p2 = await context.newPage();
  try {
    await p2.goto(`${other}/`);
    await p2.waitForFunction(() => document.body.dataset.status !== "loading", null, {
      timeout: 30_000,
    });
    const r = await p2.evaluate(async (base) => {
      const { postArray } = await import("/clients/js/ndarray.js");
      try {
        await postArray(`${base}/classify`, new Float32Array(4), [1, 4]);
        return "answered";
      } catch (e) {
        return `${e.name}: ${e.message}`;
      }
    }, SERVER);
    // fetch rejects with a TypeError, not an NdarrayError: the script never sees the answer.
    assert.match(r, /^TypeError/);
  } finally {
    await p2.close();
  }
});

test("screenshot", { skip }, async () => {
  mkdirSync(dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  assert.ok(statSync(SCREENSHOT).size > 10_000, "screenshot written");
  console.log(`screenshot: ${SCREENSHOT}`);
});
