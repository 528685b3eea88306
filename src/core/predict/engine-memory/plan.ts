/**
 * `planMemory`: the buffers llama.cpp allocates for a model, workload and placement, per unit
 * (`gpu`, `host`), named as its log names them — model (mapped, repacked, GPU), KV and
 * recurrent-state caches, the output (logits) buffer, the compute buffer — with each unit's
 * capacity, the OS / driver reserve of unified memory, and whether it fits.
 *
 * Placement follows the engine's flags: `gpuLayers` is `-ngl` (the output layer counts as
 * one; default every layer), `cpuMoeLayers` is `--n-cpu-moe`, `kvOn: "cpu"` is
 * `--no-kv-offload`. On a CPU device everything is host memory.
 */
import type { ResolvedWorkload } from "../../graph/workload.js";
import type { DeviceSpec } from "../../hardware/schema.js";
import { isUnifiedMemory, usableMemory } from "../../hardware/usable-memory.js";
import { layerKindCounts, layerKindOf } from "../../models/layers.js";
import type { LayerKind, ModelSpec } from "../../models/schema.js";
import type { ModelWeights } from "../../models/weights.js";
import { weightsOf } from "../caches.js";
import { type CacheKind, layerCache, windowOf } from "./caches.js";
import { computeBuffer } from "./compute-buffer.js";
import {
  type CpuKernels,
  defaultCpuKernels,
  engineContext,
  firstGpuLayer,
  gpuBufferName,
  LLAMA_CPP_SOURCE,
  LLAMA_DEFAULT_UBATCH,
  outputBufferBytes,
  swaCells,
} from "./llama-rules.js";
import { engineTensors, type MemoryUnit, weightBuffers } from "./model-buffers.js";
import type { MemoryPlan, PlannedBuffer, UnitMemoryPlan } from "./plan-schema.js";

export interface MemoryPlacement {
  /** `-ngl`: layers on the GPU, the output layer counting as one (default: all, n_layer + 1). */
  readonly gpuLayers?: number;
  /** `--n-cpu-moe`: the expert tensors of layers 0…N−1 stay in host memory. */
  readonly cpuMoeLayers?: number;
  /** Where the KV cache lives: with each layer ("gpu", the default) or all in host memory (`--no-kv-offload`). */
  readonly kvOn?: "gpu" | "cpu";
}

export interface EngineOptions {
  /** n_ubatch (default 512). */
  readonly ubatch?: number;
  /** Default: the workload's attention kernel is "flash". */
  readonly flashAttention?: boolean;
  /** The host CPU's kernels (default: from the device, else x86 AVX2). */
  readonly cpuKernels?: CpuKernels;
  /** Context tokens per sequence to size the caches for (default: what the workload's cache holds). */
  readonly contextTokens?: number;
}

export interface MemoryPlanInput {
  readonly model: ModelSpec;
  readonly workload: ResolvedWorkload;
  /** Exact weights (a GGUF's); default: from the workload's recipe. */
  readonly weights?: ModelWeights;
  /** The device the model runs on; a CPU (or none) makes everything host memory. */
  readonly device?: DeviceSpec;
  /** The host beside a GPU (its memory capacity); default: not described, host fit unchecked. */
  readonly host?: DeviceSpec;
  readonly placement?: MemoryPlacement;
  readonly engine?: EngineOptions;
}

/** Tokens per sequence the cache must hold: the prompt after prefill, the context at decode. */
export function cacheTokens(wl: ResolvedWorkload): number {
  if (wl.phase === "prefill") return wl.promptTokens;
  if (wl.phase === "decode") return wl.contextTokens;
  return Math.max(wl.promptTokens, wl.contextTokens);
}

export function planMemory(input: MemoryPlanInput): MemoryPlan {
  const { model: m, workload: wl, device } = input;
  const w = input.weights ?? weightsOf(m, wl.weights, wl.activations);
  const nLayer = m.numLayers;
  const hasGpu = device !== undefined && device.unit === "gpu";
  const gpuLayers = hasGpu ? clamp(input.placement?.gpuLayers ?? nLayer + 1, 0, nLayer + 1) : 0;
  const cpuMoeLayers = hasGpu ? clamp(input.placement?.cpuMoeLayers ?? 0, 0, nLayer) : 0;
  const kvOn = input.placement?.kvOn ?? "gpu";
  const cpuKernels = input.engine?.cpuKernels ?? defaultCpuKernels(hasGpu ? (input.host ?? device) : device);
  const flashAttention = input.engine?.flashAttention ?? wl.attention === "flash";
  const sequences = wl.batch;
  const perSeq = input.engine?.contextTokens ?? cacheTokens(wl);
  const { nCtx, nCtxSeq } = engineContext(perSeq * sequences, sequences);
  const ubatch = Math.min(input.engine?.ubatch ?? LLAMA_DEFAULT_UBATCH, nCtx);
  const firstGpu = hasGpu ? firstGpuLayer(nLayer, gpuLayers) : nLayer + 1;
  const gpuName = hasGpu ? gpuBufferName(device) : "GPU";
  const onGpu = (i: number) => i >= firstGpu;

  const buffers: PlannedBuffer[] = [];
  // Model buffers.
  const placement = { firstGpuBlock: firstGpu, cpuMoeBlocks: cpuMoeLayers, hasGpu, cpuKernels };
  for (const b of weightBuffers(engineTensors(m, w), placement, gpuName)) {
    buffers.push({
      unit: b.unit,
      kind: "model",
      name: `${b.name} model buffer`,
      bytes: b.bytes,
      residentBytes: b.residentBytes,
      detail: b.bytes === b.residentBytes ? "weights" : "mapped span of the file; resident: its own tensors",
    });
  }
  // KV and recurrent caches, layer by layer on the unit of their layer.
  const shape = { nCtxSeq, sequences, ubatch, kv: wl.kv };
  const caches = new Map<
    string,
    { unit: MemoryUnit; cache: CacheKind; cells: number; layers: number; bytes: number }
  >();
  // Each layer kind's cache is worked out once; the loop only counts layers per unit.
  const perKind = new Map<LayerKind, ReturnType<typeof layerCache>>();
  for (let i = 0; i < nLayer; i++) {
    const kind = layerKindOf(m, i);
    let c = perKind.get(kind);
    if (c === undefined) {
      c = layerCache(m, i, shape);
      perKind.set(kind, c);
    }
    if (!c) continue;
    const unit: MemoryUnit = kvOn === "gpu" && onGpu(i) ? "gpu" : "host";
    const key = CACHE_KEYS[unit][c.cache];
    const e = caches.get(key) ?? { unit, cache: c.cache, cells: c.cells, layers: 0, bytes: 0 };
    e.layers++;
    e.bytes += c.bytes;
    caches.set(key, e);
  }
  for (const c of caches.values()) {
    const dev = c.unit === "gpu" ? gpuName : "CPU";
    const rs = c.cache === "recurrent";
    buffers.push({
      unit: c.unit,
      kind: rs ? "recurrent" : "kv",
      name: `${dev} ${rs ? "RS" : "KV"} buffer`,
      bytes: c.bytes,
      residentBytes: c.bytes,
      detail: rs
        ? `${c.layers} recurrent layers × ${Math.max(1, sequences)} sequences (f32 conv and SSM state)`
        : `${c.cache === "swa" ? "sliding-window" : "full"} cache: ${c.layers} layers × ${c.cells} cells × ${sequences} sequences, ${wl.kv}`,
    });
  }
  // Output (logits), in host memory.
  const out = outputBufferBytes(m.vocabSize, sequences);
  buffers.push({
    unit: "host",
    kind: "output",
    name: "CPU output buffer",
    bytes: out,
    residentBytes: out,
    detail: `${m.vocabSize} logits × ${sequences} sequences, f32`,
  });
  // Compute: the worst-case micro-batch on each unit that runs layers.
  const fullCells = nCtxSeq;
  const compute = computeBuffer(m, {
    tokens: ubatch,
    fullCells,
    swaCells: swaCells(nCtxSeq, modelWindow(m), ubatch),
    flashAttention,
  });
  const detail = `${ubatch}-token micro-batch, largest stage: ${compute.stage}`;
  if (hasGpu && firstGpu <= nLayer)
    buffers.push({
      unit: "gpu",
      kind: "compute",
      name: `${gpuName} compute buffer`,
      bytes: compute.bytes,
      residentBytes: compute.bytes,
      detail,
    });
  const hostRunsLayers = !hasGpu || firstGpu > 0;
  const hostCompute = hostRunsLayers ? compute.bytes : ubatch * m.hiddenSize * 4;
  buffers.push({
    unit: "host",
    kind: "compute",
    name: "CPU compute buffer",
    bytes: hostCompute,
    residentBytes: hostCompute,
    detail: hostRunsLayers ? detail : `${ubatch} token embeddings (the input layer runs on the CPU)`,
  });

  const units = unitsOf(buffers, input, hasGpu);
  const known = units.filter((u) => u.fits !== null);
  return {
    engine: {
      source: LLAMA_CPP_SOURCE,
      nCtx,
      nCtxSeq,
      sequences,
      ubatch,
      flashAttention,
      gpuLayers,
      cpuMoeLayers,
      kvOn,
      cpuKernels,
    },
    units,
    totalBytes: units.reduce((a, u) => a + u.bytes, 0),
    fits: known.length === 0 ? null : known.every((u) => u.fits),
    notes: notesOf(input, hasGpu, w),
  };
}

/** The grouping keys of the caches, by unit and cache (no string built per layer). */
const CACHE_KEYS: Readonly<Record<MemoryUnit, Readonly<Record<CacheKind, string>>>> = {
  gpu: { full: "gpu|full", swa: "gpu|swa", recurrent: "gpu|recurrent" },
  host: { full: "host|full", swa: "host|swa", recurrent: "host|recurrent" },
};

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(x)));

/** The window (or chunk) of the model's sliding layers (llama.cpp has one n_swa per model); Infinity when none. */
function modelWindow(m: ModelSpec): number {
  let w = Number.POSITIVE_INFINITY;
  for (const { kind } of layerKindCounts(m)) w = Math.min(w, windowOf(kind) ?? Number.POSITIVE_INFINITY);
  return w;
}

function unitsOf(
  buffers: readonly PlannedBuffer[],
  input: MemoryPlanInput,
  hasGpu: boolean,
): UnitMemoryPlan[] {
  const device = input.device;
  const sum = (u: MemoryUnit) => buffers.filter((b) => b.unit === u).reduce((a, b) => a + b.residentBytes, 0);
  const units: UnitMemoryPlan[] = [];
  const gpuBytes = sum("gpu");
  if (hasGpu && device) {
    const mem = usableMemory(device);
    units.push({
      unit: "gpu",
      device: device.id,
      buffers: buffers.filter((b) => b.unit === "gpu"),
      bytes: gpuBytes,
      capacityBytes: mem.capacityBytes,
      usableBytes: mem.usableBytes,
      reserve: mem.reserve && { ...mem.reserve, sources: [...mem.reserve.sources] },
      fits: mem.usableBytes === null ? null : gpuBytes <= mem.usableBytes,
      shared: false,
    });
  }
  // The host: the CPU device itself, the described host, or the shared pool of a unified SoC.
  const hostBytes = sum("host");
  let capacity: number | null = null;
  let usable: number | null = null;
  let id = "host";
  let shared = false;
  if (!hasGpu && device) {
    capacity = usable = usableMemory(device).capacityBytes;
    id = device.id;
  } else if (input.host) {
    capacity = usable = usableMemory(input.host).capacityBytes;
    id = input.host.id;
  } else if (device && isUnifiedMemory(device)) {
    capacity = usableMemory(device).capacityBytes;
    // the pool less what the GPU holds (at most its working set: past it the GPU does not fit anyway)
    const gpuUsable = units[0]?.usableBytes ?? gpuBytes;
    usable = capacity === null ? null : Math.max(0, capacity - Math.min(gpuBytes, gpuUsable));
    id = `${device.id} (shared memory)`;
    shared = true;
  }
  units.push({
    unit: "host",
    device: id,
    buffers: buffers.filter((b) => b.unit === "host"),
    bytes: hostBytes,
    capacityBytes: capacity,
    usableBytes: usable,
    reserve: null,
    fits: usable === null ? null : hostBytes <= usable,
    shared,
  });
  return units;
}

/**
 * Whether two plans fit side by side on the same units (a draft model beside the target): each
 * unit holds both plans' buffers; a shared host loses what both GPUs take.
 */
export function plansFitTogether(a: MemoryPlan, b: MemoryPlan): boolean | null {
  const bytesOf = (p: MemoryPlan, unit: MemoryUnit) => p.units.find((u) => u.unit === unit)?.bytes ?? 0;
  const verdicts = a.units.map((u) => {
    if (u.usableBytes === null) return null;
    const usable = u.shared ? u.usableBytes - bytesOf(b, "gpu") : u.usableBytes;
    return u.bytes + bytesOf(b, u.unit) <= usable;
  });
  const known = verdicts.filter((v) => v !== null);
  return known.length === 0 ? null : known.every(Boolean);
}

function notesOf(input: MemoryPlanInput, hasGpu: boolean, w: ModelWeights): string[] {
  const notes: string[] = [];
  const d = input.device;
  if (d && isUnifiedMemory(d) && d.class !== "apple-gpu")
    notes.push(
      `${d.id}: no sourced OS / driver reserve for this unified-memory device; its whole memory is counted`,
    );
  if (hasGpu && !input.host && !(d && isUnifiedMemory(d)))
    notes.push(
      "host memory not described: the host buffers (token embeddings, output, CPU compute) are listed but not checked",
    );
  if (w.vision)
    notes.push("the vision tower is a separate file for llama.cpp (mmproj) and is not in these buffers");
  return notes;
}
