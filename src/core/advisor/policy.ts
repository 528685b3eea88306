/**
 * Adaptive runtime policies over a generation (chapter 2.3.4), simulated step by step
 * like the timeline: every decode step is an analyzePass with the configuration the
 * policy has chosen for it.
 *
 *  - fixed: the workload as given, every step.
 *  - chapter: the chapter's stages by generated-token index t: t < 100 standard
 *    precision; 100 ≤ t ≤ 500 KV cache INT8; t > 500 "sparse attention", modelled as KV
 *    eviction keeping a fraction of the entries (H2O-style; the kept count grows with the
 *    context).
 *  - roofline: thresholds derived from the roofline instead of step counts. Fused
 *    attention is switched on at the first step where it is predicted faster (same
 *    result, no switch cost). The KV cache is re-quantized when its share s of a decode
 *    step's bytes reaches θ = g / (1 − r), where r = low bits / current bits and g the
 *    smallest per-step gain worth the accuracy risk: on a memory-bound step time is
 *    proportional to bytes, so shrinking the cache by r saves s·(1 − r) of the step. It
 *    also requires the step to be memory-bound (I < ridge), and the one-off re-quantization
 *    to pay for itself within the remaining steps. It never evicts (that changes outputs).
 *
 * A KV precision switch costs one pass over the cache: read it at the old precision,
 * write it at the new one (elementwise bandwidth efficiency). Eviction is free (evicted
 * slots are overwritten in place, as with a fixed budget). Prefill is the same in every
 * policy: they act on decode.
 */

import type { Efficiency } from "../efficiency/defaults.js";
import type { ResolvedWorkload } from "../graph/workload.js";
import type { DeviceSpec } from "../hardware/schema.js";
import type { ModelSpec } from "../models/schema.js";
import type { ModelWeights } from "../models/weights.js";
import { roofsOf } from "../predict/caches.js";
import { checkedGeneration } from "../predict/checked-generation.js";
import { kvCacheBytes } from "../predict/memory.js";
import { analyzePass, keptEntries, passOf } from "../predict/pass.js";
import { type StepCurve, stepCurve } from "../predict/step-curve.js";
import { bitsPerValue, type FormatName } from "../quant/index.js";
import { formatPercent, formatSeconds } from "../units/format.js";
import { PolicySteps, type StepConfig } from "./policy-steps.js";

export { type PolicyStep, PolicySteps, type StepConfig } from "./policy-steps.js";

export const POLICY_NAMES = ["fixed", "chapter", "roofline"] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export const DEFAULT_CHAPTER_STEPS = [100, 500] as const;
export const DEFAULT_SPARSE_KEEP = 0.2;
export const DEFAULT_MIN_GAIN = 0.05;
export const DEFAULT_KV_LOW: FormatName = "int8";

export interface PolicyInput {
  readonly model: ModelSpec;
  readonly device: DeviceSpec;
  /** The fixed policy's workload (prompt, batch, formats, attention; kvKeep is ignored). */
  readonly workload: ResolvedWorkload;
  /** Tokens generated, counting the one produced by prefill (as the timeline). */
  readonly generate: number;
  /** KV format of the chapter's INT8 stage and the roofline policy's switch (default int8). */
  readonly kvLow?: FormatName;
  /** Fraction of KV entries kept in the chapter's sparse stage (default 0.2). */
  readonly sparseKeep?: number;
  /** The chapter's stage boundaries [INT8 from, sparse after] (default 100, 500). */
  readonly chapterSteps?: readonly [number, number];
  /** Roofline policy: smallest per-step gain worth a KV precision switch (default 0.05). */
  readonly minGain?: number;
  readonly weights?: ModelWeights;
  readonly efficiency?: Efficiency;
}

export const SWITCH_KINDS = ["kv-quantize", "flash-attention", "kv-evict"] as const;
export type SwitchKind = (typeof SWITCH_KINDS)[number];

export interface PolicySwitch {
  readonly token: number;
  readonly kind: SwitchKind;
  readonly from: string;
  readonly to: string;
  /** Entries in the cache when it switches (re-quantized for kv-quantize). */
  readonly cacheEntries: number;
  readonly costBoundS: number;
  readonly costEstimateS: number;
  /** Predicted step time before → after the switch, at this step (estimate). */
  readonly stepBeforeS: number;
  readonly stepAfterS: number;
  /** The numbers behind it. */
  readonly why: string;
}

export interface PolicyRun {
  readonly name: PolicyName;
  /** Every step, by token index: `steps.step(t)`. */
  readonly steps: PolicySteps;
  readonly switches: readonly PolicySwitch[];
  readonly decodeBoundS: number;
  readonly decodeEstimateS: number;
  readonly switchCostBoundS: number;
  readonly switchCostEstimateS: number;
  /** Prefill + decode steps + switch costs. */
  readonly totalBoundS: number;
  readonly totalEstimateS: number;
  /** Fixed policy's total / this total (> 1 is faster). */
  readonly gain: number;
  readonly decodeGain: number;
  readonly energyPerRequestJ: number | null;
  readonly energyPerTokenJ: number | null;
  /** Approximations this policy makes that change outputs. */
  readonly accuracy: string;
}

export interface PolicyResult {
  readonly model: string;
  readonly device: string;
  readonly promptTokens: number;
  readonly generate: number;
  readonly batch: number;
  readonly ttftBoundS: number;
  readonly ttftEstimateS: number;
  readonly powerW: number | null;
  /** Source of the achievable efficiencies behind the estimates. */
  readonly efficiency: string;
  readonly settings: {
    readonly kvBase: string;
    readonly kvLow: string;
    readonly sparseKeep: number;
    readonly chapterSteps: readonly [number, number];
    readonly minGain: number;
    /** r = low bits / base bits of the KV cache. */
    readonly kvBitsRatio: number;
    /** θ = minGain / (1 − low bits / base bits); null when the low format is not smaller. */
    readonly kvShareThreshold: number | null;
    /** Steps a KV re-quantization takes to pay back on a memory-bound step: (1 + r) / (1 − r). */
    readonly paybackStepsIfMemoryBound: number | null;
  };
  readonly runs: readonly PolicyRun[];
}

/** What a policy reads of a decode step: its latency, the KV cache's share of its bytes, its intensity and ridge. */
interface StepEval {
  readonly latencyBoundS: number;
  readonly latencyEstimateS: number;
  readonly kvShare: number;
  /** FLOPs per byte of the step (null when it moves no bytes). */
  readonly intensity: number | null;
  readonly ridge: number | null;
}

export function simulatePolicies(input: PolicyInput): PolicyResult {
  // A caller's raw objects are validated, as by analyze() (once per object).
  const g = input.generate;
  const {
    model: m,
    device,
    workload: wl,
    weights: w,
    efficiency: eff,
  } = checkedGeneration(input, g, "generate");
  const roofs = roofsOf(device);
  const kvLow = input.kvLow ?? DEFAULT_KV_LOW;
  const keep = input.sparseKeep ?? DEFAULT_SPARSE_KEEP;
  const [s1, s2] = input.chapterSteps ?? DEFAULT_CHAPTER_STEPS;
  const minGain = input.minGain ?? DEFAULT_MIN_GAIN;
  const base: StepConfig = { kv: wl.kv, attention: wl.attention, keep: 1 };
  const r = bitsPerValue(kvLow) / bitsPerValue(wl.kv);
  const lowIsSmaller = r < 1;
  const theta = lowIsSmaller ? minGain / (1 - r) : null;

  // One curve of decode-step figures per format and attention (step-curve.ts): a bounded
  // number of passes however long the generation, exact at every step for the usual lengths.
  // Each remembers its last point: a policy's decision and the step it then takes read the
  // same one. A config object finds its curve through a WeakMap, without a key string: with
  // the passes bounded, per-step allocation is the cost of 131,072 steps × 3 (issue 16).
  interface Curve {
    readonly curve: StepCurve;
    keys: number;
    last: StepEval | null;
  }
  const curves = new Map<string, Curve>();
  const curveOf = new WeakMap<StepConfig, Curve>();
  const curveFor = (c: StepConfig): Curve => {
    const key = `${c.kv}|${c.attention}`;
    let entry = curves.get(key);
    if (!entry) {
      const curve = stepCurve(
        (k) => {
          const p = analyzePass(m, w, roofs, eff, "decode", {
            ...passOf(wl, 1, k),
            kv: c.kv,
            attention: c.attention,
          });
          const t = p.totals;
          return [
            p.latencyBoundS,
            p.latencyEstimateS,
            t.bytes.kvRead + t.bytes.kvWrite,
            t.bytesTotal,
            t.flops,
            p.ridge ?? -1,
          ];
        },
        1,
        wl.promptTokens + g,
      );
      entry = { curve, keys: -1, last: null };
      curves.set(key, entry);
    }
    curveOf.set(c, entry);
    return entry;
  };
  const evalStep = (c: StepConfig, keys: number): StepEval => {
    const entry = curveOf.get(c) ?? curveFor(c);
    if (entry.keys === keys && entry.last) return entry.last;
    const [latencyBoundS, latencyEstimateS, kv, bytes, flops, ridge] = entry.curve.at(keys) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    entry.keys = keys;
    entry.last = {
      latencyBoundS,
      latencyEstimateS,
      kvShare: bytes === 0 ? 0 : kv / bytes,
      intensity: bytes === 0 ? null : flops / bytes,
      ridge: ridge < 0 ? null : ridge,
    };
    return entry.last;
  };
  /** One object per derived configuration (the roofline policy asks for "this with flash" every step). */
  const derived = new WeakMap<StepConfig, Map<string, StepConfig>>();
  const withPatch = (c: StepConfig, patch: Partial<StepConfig>, tag: string): StepConfig => {
    let byTag = derived.get(c);
    if (!byTag) {
      byTag = new Map();
      derived.set(c, byTag);
    }
    let d = byTag.get(tag);
    if (!d) {
      d = { ...c, ...patch };
      byTag.set(tag, d);
    }
    return d;
  };
  const keysAt = (c: StepConfig, token: number) => keptEntries(wl.promptTokens + token - 1, c.keep);
  /** Entries held before step `token` writes its own. */
  const heldBefore = (c: StepConfig, token: number) => keysAt(c, token) - 1;
  const requantCost = (n: number, from: FormatName, to: FormatName) => {
    const bytes = kvCacheBytes(m, wl.batch, n, from).bytes + kvCacheBytes(m, wl.batch, n, to).bytes;
    return {
      bound: bytes / roofs.bandwidth,
      estimate: bytes / (roofs.bandwidth * eff.bandwidth.elementwise) + eff.perOpOverheadS,
    };
  };

  const pre = analyzePass(m, w, roofs, eff, "prefill", passOf(wl, wl.promptTokens, wl.promptTokens));
  const power = device.powerW?.value ?? null;

  type Decide = (token: number, cur: StepConfig, sw: PolicySwitch[]) => StepConfig;
  const simulate = (
    name: PolicyName,
    decide: Decide,
    accuracy: string,
  ): Omit<PolicyRun, "gain" | "decodeGain"> => {
    const steps = new PolicySteps(g);
    const switches: PolicySwitch[] = [];
    let cur = base;
    let cum = pre.latencyEstimateS;
    let cumB = pre.latencyBoundS;
    let decB = 0,
      decE = 0,
      swB = 0,
      swE = 0;
    steps.push(base, wl.promptTokens, pre.latencyBoundS, pre.latencyEstimateS, 0, 0, cum);
    for (let t = 2; t <= g; t++) {
      const before = switches.length;
      cur = decide(t, cur, switches);
      let cost = 0;
      for (let i = before; i < switches.length; i++) {
        const s = switches[i]!;
        cost += s.costEstimateS;
        swE += s.costEstimateS;
        swB += s.costBoundS;
        cumB += s.costBoundS;
      }
      const keys = keysAt(cur, t);
      const e = evalStep(cur, keys);
      decB += e.latencyBoundS;
      decE += e.latencyEstimateS;
      cumB += e.latencyBoundS;
      cum += cost + e.latencyEstimateS;
      steps.push(cur, keys, e.latencyBoundS, e.latencyEstimateS, e.kvShare, cost, cum);
    }
    const generated = g * wl.batch;
    return {
      name,
      steps,
      switches,
      decodeBoundS: decB,
      decodeEstimateS: decE,
      switchCostBoundS: swB,
      switchCostEstimateS: swE,
      totalBoundS: cumB,
      totalEstimateS: cum,
      energyPerRequestJ: power === null ? null : power * cum,
      energyPerTokenJ: power === null ? null : (power * cum) / generated,
      accuracy,
    };
  };

  const kvSwitch = (t: number, from: StepConfig, to: StepConfig, why: string): PolicySwitch => {
    const n = heldBefore(from, t);
    const c = requantCost(n, from.kv, to.kv);
    return {
      token: t,
      kind: "kv-quantize",
      from: from.kv,
      to: to.kv,
      cacheEntries: n,
      costBoundS: c.bound,
      costEstimateS: c.estimate,
      stepBeforeS: evalStep(from, keysAt(from, t)).latencyEstimateS,
      stepAfterS: evalStep(to, keysAt(to, t)).latencyEstimateS,
      why,
    };
  };

  const fixed = simulate("fixed", (_t, cur) => cur, "none (the baseline)");

  const chapter = simulate(
    "chapter",
    (t, cur, sw) => {
      let next = cur;
      if (t >= s1 && lowIsSmaller && cur.kv !== kvLow) {
        next = { ...next, kv: kvLow };
        sw.push(kvSwitch(t, cur, next, `chapter rule: t = ${t} ≥ ${s1} → KV cache ${kvLow}`));
      }
      if (t > s2 && keep < 1 && next.keep >= 1) {
        const after = { ...next, keep };
        sw.push({
          token: t,
          kind: "kv-evict",
          from: "all entries",
          to: `${Math.round(keep * 100)}% kept`,
          cacheEntries: heldBefore(next, t),
          costBoundS: 0,
          costEstimateS: 0,
          stepBeforeS: evalStep(next, keysAt(next, t)).latencyEstimateS,
          stepAfterS: evalStep(after, keysAt(after, t)).latencyEstimateS,
          why: `chapter rule: t = ${t} > ${s2} → sparse attention (eviction keeps ${Math.round(keep * 100)}% of ${heldBefore(next, t)} entries)`,
        });
        next = after;
      }
      return next;
    },
    `KV cache ${kvLow} from t = ${s1} (small loss); ${keep < 1 ? `attention over ${Math.round(keep * 100)}% of the context from t = ${s2 + 1} (task-dependent loss, largest for retrieval)` : "no eviction"}`,
  );

  const roofline = simulate(
    "roofline",
    (t, cur, sw) => {
      let next = cur;
      if (next.attention === "naive") {
        const keys = keysAt(next, t);
        const naive = evalStep(next, keys).latencyEstimateS;
        const flashCfg = withPatch(next, { attention: "flash" }, "flash");
        const flash = evalStep(flashCfg, keys).latencyEstimateS;
        if (flash < naive) {
          sw.push({
            token: t,
            kind: "flash-attention",
            from: "naive",
            to: "flash",
            cacheEntries: heldBefore(next, t),
            costBoundS: 0,
            costEstimateS: 0,
            stepBeforeS: naive,
            stepAfterS: flash,
            why: `fused attention predicted faster: step ${formatSeconds(naive)} → ${formatSeconds(flash)} (scores stay on chip); same result, no switch cost`,
          });
          next = flashCfg;
        }
      }
      if (theta !== null && next.kv !== kvLow) {
        const e = evalStep(next, keysAt(next, t));
        const memoryBound = e.ridge === null || (e.intensity ?? 0) < e.ridge;
        if (e.kvShare >= theta && memoryBound) {
          const low = withPatch(next, { kv: kvLow }, "low");
          const after = evalStep(low, keysAt(low, t)).latencyEstimateS;
          const saving = e.latencyEstimateS - after;
          const n = heldBefore(next, t);
          const cost = requantCost(n, next.kv, kvLow).estimate;
          const remaining = g - t + 1;
          if (saving > 0 && cost / saving <= remaining) {
            sw.push(
              kvSwitch(
                t,
                next,
                low,
                `KV share of step bytes ${pct(e.kvShare)} ≥ θ = ${pct(minGain)} / (1 − ${fmtR(r)}) = ${pct(theta)}, step memory-bound (I = ${(e.intensity ?? 0).toFixed(2)} < ridge ${e.ridge?.toFixed(1) ?? "?"}); re-quantizing ${n} entries pays back in ${(cost / saving).toFixed(1)} of the ${remaining} remaining steps`,
              ),
            );
            next = low;
          }
        }
      }
      return next;
    },
    lowIsSmaller
      ? `KV cache ${kvLow} once its share of the step's bytes reaches ${pct(theta ?? 1)} (small loss); fused attention is exact`
      : "none: fused attention is exact",
  );

  const withGain = (x: Omit<PolicyRun, "gain" | "decodeGain">): PolicyRun => ({
    ...x,
    gain: fixed.totalEstimateS / x.totalEstimateS,
    decodeGain:
      fixed.decodeEstimateS === 0 ? 1 : fixed.decodeEstimateS / (x.decodeEstimateS + x.switchCostEstimateS),
  });

  return {
    model: m.id,
    device: device.id,
    promptTokens: wl.promptTokens,
    generate: g,
    batch: wl.batch,
    ttftBoundS: pre.latencyBoundS,
    ttftEstimateS: pre.latencyEstimateS,
    powerW: power,
    efficiency: eff.source,
    settings: {
      kvBase: wl.kv,
      kvLow,
      sparseKeep: keep,
      chapterSteps: [s1, s2],
      minGain,
      kvBitsRatio: r,
      kvShareThreshold: theta,
      paybackStepsIfMemoryBound: lowIsSmaller ? (1 + r) / (1 - r) : null,
    },
    runs: [withGain(fixed), withGain(chapter), withGain(roofline)],
  };
}

const pct = (x: number) => formatPercent(x);
const fmtR = (r: number) => String(Number(r.toPrecision(3)));
