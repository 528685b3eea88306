/** The accuracy chart: the library's calibrated estimate against published measurements. */
import * as Plot from "@observablehq/plot";
import { fmtNumber as fmtNumberSig, fmtPercent } from "../format.js";
import { hasKey, type T } from "../i18n/index.js";
import type { AccuracyRow } from "../workers/validation-worker.js";
import { asSvg, type BuiltChart, DEVICE_COLORS_ALL } from "./common.js";

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
      ...classes.map((c, i) => {
        const k = `devclass.${c}`;
        return { label: hasKey(k) ? t(k) : c, color: colors[i] ?? "#333", shape: "circle" as const };
      }),
      ...(["pp512", "tg128", "other"] as const)
        .filter((k) => rows.some((r) => r.test === k))
        .map((k) => ({
          label: t(`accuracy.test.${k}`),
          color: "#666",
          shape:
            k === "pp512" ? ("circle" as const) : k === "tg128" ? ("triangle" as const) : ("square" as const),
        })),
    ],
  };
}

/** Device classes by colour (each ≥ 3:1 against white); tests by shape. */
const CLASS_COLORS = DEVICE_COLORS_ALL;
