/** The summary: the verdict, the primary device's five figures, and the side-by-side table when devices are compared. */
import type { JSX } from "preact";
import { downloadText, safeFileName } from "../export.js";
import { fmtBytes, fmtNumber, fmtPercent, fmtTime } from "../format.js";
import type { T } from "../i18n/index.js";
import { analysisJson, type Results } from "../state/compute.js";
import type { Lang } from "../state/state.js";
import { CalibrationNote, LikelyRange } from "./calibration-note.js";
import { CompareTable } from "./compare.js";
import { Metric, Num, Panel } from "./panel.js";
import { fitText, Verdict } from "./verdict.js";

export function SummaryView({ results, t, lang }: { results: Results; t: T; lang: Lang }): JSX.Element {
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
      <CalibrationNote results={results} t={t} />
      <Verdict a={a} t={t} lang={lang} />
      <div class="metrics">
        <Metric
          label={t("summary.ttft")}
          sub={
            pre ? (
              <>
                <LikelyRange pass={pre} as="time" id="summary-ttft-likely" t={t} after=" · " />
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
                <LikelyRange pass={dec} as="tps" id="summary-tps-likely" t={t} after=" · " />
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
