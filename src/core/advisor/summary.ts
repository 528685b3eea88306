/** The few numbers a recommendation compares before and after a change. */
import type { DeviceSpec } from "../hardware/schema.js";
import type { Analysis } from "../predict/analysis-types.js";

export interface Summary {
  /** Time to first token (prefill), seconds. */
  readonly ttftEstimateS: number;
  readonly ttftBoundS: number;
  /** One decode step at mid-generation, seconds. */
  readonly decodeLatencyEstimateS: number;
  readonly decodeLatencyBoundS: number;
  /** Tokens generated per second over the batch. */
  readonly tokensPerSEstimate: number;
  /** Prefill plus `generate` − 1 decode steps at mid-generation latency, seconds. */
  readonly requestEstimateS: number;
  readonly memoryBytes: number;
  readonly fits: boolean | null;
  /** Energy at the device's typical power, when the catalog lists one. */
  readonly energyPerTokenJ: number | null;
  readonly energyPerRequestJ: number | null;
}

/**
 * Summarize an analysis whose prefill is the prompt and whose decode step sits at
 * mid-generation (context = prompt + generate / 2): the step latency grows linearly with
 * context, so that one step times (generate − 1) is the sum over the generation.
 */
export function summarize(a: Analysis, generate: number, device: DeviceSpec): Summary {
  const pre = a.prefill;
  const dec = a.decode;
  if (!pre || !dec) throw new Error("summarize needs an analysis of both phases");
  const request = pre.latencyEstimateS + Math.max(0, generate - 1) * dec.latencyEstimateS;
  const power = device.powerW?.value ?? null;
  return {
    ttftEstimateS: pre.latencyEstimateS,
    ttftBoundS: pre.latencyBoundS,
    decodeLatencyEstimateS: dec.latencyEstimateS,
    decodeLatencyBoundS: dec.latencyBoundS,
    tokensPerSEstimate: dec.tokensPerSEstimate,
    requestEstimateS: request,
    memoryBytes: a.memory.totalBytes,
    fits: a.memory.fits,
    energyPerTokenJ: power === null ? null : (power * dec.latencyEstimateS) / dec.batch,
    energyPerRequestJ: power === null ? null : power * request,
  };
}
