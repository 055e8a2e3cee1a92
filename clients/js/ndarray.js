// ndarray.js: numpy arrays over HTTP for browsers and Node, with no build step.
//
// Speaks the `application/octet-stream` transport of ndarray-descriptor's HTTP services: the
// body is the array's raw element bytes (numpy `tobytes()`), described by the headers
// `X-Numpy-Dtype` (numpy spelling with byte order, e.g. `<f4`), `X-Numpy-Shape` (`2,4`; empty
// for a 0-d array) and `X-Numpy-Byteorder` (`little` / `big`).
//
//   import { postArray } from "/clients/js/ndarray.js";
//   const x = new Float32Array([5.1, 3.5, 1.4, 0.2]);
//   const { dtype, shape, data } = await postArray("/classify", x, [1, 4]);
//   // dtype "int64", shape [1], data BigInt64Array [0n]
//
// Responses become the matching typed array in the platform's byte order (bytes are swapped
// when the server's order differs): int64/uint64 as BigInt64Array/BigUint64Array, float16 as a
// Float32Array (converted), bool as a Uint8Array of 0/1.

/** This platform's byte order, `"little"` or `"big"`: the order typed arrays use. */
export const PLATFORM_BYTEORDER =
  new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? "little" : "big";

/** The media type of the binary transport. */
export const OCTET_STREAM = "application/octet-stream";

/** An HTTP error answer, a response that breaks the contract, or an unsupported dtype. */
export class NdarrayError extends Error {
  /**
   * @param {string} message
   * @param {{status?: number, body?: string}} [details]
   */
  constructor(message, details = {}) {
    super(message);
    this.name = "NdarrayError";
    /** The HTTP status, when the error is an HTTP answer. */
    this.status = details.status;
    /** The response body as text, when there was one. */
    this.body = details.body;
  }
}

// One row per dtype the client reads: numpy kind + itemsize -> name and typed array.
// `view` is the typed array the wire bytes are read as; `out` what the caller gets (they
// differ only for float16, whose 16-bit patterns are converted to float32).
const DTYPES = {
  b1: { name: "bool", view: Uint8Array, out: Uint8Array, get: "getUint8" },
  i1: { name: "int8", view: Int8Array, out: Int8Array, get: "getInt8" },
  u1: { name: "uint8", view: Uint8Array, out: Uint8Array, get: "getUint8" },
  i2: { name: "int16", view: Int16Array, out: Int16Array, get: "getInt16" },
  u2: { name: "uint16", view: Uint16Array, out: Uint16Array, get: "getUint16" },
  i4: { name: "int32", view: Int32Array, out: Int32Array, get: "getInt32" },
  u4: { name: "uint32", view: Uint32Array, out: Uint32Array, get: "getUint32" },
  i8: { name: "int64", view: BigInt64Array, out: BigInt64Array, get: "getBigInt64" },
  u8: { name: "uint64", view: BigUint64Array, out: BigUint64Array, get: "getBigUint64" },
  f2: { name: "float16", view: Uint16Array, out: Float32Array, get: "getUint16" },
  f4: { name: "float32", view: Float32Array, out: Float32Array, get: "getFloat32" },
  f8: { name: "float64", view: Float64Array, out: Float64Array, get: "getFloat64" },
};

// numpy names (and the `?` bool character) -> kind + itemsize.
const NAMES = Object.fromEntries([
  ...Object.entries(DTYPES).map(([code, d]) => [d.name, code]),
  ["bool_", "b1"], ["?", "b1"], ["half", "f2"], ["single", "f4"], ["double", "f8"],
  ["float", "f8"], ["int", "i8"],
]);

const SUPPORTED =
  "bool, int8/16/32/64, uint8/16/32/64 and float16/32/64";

/**
 * Parse a numpy dtype spelling as the server sends it (`<f4`, `>i8`, `|b1`, `|u1`) or a name
 * (`float32`, `bool`).
 *
 * @param {string} spelling
 * @returns {{name: string, code: string, itemsize: number,
 *            byteorder: "little" | "big" | "native" | null}}
 *   `byteorder` is null when the spelling names none (a name, or `|`).
 * @throws {NdarrayError} for a dtype this client cannot read (complex, strings, datetimes,
 *   objects) or a spelling numpy would not accept.
 */
export function parseDtype(spelling) {
  const text = String(spelling).trim();
  const named = NAMES[text.toLowerCase()];
  if (named) {
    return { name: DTYPES[named].name, code: named, itemsize: +named.slice(1), byteorder: null };
  }
  const m = /^([<>|=]?)([a-zA-Z])(\d*)(.*)$/.exec(text);
  if (m) {
    const [, prefix, kind, size, rest] = m;
    const code = kind + size;
    if (!rest && DTYPES[code]) {
      if (prefix === "|" && +size > 1) {
        throw new NdarrayError(`invalid dtype "${text}": "|" is for one-byte dtypes only`);
      }
      const byteorder =
        prefix === "<" ? "little" : prefix === ">" ? "big" : prefix === "=" ? "native" : null;
      return { name: DTYPES[code].name, code, itemsize: +size, byteorder };
    }
    if ("cUSOMmVa".includes(kind)) {
      throw new NdarrayError(
        `unsupported dtype "${text}": this client reads ${SUPPORTED} (numpy kind "${kind}" is not)`,
      );
    }
  }
  throw new NdarrayError(`unknown dtype "${text}": this client reads ${SUPPORTED}`);
}

/**
 * Parse an `X-Numpy-Shape` value: integers separated by commas (`2,4`; `(2, 4)` and `[2,4]`
 * also read); empty or `()` is a 0-d array.
 *
 * @param {string} text
 * @returns {number[]}
 * @throws {NdarrayError} for anything else (negative or non-integer dimensions included).
 */
export function parseShape(text) {
  let t = String(text).trim();
  if ((t.startsWith("(") && t.endsWith(")")) || (t.startsWith("[") && t.endsWith("]"))) {
    t = t.slice(1, -1).trim();
  }
  if (t === "") return [];
  // numpy's one-element tuple `(3,)`; a lone "," is not a shape.
  if (t.endsWith(",")) t = t.slice(0, -1);
  return t.split(",").map((d) => {
    const s = d.trim();
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(+s)) {
      throw new NdarrayError(
        `invalid shape "${text}": expected non-negative integers separated by commas, e.g. 2,4`,
      );
    }
    return +s;
  });
}

/** numpy's tuple spelling of a shape: `(3,)`, `(2, 4)`, `()`. */
function tuple(shape) {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/**
 * The numpy dtype of a typed array, in numpy's spelling with this platform's byte order
 * (`<f4` on a little-endian machine). Uint8ClampedArray is uint8; Float16Array (where the
 * platform has it) is float16.
 *
 * @param {ArrayBufferView} data
 * @returns {string}
 * @throws {NdarrayError} for anything that is not a typed array.
 */
export function dtypeOf(data) {
  const p = PLATFORM_BYTEORDER === "little" ? "<" : ">";
  if (data instanceof Uint8ClampedArray) return "|u1";
  if (typeof Float16Array !== "undefined" && data instanceof globalThis.Float16Array) {
    return `${p}f2`;
  }
  for (const [code, d] of Object.entries(DTYPES)) {
    // float16 and bool are read as other arrays; a Uint16Array / Uint8Array is uint16 / uint8.
    if (code === "f2" || code === "b1") continue;
    if (data instanceof d.view) return code.endsWith("1") ? `|${code}` : `${p}${code}`;
  }
  throw new NdarrayError(
    `expected a typed array (Float32Array, Int32Array, BigInt64Array, ...), got ${describe(data)}`,
  );
}

function describe(value) {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  return value.constructor ? value.constructor.name : "an object";
}

/** float16 bits -> number (IEEE 754 binary16: subnormals, infinities and NaN included). */
export function halfToFloat(bits) {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * View raw element bytes as an array: numpy `frombuffer(bytes, dtype).reshape(shape)`, in the
 * platform's byte order.
 *
 * @param {ArrayBuffer | ArrayBufferView} bytes
 * @param {{dtype: string, shape: number[] | string, byteorder?: string | null}} meta
 *   `byteorder` (`little`, `big`, `<`, `>`) overrides the dtype's own; one of them must say it
 *   for a dtype wider than a byte.
 * @returns {{dtype: string, shape: number[], data: ArrayBufferView, byteorder: string}}
 *   `dtype` is the numpy name (`float32`), `byteorder` the order the bytes had on the wire
 *   (`|` for one-byte dtypes).
 * @throws {NdarrayError} for an unsupported dtype, an unknown byte order, or a byte count that
 *   does not match the shape.
 */
export function fromBytes(bytes, meta) {
  const dt = parseDtype(meta.dtype);
  const shape = Array.isArray(meta.shape) ? meta.shape.slice() : parseShape(meta.shape);
  let order = dt.byteorder;
  if (meta.byteorder != null && meta.byteorder !== "" && meta.byteorder !== "|") {
    const given = { "<": "little", little: "little", ">": "big", big: "big" }[
      String(meta.byteorder).trim().toLowerCase()
    ];
    if (!given) {
      throw new NdarrayError(
        `invalid byte order "${meta.byteorder}": expected little, big, "<" or ">"`,
      );
    }
    if (order === "little" || order === "big") {
      if (order !== given) {
        throw new NdarrayError(
          `dtype "${meta.dtype}" and byte order "${meta.byteorder}" disagree`,
        );
      }
    }
    order = given;
  }
  if (dt.itemsize === 1) {
    order = "|";
  } else if (order !== "little" && order !== "big") {
    // "=" is the *server's* native order, which the client cannot know.
    throw new NdarrayError(
      `dtype "${meta.dtype}" names no byte order and none was given (X-Numpy-Byteorder)`,
    );
  }

  const u8 = bytes instanceof ArrayBuffer
    ? new Uint8Array(bytes)
    : ArrayBuffer.isView(bytes)
      ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      : null;
  if (!u8) {
    throw new NdarrayError(`expected an ArrayBuffer or a typed array, got ${describe(bytes)}`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const need = count * dt.itemsize;
  if (u8.byteLength !== need) {
    throw new NdarrayError(
      `body has ${u8.byteLength} bytes but shape ${tuple(shape)} of ${dt.name} needs ${need} ` +
        `(${count} × ${dt.itemsize})`,
    );
  }

  const d = DTYPES[dt.code];
  let data;
  if (order === "|" || order === PLATFORM_BYTEORDER) {
    // Same order: view the bytes (copied first when the offset is not aligned for the type).
    const aligned = u8.byteOffset % dt.itemsize === 0 ? u8 : u8.slice();
    const view = new d.view(aligned.buffer, aligned.byteOffset, count);
    data = d.view === d.out ? view : Float32Array.from(view, halfToFloat);
  } else {
    // The server's order differs: read each element with DataView in the wire's order.
    const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
    const little = order === "little";
    const get = dv[d.get].bind(dv);
    data = new d.out(count);
    for (let i = 0; i < count; i++) {
      const v = get(i * dt.itemsize, little);
      data[i] = d.view === d.out ? v : halfToFloat(v);
    }
  }
  return { dtype: dt.name, shape, data, byteorder: order };
}

/**
 * The request for an array: the body bytes and the headers that describe them.
 *
 * @param {ArrayBufferView} data a typed array (its own byte order is the platform's)
 * @param {number[]} [shape] default: 1-D, `[data.length]`
 * @param {{dtype?: string}} [options] `dtype` reinterprets the elements (same item size): `bool`
 *   for a Uint8Array of 0/1, `float16` for a Uint16Array of half-precision bit patterns.
 * @returns {{body: Uint8Array, headers: Record<string, string>}}
 * @throws {NdarrayError} when the shape does not fit the data or the dtype does not fit the
 *   typed array.
 */
export function toRequest(data, shape, options = {}) {
  let dtype = dtypeOf(data);
  if (options.dtype != null) {
    const dt = parseDtype(options.dtype);
    if (dt.itemsize !== data.BYTES_PER_ELEMENT) {
      throw new NdarrayError(
        `dtype "${options.dtype}" has ${dt.itemsize}-byte items but ${describe(data)} has ` +
          `${data.BYTES_PER_ELEMENT}-byte items`,
      );
    }
    if (dt.byteorder === "little" || dt.byteorder === "big") {
      if (dt.byteorder !== PLATFORM_BYTEORDER && dt.itemsize > 1) {
        throw new NdarrayError(
          `dtype "${options.dtype}" is ${dt.byteorder}-endian but typed arrays are ` +
            `${PLATFORM_BYTEORDER}-endian here`,
        );
      }
    }
    const p = dt.itemsize === 1 ? "|" : PLATFORM_BYTEORDER === "little" ? "<" : ">";
    dtype = p + dt.code;
  }
  const dims = shape == null ? [data.length] : Array.from(shape);
  if (!dims.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new NdarrayError(`invalid shape [${dims}]: dimensions are non-negative integers`);
  }
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new NdarrayError(
      `shape ${tuple(dims)} holds ${count} elements but the array has ${data.length}`,
    );
  }
  const headers = {
    "Content-Type": OCTET_STREAM,
    "X-Numpy-Dtype": dtype,
    "X-Numpy-Shape": dims.join(","),
  };
  if (!dtype.startsWith("|")) headers["X-Numpy-Byteorder"] = PLATFORM_BYTEORDER;
  return { body: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), headers };
}

/**
 * Read an array from a `fetch` Response in the binary transport.
 *
 * @param {Response} response
 * @returns {Promise<{dtype: string, shape: number[], data: ArrayBufferView, byteorder: string}>}
 * @throws {NdarrayError} for an error status (with the server's message), a response that is
 *   not `application/octet-stream`, missing headers, or bytes that do not match them.
 */
export async function readResponse(response) {
  if (!response.ok) {
    const body = await response.text().catch(() => "");
    let message = body;
    try {
      // BentoML's error bodies are JSON strings.
      const parsed = JSON.parse(body);
      if (typeof parsed === "string") message = parsed;
    } catch {
      // not JSON: keep the text
    }
    throw new NdarrayError(`HTTP ${response.status}: ${message}`, {
      status: response.status,
      body,
    });
  }
  const type = (response.headers.get("content-type") || "").split(";")[0].trim().toLowerCase();
  if (type !== OCTET_STREAM) {
    throw new NdarrayError(
      `expected an ${OCTET_STREAM} response, got ${type || "no Content-Type"} ` +
        `(does the server speak the binary transport?)`,
      { status: response.status },
    );
  }
  const dtype = response.headers.get("x-numpy-dtype");
  const shape = response.headers.get("x-numpy-shape");
  if (dtype === null || shape === null) {
    throw new NdarrayError(
      `the response has no ${dtype === null ? "X-Numpy-Dtype" : "X-Numpy-Shape"} header ` +
        `(cross-origin, the server must list it in Access-Control-Expose-Headers)`,
      { status: response.status },
    );
  }
  const bytes = await response.arrayBuffer();
  return fromBytes(bytes, { dtype, shape, byteorder: response.headers.get("x-numpy-byteorder") });
}

function fetchOf(options) {
  const f = options.fetch || globalThis.fetch;
  if (typeof f !== "function") throw new NdarrayError("no fetch: pass options.fetch");
  return f;
}

/**
 * POST an array in the binary transport and read the array the server answers.
 *
 * @param {string | URL} url
 * @param {ArrayBufferView} data a typed array
 * @param {number[]} [shape] default `[data.length]`
 * @param {{dtype?: string, headers?: Record<string, string>, signal?: AbortSignal,
 *          fetch?: typeof fetch}} [options]
 * @returns {Promise<{dtype: string, shape: number[], data: ArrayBufferView, byteorder: string}>}
 * @throws {NdarrayError} as {@link toRequest} and {@link readResponse}; a network failure
 *   rejects with fetch's own TypeError.
 */
export async function postArray(url, data, shape, options = {}) {
  const req = toRequest(data, shape, options);
  const response = await fetchOf(options)(url, {
    method: "POST",
    headers: { Accept: OCTET_STREAM, ...req.headers, ...(options.headers || {}) },
    body: req.body,
    signal: options.signal,
  });
  return readResponse(response);
}

/**
 * GET an array in the binary transport.
 *
 * @param {string | URL} url
 * @param {{headers?: Record<string, string>, signal?: AbortSignal, fetch?: typeof fetch}} [options]
 * @returns {Promise<{dtype: string, shape: number[], data: ArrayBufferView, byteorder: string}>}
 * @throws {NdarrayError} as {@link readResponse}.
 */
export async function getArray(url, options = {}) {
  const response = await fetchOf(options)(url, {
    headers: { Accept: OCTET_STREAM, ...(options.headers || {}) },
    signal: options.signal,
  });
  return readResponse(response);
}
