/** One pass (a prefill or one decode step) of the whole model: each distinct layer variant costed once and multiplied, the model-level ops, group sums and shares. */

import type { Efficiency } from "../efficiency/defaults.js";
import { buildLayerOps, buildModelOps, type Pass } from "../graph/build-ops.js";
import type { ResolvedWorkload } from "../graph/workload.js";
import type { ModelSpec } from "../models/schema.js";
import type { ModelWeights } from "../models/weights.js";
import { OP_GROUPS, type OpCost, type OpGroup } from "../ops/types.js";
import { boundClass } from "../roofline/classify.js";
import type { DeviceRoofs } from "../roofline/device-roofs.js";
import { evaluateOp, type OpResult } from "../roofline/evaluate.js";
import type { EngineBuild } from "../roofline/kernel-path.js";
import type { PhaseAnalysis, Totals } from "./analysis-types.js";
import { layerVariants } from "./caches.js";

function sumOps(ops: readonly OpResult[], times = 1): Totals {
  let flops = 0,
    weights = 0,
    activations = 0,
    kvRead = 0,
    kvWrite = 0,
    tb = 0,
    te = 0;
  for (const o of ops) {
    flops += o.flops;
    weights += o.bytes.weights;
    activations += o.bytes.activations;
    kvRead += o.bytes.kvRead;
    kvWrite += o.bytes.kvWrite;
    tb += o.timeBoundS;
    te += o.timeEstimateS;
  }
  return makeTotals(
    flops * times,
    {
      weights: weights * times,
      activations: activations * times,
      kvRead: kvRead * times,
      kvWrite: kvWrite * times,
    },
    tb * times,
    te * times,
  );
}

function makeTotals(
  flops: number,
  bytes: Totals["bytes"],
  timeBoundS: number,
  timeEstimateS: number,
): Totals {
  const bytesTotal = bytes.weights + bytes.activations + bytes.kvRead + bytes.kvWrite;
  return {
    flops,
    bytes,
    bytesTotal,
    intensity: bytesTotal === 0 ? 0 : flops / bytesTotal,
    timeBoundS,
    timeEstimateS,
  };
}

function addTotals(a: Totals, b: Totals): Totals {
  return makeTotals(
    a.flops + b.flops,
    {
      weights: a.bytes.weights + b.bytes.weights,
      activations: a.bytes.activations + b.bytes.activations,
      kvRead: a.bytes.kvRead + b.bytes.kvRead,
      kvWrite: a.bytes.kvWrite + b.bytes.kvWrite,
    },
    a.timeBoundS + b.timeBoundS,
    a.timeEstimateS + b.timeEstimateS,
  );
}

/** Analyse one pass (a prefill, or one decode step) of the whole model. */
export function analyzePass(
  m: ModelSpec,
  w: ModelWeights,
  roofs: DeviceRoofs,
  eff: Efficiency,
  phase: "prefill" | "decode",
  pass: Pass,
  /** The llama.cpp build, where its kernel choice differs from today's (roofline/kernel-path.ts). */
  build?: EngineBuild,
): PhaseAnalysis {
  const variants = layerVariants(w);
  // Plain arrays: a typed-array allocation costs more than the sums it holds.
  const groupFlops = OP_GROUPS.map(() => 0);
  const groupTb = OP_GROUPS.map(() => 0);
  const groupTe = OP_GROUPS.map(() => 0);
  const addGroups = (ops: readonly OpResult[], times: number) => {
    for (const o of ops) {
      const g = GROUP_INDEX[o.group];
      groupFlops[g]! += o.flops * times;
      groupTb[g]! += o.timeBoundS * times;
      groupTe[g]! += o.timeEstimateS * times;
    }
  };

  let layerOps: OpResult[] = [];
  let layerTotals: Totals | undefined;
  const layerVariantTotals: { count: number; totals: Totals }[] = [];
  let total: Totals | undefined;
  for (const v of variants) {
    const ops = evaluateAll(buildLayerOps(m, v.layer, pass), roofs, eff, build);
    const one = sumOps(ops);
    if (!layerTotals) {
      layerOps = ops;
      layerTotals = one;
    }
    const all = sumOps(ops, v.count);
    layerVariantTotals.push({ count: v.count, totals: one });
    total = total ? addTotals(total, all) : all;
    addGroups(ops, v.count);
  }
  const modelOps = evaluateAll(buildModelOps(m, w, pass), roofs, eff, build);
  addGroups(modelOps, 1);
  const totals = total ? addTotals(total, sumOps(modelOps)) : sumOps(modelOps);

  const attn = GROUP_INDEX.attention;
  const ffn = GROUP_INDEX.ffn;
  const ridge = mainRidge(layerOps, modelOps);
  const produced = phase === "prefill" ? pass.batch * pass.queries : pass.batch;
  return {
    phase,
    batch: pass.batch,
    queries: pass.queries,
    keys: pass.keys,
    layerOps,
    layerTotals: layerTotals ?? sumOps([]),
    layerVariants: layerVariantTotals,
    modelOps,
    totals,
    boundClass: ridge === null ? "memory-extreme" : boundClass(totals.intensity ?? 0, ridge),
    ridge,
    groups: OP_GROUPS.map((group, i) => ({
      group,
      flops: groupFlops[i]!,
      timeBoundS: groupTb[i]!,
      timeEstimateS: groupTe[i]!,
    })),
    attentionShare: {
      flops: share(groupFlops[attn]!, totals.flops),
      timeBound: share(groupTb[attn]!, totals.timeBoundS),
      timeEstimate: share(groupTe[attn]!, totals.timeEstimateS),
      flopsOfAttentionPlusFfn: share(groupFlops[attn]!, groupFlops[attn]! + groupFlops[ffn]!),
    },
    latencyBoundS: totals.timeBoundS,
    latencyEstimateS: totals.timeEstimateS + eff.perPassOverheadS,
    tokensPerSBound: produced / totals.timeBoundS,
    tokensPerSEstimate: produced / (totals.timeEstimateS + eff.perPassOverheadS),
  };
}

/** The ridge of the roof that carries most of the pass's arithmetic: that of its op with the most FLOPs. */
function mainRidge(layerOps: readonly OpResult[], modelOps: readonly OpResult[]): number | null {
  let best: OpResult | undefined;
  for (const o of layerOps) if (!best || o.flops > best.flops) best = o;
  for (const o of modelOps) if (!best || o.flops > best.flops) best = o;
  return best?.ridge ?? null;
}

/** Evaluate ops in place (see makeOp): the array and its objects become results. */
function evaluateAll(ops: OpCost[], roofs: DeviceRoofs, eff: Efficiency, build?: EngineBuild): OpResult[] {
  for (let i = 0; i < ops.length; i++) ops[i] = evaluateOp(ops[i]!, roofs, eff, build);
  return ops as OpResult[];
}

const GROUP_INDEX = Object.fromEntries(OP_GROUPS.map((g, i) => [g, i])) as Record<OpGroup, number>;
const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** The pass of a workload with the given new tokens and attended keys per sequence. */
export function passOf(wl: ResolvedWorkload, queries: number, keys: number): Pass {
  return {
    batch: wl.batch,
    queries,
    keys,
    attention: wl.attention,
    activations: wl.activations,
    kv: wl.kv,
    fusion: wl.fusion,
    sparsity: wl.sparsity,
  };
}

/** KV entries a decode step attends to when eviction keeps the fraction `keep` of `context`. */
export function keptEntries(context: number, keep: number): number {
  return keep >= 1 ? context : Math.max(1, Math.round(context * keep));
}

/** KV entries a decode step of this workload attends to (its `kvKeep` applied). */
export function keptKeys(wl: ResolvedWorkload, context: number): number {
  return keptEntries(context, wl.kvKeep);
}
