/** Look-ups in the built-in catalogs, with "did you mean" suggestions for unknown names. */
import { closest } from "fastest-levenshtein";
import { InputError } from "../errors.js";
import { BUILTIN_DEVICES } from "../hardware/devices/index.js";
import type { DeviceSpec } from "../hardware/schema.js";
import { BUILTIN_MODELS } from "../models/presets/index.js";
import type { ModelSpec } from "../models/schema.js";

export { BUILTIN_DEVICES, BUILTIN_MODELS };

function lookup<T extends { id: string }>(all: readonly T[], id: string, field: string): T {
  const key = id.trim().toLowerCase();
  const hit = all.find((x) => x.id === key);
  if (hit) return hit;
  const ids = all.map((x) => x.id);
  const near = ids.length ? closest(key, ids) : undefined;
  throw new InputError(
    field,
    id,
    `unknown${near ? `; did you mean "${near}"?` : ""} (list them with \`ridgeline ${all === (BUILTIN_MODELS as readonly unknown[]) ? "models" : "devices"}\`)`,
  );
}

/** `field` names where the id came from, for the error message (a flag, or an argument). */
export const findModel = (id: string, field = "--model"): ModelSpec => lookup(BUILTIN_MODELS, id, field);
export const findDevice = (id: string, field = "--device"): DeviceSpec => lookup(BUILTIN_DEVICES, id, field);
