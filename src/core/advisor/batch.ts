/**
 * Batching the decode phase (chapter 2.4.2, 2.4.4): throughput and per-token latency as
 * the batch grows, where decode turns compute-bound (whole pass and per op class), the
 * largest batch within a latency budget (a search over analyses), and the chapter's
 * B_opt = sqrt(BW × Latency_target / (2 × ModelSize)) beside it.
 *
 * Every sequence of a batch gets one token per decode step: per-token latency = step
 * time, throughput = batch / step. Weights are read once per step for the whole batch;
 * each sequence reads its own KV cache, so intensity saturates at the per-sequence
 * FLOPs / per-sequence bytes, which for long contexts may stay below the ridge forever.
 */

import type { Efficiency } from "../efficiency/defaults.js";
import { MAX_BATCH, type ResolvedWorkload } from "../graph/workload.js";
import type { DeviceSpec } from "../hardware/schema.js";
import { countParams } from "../models/params.js";
import type { ModelSpec } from "../models/schema.js";
import type { ModelWeights } from "../models/weights.js";
import type { Analysis, PhaseAnalysis } from "../predict/analysis-types.js";
import { analyze } from "../predict/analyze.js";
import type { BoundClass } from "../roofline/classify.js";

export const DEFAULT_MAX_TABLE_BATCH = 256;
/** Searches (crossovers, latency budget, memory) look up to the workload's batch limit. */
export const SEARCH_MAX_BATCH = MAX_BATCH;

export interface BatchInput {
  readonly model: ModelSpec;
  readonly device: DeviceSpec;
  /** Context, prompt, formats, attention …; phase and batch are set here. */
  readonly workload: ResolvedWorkload;
  /** Per-token latency budget (one decode step), seconds. */
  readonly latencyS?: number;
  /** Largest batch of the table (powers of two from 1). */
  readonly maxBatch?: number;
  readonly weights?: ModelWeights;
  readonly efficiency?: Efficiency;
}

export interface BatchRow {
  readonly batch: number;
  readonly stepBoundS: number;
  readonly stepEstimateS: number;
  /** Tokens/s over the batch. */
  readonly tokensPerSBound: number;
  readonly tokensPerSEstimate: number;
  /** Whole decode pass, FLOP/byte. */
  readonly intensity: number;
  readonly boundClass: BoundClass;
  readonly memoryBytes: number;
  readonly kvCacheBytes: number;
  readonly fits: boolean | null;
  readonly energyPerTokenJ: number | null;
  /** Step estimate within the latency budget (null without one). */
  readonly withinLatency: boolean | null;
}

export interface KindCrossover {
  /** Op kind (layer ops) or model-level op name (embedding, final_norm, lm_head). */
  readonly kind: string;
  readonly ridge: number | null;
  readonly intensityAt1: number;
  readonly intensityAtMax: number;
  /** Smallest batch whose intensity reaches the ridge; null if none up to SEARCH_MAX_BATCH. */
  readonly computeBoundFrom: number | null;
}

export interface BatchResult {
  readonly model: string;
  readonly device: string;
  readonly params: number;
  readonly weightsBytes: number;
  readonly contextTokens: number;
  readonly weightsFormat: string;
  readonly kv: string;
  readonly bandwidthGBps: number;
  readonly capacityBytes: number | null;
  readonly powerW: number | null;
  /** Source of the achievable efficiencies behind the estimates. */
  readonly efficiency: string;
  readonly rows: readonly BatchRow[];
  /** First batch of the table that does not fit (the table stops there), null if all fit. */
  readonly stopsFittingAt: number | null;
  /** Largest batch that fits in memory (search), null when capacity is unknown. */
  readonly maxFittingBatch: number | null;
  readonly computeBound: {
    /** Ridge of the activation precision, FLOP/byte. */
    readonly ridge: number | null;
    readonly intensityAt1: number;
    readonly intensityAtMax: number;
    /** Smallest batch with whole-pass intensity ≥ ridge. */
    readonly wholePassFrom: number | null;
    readonly byKind: readonly KindCrossover[];
  };
  readonly latency: LatencySearch | null;
}

export interface LatencySearch {
  readonly targetS: number;
  /** Largest batch whose step estimate is within the budget and which fits; null if not even batch 1. */
  readonly bestEstimate: BatchRow | null;
  /** The same at the roofline bound. */
  readonly bestBound: BatchRow | null;
  /** True when memory, not latency, stops the estimate search. */
  readonly memoryLimited: boolean;
  /** The searches on latency alone (memory ignored): what the budget allows. */
  readonly latencyOnlyEstimate: number | null;
  readonly latencyOnlyBound: number | null;
  /**
   * The roofline closed form for a memory-bound step: t = (fixed + B × perSequence) / BW,
   * so the budget allows B = (BW × T − fixed) / perSequence. `valid` when every op is
   * memory-bound at that batch and bytes grow linearly with it (dense models).
   */
  readonly closedForm: {
    readonly fixedBytes: number;
    readonly perSequenceBytes: number;
    readonly batch: number;
    readonly valid: boolean;
  };
  /** The chapter's B_opt (2.4.4). */
  readonly chapter: ChapterBopt;
}

export interface ChapterBopt {
  /** sqrt(BW × T / (2 × P)) with BW in bytes/s, T in s, P the parameter count: dimensionless. */
  readonly bOpt: number;
  /** BW × T / (2 × P): how many times fp16 weights could be read within the budget. */
  readonly radicand: number;
  /** The same with the stored weight bytes of the chosen format in place of 2 × P. */
  readonly bOptStoredBytes: number;
  /** Latency-only search result (estimate) / B_opt; null when the search finds no batch. */
  readonly searchOverFormula: number | null;
}

/** Smallest n in [1, max] with pred(n), for a predicate false then true (doubling, then bisection). */
export function firstTrue(pred: (n: number) => boolean, max = SEARCH_MAX_BATCH): number | null {
  let hi = 1;
  while (hi <= max && !pred(hi)) hi *= 2;
  if (hi > max) {
    if (!pred(max)) return null;
    hi = max;
  }
  let lo = Math.floor(hi / 2); // pred(lo) false (or lo = 0)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (pred(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Largest n in [1, max] with pred(n), for a predicate true then false; null if pred(1) is false. */
export function lastTrue(pred: (n: number) => boolean, max = SEARCH_MAX_BATCH): number | null {
  const f = firstTrue((n) => !pred(n), max);
  if (f === null) return max;
  return f === 1 ? null : f - 1;
}

interface KindSum {
  flops: number;
  bytes: number;
  ridge: number | null;
}

/** FLOPs and bytes by op kind over one layer (the most common variant) and the model-level ops. */
function byKind(p: PhaseAnalysis): Map<string, KindSum> {
  const out = new Map<string, KindSum>();
  const add = (k: string, o: { flops: number; bytesTotal: number; ridge: number | null }) => {
    const e = out.get(k) ?? { flops: 0, bytes: 0, ridge: o.ridge };
    e.flops += o.flops;
    e.bytes += o.bytesTotal;
    out.set(k, e);
  };
  for (const o of p.layerOps) add(o.kind, o);
  for (const o of p.modelOps) add(o.name, o);
  return out;
}

const intensityOf = (s: KindSum | undefined) => (s === undefined || s.bytes === 0 ? 0 : s.flops / s.bytes);

export function batchSweep(input: BatchInput): BatchResult {
  const { model: m, device, workload: wl } = input;
  const cache = new Map<number, Analysis>();
  const at = (b: number): Analysis => {
    let a = cache.get(b);
    if (!a) {
      a = analyze({
        model: m,
        device,
        workload: { ...wl, phase: "decode", batch: b },
        ...(input.efficiency ? { efficiency: input.efficiency } : {}),
        ...(input.weights ? { weights: input.weights } : {}),
      });
      cache.set(b, a);
    }
    return a;
  };
  const dec = (b: number) => at(b).decode!;
  const power = device.powerW?.value ?? null;
  const T = input.latencyS;
  const row = (b: number): BatchRow => {
    const a = at(b);
    const d = a.decode!;
    return {
      batch: b,
      stepBoundS: d.latencyBoundS,
      stepEstimateS: d.latencyEstimateS,
      tokensPerSBound: d.tokensPerSBound,
      tokensPerSEstimate: d.tokensPerSEstimate,
      intensity: d.totals.intensity ?? 0,
      boundClass: d.boundClass,
      memoryBytes: a.memory.totalBytes,
      kvCacheBytes: a.memory.kvCacheBytes,
      fits: a.memory.fits,
      energyPerTokenJ: power === null ? null : (power * d.latencyEstimateS) / b,
      withinLatency: T === undefined ? null : d.latencyEstimateS <= T,
    };
  };

  // The table: 1, 2, 4, … up to maxBatch, stopping at the first batch that does not fit.
  const rows: BatchRow[] = [];
  let stopsFittingAt: number | null = null;
  for (let b = 1; b <= (input.maxBatch ?? DEFAULT_MAX_TABLE_BATCH); b *= 2) {
    const r = row(b);
    rows.push(r);
    if (r.fits === false) {
      stopsFittingAt = b;
      break;
    }
  }
  const base = at(1);
  const fitsAt = (b: number) => at(b).memory.fits !== false;
  const maxFittingBatch = base.memory.capacityBytes === null ? null : lastTrue(fitsAt);

  // Compute-bound crossovers: intensity rises with the batch (weights shared), then saturates.
  const ridge = dec(1).ridge;
  const wholePassFrom = ridge === null ? null : firstTrue((b) => (dec(b).totals.intensity ?? 0) >= ridge);
  const kinds1 = byKind(dec(1));
  const kindsMax = byKind(dec(SEARCH_MAX_BATCH));
  const kindRows: KindCrossover[] = [...kinds1].map(([kind, s]) => {
    const r = s.ridge;
    return {
      kind,
      ridge: r,
      intensityAt1: intensityOf(s),
      intensityAtMax: intensityOf(kindsMax.get(kind)),
      computeBoundFrom:
        r === null || s.flops === 0 ? null : firstTrue((b) => intensityOf(byKind(dec(b)).get(kind)) >= r),
    };
  });

  let latency: LatencySearch | null = null;
  if (T !== undefined) {
    const bestE = lastTrue((b) => fitsAt(b) && dec(b).latencyEstimateS <= T);
    const bestB = lastTrue((b) => fitsAt(b) && dec(b).latencyBoundS <= T);
    const unlimited = lastTrue((b) => dec(b).latencyEstimateS <= T);
    const unlimitedBound = lastTrue((b) => dec(b).latencyBoundS <= T);
    const bw = device.bandwidthGBps.value * 1e9;
    const b1 = dec(1).totals.bytesTotal;
    const b2 = dec(2).totals.bytesTotal;
    const b3 = dec(3).totals.bytesTotal;
    const perSeq = b2 - b1;
    const fixed = b1 - perSeq;
    const cfBatch = Math.floor((bw * T - fixed) / perSeq);
    const linear = Math.abs(b3 - b2 - perSeq) <= 1e-9 * b3;
    const cfValid =
      linear &&
      cfBatch >= 1 &&
      cfBatch <= SEARCH_MAX_BATCH &&
      [...dec(cfBatch).layerOps, ...dec(cfBatch).modelOps].every((o) => o.bound === "memory");
    const P = countParams(m).total;
    const radicand = (bw * T) / (2 * P);
    const bOpt = Math.sqrt(radicand);
    latency = {
      targetS: T,
      bestEstimate: bestE === null ? null : row(bestE),
      bestBound: bestB === null ? null : row(bestB),
      memoryLimited: bestE !== unlimited,
      latencyOnlyEstimate: unlimited,
      latencyOnlyBound: unlimitedBound,
      closedForm: { fixedBytes: fixed, perSequenceBytes: perSeq, batch: cfBatch, valid: cfValid },
      chapter: {
        bOpt,
        radicand,
        bOptStoredBytes: Math.sqrt((bw * T) / base.memory.weightsBytes),
        searchOverFormula: unlimited === null ? null : unlimited / bOpt,
      },
    };
  }

  return {
    model: m.id,
    device: device.id,
    params: countParams(m).total,
    weightsBytes: base.memory.weightsBytes,
    contextTokens: dec(1).keys,
    weightsFormat: input.weights ? input.weights.origin : wl.weights,
    kv: wl.kv,
    bandwidthGBps: device.bandwidthGBps.value,
    capacityBytes: base.memory.capacityBytes,
    powerW: power,
    efficiency: base.efficiency.source,
    rows,
    stopsFittingAt,
    maxFittingBatch,
    computeBound: {
      ridge,
      intensityAt1: dec(1).totals.intensity ?? 0,
      intensityAtMax: dec(SEARCH_MAX_BATCH).totals.intensity ?? 0,
      wholePassFrom,
      byKind: kindRows,
    },
    latency,
  };
}
