/**
 * Your measurements, in the accuracy view: a llama-bench output or a calibration-style CSV
 * dropped here is validated by the core in a worker (as `ridgeline validate --data`), each
 * row's measured and predicted tokens/s shown; llama-bench runs of one device can then be
 * calibrated in the page (as `ridgeline calibrate`) and the fit applied.
 */
import type { JSX } from "preact";
import { useRef, useState } from "preact/hooks";
import { CSV_LIMITS, type DeviceSpec, MAX_BENCH_CHARS } from "../../../src/core/index.js";
import { FileDrop } from "../controls/file-drop.js";
import { fmtNumber } from "../format.js";
import type { T } from "../i18n/index.js";
import { fmtMape, loadedCalibration } from "../state/calibration.js";
import { applyCalibration } from "../state/calibration-apply.js";
import type { OwnDataInput, OwnReport } from "../state/own-data.js";
import type { AppState, ModelSource } from "../state/state.js";
import type { OwnDataRequest, OwnDataResponse } from "../workers/own-data-worker.js";
import { ScrollRegion } from "./scroll-region.js";

/** The core's parsers take no more characters than this; a larger file is refused before reading. */
const MAX_CHARS = Math.min(CSV_LIMITS.chars, MAX_BENCH_CHARS);
/** Rows listed; the summary counts them all. */
const MAX_SHOWN = 200;

type Loaded = { readonly file: string; readonly text: string };
type Status =
  | { kind: "idle" }
  | { kind: "running"; file: string }
  | { kind: "error"; file: string; message: string }
  | { kind: "done"; report: OwnReport };
type Fit =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "error"; message: string }
  | { kind: "done"; device: string; before: string; after: string };

/** One request to a fresh worker (validating or fitting is seconds at most, and rare). */
function ask(req: OwnDataRequest): Promise<OwnDataResponse> {
  return new Promise((resolve) => {
    let w: Worker;
    try {
      w = new Worker(new URL("../workers/own-data-worker.ts", import.meta.url), { type: "module" });
    } catch (e) {
      resolve({ error: e instanceof Error ? e.message : String(e) });
      return;
    }
    w.onmessage = (e: MessageEvent<OwnDataResponse>) => {
      resolve(e.data);
      w.terminate();
    };
    w.onerror = (e) => {
      resolve({ error: e.message || "worker failed" });
      w.terminate();
    };
    w.postMessage(req);
  });
}

const pctSigned = (x: number | null) => (x === null ? "–" : `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`);

export function OwnDataView(p: {
  t: T;
  primary: DeviceSpec | undefined;
  model: ModelSource;
  setState: (f: (s: AppState) => AppState) => void;
}): JSX.Element {
  const { t } = p;
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [fit, setFit] = useState<Fit>({ kind: "idle" });
  const [onPrimary, setOnPrimary] = useState(false);
  const loaded = useRef<Loaded | null>(null);
  const latest = useRef(0);

  const inputOf = (l: Loaded, primary: boolean): OwnDataInput => ({
    text: l.text,
    file: l.file,
    ...(primary && p.primary ? { device: p.primary } : {}),
    ...(p.model.kind === "gguf"
      ? { gguf: { fileName: p.model.fileName, spec: p.model.spec, weights: p.model.weights } }
      : {}),
  });
  const run = async (l: Loaded, primary: boolean) => {
    const id = ++latest.current;
    setStatus({ kind: "running", file: l.file });
    setFit({ kind: "idle" });
    const r = await ask({ kind: "validate", input: inputOf(l, primary) });
    if (id !== latest.current) return;
    setStatus(
      "report" in r
        ? { kind: "done", report: r.report }
        : { kind: "error", file: l.file, message: "error" in r ? r.error : "?" },
    );
  };
  const onFile = async (f: File) => {
    if (f.size > MAX_CHARS) {
      setStatus({
        kind: "error",
        file: f.name,
        message: `data: file is ${f.size} bytes; the limit is ${MAX_CHARS}`,
      });
      return;
    }
    const l = { file: f.name, text: await f.text() };
    loaded.current = l;
    await run(l, onPrimary);
  };
  const calibrate = async () => {
    const l = loaded.current;
    if (!l) return;
    setFit({ kind: "running" });
    const r = await ask({
      kind: "calibrate",
      input: inputOf(l, onPrimary),
      fittedOn: new Date().toISOString().slice(0, 10),
    });
    if (!("calibration" in r)) {
      setFit({ kind: "error", message: "error" in r ? r.error : "?" });
      return;
    }
    const c = r.calibration;
    p.setState((s) => applyCalibration(s, loadedCalibration(c, l.file)));
    setFit({
      kind: "done",
      device: c.device.name,
      before: fmtMape(c.before.mape),
      after: fmtMape(c.after.mape),
    });
  };
  const rep = status.kind === "done" ? status.report : null;
  return (
    <div class="own-data" data-testid="own-data">
      <h3>{t("own.heading")}</h3>
      <p class="hint">{t("own.intro")}</p>
      <FileDrop
        id="own-data-file"
        title={t("own.file")}
        choose={t("own.choose")}
        drop={t("own.drop")}
        accept=".json,.jsonl,.csv,.md,.txt,application/json,text/csv,text/markdown,text/plain"
        statusId="own-data-status"
        onFile={onFile}
      />
      <div class="field">
        <label for="own-device">{t("own.device")}</label>
        <select
          id="own-device"
          data-testid="own-device"
          value={onPrimary ? "primary" : "file"}
          onChange={(e) => {
            const v = e.currentTarget.value === "primary";
            setOnPrimary(v);
            if (loaded.current) void run(loaded.current, v);
          }}
        >
          <option value="file">{t("own.deviceFile")}</option>
          {p.primary ? (
            <option value="primary">{t("own.devicePrimary", { device: p.primary.name })}</option>
          ) : null}
        </select>
      </div>
      <div id="own-data-status" aria-live="polite">
        {status.kind === "running" ? <p class="hint">{t("own.running", { file: status.file })}</p> : null}
        {status.kind === "error" ? (
          <p class="msg error" role="alert" data-testid="own-error">
            {t("own.error", { file: status.file, message: status.message })}
          </p>
        ) : null}
        {rep ? (
          <p class="hint" data-testid="own-summary" data-predicted={rep.predicted} data-total={rep.total}>
            {t("own.summary", {
              file: rep.file,
              format: rep.format,
              n: rep.total,
              predicted: rep.predicted,
              scored: rep.scored,
            })}
          </p>
        ) : null}
      </div>
      {rep ? (
        <>
          <ScrollRegion label={t("own.tableName")}>
            <table data-testid="own-table">
              <caption>{t("own.tableName")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("own.col.row")}</th>
                  <th scope="col">{t("own.col.test")}</th>
                  <th scope="col">{t("own.col.device")}</th>
                  <th scope="col">{t("own.col.model")}</th>
                  <th scope="col">{t("own.col.measured")}</th>
                  <th scope="col">{t("own.col.estimate")}</th>
                  <th scope="col">{t("own.col.error")}</th>
                  <th scope="col">{t("own.col.why")}</th>
                </tr>
              </thead>
              <tbody>
                {rep.rows.slice(0, MAX_SHOWN).map((r) => (
                  <tr
                    key={r.row}
                    data-testid="own-row"
                    data-row={r.row}
                    data-estimate={String(r.estimate)}
                    data-device={r.deviceId ?? ""}
                  >
                    <td class="num">{r.row}</td>
                    <td>{r.test}</td>
                    <td>{r.deviceId ?? "–"}</td>
                    <td>{r.model}</td>
                    <td class="num">{fmtNumber(r.measured)}</td>
                    <td class="num">{r.estimate === null ? "–" : fmtNumber(r.estimate)}</td>
                    <td class="num">{pctSigned(r.error)}</td>
                    {/* The core's reason, as `ridgeline validate` prints it. */}
                    <td lang="en">{r.unpredictable ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          {rep.format === "calibration-csv" ? (
            <p class="hint">{t("own.csvOnly")}</p>
          ) : (
            <p>
              <button
                type="button"
                data-testid="own-calibrate"
                disabled={rep.predicted === 0 || fit.kind === "running"}
                onClick={() => void calibrate()}
              >
                {t("own.calibrate")}
              </button>
            </p>
          )}
          <div aria-live="polite">
            {fit.kind === "running" ? <p class="hint">{t("own.calibrating")}</p> : null}
            {fit.kind === "error" ? (
              <p class="msg error" role="alert" data-testid="own-calibrate-error">
                {t("own.calibrateError", { message: fit.message })}
              </p>
            ) : null}
            {fit.kind === "done" ? (
              <p class="msg info" data-testid="own-calibrated">
                {t("own.calibrated", { device: fit.device, before: fit.before, after: fit.after })}
              </p>
            ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}
