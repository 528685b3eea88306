/**
 * A worker for the placement trade-off (`fitPlacement`: hundreds of placements analysed, a
 * few seconds): apart from the slow-results worker, so the advisor never waits for it.
 */
import { computeFit } from "../state/compute-fit.js";
import { offloadSetup } from "../state/placement.js";
import type { FitRequest, FitResponse } from "./fit-protocol.js";
import { deviceOf, modelLookup } from "./worker-model.js";

const modelOf = modelLookup();

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<FitRequest>) => void) | null;
  postMessage(m: FitResponse): void;
};
scope.onmessage = (e) => {
  const r = e.data;
  try {
    const model = modelOf(r.model);
    if (!model) throw new Error(`unknown model ${JSON.stringify(r.model)}`);
    const device = deviceOf(r.device);
    if (!device) throw new Error(`unknown device ${JSON.stringify(r.device)}`);
    const setup = offloadSetup(r.placement, device);
    if (setup.kind !== "on") throw new Error(`no placement (${setup.kind})`);
    scope.postMessage({ id: r.id, fit: computeFit(model, setup, r.workload) });
  } catch (err) {
    scope.postMessage({ id: r.id, error: err instanceof Error ? err.message : String(err) });
  }
};
