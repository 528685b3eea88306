/**
 * The rules by which llama.cpp sizes and places its buffers, as the version node-llama-cpp
 * 3.22.1 bundles does (llama.cpp release tag in node-llama-cpp/llama/llama.cpp.info.json,
 * source in node-llama-cpp/llama/gitRelease.bundle). Every rule names the file it follows.
 */
import type { DeviceSpec } from "../../hardware/schema.js";

/** Where the rules come from; shown in reports. */
export const LLAMA_CPP_SOURCE = "llama.cpp as bundled by node-llama-cpp 3.22.1 (llama/gitRelease.bundle)";

/** llama-context.cpp: `cparams.n_ctx = GGML_PAD(cparams.n_ctx, 256)`, and n_ctx_seq likewise. */
export const CONTEXT_PAD = 256;
/** common/arg.cpp and llama_context_default_params: n_ubatch = 512 (node-llama-cpp sets n_ubatch = n_batch, 512 by default). */
export const LLAMA_DEFAULT_UBATCH = 512;

export const padTo = (n: number, pad: number) => Math.ceil(n / pad) * pad;

/**
 * The cells llama.cpp gives a context (llama-context.cpp): n_ctx padded to 256; per sequence
 * n_ctx / n_seq_max padded to 256, and n_ctx reset to n_ctx_seq × n_seq_max when they differ.
 */
export function engineContext(requested: number, sequences: number): { nCtx: number; nCtxSeq: number } {
  const padded = padTo(Math.max(1, requested), CONTEXT_PAD);
  const nCtxSeq = padTo(Math.floor(padded / sequences), CONTEXT_PAD);
  return { nCtx: nCtxSeq * sequences, nCtxSeq };
}

/**
 * Cells of the sliding-window (or chunked) cache: `GGML_PAD(min(size_base, n_swa + n_ubatch), 256)`
 * (llama-kv-cache-iswa.cpp: the window plus room for one micro-batch, "always padded to 256").
 */
export const swaCells = (baseCells: number, window: number, ubatch: number) =>
  padTo(Math.min(baseCells, window + ubatch), CONTEXT_PAD);

/**
 * `-ngl N` (llama-model.cpp `load_tensors`): layers il ≥ n_layer + 1 − N go to the GPU, where
 * il = n_layer is the output layer, so N = 1 offloads the output layer only and N = n_layer + 1
 * (the default, −1) everything. The input layer (token embeddings) always stays on the CPU.
 */
export function firstGpuLayer(nLayer: number, gpuLayers: number): number {
  return Math.max(nLayer + 1 - gpuLayers, 0);
}

/**
 * The CPU kernels llama.cpp's CPU backend picks by ISA, which decide the extra weight buffers:
 * ggml-cpu/repack.cpp `ggml_repack_get_optimal_repack_type` (CPU_REPACK) and ggml-cpu/amx
 * (AMX, Sapphire Rapids and later, ahead of REPACK in `ggml_backend_cpu_get_extra_buffer_types`).
 */
export const CPU_KERNELS = [
  "x86-avx2",
  "x86-avx512",
  "x86-amx",
  "arm-dotprod",
  "arm-i8mm",
  "generic",
] as const;
export type CpuKernels = (typeof CPU_KERNELS)[number];

/** Weight formats the repack buffer takes, by kernel set (row-count divisibility assumed, as in every released model). */
const REPACK: Readonly<Record<CpuKernels, readonly string[]>> = {
  // avx2: q4_0 (8x8), q4_k (8x8), iq4_nl (8x8), mxfp4 (8x8); avx512 adds q2_k (8x8).
  "x86-avx2": ["q4_0", "q4_k", "iq4_nl", "mxfp4"],
  "x86-avx512": ["q4_0", "q4_k", "iq4_nl", "mxfp4", "q2_k"],
  "x86-amx": ["q4_0", "q4_k", "iq4_nl", "mxfp4", "q2_k"],
  // neon + dotprod: q4_0 4x4, q4_k 8x4, q5_k 8x4, q6_k 8x4, iq4_nl 4x4, mxfp4 4x4, q8_0 4x4; i8mm the 8x8 / 4x8 variants.
  "arm-dotprod": ["q4_0", "q4_k", "q5_k", "q6_k", "iq4_nl", "mxfp4", "q8_0"],
  "arm-i8mm": ["q4_0", "q4_k", "q5_k", "q6_k", "iq4_nl", "mxfp4", "q8_0"],
  generic: [],
};

/** ggml-cpu/amx/common.h `qtype_has_amx_kernels`, plus F16 (amx.cpp `supports_op`, stored unpacked). */
const AMX_TYPES = ["fp16", "q4_0", "q4_1", "q8_0", "q4_k", "q5_k", "q6_k", "iq4_xs"];

/**
 * Bytes of a matrix in the AMX layout (amx/mmq.cpp `get_row_size`): Q8_0 keeps an int32
 * compensation per 32-block (34 → 38 bytes), Q4_K / Q5_K 4 bytes more per 256-block, IQ4_XS 2.
 */
function amxBytes(format: string, bytes: number): number {
  switch (format) {
    case "q8_0":
      return (bytes / 34) * 38;
    case "q4_k":
      return (bytes / 144) * 148;
    case "q5_k":
      return (bytes / 176) * 180;
    case "iq4_xs":
      return (bytes / 136) * 138;
    default:
      return bytes;
  }
}

/** How a weight is used, which decides whether an extra buffer type may hold it (its `supports_op`). */
export type WeightUse = "matmul" | "matmul-experts" | "other";

/**
 * The CPU buffer a weight lands in on a CPU-only engine: AMX (2-D matmul weights of its types),
 * CPU_REPACK (2-D matmuls and 3-D expert matmuls of the repacked types), else the mapped file.
 */
export function cpuWeightBuffer(
  kernels: CpuKernels,
  format: string,
  use: WeightUse,
  bytes: number,
): { buffer: "AMX" | "CPU_REPACK" | "CPU_Mapped"; bytes: number } {
  if (kernels === "x86-amx" && use === "matmul" && AMX_TYPES.includes(format))
    return { buffer: "AMX", bytes: amxBytes(format, bytes) };
  if (use !== "other" && REPACK[kernels].includes(format)) return { buffer: "CPU_REPACK", bytes };
  return { buffer: "CPU_Mapped", bytes };
}

/** The CPU kernels a device's CPU most likely runs: Apple and other Arm SoCs dotprod, x86 AVX2 (every x86 CPU since 2013 has it). */
export function defaultCpuKernels(d: DeviceSpec | undefined): CpuKernels {
  if (!d) return "x86-avx2";
  const text = `${d.vendor} ${d.family ?? ""} ${d.name}`.toLowerCase();
  if (/apple|qualcomm|snapdragon|arm|mediatek|cortex|nvidia jetson|tegra|graviton|ampere/.test(text))
    return "arm-dotprod";
  return "x86-avx2";
}

/** The name llama.cpp's backend gives a GPU's buffers (ggml-cuda "CUDA0", ggml-metal "MTL0", ggml-vulkan "Vulkan0" …). */
export function gpuBufferName(d: DeviceSpec): string {
  switch (d.class) {
    case "nvidia-gpu":
    case "nvidia-jetson":
      return "CUDA0";
    case "apple-gpu":
      return "MTL0";
    case "amd-gpu":
      return "ROCm0";
    case "intel-gpu":
      return "SYCL0";
    default:
      return "Vulkan0";
  }
}

/**
 * The output (logits) buffer: n_vocab floats per output row, n_seq_max rows reserved when the
 * context is made (llama-context.cpp `output_reserve(n_seq_max)`), in host memory.
 */
export const outputBufferBytes = (vocab: number, sequences: number) => vocab * Math.max(1, sequences) * 4;
