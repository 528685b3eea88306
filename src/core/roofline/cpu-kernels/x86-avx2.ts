/**
 * ggml-cpu's x86 AVX2 kernels, counted (index.ts says how). A 256-bit VPMADDUBSW / VPDPBUSD does
 * the 32 int8 multiply-adds of 32 weights, so the int8 peak counts one instruction per 32 weights
 * and `slots` is the instruction count per 32 weights.
 */
import type { IsaKernels } from "./types.js";

/** Where the counts are read from. */
export const X86_SOURCE =
  "llama.cpp ggml/src/ggml-cpu (release v0.5.0 as bundled by node-llama-cpp 3.22.1): arch/x86/quants.c ggml_vec_dot_*, " +
  "arch/x86/repack.cpp gemv_q4_b32_8x8_q8_0_lut_avx, llamafile/sgemm.cpp tinyBLAS / tinyBLAS_Q0_AVX::gemm4xN, vec.h ggml_vec_dot_f16; " +
  "https://github.com/ggml-org/llama.cpp/tree/master/ggml/src/ggml-cpu";

/**
 * Per 32 weights, AVX2 without VNNI (K-quants: the intrinsics of the AVX2 branch, loads and
 * zeroing left out, per 256-weight super-block / 8):
 * - q8_0: scale (2 fp16 converts, multiply, broadcast) 4, sign ×2, maddubs, madd, convert, FMA = 10.
 * - q4_0 (repacked 8×8 on AVX2, CPU_REPACK): per 8 rows × 32: nibble and/shift/shuffle 20, scales 6,
 *   lhs permutes 2, 8 × (blend, 2 shuffles, signs ×2, maddubs, madd, add) 64, tail 3 = 95 / 8 ≈ 12.
 * - q4_0 not repacked (builds before online repacking): ggml_vec_dot_q4_0_q8_0, scale 4, nibbles
 *   (and, shift, insert) 3, subtract 8, signs ×2, maddubs, madd, convert, FMA = 14.
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
const vecDot = (n: number, basis: string) => ({ matvec: n, matmul: n, basis });

export const X86_AVX2: IsaKernels = {
  label: "x86 AVX2",
  source: X86_SOURCE,
  // AMD family 19h: 4 FP/vector pipes, FMA and VPDPBUSD on 2 of them; Intel since Skylake: 3 vector ALU ports, FMA on 2.
  issueRatio: 2,
  issueBasis: "AMD SOG #57647 §2.11; Intel optimization manual, ports 0/1/5",
  counted: {
    f32: { matvec: 1, matmul: 1, basis: "ggml_vec_dot_f32 / tinyBLAS: 1 FMA per 8 weights" },
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
  },
  beforeRepack: {
    q4_0: {
      matvec: 14,
      matmul: 9,
      basis:
        "ggml_vec_dot_q4_0_q8_0 (a build before online repacking): 14 vector instructions per 32 weights; tinyBLAS_Q0_AVX gemm4xN: ≈ 9",
    },
  },
};
