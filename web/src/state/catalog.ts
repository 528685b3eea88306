/** What the pickers list: the catalog's models and devices, and the format names by group. Pure. */
import {
  BUILTIN_DEVICES,
  BUILTIN_MODELS,
  type DeviceSpec,
  FORMAT_NAMES,
  FORMATS,
  RECIPE_NAMES,
} from "../../../src/core/index.js";

export const SCALAR_FORMATS = FORMAT_NAMES.filter((f) => FORMATS[f].kind !== "gguf");
export const BLOCK_FORMATS = FORMAT_NAMES.filter((f) => FORMATS[f].kind === "gguf");
export const MIX_RECIPES = [...new Set(RECIPE_NAMES)].filter(
  (r) => !(FORMAT_NAMES as readonly string[]).includes(r),
);
export const DEVICES_BY_VENDOR = (() => {
  const m = new Map<string, DeviceSpec[]>();
  for (const d of BUILTIN_DEVICES) {
    const list = m.get(d.vendor);
    if (list) list.push(d);
    else m.set(d.vendor, [d]);
  }
  return [...m.entries()].sort((a, b) => a[0].localeCompare(b[0]));
})();

export const knownModel = (id: string): boolean => BUILTIN_MODELS.some((m) => m.id === id);
export const knownDevice = (id: string): boolean => BUILTIN_DEVICES.some((d) => d.id === id);
