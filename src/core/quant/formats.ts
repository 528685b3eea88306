/**
 * Number formats for weights, activations and the KV cache, with exact storage cost.
 *
 * GGUF block formats store `blockSize` values in `typeSize` bytes (quants plus their
 * scales/mins), so bits per weight = 8 · typeSize / blockSize is derived, never typed in.
 * Block layouts follow ggml's `ggml_type_traits` (ggml/src/ggml.c, block_q4_0 … block_iq4_xs).
 */

/** Keys of a device's peak-compute table: the precision an op's arithmetic runs at. */
export const PEAK_KEYS = ["fp32", "fp16", "bf16", "fp8", "fp4", "int8", "int4"] as const;
export type PeakKey = (typeof PEAK_KEYS)[number];

interface ScalarFormat {
  readonly kind: "float" | "int";
  readonly bits: number;
  /** The peak this format computes at when it is the activation format. */
  readonly peak: PeakKey;
}
interface BlockFormat {
  readonly kind: "gguf";
  /** ggml_type enum value. */
  readonly ggmlType: number;
  readonly blockSize: number;
  readonly typeSize: number;
}
export type FormatSpec = ScalarFormat | BlockFormat;

const scalar = (kind: "float" | "int", bits: number, peak: PeakKey): ScalarFormat => ({ kind, bits, peak });
const block = (ggmlType: number, blockSize: number, typeSize: number): BlockFormat => ({
  kind: "gguf",
  ggmlType,
  blockSize,
  typeSize,
});

export const FORMATS = {
  fp32: scalar("float", 32, "fp32"),
  fp16: scalar("float", 16, "fp16"),
  bf16: scalar("float", 16, "bf16"),
  fp8: scalar("float", 8, "fp8"),
  int8: scalar("int", 8, "int8"),
  int4: scalar("int", 4, "int4"),
  // GGUF block formats (ggml_type id, values per block, bytes per block).
  q4_0: block(2, 32, 18), // fp16 scale + 32 × 4-bit
  q4_1: block(3, 32, 20), // fp16 scale, fp16 min + 32 × 4-bit
  q5_0: block(6, 32, 22),
  q5_1: block(7, 32, 24),
  q8_0: block(8, 32, 34), // fp16 scale + 32 × int8
  q8_1: block(9, 32, 36),
  q2_k: block(10, 256, 84),
  q3_k: block(11, 256, 110),
  q4_k: block(12, 256, 144),
  q5_k: block(13, 256, 176),
  q6_k: block(14, 256, 210),
  q8_k: block(15, 256, 292),
  iq2_xxs: block(16, 256, 66),
  iq2_xs: block(17, 256, 74),
  iq3_xxs: block(18, 256, 98),
  iq1_s: block(19, 256, 50),
  iq4_nl: block(20, 32, 18),
  iq3_s: block(21, 256, 110),
  iq2_s: block(22, 256, 82),
  iq4_xs: block(23, 256, 136),
  iq1_m: block(29, 256, 56),
  tq1_0: block(34, 256, 54),
  tq2_0: block(35, 256, 66),
  mxfp4: block(39, 32, 17),
} as const satisfies Record<string, FormatSpec>;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

export function isFormatName(s: string): s is FormatName {
  return Object.hasOwn(FORMATS, s);
}

/** Exact storage bits per value, including block scales. */
export function bitsPerValue(name: FormatName): number {
  const f: FormatSpec = FORMATS[name];
  return f.kind === "gguf" ? (8 * f.typeSize) / f.blockSize : f.bits;
}

export function bytesPerValue(name: FormatName): number {
  return bitsPerValue(name) / 8;
}

/** Bytes to store `count` values: whole blocks for block formats. */
export function storageBytes(name: FormatName, count: number): number {
  const f: FormatSpec = FORMATS[name];
  if (f.kind === "gguf") return Math.ceil(count / f.blockSize) * f.typeSize;
  return (count * f.bits) / 8;
}

/** ggml_type id → format, for the scalar types ggml also uses in GGUF tensors. */
const GGML_SCALAR_TYPES: Readonly<Record<number, { name: string; bytes: number }>> = {
  0: { name: "fp32", bytes: 4 },
  1: { name: "fp16", bytes: 2 },
  24: { name: "i8", bytes: 1 },
  25: { name: "i16", bytes: 2 },
  26: { name: "i32", bytes: 4 },
  27: { name: "i64", bytes: 8 },
  28: { name: "f64", bytes: 8 },
  30: { name: "bf16", bytes: 2 },
};

export interface GgmlTypeInfo {
  readonly name: string;
  /** Format used for costing, when Ridgeline models this type as a weight format. */
  readonly format: FormatName | undefined;
  readonly blockSize: number;
  readonly typeSize: number;
}

const GGML_TYPES: ReadonlyMap<number, GgmlTypeInfo> = (() => {
  const m = new Map<number, GgmlTypeInfo>();
  for (const [id, t] of Object.entries(GGML_SCALAR_TYPES)) {
    const format = isFormatName(t.name) ? t.name : undefined;
    m.set(Number(id), { name: t.name, format, blockSize: 1, typeSize: t.bytes });
  }
  for (const name of FORMAT_NAMES) {
    const f: FormatSpec = FORMATS[name];
    if (f.kind === "gguf")
      m.set(f.ggmlType, { name, format: name, blockSize: f.blockSize, typeSize: f.typeSize });
  }
  return m;
})();

export function ggmlTypeInfo(id: number): GgmlTypeInfo | undefined {
  return GGML_TYPES.get(id);
}

/**
 * The precision at which arithmetic runs, given weight and activation formats.
 * Weight-only quantization (W4A16, GGUF blocks) dequantizes and computes at the
 * activation precision; integer weights with integer activations (W8A8) use the
 * integer peak of the wider of the two.
 */
export function computePrecision(weights: FormatName, activations: FormatName): PeakKey {
  const a: FormatSpec = FORMATS[activations];
  if (a.kind === "gguf") return "fp16"; // activations are never block-quantized here; guarded by validation
  const w: FormatSpec = FORMATS[weights];
  if (a.kind === "int" && w.kind === "int") return w.bits >= a.bits ? w.peak : a.peak;
  return a.peak;
}
