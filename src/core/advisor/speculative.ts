/**
 * Speculative decoding: a small draft model proposes γ tokens one at a time, the target
 * model verifies them in one pass of γ + 1 queries. With per-token acceptance rate α,
 * each iteration yields E = (1 − α^(γ+1)) / (1 − α) tokens on average (Leviathan et al.,
 * 2023), at the cost of γ draft steps plus one verification pass.
 */

import type { Efficiency } from "../efficiency/defaults.js";
import type { ResolvedWorkload } from "../graph/workload.js";
import type { DeviceSpec } from "../hardware/schema.js";
import type { ModelSpec } from "../models/schema.js";
import { roofsOf, weightsOf } from "../predict/caches.js";
import { analyzePass, keptKeys, passOf } from "../predict/pass.js";

export function expectedTokensPerIteration(alpha: number, gamma: number): number {
  if (alpha >= 1) return gamma + 1;
  return (1 - alpha ** (gamma + 1)) / (1 - alpha);
}

export interface SpeculativeResult {
  readonly draft: string;
  readonly alpha: number;
  readonly gamma: number;
  readonly tokensPerIteration: number;
  readonly draftStepS: number;
  readonly verifyPassS: number;
  /** Effective time per generated token (per sequence), seconds. */
  readonly perTokenS: number;
}

export function speculativeDecode(
  target: ModelSpec,
  draft: ModelSpec,
  device: DeviceSpec,
  wl: ResolvedWorkload,
  context: number,
  eff: Efficiency,
  alpha: number,
  gamma: number,
): SpeculativeResult {
  const roofs = roofsOf(device);
  const keys = keptKeys(wl, context);
  const d = analyzePass(
    draft,
    weightsOf(draft, wl.weights, wl.activations),
    roofs,
    eff,
    "decode",
    passOf(wl, 1, keys),
  );
  const v = analyzePass(
    target,
    weightsOf(target, wl.weights, wl.activations),
    roofs,
    eff,
    "decode",
    passOf(wl, gamma + 1, keys + gamma),
  );
  const e = expectedTokensPerIteration(alpha, gamma);
  return {
    draft: draft.id,
    alpha,
    gamma,
    tokensPerIteration: e,
    draftStepS: d.latencyEstimateS,
    verifyPassS: v.latencyEstimateS,
    perTokenS: (gamma * d.latencyEstimateS + v.latencyEstimateS) / e,
  };
}
