/**
 * What ggml-cpu's inner loops cost per weight, per weight format and instruction set: the rate
 * the estimate uses on a CPU (the bound keeps the peak). A CPU peak counts one instruction per
 * cycle slot: the int8 peak the dot product (x86: a 256-bit VPMADDUBSW / VPDPBUSD, 32
 * multiply-adds; Arm: a 128-bit SDOT, 16), the fp32 / fp16 peak the FMA. The engine's kernel
 * issues more vector instructions than the counted ones (unpacking nibbles, signs, widening,
 * scales, converting, accumulating); `slots` is how many per counted instruction, read in the
 * ISA's path of the function named (x86-avx2.ts, arm-neon.ts). Loads are not counted (they fold
 * into the instructions or use the load ports).
 *
 *   rate = min(peak, peak × issueRatio / slots)
 *
 * issueRatio: how many vector pipes run the kernel's other instructions per pipe that runs the
 * counted one (x86: 2, the dot product and FMA issue on half the vector pipes; Arm: 1, every
 * FP/SIMD pipe runs SDOT and FMLA too).
 */
import { ARM_NEON } from "./arm-neon.js";
import type { CpuKernelCost, IsaKernels } from "./types.js";
import { X86_AVX2 } from "./x86-avx2.js";

export type { CpuKernelCost, IsaKernels } from "./types.js";
export { ARM_NEON, X86_AVX2 };

/** The instruction sets whose kernels are counted. */
export type CpuIsa = "x86" | "arm";

const KERNELS: Readonly<Record<CpuIsa, IsaKernels>> = { x86: X86_AVX2, arm: ARM_NEON };

export const isaKernels = (isa: CpuIsa): IsaKernels => KERNELS[isa];

/** Format names as the weights carry them, to the counted kernels. */
const ALIAS: Readonly<Record<string, string>> = { fp32: "f32", fp16: "f16" };

/** Options of the build that ran: before online repacking (llama.cpp PR #9921) repackable formats ran vec_dot. */
export interface CpuBuild {
  readonly beforeRepack?: boolean;
}

/**
 * The counted cost of a weight format's kernels on `isa` (null for bf16, whose dot product the
 * peak already counts). A block format whose kernel is not counted takes the cheapest counted
 * block kernel's (q4_K), so the estimate errs fast, never slow.
 */
export function cpuKernelCost(
  isa: CpuIsa,
  format: string,
  build?: CpuBuild,
): { cost: CpuKernelCost; counted: boolean } | null {
  const f = ALIAS[format] ?? format;
  if (f === "bf16") return null;
  const k = KERNELS[isa];
  const c = (build?.beforeRepack ? k.beforeRepack[f] : undefined) ?? k.counted[f];
  return c ? { cost: c, counted: true } : { cost: k.counted.q4_k!, counted: false };
}

/** The rate a kernel of `slots` instructions per counted slot reaches on `isa`, at most the peak. */
export const kernelRate = (isa: CpuIsa, peak: number, slots: number) =>
  Math.min(peak, (peak * KERNELS[isa].issueRatio) / slots);
