/** What the pickers list: the catalog's models and devices, and the format names by group. Pure. */
import {
  BUILTIN_DEVICES,
  BUILTIN_MODELS,
  countParams,
  type DeviceSpec,
  FORMAT_NAMES,
  FORMATS,
  formatSI,
  type ModelSpec,
  RECIPE_NAMES,
  resolveDevice,
  resolveModel,
} from "../../../src/core/index.js";

export const SCALAR_FORMATS = FORMAT_NAMES.filter((f) => FORMATS[f].kind !== "gguf");
export const BLOCK_FORMATS = FORMAT_NAMES.filter((f) => FORMATS[f].kind === "gguf");
export const MIX_RECIPES = [...new Set(RECIPE_NAMES)].filter(
  (r) => !(FORMAT_NAMES as readonly string[]).includes(r),
);
/** Readable names of the model families (the spec's `family`, Hugging Face's model_type). */
const FAMILY_NAMES: Readonly<Record<string, string>> = {
  llama: "Llama",
  mistral: "Mistral",
  mixtral: "Mixtral (MoE)",
  gemma: "Gemma",
  gemma2: "Gemma 2",
  phi3: "Phi-3",
  qwen2: "Qwen 2 / 2.5",
  qwen3: "Qwen 3",
  qwen3_moe: "Qwen 3 (MoE)",
};
export const familyName = (f: string): string => FAMILY_NAMES[f] ?? f;
const params = (m: ModelSpec) => countParams(m).total;
export const fmtParams = (n: number): string =>
  formatSI(n, "").trim().replace(/ ?G$/, "B").replace(/ ?M$/, "M");

/** The presets by family (alphabetical), each family by size: the model picker's groups. */
export const MODELS_BY_FAMILY: readonly { family: string; models: readonly ModelSpec[] }[] = (() => {
  const m = new Map<string, ModelSpec[]>();
  for (const x of BUILTIN_MODELS) m.set(familyName(x.family), [...(m.get(familyName(x.family)) ?? []), x]);
  return [...m.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([family, models]) => ({ family, models: [...models].sort((a, b) => params(a) - params(b)) }));
})();

/** The catalog by vendor, then family (architecture generation): the device picker's groups. */
export const DEVICES_BY_FAMILY: readonly { label: string; devices: readonly DeviceSpec[] }[] = (() => {
  const m = new Map<string, DeviceSpec[]>();
  for (const d of BUILTIN_DEVICES) {
    const k = d.family ? `${d.vendor} · ${d.family}` : d.vendor;
    m.set(k, [...(m.get(k) ?? []), d]);
  }
  return [...m.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([label, devices]) => ({
      label,
      devices: [...devices].sort((a, b) => a.name.localeCompare(b.name)),
    }));
})();

/** The catalog id a link names: an id, or a label the core's resolver reads unambiguously ("RTX 4090"). */
export const knownModel = (label: string): string | null => {
  if (BUILTIN_MODELS.some((m) => m.id === label)) return label;
  const r = resolveModel(label);
  return r.status === "resolved" ? r.id : null;
};
export const knownDevice = (label: string): string | null => {
  if (BUILTIN_DEVICES.some((d) => d.id === label)) return label;
  const r = resolveDevice(label);
  return r.status === "resolved" ? r.id : null;
};
