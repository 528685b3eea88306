/**
 * Devices side by side: one row per device. On a phone the rows become cards (CSS), each
 * cell labelled by its column (data-label), so that every device reads without swiping.
 */
import type { JSX } from "preact";
import { downloadText, safeFileName } from "../export.js";
import { fmtGBps, fmtNumber, fmtTime } from "../format.js";
import type { T } from "../i18n/index.js";
import { analysisJson, type Results } from "../state/compute.js";
import { LikelyRange } from "./calibration-note.js";
import { Num } from "./panel.js";
import { ScrollRegion } from "./scroll-region.js";
import { fitText } from "./verdict.js";

export function CompareTable({ results, t }: { results: Results; t: T }): JSX.Element {
  const cols = {
    bandwidth: t("compare.bandwidth"),
    ttft: t("summary.ttft"),
    decode: t("summary.decode"),
    tps: t("summary.tps"),
    memory: t("summary.memory"),
    prefillClass: t("compare.prefillClass"),
    decodeClass: t("compare.decodeClass"),
    json: t("compare.json"),
  };
  return (
    <ScrollRegion label={t("compare.heading")}>
      <table class="compare" data-testid="compare-table">
        <caption>{t("compare.heading")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("compare.device")}</th>
            {Object.values(cols).map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {results.perDevice.map(({ device, analysis: a }) => (
            <tr key={device.id} data-testid="compare-row" data-device={device.id}>
              <th scope="row">{device.name}</th>
              <td class="num" data-label={cols.bandwidth}>
                {fmtGBps(device.bandwidthGBps.value)}
              </td>
              <td class="num" data-label={cols.ttft}>
                {a.prefill ? (
                  <Num value={a.prefill.latencyEstimateS} text={fmtTime(a.prefill.latencyEstimateS)} />
                ) : (
                  "–"
                )}
              </td>
              <td class="num" data-label={cols.decode}>
                {a.decode ? (
                  <Num value={a.decode.latencyEstimateS} text={fmtTime(a.decode.latencyEstimateS)} />
                ) : (
                  "–"
                )}
              </td>
              <td class="num" data-label={cols.tps}>
                {a.decode ? (
                  <>
                    <Num value={a.decode.tokensPerSEstimate} text={fmtNumber(a.decode.tokensPerSEstimate)} />{" "}
                    <small>
                      <LikelyRange pass={a.decode} as="tps" id="compare-tps-likely" t={t} />
                    </small>
                  </>
                ) : (
                  "–"
                )}
              </td>
              <td class={a.memory.fits === false ? "bad" : ""} data-label={cols.memory}>
                {fitText(a, t)}
              </td>
              <td
                title={a.prefill ? t(`class.${a.prefill.boundClass}`) : undefined}
                data-label={cols.prefillClass}
              >
                {a.prefill ? t(`classShort.${a.prefill.boundClass}`) : "–"}
              </td>
              <td
                title={a.decode ? t(`class.${a.decode.boundClass}`) : undefined}
                data-label={cols.decodeClass}
              >
                {a.decode ? t(`classShort.${a.decode.boundClass}`) : "–"}
              </td>
              <td data-label={cols.json}>
                <button
                  type="button"
                  class="small"
                  aria-label={t("export.jsonFor", { device: device.name })}
                  onClick={() =>
                    downloadText(
                      analysisJson(a),
                      `ridgeline-${safeFileName(a.model.id)}-${safeFileName(device.id)}.json`,
                    )
                  }
                >
                  JSON
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
