/**
 * The generation timeline of a placement across host and GPU (issue 17): prefill, then each
 * decode step t attends prompt + t − 1 entries, every pass as `analyzeOffload` computes it
 * (the same setup, so a step equals analyze's decode at that context). Memory is counted once,
 * at the last step's cache: the engine allocates its context up front.
 */
import { InputError } from "../errors.js";
import { MAX_TOKENS } from "../graph/workload.js";
import { keptKeys } from "../predict/pass.js";
import { stepCurve } from "../predict/step-curve.js";
import {
  type OffloadAnalysis,
  type OffloadInput,
  offloadDecodeAt,
  offloadDiagnostics,
  offloadPrefill,
  setupOffload,
} from "./analyze-offload.js";
import { placementFlags } from "./placement.js";

export interface OffloadTimelineStep {
  /** Index of the generated token (1 = the token produced by prefill). */
  readonly token: number;
  /** KV entries attended by this step. */
  readonly keys: number;
  readonly latencyS: number;
  readonly gpuS: number;
  readonly hostS: number;
  readonly linkS: number;
  readonly storageS: number;
  readonly cumulativeS: number;
}

export interface OffloadTimeline {
  readonly placement: OffloadAnalysis["placement"];
  readonly memory: OffloadAnalysis["memory"];
  readonly fits: boolean | null;
  readonly diagnostics: readonly string[];
  readonly promptTokens: number;
  readonly generateTokens: number;
  readonly batch: number;
  readonly ttftS: number;
  readonly steps: readonly OffloadTimelineStep[];
  readonly totalS: number;
  /** Generated tokens (over the batch) per second of decode, excluding prefill. */
  readonly decodeTokensPerS: number;
  /** Generated tokens per second including the time to first token. */
  readonly endToEndTokensPerS: number;
}

export function timelineOffload(input: OffloadInput & { readonly generateTokens: number }): OffloadTimeline {
  const g = input.generateTokens;
  if (!Number.isInteger(g) || g < 1 || g > MAX_TOKENS)
    throw new InputError("generateTokens", g, `must be a whole number from 1 to ${MAX_TOKENS}`);
  const wl = input.workload;
  const lastKeys = keptKeys(wl, wl.promptTokens + Math.max(1, g - 1));
  const s = setupOffload(input, Math.max(wl.promptTokens, lastKeys));
  const pre = offloadPrefill(s);
  const steps: OffloadTimelineStep[] = [];
  let total = pre.latencyS;
  steps.push({
    token: 1,
    keys: wl.promptTokens,
    latencyS: pre.latencyS,
    gpuS: pre.gpuS,
    hostS: pre.hostS,
    linkS: pre.linkS,
    storageS: pre.storageS,
    cumulativeS: total,
  });
  // Each part of a step is piecewise linear in the keys (roofline maxima, link bytes): the curve
  // evaluates the breakpoints and interpolates between them.
  const curve = stepCurve(
    (keys) => {
      const d = offloadDecodeAt(s, keys);
      return [d.latencyS, d.gpuS, d.hostS, d.linkS, d.storageS];
    },
    keptKeys(wl, wl.promptTokens + 1),
    lastKeys,
  );
  let decode = 0;
  for (let t = 2; t <= g; t++) {
    const keys = keptKeys(wl, wl.promptTokens + t - 1);
    const [latencyS, gpuS, hostS, linkS, storageS] = curve.at(keys) as [
      number,
      number,
      number,
      number,
      number,
    ];
    total += latencyS;
    decode += latencyS;
    steps.push({ token: t, keys, latencyS, gpuS, hostS, linkS, storageS, cumulativeS: total });
  }
  const verdicts = s.memory.units.map((u) => u.fits);
  const generated = (g - 1) * wl.batch;
  return {
    placement: { ...s.placement, flags: placementFlags(s.placement) },
    memory: s.memory,
    fits: verdicts.includes(false) ? false : verdicts.includes(null) ? null : true,
    diagnostics: offloadDiagnostics(s.memory, input.system),
    promptTokens: wl.promptTokens,
    generateTokens: g,
    batch: wl.batch,
    ttftS: pre.latencyS,
    steps,
    totalS: total,
    decodeTokensPerS: generated === 0 ? 0 : generated / decode,
    endToEndTokensPerS: (g * wl.batch) / total,
  };
}
