/** The roofline view: one chart per device, on shared axes. */
import type { JSX } from "preact";
import { isPlottableOp } from "../../../src/core/index.js";
import { rooflineChart, rooflineDomain } from "../charts/roofline.js";
import { safeFileName } from "../export.js";
import type { T } from "../i18n/index.js";
import type { Results } from "../state/compute.js";
import { Chart } from "./chart.js";
import { Panel } from "./panel.js";

export function RooflineView({ results, t, width }: { results: Results; t: T; width: number }): JSX.Element {
  const n = results.perDevice.length;
  const cols = Math.max(1, Math.min(n, Math.floor((width + 16) / 380)));
  const panelWidth = Math.floor((width - 34 - (cols - 1) * 16) / cols);
  const domain = rooflineDomain(results.perDevice);
  const first = results.perDevice[0];
  let hidden = 0;
  if (first)
    for (const p of [first.analysis.prefill, first.analysis.decode])
      if (p) hidden += [...p.layerOps, ...p.modelOps].filter((o) => !isPlottableOp(o)).length;
  return (
    <Panel id="roofline" title={t("roofline.heading")}>
      <p class="hint">{t("roofline.caption")}</p>
      <div class="chart-grid" style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}>
        {results.perDevice.map(({ device, analysis }, i) => (
          <Chart
            key={device.id}
            testid={`chart-roofline-${i}`}
            name={t("roofline.chartName", { device: device.name })}
            file={`roofline-${safeFileName(analysis.model.id)}-${safeFileName(device.id)}`}
            build={() => rooflineChart(analysis, device, domain, panelWidth, t)}
            deps={[analysis, device, panelWidth, t, domain.x[0], domain.x[1], domain.y[0], domain.y[1]]}
            t={t}
          />
        ))}
      </div>
      {hidden > 0 ? <p class="hint">{t("roofline.hidden", { n: hidden })}</p> : null}
    </Panel>
  );
}
