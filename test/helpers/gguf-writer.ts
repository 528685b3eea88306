/**
 * Minimal GGUF writer for tests: a header (metadata of every value type, tensor table)
 * without weight data. `virtualSource` serves the header and pretends the data section
 * exists (zeros), so files of multi-GB models cost only their header in memory.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import type { ByteSource } from "../../src/core/models/import/gguf-reader.js";
import { ggmlTypeInfo } from "../../src/core/quant/formats.js";

/** GGUF value type ids. */
export const T = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
} as const;
export type ScalarTypeName = Exclude<keyof typeof T, "array">;

export type WValue =
  | { t: ScalarTypeName; v: number | bigint | boolean | string }
  | { t: "array"; of: ScalarTypeName; v: readonly (number | bigint | boolean | string)[] };

export const u32 = (v: number): WValue => ({ t: "uint32", v });
export const str = (v: string): WValue => ({ t: "string", v });
export const f32 = (v: number): WValue => ({ t: "float32", v });

const enc = new TextEncoder();

/** Little-endian byte builder. */
export class ByteWriter {
  private chunks: Uint8Array[] = [];
  length = 0;

  raw(b: Uint8Array): this {
    this.chunks.push(b);
    this.length += b.length;
    return this;
  }
  private fixed(n: number, f: (v: DataView) => void): this {
    const b = new Uint8Array(n);
    f(new DataView(b.buffer));
    return this.raw(b);
  }
  u8 = (x: number) => this.fixed(1, (v) => v.setUint8(0, x));
  i8 = (x: number) => this.fixed(1, (v) => v.setInt8(0, x));
  u16 = (x: number) => this.fixed(2, (v) => v.setUint16(0, x, true));
  i16 = (x: number) => this.fixed(2, (v) => v.setInt16(0, x, true));
  u32 = (x: number) => this.fixed(4, (v) => v.setUint32(0, x, true));
  i32 = (x: number) => this.fixed(4, (v) => v.setInt32(0, x, true));
  f32 = (x: number) => this.fixed(4, (v) => v.setFloat32(0, x, true));
  f64 = (x: number) => this.fixed(8, (v) => v.setFloat64(0, x, true));
  u64 = (x: number | bigint) => this.fixed(8, (v) => v.setBigUint64(0, BigInt(x), true));
  i64 = (x: number | bigint) => this.fixed(8, (v) => v.setBigInt64(0, BigInt(x), true));
  str = (s: string) => {
    const b = enc.encode(s);
    return this.u64(b.length).raw(b);
  };

  scalar(t: ScalarTypeName, v: number | bigint | boolean | string): this {
    switch (t) {
      case "uint8":
        return this.u8(Number(v));
      case "int8":
        return this.i8(Number(v));
      case "uint16":
        return this.u16(Number(v));
      case "int16":
        return this.i16(Number(v));
      case "uint32":
        return this.u32(Number(v));
      case "int32":
        return this.i32(Number(v));
      case "float32":
        return this.f32(Number(v));
      case "float64":
        return this.f64(Number(v));
      case "bool":
        return this.u8(v ? 1 : 0);
      case "uint64":
        return this.u64(typeof v === "bigint" ? v : Number(v));
      case "int64":
        return this.i64(typeof v === "bigint" ? v : Number(v));
      case "string":
        return this.str(String(v));
    }
  }

  /** A metadata key/value pair. */
  kv(key: string, value: WValue): this {
    this.str(key).u32(T[value.t]);
    if (value.t === "array") {
      this.u32(T[value.of]).u64(value.v.length);
      for (const x of value.v) this.scalar(value.of, x);
      return this;
    }
    return this.scalar(value.t, value.v);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

export interface WTensor {
  name: string;
  /** ggml order: dims[0] innermost. */
  dims: readonly number[];
  /** ggml type id (0 F32, 1 F16, 8 Q8_0, 12 Q4_K, 14 Q6_K, …). */
  type: number;
}

export interface GgufFile {
  /** Header bytes, padded to the alignment (= dataOffset bytes). */
  header: Uint8Array;
  dataOffset: number;
  /** Size of the whole file, data included. */
  fileSize: number;
  /** Data-relative offset of each tensor. */
  offsets: number[];
}

export function tensorBytes(t: WTensor): number {
  const info = ggmlTypeInfo(t.type);
  if (!info) throw new Error(`test writer: unknown ggml type ${t.type}`);
  return (t.dims.reduce((a, b) => a * b, 1) / info.blockSize) * info.typeSize;
}

export function writeGguf(opts: {
  metadata: readonly (readonly [string, WValue])[];
  tensors: readonly WTensor[];
  version?: number;
  alignment?: number;
}): GgufFile {
  const align = opts.alignment ?? 32;
  const w = new ByteWriter();
  w.raw(enc.encode("GGUF"))
    .u32(opts.version ?? 3)
    .u64(opts.tensors.length)
    .u64(opts.metadata.length);
  for (const [k, v] of opts.metadata) w.kv(k, v);
  const offsets: number[] = [];
  let off = 0;
  for (const t of opts.tensors) {
    w.str(t.name).u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(t.type).u64(off);
    offsets.push(off);
    off += Math.ceil(tensorBytes(t) / align) * align;
  }
  const dataOffset = Math.ceil(w.length / align) * align;
  w.raw(new Uint8Array(dataOffset - w.length));
  return { header: w.finish(), dataOffset, fileSize: dataOffset + off, offsets };
}

/** A ByteSource over `bytes`, reporting `size` (≥ bytes.length); bytes past the buffer read as zeros. */
export function virtualSource(
  bytes: Uint8Array,
  size = bytes.length,
): ByteSource & { reads: number; bytesRead: number } {
  const src = {
    size,
    reads: 0,
    bytesRead: 0,
    async read(offset: number, length: number): Promise<Uint8Array> {
      if (offset < 0 || length < 0 || offset + length > size)
        throw new RangeError(`read(${offset}, ${length}) past ${size}`);
      src.reads++;
      src.bytesRead += length;
      const out = new Uint8Array(length);
      if (offset < bytes.length) out.set(bytes.subarray(offset, Math.min(bytes.length, offset + length)));
      return out;
    },
  };
  return src;
}

export function sourceOf(f: GgufFile): ReturnType<typeof virtualSource> {
  return virtualSource(f.header, f.fileSize);
}

/**
 * Writes a GGUF with tensor data to `path`: the header from `writeGguf`, then each tensor's
 * bytes at its offset. Data is deterministic and finite, so a real engine can run it: F32
 * tensors (norms) hold 1.0, F16 small values, Q8_0 / Q4_0 / Q4_K / Q6_K blocks a small fp16
 * scale and pseudo-random quants, MXFP4 blocks a small E8M0 scale and random E2M1 values; other types
 * are zero-filled.
 */
export function writeGgufFile(path: string, opts: Parameters<typeof writeGguf>[0]): GgufFile {
  const f = writeGguf(opts);
  const fd = openSync(path, "w");
  try {
    writeSync(fd, f.header);
    let at = f.dataOffset;
    let seed = 0x9e3779b9;
    opts.tensors.forEach((t, i) => {
      const start = f.dataOffset + (f.offsets[i] ?? 0);
      if (start > at) writeSync(fd, new Uint8Array(start - at), 0, start - at, at);
      const data = tensorData(t, seed++);
      writeSync(fd, data, 0, data.length, start);
      at = start + data.length;
    });
    if (f.fileSize > at) writeSync(fd, new Uint8Array(f.fileSize - at), 0, f.fileSize - at, at);
  } finally {
    closeSync(fd);
  }
  return f;
}

const F16_SCALE = 0x2000; // fp16 ≈ 0.0078

function tensorData(t: WTensor, seed: number): Uint8Array {
  const out = new Uint8Array(tensorBytes(t));
  const v = new DataView(out.buffer);
  let x = seed >>> 0 || 1;
  const next = () => {
    // xorshift32
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const block = (size: number) => {
    for (let b = 0; b < out.length; b += size) {
      v.setUint16(b, F16_SCALE, true);
      for (let j = b + 2; j < b + size; j++) out[j] = next() & 0xff;
    }
  };
  switch (t.type) {
    case 0: // F32
      for (let j = 0; j < out.length; j += 4) v.setFloat32(j, 1, true);
      break;
    case 1: // F16: sign and mantissa random, exponent 2^-8 … 2^-5
      for (let j = 0; j < out.length; j += 2)
        v.setUint16(j, (next() & 0x83ff) | ((7 + (next() & 3)) << 10), true);
      break;
    case 8: // Q8_0: fp16 scale + 32 × int8
      block(34);
      break;
    case 2: // Q4_0: fp16 scale + 32 × 4 bit
      block(18);
      break;
    case 12: // Q4_K: fp16 d, fp16 dmin (0), 12 bytes of 6-bit scales/mins, 128 bytes of 4-bit quants
      block(144);
      for (let b = 0; b < out.length; b += 144) v.setUint16(b + 2, 0, true);
      break;
    case 14: // Q6_K: 128 + 64 bytes of quants, 16 int8 scales, fp16 d last
      for (let b = 0; b < out.length; b += 210) {
        for (let j = b; j < b + 208; j++) out[j] = next() & 0xff;
        v.setUint16(b + 208, F16_SCALE, true);
      }
      break;
    case 39: // MXFP4: E8M0 scale (2^-7) + 32 × 4-bit E2M1
      for (let b = 0; b < out.length; b += 17) {
        out[b] = 120;
        for (let j = b + 1; j < b + 17; j++) out[j] = next() & 0xff;
      }
      break;
  }
  return out;
}
