/**
 * A worker for the slow part of an update (timelines, advisor): the main thread posts the
 * inputs, keeps rendering, and shows these results when they arrive. Presets and devices
 * travel as ids and are looked up here, so the library's per-object caches keep working
 * across messages.
 */
import { BUILTIN_DEVICES } from "../../../src/core/index.js";
import { computeSlow, type ResolvedModel, resolveModel } from "../state/compute.js";
import type { SlowRequest, SlowResponse, WorkerModel } from "./protocol.js";

let custom: { key: string; model: ResolvedModel } | null = null;

function modelOf(m: WorkerModel): ResolvedModel | null {
  if (m.kind === "preset") return resolveModel({ kind: "preset", id: m.id });
  if (custom?.key !== m.key)
    custom = { key: m.key, model: { spec: m.spec, ...(m.weights ? { weights: m.weights } : {}) } };
  return custom.model;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<SlowRequest>) => void) | null;
  postMessage(m: SlowResponse): void;
};
scope.onmessage = (e) => {
  const r = e.data;
  try {
    const model = modelOf(r.model);
    if (!model) throw new Error(`unknown model ${JSON.stringify(r.model)}`);
    const devices = r.devices.flatMap((d) =>
      typeof d === "string" ? BUILTIN_DEVICES.filter((x) => x.id === d) : [d],
    );
    scope.postMessage({
      id: r.id,
      results: computeSlow(model, devices, r.workload, r.generate, r.calibrated, r.placement),
    });
  } catch (err) {
    scope.postMessage({ id: r.id, error: err instanceof Error ? err.message : String(err) });
  }
};
