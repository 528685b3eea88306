/** The advisor's recommendations for the primary device (computed in the worker). */

import type { JSX } from "preact";
import { useMemo } from "preact/hooks";
import type { Recommendation } from "../../../src/core/index.js";
import { fmtBytes, fmtGain, fmtNumber, fmtTime } from "../format.js";
import type { T } from "../i18n/index.js";
import type { Results, SlowResults } from "../state/compute.js";
import type { Slow } from "../workers/use-slow-results.js";
import { Panel } from "./panel.js";

function RecCard({ r, t }: { r: Recommendation; t: T }): JSX.Element {
  const b = r.before;
  const a = r.after;
  const rows: [string, number, number, (v: number) => string][] = [
    [t("advice.request"), b.requestEstimateS, a.requestEstimateS, fmtTime],
    [t("advice.ttft"), b.ttftEstimateS, a.ttftEstimateS, fmtTime],
    [t("advice.decode"), b.decodeLatencyEstimateS, a.decodeLatencyEstimateS, fmtTime],
    [t("advice.tps"), b.tokensPerSEstimate, a.tokensPerSEstimate, fmtNumber],
    [t("advice.memory"), b.memoryBytes, a.memoryBytes, fmtBytes],
  ];
  return (
    <li class="rec" data-testid="recommendation" data-code={r.code} data-gain={r.gain}>
      <div class="rec-head">
        <span class="badge">{t(`code.${r.code}`)}</span>
        <span class="rec-title" lang="en">
          {r.title}
        </span>
        <span class={`gain${r.gain >= 1 ? " good" : " bad"}`}>
          {fmtGain(r.gain)} <small>{t(`advice.gain.${r.gainKind}`)}</small>
        </span>
      </div>
      <table class="beforeafter">
        <thead>
          <tr>
            <th scope="col">{t("advice.metric")}</th>
            <th scope="col">{t("advice.before")}</th>
            <th scope="col">{t("advice.after")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, x, y, f]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td class="num">{f(x)}</td>
              <td class="num">{f(y)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="rec-cost">
        <strong>{t("advice.cost")}:</strong> {t("advice.risk", { risk: t(`risk.${r.cost.accuracyRisk}`) })} ·{" "}
        <span lang="en">{r.cost.note}</span>
      </p>
      <p class="rec-why">
        <strong>{t("advice.why")}:</strong> <span lang="en">{r.why}</span>
      </p>
      {r.chapterSays ? (
        <p class="rec-chapter">
          <strong>{t("advice.chapter")}:</strong> <span lang="en">{r.chapterSays}</span>
        </p>
      ) : null}
    </li>
  );
}

export function AdviceView({ results, slow, t }: { results: Results; slow: Slow; t: T }): JSX.Element {
  const adv = slow.data?.advice;
  const deviceName = results.perDevice[0]?.device.name ?? "";
  const generate = results.generate;
  // The list changes only when new advice arrives: the same vnode is returned otherwise, and Preact skips it.
  const body = useMemo(
    () => <AdviceBody adv={adv} error={slow.error} deviceName={deviceName} generate={generate} t={t} />,
    [adv, slow.error, deviceName, generate, t],
  );
  return (
    <Panel id="advice" title={t("advice.heading")} busy={slow.pending}>
      {body}
    </Panel>
  );
}

function AdviceBody({
  adv,
  error,
  deviceName,
  generate,
  t,
}: {
  adv: SlowResults["advice"] | undefined;
  error: string | null;
  deviceName: string;
  generate: number;
  t: T;
}): JSX.Element {
  return (
    <>
      {!adv ? (
        <p role="status">{error ? t("advice.error", { message: error }) : t("status.computing")}</p>
      ) : "error" in adv ? (
        <p class="msg warn">{t("advice.error", { message: adv.error })}</p>
      ) : (
        <>
          <p class="hint">{t("advice.for", { device: deviceName, n: generate })}</p>
          {adv.recommendations.length === 0 ? <p>{t("advice.none")}</p> : null}
          <ol class="recs">
            {adv.recommendations.map((r, i) => (
              <RecCard key={`${r.code}-${i}`} r={r} t={t} />
            ))}
          </ol>
          {adv.notApplicable.length > 0 ? (
            <details>
              <summary>
                {t("advice.notApplicable")} ({adv.notApplicable.length})
              </summary>
              <ul>
                {adv.notApplicable.map((n, i) => (
                  <li key={i}>
                    <strong>{t(`code.${n.code}`)}</strong>: <span lang="en">{n.reason}</span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      )}
    </>
  );
}
