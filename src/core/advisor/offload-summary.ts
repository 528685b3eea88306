/**
 * The advisor on a host + GPU machine (issue 17): with a system and a placement, every
 * before / after is the placement's analysis (`analyzeOffload`), so each suggestion's memory
 * is checked against the memory plan of every unit it lands on (the GPU's and the host's
 * RAM), and its speed is the placed model's, not the GPU-alone one. The roofline bounds stay
 * the device's (all on the GPU: no placement is faster).
 */
import type { System } from "../cluster/system.js";
import type { ResolvedWorkload } from "../graph/workload.js";
import type { ModelSpec } from "../models/schema.js";
import type { ModelWeights } from "../models/weights.js";
import { analyzeOffload, type OffloadAnalysis } from "../offload/analyze-offload.js";
import type { PlacementInput } from "../offload/placement.js";
import type { Summary } from "./summary.js";

export interface AdviseOffload {
  readonly system: System;
  readonly placement: PlacementInput;
}

/** The placement applied to a model (a what-if model without experts drops --n-cpu-moe). */
export function offloadRun(
  o: AdviseOffload,
  model: ModelSpec,
  workload: ResolvedWorkload,
  weights: ModelWeights | undefined,
): OffloadAnalysis {
  const { cpuMoeLayers, ...rest } = o.placement;
  return analyzeOffload({
    model,
    system: o.system,
    workload,
    placement: model.moe && cpuMoeLayers !== undefined ? { ...rest, cpuMoeLayers } : rest,
    ...(weights ? { weights } : {}),
  });
}

/** The device's summary with the placement's times, memory and fit (energy unknown: the host draws too). */
export function offloadSummary(o: OffloadAnalysis, device: Summary, generate: number): Summary {
  const pre = o.prefill;
  const dec = o.decode;
  if (!pre || !dec) throw new Error("offloadSummary needs an analysis of both phases");
  return {
    ...device,
    ttftEstimateS: pre.latencyS,
    decodeLatencyEstimateS: dec.latencyS,
    tokensPerSEstimate: dec.tokensPerS,
    requestEstimateS: pre.latencyS + Math.max(0, generate - 1) * dec.latencyS,
    memoryBytes: o.memory.units.reduce((s, u) => s + u.totalBytes, 0),
    fits: o.fits,
    energyPerTokenJ: null,
    energyPerRequestJ: null,
  };
}
