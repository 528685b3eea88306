/** The time line of one decode step split across units: a lane per unit and one for the link, each stretch coloured by what bounds it. */
import * as Plot from "@observablehq/plot";
import type { SplitPhase, TimelineSegment } from "../../../src/core/index.js";
import { fmtNumber } from "../format.js";
import type { T } from "../i18n/index.js";
import { asSvg, type BuiltChart, DEVICE_COLORS } from "./common.js";

export const SEGMENT_KINDS = [
  "compute",
  "memory",
  "link",
  "host",
] as const satisfies readonly TimelineSegment["kind"][];

const KIND_COLOR: Readonly<Record<TimelineSegment["kind"], string>> = {
  compute: DEVICE_COLORS[0],
  memory: DEVICE_COLORS[4],
  link: DEVICE_COLORS[1],
  host: DEVICE_COLORS[3],
};

export function splitTimelineChart(
  phase: SplitPhase,
  unitNames: readonly string[],
  width: number,
  t: T,
): BuiltChart {
  const linkLane = t("split.lane.link");
  const lanes = [...unitNames.map((n, i) => `${i + 1}. ${n}`), linkLane];
  const end = Math.max(...phase.timeline.map((s) => s.startS + s.durationS), 0);
  const [div, unit] = end >= 1 ? [1, "s"] : end >= 1e-3 ? [1e-3, "ms"] : [1e-6, "µs"];
  const rows = phase.timeline.map((s) => ({
    lane: s.unit === null ? linkLane : lanes[s.unit]!,
    x1: s.startS / div,
    x2: (s.startS + s.durationS) / div,
    kind: t(`split.kind.${s.kind}`),
    raw: s.kind,
  }));
  const kinds = SEGMENT_KINDS.filter((k) => rows.some((r) => r.raw === k));
  const svg = asSvg(
    Plot.plot({
      width,
      height: 40 + 28 * lanes.length,
      marginLeft: Math.min(220, 12 + 7 * Math.max(...lanes.map((l) => l.length))),
      marginRight: 20,
      style: { fontSize: "11px" },
      x: { label: `${t("split.time")} (${unit})`, grid: true, domain: [0, end / div] },
      y: { label: null, domain: lanes },
      color: { domain: kinds.map((k) => t(`split.kind.${k}`)), range: kinds.map((k) => KIND_COLOR[k]) },
      marks: [
        Plot.barX(rows, { y: "lane", x1: "x1", x2: "x2", fill: "kind", inset: 1 }),
        Plot.tip(
          rows,
          Plot.pointer({
            y: "lane",
            x: (r: (typeof rows)[number]) => (r.x1 + r.x2) / 2,
            title: (r: (typeof rows)[number]) => `${r.lane}: ${r.kind}\n${fmtNumber(r.x2 - r.x1)} ${unit}`,
          }),
        ),
      ],
    }),
  );
  svg.setAttribute("aria-label", t("split.chart"));
  return {
    svg,
    legend: kinds.map((k) => ({
      label: t(`split.kind.${k}`),
      color: KIND_COLOR[k],
      shape: "square" as const,
    })),
  };
}
