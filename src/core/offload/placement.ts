/**
 * Where a model's tensors live on a host + GPU machine, in llama.cpp's vocabulary:
 *
 * - `gpuLayers` (`-ngl N`): N layer slots from the end on the GPU, the output layer (final
 *   norm, lm_head) being the last slot: N = 1 offloads the output only, N = n_layer + 1
 *   everything. The token embedding always stays on the CPU. Basis: llama.cpp
 *   src/llama-model.cpp `load_tensors`, i_gpu_start = max(n_layer + 1 − n_gpu_layers, 0),
 *   dev_input on the CPU (as `firstGpuLayer` of the memory plan; llama.cpp before this rule
 *   used n_layer − n_gpu_layers, one layer more on the GPU for the same N below n_layer + 1).
 * - `cpuMoeLayers` (`--n-cpu-moe N`; `--cpu-moe` is every layer): the expert tensors
 *   (ffn_{gate,up,down}_exps) of the first N layers stay in system RAM (common/arg.cpp adds a
 *   tensor-buffer override `blk.<i>.ffn_(up|down|gate)_exps=CPU` for i < N).
 * - `kvOn` (`--no-kv-offload` is "cpu"): where the KV cache of the GPU layers lives (the KV of
 *   CPU layers is always on the CPU).
 * - `mmapFrom`: the drive the GGUF is mapped from; weights that do not fit in RAM are read
 *   again from it on every pass.
 */
import { DEFAULT_UBATCH } from "../cluster/split.js";
import { InputError } from "../errors.js";
import type { ModelSpec } from "../models/schema.js";
import { kindOfLayer } from "../models/weights.js";
import { firstGpuLayer } from "../predict/engine-memory/llama-rules.js";

export const KV_PLACES = ["gpu", "cpu"] as const;
export type KvPlace = (typeof KV_PLACES)[number];

export interface PlacementInput {
  /** Layer slots on the GPU (llama.cpp -ngl: the output layer first, then layers from the end); default: all. */
  readonly gpuLayers?: number;
  /** Layers (from the first) whose experts stay on the CPU (--n-cpu-moe); default 0. */
  readonly cpuMoeLayers?: number;
  readonly kvOn?: KvPlace;
  /** Stream weights that do not fit in RAM from the system's storage (mmap). */
  readonly mmapFromStorage?: boolean;
  /** Micro-batch of prefill (llama.cpp -ub, default 512). */
  readonly ubatch?: number;
  /** llama.cpp's op offload (on unless --no-op-offload): large batches run on the GPU. */
  readonly opOffload?: boolean;
}

export interface OffloadPlacement {
  /** As given to llama.cpp (layer slots, the output counting as one), clamped to n_layer + 1. */
  readonly gpuLayers: number;
  /** Repeating layers on the GPU (the last ones). */
  readonly gpuRepeatingLayers: number;
  readonly outputOnGpu: boolean;
  readonly cpuMoeLayers: number;
  readonly kvOn: KvPlace;
  readonly mmapFromStorage: boolean;
  readonly ubatch: number;
  readonly opOffload: boolean;
}

/** Most layers a placement may name (llama.cpp users write -ngl 999 for "all"). */
export const MAX_GPU_LAYERS = 100000;

export function resolvePlacement(m: ModelSpec, p: PlacementInput, hasGpu: boolean): OffloadPlacement {
  const L = m.numLayers;
  const all = L + 1;
  const given = p.gpuLayers ?? (hasGpu ? all : 0);
  if (!Number.isInteger(given) || given < 0 || given > MAX_GPU_LAYERS)
    throw new InputError(
      "--gpu-layers",
      p.gpuLayers,
      `must be a whole number from 0 to ${all} (${L} layers + output)`,
    );
  if (!hasGpu && given > 0) throw new InputError("--gpu-layers", given, "the system has no GPU");
  const gpuLayers = Math.min(given, all);
  const moe = p.cpuMoeLayers ?? 0;
  if (!Number.isInteger(moe) || moe < 0 || moe > MAX_GPU_LAYERS)
    throw new InputError("--cpu-moe-layers", p.cpuMoeLayers, `must be a whole number from 0 to ${L}`);
  if (moe > 0 && !m.moe) throw new InputError("--cpu-moe-layers", moe, `${m.id} has no experts`);
  const ubatch = p.ubatch ?? DEFAULT_UBATCH;
  if (!Number.isInteger(ubatch) || ubatch < 1 || ubatch > 65536)
    throw new InputError("--ubatch", p.ubatch, "must be a whole number from 1 to 65536");
  const kvOn = p.kvOn ?? "gpu";
  if (!(KV_PLACES as readonly string[]).includes(kvOn))
    throw new InputError("--kv-on", kvOn, "must be gpu or cpu");
  const first = firstGpuLayer(L, gpuLayers);
  return {
    gpuLayers,
    gpuRepeatingLayers: Math.max(0, L - first),
    outputOnGpu: first <= L,
    cpuMoeLayers: Math.min(moe, L),
    kvOn: hasGpu ? kvOn : "cpu",
    mmapFromStorage: p.mmapFromStorage ?? false,
    ubatch,
    opOffload: p.opOffload ?? true,
  };
}

export const layerOnGpu = (p: OffloadPlacement, m: ModelSpec, i: number) =>
  i >= m.numLayers - p.gpuRepeatingLayers;
/** A layer's experts are on the CPU: --n-cpu-moe covers it, or the whole layer is. */
export const expertsOnCpu = (p: OffloadPlacement, m: ModelSpec, i: number) =>
  i < p.cpuMoeLayers || !layerOnGpu(p, m, i);
export const kvOnGpu = (p: OffloadPlacement, m: ModelSpec, i: number) =>
  layerOnGpu(p, m, i) && p.kvOn === "gpu";

/** True when layer i of these weights has experts (an MoE FFN). */
export function isMoeLayer(m: ModelSpec, layer: Parameters<typeof kindOfLayer>[1]): boolean {
  return kindOfLayer(m, layer).ffn === "moe";
}

/** The placement in llama.cpp's flags, for reports: "-ngl 20 --n-cpu-moe 8 -nkvo". */
export function placementFlags(p: OffloadPlacement): string {
  const parts = [`-ngl ${p.gpuLayers}`];
  if (p.cpuMoeLayers > 0) parts.push(`--n-cpu-moe ${p.cpuMoeLayers}`);
  if (p.kvOn === "cpu" && p.gpuRepeatingLayers > 0) parts.push("-nkvo");
  if (!p.opOffload) parts.push("--no-op-offload");
  return parts.join(" ");
}
