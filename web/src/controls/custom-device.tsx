/**
 * "Type a device": bandwidth, memory and compute peaks of a device the catalog does not
 * have. The result is a device of the catalog's schema, checked by the same DeviceSpec
 * validation as `--device-file`; each problem is one message at its field.
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { DEVICE_CLASSES, type DeviceClass, type DeviceSpec } from "../../../src/core/index.js";
import type { T } from "../i18n/index.js";
import {
  DEFAULT_CLASS,
  deviceFromForm,
  type CustomErrors as Errors,
  CUSTOM_FIELDS as FIELDS,
  type CustomField as Field,
  CUSTOM_UNITS as UNITS,
} from "../state/custom-device.js";

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
