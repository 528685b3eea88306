/**
 * How models and devices travel to a worker and back into objects there, shared by every
 * worker of the page: presets and catalog devices as ids (looked up in the worker, so the
 * library's per-object caches keep working across messages), a file's model whole with a key.
 */
import { BUILTIN_DEVICES, type DeviceSpec } from "../../../src/core/index.js";
import { type ResolvedModel, resolveModel } from "../state/compute.js";
import { type ModelSource, modelKey } from "../state/state.js";
import type { WorkerModel } from "./protocol.js";

/** The page's side: the model as a message carries it. */
export function toWorkerModel(model: ModelSource): WorkerModel {
  return model.kind === "preset"
    ? { kind: "preset", id: model.id }
    : {
        kind: "custom",
        key: modelKey(model),
        spec: model.spec,
        ...(model.kind === "gguf" ? { weights: model.weights } : {}),
      };
}

/** The page's side: a catalog device as its id, a device measured in the browser whole. */
export function toWorkerDevice(device: DeviceSpec): string | DeviceSpec {
  return BUILTIN_DEVICES.includes(device) ? device.id : device;
}

/** The worker's side: the device a message names (undefined for an unknown id). */
export function deviceOf(d: string | DeviceSpec): DeviceSpec | undefined {
  return typeof d === "string" ? BUILTIN_DEVICES.find((x) => x.id === d) : d;
}

/** The worker's side: a lookup that keeps the last file model, so its caches survive messages. */
export function modelLookup(): (m: WorkerModel) => ResolvedModel | null {
  let custom: { key: string; model: ResolvedModel } | null = null;
  return (m) => {
    if (m.kind === "preset") return resolveModel({ kind: "preset", id: m.id });
    if (custom?.key !== m.key)
      custom = { key: m.key, model: { spec: m.spec, ...(m.weights ? { weights: m.weights } : {}) } };
    return custom.model;
  };
}
