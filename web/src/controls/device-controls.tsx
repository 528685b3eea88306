/**
 * The devices: the primary one, the ones compared beside it, a searchable picker grouped
 * by vendor and family to add more, and a form to type a device of one's own.
 */

import type { JSX } from "preact";
import { useCallback, useMemo, useState } from "preact/hooks";
import { BUILTIN_DEVICES, type DeviceSpec, resolveDevice } from "../../../src/core/index.js";
import { fmtGBps } from "../format.js";
import type { T } from "../i18n/index.js";
import { DEVICES_BY_FAMILY } from "../state/catalog.js";
import { type AppState, DEFAULT_DEVICE_ID, MAX_DEVICES } from "../state/state.js";
import { Combobox, type ComboGroup } from "./combobox.js";
import { CustomDeviceForm } from "./custom-device.js";
import { resolvedGroup } from "./resolved-options.js";
import { Section } from "./section.js";

const summary = (d: DeviceSpec, t: T) =>
  t("device.summary", {
    bw: fmtGBps(d.bandwidthGBps.value),
    mem: d.memoryGiB ? `${d.memoryGiB.value} GiB` : t("device.memUnknown"),
  });

const option = (d: DeviceSpec, t: T) => ({
  value: d.id,
  label: d.name,
  hint: summary(d, t),
  search: [d.id, d.vendor, d.family ?? "", d.soc ?? "", d.unit, ...(d.aliases ?? [])].join(" "),
});

/** The picker's groups: the user's own devices first, then the catalog by vendor and family, without `exclude`. */
function deviceGroups(custom: readonly DeviceSpec[], exclude: readonly string[], t: T): ComboGroup[] {
  const keep = (d: DeviceSpec) => !exclude.includes(d.id);
  const groups: ComboGroup[] = [];
  if (custom.some(keep))
    groups.push({ label: t("device.own"), options: custom.filter(keep).map((d) => option(d, t)) });
  for (const g of DEVICES_BY_FAMILY) {
    const options = g.devices.filter(keep).map((d) => option(d, t));
    if (options.length > 0) groups.push({ label: g.label, options });
  }
  return groups;
}

export function DeviceControls(p: {
  devices: readonly string[];
  custom: readonly DeviceSpec[];
  setState: (f: (s: AppState) => AppState) => void;
  t: T;
}): JSX.Element {
  const { t } = p;
  const ids = p.devices;
  const primary = ids[0] ?? DEFAULT_DEVICE_ID;
  const firstFree = BUILTIN_DEVICES.find((d) => !ids.includes(d.id))?.id ?? "";
  const [pick, setPick] = useState(firstFree);
  const pickValue = ids.includes(pick) || pick === "" ? firstFree : pick;
  const find = (id: string) => p.custom.find((d) => d.id === id) ?? BUILTIN_DEVICES.find((d) => d.id === id);
  const name = (id: string) => find(id)?.name ?? id;
  const primarySpec = find(primary);
  const others = ids.slice(1);
  const primaryGroups = useMemo(() => deviceGroups(p.custom, others, t), [p.custom, others.join(","), t]);
  const addGroups = useMemo(() => deviceGroups(p.custom, ids, t), [p.custom, ids.join(","), t]);
  // Any label the core resolves ("RTX 4090", llama-bench's gpu_info); ambiguity lists the candidates.
  const resolve = useCallback(
    (q: string) => resolvedGroup(resolveDevice(q), (id) => BUILTIN_DEVICES.find((d) => d.id === id)?.name, t),
    [t],
  );
  return (
    <Section id="devices" title={t("device.heading")}>
      <div class="field">
        <label for="device">{t("device.label")}</label>
        <Combobox
          id="device"
          testid="device"
          value={primary}
          groups={primaryGroups}
          describedBy="device-summary"
          noMatch={t("picker.noMatch")}
          placeholder={t("device.search")}
          resolve={resolve}
          onChange={(id) =>
            p.setState((s) => ({ ...s, devices: [id, ...s.devices.slice(1).filter((x) => x !== id)] }))
          }
        />
        {primarySpec ? (
          <span class="hint" id="device-summary">
            {summary(primarySpec, t)}
          </span>
        ) : null}
      </div>
      {ids.length > 1 ? (
        <ul class="chips" data-testid="compared-devices">
          {others.map((id) => (
            <li key={id} class="chip">
              <span>{name(id)}</span>
              <button
                type="button"
                class="small"
                aria-label={t("device.makePrimary", { name: name(id) })}
                title={t("device.makePrimary", { name: name(id) })}
                onClick={() =>
                  p.setState((s) => ({ ...s, devices: [id, ...s.devices.filter((x) => x !== id)] }))
                }
              >
                ↑
              </button>
              <button
                type="button"
                class="small"
                aria-label={t("device.remove", { name: name(id) })}
                title={t("device.remove", { name: name(id) })}
                onClick={() => p.setState((s) => ({ ...s, devices: s.devices.filter((x) => x !== id) }))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {ids.length < MAX_DEVICES ? (
        <div class="field">
          <label for="device-add">{t("device.compare")}</label>
          <div class="row">
            <Combobox
              id="device-add"
              testid="device-add"
              value={pickValue}
              groups={addGroups}
              noMatch={t("picker.noMatch")}
              placeholder={t("device.search")}
              resolve={resolve}
              onChange={setPick}
            />
            <button
              type="button"
              data-testid="device-add-button"
              onClick={() => {
                if (pickValue && !ids.includes(pickValue))
                  p.setState((s) => ({ ...s, devices: [...s.devices, pickValue].slice(0, MAX_DEVICES) }));
              }}
            >
              {t("device.add")}
            </button>
          </div>
        </div>
      ) : (
        <p class="hint">{t("device.max", { n: MAX_DEVICES })}</p>
      )}
      <CustomDeviceForm
        t={t}
        onDevice={(d) =>
          p.setState((s) => ({
            ...s,
            customDevices: [...s.customDevices.filter((x) => x.id !== d.id), d],
            devices: [d.id, ...s.devices.filter((x) => x !== d.id)].slice(0, MAX_DEVICES),
          }))
        }
      />
    </Section>
  );
}
