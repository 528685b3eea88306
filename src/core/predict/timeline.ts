/**
 * The generation timeline (chapter 2.3.4): prefill produces the first token, then each
 * decode step t attends over prompt + t − 1 entries while the KV cache grows by one.
 */

import type { Efficiency } from "../efficiency/defaults.js";
import type { ResolvedWorkload } from "../graph/workload.js";
import type { DeviceSpec } from "../hardware/schema.js";
import type { ModelSpec } from "../models/schema.js";
import type { ModelWeights } from "../models/weights.js";
import { roofsOf } from "./caches.js";
import { checkedGeneration } from "./checked-generation.js";
import { kvCacheBytes, recurrentState } from "./memory.js";
import { analyzePass, keptKeys, passOf } from "./pass.js";
import { stepCurve } from "./step-curve.js";

export interface TimelineStep {
  /** Index of the generated token (1 = the token produced by prefill). */
  readonly token: number;
  /** KV entries attended by this step. */
  readonly keys: number;
  readonly latencyBoundS: number;
  readonly latencyEstimateS: number;
  readonly kvCacheBytes: number;
  readonly attentionShareFlops: number;
  readonly attentionShareTimeEstimate: number;
  readonly cumulativeBoundS: number;
  readonly cumulativeEstimateS: number;
}

export interface Timeline {
  readonly promptTokens: number;
  readonly generateTokens: number;
  readonly batch: number;
  readonly ttftBoundS: number;
  readonly ttftEstimateS: number;
  readonly steps: readonly TimelineStep[];
  readonly totalBoundS: number;
  readonly totalEstimateS: number;
  /** Generated tokens (over the batch) per second of decode, excluding prefill. */
  readonly decodeTokensPerSBound: number;
  readonly decodeTokensPerSEstimate: number;
  /** Generated tokens per second including the time to first token. */
  readonly endToEndTokensPerSEstimate: number;
  /** The part of every step's cache that is the recurrent layers' fixed state (0 without such layers), and how many layers keep one. */
  readonly recurrentStateBytes: number;
  readonly recurrentLayers: number;
}

export interface TimelineInput {
  readonly model: ModelSpec;
  readonly device: DeviceSpec;
  readonly workload: ResolvedWorkload;
  readonly generateTokens: number;
  readonly weights?: ModelWeights;
  readonly efficiency?: Efficiency;
}

export function timeline(input: TimelineInput): Timeline {
  // A caller's raw objects are validated, as by analyze() (once per object).
  const g = input.generateTokens;
  const {
    model: m,
    device,
    workload: wl,
    weights: w,
    efficiency: eff,
  } = checkedGeneration(input, g, "generateTokens");
  const roofs = roofsOf(device);
  const pre = analyzePass(m, w, roofs, eff, "prefill", passOf(wl, wl.promptTokens, wl.promptTokens));
  const steps: TimelineStep[] = [];
  let cb = pre.latencyBoundS;
  let ce = pre.latencyEstimateS;
  steps.push({
    token: 1,
    keys: wl.promptTokens,
    latencyBoundS: pre.latencyBoundS,
    latencyEstimateS: pre.latencyEstimateS,
    kvCacheBytes: kvCacheBytes(m, wl.batch, wl.promptTokens, wl.kv).bytes,
    attentionShareFlops: pre.attentionShare.flops,
    attentionShareTimeEstimate: pre.attentionShare.timeEstimate,
    cumulativeBoundS: cb,
    cumulativeEstimateS: ce,
  });
  let decodeB = 0;
  let decodeE = 0;
  // Decode steps by the keys they attend: the pass at a bounded number of key counts
  // (step-curve.ts), so a 131,072-token generation costs a few hundred passes, not 131,072.
  const curve = stepCurve(
    (keys) => {
      const d = analyzePass(m, w, roofs, eff, "decode", passOf(wl, 1, keys));
      const attn = d.groups.find((x) => x.group === "attention");
      return [
        d.latencyBoundS,
        d.latencyEstimateS,
        kvCacheBytes(m, wl.batch, keys, wl.kv).bytes,
        attn?.flops ?? 0,
        d.totals.flops,
        attn?.timeEstimateS ?? 0,
        d.totals.timeEstimateS,
      ];
    },
    keptKeys(wl, wl.promptTokens + 1),
    keptKeys(wl, wl.promptTokens + Math.max(1, g - 1)),
  );
  for (let t = 2; t <= g; t++) {
    const keys = keptKeys(wl, wl.promptTokens + t - 1);
    const [bound, estimate, kvBytes, attnFlops, flops, attnTime, time] = curve.at(keys) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    cb += bound;
    ce += estimate;
    decodeB += bound;
    decodeE += estimate;
    steps.push({
      token: t,
      keys,
      latencyBoundS: bound,
      latencyEstimateS: estimate,
      kvCacheBytes: kvBytes,
      attentionShareFlops: flops === 0 ? 0 : attnFlops / flops,
      attentionShareTimeEstimate: time === 0 ? 0 : attnTime / time,
      cumulativeBoundS: cb,
      cumulativeEstimateS: ce,
    });
  }
  const generated = (g - 1) * wl.batch;
  const state = recurrentState(m, wl.batch);
  return {
    promptTokens: wl.promptTokens,
    generateTokens: g,
    batch: wl.batch,
    ttftBoundS: pre.latencyBoundS,
    ttftEstimateS: pre.latencyEstimateS,
    steps,
    totalBoundS: cb,
    totalEstimateS: ce,
    decodeTokensPerSBound: generated === 0 ? 0 : generated / decodeB,
    decodeTokensPerSEstimate: generated === 0 ? 0 : generated / decodeE,
    endToEndTokensPerSEstimate: (g * wl.batch) / ce,
    recurrentStateBytes: state.bytes,
    recurrentLayers: state.layers,
  };
}
