/**
 * A worker for the slow part of an update (timelines, advisor): the main thread posts the
 * inputs, keeps rendering, and shows these results when they arrive. Presets and devices
 * travel as ids and are looked up here, so the library's per-object caches keep working
 * across messages.
 */
import type { DeviceSpec } from "../../../src/core/index.js";
import { computeSlow } from "../state/compute.js";
import type { SlowRequest, SlowResponse } from "./protocol.js";
import { deviceOf, modelLookup } from "./worker-model.js";

const modelOf = modelLookup();

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<SlowRequest>) => void) | null;
  postMessage(m: SlowResponse): void;
};
scope.onmessage = (e) => {
  const r = e.data;
  try {
    const model = modelOf(r.model);
    if (!model) throw new Error(`unknown model ${JSON.stringify(r.model)}`);
    const devices = r.devices.map(deviceOf).filter((d): d is DeviceSpec => d !== undefined);
    scope.postMessage({
      id: r.id,
      results: computeSlow(model, devices, r.workload, r.generate, r.calibrated, r.placement),
    });
  } catch (err) {
    scope.postMessage({ id: r.id, error: err instanceof Error ? err.message : String(err) });
  }
};
