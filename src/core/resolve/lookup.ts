/**
 * A device or model named by a person (a flag, a URL): a catalog id, or any label the
 * resolver reads unambiguously ("RTX 4090", "meta-llama/Llama-3.1-8B-Instruct"). A label that
 * fits several entries, or none, is one InputError line naming the candidates.
 */
import { BUILTIN_DEVICES, BUILTIN_MODELS, findDevice, findModel } from "../catalog/lookup.js";
import { InputError } from "../errors.js";
import type { DeviceSpec } from "../hardware/schema.js";
import type { ModelSpec } from "../models/schema.js";
import { resolveDevice } from "./devices.js";
import { resolveModel } from "./models.js";
import { candidateList, type Resolution } from "./types.js";

/** Ambiguous: the candidates; unknown: the catalog's own "did you mean" error. */
function fail(field: string, label: string, r: Resolution, list: "devices" | "models"): never {
  if (r.status === "ambiguous")
    throw new InputError(
      field,
      label,
      `fits ${r.candidates.length} ${list}: ${candidateList(r)}; give one id`,
    );
  if (list === "devices") findDevice(label, field);
  else findModel(label, field);
  throw new InputError(field, label, "unknown");
}

/** The entry of `all` an id or a resolved label names. */
function byLabel<T extends { readonly id: string }>(
  all: readonly T[],
  label: string,
  resolve: (label: string) => Resolution,
  field: string,
  list: "devices" | "models",
): T {
  const id = label.trim().toLowerCase();
  const hit = all.find((x) => x.id === id);
  if (hit) return hit;
  const r = resolve(label);
  if (r.status !== "resolved") fail(field, label, r, list);
  return all.find((x) => x.id === r.id)!;
}

/** The device an id or label names; `field` names where it came from, for the error. */
export const deviceByLabel = (label: string, field = "--device"): DeviceSpec =>
  byLabel(BUILTIN_DEVICES, label, (l) => resolveDevice(l), field, "devices");

/** The model preset an id or label names. */
export const modelByLabel = (label: string, field = "--model"): ModelSpec =>
  byLabel(BUILTIN_MODELS, label, (l) => resolveModel(l), field, "models");
