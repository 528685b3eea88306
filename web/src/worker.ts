/**
 * A worker for the slow part of an update (timelines, advisor): the main thread posts the
 * inputs, keeps rendering, and shows these results when they arrive. Presets and devices
 * travel as ids and are looked up here, so the library's per-object caches keep working
 * across messages.
 */
import { BUILTIN_DEVICES, type DeviceSpec, type ModelSpec, type ModelWeights, type ResolvedWorkload } from "../../src/core/index.js";
import { computeSlow, resolveModel, type ResolvedModel, type SlowResults } from "./compute.js";

export type WorkerModel =
  | { readonly kind: "preset"; readonly id: string }
  | { readonly kind: "custom"; readonly key: string; readonly spec: ModelSpec; readonly weights?: ModelWeights };

export interface SlowRequest {
  readonly id: number;
  readonly model: WorkerModel;
  /** Catalog ids, or whole specs for devices measured in the browser. */
  readonly devices: readonly (string | DeviceSpec)[];
  readonly workload: ResolvedWorkload;
  readonly generate: number;
}

export type SlowResponse = { readonly id: number; readonly results: SlowResults } | { readonly id: number; readonly error: string };

let custom: { key: string; model: ResolvedModel } | null = null;

function modelOf(m: WorkerModel): ResolvedModel | null {
  if (m.kind === "preset") return resolveModel({ kind: "preset", id: m.id });
  if (custom?.key !== m.key) custom = { key: m.key, model: { spec: m.spec, ...(m.weights ? { weights: m.weights } : {}) } };
  return custom.model;
}

const scope = self as unknown as { onmessage: ((e: MessageEvent<SlowRequest>) => void) | null; postMessage(m: SlowResponse): void };
scope.onmessage = (e) => {
  const r = e.data;
  try {
    const model = modelOf(r.model);
    if (!model) throw new Error(`unknown model ${JSON.stringify(r.model)}`);
    const devices = r.devices.flatMap((d) => (typeof d === "string" ? BUILTIN_DEVICES.filter((x) => x.id === d) : [d]));
    scope.postMessage({ id: r.id, results: computeSlow(model, devices, r.workload, r.generate) });
  } catch (err) {
    scope.postMessage({ id: r.id, error: err instanceof Error ? err.message : String(err) });
  }
};
