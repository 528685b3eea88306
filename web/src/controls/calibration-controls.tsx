/**
 * The user's calibration: a file from `ridgeline calibrate --out` dropped or picked here,
 * checked by the core as `analyze --calibration` checks it (a bad file is one line naming
 * the field), what it changed, and a button to remove it.
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { BUILTIN_DEVICES, type UserCalibration } from "../../../src/core/index.js";
import type { MessageKey, T } from "../i18n/index.js";
import {
  fmtMape,
  type LoadedCalibration,
  MAX_CALIBRATION_BYTES,
  readCalibrationText,
} from "../state/calibration.js";
import { applyCalibration, calibratedDeviceKnown, removeCalibration } from "../state/calibration-apply.js";
import type { AppState } from "../state/state.js";
import { FileDrop } from "./file-drop.js";
import { Section } from "./section.js";

type Status =
  | { kind: "idle" }
  | { kind: "loading"; file: string }
  | { kind: "error"; file: string; message: string };

const PARAMS = ["bandwidth", "bandwidthQuant", "compute", "vectorShare", "perOpOverheadS"] as const;

/** Read and check a dropped calibration file (size first: a calibration is a few kB). */
async function readFile(f: File): Promise<LoadedCalibration> {
  if (f.size > MAX_CALIBRATION_BYTES)
    throw new Error(
      `calibration: file is ${f.size} bytes; a calibration is a few kB (limit ${MAX_CALIBRATION_BYTES})`,
    );
  return readCalibrationText(await f.text(), f.name);
}

export function CalibrationControls(p: {
  state: AppState;
  setState: (f: (s: AppState) => AppState) => void;
  t: T;
}): JSX.Element {
  const { t, state } = p;
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const cal = state.calibration;
  const onFile = async (f: File) => {
    setStatus({ kind: "loading", file: f.name });
    try {
      const loaded = await readFile(f);
      p.setState((s) => applyCalibration(s, loaded));
      setStatus({ kind: "idle" });
    } catch (e) {
      setStatus({ kind: "error", file: f.name, message: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <Section id="calibration" title={t("cal.heading")}>
      <p class="hint">{t("cal.intro")}</p>
      <FileDrop
        id="calibration-file"
        title={t("cal.file")}
        choose={t("cal.choose")}
        drop={t("cal.drop")}
        accept=".json,application/json"
        statusId="calibration-status"
        onFile={onFile}
      />
      <div id="calibration-status" aria-live="polite">
        {status.kind === "loading" ? <p class="hint">{t("cal.loading", { file: status.file })}</p> : null}
        {status.kind === "error" ? (
          <p class="msg error" role="alert" data-testid="calibration-error">
            {t("cal.error", { file: status.file, message: status.message })}
          </p>
        ) : null}
      </div>
      {cal ? <Loaded cal={cal} state={state} setState={p.setState} t={t} /> : null}
    </Section>
  );
}

function Loaded(p: {
  cal: LoadedCalibration;
  state: AppState;
  setState: (f: (s: AppState) => AppState) => void;
  t: T;
}): JSX.Element {
  const { t, cal, state } = p;
  const c: UserCalibration = cal.calibration;
  const id = c.device.id;
  const known = calibratedDeviceKnown(state, cal);
  const name =
    state.customDevices.find((d) => d.id === id)?.name ??
    BUILTIN_DEVICES.find((d) => d.id === id)?.name ??
    c.device.name;
  return (
    <div data-testid="calibration-loaded" data-device={id} data-params={JSON.stringify(c.params)}>
      <p class="hint">
        {t("cal.loaded", { file: cal.file, device: name, n: c.rows.length, data: c.data, date: c.fittedOn })}{" "}
        {t("cal.fitError", { before: fmtMape(c.before.mape), after: fmtMape(c.after.mape) })}
      </p>
      {state.devices[0] !== id ? (
        <p class="msg warn" data-testid="calibration-elsewhere">
          {known ? t("cal.notShown", { device: name }) : t("cal.unknownDevice", { device: id })}{" "}
          {known ? (
            <button
              type="button"
              class="small"
              data-testid="calibration-show"
              onClick={() => p.setState((s) => applyCalibration(s, cal))}
            >
              {t("cal.show", { device: name })}
            </button>
          ) : null}
        </p>
      ) : null}
      {/* A list, not a table: the controls column is narrow. */}
      <p class="hint">{t("cal.params")}</p>
      <ul class="cal-params hint" data-testid="calibration-params">
        {PARAMS.map((k) => (
          <li key={k} data-param={k} data-fitted={String(c.fitted.includes(k))}>
            {t("cal.paramLine", {
              param: t(`cal.param.${k}` as MessageKey),
              before: String(c.base.params[k]),
              after: String(c.params[k]),
              how: c.fitted.includes(k) ? t("cal.fitted") : t("cal.kept"),
            })}
          </li>
        ))}
      </ul>
      {c.notes.length > 0 ? (
        <details>
          <summary>{t("cal.notes")}</summary>
          {/* The core's sentences, as `ridgeline calibrate` prints them. */}
          <ul class="hint" lang="en">
            {c.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <button type="button" data-testid="calibration-remove" onClick={() => p.setState(removeCalibration)}>
        {t("cal.remove")}
      </button>
    </div>
  );
}
