// Types for ndarray.js: numpy arrays over HTTP (the application/octet-stream transport).

/** The numpy dtypes the client reads, by numpy name. */
export type DTypeName =
  | "bool"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64"
  | "float16"
  | "float32"
  | "float64";

/** The typed arrays an array's data comes as. */
export type NdData =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/** The typed arrays a request can send. */
export type TypedArray = NdData | Uint8ClampedArray;

/** The typed array each dtype is read as (float16 is converted to float32, bool is 0/1). */
export interface DataOf {
  bool: Uint8Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  int64: BigInt64Array;
  uint8: Uint8Array;
  uint16: Uint16Array;
  uint32: Uint32Array;
  uint64: BigUint64Array;
  float16: Float32Array;
  float32: Float32Array;
  float64: Float64Array;
}

/** An array read from the wire, in the platform's byte order. */
export type NdArray = {
  [D in DTypeName]: {
    /** The numpy dtype name. */
    dtype: D;
    /** The dimensions (`[]` for a 0-d array). */
    shape: number[];
    /** The elements in C order; length is the product of `shape`. */
    data: DataOf[D];
    /** The byte order the bytes had on the wire (`"|"` for one-byte dtypes). */
    byteorder: "little" | "big" | "|";
  };
}[DTypeName];

/** This platform's byte order: the order typed arrays use. */
export const PLATFORM_BYTEORDER: "little" | "big";

/** `"application/octet-stream"`. */
export const OCTET_STREAM: "application/octet-stream";

/** An HTTP error answer, a response that breaks the contract, or an unsupported dtype. */
export class NdarrayError extends Error {
  constructor(message: string, details?: { status?: number; body?: string });
  name: "NdarrayError";
  /** The HTTP status, when the error is an HTTP answer. */
  status: number | undefined;
  /** The response body as text, when there was one. */
  body: string | undefined;
}

/** A parsed dtype spelling (`<f4`, `>i8`, `|b1`, `float32`). */
export interface ParsedDType {
  name: DTypeName;
  /** numpy kind character and item size, e.g. `"f4"`. */
  code: string;
  itemsize: number;
  /** `null` when the spelling names no order (a name, or `|`). */
  byteorder: "little" | "big" | "native" | null;
}

/** Parse a numpy dtype spelling; throws NdarrayError for unsupported or unknown dtypes. */
export function parseDtype(spelling: string): ParsedDType;

/** Parse an `X-Numpy-Shape` value (`2,4`, `(2, 4)`, `[2,4]`, empty for 0-d). */
export function parseShape(text: string): number[];

/** The numpy dtype of a typed array with this platform's byte order, e.g. `"<f4"`. */
export function dtypeOf(data: ArrayBufferView): string;

/** float16 bits to a number. */
export function halfToFloat(bits: number): number;

/** numpy `frombuffer(bytes, dtype).reshape(shape)`, in the platform's byte order. */
export function fromBytes(
  bytes: ArrayBuffer | ArrayBufferView,
  meta: { dtype: string; shape: number[] | string; byteorder?: string | null },
): NdArray;

/** Options of a request. */
export interface RequestOptions {
  /** Extra request headers. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

/** Options of a POST: `dtype` reinterprets the elements (`bool`, `float16` bits in a Uint16Array). */
export interface PostOptions extends RequestOptions {
  dtype?: string;
}

/** The body and headers that describe a typed array. */
export function toRequest(
  data: TypedArray,
  shape?: readonly number[],
  options?: { dtype?: string },
): { body: Uint8Array; headers: Record<string, string> };

/** Read an array from a fetch Response; throws NdarrayError on an error status or a bad body. */
export function readResponse(response: Response): Promise<NdArray>;

/** POST a typed array (with its shape) and read the array the server answers. */
export function postArray(
  url: string | URL,
  data: TypedArray,
  shape?: readonly number[],
  options?: PostOptions,
): Promise<NdArray>;

/** GET an array in the binary transport. */
export function getArray(url: string | URL, options?: RequestOptions): Promise<NdArray>;
