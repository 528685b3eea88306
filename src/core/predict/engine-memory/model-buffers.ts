/**
 * Model (weight) buffers as llama.cpp places them (llama-model.cpp `load_tensors`,
 * llama-model-loader.cpp `create_tensor`): each tensor goes to the buffer type of the layer
 * that holds it — the input layer (token embeddings) always on the CPU, repeating layers and
 * the output layer on the GPU from `-ngl`'s first GPU layer on — and `--n-cpu-moe N` sends the
 * expert tensors of layers 0…N−1 back to the CPU.
 *
 * On the CPU, a CPU-only engine first tries its extra buffer types (AMX, CPU_REPACK) and
 * otherwise maps the file (CPU_Mapped). With a GPU, the CPU list starts with the GPU's host
 * buffer, which under mmap becomes the plain CPU buffer (`avoid using a host buffer when
 * using mmap`), so CPU-resident weights are mapped, not repacked.
 *
 * A mapped buffer spans the file from its first to its last tensor (`get_mapping_range`), so
 * it also covers tensors between them that live elsewhere (repacked, offloaded): the span is
 * what the engine logs, the tensors it really holds what stays resident.
 */

import type { ModelSpec } from "../../models/schema.js";
import {
  type FileTensor,
  kindOfLayer,
  LAYER_TENSORS,
  type LayerTensor,
  type LayerWeights,
  type ModelWeights,
} from "../../models/weights.js";
import { type CpuKernels, cpuWeightBuffer, type WeightUse } from "./llama-rules.js";

export type MemoryUnit = "gpu" | "host";

/**
 * One weight tensor (all experts of an expert tensor together), or the same tensor of a run
 * of identical consecutive layers: `blocks` copies, each `stride` bytes of file after the
 * previous, so that a model costs its runs of layers, not its layers (issue 16).
 */
export interface EngineTensor {
  /** (First) block of the file: −1 the input layer, 0…n−1 the repeating layers, n the output layer. */
  readonly block: number;
  /** Consecutive blocks from `block` holding one copy each (1 for a single tensor). */
  readonly blocks: number;
  /** File bytes from one copy to the next (0 for a single tensor). */
  readonly stride: number;
  /** Bytes of one copy. */
  readonly bytes: number;
  readonly format: string;
  readonly use: WeightUse;
  readonly expert: boolean;
  /** Offset in the file's data (of the first copy); null for the tied output, token_embd loaded a second time. */
  readonly offset: number | null;
}

const EXPERT_SLOTS: ReadonlySet<LayerTensor> = new Set(["ffn_gate", "ffn_up", "ffn_down"]);
/** 3-D matmul weights (MLA's per-head W_UK, W_UV) and the conv filter: no extra buffer takes them. */
const OTHER_SLOTS: ReadonlySet<LayerTensor> = new Set(["attn_k_b", "attn_v_b", "mix_conv"]);

/**
 * The model's weight tensors: a GGUF's own table in file order, else the usual layout
 * (token_embd, blk.0 … blk.n−1, output_norm, output). Tied embeddings: llama.cpp loads
 * token_embd again as the output tensor (TENSOR_DUPLICATED), on the output layer's device.
 */
export function engineTensors(m: ModelSpec, w: ModelWeights): readonly EngineTensor[] {
  // Once per model and weights (an advisor plans the same weights for many workloads).
  let byModel = tensorsCache.get(w);
  if (!byModel) {
    byModel = new WeakMap();
    tensorsCache.set(w, byModel);
  }
  let out = byModel.get(m);
  if (!out) {
    out = tensorsOf(m, w);
    byModel.set(m, out);
  }
  return out;
}
const tensorsCache = new WeakMap<ModelWeights, WeakMap<ModelSpec, readonly EngineTensor[]>>();

function tensorsOf(m: ModelSpec, w: ModelWeights): EngineTensor[] {
  const n = w.layers.length;
  const out = w.file ? w.file.map((t) => fileTensor(t, n)) : recipeTensors(m, w);
  if (!out.some((t) => t.block === n && t.use === "matmul"))
    out.push({
      block: n,
      blocks: 1,
      stride: 0,
      bytes: w.embedding.bytes,
      format: w.embedding.format,
      use: "matmul",
      expert: false,
      offset: null,
    });
  return out;
}

/** 2-D tensors no matmul reads: grouped norms, the conv filters (ssm_conv1d, shortconv.conv). */
const NOT_MATMUL = /norm|conv1d|\.conv\./;

/** llama.cpp's reading of a tensor name (llama-arch.cpp): its layer, and the op that uses it. */
function fileTensor(t: FileTensor, n: number): EngineTensor {
  const blk = /^blk\.(\d+)\./.exec(t.name);
  const base = { blocks: 1, stride: 0, bytes: t.bytes, format: t.format, offset: t.offset };
  if (!blk) {
    if (t.name.startsWith("token_embd")) return { ...base, block: -1, use: "other", expert: false };
    const matrix = t.name === "output.weight";
    return { ...base, block: n, use: matrix ? "matmul" : "other", expert: false };
  }
  const expert = /_exps\b/.test(t.name);
  const is2d = t.dims.length === 2 && (t.dims[1] ?? 1) > 1;
  const use: WeightUse =
    expert && t.dims.length === 3 ? "matmul-experts" : is2d && !NOT_MATMUL.test(t.name) ? "matmul" : "other";
  return { ...base, block: Number(blk[1]), use, expert };
}

/** Same tensors, formats and small weights (a mix such as q4_k_m varies formats by layer). */
function sameLayer(a: LayerWeights, b: LayerWeights): boolean {
  if (a.kind !== b.kind || a.smallBytes !== b.smallBytes) return false;
  for (const slot of LAYER_TENSORS) {
    const x = a.tensors[slot];
    const y = b.tensors[slot];
    if (x.bytes !== y.bytes || x.format !== y.format) return false;
  }
  return true;
}

/** The usual layout, file order; each run of identical consecutive layers once, with its count. */
function recipeTensors(m: ModelSpec, w: ModelWeights): EngineTensor[] {
  const n = w.layers.length;
  const out: EngineTensor[] = [];
  let offset = 0;
  const single = (t: Omit<EngineTensor, "offset" | "blocks" | "stride">) => {
    out.push({ ...t, blocks: 1, stride: 0, offset });
    offset += t.bytes;
  };
  single({ block: -1, bytes: w.embedding.bytes, format: w.embedding.format, use: "other", expert: false });
  for (let i = 0; i < n; ) {
    const l = w.layers[i]!;
    let end = i + 1;
    while (end < n && sameLayer(l, w.layers[end]!)) end++;
    const moe = kindOfLayer(m, l).ffn === "moe";
    const experts = moe ? (m.moe?.numExperts ?? 1) : 1;
    const layer: Omit<EngineTensor, "offset" | "blocks" | "stride">[] = [];
    if (l.smallBytes > 0)
      layer.push({ block: i, bytes: l.smallBytes, format: "fp32", use: "other", expert: false });
    for (const slot of LAYER_TENSORS) {
      const t = l.tensors[slot];
      if (t.bytes === 0) continue;
      const expert = moe && EXPERT_SLOTS.has(slot);
      layer.push({
        block: i,
        bytes: t.bytes * (expert ? experts : 1),
        format: t.format,
        use: expert ? "matmul-experts" : OTHER_SLOTS.has(slot) ? "other" : "matmul",
        expert,
      });
    }
    const stride = layer.reduce((sum, t) => sum + t.bytes, 0);
    let at = offset;
    for (const t of layer) {
      out.push({ ...t, blocks: end - i, stride, offset: at });
      at += t.bytes;
    }
    offset += stride * (end - i);
    i = end;
  }
  single({ block: n, bytes: w.finalNormBytes, format: "fp32", use: "other", expert: false });
  if (!w.tied)
    single({ block: n, bytes: w.lmHead.bytes, format: w.lmHead.format, use: "matmul", expert: false });
  return out;
}

export interface Placement {
  /** First block (layer index) on the GPU; n + 1 when nothing is (see `firstGpuLayer`). */
  readonly firstGpuBlock: number;
  /** Expert tensors of blocks below this stay in host memory (`--n-cpu-moe`). */
  readonly cpuMoeBlocks: number;
  /** A GPU engine (CPU weights mapped, never repacked) or a CPU-only one. */
  readonly hasGpu: boolean;
  readonly cpuKernels: CpuKernels;
}

export interface WeightBuffer {
  readonly unit: MemoryUnit;
  /** The engine's buffer name: "CPU_Mapped", "CPU_REPACK", "AMX", or the GPU's ("CUDA0"…). */
  readonly name: string;
  /** As the engine logs it (a mapped span includes what lies between its tensors). */
  readonly bytes: number;
  /** The bytes of the tensors it holds. */
  readonly residentBytes: number;
}

/** The unit a tensor of `block` lives on under a placement. */
export function unitOf(block: number, expert: boolean, p: Placement): MemoryUnit {
  if (block < 0) return "host";
  if (block < p.firstGpuBlock) return "host";
  if (expert && block < p.cpuMoeBlocks) return "host";
  return "gpu";
}

/** Weight buffers per unit, in the engine's names; `gpuName` names the GPU's buffers. */
export function weightBuffers(
  tensors: readonly EngineTensor[],
  p: Placement,
  gpuName: string,
): readonly WeightBuffer[] {
  // Once per tensor table and placement: the workload changes no weight buffer.
  let byPlacement = buffersCache.get(tensors);
  if (!byPlacement) {
    byPlacement = new Map();
    buffersCache.set(tensors, byPlacement);
  }
  const key = `${p.firstGpuBlock}|${p.cpuMoeBlocks}|${p.hasGpu}|${p.cpuKernels}|${gpuName}`;
  let out = byPlacement.get(key);
  if (!out) {
    out = buffersOf(tensors, p, gpuName);
    byPlacement.set(key, out);
  }
  return out;
}
const buffersCache = new WeakMap<readonly EngineTensor[], Map<string, readonly WeightBuffer[]>>();

function buffersOf(tensors: readonly EngineTensor[], p: Placement, gpuName: string): WeightBuffer[] {
  const sums = new Map<string, { unit: MemoryUnit; bytes: number }>();
  const add = (unit: MemoryUnit, name: string, bytes: number) => {
    const e = sums.get(name) ?? { unit, bytes: 0 };
    e.bytes += bytes;
    sums.set(name, e);
  };
  // The mapped buffer: from the first to the last byte of the file it maps.
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  let mappedResident = 0;
  for (const t of tensors) {
    // A run of copies splits where the placement changes unit: at the first GPU block, and
    // for expert tensors at --n-cpu-moe's last block.
    const end = t.block + t.blocks;
    const cuts = [t.block, end];
    for (const c of t.expert ? [p.firstGpuBlock, p.cpuMoeBlocks] : [p.firstGpuBlock])
      if (c > t.block && c < end) cuts.push(c);
    cuts.sort((x, y) => x - y);
    for (let k = 0; k + 1 < cuts.length; k++) {
      const from = cuts[k]!;
      const copies = cuts[k + 1]! - from;
      if (copies === 0) continue;
      if (unitOf(from, t.expert, p) === "gpu") {
        add("gpu", gpuName, t.bytes * copies);
        continue;
      }
      const buf = p.hasGpu
        ? { buffer: "CPU_Mapped" as const, bytes: t.bytes }
        : cpuWeightBuffer(p.cpuKernels, t.format, t.use, t.bytes);
      if (buf.buffer !== "CPU_Mapped") add("host", buf.buffer, buf.bytes * copies);
      else if (t.offset !== null) {
        // (a tied output mapped again is the embedding's own bytes: held once)
        const start = t.offset + (from - t.block) * t.stride;
        first = Math.min(first, start);
        last = Math.max(last, start + (copies - 1) * t.stride + t.bytes);
        mappedResident += t.bytes * copies;
      }
    }
  }
  const out: WeightBuffer[] = [];
  if (last > first)
    out.push({ unit: "host", name: "CPU_Mapped", bytes: last - first, residentBytes: mappedResident });
  for (const [name, e] of sums) out.push({ unit: e.unit, name, bytes: e.bytes, residentBytes: e.bytes });
  return out;
}
