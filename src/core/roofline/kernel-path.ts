/**
 * Which compute roof an op really runs on: the kernel path llama.cpp takes for it on this
 * kind of device, as rules over data, with the reason (`why`) said per op.
 *
 * GPU (CUDA / ROCm), after ggml/src/ggml-cuda (commit 027ef8769913a5f665e287c5e1f13d9d633a9d57):
 * - Prefill matmuls over block-quantized weights run through MMQ (mmq.cu,
 *   `ggml_cuda_should_use_mmq`): activations quantized to q8_1, int8 dot products on int8
 *   tensor cores (NVIDIA cc ≥ 7.5, `turing_mma_available`), int8 MFMA (AMD CDNA), int8 WMMA
 *   (RDNA 3 / 4), or dp4a (NVIDIA cc 6.1 and Volta below 64 rows, `MMQ_DP4A_MAX_BATCH_SIZE`;
 *   AMD Vega 20 and RDNA 2). Otherwise the weights are dequantized and cuBLAS / hipBLAS runs
 *   the GEMM in fp16, or in fp32 where the GPU has no fast fp16 (`fast_fp16_hardware_available`
 *   is false for cc 6.1: Tesla P40, GTX 10x0).
 * - Decode (≤ 8 rows, `MMVQ_MAX_BATCH_SIZE`) runs mat-vec kernels: MMVQ for quantized weights
 *   (q8_1 activations, dp4a dot products on the vector units, never the matrix units), MMVF
 *   in the activation format for float weights.
 * Other back ends (Metal, Vulkan, SYCL, NPUs) keep the op's own precision.
 *
 * CPU, after ggml/src/ggml-cpu (ggml-cpu.c `type_traits_cpu`: each weight type's `vec_dot_type`;
 * arch/x86/quants.c, arch/arm/quants.c: the vec_dot kernels): a matmul over block-quantized
 * weights quantizes its activations to q8_0 / q8_1 / q8_K and runs int8 dot products
 * (AVX2 VPMADDUBSW, AVX-VNNI / AVX512-VNNI VPDPBUSD, Arm SDOT / SMMLA): the int8 peak. F16 and
 * F32 weights run fp32 FMA (F16C converts); BF16 the bf16 dot product where the CPU has one;
 * everything else (norms, rotary, attention over an F16 cache, softmax) computes in fp32.
 */
import type { DeviceSpec } from "../hardware/schema.js";
import type { OpCost } from "../ops/types.js";
import type { FormatName, PeakKey } from "../quant/index.js";
import { type FlopPerSecond, flopPerSecond } from "../units/index.js";
import { type CpuIsa, cpuKernelCost, isaKernels, kernelRate } from "./cpu-kernels/index.js";

/** The source every GPU rule is read from. */
export const GGML_CUDA_SOURCE =
  "llama.cpp ggml/src/ggml-cuda (mmq.cu ggml_cuda_should_use_mmq, common.cuh fast_fp16_hardware_available / turing_mma_available, mmq.cuh MMQ_DP4A_MAX_BATCH_SIZE = 64), " +
  "https://github.com/ggml-org/llama.cpp/blob/027ef8769913a5f665e287c5e1f13d9d633a9d57/ggml/src/ggml-cuda/mmq.cu";

/** GPU generations that differ in llama.cpp's kernel choice. */
export const GPU_ARCHS = [
  "nvidia-legacy",
  "nvidia-gp100",
  "nvidia-dp4a",
  "nvidia-volta",
  "nvidia-int8-mma",
  "amd-dp4a",
  "amd-cdna",
  "amd-cdna3",
  "amd-rdna3",
  "amd-rdna3.5",
  "amd-rdna4",
] as const;
export type GpuArch = (typeof GPU_ARCHS)[number];

interface ArchTraits {
  /** What the generation is, for the `why` text. */
  readonly label: string;
  readonly backend: "CUDA" | "ROCm";
  /** int8 dot-product instruction (dp4a / v_dot4_i32_i8) on the vector units. */
  readonly dp4a: boolean;
  /** fp16 arithmetic at least at the fp32 rate; without it llama.cpp computes in fp32. */
  readonly fastFp16: boolean;
  /** The int8 matrix unit MMQ uses, or null when MMQ (if used) runs on dp4a. */
  readonly int8Matrix: string | null;
}

const ARCH: Readonly<Record<GpuArch, ArchTraits>> = {
  "nvidia-legacy": {
    label: "NVIDIA before Pascal",
    backend: "CUDA",
    dp4a: false,
    fastFp16: false,
    int8Matrix: null,
  },
  "nvidia-gp100": {
    label: "NVIDIA GP100 (cc 6.0)",
    backend: "CUDA",
    dp4a: false,
    fastFp16: true,
    int8Matrix: null,
  },
  "nvidia-dp4a": {
    label: "NVIDIA Pascal cc 6.1",
    backend: "CUDA",
    dp4a: true,
    fastFp16: false,
    int8Matrix: null,
  },
  "nvidia-volta": {
    label: "NVIDIA Volta (cc 7.0)",
    backend: "CUDA",
    dp4a: true,
    fastFp16: true,
    int8Matrix: null,
  },
  "nvidia-int8-mma": {
    label: "NVIDIA cc ≥ 7.5, Turing and later",
    backend: "CUDA",
    dp4a: true,
    fastFp16: true,
    int8Matrix: "int8 tensor cores",
  },
  "amd-dp4a": {
    label: "AMD Vega 20 / RDNA 2",
    backend: "ROCm",
    dp4a: true,
    fastFp16: true,
    int8Matrix: null,
  },
  "amd-cdna": { label: "AMD CDNA", backend: "ROCm", dp4a: true, fastFp16: true, int8Matrix: "int8 MFMA" },
  "amd-cdna3": { label: "AMD CDNA 3", backend: "ROCm", dp4a: true, fastFp16: true, int8Matrix: "int8 MFMA" },
  "amd-rdna3": { label: "AMD RDNA 3", backend: "ROCm", dp4a: true, fastFp16: true, int8Matrix: "int8 WMMA" },
  "amd-rdna3.5": {
    label: "AMD RDNA 3.5",
    backend: "ROCm",
    dp4a: true,
    fastFp16: true,
    int8Matrix: "int8 WMMA",
  },
  "amd-rdna4": { label: "AMD RDNA 4", backend: "ROCm", dp4a: true, fastFp16: true, int8Matrix: "int8 WMMA" },
};

/**
 * The GPU generation of a catalog entry, from its vendor class and `family`; null for
 * devices llama.cpp does not drive through CUDA / ROCm. GP100 (Tesla P100) is the one
 * Pascal with fast fp16 and without dp4a: told apart by its fp16 peak (2 × fp32 vs 1/64).
 * An unknown family gets no rule (the op's own precision), never a guessed one.
 */
export function gpuArchOf(d: DeviceSpec): GpuArch | null {
  if (d.unit !== "gpu") return null;
  const fam = d.family ?? "";
  if (d.class === "nvidia-gpu" || d.class === "nvidia-jetson") {
    if (/^(Turing|Ampere|Ada|Hopper|Blackwell)/.test(fam)) return "nvidia-int8-mma";
    if (/^Volta/.test(fam)) return "nvidia-volta";
    if (/^Pascal/.test(fam)) {
      const fp16 = d.peakTflops.fp16?.value ?? 0;
      const fp32 = d.peakTflops.fp32?.value ?? 0;
      return fp16 >= fp32 && fp32 > 0 ? "nvidia-gp100" : "nvidia-dp4a";
    }
    if (/^(Maxwell|Kepler|Fermi)/.test(fam)) return "nvidia-legacy";
    return null;
  }
  if (d.class === "amd-gpu") {
    if (/^CDNA 3/.test(fam)) return "amd-cdna3";
    if (/^CDNA/.test(fam)) return "amd-cdna";
    if (/^RDNA 3\.5/.test(fam)) return "amd-rdna3.5";
    if (/^RDNA 3/.test(fam)) return "amd-rdna3";
    if (/^RDNA 4/.test(fam)) return "amd-rdna4";
    if (/^RDNA 2|Vega 20/.test(fam)) return "amd-dp4a";
  }
  return null;
}

/** Block-quantized types MMQ has kernels for (mmq.cu `ggml_cuda_should_use_mmq`). */
const MMQ_TYPES: ReadonlySet<string> = new Set<FormatName>([
  "q4_0",
  "q4_1",
  "q5_0",
  "q5_1",
  "q8_0",
  "mxfp4",
  "q2_k",
  "q3_k",
  "q4_k",
  "q5_k",
  "q6_k",
  "iq2_xxs",
  "iq2_xs",
  "iq2_s",
  "iq3_xxs",
  "iq3_s",
  "iq1_s",
  "iq4_xs",
  "iq4_nl",
]);

/** Weight formats that are plain numbers (the BLAS and MMVF paths), not blocks. */
const FLOAT_WEIGHTS: ReadonlySet<string> = new Set(["fp32", "fp16", "bf16", "f32", "f16"]);

/** Whether MMQ runs a `rows`-row matmul of `type` on this generation (else dequantize + BLAS). */
function usesMmq(arch: GpuArch, type: string, rows: number): boolean {
  if (!MMQ_TYPES.has(type)) return false;
  switch (arch) {
    case "nvidia-int8-mma":
    case "nvidia-dp4a":
    case "amd-dp4a":
    case "amd-cdna3":
    case "amd-rdna4":
      return true;
    case "nvidia-volta":
      return rows < 64;
    case "amd-cdna":
      return (
        rows <= 128 ||
        type === "q4_0" ||
        type === "q4_1" ||
        type === "q5_0" ||
        type === "q5_1" ||
        (rows <= 256 && (type === "q4_k" || type === "q5_k"))
      );
    case "amd-rdna3":
    case "amd-rdna3.5":
      if (type === "q2_k") return rows <= 128;
      if (type === "q6_k") return rows <= (arch === "amd-rdna3" ? 128 : 256);
      if (type === "iq2_xs" || type === "iq2_s") return arch === "amd-rdna3.5" || rows <= 128;
      return true;
    case "nvidia-legacy":
    case "nvidia-gp100":
      return false;
  }
}

export interface ChosenPeak {
  /** The precision asked for. */
  readonly precision: PeakKey;
  /** The precision whose peak is used (differs when the device lists none for `precision`). */
  readonly used: PeakKey | null;
  readonly flopPerSecond: FlopPerSecond | null;
  readonly source: string | null;
}

/** The roof an op uses: which peak, its value, and why. */
export interface KernelChoice {
  /** The peak used (after fallback), or null when the device lists none that applies. */
  readonly peak: PeakKey | null;
  readonly flopPerSecond: FlopPerSecond | null;
  /**
   * The rate the engine's kernel reaches at best, which the estimate uses (the bound uses the
   * peak): the peak, except on a CPU, where ggml-cpu's loop issues several vector
   * instructions per one the peak counts (cpu-kernels/).
   */
  readonly rate: FlopPerSecond | null;
  /** One sentence: the engine's kernel path for this op and the peak it implies. */
  readonly why: string;
}

/** The device-level inputs the rules need (a DeviceRoofs carries them). */
export interface KernelRoofs {
  readonly peaks: Readonly<Record<PeakKey, ChosenPeak>>;
  readonly gpuArch: GpuArch | null;
  /** A CPU, whose llama.cpp back end is ggml-cpu. */
  readonly cpu: boolean;
  /** An Arm CPU with fp16 arithmetic: F16 weights run fp16 FMA (tinyBLAS float16x8_t, GGML_F16_VEC_FMA). */
  readonly cpuHalf: boolean;
  /** A CPU's instruction set, whose counted kernels set the rate (cpu-kernels/). */
  readonly cpuIsa: CpuIsa | null;
  /** Per-device memo of choices, keyed by rule then precision: the rules allocate nothing per op. */
  readonly choices: Map<string, KernelChoice>;
}

const fallbackText = (c: ChosenPeak) =>
  c.used === null
    ? `no ${c.precision} peak listed`
    : c.used === c.precision
      ? `${c.used} peak`
      : `${c.used} peak (no ${c.precision} listed)`;

function listed(r: KernelRoofs, p: PeakKey, why: string): KernelChoice {
  const c = r.peaks[p];
  return {
    peak: c.used,
    flopPerSecond: c.flopPerSecond,
    rate: c.flopPerSecond,
    why: `${why}: ${fallbackText(c)}`,
  };
}

/** dp4a: 4 int8 multiply-adds per lane per instruction at the fp32 FMA rate, so 4 × the fp32 peak (a listed int8 peak of a part without int8 matrix units is this rate). */
function dp4aPeak(r: KernelRoofs, t: ArchTraits, why: string): KernelChoice {
  const int8 = r.peaks.int8;
  if (t.int8Matrix === null && int8.used === "int8") return listed(r, "int8", why);
  const fp32 = r.peaks.fp32.flopPerSecond;
  if (fp32 === null) return listed(r, "int8", why);
  const rate = flopPerSecond(4 * fp32);
  return { peak: "int8", flopPerSecond: rate, rate, why: `${why}: int8 dp4a rate = 4 × fp32 peak` };
}

function memo(r: KernelRoofs, key: string, make: () => KernelChoice): KernelChoice {
  let c = r.choices.get(key);
  if (!c) {
    c = make();
    r.choices.set(key, c);
  }
  return c;
}

/** The roof of `op` on the device: the engine's kernel path where a rule knows it, else the op's precision with fallback. */
/**
 * The llama.cpp build a measurement ran, where its kernel choice differs from the rules above
 * (which follow the current source). Default: the current build.
 */
export interface EngineBuild {
  /**
   * A CUDA build from before MMQ became the default (llama.cpp PR #8075, merged 2024-06-23,
   * https://github.com/ggml-org/llama.cpp/pull/8075): on GPUs with fp16 tensor cores (Volta and
   * later) a quantized matmul over more than MMQ_MAX_BATCH_SIZE = 32 rows dequantized its
   * weights to fp16 and ran cuBLAS in fp16 (PR #3412, https://github.com/ggml-org/llama.cpp/pull/3412),
   * so prefill used the fp16 tensor roof, not the int8 one.
   */
  readonly cublasQuantPrefill?: boolean;
  /**
   * A CPU build from before online weight repacking (llama.cpp PR #9921, merged November 2024,
   * https://github.com/ggml-org/llama.cpp/pull/9921; the x86 AVX2 8×8 layout came with or after
   * it): Q4_0 weights ran ggml_vec_dot_q4_0_q8_0, not the repacked gemv (cpu-kernels/).
   */
  readonly cpuBeforeRepack?: boolean;
}

/** MMQ_MAX_BATCH_SIZE of those builds: at most this many rows still ran MMQ. */
const LEGACY_MMQ_MAX_BATCH = 32;

export function kernelChoice(op: OpCost, r: KernelRoofs, build?: EngineBuild): KernelChoice {
  const arch = r.gpuArch;
  const p = op.precision;
  if (r.cpu) return cpuChoice(op, r, build?.cpuBeforeRepack === true);
  if (arch === null) return memo(r, p, () => listed(r, p, `${p} arithmetic`));
  const t = ARCH[arch];
  const w = op.weightFormat ?? null;
  const half = p === "fp16" || p === "bf16";
  if (w !== null && op.kind === "gemm") {
    const quantized = !FLOAT_WEIGHTS.has(w);
    if (
      build?.cublasQuantPrefill &&
      (arch === "nvidia-int8-mma" || arch === "nvidia-volta") &&
      op.kernel === "matmul" &&
      quantized &&
      (op.rows ?? 0) > LEGACY_MMQ_MAX_BATCH
    )
      return memo(r, "legacy-cublas", () =>
        listed(
          r,
          "fp16",
          "CUDA build before MMQ became the default (llama.cpp PR #8075, 2024-06-23): weights dequantized to fp16, cuBLAS GEMM in fp16 on the tensor cores",
        ),
      );
    if (op.kernel === "matmul" && quantized && usesMmq(arch, w, op.rows ?? 0)) {
      if (t.int8Matrix !== null && !(arch === "nvidia-volta"))
        return memo(r, "mmq-matrix", () =>
          listed(
            r,
            "int8",
            `${t.backend} MMQ on ${t.int8Matrix} (${t.label}): q8_1 activations × quantized weights`,
          ),
        );
      return memo(r, "mmq-dp4a", () =>
        dp4aPeak(r, t, `${t.backend} MMQ with dp4a (${t.label}): q8_1 activations × quantized weights`),
      );
    }
    if (op.kernel === "matmul") {
      const what = quantized ? "weights dequantized, then a BLAS GEMM" : "BLAS GEMM";
      if (t.fastFp16 && half)
        return memo(r, `blas|${p}`, () => listed(r, p, `${t.backend} ${what} in ${p} (${t.label})`));
      return memo(r, `blas32|${p}`, () =>
        listed(
          r,
          "fp32",
          `${t.backend} ${what} in fp32 (${t.label}${t.fastFp16 ? "" : ": no fast fp16, llama.cpp computes in fp32"})`,
        ),
      );
    }
    if (quantized && t.dp4a)
      return memo(r, "mmvq", () =>
        dp4aPeak(
          r,
          t,
          `${t.backend} MMVQ mat-vec (≤ 8 rows): q8_1 activations, dp4a dot products on the vector units`,
        ),
      );
  }
  if (half && !t.fastFp16)
    return memo(r, `f32|${p}`, () =>
      listed(r, "fp32", `${p} arithmetic computed in fp32 (${t.label}: no fast fp16)`),
    );
  return memo(r, `op|${p}`, () => listed(r, p, `${t.backend} ${p} arithmetic`));
}

/** The activation format ggml-cpu quantizes to for each weight type (`vec_dot_type` in ggml-cpu.c type_traits_cpu). */
function vecDotType(w: string): string {
  if (w === "q4_1" || w === "q5_1") return "q8_1";
  if (w === "q4_0" || w === "q5_0" || w === "q8_0" || w === "iq4_nl" || w === "mxfp4") return "q8_0";
  return "q8_K";
}

function cpuChoice(op: OpCost, r: KernelRoofs, beforeRepack: boolean): KernelChoice {
  const w = op.weightFormat ?? null;
  if (w !== null && op.kind === "gemm") {
    if (w === "bf16")
      return memo(r, "cpu-bf16", () =>
        r.peaks.bf16.used === "bf16"
          ? listed(r, "bf16", "ggml-cpu BF16 weights: bf16 dot products")
          : listed(r, "fp32", "ggml-cpu BF16 weights: converted, fp32 FMA (no bf16 dot product listed)"),
      );
    const phase = op.kernel === "matmul" ? "matmul" : "matvec";
    if ((w === "fp16" || w === "f16") && r.cpuHalf)
      return memo(r, `cpu-half|${phase}`, () =>
        withKernel(
          listed(r, "fp16", "ggml-cpu F16 weights on Arm FP16 vector arithmetic: fp16 FMA"),
          r,
          "f16-native",
          phase,
        ),
      );
    if (FLOAT_WEIGHTS.has(w))
      return memo(r, `cpu-float|${w}|${phase}`, () =>
        withKernel(
          listed(r, "fp32", "ggml-cpu float weights: fp32 FMA (F16 converted on load into registers)"),
          r,
          w,
          phase,
        ),
      );
    const vdt = vecDotType(w);
    const what = `ggml-cpu quantized weights: activations quantized to ${vdt}, int8 dot products (vec_dot)`;
    return memo(r, `cpu-q|${w}|${phase}|${beforeRepack}`, () =>
      withKernel(cpuInt8(r, what), r, w, phase, beforeRepack),
    );
  }
  return memo(r, "cpu-f32", () => listed(r, "fp32", "ggml-cpu computes this op in fp32"));
}

/**
 * The int8 dot-product roof of a CPU: its listed int8 peak, else 4 × its fp32 FMA peak (a
 * 256-bit VPMADDUBSW / VPDPBUSD does 32 int8 multiply-adds where an FMA does 8; Arm SDOT 16
 * per 128 bits where FMLA does 4), the rate every x86 AVX2 and Armv8.2 dot-product core has.
 */
function cpuInt8(r: KernelRoofs, why: string): KernelChoice {
  if (r.peaks.int8.used === "int8") return listed(r, "int8", why);
  const fp32 = r.peaks.fp32.flopPerSecond;
  if (fp32 === null) return listed(r, "int8", why);
  const rate = flopPerSecond(4 * fp32);
  return {
    peak: "int8",
    flopPerSecond: rate,
    rate,
    why: `${why}: no int8 peak listed, int8 dot rate = 4 × fp32 peak`,
  };
}

/** The peak's choice with the rate ggml-cpu's kernel for `format` reaches (cpu-kernels/). */
function withKernel(
  c: KernelChoice,
  r: KernelRoofs,
  format: string,
  phase: "matvec" | "matmul",
  beforeRepack = false,
): KernelChoice {
  const isa = r.cpuIsa;
  if (isa === null || c.flopPerSecond === null) return c;
  const k = cpuKernelCost(isa, format, { beforeRepack });
  if (!k) return c;
  const slots = k.cost[phase];
  const rate = flopPerSecond(kernelRate(isa, c.flopPerSecond, slots));
  const what = k.counted
    ? `${k.cost.basis}`
    : `${format}'s kernel not counted: the cheapest counted block kernel's (${k.cost.basis})`;
  const isaK = isaKernels(isa);
  return {
    ...c,
    rate,
    why: `${c.why}; the estimate runs at min(1, ${isaK.issueRatio} / ${round(slots)}) of it (${isaK.label}: ${what})`,
  };
}

/** Slots as the `why` text shows them (the counts are per 32 or per 256 weights, so not always whole). */
const round = (x: number) => Math.round(x * 100) / 100;
