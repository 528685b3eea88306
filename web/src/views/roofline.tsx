/**
 * The roofline view: one chart per device, on shared axes. Op points are linked to the
 * per-op table: picking a point selects its op (its row is shown), a row picked in the
 * table marks its points here; the focused or selected op's numbers are shown under each
 * chart, so that a keyboard user reads what a mouse user sees in the tooltip.
 */
import type { JSX } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { isPlottableOp } from "../../../src/core/index.js";
import { markSelected } from "../charts/interact.js";
import { rooflineChart, rooflineDomain } from "../charts/roofline.js";
import { opPoints } from "../charts/roofline-geometry.js";
import { safeFileName } from "../export.js";
import type { T } from "../i18n/index.js";
import type { Results } from "../state/compute.js";
import { Chart, chartSubtitle } from "./chart.js";
import { Panel } from "./panel.js";

export function RooflineView(p: {
  results: Results;
  t: T;
  width: number;
  selected: string | null;
  onPick: (key: string) => void;
}): JSX.Element {
  const { results, t, width, selected } = p;
  const n = results.perDevice.length;
  const cols = Math.max(1, Math.min(n, Math.floor((width + 16) / 380)));
  const panelWidth = Math.floor((width - 34 - (cols - 1) * 16) / cols);
  const domain = useMemo(() => rooflineDomain(results.perDevice, t), [results, t]);
  const [focused, setFocused] = useState<string | null>(null);
  const panel = useRef<HTMLDivElement>(null);
  // The selection is marked on the drawn points without rebuilding the charts; a rebuild reads it from here.
  const selRef = useRef(selected);
  selRef.current = selected;
  const pickRef = useRef(p.onPick);
  pickRef.current = p.onPick;
  useEffect(() => {
    if (panel.current) markSelected(panel.current, selected);
  }, [selected]);
  const shown = focused ?? selected;
  const details = useMemo(
    () =>
      results.perDevice.map(({ analysis }) => new Map(opPoints(analysis, t).map((o) => [o.key, o.title]))),
    [results, t],
  );
  const first = results.perDevice[0];
  let hidden = 0;
  if (first)
    for (const ph of [first.analysis.prefill, first.analysis.decode])
      if (ph) hidden += [...ph.layerOps, ...ph.modelOps].filter((o) => !isPlottableOp(o)).length;
  const events = {
    onPick: (k: string) => pickRef.current(k),
    onFocus: (k: string | null) => setFocused(k),
    get selected() {
      return selRef.current;
    },
  };
  return (
    <Panel id="roofline" title={t("roofline.heading")}>
      <p class="hint">{t("roofline.caption")}</p>
      <div
        class="chart-grid"
        ref={panel}
        style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}
        onPointerLeave={() => setFocused(null)}
      >
        {results.perDevice.map(({ device, analysis }, i) => (
          <Chart
            key={device.id}
            testid={`chart-roofline-${i}`}
            name={t("roofline.chartName", { device: device.name })}
            subtitle={chartSubtitle(results, [device.name], t)}
            file={`roofline-${safeFileName(analysis.model.id)}-${safeFileName(device.id)}`}
            build={() => rooflineChart(analysis, device, domain, panelWidth, t, events)}
            deps={[analysis, device, panelWidth, t, domain]}
            t={t}
          >
            <p class="point-detail" data-testid={`roofline-detail-${i}`} aria-live="polite">
              {shown && details[i]?.get(shown) ? (
                details[i]?.get(shown)?.replace(/\n/g, " · ")
              ) : (
                <span class="hint">{t("roofline.pointHelp")}</span>
              )}
            </p>
          </Chart>
        ))}
      </div>
      {hidden > 0 ? <p class="hint">{t("roofline.hidden", { n: hidden })}</p> : null}
    </Panel>
  );
}
