/**
 * Memory per unit of a placement: weights where the placement puts them, each layer's cache
 * where it lives, one compute working set per unit that runs ops. Counted with the analysis'
 * own memory terms (weights as stored, cache per layer kind); interim until the engine-exact
 * per-buffer plan lands (issue 17, "memory as the engine allocates it").
 *
 * Units that share memory (a SoC, joined by a "unified" link) are checked against their one
 * pool. Host weights beyond the host's RAM are streamed from storage when the placement mmaps
 * from it (the excess is re-read each pass), and make the host not fit otherwise.
 */
import type { System, SystemUnit } from "../cluster/system.js";
import type { ResolvedWorkload } from "../graph/workload.js";
import { layerCacheBytes } from "../models/layers.js";
import type { ModelSpec } from "../models/schema.js";
import { kindOfLayer, type ModelWeights } from "../models/weights.js";
import { bytesPerValue } from "../quant/index.js";
import { expertsOnCpu, kvOnGpu, layerOnGpu, type Placement } from "./placement.js";

export type UnitSide = "gpu" | "host";

export interface UnitMemoryUse {
  readonly unit: string;
  readonly role: UnitSide;
  readonly deviceId: string;
  readonly weightsBytes: number;
  readonly kvCacheBytes: number;
  readonly computeBytes: number;
  readonly totalBytes: number;
  /** The unit's memory (the shared pool's, less what its other units use); null when unknown. */
  readonly capacityBytes: number | null;
  readonly fits: boolean | null;
}

export interface OffloadMemory {
  readonly units: readonly UnitMemoryUse[];
  /** Host weights beyond RAM, read from storage every pass (mmap); 0 when all fit. */
  readonly streamedBytes: number;
  readonly kvCacheTokens: number;
  /** True when host and GPU share one memory pool. */
  readonly shared: boolean;
}

export interface MemoryInput {
  readonly m: ModelSpec;
  readonly w: ModelWeights;
  readonly wl: ResolvedWorkload;
  readonly placement: Placement;
  readonly system: System;
  readonly host: SystemUnit | null;
  readonly gpu: SystemUnit | null;
  readonly kvTokens: number;
  readonly activationsBytes: number;
}

/** Bytes held by each side: weights, and the cache when a workload is given. */
export function placedBytes(
  i: Pick<MemoryInput, "m" | "w" | "placement"> & Partial<Pick<MemoryInput, "wl" | "kvTokens">>,
): Record<UnitSide, { weights: number; kv: number }> {
  const { m, w, wl, placement: p } = i;
  const out = { gpu: { weights: 0, kv: 0 }, host: { weights: 0, kv: 0 } };
  const b = wl ? bytesPerValue(wl.kv) : 0;
  const experts = m.moe?.numExperts ?? 1;
  w.layers.forEach((l, k) => {
    const kind = kindOfLayer(m, l);
    const t = l.tensors;
    const moe = kind.ffn === "moe";
    const expertBytes = moe ? (t.ffn_gate.bytes + t.ffn_up.bytes + t.ffn_down.bytes) * experts : 0;
    let all = l.smallBytes;
    for (const x of Object.values(t)) all += x.bytes;
    const rest = all - (moe ? t.ffn_gate.bytes + t.ffn_up.bytes + t.ffn_down.bytes : 0);
    out[layerOnGpu(p, m, k) ? "gpu" : "host"].weights += rest;
    out[expertsOnCpu(p, m, k) ? "host" : "gpu"].weights += expertBytes;
    if (wl)
      out[kvOnGpu(p, m, k) ? "gpu" : "host"].kv += wl.batch * layerCacheBytes(m, kind, i.kvTokens ?? 0, b);
  });
  out.host.weights += w.embedding.bytes + (w.vision?.bytes ?? 0);
  // With tied embeddings llama.cpp loads the output matrix again on the output's device.
  const head = w.finalNormBytes + (w.tied && !p.outputOnGpu ? 0 : w.lmHead.bytes);
  out[p.outputOnGpu ? "gpu" : "host"].weights += head;
  return out;
}

export function offloadMemory(i: MemoryInput): OffloadMemory {
  const placed = placedBytes(i);
  const shared = i.host !== null && i.gpu !== null && i.host.memoryPool.includes(i.gpu.id);
  const units: UnitMemoryUse[] = [];
  const sides: [UnitSide, SystemUnit | null][] = [
    ["gpu", i.gpu],
    ["host", i.host],
  ];
  const runsOps = (side: UnitSide) =>
    side === "host" ? true : i.placement.gpuLayers > 0 || i.placement.opOffload;
  const use = (side: UnitSide) => {
    const x = placed[side];
    const computeBytes = runsOps(side) ? i.activationsBytes : 0;
    return { ...x, computeBytes, total: x.weights + x.kv + computeBytes };
  };
  let streamedBytes = 0;
  for (const [side, unit] of sides) {
    if (!unit) continue;
    const u = use(side);
    const other = shared ? use(side === "gpu" ? "host" : "gpu").total : 0;
    const cap =
      unit.memoryBytes === null ? null : Math.max(0, unit.memoryBytes - (side === "gpu" ? other : 0));
    let fits = cap === null ? null : u.total <= cap;
    if (side === "host" && fits === false && i.placement.mmapFromStorage && i.system.storage) {
      // mmap: what does not fit is paged from the drive; the cache and working set must fit.
      streamedBytes = Math.min(u.weights, u.total - cap!);
      fits = u.kv + u.computeBytes <= cap!;
    }
    units.push({
      unit: unit.id,
      role: side,
      deviceId: unit.device.id,
      weightsBytes: u.weights,
      kvCacheBytes: u.kv,
      computeBytes: u.computeBytes,
      totalBytes: u.total,
      capacityBytes: cap,
      fits,
    });
  }
  // A GPU-less system puts everything on the host (done above); a host-less one on the GPU.
  if (!i.host && i.gpu) {
    const g = units[0]!;
    const all = placed.host.weights + placed.host.kv;
    units[0] = {
      ...g,
      weightsBytes: g.weightsBytes + placed.host.weights,
      kvCacheBytes: g.kvCacheBytes + placed.host.kv,
      totalBytes: g.totalBytes + all,
      fits: g.capacityBytes === null ? null : g.totalBytes + all <= g.capacityBytes,
    };
  }
  return { units, streamedBytes, kvCacheTokens: i.kvTokens, shared };
}
