/**
 * The analysis pipeline:
 *
 *   ModelSpec + weights ─┐
 *   Workload ────────────┼─► 1. build ops ─► 2. evaluate on roofline ─► 3. totals, shares ─► Analysis
 *   DeviceSpec ──────────┘     (per layer      (bound + estimate            (per phase,
 *                               variant)        per op)                      memory, diagnostics)
 *
 * Layers with identical weights are costed once and multiplied, so a 70B model costs
 * no more to analyse than a 1B one.
 */
import type { DeviceSpec } from "../hardware/schema.js";
import { buildLayerOps, buildModelOps, type Pass } from "../inference/build-ops.js";
import type { ResolvedWorkload } from "../inference/workload.js";
import { countParams } from "../models/params.js";
import type { ModelSpec } from "../models/schema.js";
import { storedWeightBytes, weightsFromRecipe, type LayerWeights, type ModelWeights } from "../models/weights.js";
import { OP_GROUPS, type OpCost, type OpGroup } from "../ops/types.js";
import { bytesPerValue, computePrecision, type PeakKey } from "../quant/index.js";
import { boundClass } from "../roofline/classify.js";
import { deviceRoofs, type DeviceRoofs } from "../roofline/device-roofs.js";
import { efficiencyForDevice } from "../calibration/calibrated.js";
import type { Efficiency } from "../roofline/efficiency.js";
import { evaluateOp, type OpResult } from "../roofline/evaluate.js";
import type { Analysis, Diagnostic, MemoryFootprint, PhaseAnalysis, Totals } from "./analysis-types.js";

export interface AnalysisInput {
  readonly model: ModelSpec;
  readonly device: DeviceSpec;
  readonly workload: ResolvedWorkload;
  /** Exact weights (from a GGUF file); default: built from `workload.weights`. */
  readonly weights?: ModelWeights;
  readonly efficiency?: Efficiency;
}

const roofsCache = new WeakMap<DeviceSpec, DeviceRoofs>();
const weightsCache = new WeakMap<ModelSpec, Map<string, ModelWeights>>();
const variantsCache = new WeakMap<ModelWeights, LayerVariant[]>();

interface LayerVariant {
  readonly count: number;
  readonly layer: LayerWeights;
}

export function roofsOf(d: DeviceSpec): DeviceRoofs {
  let r = roofsCache.get(d);
  if (!r) roofsCache.set(d, (r = deviceRoofs(d)));
  return r;
}

/** Weights of a model under a recipe; norms and biases stay at fp16 (fp32 where activations are fp32). */
export function weightsOf(m: ModelSpec, recipe: string, activations: string): ModelWeights {
  let byRecipe = weightsCache.get(m);
  if (!byRecipe) weightsCache.set(m, (byRecipe = new Map()));
  const key = `${recipe}|${activations}`;
  let w = byRecipe.get(key);
  if (!w) byRecipe.set(key, (w = weightsFromRecipe(m, recipe, activations === "fp32" ? "fp32" : "fp16")));
  return w;
}

/** Group layers whose weights are identical (mixed quantizations give a few variants), most common first. */
export function layerVariants(w: ModelWeights): LayerVariant[] {
  let v = variantsCache.get(w);
  if (v) return v;
  const byKey = new Map<string, { count: number; layer: LayerWeights }>();
  for (const l of w.layers) {
    const key = Object.values(l.tensors).map((t) => `${t.bytes}:${t.format}`).join(",") + `|${l.smallBytes}`;
    const e = byKey.get(key);
    if (e) e.count++;
    else byKey.set(key, { count: 1, layer: l });
  }
  v = [...byKey.values()].sort((a, b) => b.count - a.count);
  variantsCache.set(w, v);
  return v;
}

function sumOps(ops: readonly OpResult[], times = 1): Totals {
  let flops = 0, weights = 0, activations = 0, kvRead = 0, kvWrite = 0, tb = 0, te = 0;
  for (const o of ops) {
    flops += o.flops;
    weights += o.bytes.weights;
    activations += o.bytes.activations;
    kvRead += o.bytes.kvRead;
    kvWrite += o.bytes.kvWrite;
    tb += o.timeBoundS;
    te += o.timeEstimateS;
  }
  return makeTotals(flops * times, { weights: weights * times, activations: activations * times, kvRead: kvRead * times, kvWrite: kvWrite * times }, tb * times, te * times);
}

function makeTotals(flops: number, bytes: Totals["bytes"], timeBoundS: number, timeEstimateS: number): Totals {
  const bytesTotal = bytes.weights + bytes.activations + bytes.kvRead + bytes.kvWrite;
  return { flops, bytes, bytesTotal, intensity: bytesTotal === 0 ? 0 : flops / bytesTotal, timeBoundS, timeEstimateS };
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
): PhaseAnalysis {
  const variants = layerVariants(w);
  // Plain arrays: a typed-array allocation costs more than the sums it holds.
  const groupFlops = [0, 0, 0, 0, 0, 0];
  const groupTb = [0, 0, 0, 0, 0, 0];
  const groupTe = [0, 0, 0, 0, 0, 0];
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
    const ops = evaluateAll(buildLayerOps(m, v.layer, pass), roofs, eff);
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
  const modelOps = evaluateAll(buildModelOps(m, w, pass), roofs, eff);
  addGroups(modelOps, 1);
  const totals = total ? addTotals(total, sumOps(modelOps)) : sumOps(modelOps);

  const attn = GROUP_INDEX.attention;
  const ffn = GROUP_INDEX.ffn;
  const actPrec = computePrecision(pass.activations, pass.activations);
  const peak = roofs.peaks[actPrec].flopPerSecond;
  const ridge = peak === null ? null : peak / roofs.bandwidth;
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

/** Evaluate ops in place (see makeOp): the array and its objects become results. */
function evaluateAll(ops: OpCost[], roofs: DeviceRoofs, eff: Efficiency): OpResult[] {
  for (let i = 0; i < ops.length; i++) ops[i] = evaluateOp(ops[i]!, roofs, eff);
  return ops as OpResult[];
}

const GROUP_INDEX = Object.fromEntries(OP_GROUPS.map((g, i) => [g, i])) as Record<OpGroup, number>;
const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** KV-cache bytes for `tokens` entries per sequence (capped by a sliding window). */
export function kvCacheBytes(m: ModelSpec, batch: number, tokens: number, kvFormat: Parameters<typeof bytesPerValue>[0]): { bytes: number; tokens: number } {
  const kept = m.slidingWindow ? Math.min(tokens, m.slidingWindow) : tokens;
  return { bytes: batch * m.numLayers * 2 * m.numKvHeads * m.headDim * kept * bytesPerValue(kvFormat), tokens: kept };
}

export function memoryFootprint(
  m: ModelSpec,
  w: ModelWeights,
  roofs: DeviceRoofs,
  wl: ResolvedWorkload,
  kvTokens: number,
  phases: readonly (PhaseAnalysis | null)[],
): MemoryFootprint {
  const weightsBytes = storedWeightBytes(w, m);
  const kv = kvCacheBytes(m, wl.batch, kvTokens, wl.kv);
  let activationsBytes = 0;
  for (const p of phases) {
    if (!p) continue;
    for (const o of p.layerOps) activationsBytes = Math.max(activationsBytes, o.bytes.activations);
    for (const o of p.modelOps) activationsBytes = Math.max(activationsBytes, o.bytes.activations);
  }
  const totalBytes = weightsBytes + kv.bytes + activationsBytes;
  const cap = roofs.memoryBytes;
  return {
    weightsBytes,
    kvCacheBytes: kv.bytes,
    kvCacheTokens: kv.tokens,
    activationsBytes,
    totalBytes,
    capacityBytes: cap,
    fits: cap === null ? null : totalBytes <= cap,
  };
}

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

const paramsCache = new WeakMap<ModelSpec, ReturnType<typeof countParams>>();
function paramsOf(m: ModelSpec) {
  let p = paramsCache.get(m);
  if (!p) paramsCache.set(m, (p = countParams(m)));
  return p;
}

/** Analyse a model on a device for a workload: prefill and/or one decode step. */
export function analyze(input: AnalysisInput): Analysis {
  const { model: m, device, workload: wl } = input;
  const eff = input.efficiency ?? efficiencyForDevice(device);
  const roofs = roofsOf(device);
  const w = input.weights ?? weightsOf(m, wl.weights, wl.activations);
  const prefill =
    wl.phase === "decode" ? null : analyzePass(m, w, roofs, eff, "prefill", passOf(wl, wl.promptTokens, wl.promptTokens));
  const decode = wl.phase === "prefill" ? null : analyzePass(m, w, roofs, eff, "decode", passOf(wl, 1, keptKeys(wl, wl.contextTokens)));
  // The cache holds the whole prompt after prefill; eviction trims it for decode.
  const kvTokens = wl.phase === "prefill" ? wl.promptTokens : Math.max(wl.promptTokens, keptKeys(wl, wl.contextTokens));
  const memory = memoryFootprint(m, w, roofs, wl, kvTokens, [prefill, decode]);
  const params = paramsOf(m);
  const used: PeakKey[] = [];
  const note = (o: { precision: PeakKey }) => {
    if (!used.includes(o.precision)) used.push(o.precision);
  };
  if (prefill) prefill.layerOps.forEach(note), prefill.modelOps.forEach(note);
  if (decode) decode.layerOps.forEach(note), decode.modelOps.forEach(note);
  return {
    schemaVersion: 1,
    model: { id: m.id, name: m.name, params: params.total, activeParams: params.active, weightsOrigin: w.origin },
    device: {
      id: device.id,
      name: device.name,
      bandwidthGBps: device.bandwidthGBps.value,
      peaks: used.map((p) => {
        const c = roofs.peaks[p];
        return {
          precision: p,
          used: c.used,
          tflops: c.flopPerSecond === null ? null : c.flopPerSecond / 1e12,
          ridge: c.flopPerSecond === null ? null : c.flopPerSecond / roofs.bandwidth,
          source: c.source,
        };
      }),
      memoryGiB: device.memoryGiB?.value ?? null,
    },
    workload: wl,
    efficiency: eff,
    prefill,
    decode,
    memory,
    diagnostics: diagnose(m, device, roofs, wl, memory, used),
  };
}

function diagnose(
  m: ModelSpec,
  device: DeviceSpec,
  roofs: DeviceRoofs,
  wl: ResolvedWorkload,
  mem: MemoryFootprint,
  used: readonly PeakKey[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const gib = (b: number) => (b / 2 ** 30).toFixed(2);
  if (mem.fits === false) {
    out.push({
      code: "memory.does-not-fit",
      severity: "warning",
      message: `needs ${gib(mem.totalBytes)} GiB (weights ${gib(mem.weightsBytes)}, KV cache ${gib(mem.kvCacheBytes)}, activations ${gib(mem.activationsBytes)}) but ${device.id} has ${gib(mem.capacityBytes ?? 0)} GiB`,
    });
  } else if (mem.fits === null) {
    out.push({ code: "memory.capacity-unknown", severity: "info", message: `${device.id} lists no memory capacity; fit not checked` });
  }
  for (const p of used) {
    const c = roofs.peaks[p];
    if (c.used === null) {
      out.push({
        code: "device.peak-missing",
        severity: "warning",
        message: `${device.id} lists no compute peak usable for ${p}: compute time is not bounded, times are memory-only`,
      });
    } else if (c.used !== p) {
      out.push({
        code: "device.peak-fallback",
        severity: "info",
        message: `${device.id} lists no ${p} peak; ${p} arithmetic uses the ${c.used} peak`,
      });
    }
  }
  const longest = Math.max(wl.promptTokens, wl.contextTokens);
  if (longest > m.maxContext) {
    out.push({
      code: "model.context-exceeded",
      severity: "warning",
      message: `${longest} tokens exceed ${m.id}'s maximum context of ${m.maxContext}`,
    });
  }
  return out;
}
