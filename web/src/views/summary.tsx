/** The summary: the primary device's five figures, and the side-by-side table when devices are compared. */
import type { JSX } from "preact";
import type { Analysis } from "../../../src/core/index.js";
import { downloadText, safeFileName } from "../export.js";
import { fmtBytes, fmtNumber, fmtPercent, fmtTime } from "../format.js";
import { hasKey, type T } from "../i18n/index.js";
import { analysisJson, type Results } from "../state/compute.js";
import { Metric, Num, Panel } from "./panel.js";

export function fitText(a: Analysis, t: T): string {
  const cap = a.memory.capacityBytes;
  if (cap === null) return t("summary.capUnknown");
  return a.memory.fits
    ? t("summary.fits", { cap: fmtBytes(cap) })
    : t("summary.noFitBy", { cap: fmtBytes(cap), over: fmtBytes(a.memory.totalBytes - cap) });
}

/** The primary analysis's warnings (it does not fit, the context exceeds the model's …), beside the figures they qualify. */
function SummaryDiagnostics({ a, t }: { a: Analysis; t: T }): JSX.Element | null {
  const warnings = a.diagnostics.filter((d) => d.severity === "warning");
  if (warnings.length === 0) return null;
  return (
    <ul class="summary-diags" data-testid="summary-diagnostics" aria-label={t("summary.diagnostics")}>
      {warnings.map((d, i) => {
        const key = `diag.${d.code}`;
        return (
          <li key={i} class="msg warn" data-code={d.code}>
            <strong>{hasKey(key) ? t(key) : d.code}</strong> <span lang="en">{d.message}</span>
          </li>
        );
      })}
    </ul>
  );
}

export function SummaryView({ results, t }: { results: Results; t: T }): JSX.Element {
  const primary = results.perDevice[0]!;
  const a = primary.analysis;
  const pre = a.prefill;
  const dec = a.decode;
  const jsonName = `ridgeline-${safeFileName(a.model.id)}-${safeFileName(a.device.id)}.json`;
  return (
    <Panel
      id="summary"
      title={t("summary.heading")}
      actions={
        <button
          type="button"
          data-testid="download-json"
          onClick={() => downloadText(analysisJson(a), jsonName)}
        >
          {t("export.json")}
        </button>
      }
    >
      <p class="subtitle" data-testid="summary-on">
        {t("summary.on", { model: a.model.name, device: a.device.name })}
      </p>
      <SummaryDiagnostics a={a} t={t} />
      <div class="metrics">
        <Metric
          label={t("summary.ttft")}
          sub={
            pre ? (
              <>
                {t("summary.bound")}{" "}
                <Num id="summary-ttft-bound" value={pre.latencyBoundS} text={fmtTime(pre.latencyBoundS)} />
              </>
            ) : (
              t("summary.noPhase")
            )
          }
        >
          {pre ? (
            <Num id="summary-ttft" value={pre.latencyEstimateS} text={fmtTime(pre.latencyEstimateS)} />
          ) : (
            "–"
          )}
        </Metric>
        <Metric
          label={t("summary.decode")}
          sub={
            dec ? (
              <>
                {t("summary.bound")}{" "}
                <Num id="summary-decode-bound" value={dec.latencyBoundS} text={fmtTime(dec.latencyBoundS)} />{" "}
                · {t("summary.atContext", { n: dec.keys })}
              </>
            ) : (
              t("summary.noPhase")
            )
          }
        >
          {dec ? (
            <Num id="summary-decode" value={dec.latencyEstimateS} text={fmtTime(dec.latencyEstimateS)} />
          ) : (
            "–"
          )}
        </Metric>
        <Metric
          label={t("summary.tps")}
          sub={
            dec ? (
              <>
                {t("summary.bound")}{" "}
                <Num
                  id="summary-tps-bound"
                  value={dec.tokensPerSBound}
                  text={`${fmtNumber(dec.tokensPerSBound)} ${t("summary.tokS")}`}
                />
              </>
            ) : (
              t("summary.noPhase")
            )
          }
        >
          {dec ? (
            <Num
              id="summary-tps"
              value={dec.tokensPerSEstimate}
              text={`${fmtNumber(dec.tokensPerSEstimate)} ${t("summary.tokS")}`}
            />
          ) : (
            "–"
          )}
        </Metric>
        <Metric
          label={t("summary.memory")}
          sub={<span class={a.memory.fits === false ? "bad" : ""}>{fitText(a, t)}</span>}
        >
          <Num
            id="summary-memory"
            value={a.memory.totalBytes}
            text={fmtBytes(a.memory.totalBytes)}
            class={a.memory.fits === false ? "bad" : ""}
          />
        </Metric>
        {dec ? (
          <Metric label={t("summary.attn")} sub={`${t("phase.decode")}: ${t(`class.${dec.boundClass}`)}`}>
            <Num
              id="summary-attn"
              value={dec.attentionShare.timeEstimate}
              text={fmtPercent(dec.attentionShare.timeEstimate)}
            />
          </Metric>
        ) : null}
      </div>
      {results.perDevice.length > 1 ? <CompareTable results={results} t={t} /> : null}
    </Panel>
  );
}

function CompareTable({ results, t }: { results: Results; t: T }): JSX.Element {
  return (
    <div class="table-wrap" role="region" aria-label={t("compare.heading")} tabIndex={0}>
      <table class="compare" data-testid="compare-table">
        <caption>{t("compare.heading")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("compare.device")}</th>
            <th scope="col">{t("compare.bandwidth")}</th>
            <th scope="col">{t("summary.ttft")}</th>
            <th scope="col">{t("summary.decode")}</th>
            <th scope="col">{t("summary.tps")}</th>
            <th scope="col">{t("summary.memory")}</th>
            <th scope="col">{t("compare.prefillClass")}</th>
            <th scope="col">{t("compare.decodeClass")}</th>
            <th scope="col">JSON</th>
          </tr>
        </thead>
        <tbody>
          {results.perDevice.map(({ device, analysis: a }) => (
            <tr key={device.id} data-testid="compare-row" data-device={device.id}>
              <th scope="row">{device.name}</th>
              <td class="num">{device.bandwidthGBps.value} GB/s</td>
              <td class="num">
                {a.prefill ? (
                  <Num value={a.prefill.latencyEstimateS} text={fmtTime(a.prefill.latencyEstimateS)} />
                ) : (
                  "–"
                )}
              </td>
              <td class="num">
                {a.decode ? (
                  <Num value={a.decode.latencyEstimateS} text={fmtTime(a.decode.latencyEstimateS)} />
                ) : (
                  "–"
                )}
              </td>
              <td class="num">
                {a.decode ? (
                  <Num value={a.decode.tokensPerSEstimate} text={fmtNumber(a.decode.tokensPerSEstimate)} />
                ) : (
                  "–"
                )}
              </td>
              <td class={a.memory.fits === false ? "bad" : ""}>{fitText(a, t)}</td>
              <td title={a.prefill ? t(`class.${a.prefill.boundClass}`) : undefined}>
                {a.prefill ? t(`classShort.${a.prefill.boundClass}`) : "–"}
              </td>
              <td title={a.decode ? t(`class.${a.decode.boundClass}`) : undefined}>
                {a.decode ? t(`classShort.${a.decode.boundClass}`) : "–"}
              </td>
              <td>
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
    </div>
  );
}
