/**
 * The placement's trade-off (issue 17): `fitPlacement` — the function `ridgeline fit --system`
 * prints — for the primary GPU and the host the controls describe, at the workload's context
 * (prompt = context, as `fit --context N` sets both). Pure; the app runs it in a worker.
 */
import { fitPlacement, type PlacementFit, type ResolvedWorkload } from "../../../src/core/index.js";
import type { ResolvedModel } from "./compute.js";
import type { OffloadSetup } from "./placement.js";

/** The workload `fit --context N` ranks placements at: N tokens of prompt and of context. */
export function fitWorkload(wl: ResolvedWorkload): ResolvedWorkload {
  const ctx = wl.contextTokens;
  return { ...wl, promptTokens: ctx, contextTokens: ctx };
}

export function computeFit(
  model: ResolvedModel,
  setup: Extract<OffloadSetup, { kind: "on" }>,
  workload: ResolvedWorkload,
): PlacementFit {
  return fitPlacement({
    model: model.spec,
    system: setup.system,
    workload: fitWorkload(workload),
    ...(model.weights ? { weights: model.weights } : {}),
    ...(setup.placement.mmapFromStorage ? { mmapFromStorage: true } : {}),
  });
}
