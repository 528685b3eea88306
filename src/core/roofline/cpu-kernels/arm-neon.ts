/**
 * ggml-cpu's Arm NEON kernels, counted (index.ts says how). A 128-bit SDOT does 16 int8
 * multiply-adds, so the int8 peak of an Arm CPU counts two instructions per 32 weights (one row):
 * `slots` here is the instruction count per 32 weights / 2. The fp16 peak counts a 128-bit FMLA
 * (8 fp16 lanes), the fp32 peak one of 4 lanes.
 */
import type { IsaKernels } from "./types.js";

/** Where the counts are read from. */
export const ARM_SOURCE =
  "llama.cpp ggml/src/ggml-cpu (release v0.5.0 as bundled by node-llama-cpp 3.22.1): arch/arm/quants.c ggml_vec_dot_* " +
  "(the __ARM_NEON / __ARM_FEATURE_DOTPROD branch with nrc = 1), arch/arm/repack.cpp ggml_gemv_q4_0_4x4_q8_0 / 4x8, " +
  "repack.cpp ggml_repack_get_optimal_repack_type, llamafile/sgemm.cpp tinyBLAS_Q0_ARM / tinyBLAS float16x8_t, " +
  "simd-mappings.h GGML_F16_VEC_FMA; https://github.com/ggml-org/llama.cpp/tree/master/ggml/src/ggml-cpu";

/** Per 32 weights (one row) to slots of the int8 peak, which counts 2 SDOTs per 32 weights. */
const perSdot = (per32: number) => per32 / 2;

/**
 * Vector and FP instructions per 32 weights (scalar FP converts and multiplies count: they issue
 * on the same FP/SIMD pipes; loads, zeroing and moves between register files are not counted;
 * vmlaq_n_f32 counts one fused FMLA by element). K-quants: per 256-weight super-block / 8.
 * - q8_0: SDOT 2, add, convert, scale (2 fp16 converts, multiply) 3, FMLA = 8.
 * - q4_0 (ggml_vec_dot_q4_0_q8_0): and, shift, subtract 8 ×2, SDOT 2 (chained), convert, scale 3, FMLA = 11.
 * - q4_0 repacked 4×4 (ggml_gemv_q4_0_4x4_q8_0, dotprod), per 4 rows × 32: shift 4, and 4,
 *   SDOT by lane 8, fixed-point convert, 2 fp16 → fp32 converts, multiply, FMA = 21 / 4 = 5.25
 *   (the i8mm 4×8 gemv: 22 / 4 = 5.5).
 * - q4_1: and, shift, SDOT 2, convert, scale 3, FMLA, min term (2 converts, multiply-add) 3 = 12.
 * - q5_0: the fifth bit comes from a 256-entry table in scalar code (integer pipes) and is
 *   subtracted: and, shift, subtract ×2, SDOT 2, add, convert, scale 3, FMLA = 12.
 * - q5_1: and, shift, or ×2, SDOT 2, add, convert, scale 3, FMLA, min term 3 = 15.
 * - q3_K: scale 2 + scales' subtract 1 + 2 × (bic 8, shifts 12, and 8, subtract 8, SDOT 8, add
 *   across 8 = 52) + the high-mask shift 2 once + tail 2 = 2 + 1 + 104 + 2 + 2 = 111 / 8 ≈ 13.9.
 * - q4_K: header (2 converts, 2 multiplies, pairwise add, widen, 2 widening multiplies, add,
 *   add across, convert, multiply-subtract) 12 + 4 × (and 2, shift 2, SDOT 4, add across 2) 40 +
 *   tail 2 = 54 / 8 = 6.75.
 * - q5_K: header (2 converts, 2 multiplies, pairwise add, widen, 2 widening multiplies, add, add
 *   across) 10 + 4 × (and 6, shifts 8, or 4, SDOT 4, add across 2) 96 + tail (2 converts, 3
 *   multiply / add) 5 = 111 / 8 ≈ 13.9.
 * - q6_K: header (convert, widen 2, widening multiplies 4, adds 3, add across) 11 + 2 × (26 + 28)
 *   + tail 3 = 122 / 8 = 15.25.
 * - F16 with Arm FP16 (fp16 peak): ggml_vec_dot_f16 and tinyBLAS float16x8_t, one FMLA per
 *   8 weights = 1 per counted FMA. Without FP16 arithmetic (fp32 peak): F32Cx4, a convert and an
 *   FMLA per 4 weights = 2. F32: 1.
 * Prefill of q8_0 / q4_0: tinyBLAS_Q0_ARM on 3 × 3 tiles, per weight block and row SDOT 2,
 * convert, scale multiply, FMLA 5, converts of 3 + 3 scales per 9 = 51 / 9 ≈ 5.67; q4_0 adds its
 * unpack (and, shift, subtract ×2) per weight block, shared by the tile's 3 columns: 63 / 9 = 7.
 * (A repacked q4_0 GEMM is inline assembly, not counted: the tinyBLAS count stands in.)
 * Other prefill matmuls run the vec_dot kernel row by row (the same count; the i8mm two-row
 * paths of q4_0 / q4_1 / q8_0 / q4_K / q6_K are not counted).
 */
const vecDot = (per32: number, basis: string) => ({ matvec: perSdot(per32), matmul: perSdot(per32), basis });

export const ARM_NEON: IsaKernels = {
  label: "Arm NEON",
  source: ARM_SOURCE,
  // Apple P-cores (Firestorm and later): four 128-bit FP/SIMD pipes, each runs SDOT, FMLA and the
  // vector logic, shifts and converts; the kernel's other instructions compete for the same pipes.
  issueRatio: 1,
  issueBasis:
    "dougallj-firestorm (Apple P-core: 4 FP/SIMD pipes, all of which run SDOT, FMLA and the vector ALU ops)",
  counted: {
    f32: { matvec: 1, matmul: 1, basis: "ggml_vec_dot_f32 / tinyBLAS: 1 FMLA per 4 weights" },
    "f16-native": {
      matvec: 1,
      matmul: 1,
      basis:
        "Arm FP16 (ggml_vec_dot_f16 GGML_F16x8_FMA, tinyBLAS float16x8_t): 1 FMLA per 8 weights, no converts",
    },
    f16: {
      matvec: 2,
      matmul: 2,
      basis: "ggml_vec_dot_f16 without FP16 arithmetic (GGML_F32Cx4): a convert per FMLA of 4 weights",
    },
    q8_0: {
      matvec: perSdot(8),
      matmul: perSdot(51 / 9),
      basis:
        "NEON ggml_vec_dot_q8_0_q8_0: 8 instructions per 32 weights (2 SDOT); tinyBLAS_Q0_ARM 3×3: ≈ 5.67",
    },
    q4_0: {
      matvec: perSdot(21 / 4),
      matmul: perSdot(7),
      basis:
        "repacked q4_0 4×4 NEON gemv (ggml_gemv_q4_0_4x4_q8_0): 5.25 instructions per 32 weights (2 SDOT); tinyBLAS_Q0_ARM 3×3: 7",
    },
    q4_1: vecDot(12, "NEON ggml_vec_dot_q4_1_q8_1: 12 instructions per 32 weights (2 SDOT)"),
    q5_0: vecDot(12, "NEON ggml_vec_dot_q5_0_q8_0: 12 instructions per 32 weights (2 SDOT)"),
    q5_1: vecDot(15, "NEON ggml_vec_dot_q5_1_q8_1: 15 instructions per 32 weights (2 SDOT)"),
    q3_k: vecDot(111 / 8, "NEON ggml_vec_dot_q3_K_q8_K: 111 instructions per 256 weights (16 SDOT)"),
    q4_k: vecDot(54 / 8, "NEON ggml_vec_dot_q4_K_q8_K: 54 instructions per 256 weights (16 SDOT)"),
    q5_k: vecDot(111 / 8, "NEON ggml_vec_dot_q5_K_q8_K: 111 instructions per 256 weights (16 SDOT)"),
    q6_k: vecDot(122 / 8, "NEON ggml_vec_dot_q6_K_q8_K: 122 instructions per 256 weights (16 SDOT)"),
  },
  beforeRepack: {
    q4_0: {
      matvec: perSdot(11),
      matmul: perSdot(7),
      basis:
        "NEON ggml_vec_dot_q4_0_q8_0 (a build before online repacking): 11 instructions per 32 weights (2 SDOT); tinyBLAS_Q0_ARM 3×3: 7",
    },
  },
};
