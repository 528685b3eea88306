/** The breakdown charts: time by op kind, bytes moved by kind, and the memory footprint against the devices' capacities. */
import * as Plot from "@observablehq/plot";
import { type Analysis, byKind, type DeviceSpec, OP_KINDS } from "../../../src/core/index.js";
import { fmtBytes, fmtPercent, fmtTime } from "../format.js";
import type { T } from "../i18n/index.js";
import { asSvg, type BuiltChart, BYTE_COLORS, binaryUnit, DEVICE_COLORS, KIND_COLORS } from "./common.js";

export function timeByKindChart(a: Analysis, width: number, t: T): BuiltChart {
  const rows = [a.prefill, a.decode].flatMap((p) =>
    p
      ? byKind(p)
          .sort((x, y) => y.timeEstimateS - x.timeEstimateS)
          .map((r) => ({
            ...r,
            phase: t(`phase.${p.phase}`),
            kindLabel: t(`kind.${r.kind}`),
            share: r.timeEstimateS / p.totals.timeEstimateS,
          }))
      : [],
  );
  const kinds = OP_KINDS.filter((k) => rows.some((r) => r.kind === k));
  const svg = asSvg(
    Plot.plot({
      width,
      height: 40 + rows.length * 16 + 20,
      marginLeft: 110,
      marginRight: 60,
      style: { fontSize: "11px" },
      x: { label: t("breakdown.shareOfPass"), tickFormat: "%", domain: [0, 1], grid: true },
      y: { label: null },
      fy: { label: null, domain: [a.prefill, a.decode].flatMap((p) => (p ? [t(`phase.${p.phase}`)] : [])) },
      color: { domain: [...OP_KINDS], range: OP_KINDS.map((k) => KIND_COLORS[k]) },
      marks: [
        Plot.barX(rows, {
          x: "share",
          y: "kindLabel",
          fy: "phase",
          fill: "kind",
          sort: { y: "-x" },
          title: (r: (typeof rows)[number]) =>
            `${r.kindLabel} · ${r.phase}\n${fmtTime(r.timeEstimateS)} (${fmtPercent(r.share)})`,
          tip: true,
        }),
        Plot.text(rows, {
          x: "share",
          y: "kindLabel",
          fy: "phase",
          text: (r: (typeof rows)[number]) => fmtTime(r.timeEstimateS),
          dx: 4,
          textAnchor: "start",
          fill: "#333",
        }),
        Plot.ruleX([0]),
      ],
    }),
  );
  svg.setAttribute("aria-label", t("breakdown.timeByKind"));
  return {
    svg,
    legend: kinds.map((k) => ({ label: t(`kind.${k}`), color: KIND_COLORS[k], shape: "square" as const })),
  };
}

const BYTE_KINDS = ["weights", "activations", "kvRead", "kvWrite"] as const;

export function bytesChart(a: Analysis, width: number, t: T): BuiltChart {
  const rows = [a.prefill, a.decode].flatMap((p) =>
    p
      ? BYTE_KINDS.map((k) => ({
          phase: t(`phase.${p.phase}`),
          kind: k,
          label: t(`bytes.${k}`),
          bytes: p.totals.bytes[k],
        }))
      : [],
  );
  const u = binaryUnit(Math.max(a.prefill?.totals.bytesTotal ?? 0, a.decode?.totals.bytesTotal ?? 0));
  const svg = asSvg(
    Plot.plot({
      width,
      height: 50 + (a.prefill && a.decode ? 2 : 1) * 36 + 20,
      marginLeft: 110,
      marginRight: 20,
      style: { fontSize: "11px" },
      x: { label: `${t("breakdown.bytesPerPass")} (${u.unit})`, grid: true, ticks: 6 },
      y: { label: null, domain: rows.map((r) => r.phase).filter((v, i, all) => all.indexOf(v) === i) },
      color: { domain: [...BYTE_KINDS], range: BYTE_KINDS.map((k) => BYTE_COLORS[k]) },
      marks: [
        Plot.barX(rows, {
          x: (r: (typeof rows)[number]) => r.bytes / u.div,
          y: "phase",
          fill: "kind",
          title: (r: (typeof rows)[number]) => `${r.phase} · ${r.label}\n${fmtBytes(r.bytes)}`,
          tip: true,
        }),
        Plot.ruleX([0]),
      ],
    }),
  );
  svg.setAttribute("aria-label", t("breakdown.bytesByKind"));
  return {
    svg,
    legend: BYTE_KINDS.map((k) => ({
      label: t(`bytes.${k}`),
      color: BYTE_COLORS[k],
      shape: "square" as const,
    })),
  };
}

const MEM_KINDS = ["weights", "kvCache", "activations"] as const;
const MEM_COLORS = {
  weights: BYTE_COLORS.weights,
  kvCache: BYTE_COLORS.kvRead,
  activations: BYTE_COLORS.activations,
} as const;

export function memoryChart(a: Analysis, devices: readonly DeviceSpec[], width: number, t: T): BuiltChart {
  const m = a.memory;
  const parts = { weights: m.weightsBytes, kvCache: m.kvCacheBytes, activations: m.activationsBytes };
  const label = t("breakdown.footprint");
  const rows = MEM_KINDS.map((k) => ({
    y: label,
    kind: k,
    bytes: parts[k],
    label: t(k === "kvCache" ? "mem.kvCache" : `bytes.${k}`),
  }));
  const caps = devices.flatMap((d, i) =>
    d.memoryGiB
      ? [
          {
            cap: d.memoryGiB.value * 2 ** 30,
            name: d.name,
            color: DEVICE_COLORS[i % DEVICE_COLORS.length] ?? "#333",
          },
        ]
      : [],
  );
  const xMax = Math.max(m.totalBytes, ...caps.map((c) => c.cap)) * 1.08;
  const u = binaryUnit(xMax);
  const svg = asSvg(
    Plot.plot({
      width,
      height: 110 + caps.length * 14,
      marginLeft: 110,
      marginRight: 20,
      marginTop: 16 + caps.length * 14,
      style: { fontSize: "11px" },
      x: { label: `${t("breakdown.bytes")} (${u.unit})`, domain: [0, xMax / u.div], grid: true, ticks: 6 },
      y: { label: null },
      color: { domain: [...MEM_KINDS], range: MEM_KINDS.map((k) => MEM_COLORS[k]) },
      marks: [
        Plot.barX(rows, {
          x: (r: (typeof rows)[number]) => r.bytes / u.div,
          y: "y",
          fill: "kind",
          title: (r: (typeof rows)[number]) => `${r.label}: ${fmtBytes(r.bytes)}`,
          tip: true,
        }),
        ...caps.map((c) =>
          Plot.ruleX([c.cap / u.div], { stroke: c.color, strokeWidth: 2, strokeDasharray: "5,3" }),
        ),
        ...caps.map((c, i) =>
          Plot.text([c], {
            x: () => c.cap / u.div,
            frameAnchor: "top",
            dy: -14 * (caps.length - i),
            text: () => t("breakdown.capacity", { device: c.name, cap: fmtBytes(c.cap) }),
            textAnchor: "end",
            fill: c.color,
          }),
        ),
        Plot.ruleX([0]),
      ],
    }),
  );
  svg.setAttribute("aria-label", t("breakdown.memory"));
  return {
    svg,
    legend: MEM_KINDS.map((k) => ({
      label: t(k === "kvCache" ? "mem.kvCache" : `bytes.${k}`),
      color: MEM_COLORS[k],
      shape: "square" as const,
    })),
  };
}
