/**
 * GGUF header reader: metadata and tensor table, never the weights.
 *
 * Why not @huggingface/gguf (evaluated at 0.4.6): its entry point takes a URI and reads it
 * itself (fetch, or node:fs with allowLocalFile), so it cannot run on an arbitrary byte-range
 * reader in a pure core; it materializes every metadata array up to 1M entries (tokenizer
 * tokens and merges decoded into JS strings) inside a header buffer capped at 50 MB; its
 * errors are plain `Error`s that name no field; and it pulls in @huggingface/tasks. Its
 * hardening (count caps, dim caps) is welcome but not the bounds we need, so we read the
 * format ourselves (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md).
 *
 * Safety on hostile input: every count and length is checked against a hard limit AND
 * against the bytes left in the file before anything is allocated or looped over, so a
 * loop never runs longer than the header is; large arrays are skipped, never materialized;
 * all reads go through one buffered cursor (1 MiB chunks) that refuses to pass the end of
 * the file or `maxHeaderBytes`. Every violation is an `InputError` naming the field.
 */
import { InputError } from "../../errors.js";
import { ggmlTypeInfo } from "../../quant/formats.js";
import { MODEL_LIMITS } from "../limits.js";

// TextDecoder exists in every runtime we target but is not in lib ES2023.
declare const TextDecoder: new (
  label?: string,
  options?: { fatal?: boolean },
) => { decode(input: Uint8Array): string };

/** Random access to the bytes of a file (or a URL with range requests, or a test buffer). */
export interface ByteSource {
  readonly size: number;
  /** Exactly `length` bytes at `offset` (callers never ask past `size`). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface GgufLimits {
  /** Tensors in the tensor table. */
  readonly maxTensors: number;
  /** Metadata key/value pairs. */
  readonly maxMetadataKv: number;
  /** Bytes of one string (key, value, array element or tensor name). */
  readonly maxStringBytes: number;
  /** Elements of one metadata array (arrays are skipped, never allocated, when large). */
  readonly maxArrayLength: number;
  /** Elements of one array of strings: the longest real ones are tokenizer vocabularies. */
  readonly maxStringArrayLength: number;
  /** Arrays up to this length are returned with their values; longer ones as a summary. */
  readonly maxMaterializedArray: number;
  /** Dimensions of one tensor. */
  readonly maxDims: number;
  /** Bytes the header (everything before the tensor data) may occupy. */
  readonly maxHeaderBytes: number;
  /** Size of each buffered read. */
  readonly chunkBytes: number;
}

export const DEFAULT_GGUF_LIMITS: GgufLimits = {
  maxTensors: 100_000,
  maxMetadataKv: 100_000,
  maxStringBytes: 1 << 20,
  maxArrayLength: 100_000_000,
  // The vocabulary limit (models/limits.ts): real files have up to 262,144 tokens (Gemma 3).
  maxStringArrayLength: MODEL_LIMITS.vocab.max,
  maxMaterializedArray: 1024,
  maxDims: 4,
  maxHeaderBytes: 256 << 20,
  chunkBytes: 1 << 20,
};

export const GGUF_VALUE_TYPES = [
  "uint8",
  "int8",
  "uint16",
  "int16",
  "uint32",
  "int32",
  "float32",
  "bool",
  "string",
  "array",
  "uint64",
  "int64",
  "float64",
] as const;
export type GgufValueType = (typeof GGUF_VALUE_TYPES)[number];

/** uint64/int64 become numbers when they are safe integers, bigints otherwise. */
export type GgufScalar = number | bigint | boolean | string;

export interface GgufArray {
  readonly type: "array";
  readonly elementType: Exclude<GgufValueType, "array">;
  readonly length: number;
  /** Present only for arrays up to `maxMaterializedArray` elements. */
  readonly values?: readonly GgufScalar[];
}

export type GgufValue = GgufScalar | GgufArray;

export interface GgufTensorInfo {
  readonly name: string;
  /** ggml order: dims[0] is the innermost (contiguous) dimension. */
  readonly dims: readonly number[];
  readonly ggmlType: number;
  /** Offset of the tensor data relative to `dataOffset`. */
  readonly offset: number;
}

export interface GgufHeader {
  readonly version: number;
  /** Null-prototype record (keys such as "__proto__" are plain keys). */
  readonly metadata: Readonly<Record<string, GgufValue>>;
  readonly tensors: readonly GgufTensorInfo[];
  /** Absolute offset of the tensor data section (aligned to general.alignment). */
  readonly dataOffset: number;
  readonly alignment: number;
}

const MAGIC = [0x47, 0x47, 0x55, 0x46]; // "GGUF"
const DEFAULT_ALIGNMENT = 32;
const TWO_53 = 2n ** 53n;

/** Bytes of one element of each fixed-size value type (string and array vary). */
const FIXED_SIZE: Readonly<Partial<Record<GgufValueType, number>>> = {
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
  float32: 4,
  bool: 1,
  uint64: 8,
  int64: 8,
  float64: 8,
};

/** Buffered forward cursor over a ByteSource, bounded by the file size and the header limit. */
class Cursor {
  pos = 0;
  private buf: Uint8Array = new Uint8Array(0);
  private view: DataView = new DataView(new ArrayBuffer(0));
  private bufStart = 0;
  private readonly end: number;

  constructor(
    private readonly src: ByteSource,
    private readonly limits: GgufLimits,
  ) {
    this.end = src.size;
  }

  /** Bytes that may still be consumed (file end or header limit, whichever is nearer). */
  remaining(): number {
    return Math.max(0, Math.min(this.end, this.limits.maxHeaderBytes) - this.pos);
  }

  /** Which bound `remaining()` stops at, for messages. */
  bound(): string {
    return this.limits.maxHeaderBytes < this.end
      ? `within the ${this.limits.maxHeaderBytes}-byte header limit`
      : `before the end of the file (truncated GGUF?)`;
  }

  private check(n: number, field: string, what: string): void {
    if (this.pos + n > this.end) {
      throw new InputError(
        field,
        this.end,
        `file ends at byte ${this.end} while reading ${what} (needs ${n} bytes at byte ${this.pos}); truncated GGUF`,
      );
    }
    if (this.pos + n > this.limits.maxHeaderBytes) {
      throw new InputError(
        field,
        this.pos + n,
        `GGUF header exceeds ${this.limits.maxHeaderBytes} bytes while reading ${what}`,
      );
    }
  }

  /** Make `n` bytes at `pos` available in the buffer; returns their offset in it. */
  private async ensure(n: number, field: string, what: string): Promise<number> {
    this.check(n, field, what);
    const rel = this.pos - this.bufStart;
    if (rel >= 0 && rel + n <= this.buf.length) return rel;
    const len = Math.min(Math.max(n, this.limits.chunkBytes), this.end - this.pos);
    const data = await this.src.read(this.pos, len);
    if (data.length < n) {
      throw new InputError(
        field,
        this.pos + data.length,
        `short read at byte ${this.pos} while reading ${what}; truncated GGUF`,
      );
    }
    this.buf = data;
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.bufStart = this.pos;
    return 0;
  }

  /**
   * Skip `n` length-prefixed strings: lengths are read from the buffer without an await per
   * string (one per chunk), so a vocabulary of millions of strings is skipped in bounded time.
   */
  async skipStrings(n: number, maxBytes: number, field: string): Promise<void> {
    let left = n;
    while (left > 0) {
      await this.ensure(8, field, "the length of an array element");
      let rel = this.pos - this.bufStart;
      while (left > 0 && rel + 8 <= this.buf.length) {
        const len = this.view.getBigUint64(rel, true);
        if (len > BigInt(maxBytes))
          throw new InputError(field, len, `an array element is ${len} bytes long; the limit is ${maxBytes}`);
        this.skip(8 + Number(len), field, "an array element");
        left--;
        rel = this.pos - this.bufStart;
      }
    }
  }

  skip(n: number, field: string, what: string): void {
    this.check(n, field, what);
    this.pos += n;
  }

  async u8(field: string, what: string): Promise<number> {
    const at = await this.ensure(1, field, what);
    this.pos += 1;
    return this.view.getUint8(at);
  }
  async u32(field: string, what: string): Promise<number> {
    const at = await this.ensure(4, field, what);
    this.pos += 4;
    return this.view.getUint32(at, true);
  }
  async u64(field: string, what: string): Promise<bigint> {
    const at = await this.ensure(8, field, what);
    this.pos += 8;
    return this.view.getBigUint64(at, true);
  }
  async bytes(n: number, field: string, what: string): Promise<Uint8Array> {
    const at = await this.ensure(n, field, what);
    this.pos += n;
    return this.buf.subarray(at, at + n);
  }

  /** A scalar of a fixed-size type. */
  async scalar(t: GgufValueType, field: string): Promise<GgufScalar> {
    const size = FIXED_SIZE[t] ?? 0;
    const at = await this.ensure(size, field, `a ${t} value`);
    this.pos += size;
    const v = this.view;
    switch (t) {
      case "uint8":
        return v.getUint8(at);
      case "int8":
        return v.getInt8(at);
      case "uint16":
        return v.getUint16(at, true);
      case "int16":
        return v.getInt16(at, true);
      case "uint32":
        return v.getUint32(at, true);
      case "int32":
        return v.getInt32(at, true);
      case "float32":
        return v.getFloat32(at, true);
      case "bool": {
        const b = v.getUint8(at);
        if (b > 1) throw new InputError(field, b, "bool must be 0 or 1");
        return b === 1;
      }
      case "uint64":
        return safe(v.getBigUint64(at, true));
      case "int64":
        return safe(v.getBigInt64(at, true));
      case "float64":
        return v.getFloat64(at, true);
      default:
        throw new InputError(field, t, "not a fixed-size type");
    }
  }
}

function safe(x: bigint): number | bigint {
  return x <= BigInt(Number.MAX_SAFE_INTEGER) && x >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Reads a string length and checks it against the limit and the bytes left. */
async function stringLength(c: Cursor, limits: GgufLimits, field: string, what: string): Promise<number> {
  const len = await c.u64(field, `the length of ${what}`);
  if (len > BigInt(limits.maxStringBytes)) {
    throw new InputError(field, len, `${what} is ${len} bytes long; the limit is ${limits.maxStringBytes}`);
  }
  const n = Number(len);
  if (n > c.remaining()) {
    throw new InputError(
      field,
      len,
      `${what} is ${n} bytes long but only ${c.remaining()} bytes remain ${c.bound()}`,
    );
  }
  return n;
}

async function readString(c: Cursor, limits: GgufLimits, field: string, what: string): Promise<string> {
  const n = await stringLength(c, limits, field, what);
  const raw = await c.bytes(n, field, what);
  try {
    return decoder.decode(raw);
  } catch {
    throw new InputError(field, `<${n} bytes>`, `${what} is not valid UTF-8`);
  }
}

async function valueType(c: Cursor, field: string, what: string): Promise<GgufValueType> {
  const id = await c.u32(field, what);
  const t = GGUF_VALUE_TYPES[id];
  if (t === undefined) {
    throw new InputError(
      field,
      id,
      `unknown GGUF value type ${id} (known: 0-${GGUF_VALUE_TYPES.length - 1})`,
    );
  }
  return t;
}

async function readValue(c: Cursor, limits: GgufLimits, t: GgufValueType, field: string): Promise<GgufValue> {
  if (t === "string") return readString(c, limits, field, "a string value");
  if (t !== "array") return c.scalar(t, field);

  const elementType = await valueType(c, field, "the array element type");
  if (elementType === "array")
    throw new InputError(field, "array of array", "nested arrays are not supported");
  const len = await c.u64(field, "the array length");
  if (len > BigInt(limits.maxArrayLength)) {
    throw new InputError(field, len, `array of ${len} elements; the limit is ${limits.maxArrayLength}`);
  }
  const n = Number(len);
  // Every element takes at least its fixed size (8 bytes of length for a string):
  // reject lengths the rest of the file cannot hold before looping over them.
  const minElement = FIXED_SIZE[elementType] ?? 8;
  if (n * minElement > c.remaining()) {
    throw new InputError(
      field,
      len,
      `array of ${n} ${elementType} elements needs at least ${n * minElement} bytes but only ${c.remaining()} remain ${c.bound()}`,
    );
  }
  if (elementType === "string" && n > limits.maxStringArrayLength) {
    throw new InputError(
      field,
      len,
      `array of ${n} strings; the limit is ${limits.maxStringArrayLength} (the longest real ones are tokenizer vocabularies)`,
    );
  }
  const keep = n <= limits.maxMaterializedArray;
  if (!keep && elementType !== "string") {
    c.skip(n * minElement, field, "array elements");
    return { type: "array", elementType, length: n };
  }
  if (!keep) {
    await c.skipStrings(n, limits.maxStringBytes, field);
    return { type: "array", elementType, length: n };
  }
  const values: GgufScalar[] = [];
  for (let i = 0; i < n; i++) {
    if (elementType === "string") {
      values.push(await readString(c, limits, field, `array element ${i}`));
    } else {
      values.push(await c.scalar(elementType, field));
    }
  }
  return { type: "array", elementType, length: n, values };
}

function keyField(key: string): string {
  return `gguf.metadata[${JSON.stringify(key.length > 200 ? `${key.slice(0, 200)}…` : key)}]`;
}

/** Count field (tensor_count, metadata_kv_count): limit, then at least `minBytes` each. */
function checkCount(
  c: Cursor,
  count: bigint,
  max: number,
  minBytes: number,
  field: string,
  what: string,
): number {
  if (count > BigInt(max)) throw new InputError(field, count, `${count} ${what}; the limit is ${max}`);
  const n = Number(count);
  if (n * minBytes > c.remaining()) {
    throw new InputError(
      field,
      count,
      `${n} ${what} need at least ${n * minBytes} bytes but only ${c.remaining()} remain ${c.bound()}`,
    );
  }
  return n;
}

export async function readGgufHeader(src: ByteSource, limits?: Partial<GgufLimits>): Promise<GgufHeader> {
  const lim: GgufLimits = { ...DEFAULT_GGUF_LIMITS, ...limits };
  if (!Number.isSafeInteger(src.size) || src.size < 0)
    throw new InputError("gguf.size", src.size, "invalid file size");
  const c = new Cursor(src, lim);

  const magic = await c.bytes(4, "gguf.magic", "the magic number");
  if (!MAGIC.every((b, i) => magic[i] === b)) {
    const text = String.fromCharCode(...magic);
    throw new InputError(
      "gguf.magic",
      /^[\x20-\x7e]{4}$/.test(text) ? text : [...magic],
      'not a GGUF file (expected magic "GGUF")',
    );
  }
  const version = await c.u32("gguf.version", "the version");
  if (version !== 2 && version !== 3) {
    const swapped =
      ((version & 0xff) << 24) |
      (((version >>> 8) & 0xff) << 16) |
      (((version >>> 16) & 0xff) << 8) |
      (version >>> 24);
    if (version > 0xffff && swapped >= 1 && swapped <= 3) {
      throw new InputError(
        "gguf.version",
        swapped,
        "big-endian GGUF files are not supported; convert to little-endian",
      );
    }
    const detail =
      version === 1
        ? "GGUF v1 (32-bit counts, 2023) is not supported; re-convert the model"
        : "unsupported GGUF version";
    throw new InputError("gguf.version", version, `${detail}; supported versions: 2, 3`);
  }

  const tensorCountRaw = await c.u64("gguf.tensor_count", "the tensor count");
  const kvCountRaw = await c.u64("gguf.metadata_kv_count", "the metadata count");
  // Smallest tensor entry: name length (8) + n_dims (4) + type (4) + offset (8).
  const tensorCount = checkCount(c, tensorCountRaw, lim.maxTensors, 24, "gguf.tensor_count", "tensors");
  // Smallest key/value: key length (8) + value type (4) + 1-byte value.
  const kvCount = checkCount(
    c,
    kvCountRaw,
    lim.maxMetadataKv,
    13,
    "gguf.metadata_kv_count",
    "metadata entries",
  );

  const metadata = Object.create(null) as Record<string, GgufValue>;
  for (let i = 0; i < kvCount; i++) {
    const key = await readString(c, lim, `gguf.metadata[${i}].key`, "a metadata key");
    const field = keyField(key);
    if (Object.hasOwn(metadata, key)) throw new InputError(field, key, "duplicate metadata key");
    const t = await valueType(c, field, "the value type");
    metadata[key] = await readValue(c, lim, t, field);
  }

  let alignment = DEFAULT_ALIGNMENT;
  const al = metadata["general.alignment"];
  if (al !== undefined) {
    if (typeof al !== "number" || !Number.isInteger(al) || al <= 0 || al > 1 << 30 || (al & (al - 1)) !== 0) {
      throw new InputError(keyField("general.alignment"), al, "alignment must be a power of two");
    }
    alignment = al;
  }

  const tensors: GgufTensorInfo[] = [];
  const names = new Set<string>();
  for (let i = 0; i < tensorCount; i++) {
    const base = `gguf.tensors[${i}]`;
    const name = await readString(c, lim, `${base}.name`, "a tensor name");
    if (names.has(name)) throw new InputError(`${base}.name`, name, "duplicate tensor name");
    names.add(name);
    const nDims = await c.u32(`${base}.dims`, "the number of dimensions");
    if (nDims > lim.maxDims) {
      throw new InputError(
        `${base}.dims`,
        nDims,
        `tensor "${name}" has ${nDims} dimensions; the limit is ${lim.maxDims}`,
      );
    }
    const dims: number[] = [];
    let elements = 1n;
    for (let d = 0; d < nDims; d++) {
      const dim = await c.u64(`${base}.dims`, "a dimension");
      if (dim >= TWO_53)
        throw new InputError(`${base}.dims`, dim, `tensor "${name}" dimension ${d} is not below 2^53`);
      dims.push(Number(dim));
      elements *= dim;
    }
    if (elements >= TWO_53) {
      throw new InputError(`${base}.dims`, dims, `tensor "${name}" has ${elements} elements, not below 2^53`);
    }
    const ggmlType = await c.u32(`${base}.type`, "the tensor type");
    const info = ggmlTypeInfo(ggmlType);
    if (!info) throw new InputError(`${base}.type`, ggmlType, `tensor "${name}" has an unknown ggml type id`);
    if ((dims[0] ?? 1) % info.blockSize !== 0) {
      throw new InputError(
        `${base}.dims`,
        dims,
        `tensor "${name}" of type ${info.name}: first dimension is not a multiple of the block size ${info.blockSize}`,
      );
    }
    const offsetRaw = await c.u64(`${base}.offset`, "the tensor offset");
    if (offsetRaw >= TWO_53)
      throw new InputError(`${base}.offset`, offsetRaw, `tensor "${name}" offset is not below 2^53`);
    const offset = Number(offsetRaw);
    if (offset % alignment !== 0) {
      throw new InputError(
        `${base}.offset`,
        offset,
        `tensor "${name}" offset is not a multiple of the alignment ${alignment}`,
      );
    }
    tensors.push({ name, dims, ggmlType, offset });
  }

  const dataOffset = Math.ceil(c.pos / alignment) * alignment;
  for (const [i, t] of tensors.entries()) {
    const info = ggmlTypeInfo(t.ggmlType);
    const elements = t.dims.reduce((a, b) => a * b, 1);
    const bytes = info ? (elements / info.blockSize) * info.typeSize : 0;
    const end = dataOffset + t.offset + bytes;
    if (end > src.size) {
      throw new InputError(
        `gguf.tensors[${i}].offset`,
        t.offset,
        `tensor "${t.name}" (${bytes} bytes at data offset ${t.offset}) ends at byte ${end}, beyond the end of the file (${src.size} bytes)`,
      );
    }
  }
  return { version, metadata, tensors, dataOffset, alignment };
}
