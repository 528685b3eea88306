/** "Measure this device": runs the core's measureThisDevice on the page, shows the profiles, offers them to the analysis. */

import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { DeviceSpec } from "../../../src/core/index.js";
import { downloadText } from "../export.js";
import { fmtNumber } from "../format.js";
import type { T } from "../i18n/index.js";
import { measureOnPage, pageIsolated, pageThreads } from "../workers/measure.js";
import { Panel } from "./panel.js";

type MeasureState =
  | { readonly kind: "idle" }
  | { readonly kind: "running"; readonly done: number; readonly total: number; readonly label: string }
  | {
      readonly kind: "done";
      readonly profiles: readonly DeviceSpec[];
      readonly warnings: readonly string[];
      readonly gpu: string;
    }
  | { readonly kind: "error"; readonly message: string };

/**
 * "Measure this device": the library's WebAssembly CPU kernels (on Web Workers sharing one
 * memory when the page is cross-origin isolated, else one thread on the page) and, where
 * the browser has WebGPU, its GPU kernels. The result is a device profile in the catalog's
 * schema, to download or to analyse against.
 */
export function MeasureView({
  t,
  onProfile,
  added,
}: {
  t: T;
  onProfile: (d: DeviceSpec) => void;
  added: readonly string[];
}): JSX.Element {
  const [st, setSt] = useState<MeasureState>({ kind: "idle" });
  const isolated = pageIsolated();
  const threads = pageThreads();
  const run = async () => {
    setSt({ kind: "running", done: 0, total: 1, label: "" });
    try {
      const m = await measureOnPage({
        cpuName: (threads) => t("measure.cpuName", { threads }),
        gpuName: t("measure.gpuName"),
        noWebGpu: t("measure.noWebGpu"),
        onProgress: (p) => setSt({ kind: "running", done: p.done, total: p.total, label: p.label }),
      });
      setSt({ kind: "done", ...m });
    } catch (e) {
      setSt({ kind: "error", message: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <Panel id="measure" title={t("measure.heading")}>
      <p class="hint">{t(isolated ? "measure.intro" : "measure.introOneThread", { threads })}</p>
      <button
        type="button"
        data-testid="measure-button"
        disabled={st.kind === "running"}
        onClick={() => void run()}
      >
        {st.kind === "done" ? t("measure.again") : t("measure.button")}
      </button>
      {st.kind === "running" ? (
        <div class="progress" data-testid="measure-progress">
          <progress max={st.total} value={st.done} aria-label={t("measure.heading")} />
          <span>
            {st.done} / {st.total} {st.label}
          </span>
        </div>
      ) : null}
      {st.kind === "error" ? (
        <p class="msg error" role="alert">
          {t("measure.error", { message: st.message })}
        </p>
      ) : null}
      {st.kind === "done" ? (
        <div data-testid="measure-result">
          <table class="beforeafter">
            <thead>
              <tr>
                <th scope="col">{t("compare.device")}</th>
                <th scope="col">{t("compare.bandwidth")}</th>
                <th scope="col">{t("measure.peaks")}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {st.profiles.map((d) => (
                <tr key={d.id} data-testid="measure-profile" data-device={d.id}>
                  <th scope="row">{d.name}</th>
                  <td class="num">{fmtNumber(d.bandwidthGBps.value)} GB/s</td>
                  <td>
                    {Object.entries(d.peakTflops)
                      .flatMap(([k, v]) =>
                        v
                          ? [`${k} ${fmtNumber(v.value * 1000)} G${k.startsWith("int") ? "OP" : "FLOP"}/s`]
                          : [],
                      )
                      .join(" · ")}
                  </td>
                  <td>
                    <button
                      type="button"
                      class="small"
                      onClick={() => downloadText(`${JSON.stringify(d, null, 2)}\n`, `${d.id}.json`)}
                    >
                      {t("measure.download")}
                    </button>{" "}
                    <button
                      type="button"
                      class="small"
                      data-testid="measure-use"
                      disabled={added.includes(d.id)}
                      onClick={() => onProfile(d)}
                    >
                      {t("measure.use")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {st.gpu ? <p class="hint">{t("measure.gpuSkipped", { reason: st.gpu })}</p> : null}
          {st.warnings.length > 0 ? (
            <ul class="notes" lang="en">
              {st.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </Panel>
  );
}
