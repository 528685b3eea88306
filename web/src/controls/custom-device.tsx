/**
 * "Type a device": bandwidth, memory and compute peaks of a device the catalog does not
 * have. The result is a device of the catalog's schema, checked by the same DeviceSpec
 * validation as `--device-file`; each problem is one message at its field.
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { DEVICE_CLASSES, type DeviceClass, DeviceSpec } from "../../../src/core/index.js";
import type { MessageKey, T } from "../i18n/index.js";

const FIELDS = ["name", "bandwidth", "memory", "fp16", "fp32", "int8"] as const;
type Field = (typeof FIELDS)[number];
type Errors = Partial<Record<Field, { key: MessageKey; params?: Record<string, string> }>>;

const UNITS = ["gpu", "cpu", "npu"] as const;
const DEFAULT_CLASS: Readonly<Record<(typeof UNITS)[number], DeviceClass>> = {
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
  v: Readonly<Record<Field, string>>,
  unit: (typeof UNITS)[number],
  cls: DeviceClass,
): { device: DeviceSpec } | { errors: Errors } {
  const errors: Errors = {};
  const num = (f: Field, required: boolean): number | undefined => {
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
    const f: Field =
      path[0] === "bandwidthGBps"
        ? "bandwidth"
        : path[0] === "memoryGiB"
          ? "memory"
          : path[0] === "peakTflops" && (FIELDS as readonly string[]).includes(path[1] ?? "")
            ? (path[1] as Field)
            : "name";
    errors[f] ??= { key: "custom.invalid", params: { message: issue.message } };
  }
  return { errors };
}

export function CustomDeviceForm(p: { t: T; onDevice: (d: DeviceSpec) => void }): JSX.Element {
  const { t } = p;
  const [v, setV] = useState<Record<Field, string>>({
    name: "",
    bandwidth: "",
    memory: "",
    fp16: "",
    fp32: "",
    int8: "",
  });
  const [unit, setUnit] = useState<(typeof UNITS)[number]>("gpu");
  const [cls, setCls] = useState<DeviceClass>("nvidia-gpu");
  const [errors, setErrors] = useState<Errors>({});
  const [added, setAdded] = useState<string | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    const r = deviceFromForm(v, unit, cls);
    if ("errors" in r) {
      setErrors(r.errors);
      setAdded(null);
      const first = FIELDS.find((f) => r.errors[f]);
      if (first) document.getElementById(`custom-${first}`)?.focus();
      return;
    }
    setErrors({});
    setAdded(r.device.name);
    p.onDevice(r.device);
  };
  const field = (f: Field, inputMode: "text" | "decimal") => {
    const err = errors[f];
    return (
      <div class={`field${err ? " invalid" : ""}`} key={f}>
        <label for={`custom-${f}`}>{t(`custom.${f}`)}</label>
        <input
          id={`custom-${f}`}
          data-testid={`custom-${f}`}
          type="text"
          inputMode={inputMode}
          value={v[f]}
          aria-invalid={err ? "true" : "false"}
          aria-describedby={err ? `custom-${f}-err` : undefined}
          onInput={(e) => setV((s) => ({ ...s, [f]: e.currentTarget.value }))}
        />
        {err ? (
          <span class="field-error" id={`custom-${f}-err`} role="alert" data-testid={`custom-err-${f}`}>
            {t(err.key, err.params)}
          </span>
        ) : null}
      </div>
    );
  };
  return (
    <details class="custom-device" data-testid="custom-device">
      <summary>{t("custom.heading")}</summary>
      <form onSubmit={submit} noValidate>
        <p class="hint">{t("custom.intro")}</p>
        {field("name", "text")}
        <div class="grid2">
          {field("bandwidth", "decimal")}
          {field("memory", "decimal")}
        </div>
        <div class="grid2">
          {field("fp16", "decimal")}
          {field("fp32", "decimal")}
        </div>
        <div class="grid2">
          {field("int8", "decimal")}
          <div class="field">
            <label for="custom-unit">{t("custom.unit")}</label>
            <select
              id="custom-unit"
              value={unit}
              onChange={(e) => {
                const u = e.currentTarget.value as (typeof UNITS)[number];
                setUnit(u);
                setCls(DEFAULT_CLASS[u]);
              }}
            >
              {UNITS.map((u) => (
                <option value={u} key={u}>
                  {t(`custom.unit.${u}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="field">
          <label for="custom-class">{t("custom.class")}</label>
          <select
            id="custom-class"
            value={cls}
            onChange={(e) => setCls(e.currentTarget.value as DeviceClass)}
          >
            {DEVICE_CLASSES.map((c) => (
              <option value={c} key={c}>
                {t(`devclass.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" data-testid="custom-add">
          {t("custom.add")}
        </button>
        {added ? (
          <p class="hint" role="status" data-testid="custom-added">
            {t("custom.added", { name: added })}
          </p>
        ) : null}
      </form>
    </details>
  );
}
