/**
 * What ggml-cpu's inner loops cost per weight, per weight format: the rate the estimate uses
 * on a CPU (the bound keeps the peak). A CPU peak counts one instruction per cycle slot: the
 * int8 peak the dot product (VPMADDUBSW / VPDPBUSD: 32 multiply-adds over 32 weights of one
 * 256-bit vector), the fp32 peak the FMA. The engine's kernel issues more vector instructions
 * than that one per 32 weights (unpacking nibbles, signs, widening, scales, converting,
 * accumulating); `slots` is how many, counted in the x86 AVX2 path of the function named
 * (llama.cpp as node-llama-cpp 3.22.1 bundles it, release v0.5.0; ggml/src/ggml-cpu).
 * Loads are not counted (they fold into the instructions or use the load ports).
 *
 *   rate = min(peak, peak × ISSUE_RATIO / slots)
 *
 * ISSUE_RATIO: the kernel's other vector instructions (logic, shuffles, converts) issue on
 * twice the pipes the dot product or FMA does (AMD family 19h: 4 FP/vector pipes, FMA and
 * VPDPBUSD on 2 of them; Intel since Skylake: 3 vector ALU ports, FMA on 2).
 */

/** Where the counts are read from. */
export const GGML_CPU_KERNELS_SOURCE =
  "llama.cpp ggml/src/ggml-cpu (release v0.5.0 as bundled by node-llama-cpp 3.22.1): arch/x86/quants.c ggml_vec_dot_*, " +
  "arch/x86/repack.cpp gemv_q4_b32_8x8_q8_0_lut_avx, llamafile/sgemm.cpp tinyBLAS / tinyBLAS_Q0_AVX::gemm4xN, vec.h ggml_vec_dot_f16; " +
  "https://github.com/ggml-org/llama.cpp/tree/master/ggml/src/ggml-cpu";

/** Vector pipes for the kernel's instructions per pipe of the counted one (AMD SOG #57647 §2.11; Intel optimization manual, ports 0/1/5). */
export const ISSUE_RATIO = 2;

export interface CpuKernelCost {
  /** Vector instructions per 32 weights per activation row in decode (mat-vec, ≤ 8 rows), per counted slot of the peak. */
  readonly matvec: number;
  /** The same in prefill (the tiled GEMM that reuses a weight block across rows). */
  readonly matmul: number;
  /** The kernels and the count, for `why`. */
  readonly basis: string;
}

/**
 * Counted formats. Per 32 weights, AVX2 without VNNI (K-quants: the intrinsics of the AVX2
 * branch, loads and zeroing left out, per 256-weight super-block / 8):
 * - q8_0: scale (2 fp16 converts, multiply, broadcast) 4, sign ×2, maddubs, madd, convert, FMA = 10.
 * - q4_0 (repacked 8×8 on AVX2, CPU_REPACK): per 8 rows × 32: nibble and/shift/shuffle 20, scales 6,
 *   lhs permutes 2, 8 × (blend, 2 shuffles, signs ×2, maddubs, madd, add) 64, tail 3 = 95 / 8 ≈ 12.
 * - q4_1: scales 2 + min term 4 + broadcasts 2 + multiply + nibbles 3 + maddubs, madd, convert + FMA = 16.
 * - q5_0: q4_0's vec_dot (14) + the fifth bit (broadcast 2, shuffle, or, compare, andnot, or) 6 = 20.
 * - q5_1: q4_1's (16) + the fifth bit 6 + a second scale multiply 1 = 23.
 * - q3_K: 5 + 2 × 48 + 3 = 104 / 8 = 13.0; q4_K: 11 + 4 × 11 + 8 = 63 / 8 ≈ 7.9;
 *   q5_K: 11 + 4 × 21 + 3 = 98 / 8 ≈ 12.3; q6_K: 3 + 2 × 40 + 4 = 87 / 8 ≈ 10.9.
 * - f16 (fp32 FMA peak): decode ggml_vec_dot_f16, per 8 weights 2 F16C converts + 1 FMA = 3 per FMA;
 *   prefill tinyBLAS on 4 × 6 tiles: 10 converts per 24 FMAs ≈ 1.42.
 * - f32: one FMA per 8 weights, loads folded = 1.
 * Prefill of q8_0 / q4_0: tinyBLAS_Q0_AVX::gemm4xN, per weight block and row: shuffle, signs ×2,
 * maddubs, madd, convert, FMA 7, plus the column scale (convert, broadcast, multiply, permute) over
 * 4 rows = 8; q4_0 adds its unpack (and, shift, insert, subtract) over the tile's columns ≈ 9.
 * Other prefill matmuls run the vec_dot kernel row by row (the same count).
 */
const vecDot = (n: number, basis: string): CpuKernelCost => ({ matvec: n, matmul: n, basis });
const COUNTED: Readonly<Record<string, CpuKernelCost>> = {
  f32: { matvec: 1, matmul: 1, basis: "ggml_vec_dot_f32 / tinyBLAS: 1 FMA per 8 weights" },
  "f16-native": { matvec: 1, matmul: 1, basis: "Arm FP16 (vfmaq_f16): 1 FMA per 8 weights, no converts" },
  f16: {
    matvec: 3,
    matmul: 1.42,
    basis: "ggml_vec_dot_f16: 2 F16C converts per FMA; tinyBLAS 4×6 tiles: 10 converts per 24 FMAs",
  },
  q8_0: {
    matvec: 10,
    matmul: 8,
    basis: "ggml_vec_dot_q8_0_q8_0: 10 vector instructions per 32 weights; tinyBLAS_Q0_AVX gemm4xN: 8",
  },
  q4_0: {
    matvec: 12,
    matmul: 9,
    basis: "repacked q4_0 8×8 gemv: ≈ 12 vector instructions per 32 weights; tinyBLAS_Q0_AVX gemm4xN: ≈ 9",
  },
  q4_1: vecDot(16, "ggml_vec_dot_q4_1_q8_1: 16 vector instructions per 32 weights"),
  q5_0: vecDot(20, "ggml_vec_dot_q5_0_q8_0: 20 vector instructions per 32 weights"),
  q5_1: vecDot(23, "ggml_vec_dot_q5_1_q8_1: 23 vector instructions per 32 weights"),
  q3_k: vecDot(13, "ggml_vec_dot_q3_K_q8_K: 104 vector instructions per 256 weights"),
  q4_k: vecDot(7.9, "ggml_vec_dot_q4_K_q8_K: 63 vector instructions per 256 weights"),
  q5_k: vecDot(12.3, "ggml_vec_dot_q5_K_q8_K: 98 vector instructions per 256 weights"),
  q6_k: vecDot(10.9, "ggml_vec_dot_q6_K_q8_K: 87 vector instructions per 256 weights"),
};

/** Format names as the weights carry them, to the counted kernels. */
const ALIAS: Readonly<Record<string, string>> = { fp32: "f32", fp16: "f16" };

/** Block formats whose kernel is not counted: the cheapest counted block kernel's (q4_K), so the estimate errs fast, never slow. */
const UNCOUNTED_BLOCK = COUNTED.q4_k!;

/** The counted cost of a weight format's kernels (null for bf16, whose dot product the peak already counts). */
export function cpuKernelCost(format: string): { cost: CpuKernelCost; counted: boolean } | null {
  const f = ALIAS[format] ?? format;
  if (f === "bf16") return null;
  const c = COUNTED[f];
  return c ? { cost: c, counted: true } : { cost: UNCOUNTED_BLOCK, counted: false };
}

/** The rate a kernel of `slots` instructions per counted slot reaches, at most the peak. */
export const kernelRate = (peak: number, slots: number) => Math.min(peak, (peak * ISSUE_RATIO) / slots);
