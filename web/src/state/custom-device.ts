/**
 * A device typed in the page (the custom-device form): its fields' text to a device of the
 * catalog's schema, checked by the same DeviceSpec validation as `--device-file`, each
 * problem put at its field. Pure (no DOM), so that tests build the same device.
 */
import { type DeviceClass, DeviceSpec } from "../../../src/core/index.js";
import type { MessageKey } from "../i18n/index.js";

export const CUSTOM_FIELDS = ["name", "bandwidth", "memory", "fp16", "fp32", "int8"] as const;
export type CustomField = (typeof CUSTOM_FIELDS)[number];
export type CustomErrors = Partial<Record<CustomField, { key: MessageKey; params?: Record<string, string> }>>;

export const CUSTOM_UNITS = ["gpu", "cpu", "npu"] as const;
export const DEFAULT_CLASS: Readonly<Record<(typeof CUSTOM_UNITS)[number], DeviceClass>> = {
  gpu: "nvidia-gpu",
  cpu: "cpu",
  npu: "npu",
};

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48) || "device";

/** The device the form describes, or its errors by field. Pure (exported for tests). */
export function deviceFromForm(
  v: Readonly<Record<CustomField, string>>,
  unit: (typeof CUSTOM_UNITS)[number],
  cls: DeviceClass,
): { device: DeviceSpec } | { errors: CustomErrors } {
  const errors: CustomErrors = {};
  const num = (f: CustomField, required: boolean): number | undefined => {
    const s = v[f].trim();
    if (s === "") {
      if (required) errors[f] = { key: "custom.required" };
      return undefined;
    }
    const n = Number(s);
    if (!/^(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(s) || !(n > 0) || !Number.isFinite(n))
      errors[f] = { key: "custom.positive" };
    return n;
  };
  if (v.name.trim() === "") errors.name = { key: "custom.required" };
  const bw = num("bandwidth", true);
  const mem = num("memory", false);
  const peaks = { fp16: num("fp16", false), fp32: num("fp32", false), int8: num("int8", false) };
  if (peaks.fp16 === undefined && peaks.fp32 === undefined && !errors.fp16 && !errors.fp32)
    errors.fp16 = { key: "custom.needPeak" };
  if (Object.keys(errors).length > 0) return { errors };
  const sv = (value: number | undefined) => (value === undefined ? undefined : { value, source: "user" });
  const peakTflops = Object.fromEntries(
    Object.entries(peaks).flatMap(([k, x]) => (x === undefined ? [] : [[k, sv(x)]])),
  );
  const candidate = {
    id: `custom-${slug(v.name)}`,
    name: v.name.trim().slice(0, 80),
    vendor: "Custom",
    unit,
    class: cls,
    peakTflops,
    bandwidthGBps: sv(bw),
    ...(mem !== undefined ? { memoryGiB: sv(mem) } : {}),
    sources: { user: { title: "Typed in the Ridgeline page", kind: "datasheet" } },
  };
  // The same validation as --device-file; a problem it finds is put at its field.
  const r = DeviceSpec.safeParse(candidate);
  if (r.success) return { device: r.data };
  for (const issue of r.error.issues) {
    const path = issue.path.map(String);
    const f: CustomField =
      path[0] === "bandwidthGBps"
        ? "bandwidth"
        : path[0] === "memoryGiB"
          ? "memory"
          : path[0] === "peakTflops" && (CUSTOM_FIELDS as readonly string[]).includes(path[1] ?? "")
            ? (path[1] as CustomField)
            : "name";
    errors[f] ??= { key: "custom.invalid", params: { message: issue.message } };
  }
  return { errors };
}
