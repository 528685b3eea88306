/** The roofline chart: each op of both passes on its device's roofs, and the whole-model points. */
import * as Plot from "@observablehq/plot";
import {
  type Analysis,
  type DeviceSpec,
  isPlottableOp,
  layerCount,
  OP_KINDS,
  type OpKind,
  PEAK_KEYS,
} from "../../../src/core/index.js";
import { fmtBytes, fmtFlopRate, fmtFlops, fmtIntensity, fmtTime } from "../format.js";
import type { T } from "../i18n/index.js";
import { asSvg, type BuiltChart, KIND_COLORS, type LegendItem } from "./common.js";

const PRECISION_DASH: Readonly<Record<string, string>> = {
  fp32: "none",
  fp16: "none",
  bf16: "6,3",
  fp8: "2,3",
  int8: "8,3,2,3",
  int4: "1,2",
};

interface OpPoint {
  readonly x: number;
  readonly y: number;
  readonly r: number;
  readonly kind: OpKind;
  readonly phase: "prefill" | "decode";
  readonly title: string;
}

/** Domains shared by the roofline panels of compared devices, so that they read side by side. */
export interface RooflineDomain {
  readonly x: [number, number];
  readonly y: [number, number];
}

function opPoints(a: Analysis, t: T): { points: OpPoint[]; hidden: number } {
  const points: OpPoint[] = [];
  let hidden = 0;
  for (const p of [a.prefill, a.decode]) {
    if (!p) continue;
    const layers = layerCount(p);
    const add = (o: (typeof p.layerOps)[number], times: number) => {
      if (!isPlottableOp(o)) {
        hidden++;
        return;
      }
      points.push({
        x: o.intensity,
        y: o.flops / o.timeEstimateS,
        r: o.timeEstimateS * times,
        kind: o.kind,
        phase: p.phase,
        title: [
          `${o.name} (${t(`kind.${o.kind}`)}) · ${t(`phase.${p.phase}`)}${times > 1 ? ` · ×${times}` : ""}`,
          o.shape,
          `FLOPs ${fmtFlops(o.flops)} · ${t("table.col.bytes")} ${fmtBytes(o.bytesTotal)}`,
          `I = ${fmtIntensity(o.intensity)} FLOP/B · ${t(`bound.${o.bound}`)} · ${t(`class.${o.boundClass}`)}`,
          `${t("table.col.tEst")} ${fmtTime(o.timeEstimateS)} · ${t("table.col.tBound")} ${fmtTime(o.timeBoundS)}`,
        ].join("\n"),
      });
    };
    for (const o of p.layerOps) add(o, layers);
    for (const o of p.modelOps) add(o, 1);
  }
  return { points, hidden };
}

interface Roof {
  readonly label: string;
  readonly peak: number;
  readonly ridge: number;
  readonly dash: string;
}

/** The listed peaks of a device (not fallbacks), equal peaks merged into one roof. */
export function deviceRoofLines(d: DeviceSpec): Roof[] {
  const bw = d.bandwidthGBps.value * 1e9;
  const roofs: { names: string[]; peak: number }[] = [];
  for (const p of PEAK_KEYS) {
    const v = d.peakTflops[p];
    if (!v) continue;
    const peak = v.value * 1e12;
    const same = roofs.find((r) => Math.abs(r.peak - peak) / peak < 1e-9);
    if (same) same.names.push(p);
    else roofs.push({ names: [p], peak });
  }
  return roofs.map((r) => ({
    label: `${r.names.join(" = ")} ${fmtFlopRate(r.peak).replace("FLOP/s", r.names.every((n) => n.startsWith("int")) ? "OP/s" : "FLOP/s")}`,
    peak: r.peak,
    ridge: r.peak / bw,
    dash: PRECISION_DASH[r.names[0] ?? "fp32"] ?? "none",
  }));
}

export function rooflineDomain(items: readonly { analysis: Analysis; device: DeviceSpec }[]): RooflineDomain {
  let xMin = 0.1,
    xMax = 10,
    yMin = Infinity,
    yMax = 0;
  for (const { analysis: a, device: d } of items) {
    for (const r of deviceRoofLines(d)) {
      xMax = Math.max(xMax, r.ridge * 4);
      yMax = Math.max(yMax, r.peak * 2);
    }
    for (const p of [a.prefill, a.decode]) {
      if (!p) continue;
      for (const o of [...p.layerOps, ...p.modelOps, p.totals]) {
        if (!isPlottableOp(o)) continue;
        xMin = Math.min(xMin, o.intensity / 2);
        xMax = Math.max(xMax, o.intensity * 2);
        yMin = Math.min(yMin, o.flops / o.timeEstimateS / 3);
      }
    }
    yMin = Math.min(yMin, xMin * d.bandwidthGBps.value * 1e9);
  }
  if (!Number.isFinite(yMin) || yMin <= 0) yMin = 1e9;
  if (yMax <= 0) yMax = 1e15;
  return { x: [xMin, xMax], y: [yMin, yMax] };
}

export function rooflineChart(
  a: Analysis,
  d: DeviceSpec,
  domain: RooflineDomain,
  width: number,
  t: T,
): BuiltChart & { hidden: number } {
  const bw = d.bandwidthGBps.value * 1e9;
  const [x0, x1] = domain.x;
  const roofs = deviceRoofLines(d);
  const topRidge = Math.max(...roofs.map((r) => r.ridge), x0);
  const memoryLine = [
    { x: x0, y: x0 * bw },
    { x: Math.min(topRidge, x1), y: Math.min(topRidge, x1) * bw },
  ];
  const roofLines = roofs.flatMap((r, i) => [
    { i, x: r.ridge, y: r.peak },
    { i, x: x1, y: r.peak },
  ]);
  const { points, hidden } = opPoints(a, t);
  const whole = [a.prefill, a.decode].flatMap((p) =>
    p && isPlottableOp(p.totals)
      ? [
          {
            x: p.totals.intensity,
            y: p.totals.flops / p.totals.timeEstimateS,
            label: t("roofline.model", { phase: t(`phase.${p.phase}`) }),
            title: [
              t("roofline.model", { phase: t(`phase.${p.phase}`) }),
              `I = ${fmtIntensity(p.totals.intensity)} FLOP/B · ${t(`class.${p.boundClass}`)}`,
              `FLOPs ${fmtFlops(p.totals.flops)} · ${t("table.col.bytes")} ${fmtBytes(p.totals.bytesTotal)}`,
              `${t("table.col.tEst")} ${fmtTime(p.totals.timeEstimateS)} · ${t("table.col.tBound")} ${fmtTime(p.totals.timeBoundS)}`,
            ].join("\n"),
          },
        ]
      : [],
  );
  const maxR = Math.max(...points.map((p) => p.r), 1e-12);
  const height = Math.round(Math.min(440, Math.max(300, width * 0.62)));
  // The memory roof's label runs along it: its angle on screen follows from the decades per pixel.
  // Roof labels stack at the right end, above their roofs: room for them at the top.
  const margin = { left: 62, right: 16, top: 20 + 13 * Math.max(0, roofs.length - 1), bottom: 40 };
  const pxPerDecadeX = (width - margin.left - margin.right) / Math.log10(x1 / x0);
  const pxPerDecadeY = (height - margin.top - margin.bottom) / Math.log10(domain.y[1] / domain.y[0]);
  const slopeAngle = (-Math.atan2(pxPerDecadeY, pxPerDecadeX) * 180) / Math.PI;
  const startX = Math.max(x0, domain.y[0] / bw);
  // The memory label sits between the decode region (I ≈ 1) and the lowest ridge.
  const lowRidge = Math.min(...roofs.map((r) => r.ridge), topRidge);
  const labelX = startX * (Math.min(lowRidge, x1) / startX) ** 0.7;
  const memoryLabelAt = { x: labelX, y: labelX * bw };
  // Each roof's label ends at the right edge, just above its line; labels of close roofs
  // are pushed up so that they do not overlap (lowest roof first).
  const yPx = (v: number) => margin.top + Math.log10(domain.y[1] / v) * pxPerDecadeY;
  const roofLabels: { roof: Roof; dy: number }[] = [];
  let above = Infinity;
  for (const roof of [...roofs].sort((a, b) => a.peak - b.peak)) {
    const natural = yPx(roof.peak) - 3;
    const y = Math.min(natural, above - 13);
    roofLabels.push({ roof, dy: y - yPx(roof.peak) });
    above = y;
  }
  const kindsShown = OP_KINDS.filter((k) => points.some((p) => p.kind === k));
  const svg = asSvg(
    Plot.plot({
      width,
      height,
      marginLeft: margin.left,
      marginRight: margin.right,
      marginTop: margin.top,
      marginBottom: margin.bottom,
      style: { fontSize: "11px" },
      x: { type: "log", domain: domain.x, label: t("roofline.x"), tickFormat: "~s", grid: true },
      y: { type: "log", domain: domain.y, label: t("roofline.y"), tickFormat: "~s", grid: true },
      color: { domain: [...OP_KINDS], range: OP_KINDS.map((k) => KIND_COLORS[k]) },
      symbol: { domain: ["prefill", "decode"], range: ["circle", "triangle"] },
      r: { domain: [0, maxR], range: [2.5, 13] },
      marks: [
        Plot.line(memoryLine, { x: "x", y: "y", stroke: "#333", strokeWidth: 2 }),
        ...roofs.map((r, i) =>
          Plot.line(
            roofLines.filter((p) => p.i === i),
            { x: "x", y: "y", stroke: "#333", strokeWidth: 2, strokeDasharray: r.dash },
          ),
        ),
        // A roof's label starts at its ridge, or ends at the right edge when it would not fit there.
        Plot.text([memoryLabelAt], {
          x: "x",
          y: "y",
          text: () => `${t("roofline.memoryRoof")} ${d.bandwidthGBps.value} GB/s`,
          textAnchor: "middle",
          dy: -8,
          rotate: slopeAngle,
          fill: "#222",
          fontWeight: "bold",
        }),
        Plot.dot(roofs, { x: "ridge", y: "peak", r: 4, fill: "white", stroke: "#222", strokeWidth: 2 }),
        Plot.text(roofs.length > 1 ? [] : roofs, {
          x: "ridge",
          y: "peak",
          text: (r: Roof) => t("roofline.ridge", { i: fmtIntensity(r.ridge) }),
          dy: 13,
          dx: 5,
          textAnchor: "start",
          fill: "#333",
          stroke: "white",
          strokeWidth: 3,
          paintOrder: "stroke",
        }),

        Plot.dot(points, {
          x: "x",
          y: "y",
          r: "r",
          fill: "kind",
          symbol: "phase",
          stroke: "white",
          strokeWidth: 0.7,
          fillOpacity: 0.85,
          title: "title",
          tip: true,
        }),
        // Whole-model stars are outlined, so that the ops under them stay visible.
        Plot.dot(whole, {
          x: "x",
          y: "y",
          symbol: "star",
          r: 10,
          fill: "none",
          stroke: "#111",
          strokeWidth: 2,
          title: "title",
          tip: true,
        }),
        ...roofLabels.map(({ roof, dy }) =>
          Plot.text([roof], {
            x: () => x1,
            y: "peak",
            // With several roofs the ridges crowd: each ridge goes into its roof's label.
            text: (r: Roof) =>
              roofs.length > 1
                ? `${r.label} · ${t("roofline.ridge", { i: fmtIntensity(r.ridge) })}`
                : r.label,
            textAnchor: "end",
            lineAnchor: "bottom",
            dy,
            fill: "#222",
            fontWeight: "bold",
            stroke: "white",
            strokeWidth: 3,
            paintOrder: "stroke",
          }),
        ),
        // Whole-model labels go under their stars (the roofs and their labels are above).
        Plot.text(whole, {
          x: "x",
          y: "y",
          text: "label",
          dy: 19,
          textAnchor: "middle",
          fontWeight: "bold",
          fill: "#111",
          stroke: "white",
          strokeWidth: 3,
          paintOrder: "stroke",
        }),
      ],
    }),
  );
  svg.setAttribute("aria-label", t("roofline.aria", { device: d.name }));
  const legend: LegendItem[] = [
    ...kindsShown.map((k) => ({ label: t(`kind.${k}`), color: KIND_COLORS[k] })),
    ...(a.prefill ? [{ label: t("phase.prefill"), color: "#666", shape: "circle" as const }] : []),
    ...(a.decode ? [{ label: t("phase.decode"), color: "#666", shape: "triangle" as const }] : []),
    { label: t("roofline.wholeModel"), color: "#111", shape: "star" },
  ];
  return { svg, legend, hidden };
}
