/**
 * Feasibility (exercises 2.6 and 2.7): which model sizes, weight precisions and batch
 * sizes meet a per-token latency or a tokens/s target on a device, and by what margin.
 *
 * Each configuration is a decode-step analysis (bound and estimate). A configuration
 * meets the target by the estimate; the bound says whether it could ever meet it (at
 * 100% of bandwidth and compute). Weights that do not fit in memory are streamed from
 * storage every token (exercise 2.7: 7B → 70B on an edge device).
 */

import type { Efficiency } from "../efficiency/defaults.js";
import { InputError } from "../errors.js";
import type { ResolvedWorkload } from "../graph/workload.js";
import type { DeviceSpec } from "../hardware/schema.js";
import { countParams } from "../models/params.js";
import type { ModelSpec } from "../models/schema.js";
import { analyze } from "../predict/analyze.js";
import { GiB } from "../units/quantities.js";

/** Precisions tried by default: fp16, 8-bit, the common 4-bit mix, plain 4-bit, 2-bit. */
export const FIT_PRECISIONS = ["fp16", "q8_0", "q4_k_m", "int4", "q2_k"] as const;
export const FIT_BATCHES = [1, 2, 4, 8, 16] as const;

/**
 * Default storage read bandwidth for weights that do not fit, GB/s: a UFS 4.0 phone's
 * sequential read (Samsung quotes up to 4.2 GB/s) and about a PCIe 3.0 ×4 NVMe SSD
 * (3.5 GB/s); PCIe 4.0 NVMe drives read about 7 GB/s, eMMC and SD cards well under 1.
 */
export const DEFAULT_STORAGE_GBPS = 4;
export const STORAGE_GBPS_NOTE =
  "UFS 4.0 sequential read (Samsung: up to 4.2 GB/s), about a PCIe 3.0 x4 NVMe SSD (3.5 GB/s); PCIe 4.0 NVMe ≈ 7, eMMC/SD < 1";

export interface FitTarget {
  /** Per-token latency budget of each sequence: one decode step, seconds. */
  readonly latencyS?: number;
  /** Tokens/s over the whole batch (aggregate throughput). */
  readonly tokensPerS?: number;
}

export interface FitInput {
  /** Candidate models (presets, or synthetic models from syntheticDense). */
  readonly models: readonly ModelSpec[];
  readonly device: DeviceSpec;
  /** Context, KV format, attention kernel, fusion …; weights and batch are set per row. */
  readonly workload: ResolvedWorkload;
  readonly target: FitTarget;
  readonly precisions?: readonly string[];
  readonly batches?: readonly number[];
  readonly storageGBps?: number;
  readonly efficiency?: Efficiency;
}

/**
 * meets: the estimate is within the target. bound-only: only the roofline bound is (the
 * target needs better than the assumed achievable efficiency). never: even the bound
 * misses it. no-room: the KV cache and activations alone exceed the memory.
 */
export const FIT_VERDICTS = ["meets", "bound-only", "never", "no-room"] as const;
export type FitVerdict = (typeof FIT_VERDICTS)[number];

export interface FitRow {
  readonly model: string;
  readonly params: number;
  readonly precision: string;
  readonly batch: number;
  readonly weightsBytes: number;
  /** Weights + KV cache + activations. */
  readonly memoryBytes: number;
  readonly capacityBytes: number | null;
  readonly fits: boolean | null;
  /** Weight bytes read from storage every step (those that do not fit in memory). */
  readonly streamedBytes: number;
  readonly streamS: number;
  /** The chapter's back-of-envelope (2.6): weight bytes / memory bandwidth. */
  readonly weightsOverBandwidthS: number;
  /** One decode step, streaming included: bound overlaps streaming with the step, the estimate adds it. */
  readonly stepBoundS: number;
  readonly stepEstimateS: number;
  readonly tokensPerSBound: number;
  readonly tokensPerSEstimate: number;
  /** What limits the bound: memory bandwidth, compute, or storage streaming. */
  readonly limitedBy: "memory" | "compute" | "storage";
  /** ≥ 1 meets: target latency / step, tokens/s / target (the smaller when both are given). */
  readonly marginEstimate: number;
  readonly marginBound: number;
  readonly verdict: FitVerdict;
  /** Device power × step / batch, when the catalog lists the power. */
  readonly energyPerTokenJ: number | null;
}

export interface FitSummary {
  readonly model: string;
  readonly params: number;
  readonly precision: string;
  /** Batches whose estimate meets the target. */
  readonly meetsAt: readonly number[];
  /** Batches where only the bound does. */
  readonly boundOnlyAt: readonly number[];
  /** The first batch (usually 1): the latency-optimal configuration. */
  readonly first: FitRow;
  /** The configuration meeting the target with the most tokens/s, if any. */
  readonly best: FitRow | null;
}

export interface FitResult {
  readonly device: string;
  readonly bandwidthGBps: number;
  readonly capacityBytes: number | null;
  readonly powerW: number | null;
  readonly target: FitTarget;
  readonly contextTokens: number;
  readonly kv: string;
  readonly storageGBps: number;
  readonly efficiency: string;
  readonly rows: readonly FitRow[];
  readonly summaries: readonly FitSummary[];
  /** Every assumption behind the numbers, in words. */
  readonly assumptions: readonly string[];
}

/** Target latency / time and throughput / target; the smaller when both are set (≥ 1 meets). */
export function fitMargin(t: FitTarget, stepS: number, batch: number): number {
  let m = Infinity;
  if (t.latencyS !== undefined) m = Math.min(m, t.latencyS / stepS);
  if (t.tokensPerS !== undefined) m = Math.min(m, batch / stepS / t.tokensPerS);
  return m;
}

export function fitRow(
  model: ModelSpec,
  device: DeviceSpec,
  wl: ResolvedWorkload,
  precision: string,
  batch: number,
  target: FitTarget,
  storageGBps: number,
  efficiency?: Efficiency,
): FitRow {
  const a = analyze({
    model,
    device,
    workload: { ...wl, phase: "decode", promptTokens: wl.contextTokens, weights: precision, batch },
    ...(efficiency ? { efficiency } : {}),
  });
  const dec = a.decode;
  if (!dec) throw new Error("fit: decode analysis missing");
  const mem = a.memory;
  const overflow = mem.capacityBytes === null ? 0 : Math.max(0, mem.totalBytes - mem.capacityBytes);
  const noRoom = overflow > mem.weightsBytes;
  const streamed = Math.min(overflow, mem.weightsBytes);
  const streamS = streamed / (storageGBps * 1e9);
  const stepBoundS = Math.max(dec.latencyBoundS, streamS);
  const stepEstimateS = dec.latencyEstimateS + streamS;
  const marginEstimate = fitMargin(target, stepEstimateS, batch);
  const marginBound = fitMargin(target, stepBoundS, batch);
  const power = device.powerW?.value ?? null;
  return {
    model: model.id,
    params: countParams(model).total,
    precision,
    batch,
    weightsBytes: mem.weightsBytes,
    memoryBytes: mem.totalBytes,
    capacityBytes: mem.capacityBytes,
    fits: mem.fits,
    streamedBytes: streamed,
    streamS,
    weightsOverBandwidthS: mem.weightsBytes / (device.bandwidthGBps.value * 1e9),
    stepBoundS,
    stepEstimateS,
    tokensPerSBound: batch / stepBoundS,
    tokensPerSEstimate: batch / stepEstimateS,
    limitedBy: streamS > dec.latencyBoundS ? "storage" : dec.boundClass === "compute" ? "compute" : "memory",
    marginEstimate,
    marginBound,
    verdict: noRoom ? "no-room" : marginEstimate >= 1 ? "meets" : marginBound >= 1 ? "bound-only" : "never",
    energyPerTokenJ: power === null ? null : (power * stepEstimateS) / batch,
  };
}

export function fit(input: FitInput): FitResult {
  const { device, workload: wl, target } = input;
  if (target.latencyS === undefined && target.tokensPerS === undefined)
    throw new InputError("target", target, "needs latencyS or tokensPerS");
  const precisions = input.precisions ?? FIT_PRECISIONS;
  const batches = input.batches ?? FIT_BATCHES;
  const storage = input.storageGBps ?? DEFAULT_STORAGE_GBPS;
  const eff = input.efficiency;
  const rows: FitRow[] = [];
  const summaries: FitSummary[] = [];
  for (const m of input.models) {
    for (const p of precisions) {
      const mine = batches.map((b) => fitRow(m, device, wl, p, b, target, storage, eff));
      rows.push(...mine);
      const meeting = mine.filter((r) => r.verdict === "meets");
      summaries.push({
        model: m.id,
        params: countParams(m).total,
        precision: p,
        meetsAt: meeting.map((r) => r.batch),
        boundOnlyAt: mine.filter((r) => r.verdict === "bound-only").map((r) => r.batch),
        first: mine[0]!,
        best: meeting.reduce<FitRow | null>(
          (b, r) => (b === null || r.tokensPerSEstimate > b.tokensPerSEstimate ? r : b),
          null,
        ),
      });
    }
  }
  const cap = device.memoryGiB ? device.memoryGiB.value * GiB : null;
  const power = device.powerW?.value ?? null;
  // The analysis's own default when none is given (calibrated per device class where data exists).
  const effSource =
    eff?.source ??
    (input.models[0]
      ? analyze({ model: input.models[0], device, workload: { ...wl, phase: "decode" } }).efficiency.source
      : "analysis default");
  const assumptions = [
    `per-token latency = one decode step at context ${wl.contextTokens} (KV cache ${wl.kv}, ${wl.attention} attention${wl.fusion ? ", fused element-wise ops" : ""}); with batch B every sequence gets one token per step, so tokens/s = B / step`,
    `meets = the estimate is within the target (achievable efficiencies: ${effSource}); bound = the roofline, max(FLOPs/peak, bytes/bandwidth): "bound-only" rows could meet it only above those fractions, "never" rows cannot at all`,
    `margin = target latency / step time${target.tokensPerS !== undefined ? ", or tokens/s / target (the smaller of the two)" : ""}: above 1 is headroom`,
    cap === null
      ? `${device.id} lists no memory capacity: nothing is streamed from storage`
      : `memory = the ${(cap / GiB).toFixed(0)} GiB listed for ${device.id}, all of it usable (the OS and other apps take some in practice); weights that do not fit are read from storage every token at ${storage} GB/s${storage === DEFAULT_STORAGE_GBPS ? ` (default: ${STORAGE_GBPS_NOTE})` : ""}; the KV cache and activations stay in memory; the bound overlaps streaming with the step, the estimate adds it (no overlap, as with mmap page faults)`,
    "precisions are weight formats with fp16 activations: block formats (q8_0, q4_k_m, q2_k) and int4 dequantize and compute in fp16, exact bits per weight including scales",
    power === null
      ? `${device.id} lists no power: no energy figures`
      : `energy per token = ${power} W (typical power listed for ${device.id}) × step / batch; storage reads not counted`,
  ];
  return {
    device: device.id,
    bandwidthGBps: device.bandwidthGBps.value,
    capacityBytes: cap,
    powerW: power,
    target,
    contextTokens: wl.contextTokens,
    kv: wl.kv,
    storageGBps: storage,
    efficiency: effSource,
    rows,
    summaries,
    assumptions,
  };
}
