/**
 * The roofline chart: each op of both passes on its device's roofs, and the whole-model
 * points. Roof names sit in the right margin, spread apart so that none overlaps another;
 * each roof's peak and ridge are in the legend. Op kinds differ by colour and shape,
 * prefill points are filled, decode points hollow; every point can be reached with the
 * keyboard (interact.ts) and is linked to its row in the per-op table.
 */
import * as Plot from "@observablehq/plot";
import { type Analysis, type DeviceSpec, isPlottableOp, OP_KINDS } from "../../../src/core/index.js";
import { fmtBytes, fmtFlops, fmtGBps, fmtIntensity, fmtTime } from "../format.js";
import type { T } from "../i18n/index.js";
import { asSvg, type BuiltChart, KIND_COLORS, KIND_SYMBOLS, type LegendItem } from "./common.js";
import { type PointEvents, wirePoints } from "./interact.js";
import {
  deviceRoofLines,
  type LabelBox,
  type OpPoint,
  opPoints,
  placeLabels,
  type RooflineDomain,
  spreadLabels,
} from "./roofline-geometry.js";

export { deviceRoofLines, opKey, rooflineDomain } from "./roofline-geometry.js";

const LABEL_FONT_PX = 11;
const LABEL_H = LABEL_FONT_PX + 3;
let measureCtx: CanvasRenderingContext2D | null = null;
/** The width of a bold label as the chart draws it (canvas text metrics: no layout). */
function labelWidth(text: string): number {
  measureCtx ??= document.createElement("canvas").getContext("2d");
  if (!measureCtx) return text.length * LABEL_FONT_PX * 0.62;
  measureCtx.font = `bold ${LABEL_FONT_PX}px system-ui, sans-serif`;
  return measureCtx.measureText(text).width;
}

export function rooflineChart(
  a: Analysis,
  d: DeviceSpec,
  domain: RooflineDomain,
  width: number,
  t: T,
  events: PointEvents,
): BuiltChart {
  const bw = d.bandwidthGBps.value * 1e9;
  const [x0, x1] = domain.x;
  const roofs = deviceRoofLines(d, t);
  const topRidge = Math.max(...roofs.map((r) => r.ridge), x0);
  const memoryLine = [
    { x: x0, y: x0 * bw },
    { x: Math.min(topRidge, x1), y: Math.min(topRidge, x1) * bw },
  ];
  const points = opPoints(a, t);
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
  // Roof names go in the right margin: as wide as the longest (about 0.62 em per character).
  const longest = Math.max(0, ...roofs.map((r) => r.names.length));
  const margin = {
    left: 62,
    right: Math.max(16, Math.ceil(longest * LABEL_FONT_PX * 0.62) + 10),
    top: 20,
    bottom: 40,
  };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const pxPerDecadeX = plotW / Math.log10(x1 / x0);
  const pxPerDecadeY = plotH / Math.log10(domain.y[1] / domain.y[0]);
  const slopeAngle = (-Math.atan2(pxPerDecadeY, pxPerDecadeX) * 180) / Math.PI;
  const startX = Math.max(x0, domain.y[0] / bw);
  // The memory roof's label runs along it, between the decode region (I ≈ 1) and the lowest ridge.
  const lowRidge = Math.min(...roofs.map((r) => r.ridge), topRidge);
  const labelX = startX * (Math.min(lowRidge, x1) / startX) ** 0.7;
  const memoryLabelAt = { x: labelX, y: labelX * bw };
  const yPx = (v: number) => margin.top + Math.log10(domain.y[1] / v) * pxPerDecadeY;
  const spread = spreadLabels(
    roofs.map((r) => yPx(r.peak)),
    LABEL_FONT_PX + 2,
    margin.top,
    height - margin.bottom,
  );
  const roofLabels = roofs.map((roof, i) => ({ roof, dy: (spread[i] ?? 0) - yPx(roof.peak) }));
  // Labels placed before drawing, from their measured sizes: the roof names and the memory
  // label are fixed; each whole-model label goes under its star, else above it, else is left out.
  const xPx = (v: number) => margin.left + Math.log10(v / x0) * pxPerDecadeX;
  const memoryText = `${t("roofline.memoryRoof")} ${fmtGBps(d.bandwidthGBps.value)}`;
  const fixed: LabelBox[] = [
    ...roofs.map((r, i) => {
      const w = labelWidth(r.names);
      return { cx: xPx(x1) + 5 + w / 2, cy: spread[i] ?? 0, w, h: LABEL_H, angle: 0 };
    }),
    {
      cx: xPx(memoryLabelAt.x),
      cy: yPx(memoryLabelAt.y) - 8,
      w: labelWidth(memoryText),
      h: LABEL_H,
      angle: slopeAngle,
    },
  ];
  const wholeAt = placeLabels(
    fixed,
    whole.map((w) =>
      [19, -19].map((dy) => ({
        cx: xPx(w.x),
        cy: yPx(w.y) + dy,
        w: labelWidth(w.label),
        h: LABEL_H,
        angle: 0,
      })),
    ),
  );
  const prefill = points.filter((p) => p.phase === "prefill");
  const decode = points.filter((p) => p.phase === "decode");
  const kindsShown = OP_KINDS.filter((k) => points.some((p) => p.kind === k));
  const tagged: { el: Element; point: OpPoint }[] = [];
  // Plot binds each dot to its index in the data: keep the element of each point.
  const tag =
    (data: readonly OpPoint[]) =>
    (
      index: number[],
      scales: Plot.ScaleFunctions,
      values: Plot.ChannelValues,
      dims: Plot.Dimensions,
      ctx: Plot.Context,
      next?: Plot.RenderFunction,
    ): SVGElement | null => {
      const g = next?.(index, scales, values, dims, ctx) ?? null;
      g?.querySelectorAll(":scope > *").forEach((el, j) => {
        const p = data[index[j] ?? -1];
        if (p) tagged.push({ el, point: p });
      });
      return g;
    };
  const dot = (data: readonly OpPoint[], hollow: boolean) =>
    Plot.dot(data, {
      x: "x",
      y: "y",
      r: "r",
      symbol: "kind",
      ...(hollow
        ? { fill: "white", stroke: "kind", strokeWidth: 1.6 }
        : { fill: "kind", stroke: "white", strokeWidth: 0.7 }),
      title: "title",
      tip: true,
      render: tag(data),
    });
  const svg = asSvg(
    Plot.plot({
      width,
      height,
      marginLeft: margin.left,
      marginRight: margin.right,
      marginTop: margin.top,
      marginBottom: margin.bottom,
      style: { fontSize: `${LABEL_FONT_PX}px` },
      x: { type: "log", domain: domain.x, label: t("roofline.x"), tickFormat: "~s", grid: true },
      y: { type: "log", domain: domain.y, label: t("roofline.y"), tickFormat: "~s", grid: true },
      color: { domain: [...OP_KINDS], range: OP_KINDS.map((k) => KIND_COLORS[k]) },
      symbol: { domain: [...OP_KINDS], range: OP_KINDS.map((k) => KIND_SYMBOLS[k]) },
      r: { domain: [0, maxR], range: [3, 13] },
      marks: [
        Plot.line(memoryLine, { x: "x", y: "y", stroke: "#333", strokeWidth: 2 }),
        ...roofs.map((r) =>
          Plot.line(
            [
              { x: r.ridge, y: r.peak },
              { x: x1, y: r.peak },
            ],
            { x: "x", y: "y", stroke: "#333", strokeWidth: 2, strokeDasharray: r.dash },
          ),
        ),
        Plot.text([memoryLabelAt], {
          x: "x",
          y: "y",
          text: () => memoryText,
          textAnchor: "middle",
          dy: -8,
          rotate: slopeAngle,
          fill: "#222",
          fontWeight: "bold",
          className: "rl-label",
        }),
        Plot.dot(roofs, { x: "ridge", y: "peak", r: 4, fill: "white", stroke: "#222", strokeWidth: 2 }),
        dot(prefill, false),
        dot(decode, true),
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
            text: "names",
            textAnchor: "start",
            lineAnchor: "middle",
            dx: 5,
            dy,
            fill: "#222",
            fontWeight: "bold",
            className: "rl-label",
          }),
        ),
        // Whole-model labels go under their stars (the roofs and their labels are above), or over them.
        ...whole.flatMap((w, i) => {
          const at = wholeAt[i];
          return at === null || at === undefined
            ? []
            : [
                Plot.text([w], {
                  x: "x",
                  y: "y",
                  text: "label",
                  dy: at === 0 ? 19 : -19,
                  textAnchor: "middle",
                  fontWeight: "bold",
                  fill: "#111",
                  stroke: "white",
                  strokeWidth: 3,
                  paintOrder: "stroke",
                  className: "rl-label",
                }),
              ];
        }),
      ],
    }),
  );
  svg.setAttribute("aria-label", t("roofline.aria", { device: d.name }));
  svg.classList.add("roofline");
  wirePoints(svg, tagged, events, t);
  const legend: LegendItem[] = [
    ...kindsShown.map((k) => ({ label: t(`kind.${k}`), color: KIND_COLORS[k], shape: KIND_SYMBOLS[k] })),
    ...(a.prefill ? [{ label: t("roofline.prefillFilled"), color: "#555", shape: "circle" as const }] : []),
    ...(a.decode ? [{ label: t("roofline.decodeHollow"), color: "#555", shape: "ring" as const }] : []),
    { label: t("roofline.wholeModel"), color: "#111", shape: "star" },
    { label: `${t("roofline.memoryRoof")} ${fmtGBps(d.bandwidthGBps.value)}`, color: "#333", shape: "line" },
    ...roofs.map((r) => ({ label: r.label, color: "#333", shape: "line" as const, dash: r.dash })),
  ];
  return { svg, legend };
}
