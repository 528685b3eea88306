/** The devices: the primary one, the ones compared beside it, and a picker to add more. */

import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { BUILTIN_DEVICES, type DeviceSpec } from "../../../src/core/index.js";
import type { T } from "../i18n/index.js";
import { DEVICES_BY_VENDOR } from "../state/catalog.js";
import { type AppState, DEFAULT_DEVICE_ID, MAX_DEVICES } from "../state/state.js";
import { Section } from "./section.js";

function DeviceSelect(p: {
  id: string;
  value: string;
  exclude: readonly string[];
  onChange: (id: string) => void;
  testid: string;
  describedBy?: string;
  custom: readonly DeviceSpec[];
  customLabel: string;
}): JSX.Element {
  const groups: [string, readonly DeviceSpec[]][] = p.custom.length
    ? [[p.customLabel, p.custom], ...DEVICES_BY_VENDOR]
    : DEVICES_BY_VENDOR;
  return (
    <select
      id={p.id}
      data-testid={p.testid}
      value={p.value}
      onChange={(e) => p.onChange(e.currentTarget.value)}
      aria-describedby={p.describedBy}
    >
      {groups.map(([vendor, list]) => (
        <optgroup label={vendor} key={vendor}>
          {list
            .filter((d) => d.id === p.value || !p.exclude.includes(d.id))
            .map((d) => (
              <option value={d.id} key={d.id}>
                {d.name}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}

export function DeviceControls(p: {
  devices: readonly string[];
  custom: readonly DeviceSpec[];
  setState: (f: (s: AppState) => AppState) => void;
  t: T;
}): JSX.Element {
  const { t } = p;
  const ids = p.devices;
  const custom = { custom: p.custom, customLabel: t("device.measured") };
  const primary = ids[0] ?? DEFAULT_DEVICE_ID;
  const firstFree = BUILTIN_DEVICES.find((d) => !ids.includes(d.id))?.id ?? "";
  const [pick, setPick] = useState(firstFree);
  const pickValue = ids.includes(pick) || pick === "" ? firstFree : pick;
  const find = (id: string) => p.custom.find((d) => d.id === id) ?? BUILTIN_DEVICES.find((d) => d.id === id);
  const name = (id: string) => find(id)?.name ?? id;
  const primarySpec = find(primary);
  return (
    <Section id="devices" title={t("device.heading")}>
      <div class="field">
        <label for="device">{t("device.label")}</label>
        <DeviceSelect
          id="device"
          testid="device"
          value={primary}
          exclude={ids}
          describedBy="device-summary"
          {...custom}
          onChange={(id) =>
            p.setState((s) => ({ ...s, devices: [id, ...s.devices.slice(1).filter((x) => x !== id)] }))
          }
        />
        {primarySpec ? (
          <span class="hint" id="device-summary">
            {t("device.summary", {
              bw: primarySpec.bandwidthGBps.value,
              mem: primarySpec.memoryGiB ? `${primarySpec.memoryGiB.value} GiB` : t("device.memUnknown"),
            })}
          </span>
        ) : null}
      </div>
      {ids.length > 1 ? (
        <ul class="chips" data-testid="compared-devices">
          {ids.slice(1).map((id) => (
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
            <DeviceSelect
              id="device-add"
              testid="device-add"
              value={pickValue}
              exclude={ids}
              onChange={setPick}
              {...custom}
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
    </Section>
  );
}
