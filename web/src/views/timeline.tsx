/** The generation timeline (computed in the worker): per-token latency, KV cache and attention share. */
import type { JSX } from "preact";
import { type TimelineMetric, timelineChart } from "../charts/timeline.js";
import { safeFileName } from "../export.js";
import { fmtNumber, fmtTime } from "../format.js";
import type { T } from "../i18n/index.js";
import type { Results } from "../state/compute.js";
import type { Slow } from "../workers/use-slow-results.js";
import { Chart, chartSubtitle } from "./chart.js";
import { Panel } from "./panel.js";

export function TimelineView({
  results,
  slow,
  t,
  width,
}: {
  results: Results;
  slow: Slow;
  t: T;
  width: number;
}): JSX.Element {
  const tls = slow.data?.timelines ?? [];
  const items = results.perDevice.flatMap((d, i) => {
    const tl = tls[i];
    return tl ? [{ timeline: tl, device: d.device }] : [];
  });
  const cols = width >= 900 ? 3 : width >= 600 ? 2 : 1;
  const w = Math.floor((width - 34 - (cols - 1) * 16) / cols);
  const metrics: TimelineMetric[] = ["latency", "kv", "attn"];
  const base = `${safeFileName(results.perDevice[0]?.analysis.model.id ?? "model")}`;
  return (
    <Panel id="timeline" title={t("timeline.heading")} busy={slow.pending}>
      {slow.error ? <p class="msg warn">{slow.error}</p> : null}
      {items.length === 0 ? <p role="status">{t("status.computing")}</p> : null}
      <ul class="plain">
        {items.map(({ timeline: tl, device }) => (
          <li
            key={device.id}
            data-testid="timeline-summary"
            data-device={device.id}
            data-total={tl.totalEstimateS}
            data-tps={tl.decodeTokensPerSEstimate}
          >
            {t("timeline.summary", {
              device: device.name,
              n: tl.generateTokens,
              total: fmtTime(tl.totalEstimateS),
              ttft: fmtTime(tl.ttftEstimateS),
              tps: fmtNumber(tl.decodeTokensPerSEstimate),
              e2e: fmtNumber(tl.endToEndTokensPerSEstimate),
            })}
          </li>
        ))}
      </ul>
      {items.length > 0 ? (
        <div class="chart-grid" style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}>
          {metrics.map((m) => (
            <Chart
              key={m}
              testid={`chart-timeline-${m}`}
              name={t(`timeline.${m}`)}
              subtitle={chartSubtitle(
                results,
                items.map((i) => i.device.name),
                t,
              )}
              file={`timeline-${m}-${base}`}
              build={() => timelineChart(items, m, w, t)}
              deps={[...items.map((i) => i.timeline), w, t]}
              t={t}
            />
          ))}
        </div>
      ) : null}
      {results.workload.phase !== "both" ? <p class="hint">{t("timeline.note")}</p> : null}
    </Panel>
  );
}
