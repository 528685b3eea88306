/**
 * The charts, drawn with Observable Plot (a grammar of graphics over d3: log scales,
 * symbols, tips, and SVG output we can export as is). Each builder returns an SVG
 * element and the legend it needs; the legend is drawn by the app (HTML on screen, SVG
 * in exports) so that it is readable, translatable and part of the downloaded file.
 */
import * as Plot from "@observablehq/plot";
import { OP_KINDS, PEAK_KEYS, type Analysis, type DeviceSpec, type OpKind, type Timeline } from "../../src/core/index.js";
import { timeByKind, layerCount } from "./compute.js";
import { fmtBytes, fmtFlopRate, fmtFlops, fmtIntensity, fmtNumber as fmtNumberSig, fmtPercent, fmtTime } from "./format.js";
import type { T } from "./i18n.js";
import type { AccuracyRow } from "./validation-worker.js";
import { GiB } from "../../src/core/index.js";

export interface LegendItem {
  readonly label: string;
  readonly color: string;
  readonly shape?: "circle" | "triangle" | "star" | "line" | "square";
}

export interface BuiltChart {
  readonly svg: SVGSVGElement;
  readonly legend: readonly LegendItem[];
}

/** One colour per op kind, fixed so that a kind keeps its colour across changes. */
export const KIND_COLORS: Readonly<Record<OpKind, string>> = {
  embedding: "#8c6d31",
  norm: "#9467bd",
  gemm: "#1f77b4",
  rope: "#17becf",
  qk_norm: "#c5b0d5",
  attn_scores: "#d62728",
  softmax: "#ff7f0e",
  attn_values: "#e377c2",
  attn_fused: "#b5179e",
  activation: "#2ca02c",
  residual: "#7f7f7f",
  moe_router: "#bcbd22",
  moe_combine: "#637939",
};

export const BYTE_COLORS = { weights: "#1f77b4", activations: "#2ca02c", kvRead: "#d62728", kvWrite: "#ff7f0e" } as const;
export const DEVICE_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf"] as const;
const PRECISION_DASH: Readonly<Record<string, string>> = { fp32: "none", fp16: "none", bf16: "6,3", fp8: "2,3", int8: "8,3,2,3", int4: "1,2" };

function asSvg(el: SVGSVGElement | HTMLElement): SVGSVGElement {
  if (el instanceof SVGSVGElement) return el;
  const s = el.querySelector("svg");
  if (!s) throw new Error("Plot returned no SVG");
  return s;
}

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
      if (o.flops <= 0 || o.intensity === null || !(o.intensity > 0) || !(o.timeEstimateS > 0)) {
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
  let xMin = 0.1, xMax = 10, yMin = Infinity, yMax = 0;
  for (const { analysis: a, device: d } of items) {
    for (const r of deviceRoofLines(d)) {
      xMax = Math.max(xMax, r.ridge * 4);
      yMax = Math.max(yMax, r.peak * 2);
    }
    for (const p of [a.prefill, a.decode]) {
      if (!p) continue;
      for (const o of [...p.layerOps, ...p.modelOps, p.totals]) {
        if (o.flops <= 0 || o.intensity === null || !(o.intensity > 0) || !(o.timeEstimateS > 0)) continue;
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

export function rooflineChart(a: Analysis, d: DeviceSpec, domain: RooflineDomain, width: number, t: T): BuiltChart & { hidden: number } {
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
    p && p.totals.intensity !== null && p.totals.intensity > 0 && p.totals.timeEstimateS > 0
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
  const labelX = startX * Math.pow(Math.min(lowRidge, x1) / startX, 0.7);
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
        ...roofs.map((r, i) => Plot.line(roofLines.filter((p) => p.i === i), { x: "x", y: "y", stroke: "#333", strokeWidth: 2, strokeDasharray: r.dash })),
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
        Plot.dot(whole, { x: "x", y: "y", symbol: "star", r: 10, fill: "none", stroke: "#111", strokeWidth: 2, title: "title", tip: true }),
        ...roofLabels.map(({ roof, dy }) =>
          Plot.text([roof], {
            x: () => x1,
            y: "peak",
            // With several roofs the ridges crowd: each ridge goes into its roof's label.
            text: (r: Roof) => (roofs.length > 1 ? `${r.label} · ${t("roofline.ridge", { i: fmtIntensity(r.ridge) })}` : r.label),
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
        Plot.text(whole, { x: "x", y: "y", text: "label", dy: 19, textAnchor: "middle", fontWeight: "bold", fill: "#111", stroke: "white", strokeWidth: 3, paintOrder: "stroke" }),
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

export function timeByKindChart(a: Analysis, width: number, t: T): BuiltChart {
  const rows = [a.prefill, a.decode].flatMap((p) =>
    p ? timeByKind(p).map((r) => ({ ...r, phase: t(`phase.${p.phase}`), kindLabel: t(`kind.${r.kind as OpKind}`), share: r.timeEstimateS / p.totals.timeEstimateS })) : [],
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
          title: (r: (typeof rows)[number]) => `${r.kindLabel} · ${r.phase}\n${fmtTime(r.timeEstimateS)} (${fmtPercent(r.share)})`,
          tip: true,
        }),
        Plot.text(rows, { x: "share", y: "kindLabel", fy: "phase", text: (r: (typeof rows)[number]) => fmtTime(r.timeEstimateS), dx: 4, textAnchor: "start", fill: "#333" }),
        Plot.ruleX([0]),
      ],
    }),
  );
  svg.setAttribute("aria-label", t("breakdown.timeByKind"));
  return { svg, legend: kinds.map((k) => ({ label: t(`kind.${k}`), color: KIND_COLORS[k], shape: "square" as const })) };
}

const BYTE_KINDS = ["weights", "activations", "kvRead", "kvWrite"] as const;

export function bytesChart(a: Analysis, width: number, t: T): BuiltChart {
  const rows = [a.prefill, a.decode].flatMap((p) =>
    p ? BYTE_KINDS.map((k) => ({ phase: t(`phase.${p.phase}`), kind: k, label: t(`bytes.${k}`), bytes: p.totals.bytes[k] })) : [],
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
  return { svg, legend: BYTE_KINDS.map((k) => ({ label: t(`bytes.${k}`), color: BYTE_COLORS[k], shape: "square" as const })) };
}

const MEM_KINDS = ["weights", "kvCache", "activations"] as const;
const MEM_COLORS = { weights: BYTE_COLORS.weights, kvCache: BYTE_COLORS.kvRead, activations: BYTE_COLORS.activations } as const;

export function memoryChart(a: Analysis, devices: readonly DeviceSpec[], width: number, t: T): BuiltChart {
  const m = a.memory;
  const parts = { weights: m.weightsBytes, kvCache: m.kvCacheBytes, activations: m.activationsBytes };
  const label = t("breakdown.footprint");
  const rows = MEM_KINDS.map((k) => ({ y: label, kind: k, bytes: parts[k], label: t(k === "kvCache" ? "mem.kvCache" : `bytes.${k}`) }));
  const caps = devices.flatMap((d, i) => (d.memoryGiB ? [{ cap: d.memoryGiB.value * GiB, name: d.name, color: DEVICE_COLORS[i % DEVICE_COLORS.length] ?? "#333" }] : []));
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
        Plot.barX(rows, { x: (r: (typeof rows)[number]) => r.bytes / u.div, y: "y", fill: "kind", title: (r: (typeof rows)[number]) => `${r.label}: ${fmtBytes(r.bytes)}`, tip: true }),
        ...caps.map((c) => Plot.ruleX([c.cap / u.div], { stroke: c.color, strokeWidth: 2, strokeDasharray: "5,3" })),
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
  return { svg, legend: MEM_KINDS.map((k) => ({ label: t(k === "kvCache" ? "mem.kvCache" : `bytes.${k}`), color: MEM_COLORS[k], shape: "square" as const })) };
}

export type TimelineMetric = "latency" | "kv" | "attn";

/** At most this many points per line: a long generation is thinned for drawing (not for its totals). */
const MAX_LINE_POINTS = 400;

export function timelineChart(items: readonly { timeline: Timeline; device: DeviceSpec }[], metric: TimelineMetric, width: number, t: T): BuiltChart {
  const rows: { token: number; value: number; device: string }[] = [];
  // KV size and attention's share of FLOPs do not depend on the device: one line for all.
  const shown = metric === "latency" ? items : items.slice(0, 1);
  for (const { timeline: tl, device } of shown) {
    const steps = tl.steps;
    // Step 1 is the prefill (time to first token): drawn only for KV size, where it is the start.
    const from = metric === "kv" ? 0 : Math.min(1, steps.length - 1);
    const n = steps.length - from;
    const stride = Math.max(1, Math.ceil(n / MAX_LINE_POINTS));
    for (let i = from; i < steps.length; i += stride) {
      const s = steps[i]!;
      rows.push({ token: s.token, value: metric === "latency" ? s.latencyEstimateS : metric === "kv" ? s.kvCacheBytes : s.attentionShareFlops, device: device.name });
    }
    const last = steps[steps.length - 1];
    if (last && rows[rows.length - 1]?.token !== last.token && steps.length - 1 >= from) {
      rows.push({ token: last.token, value: metric === "latency" ? last.latencyEstimateS : metric === "kv" ? last.kvCacheBytes : last.attentionShareFlops, device: device.name });
    }
  }
  let unit = "";
  if (metric === "latency") {
    const max = Math.max(...rows.map((r) => r.value), 0);
    const [div, name] = max >= 1 ? [1, "s"] : max >= 1e-3 ? [1e-3, "ms"] : [1e-6, "µs"];
    for (const r of rows) r.value /= div;
    unit = name;
  } else if (metric === "kv") {
    const u = binaryUnit(Math.max(...rows.map((r) => r.value), 0));
    for (const r of rows) r.value /= u.div;
    unit = u.unit;
  }
  const names = shown.map((i) => i.device.name);
  const colors = shown.map((_, i) => DEVICE_COLORS[i % DEVICE_COLORS.length] ?? "#333");
  const fmt = (v: number) => (metric === "attn" ? fmtPercent(v) : `${fmtNumberSig(v)} ${unit}`);
  const single = rows.length <= shown.length;
  const svg = asSvg(
    Plot.plot({
      width,
      height: 200,
      marginLeft: 62,
      marginRight: 20,
      style: { fontSize: "11px" },
      x: { label: t("timeline.token"), grid: true },
      y: { label: metric === "attn" ? null : unit, ...(metric === "attn" ? { tickFormat: "%" } : {}), grid: true, zero: metric !== "latency" || shown.length > 1, ticks: 5 },
      color: { domain: names, range: colors },
      marks: [
        single ? Plot.dot(rows, { x: "token", y: "value", fill: "device", r: 3 }) : Plot.lineY(rows, { x: "token", y: "value", stroke: "device", strokeWidth: 1.8 }),
        Plot.tip(rows, Plot.pointerX({ x: "token", y: "value", title: (r: (typeof rows)[number]) => `${r.device}\n${t("timeline.token")} ${r.token}: ${fmt(r.value)}` })),
      ],
    }),
  );
  svg.setAttribute("aria-label", t(`timeline.${metric}`));
  return { svg, legend: shown.length > 1 ? names.map((n, i) => ({ label: n, color: colors[i] ?? "#333", shape: "line" as const })) : [] };
}

/** The binary unit that suits a maximum, for axes in round numbers of it. */
function binaryUnit(max: number): { unit: string; div: number } {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"] as const;
  let i = 0;
  while (i < units.length - 1 && max >= 1024 ** (i + 1)) i++;
  return { unit: units[i] ?? "B", div: 1024 ** i };
}


/** Predicted (calibrated estimate) against measured tokens/s, log–log, with y = x and ×2 / ÷2 lines. */
export function accuracyChart(rows: readonly AccuracyRow[], width: number, t: T): BuiltChart {
  const vals = rows.flatMap((r) => [r.measured, r.estimate]).filter((v) => v > 0);
  const lo = Math.min(...vals) / 1.5;
  const hi = Math.max(...vals) * 1.5;
  const classes = [...new Set(rows.map((r) => r.deviceClass))].sort();
  const colors = classes.map((_, i) => CLASS_COLORS[i % CLASS_COLORS.length] ?? "#333");
  const diag = (k: number) => [
    { x: lo, y: lo * k },
    { x: hi, y: hi * k },
  ];
  const height = Math.round(Math.min(520, Math.max(300, width * 0.7)));
  const svg = asSvg(
    Plot.plot({
      width,
      height,
      marginLeft: 56,
      marginBottom: 40,
      style: { fontSize: "11px" },
      x: { type: "log", domain: [lo, hi], label: t("accuracy.x"), tickFormat: "~s", grid: true },
      y: { type: "log", domain: [lo, hi], label: t("accuracy.y"), tickFormat: "~s", grid: true },
      color: { domain: classes, range: colors },
      symbol: { domain: ["pp512", "tg128", "other"], range: ["circle", "triangle", "square"] },
      marks: [
        Plot.line(diag(1), { x: "x", y: "y", stroke: "#333", strokeWidth: 1.5 }),
        Plot.line(diag(2), { x: "x", y: "y", stroke: "#999", strokeDasharray: "4,3" }),
        Plot.line(diag(0.5), { x: "x", y: "y", stroke: "#999", strokeDasharray: "4,3" }),
        Plot.dot(rows, {
          x: "measured",
          y: "estimate",
          fill: "deviceClass",
          symbol: "test",
          r: 3.5,
          fillOpacity: 0.8,
          stroke: (r: AccuracyRow) => (r.scored ? "white" : "#111"),
          strokeWidth: 0.6,
          title: (r: AccuracyRow) =>
            `${r.hardware} · ${r.backend}\n${r.model} ${r.quant} · ${r.test}\n${t("accuracy.measured")} ${fmtNumberSig(r.measured)} · ${t("accuracy.estimate")} ${fmtNumberSig(r.estimate)} (${r.estimate >= r.measured ? "+" : ""}${fmtPercent(r.estimate / r.measured - 1)})${r.scored ? "" : `\n${t("accuracy.notScored")}`}`,
          tip: true,
        }),
      ],
    }),
  );
  svg.setAttribute("aria-label", t("accuracy.chartName"));
  return {
    svg,
    legend: [
      ...classes.map((c, i) => ({ label: c, color: colors[i] ?? "#333" })),
      ...(["pp512", "tg128", "other"] as const)
        .filter((k) => rows.some((r) => r.test === k))
        .map((k) => ({ label: k, color: "#666", shape: k === "pp512" ? ("circle" as const) : k === "tg128" ? ("triangle" as const) : ("square" as const) })),
    ],
  };
}

const CLASS_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"] as const;
