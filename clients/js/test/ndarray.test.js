// Unit tests for ndarray.js under Node's test runner: `node --test clients/js/test/`.
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  NdarrayError,
  PLATFORM_BYTEORDER,
  dtypeOf,
  fromBytes,
  getArray,
  halfToFloat,
  parseDtype,
  parseShape,
  postArray,
  readResponse,
  toRequest,
} from "../ndarray.js";

/** Bytes of `values` written with DataView's `set` in the given order. */
function wire(setter, itemsize, values, order) {
  const dv = new DataView(new ArrayBuffer(values.length * itemsize));
  values.forEach((v, i) => dv[setter](i * itemsize, v, order === "little"));
  return new Uint8Array(dv.buffer);
}

const CASES = [
  ["i2", "setInt16", 2, Int16Array, [1, -2, 32767, -32768, 258]],
  ["u2", "setUint16", 2, Uint16Array, [1, 65535, 258]],
  ["i4", "setInt32", 4, Int32Array, [1, -2, 2147483647, -2147483648, 16909060]],
  ["u4", "setUint32", 4, Uint32Array, [1, 4294967295, 16909060]],
  ["i8", "setBigInt64", 8, BigInt64Array, [1n, -2n, 9223372036854775807n, -(2n ** 63n)]],
  ["u8", "setBigUint64", 8, BigUint64Array, [1n, 2n ** 64n - 1n, 72623859790382856n]],
  ["f4", "setFloat32", 4, Float32Array, [1.5, -0.25, Math.fround(Math.PI), Infinity]],
  ["f8", "setFloat64", 8, Float64Array, [1.5, -0.25, Math.PI, -Infinity, 1e-310]],
];

test("the platform byte order is detected", () => {
  const probe = new Uint8Array(new Uint32Array([0x01020304]).buffer)[0];
  assert.equal(PLATFORM_BYTEORDER, probe === 4 ? "little" : "big");
});

test("every multi-byte dtype reads in both byte orders", () => {
  for (const [code, setter, size, Ctor, values] of CASES) {
    for (const order of ["little", "big"]) {
      const prefix = order === "little" ? "<" : ">";
      const bytes = wire(setter, size, values, order);
      const arr = fromBytes(bytes, { dtype: prefix + code, shape: `${values.length}` });
      assert.ok(arr.data instanceof Ctor, `${prefix}${code}: ${arr.data.constructor.name}`);
      assert.deepEqual(Array.from(arr.data), values, `${prefix}${code}`);
      assert.deepEqual(arr.shape, [values.length]);
      assert.equal(arr.byteorder, order);
      // The header may carry the order instead of the dtype.
      const viaHeader = fromBytes(bytes, { dtype: code, shape: [values.length], byteorder: order });
      assert.deepEqual(Array.from(viaHeader.data), values, `${code} + ${order}`);
    }
  }
});

test("the swap really swaps: big-endian 1.0f is 3f 80 00 00", () => {
  const arr = fromBytes(new Uint8Array([0x3f, 0x80, 0, 0]), { dtype: ">f4", shape: "1" });
  assert.equal(arr.data[0], 1);
  const le = fromBytes(new Uint8Array([0, 0, 0x80, 0x3f]), { dtype: "<f4", shape: "1" });
  assert.equal(le.data[0], 1);
});

test("float16 is converted to Float32Array in both orders", () => {
  const bits = [0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0x8000, 0x3555];
  const want = [1, -2, 65504, 2 ** -24, Infinity, -0, Math.fround(0.333251953125)];
  for (const order of ["little", "big"]) {
    const arr = fromBytes(wire("setUint16", 2, bits, order), {
      dtype: order === "little" ? "<f2" : ">f2",
      shape: [bits.length],
    });
    assert.equal(arr.dtype, "float16");
    assert.ok(arr.data instanceof Float32Array);
    assert.deepEqual(Array.from(arr.data), want);
    assert.ok(Object.is(arr.data[5], -0));
  }
  assert.ok(Number.isNaN(halfToFloat(0x7e00)));
});

test("one-byte dtypes: bool is a Uint8Array, int8 and uint8 their own", () => {
  const bytes = new Uint8Array([1, 0, 1, 255]);
  const b = fromBytes(bytes.subarray(0, 3), { dtype: "|b1", shape: "3" });
  assert.equal(b.dtype, "bool");
  assert.ok(b.data instanceof Uint8Array);
  assert.deepEqual(Array.from(b.data), [1, 0, 1]);
  assert.equal(b.byteorder, "|");
  assert.deepEqual(Array.from(fromBytes(bytes, { dtype: "|i1", shape: "4" }).data), [1, 0, 1, -1]);
  const u = fromBytes(bytes, { dtype: "uint8", shape: "2,2" });
  assert.deepEqual(u.shape, [2, 2]);
  assert.deepEqual(Array.from(u.data), [1, 0, 1, 255]);
});

test("shapes: 2-D, 0-d and empty arrays", () => {
  const bytes = wire("setFloat32", 4, [1, 2, 3, 4, 5, 6], "little");
  assert.deepEqual(fromBytes(bytes, { dtype: "<f4", shape: "2,3" }).shape, [2, 3]);
  const scalar = fromBytes(bytes.subarray(0, 4), { dtype: "<f4", shape: "" });
  assert.deepEqual(scalar.shape, []);
  assert.equal(scalar.data[0], 1);
  const empty = fromBytes(new Uint8Array(0), { dtype: ">i8", shape: "0,3" });
  assert.deepEqual(empty.shape, [0, 3]);
  assert.equal(empty.data.length, 0);
});

test("unaligned input is copied before it is viewed", () => {
  const padded = new Uint8Array(9);
  padded.set(wire("setFloat64", 8, [2.5], "little"), 1);
  const arr = fromBytes(padded.subarray(1), { dtype: "<f8", shape: "1" });
  assert.equal(arr.data[0], 2.5);
});

test("a body whose length does not match the shape is refused", () => {
  const bytes = new Uint8Array(10);
  assert.throws(
    () => fromBytes(bytes, { dtype: "<f4", shape: "3" }),
    (e) =>
      e instanceof NdarrayError &&
      e.message === "body has 10 bytes but shape (3,) of float32 needs 12 (3 × 4)",
  );
  assert.throws(
    () => fromBytes(new Uint8Array(8), { dtype: ">i8", shape: "2,2" }),
    /body has 8 bytes but shape \(2, 2\) of int64 needs 32/,
  );
});

test("byte order must be known and consistent", () => {
  const bytes = new Uint8Array(4);
  assert.throws(() => fromBytes(bytes, { dtype: "f4", shape: "1" }), /names no byte order/);
  assert.throws(() => fromBytes(bytes, { dtype: "=f4", shape: "1" }), /names no byte order/);
  assert.throws(
    () => fromBytes(bytes, { dtype: "<f4", shape: "1", byteorder: "big" }),
    /disagree/,
  );
  assert.throws(
    () => fromBytes(bytes, { dtype: "<f4", shape: "1", byteorder: "middle" }),
    /invalid byte order "middle"/,
  );
  // One-byte dtypes have no order; "|" and a header are both fine.
  assert.equal(fromBytes(bytes, { dtype: "|u1", shape: "4", byteorder: "little" }).byteorder, "|");
});

test("dtype spellings", () => {
  assert.deepEqual(parseDtype("<f4"), { name: "float32", code: "f4", itemsize: 4, byteorder: "little" });
  assert.deepEqual(parseDtype(">i8"), { name: "int64", code: "i8", itemsize: 8, byteorder: "big" });
  assert.deepEqual(parseDtype("|b1"), { name: "bool", code: "b1", itemsize: 1, byteorder: null });
  assert.deepEqual(parseDtype("float16").code, "f2");
  assert.deepEqual(parseDtype(" bool ").code, "b1");
  assert.equal(parseDtype("=u2").byteorder, "native");
  for (const bad of ["<U5", "<c8", "|S3", "|O", "<M8[ns]", "complex128", "|V4"]) {
    assert.throws(
      () => parseDtype(bad),
      (e) => e instanceof NdarrayError && e.message.startsWith(`unsupported dtype "${bad}"`),
      bad,
    );
  }
  for (const bad of ["float33", "", "<f3", "|f4", "x"]) {
    assert.throws(() => parseDtype(bad), NdarrayError, bad);
  }
});

test("shape spellings", () => {
  assert.deepEqual(parseShape("2,4"), [2, 4]);
  assert.deepEqual(parseShape("(2, 4)"), [2, 4]);
  assert.deepEqual(parseShape("[3]"), [3]);
  assert.deepEqual(parseShape("(3,)"), [3]);
  assert.deepEqual(parseShape(""), []);
  assert.deepEqual(parseShape("()"), []);
  for (const bad of ["-1,4", "a", "2,,4", "1.5", ","]) {
    assert.throws(() => parseShape(bad), /invalid shape/, bad);
  }
});

test("typed arrays name their dtype in the platform's order", () => {
  const p = PLATFORM_BYTEORDER === "little" ? "<" : ">";
  assert.equal(dtypeOf(new Float32Array(1)), `${p}f4`);
  assert.equal(dtypeOf(new Float64Array(1)), `${p}f8`);
  assert.equal(dtypeOf(new BigInt64Array(1)), `${p}i8`);
  assert.equal(dtypeOf(new BigUint64Array(1)), `${p}u8`);
  assert.equal(dtypeOf(new Uint16Array(1)), `${p}u2`);
  assert.equal(dtypeOf(new Int8Array(1)), "|i1");
  assert.equal(dtypeOf(new Uint8Array(1)), "|u1");
  assert.equal(dtypeOf(new Uint8ClampedArray(1)), "|u1");
  assert.throws(() => dtypeOf([1, 2]), /expected a typed array .* got Array/);
  assert.throws(() => dtypeOf(new DataView(new ArrayBuffer(4))), /got DataView/);
});

test("a request carries the bytes and the headers that describe them", () => {
  const x = new Float32Array([5.1, 3.5, 1.4, 0.2, 6.4, 3.2, 4.5, 1.5]);
  const { body, headers } = toRequest(x, [2, 4]);
  assert.equal(headers["Content-Type"], "application/octet-stream");
  assert.equal(headers["X-Numpy-Dtype"], PLATFORM_BYTEORDER === "little" ? "<f4" : ">f4");
  assert.equal(headers["X-Numpy-Shape"], "2,4");
  assert.equal(headers["X-Numpy-Byteorder"], PLATFORM_BYTEORDER);
  assert.deepEqual(body, new Uint8Array(x.buffer));
  // A subarray sends only its own bytes.
  assert.equal(toRequest(x.subarray(4), [4]).body.byteLength, 16);
  assert.equal(toRequest(x).headers["X-Numpy-Shape"], "8");
  const flags = toRequest(new Uint8Array([1, 0]), [2], { dtype: "bool" });
  assert.equal(flags.headers["X-Numpy-Dtype"], "|b1");
  assert.equal(flags.headers["X-Numpy-Byteorder"], undefined);
  assert.equal(toRequest(new Uint16Array([0x3c00]), [1], { dtype: "float16" }).headers["X-Numpy-Dtype"].slice(1), "f2");
  assert.equal(toRequest(new Float32Array(1), []).headers["X-Numpy-Shape"], "");
});

test("a request refuses a shape or dtype that does not fit", () => {
  const x = new Float32Array(6);
  assert.throws(() => toRequest(x, [4, 2]), /shape \(4, 2\) holds 8 elements but the array has 6/);
  assert.throws(() => toRequest(x, [-1, 2]), /invalid shape/);
  assert.throws(() => toRequest(x, [6], { dtype: "float64" }), /8-byte items but Float32Array has 4-byte/);
  assert.throws(() => toRequest(x, [6], { dtype: "<U1" }), /unsupported dtype/);
  assert.throws(() => toRequest([1, 2, 3], [3]), /expected a typed array/);
});

/** A fetch that records the request and answers `reply(request)`. */
function mockFetch(reply) {
  const calls = [];
  const fetch = async (url, init = {}) => {
    const req = new Request(new URL(url, "http://test.invalid"), init);
    calls.push(req);
    return reply(req);
  };
  return { fetch, calls };
}

function octet(bytes, headers) {
  return new Response(bytes, {
    headers: { "Content-Type": "application/octet-stream", ...headers },
  });
}

test("postArray sends the binary transport and reads the answer", async () => {
  const { fetch, calls } = mockFetch(async () =>
    octet(wire("setBigInt64", 8, [0n, 1n, 2n], "big"), {
      "X-Numpy-Dtype": ">i8",
      "X-Numpy-Shape": "3",
      "X-Numpy-Byteorder": "big",
    }),
  );
  const x = new Float32Array(12).fill(1);
  const y = await postArray("/classify", x, [3, 4], { fetch, headers: { "X-Extra": "1" } });
  assert.deepEqual(y, { dtype: "int64", shape: [3], data: new BigInt64Array([0n, 1n, 2n]), byteorder: "big" });
  const req = calls[0];
  assert.equal(req.method, "POST");
  assert.equal(new URL(req.url).pathname, "/classify");
  assert.equal(req.headers.get("accept"), "application/octet-stream");
  assert.equal(req.headers.get("content-type"), "application/octet-stream");
  assert.equal(req.headers.get("x-numpy-shape"), "3,4");
  assert.equal(req.headers.get("x-extra"), "1");
  assert.deepEqual(new Uint8Array(await req.arrayBuffer()), new Uint8Array(x.buffer));
});

test("an echo round trip keeps values, dtype and shape", async () => {
  const { fetch } = mockFetch(async (req) =>
    octet(await req.arrayBuffer(), {
      "X-Numpy-Dtype": req.headers.get("x-numpy-dtype"),
      "X-Numpy-Shape": req.headers.get("x-numpy-shape"),
    }),
  );
  const x = new Float64Array([1, 2, 3, 4, 5, 6]);
  const y = await postArray("http://h/echo", x, [3, 2], { fetch });
  assert.equal(y.dtype, "float64");
  assert.deepEqual(y.shape, [3, 2]);
  assert.deepEqual(y.data, x);
});

test("error answers become NdarrayError with the server's message", async () => {
  const message = "BentoService error handling API request: NumpyNdarray: Expecting ndarray of shape \"(-1, 4)\", but \"(1, 3)\" was received.";
  const { fetch } = mockFetch(
    async () =>
      new Response(JSON.stringify(message), {
        status: 400,
        headers: { "Content-Type": "application/json" },
      }),
  );
  await assert.rejects(postArray("/classify", new Float32Array(3), [1, 3], { fetch }), (e) => {
    assert.ok(e instanceof NdarrayError);
    assert.equal(e.status, 400);
    assert.equal(e.message, `HTTP 400: ${message}`);
    assert.equal(e.body, JSON.stringify(message));
    return true;
  });
});

test("responses that break the contract are refused clearly", async () => {
  const json = new Response("[0]", { headers: { "Content-Type": "application/json" } });
  await assert.rejects(readResponse(json), /expected an application\/octet-stream response, got application\/json/);
  const hidden = octet(new Uint8Array(4), { "X-Numpy-Shape": "1" });
  await assert.rejects(readResponse(hidden), /no X-Numpy-Dtype header .*Access-Control-Expose-Headers/);
  const short = octet(new Uint8Array(6), { "X-Numpy-Dtype": "<f4", "X-Numpy-Shape": "2" });
  await assert.rejects(readResponse(short), /body has 6 bytes but shape \(2,\) of float32 needs 8/);
  const strings = octet(new Uint8Array(20), { "X-Numpy-Dtype": "<U5", "X-Numpy-Shape": "1" });
  await assert.rejects(readResponse(strings), /unsupported dtype "<U5"/);
});

test("getArray asks for the binary transport", async () => {
  const { fetch, calls } = mockFetch(async () =>
    octet(wire("setFloat32", 4, [0.5, -0.5], "big"), { "X-Numpy-Dtype": ">f4", "X-Numpy-Shape": "2" }),
  );
  const y = await getArray("/demo/array?order=big", { fetch });
  assert.equal(calls[0].method, "GET");
  assert.equal(calls[0].headers.get("accept"), "application/octet-stream");
  assert.deepEqual(Array.from(y.data), [0.5, -0.5]);
  assert.equal(y.byteorder, "big");
});
