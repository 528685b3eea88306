/**
 * Memory per unit of a placement, as llama.cpp allocates it (`planMemory`: model buffers by
 * tensor placement, each layer's cache on its layer's unit, output and compute buffers), checked
 * against the system's units: the host's RAM as the system states it, the GPU's capacity (or
 * the system's override), one pool for units joined by a "unified" link.
 *
 * Host weights beyond the host's RAM are streamed from storage when the placement mmaps from
 * it: the excess is paged in as passes touch it; the caches and buffers must still fit.
 */
import { type SystemUnit, withStated } from "../cluster/system.js";
import type { ResolvedWorkload } from "../graph/workload.js";
import type { DeviceSpec } from "../hardware/schema.js";
import type { ModelSpec } from "../models/schema.js";
import type { ModelWeights } from "../models/weights.js";
import { planMemory } from "../predict/engine-memory/plan.js";
import type { MemoryPlan, UnitMemoryPlan } from "../predict/engine-memory/plan-schema.js";
import { GiB } from "../units/quantities.js";
import type { OffloadPlacement } from "./placement.js";

export type UnitSide = "gpu" | "host";

export interface UnitMemoryUse {
  readonly unit: string;
  readonly role: UnitSide;
  readonly deviceId: string;
  readonly weightsBytes: number;
  /** KV cache and recurrent state. */
  readonly kvCacheBytes: number;
  /** Compute and output buffers. */
  readonly computeBytes: number;
  readonly totalBytes: number;
  /** What the unit can give the engine (less a driver reserve, or what a shared pool leaves); null when unknown. */
  readonly capacityBytes: number | null;
  readonly fits: boolean | null;
}

export interface OffloadMemory {
  readonly units: readonly UnitMemoryUse[];
  /** Host weights beyond RAM, paged from storage (mmap); 0 when all fit. */
  readonly streamedBytes: number;
  /** True when host and GPU share one memory pool. */
  readonly shared: boolean;
  /** The engine's buffers, as `planMemory` gives them. */
  readonly plan: MemoryPlan;
}

export interface MemoryInput {
  readonly m: ModelSpec;
  readonly w: ModelWeights;
  readonly wl: ResolvedWorkload;
  readonly placement: OffloadPlacement;
  readonly host: SystemUnit | null;
  readonly gpu: SystemUnit | null;
  readonly kvTokens: number;
  /** The system can stream from storage (it names one). */
  readonly storage: boolean;
}

/** The unit's device with the capacity the system gives it (a shared pool's, for a SoC). */
const withCapacity = (u: SystemUnit): DeviceSpec =>
  u.memorySource !== "system" || u.memoryBytes === null
    ? u.device
    : withStated(u.device, { memoryGiB: u.memoryBytes / GiB });

const bytesOf = (u: UnitMemoryPlan, kinds: readonly string[]) =>
  u.buffers.filter((b) => kinds.includes(b.kind)).reduce((a, b) => a + b.residentBytes, 0);

export function offloadMemory(i: MemoryInput): OffloadMemory {
  const shared = i.host !== null && i.gpu !== null && i.host.memoryPool.includes(i.gpu.id);
  const main = i.gpu ?? i.host!;
  // A shared pool: the GPU carries the pool's capacity and the plan gives the host what it leaves.
  const plan = planMemory({
    model: i.m,
    workload: i.wl,
    weights: i.w,
    device: withCapacity(main),
    ...(i.gpu && i.host && !shared ? { host: withCapacity(i.host) } : {}),
    placement: {
      gpuLayers: i.placement.gpuLayers,
      cpuMoeLayers: i.placement.cpuMoeLayers,
      kvOn: i.placement.kvOn,
    },
    engine: { ubatch: i.placement.ubatch, contextTokens: i.kvTokens },
  });
  let streamedBytes = 0;
  const units = plan.units.flatMap((u): UnitMemoryUse[] => {
    const unit = u.unit === "gpu" ? i.gpu : i.host;
    if (!unit && u.unit === "host" && !i.host && i.gpu && u.bytes <= 0) return [];
    const weightsBytes = bytesOf(u, ["model"]);
    const kvCacheBytes = bytesOf(u, ["kv", "recurrent"]);
    const computeBytes = bytesOf(u, ["output", "compute"]);
    const cap = u.usableBytes;
    let fits = u.fits;
    if (u.unit === "host" && fits === false && cap !== null && i.placement.mmapFromStorage && i.storage) {
      streamedBytes = Math.min(weightsBytes, u.bytes - cap);
      fits = kvCacheBytes + computeBytes <= cap;
    }
    return [
      {
        unit: unit?.id ?? u.unit,
        role: u.unit,
        deviceId: unit?.device.id ?? u.device,
        weightsBytes,
        kvCacheBytes,
        computeBytes,
        totalBytes: u.bytes,
        capacityBytes: cap,
        fits,
      },
    ];
  });
  return { units, streamedBytes, shared, plan };
}

/** Host-resident weight bytes of a memory plan. */
export function hostWeightBytes(mem: OffloadMemory): number {
  return mem.units.filter((u) => u.role === "host").reduce((a, u) => a + u.weightsBytes, 0);
}
