/**
 * Where a model's tensors live on a host + GPU machine, in llama.cpp's vocabulary:
 *
 * - `gpuLayers` (`-ngl N`): the last N repeating layers on the GPU (llama.cpp offloads from the
 *   end: the first `n_layer − N` stay on the CPU); N > n_layer also puts the output layer
 *   (final norm, lm_head) there. The token embedding always stays on the CPU (its lookup is a
 *   get_rows, which the CUDA backend never takes). Basis: llama.cpp src/llama-model.cpp,
 *   `load_tensors` (i_gpu_start = n_layer − n_gpu_layers; output on the GPU when
 *   n_gpu_layers > n_layer; dev_input is the CPU).
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

export const KV_PLACES = ["gpu", "cpu"] as const;
export type KvPlace = (typeof KV_PLACES)[number];

export interface PlacementInput {
  /** Layers on the GPU (llama.cpp -ngl); default: all, output included. */
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

export interface Placement {
  /** As given to llama.cpp, clamped to n_layer + 1. */
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

export function resolvePlacement(m: ModelSpec, p: PlacementInput, hasGpu: boolean): Placement {
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
  return {
    gpuLayers,
    gpuRepeatingLayers: Math.min(gpuLayers, L),
    outputOnGpu: gpuLayers > L,
    cpuMoeLayers: Math.min(moe, L),
    kvOn: hasGpu ? kvOn : "cpu",
    mmapFromStorage: p.mmapFromStorage ?? false,
    ubatch,
    opOffload: p.opOffload ?? true,
  };
}

export const layerOnGpu = (p: Placement, m: ModelSpec, i: number) => i >= m.numLayers - p.gpuRepeatingLayers;
/** A layer's experts are on the CPU: --n-cpu-moe covers it, or the whole layer is. */
export const expertsOnCpu = (p: Placement, m: ModelSpec, i: number) =>
  i < p.cpuMoeLayers || !layerOnGpu(p, m, i);
export const kvOnGpu = (p: Placement, m: ModelSpec, i: number) => layerOnGpu(p, m, i) && p.kvOn === "gpu";

/** True when layer i of these weights has experts (an MoE FFN). */
export function isMoeLayer(m: ModelSpec, layer: Parameters<typeof kindOfLayer>[1]): boolean {
  return kindOfLayer(m, layer).ffn === "moe";
}

/** The placement in llama.cpp's flags, for reports: "-ngl 20 --n-cpu-moe 8 -nkvo". */
export function placementFlags(p: Placement): string {
  const parts = [`-ngl ${p.gpuLayers}`];
  if (p.cpuMoeLayers > 0) parts.push(`--n-cpu-moe ${p.cpuMoeLayers}`);
  if (p.kvOn === "cpu" && p.gpuRepeatingLayers > 0) parts.push("-nkvo");
  if (!p.opOffload) parts.push("--no-op-offload");
  return parts.join(" ");
}
