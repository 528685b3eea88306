/** The breakdowns: time and bytes by op kind, and the memory footprint against each device's capacity. */
import type { JSX } from "preact";
import type { Analysis, DeviceSpec } from "../../../src/core/index.js";
import { bytesChart, memoryChart, timeByKindChart } from "../charts/breakdown.js";
import { safeFileName } from "../export.js";
import type { T } from "../i18n/index.js";
import type { Results } from "../state/compute.js";
import { Chart, chartSubtitle } from "./chart.js";
import { Panel } from "./panel.js";

export function BreakdownView({
  results,
  analysis: a,
  devices,
  t,
  width,
}: {
  results: Results;
  analysis: Analysis;
  devices: readonly DeviceSpec[];
  t: T;
  width: number;
}): JSX.Element {
  const w = width - 34;
  const variants = Math.max(a.prefill?.layerVariants.length ?? 0, a.decode?.layerVariants.length ?? 0);
  const base = `${safeFileName(a.model.id)}-${safeFileName(a.device.id)}`;
  const sub = chartSubtitle(results, [a.device.name], t);
  const subAll = chartSubtitle(
    results,
    devices.map((d) => d.name),
    t,
  );
  return (
    <Panel id="breakdowns" title={t("breakdown.heading")}>
      <Chart
        testid="chart-time-by-kind"
        name={t("breakdown.timeByKind")}
        subtitle={sub}
        file={`time-by-kind-${base}`}
        build={() => timeByKindChart(a, w, t)}
        deps={[a, w, t]}
        t={t}
        {...(variants > 1 ? { note: t("breakdown.variants", { n: variants }) } : {})}
      />
      <Chart
        testid="chart-bytes"
        name={t("breakdown.bytesByKind")}
        subtitle={sub}
        file={`bytes-${base}`}
        build={() => bytesChart(a, w, t)}
        deps={[a, w, t]}
        t={t}
      />
      <Chart
        testid="chart-memory"
        name={t("breakdown.memory")}
        subtitle={subAll}
        file={`memory-${base}`}
        build={() => memoryChart(a, devices, w, t)}
        deps={[a, devices, w, t]}
        t={t}
      />
    </Panel>
  );
}
