/**
 * A worker for the placement trade-off (`fitPlacement`: hundreds of placements analysed, a
 * few seconds): apart from the slow-results worker, so the advisor never waits for it.
 */
import { BUILTIN_DEVICES } from "../../../src/core/index.js";
import { type ResolvedModel, resolveModel } from "../state/compute.js";
import { computeFit } from "../state/compute-fit.js";
import { offloadSetup } from "../state/placement.js";
import type { FitRequest, FitResponse } from "./fit-protocol.js";
import type { WorkerModel } from "./protocol.js";

let custom: { key: string; model: ResolvedModel } | null = null;

function modelOf(m: WorkerModel): ResolvedModel | null {
  if (m.kind === "preset") return resolveModel({ kind: "preset", id: m.id });
  if (custom?.key !== m.key)
    custom = { key: m.key, model: { spec: m.spec, ...(m.weights ? { weights: m.weights } : {}) } };
  return custom.model;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<FitRequest>) => void) | null;
  postMessage(m: FitResponse): void;
};
scope.onmessage = (e) => {
  const r = e.data;
  try {
    const model = modelOf(r.model);
    if (!model) throw new Error(`unknown model ${JSON.stringify(r.model)}`);
    const device = typeof r.device === "string" ? BUILTIN_DEVICES.find((x) => x.id === r.device) : r.device;
    if (!device) throw new Error(`unknown device ${JSON.stringify(r.device)}`);
    const setup = offloadSetup(r.placement, device);
    if (setup.kind !== "on") throw new Error(`no placement (${setup.kind})`);
    scope.postMessage({ id: r.id, fit: computeFit(model, setup, r.workload) });
  } catch (err) {
    scope.postMessage({ id: r.id, error: err instanceof Error ? err.message : String(err) });
  }
};
